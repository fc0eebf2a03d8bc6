/// Counts of a result set by type, president and year.
public struct Facets: Sendable, Hashable {
    /// One value of a facet and how many hits have it.
    public struct Count: Sendable, Hashable {
        /// The value: a type name, a president, a year.
        public let value: String
        /// How many hits have the value.
        public let count: Int
    }

    /// Hits by document type, most first.
    public let types: [Count]
    /// Hits by president, most first.
    public let presidents: [Count]
    /// Hits by signing year, in year order.
    public let years: [Count]
}
