import Testing

@testable import PolicySearch

struct RankingTests {
    @Test func titleMatchesOutrankBodyMatchesAndScoresDescend() throws {
        let index = try SearchIndex()
        try index.add([
            Document(source: "body", title: "Annual Report", body: "A short note that mentions wetlands once."),
            Document(source: "title", title: "Wetlands Protection", body: "A short note about coastal areas here."),
        ])
        let results = try index.search("wetlands")
        #expect(results.map(\.document.source) == ["title", "body"])
        #expect(results[0].score > results[1].score)
        #expect(results.allSatisfy { $0.score > 0 })
    }

    @Test func weightsAreConfigurable() throws {
        let index = try SearchIndex(ranking: RankingOptions(titleWeight: 0, bodyWeight: 1))
        try index.add([
            Document(source: "body", title: "Annual Report", body: "wetlands wetlands wetlands"),
            Document(source: "title", title: "Wetlands Protection", body: "coastal areas and nothing else"),
        ])
        #expect(try index.search("wetlands").first?.document.source == "body")
    }

    @Test func limitAndOffsetPage() throws {
        let index = try SearchIndex()
        try index.add(
            (1...5).map { Document(source: "d\($0)", title: "Doc \($0)", body: String(repeating: "grid ", count: $0)) }
        )
        let all = try index.search("grid", limit: 10).map(\.document.source)
        #expect(all.count == 5)
        #expect(try index.search("grid", limit: 2, offset: 2).map(\.document.source) == Array(all[2..<4]))
        #expect(try index.count(matching: SearchQuery(parsing: "grid")) == 5)
    }
}

struct ScoreExplanationTests {
    @Test func explanationsSplitTheScoreByFieldAndNameBoosts() throws {
        let index = try FilterSearchTests.index()
        let page = try index.search(
            SearchQuery(parsing: "EO 14110 models"),
            options: SearchOptions(limit: 5, explainsScores: true)
        )
        let first = try #require(page.results.first)
        #expect(first.document.source == "eo-14110")
        let explanation = try #require(first.explanation)
        #expect(abs(explanation.total - first.score) < 1e-9)
        #expect(explanation.body > 0)
        #expect(explanation.title == 0)
        #expect(explanation.boosts == ["ranked first: it is EO 14110"])
        #expect(explanation.summary.hasPrefix("score "))
        let others = page.results.dropFirst().compactMap(\.explanation)
        #expect(others.allSatisfy { $0.boosts == ["cites EO 14110"] })
        let plain = try index.search(SearchQuery(parsing: "models"), options: SearchOptions())
        #expect(plain.results.allSatisfy { $0.explanation == nil })
    }
}
