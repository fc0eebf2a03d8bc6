import Testing

@testable import PolicySearch

struct ThesaurusTests {
    typealias E = SearchQuery.Expression

    @Test(arguments: [
        ("AI", E.any([.term("AI"), .phrase("artificial intelligence")])),
        ("artificial intelligence", E.any([.phrase("artificial intelligence"), .term("ai")])),
        ("AI safety", E.all([.any([.term("AI"), .phrase("artificial intelligence")]), .term("safety")])),
        (
            #""Department of Homeland Security" grants"#,
            E.all([.any([.phrase("Department of Homeland Security"), .term("dhs")]), .term("grants")])
        ),
        (
            "-AI wetlands",
            E.all([.term("wetlands"), .excluding(.any([.term("AI"), .phrase("artificial intelligence")]))])
        ),
        ("Sec. 4(b)", E.all([.term("Sec."), .term("4(b)")])),
        ("wetlands", E.term("wetlands")),
        ("regulat*", E.prefix("regulat")),
    ])
    func queriesWidenToEquivalents(text: String, expected: E) throws {
        #expect(try SearchQuery(parsing: text).expanded(with: .policy).expression == expected)
    }

    @Test func userFilesAddGroups() {
        let user = Thesaurus(parsing: "# mine\nNSPM, national security presidential memorandum\n\nlonely\n")
        let merged = Thesaurus.policy.merging(user)
        #expect(merged.equivalents(of: "nspm") == ["national security presidential memorandum"])
        #expect(merged.equivalents(of: "AI") == ["artificial intelligence"])
        #expect(user.groups.count == 1)
    }

    @Test func searchesFindEquivalentsAndHighlightThem() throws {
        let index = try FixtureIndex.make()
        let hits = try index.search("AI")
        #expect(Set(hits.map(\.document.source)) == ["fixtures/eo-ai.md", "fixtures/article.txt"])
        let plain = try SearchIndex(thesaurus: Thesaurus(groups: []))
        try plain.add(FixtureIndex.documents)
        #expect(try plain.search("AI").map(\.document.source) == ["fixtures/article.txt"])
    }
}
