import CorpusGenerator
import Foundation
import TestSupport
import Testing

@testable import PolicySearch

/// Hits' snippets and passages are marked by one pass of the index's tokenizer over the body (`TextMarker`), not by
/// FTS5's `snippet()` and `highlight()`; both must mark the same words.
struct TextMarkerTests {
    /// For every hit of each query, the body as the marker marks it and as FTS5's `highlight()` does, compared whole;
    /// at least `minimumHits` hits, nine in ten of them with a mark in the body.
    static func expectMarkingsAsFTS5(
        in index: SearchIndex,
        queries: [String],
        corpus: String,
        minimumHits: Int,
        sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        var compared = 0
        var marked = 0
        for query in queries {
            let plan = index.plan(of: try SearchQuery(parsing: query), options: SearchOptions(limit: 40))
            #expect(plan.markedPhrases?.isEmpty == false, "\(query)", sourceLocation: sourceLocation)
            var byFTS5 = plan
            byFTS5.markedPhrases = nil
            for hit in try index.store.search(plan).results {
                let mine = try #require(try index.store.markedBody(of: hit.id, plan: plan))
                let theirs = try #require(try index.store.markedBody(of: hit.id, plan: byFTS5))
                #expect(
                    mine == theirs,
                    "\(query) in \(hit.document.source): \(firstDifference(mine, theirs))",
                    sourceLocation: sourceLocation
                )
                compared += 1
                if mine.unicodeScalars.contains(Snippet.openMarker) { marked += 1 }
            }
        }
        print("\(corpus) marked as FTS5 marks them: \(compared) hits, \(marked) with a mark in the body")
        #expect(compared >= minimumHits, sourceLocation: sourceLocation)
        #expect(marked > compared * 9 / 10, sourceLocation: sourceLocation)
    }

    /// The text around the first scalar where two marked texts differ.
    static func firstDifference(_ one: String, _ other: String) -> String {
        let a = Array(one.unicodeScalars)
        let b = Array(other.unicodeScalars)
        let at = zip(a, b).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? min(a.count, b.count)
        func around(_ scalars: [Unicode.Scalar]) -> String {
            let slice = scalars[max(0, at - 40)..<min(scalars.count, at + 40)]
            return String(String.UnicodeScalarView(slice)).replacingOccurrences(of: "\u{E000}", with: "[")
                .replacingOccurrences(of: "\u{E001}", with: "]")
        }
        return "at \(at): «\(around(a))» against FTS5's «\(around(b))»"
    }

    @Test func marksWhatFTS5MarksInTheSampleAndGeneratedCorpora() throws {
        let folder = try TemporaryFolder()
        try CorpusGenerator(seed: 7, averageSize: 4_000).write(0..<200, to: URL(fileURLWithPath: folder.path))
        let index = try SearchIndex()
        try index.add(contentsOf: [repositoryRoot + "/corpus/documents", folder.path])
        try Self.expectMarkingsAsFTS5(
            in: index,
            queries: [
                "wetlands", "wetlands restoration", "restore", "\"executive order\"", "regulat*", "grid security",
                "cybersecurity", "federal broadband rural", "title:wetlands marshes", "body:drought", "agency -climate",
                "climate OR resilience", "U.S.C.", "90002", "ai-enabled", "(wetlands OR marshes) restoration",
                "records retention", "nuclear muinko",
                // Instances that overlap are marked as one.
                "\"coastal wetlands\" wetlands", "\"grid security\" OR security",
            ],
            corpus: "sample and generated documents",
            minimumHits: 300
        )
    }

    @Test func snippetIsTheWindowWithTheMostDistinctWords() throws {
        let filler = (1...60).map { "filler\($0)" }
        let body =
            (filler[0..<10] + ["wetlands"] + filler[10..<40] + ["coastal", "wetlands", "restoration"] + filler[40...])
            .joined(separator: " ")
        let index = try SearchIndex(snippets: SnippetOptions(maximumWords: 8))
        try index.add(Document(source: "plan", title: "A Plan", body: body))
        let hit = try #require(try index.search("wetlands restoration").first)
        #expect(hit.snippet.text.hasPrefix("…") && hit.snippet.text.hasSuffix("…"), "\(hit.snippet.text)")
        #expect(hit.snippet.highlightedFragments == ["wetlands restoration"])
        #expect(hit.snippet.text.split(separator: " ").count == 8)
    }

    @Test func snippetStartsAtItsSentenceWithThePunctuationBeforeTheFirstWord() throws {
        let body = """
            Sec. 3. Duties. (a) The agencies shall report each year on their holdings of land and water.
            (b) The Secretary shall restore wetlands along the coast.
            """
        let index = try SearchIndex(snippets: SnippetOptions(maximumWords: 12))
        try index.add(Document(source: "order", title: "Duties", body: body))
        let hit = try #require(try index.search("restore").first)
        #expect(hit.snippet.text == "…(b) The Secretary shall restore wetlands along the coast.")
        #expect(hit.snippet.highlightedFragments == ["restore"])
    }

    @Test func aBodyWithoutTheWordsGivesItsFirstWordsUnmarked() throws {
        let index = try SearchIndex(snippets: SnippetOptions(maximumWords: 5))
        try index.add(
            Document(source: "title-only", title: "Wetlands Month", body: "We honor the farmers and ranchers today.")
        )
        let hit = try #require(try index.search("wetlands").first)
        #expect(hit.snippet.text == "We honor the farmers and…")
        #expect(hit.snippet.highlightedFragments.isEmpty)
    }

    @Test func stemsPrefixesAndDiacriticsAreMarkedButNotExcludedOrTitleOnlyWords() throws {
        let index = try SearchIndex()
        try index.add(
            Document(
                source: "camp",
                title: "Closing the Camp",
                body: "Regulatory reviews of the detention of Guantánamo detainees came before closing the camp."
            )
        )
        let words = try #require(try index.search("guantanamo regulat* detainee title:closing").first)
        #expect(words.snippet.highlightedFragments == ["Regulatory", "Guantánamo detainees"])
        let excluded = try #require(try index.search("detainees -prison").first)
        #expect(excluded.snippet.highlightedFragments == ["detainees"])
    }

    @Test func queriesTheMarkerDoesNotTakeAreMarkedByFTS5() throws {
        let index = try FixtureIndex.make()
        // A NEAR group counts its words only near each other.
        let near = index.plan(
            of: try SearchQuery(parsing: "foundation NEAR/3 models"),
            options: SearchOptions()
        )
        #expect(near.markedPhrases == nil)
        let nearHit = try #require(try index.search("foundation NEAR/3 models").first)
        #expect(nearHit.snippet.highlightedFragments == ["foundation models"])
        // More words than a marker holds (64 tokens).
        let many = (["regulators"] + (1...70).map { "absentword\($0)" }).joined(separator: " OR ")
        let plan = index.plan(of: try SearchQuery(parsing: many), options: SearchOptions())
        #expect(plan.markedPhrases?.count == 71)
        let manyHit = try #require(try index.search(many).first)
        #expect(manyHit.snippet.highlightedFragments.contains("regulators"))
    }
}
