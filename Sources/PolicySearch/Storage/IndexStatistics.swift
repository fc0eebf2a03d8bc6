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
    /// The distinct terms (stems) of the full-text index.
    public var vocabularySize = 0
    /// The folders and files indexed, with when each was last synced (ISO 8601).
    public var roots: [(path: String, lastSynced: String)] = []

    public static func == (lhs: IndexStatistics, rhs: IndexStatistics) -> Bool {
        lhs.documentCount == rhs.documentCount && lhs.documentsByType == rhs.documentsByType
            && lhs.documentsByFormat == rhs.documentsByFormat && lhs.fileSize == rhs.fileSize
            && lhs.vocabularySize == rhs.vocabularySize && lhs.roots.map(\.path) == rhs.roots.map(\.path)
            && lhs.roots.map(\.lastSynced) == rhs.roots.map(\.lastSynced)
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(documentCount)
        hasher.combine(fileSize)
        hasher.combine(vocabularySize)
    }
}
