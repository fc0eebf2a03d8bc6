import Foundation
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

    /// Keys trim punctuation as Foundation's `punctuationCharacters` does, which they were made with before.
    @Test func keysTrimPunctuationAsFoundationDoes() {
        let samples =
            Thesaurus.policy.groups.flatMap { $0 } + [
                "", "  ", "...", "(EO)", "«Homeland»", "“AI”", "¿qué?", "U.S.", "-x-", "a_b_", "x — y", "#hash",
                "$100", "@office", "+plus+", "e\u{301}!", "!\u{1F600}!", "Dept.\u{00A0}of State", "[sec. 4(b)]",
            ]
        for sample in samples {
            let foundation = sample.lowercased().split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
                .trimmingCharacters(in: .punctuationCharacters)
            #expect(Thesaurus.key(sample) == foundation, "\(sample)")
        }
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

struct PhraseBoostTests {
    typealias E = SearchQuery.Expression

    @Test(arguments: [
        ("climate change", E.any([.all([.term("climate"), .term("change")]), .phrase("climate change")])),
        (
            "climate change -draft",
            E.any([
                .all([.term("climate"), .term("change"), .excluding(.term("draft"))]),
                .all([.phrase("climate change"), .excluding(.term("draft"))]),
            ])
        ),
        ("climate", E.term("climate")),
        (#"climate "sea level""#, E.all([.term("climate"), .phrase("sea level")])),
    ])
    func wordsTypedTogetherAlsoMatchAsAPhrase(text: String, expected: E) throws {
        #expect(try SearchQuery(parsing: text).boostingPhrases().expression == expected)
    }

    @Test func theBoostKeepsTheSetOfHits() throws {
        let index = try SearchIndex(ranking: RankingOptions(boostsPhrases: true))
        try index.add(FixtureIndex.documents)
        let plain = try FixtureIndex.make()
        for query in ["artificial intelligence", "shall protect", "agencies models -draft"] {
            #expect(Set(try index.search(query).map(\.id)) == Set(try plain.search(query).map(\.id)), "\(query)")
        }
    }
}
