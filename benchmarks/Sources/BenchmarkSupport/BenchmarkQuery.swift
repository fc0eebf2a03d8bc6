import Foundation

/// One query of the shared benchmark set (`benchmarks/queries.json`), which every engine in the comparison runs.
public struct BenchmarkQuery: Sendable, Decodable {
    /// The class it is reported under: "1 word, common", "phrase", "filter" and so on.
    public let `class`: String
    /// The words, in order.
    public let terms: [String]
    /// Whether the words must be adjacent, in order.
    public let phrase: Bool?
    /// A document type the hits must have.
    public let type: String?
    /// The first and last signing dates the hits must lie between (`YYYY-MM-DD`).
    public let signed: [String]?

    /// The query in PolicySearch's query language.
    public var text: String {
        var parts = [phrase == true ? "\"" + terms.joined(separator: " ") + "\"" : terms.joined(separator: " ")]
        if let type { parts.append("type:\(type)") }
        if let signed, signed.count == 2 { parts.append("signed:\(signed[0])..\(signed[1])") }
        return parts.joined(separator: " ")
    }

    /// The shared set, read from `benchmarks/queries.json`.
    public static func standardSet() throws -> [BenchmarkQuery] {
        let url = BenchmarkFiles.root.appendingPathComponent("queries.json")
        return try JSONDecoder().decode([BenchmarkQuery].self, from: Data(contentsOf: url))
    }
}
