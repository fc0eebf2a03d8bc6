/// How a hit's score was made, for `--explain`: BM25 over the title and the body with their weights, and any
/// boost that ordered the hit.
public struct ScoreExplanation: Sendable, Hashable {
    /// The score: BM25 with both field weights (higher is better).
    public let total: Double
    /// BM25 with the title's weight alone (the body weighted 0).
    public let title: Double
    /// BM25 with the body's weight alone (the title weighted 0).
    public let body: Double
    /// The weights used.
    public let weights: RankingOptions
    /// Reasons besides BM25 that placed the hit, such as being the order a reference names.
    public let boosts: [String]

    /// A one-line summary, for example `score 9.84 = BM25(title×10: 7.12, body×1: 2.91)`.
    public var summary: String {
        func format(_ value: Double) -> String { String(Double((value * 100).rounded()) / 100) }
        var line =
            "score \(format(total)) = BM25(title×\(format(weights.titleWeight)): \(format(title)), "
            + "body×\(format(weights.bodyWeight)): \(format(body)))"
        if !boosts.isEmpty { line += "; " + boosts.joined(separator: "; ") }
        return line
    }
}
