import Testing

@testable import PolicySearch

struct SnippetTests {
    @Test func readsMarkersIntoRanges() {
        let snippet = Snippet(marked: "…the \u{E000}Secretary\u{E001} shall \u{E000}act\u{E001}…")
        #expect(snippet.text == "…the Secretary shall act…")
        #expect(snippet.highlightedFragments == ["Secretary", "act"])
        #expect(snippet.highlightOffsets == [5..<14, 21..<24])
    }

    @Test func phraseMatchesBecomeOneRange() {
        let snippet = Snippet(marked: "the \u{E000}national\u{E001} \u{E000}emergency\u{E001} act")
        #expect(snippet.highlightedFragments == ["national emergency"])
    }

    @Test func offsetsCountCodePoints() {
        let snippet = Snippet(marked: "Guantánamo “\u{E000}detainees\u{E001}”")
        #expect(snippet.highlightOffsets == [12..<21])
    }

    @Test func searchSnippetsHighlightStemsAndPhrases() throws {
        let index = try FixtureIndex.make()
        let result = try #require(try index.search(#""foundation models" regulators"#).first)
        #expect(result.snippet.highlightedFragments.contains("foundation models"))
        #expect(result.snippet.highlightedFragments.contains("regulators"))
        let stemmed = try #require(try index.search("regulator").first)
        #expect(stemmed.snippet.highlightedFragments.contains("regulators"))
    }
}

struct PassageTests {
    /// A hit's section is the one its snippet starts in, counted in Unicode scalars: here the first section's
    /// accented letters take two bytes each, so a count of bytes would put the snippet in the third section.
    @Test func aSnippetsSectionIsFoundPastTextOfSeveralBytesAScalar() throws {
        let index = try SearchIndex()
        let accented = Array(repeating: "Café résumé élan été.", count: 30).joined(separator: " ")
        let body = """
            Sec. 1. Préambule. \(accented)
            Sec. 2. Harbors. The harbor beacon stays lit.
            Sec. 3. Reporting. \(Array(repeating: "The Secretary shall report yearly.", count: 20).joined(separator: " "))
            """
        try index.add(Document(source: "order", title: "Harbor Lights", body: body))
        let hit = try #require(try index.search(SearchQuery(parsing: "beacon"), options: SearchOptions()).results.first)
        #expect(hit.snippet.highlightedFragments == ["beacon"])
        #expect(hit.section?.label == "Sec. 2. Harbors")
    }

    @Test func passagesAreSentencesWithTheMostMatchedWordsLabelledWithTheirSection() throws {
        let index = try SearchIndex()
        let body = """
            Sec. 1. Purpose. Wetlands matter.
            Sec. 2. Restoration. The Secretary shall restore coastal wetlands and marshes. Unrelated words here.
            Sec. 3. Reporting. The Secretary shall report on marshes.
            """
        try index.add(Document(source: "order", title: "Restoring Wetlands", body: body))
        let page = try index.search(
            SearchQuery(parsing: "wetlands marshes"),
            options: SearchOptions(passages: 2)
        )
        let passages = try #require(page.results.first?.passages)
        #expect(passages.count == 2)
        #expect(passages[0].section?.label == "Sec. 1. Purpose")
        #expect(passages[1].snippet.text == "The Secretary shall restore coastal wetlands and marshes.")
        #expect(passages[1].section?.label == "Sec. 2. Restoration")
        #expect(passages[1].snippet.highlightedFragments == ["wetlands", "marshes"])
        let start = body.unicodeScalars.index(body.startIndex, offsetBy: passages[1].startOffset)
        #expect(body[start...].hasPrefix("The Secretary shall restore"))
        let none = try index.search(SearchQuery(parsing: "wetlands"), options: SearchOptions())
        #expect(none.results.first?.passages.isEmpty == true)
    }

    @Test func longSentencesAreCutAroundTheirMatches() throws {
        let words = (1...80).map { "word\($0)" }.joined(separator: " ")
        let index = try SearchIndex(snippets: SnippetOptions(maximumWords: 10))
        try index.add(Document(source: "long", title: "Long", body: words + " target " + words + "."))
        let passage = try #require(
            try index.search(SearchQuery(parsing: "target"), options: SearchOptions(passages: 1)).results.first?
                .passages
                .first
        )
        #expect(passage.snippet.text.hasPrefix("…"))
        #expect(passage.snippet.text.hasSuffix("…"))
        #expect(passage.snippet.highlightedFragments == ["target"])
        #expect(passage.snippet.text.split(separator: " ").count <= 10)
    }
}
