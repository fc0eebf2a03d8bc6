public import Foundation

/// What an index holds: document counts by type and format, its vocabulary, its roots and its size on disk.
public struct IndexStatistics: Sendable, Hashable {
    /// All documents.
    public let documentCount: Int
    /// Documents per type.
    public let documentsByType: [DocumentType: Int]
    /// Documents per source format.
    public let documentsByFormat: [DocumentFormat: Int]
    /// The index file's size in bytes, its write-ahead log included.
    public let fileSize: Int
    /// The distinct terms (stems) of the full-text index.
    public let vocabularySize: Int
    /// The folders and files indexed, in the order first added, with when each was last synced.
    public let roots: [IndexedRoot]
}

/// A folder or file that was indexed, which ``SearchIndex/update(progress:)-3e8l`` indexes again.
public struct IndexedRoot: Sendable, Hashable {
    /// The absolute path.
    public let path: String
    /// When an indexing run over it last completed.
    public let lastSynced: Date
}
