/// What an index holds: document counts by type and format, and its size on disk.
public struct IndexStatistics: Sendable, Hashable {
    /// All documents.
    public let documentCount: Int
    /// Documents per type.
    public let documentsByType: [DocumentType: Int]
    /// Documents per source format.
    public let documentsByFormat: [DocumentFormat: Int]
    /// The index file's size in bytes, its write-ahead log included.
    public let fileSize: Int
}
