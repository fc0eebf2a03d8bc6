import ArgumentParser
import Foundation
import PolicySearch

/// A search's options, from `SearchCommand` or from ``SearchRequest/init(quickParsing:)``, and the search itself.
struct SearchRequest: Equatable, Sendable {
    var index: String?
    var query: [String]
    var limit = 10
    var offset = 0
    var format: OutputFormat = .text
    var sort: SortOrder = .relevance
    var facets = false
    var synonyms: String?
    var noSynonyms = false
    var passages = 2
    var explain = false
    var allRenditions = false
    var color: ColorChoice = .auto
    var sync: [String] = []
    var maxFileSize = 64

    func validate() throws {
        guard limit >= 1 else { throw ValidationError("--limit must be at least 1") }
        guard offset >= 0 else { throw ValidationError("--offset cannot be negative") }
        guard (0...3).contains(passages) else { throw ValidationError("--passages must be from 0 to 3") }
    }

    private static func parse(_ text: String) throws -> SearchQuery {
        switch Result(catching: { () throws(QuerySyntaxError) -> SearchQuery in try SearchQuery(parsing: text) }) {
        case .success(let query): return query
        case .failure(let error): throw ValidationError("invalid query: \(error)")
        }
    }

    func run() throws {
        Terminal.configureColors(color)
        let text = query.joined(separator: " ")
        let parsed = try Self.parse(text)
        var thesaurus = noSynonyms ? Thesaurus(groups: []) : Thesaurus.policy
        if let synonyms {
            guard let text = try? String(contentsOfFile: synonyms, encoding: .utf8) else {
                throw ValidationError("cannot read the synonyms file \(synonyms)")
            }
            thesaurus = thesaurus.merging(Thesaurus(parsing: text))
        }
        let index: SearchIndex
        if sync.isEmpty {
            index = try GlobalOptions.openIndex(
                at: GlobalOptions.indexPath(self.index),
                mode: .readOnly,
                thesaurus: thesaurus
            )
        } else {
            index = try GlobalOptions.openIndex(
                at: GlobalOptions.indexPath(self.index),
                mode: .readWrite,
                maximumFileSize: IndexingOptions.bytes(mebibytes: maxFileSize),
                thesaurus: thesaurus
            )
            let report = try IndexCommand.run(verbose: false, quiet: false) {
                try index.add(contentsOf: sync, progress: $0)
            }
            IndexCommand.warn(about: report)
        }
        let page = try index.search(
            parsed,
            options: SearchOptions(
                limit: limit,
                offset: offset,
                sort: sort.sort,
                renditions: allRenditions ? .separate : .folded,
                includesFacets: facets,
                explainsScores: explain,
                passages: passages
            )
        )
        let results = page.results
        if let correction = page.correction { Terminal.standardError.write("note: \(correction.notice)\n") }
        let renderer = ResultRenderer(currentDirectory: FileManager.default.currentDirectoryPath)
        if format == .json {
            for (position, result) in results.enumerated() {
                Terminal.standardOutput.write(
                    try renderer.json(result, rank: offset + position + 1, total: page.totalCount) + "\n"
                )
            }
            if let facets = page.facets {
                Terminal.standardOutput.write(try renderer.json(facets, total: page.totalCount) + "\n")
            }
        } else {
            if let facets = page.facets { Terminal.standardOutput.write(renderer.text(facets) + "\n") }
            for (position, result) in results.enumerated() {
                Terminal.standardOutput.write(renderer.text(result, rank: offset + position + 1) + "\n")
            }
            if results.isEmpty {
                Terminal.standardError.write("no hits for \(parsed)\n")
            } else if Terminal.standardOutput.isInteractive {
                Terminal.standardError.write("hits \(offset + 1)–\(offset + results.count) of \(page.totalCount)\n")
            }
        }
        // A search that only read the index ends here, without closing it: closing its connections and freeing
        // what they read took about 2.5 ms of CPU in a 21 ms search of 100k documents (fresh processes, medians of
        // 81), and the system frees all of it at exit. Output is written unbuffered, so nothing is lost.
        if sync.isEmpty { withExtendedLifetime(index) { Foundation.exit(results.isEmpty ? 1 : 0) } }
        if results.isEmpty { throw NoHits() }
    }
}
