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
