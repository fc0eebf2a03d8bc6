import Testing

@testable import PolicySearch

struct QueryParserTests {
    typealias E = SearchQuery.Expression

    @Test(arguments: [
        ("artificial intelligence", E.all([.term("artificial"), .term("intelligence")])),
        (#""exact phrase""#, E.phrase("exact phrase")),
        ("“curly phrase”", E.phrase("curly phrase")),
        ("a OR b", E.any([.term("a"), .term("b")])),
        ("a -b", E.all([.term("a"), .excluding(.term("b"))])),
        (#"a -"b c""#, E.all([.term("a"), .excluding(.phrase("b c"))])),
        ("a NOT b", E.all([.term("a"), .excluding(.term("b"))])),
        ("regulat*", E.prefix("regulat")),
        ("title:wetlands", E.field(.title, .term("wetlands"))),
        (#"TITLE:"safe secure""#, E.field(.title, .phrase("safe secure"))),
        ("title:(a OR b) c", E.all([.field(.title, .any([.term("a"), .term("b")])), .term("c")])),
        ("(a OR b) AND c", E.all([.any([.term("a"), .term("b")]), .term("c")])),
        ("a and b or not c", E.all([.term("a"), .term("and"), .term("b"), .term("or"), .term("not"), .term("c")])),
        ("dual-use", E.term("dual-use")),
        ("Sec. 4(b)", E.all([.term("Sec."), .term("4(b)")])),
        ("(Sec. 4(b))", E.all([.term("Sec."), .term("4(b)")])),
        ("O'Neill", E.term("O'Neill")),
        ("§ 1702", E.term("1702")),
        (#""unbalanced quote"#, E.phrase("unbalanced quote")),
        ("((a b", E.all([.term("a"), .term("b")])),
        ("a b))", E.all([.term("a"), .term("b")])),
        ("title:", E.term("title")),
        ("http://example.gov", E.term("http://example.gov")),
        ("a OR -b", E.term("a")),
    ])
    func parsesTheQueryLanguage(text: String, expected: E) throws {
        #expect(try SearchQuery(parsing: text).expression == expected)
    }

    @Test(arguments: [
        ("", "query has nothing to search for (at character 1)"),
        ("   ", "query has nothing to search for (at character 1)"),
        ("AND OR NOT", "query has nothing to search for (at character 1)"),
        ("§ ( ) \" *", "query has nothing to search for (at character 1)"),
        ("-draft", "query only excludes words; add a word to search for (at character 1)"),
    ])
    func queriesWithNothingToSearchGetAOneLineError(text: String, message: String) {
        #expect(throws: QuerySyntaxError.self) { _ = try SearchQuery(parsing: text) }
        do {
            _ = try SearchQuery(parsing: text)
        } catch {
            #expect(error.description == message)
            #expect(!error.description.contains("\n"))
        }
    }

    @Test func compilesEveryWordQuotedForFTS5() throws {
        #expect(
            try SearchQuery(parsing: #"dual-use -"draft text" title:AI*"#).fts5Expression
                == #"(("dual-use" AND {title} : ("AI" *)) NOT "draft text")"#
        )
        #expect(SearchQuery(.phrase(#"he said "hi""#)).fts5Expression == #""he said ""hi""""#)
    }
}

struct QuerySearchTests {
    /// Every odd input from the issue produces hits or a clear message, never a crash or SQLite's text.
    @Test(arguments: [
        ("dual-use", true), ("U.S.C.", true), ("§", false), ("14110", true), (#""Sec. 4(b)""#, true),
        ("O'Neill", true), ("O’Neill", true), ("“artificial intelligence”", true), (#""unbalanced"#, true),
        ("(artificial", true), ("artificial)", true), ("and", true), ("or", true), ("not", true),
        ("AND", false), ("OR", false), ("NOT", false), ("-", false), ("*", false), ("\"\"", false),
        ("title:", true), ("title:wetlands", true), ("regulat*", true), ("artificial -reefs", true),
        ("agencies NOT review", true), ("wetlands OR reefs", true), ("50 U.S.C. 1701", true),
        ("{title}: x", true), ("col:umn", true), ("NEAR(a b)", true), ("a^b", true), ("x' OR '1'='1", true),
    ])
    func oddInputsGetHitsOrAClearMessage(query: String, searchable: Bool) throws {
        let index = try FixtureIndex.make()
        do {
            let results = try index.search(query)
            #expect(searchable, "expected a message for \(query)")
            _ = results
        } catch let error as QuerySyntaxError {
            #expect(!searchable, "unexpected error for \(query): \(error)")
            #expect(!error.description.lowercased().contains("fts5"))
            #expect(!error.description.lowercased().contains("sqlite"))
        }
    }

    @Test(arguments: [
        ("dual-use", ["fixtures/eo-ai.md", "fixtures/article.txt"]),
        (#""dual-use foundation""#, ["fixtures/eo-ai.md"]),
        ("U.S.C. 1701", ["fixtures/eo-ai.md"]),
        ("O'Neill", ["fixtures/eo-ai.md"]),
        ("title:wetlands", ["fixtures/wetlands.txt"]),
        ("artificial -reefs -drainage", ["fixtures/eo-ai.md", "fixtures/article.txt"]),
        ("wetlands OR OMB", ["fixtures/wetlands.txt", "fixtures/budget.txt"]),
        ("marsh*", ["fixtures/wetlands.txt"]),
        ("title:(wetlands OR budget)", ["fixtures/wetlands.txt", "fixtures/budget.txt"]),
    ])
    func findsExactlyTheMatchingDocuments(query: String, sources: [String]) throws {
        let index = try FixtureIndex.make()
        let found = try index.search(query).map(\.document.source)
        #expect(Set(found) == Set(sources))
    }

    @Test func aHandBuiltQueryWithAnUnknownFieldFailsWithoutSQLiteText() throws {
        let index = try FixtureIndex.make()
        let query = SearchQuery(.field(SearchField(rawValue: "nonexistent"), .term("x")))
        #expect { _ = try index.search(query) } throws: { error in
            let text = String(describing: error)
            return !text.contains("no such column") && !text.lowercased().contains("fts5:")
        }
    }
}
