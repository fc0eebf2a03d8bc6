/// How hits are ordered: BM25 with a weight per field.
///
/// A match in the title counts ``titleWeight`` times as much as the same match in the body, so an order whose
/// title names the subject ranks above one that mentions it in passing.
public struct RankingOptions: Sendable, Hashable {
    /// The BM25 weight of title matches.
    public var titleWeight: Double
    /// The BM25 weight of body matches.
    public var bodyWeight: Double
    /// Whether words typed together also score as a phrase, so that documents holding them side by side rank higher.
    public var boostsPhrases: Bool

    /// Creates ranking options.
    ///
    /// - Parameters:
    ///   - titleWeight: The weight of title matches; 10 by default.
    ///   - bodyWeight: The weight of body matches; 1 by default.
    ///   - boostsPhrases: Whether words typed together also score as a phrase; off by default (on the relevance
    ///     set it raised MRR but lowered nDCG@10 for topics, see benchmarks/relevance).
    public init(titleWeight: Double = 10, bodyWeight: Double = 1, boostsPhrases: Bool = false) {
        self.titleWeight = titleWeight
        self.bodyWeight = bodyWeight
        self.boostsPhrases = boostsPhrases
    }

    /// Title matches ten times body matches.
    public static let `default` = RankingOptions()

    /// The title weight given to FTS5's `bm25()`: 0 when it is negative or not finite.
    var fts5TitleWeight: Double { Self.valid(titleWeight) }
    /// The body weight given to FTS5's `bm25()`: 0 when it is negative or not finite.
    var fts5BodyWeight: Double { Self.valid(bodyWeight) }

    private static func valid(_ weight: Double) -> Double {
        weight.isFinite && weight >= 0 ? weight : 0
    }
}
