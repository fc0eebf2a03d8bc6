import Foundation
import PolicySearch
import Rainbow

/// Prints results as colored text for people or as JSON lines for programs.
struct ResultRenderer {
    let currentDirectory: String

    /// The source path relative to the current folder when it is below it.
    func displayPath(_ source: String) -> String {
        let prefix = currentDirectory.hasSuffix("/") ? currentDirectory : currentDirectory + "/"
        return source.hasPrefix(prefix) ? String(source.dropFirst(prefix.count)) : source
    }

    func text(_ result: SearchResult, rank: Int) -> String {
        let document = result.document
        var facts = [document.metadata.type.description]
        if let number = document.metadata.executiveOrderNumber { facts.append("EO \(number)") }
        if let date = document.metadata.date { facts.append(date.description) }
        let heading = "\(rank).".bold + " " + document.title.bold + "  " + "[\(facts.joined(separator: " · "))]".dim
        var location = "   " + (displayPath(document.source) + (document.record.map { "#" + $0 } ?? "")).green
        if let section = result.section { location += "  " + section.label.dim }
        var lines = [heading, location]
        if result.passages.isEmpty {
            lines.append("   " + highlighted(result.snippet))
        } else {
            for passage in result.passages {
                let label = passage.section.map { ($0.label + ": ").dim } ?? ""
                lines.append("   " + label + highlighted(passage.snippet))
            }
        }
        if let explanation = result.explanation { lines.append("   " + explanation.summary.dim) }
        if !result.renditions.isEmpty {
            let formats = result.renditions.map(\.format.rawValue).joined(separator: ", ")
            lines.append("   " + "also as: \(formats)".dim)
        }
        return lines.joined(separator: "\n") + "\n"
    }

    private func highlighted(_ snippet: Snippet) -> String {
        var output = ""
        var cursor = snippet.text.startIndex
        for range in snippet.highlights {
            output += Self.oneLine(snippet.text[cursor..<range.lowerBound])
            output += Self.oneLine(snippet.text[range]).red.bold
            cursor = range.upperBound
        }
        output += Self.oneLine(snippet.text[cursor...])
        return output
    }

    private static func oneLine(_ text: Substring) -> String {
        text.replacingOccurrences(of: "\n", with: " ")
    }

    struct JSONHit: Encodable {
        let rank: Int
        let id: String
        let title: String
        let type: String
        let date: String?
        let path: String
        let score: Double
        let snippet: String
        let highlights: [[Int]]
        let eoNumber: String?
        let citation: String?
        let documentNumber: String?
        let record: String?
        let section: String?
        let renditions: [String]
        let explain: JSONExplanation?
        let passages: [JSONPassage]
        let total: Int

        enum CodingKeys: String, CodingKey {
            case rank, id, title, type, date, path, score, snippet, highlights, record, section, renditions, explain
            case passages, total
            case eoNumber = "eo_number"
            case citation
            case documentNumber = "document_number"
        }
    }

    struct JSONPassage: Encodable {
        let text: String
        let highlights: [[Int]]
        let section: String?
        let offset: Int

        init(_ passage: Passage) {
            text = passage.snippet.text
            highlights = passage.snippet.highlightOffsets.map { [$0.lowerBound, $0.upperBound] }
            section = passage.section?.label
            offset = passage.startOffset
        }
    }

    struct JSONExplanation: Encodable {
        let total: Double
        let title: Double
        let body: Double
        let titleWeight: Double
        let bodyWeight: Double
        let boosts: [String]

        init(_ explanation: ScoreExplanation) {
            total = explanation.total
            title = explanation.title
            body = explanation.body
            titleWeight = explanation.weights.titleWeight
            bodyWeight = explanation.weights.bodyWeight
            boosts = explanation.boosts
        }

        enum CodingKeys: String, CodingKey {
            case total, title, body, boosts
            case titleWeight = "title_weight"
            case bodyWeight = "body_weight"
        }
    }

    func json(_ result: SearchResult, rank: Int, total: Int) throws -> String {
        let document = result.document
        let hit = JSONHit(
            rank: rank,
            id: document.id.rawValue,
            title: document.title,
            type: document.metadata.type.rawValue,
            date: document.metadata.date?.description,
            path: document.source,
            score: result.score,
            snippet: result.snippet.text,
            highlights: result.snippet.highlightOffsets.map { [$0.lowerBound, $0.upperBound] },
            eoNumber: document.metadata.executiveOrderNumber,
            citation: document.metadata.citation,
            documentNumber: document.metadata.documentNumber,
            record: document.record,
            section: result.section?.label,
            renditions: result.renditions.map(\.id.rawValue),
            explain: result.explanation.map(JSONExplanation.init),
            passages: result.passages.map(JSONPassage.init),
            total: total
        )
        return try OutputFormat.jsonLine(hit)
    }

    /// Facets as bar charts: one line per value, bars scaled to the largest count.
    func text(_ facets: Facets) -> String {
        var lines: [String] = []
        for (name, counts) in [("type", facets.types), ("president", facets.presidents), ("year", facets.years)] {
            guard !counts.isEmpty else { continue }
            lines.append(name.bold)
            let largest = max(1, counts.map(\.count).max() ?? 1)
            let width = min(28, counts.map { $0.value.count }.max() ?? 0)
            for count in counts {
                let label = String(count.value.replacingOccurrences(of: "_", with: " ").prefix(width))
                let bar = String(repeating: "█", count: max(1, count.count * 30 / largest))
                lines.append(
                    "  " + label.padding(toLength: width, withPad: " ", startingAt: 0) + " " + bar.cyan
                        + " \(count.count)"
                )
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    struct JSONFacets: Encodable {
        let total: Int
        let facets: [String: [String: Int]]
    }

    func json(_ facets: Facets, total: Int) throws -> String {
        func dictionary(_ counts: [Facets.Count]) -> [String: Int] {
            Dictionary(counts.map { ($0.value, $0.count) }, uniquingKeysWith: +)
        }
        let value = JSONFacets(
            total: total,
            facets: [
                "type": dictionary(facets.types), "president": dictionary(facets.presidents),
                "year": dictionary(facets.years),
            ]
        )
        return try OutputFormat.jsonLine(value)
    }
}
