import Foundation
import Logging
import PolicySearch
import Synchronization

// Every Swift example of the DocC articles, compiled here: `DocumentationExampleTests` checks that each article's
// code is in this file as written (indented by one level), and runs the examples that search an index it is given.
// The examples that open `policies.sqlite` or index folders by relative path are compiled only: they would write in
// the current folder, which tests running beside them share.

/// What the examples print, for the test that runs them one after the other.
let printedByExamples = Mutex<[String]>([])

/// Shadows the standard library's `print` in this file, with the same signature, so the examples print into
/// ``printedByExamples``.
private func print(_ items: Any..., separator: String = " ", terminator: String = "\n") {
    printedByExamples.withLock { $0.append(items.map { "\($0)" }.joined(separator: separator)) }
}

// MARK: - PolicySearch.md

func landingPageExample() throws {
    let index = try SearchIndex(path: "policies.sqlite")
    try index.add(contentsOf: ["corpus/documents"])
    for result in try index.search("wetlands restoration", limit: 5) {
        print(result.document.title, result.snippet.text)
    }
}

// MARK: - GettingStarted.md

func gettingStartedIndexExample() throws {
    let index = try SearchIndex(path: "policies.sqlite")
    let report = try index.add(contentsOf: ["corpus/documents"])
    print("added \(report.added), unchanged \(report.unchanged), skipped \(report.skipped.count)")
}

func gettingStartedSearchExample(_ index: SearchIndex) throws {
    for result in try index.search(#""coastal wetlands" type:order"#, limit: 10) {
        print(result.document.title, result.document.metadata.date?.description ?? "", result.score)
        print(result.snippet.text)
    }
}

func gettingStartedPageExample(_ index: SearchIndex) throws {
    let query = try SearchQuery(parsing: "wetlnds")
    let page = try index.search(query, options: SearchOptions(limit: 20, sort: .newest, includesFacets: true))
    print(page.totalCount, page.correction?.notice ?? "")
}

// MARK: - QuerySyntax.md

func querySyntaxBuiltQueryExample(_ index: SearchIndex) throws {
    let query = SearchQuery(
        .all([.phrase("coastal wetlands"), .excluding(.term("draft"))]),
        filters: [
            .type(.executiveOrder),
            .signed(DateRange(from: CalendarDate(year: 2026, month: 1, day: 1), through: nil)),
        ]
    )
    let hits = try index.search(query, limit: 10)
    print(hits.map(\.document.title).joined(separator: "; "))
}

// MARK: - RankingAndSnippets.md

func rankingWeightsExample() throws {
    let index = try SearchIndex(path: "policies.sqlite", ranking: RankingOptions(titleWeight: 4, bodyWeight: 1))
    _ = index
}

func rankingExplanationExample(_ index: SearchIndex) throws {
    let page = try index.search(try SearchQuery(parsing: "EO 90001"), options: SearchOptions(explainsScores: true))
    for result in page.results { print(result.explanation?.summary ?? "") }
}

func snippetMarkingExample(_ index: SearchIndex) throws {
    for result in try index.search("coastal wetlands", limit: 3) {
        var marked = ""
        var last = result.snippet.text.startIndex
        for range in result.snippet.highlights {
            marked += result.snippet.text[last..<range.lowerBound] + "[" + result.snippet.text[range] + "]"
            last = range.upperBound
        }
        print(marked + result.snippet.text[last...])
    }
}

// MARK: - EmbeddingInATool.md

func embeddingAsyncExample() async throws {
    let index = try SearchIndex(path: "policies.sqlite")
    async let report = index.add(contentsOf: ["inbox"])
    let page = try await index.search(try SearchQuery(parsing: "tariffs"), options: SearchOptions(limit: 5))
    print(page.totalCount, try await report.added)
}

func embeddingDocumentExample(_ index: SearchIndex) throws {
    let memo = Document(
        source: "https://example.gov/memos/42",
        title: "Guidance on Model Evaluations",
        body: "Agencies shall evaluate dual-use foundation models before deployment.",
        metadata: DocumentMetadata(type: .memorandum, date: CalendarDate(year: 2026, month: 4, day: 3))
    )
    try index.add(memo)
}

func embeddingProgressExample(_ index: SearchIndex) throws {
    try index.add(contentsOf: ["archive"]) { progress in
        print("\(progress.completedFiles)/\(progress.totalFiles) files")
    }
}

func embeddingLoggingExample() throws {
    var logger = Logger(label: "my-tool.search")
    logger.logLevel = .debug
    let index = try SearchIndex(path: "policies.sqlite", logger: logger)
    _ = index
}
