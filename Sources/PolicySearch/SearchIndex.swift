import Foundation
public import Logging

/// A full-text index of policy documents in one SQLite file: add documents, then search them.
///
/// ```swift
/// let index = try SearchIndex(path: "policies.sqlite")
/// let report = try index.add(contentsOf: ["corpus"])
/// for result in try index.search(#"title:"artificial intelligence" -draft"#, limit: 10) {
///     print(result.document.title, result.score, result.snippet.text)
/// }
/// ```
///
/// An index is safe to share across tasks and threads: searches run concurrently while one writer adds
/// documents (SQLite's write-ahead log). Long work has `async` variants that run off the caller's executor.
///
/// The index never prints. Pass a `Logger` to ``init(path:mode:ranking:snippets:thesaurus:maximumFileSize:logger:)``
/// to see what it does: indexing runs and their batches, skipped files, schema upgrades, searches.
public final class SearchIndex: Sendable {
    /// How an index is opened.
    public enum Mode: Sendable, Hashable {
        /// Open the index, creating the file when it does not exist.
        case readWrite
        /// Open an existing index for searching only.
        case readOnly
    }

    /// The index file, or `:memory:` for an in-memory index.
    public var path: String { store.path }
    /// Whether the index was opened for searching only.
    public var isReadOnly: Bool { store.isReadOnly }
    /// How hits are ranked.
    public let ranking: RankingOptions
    /// How long snippets are.
    public let snippets: SnippetOptions
    /// The equivalent terms a search widens words to (``Thesaurus/policy`` by default).
    public let thesaurus: Thesaurus

    let store: DocumentStore
    let reader: DocumentReader
    /// Where diagnostics go; `nil` when the caller passed no logger.
    let logger: Logger?

    /// Opens the index at a path, creating it if needed.
    ///
    /// - Parameters:
    ///   - path: The index file. Its folder must exist.
    ///   - mode: ``Mode/readWrite`` (the default) or ``Mode/readOnly``.
    ///   - ranking: How hits are ranked.
    ///   - snippets: How long snippets are.
    ///   - thesaurus: The equivalent terms searches widen words to; `Thesaurus(groups: [])` for none.
    ///   - maximumFileSize: Files larger than this many bytes are skipped when adding folders.
    ///   - logger: Where diagnostics go (debug: batches and searches; info: runs; notice: schema upgrades;
    ///     warning: skipped files). Nothing is logged without one.
    /// - Throws: ``StorageError`` when the file is not an index, is newer than this version, or cannot be opened.
    public convenience init(
        path: String,
        mode: Mode = .readWrite,
        ranking: RankingOptions = .default,
        snippets: SnippetOptions = .init(),
        thesaurus: Thesaurus = .policy,
        maximumFileSize: Int = 64 << 20,
        logger: Logger? = nil
    ) throws(StorageError) {
        try self.init(
            path: path,
            mode: mode,
            ranking: ranking,
            snippets: snippets,
            thesaurus: thesaurus,
            maximumFileSize: maximumFileSize,
            logger: logger,
            pageLimit: nil
        )
    }

    /// Opens the index at a path with a limit on its size in pages, to simulate a full disk in tests.
    init(
        path: String,
        mode: Mode = .readWrite,
        ranking: RankingOptions = .default,
        snippets: SnippetOptions = .init(),
        thesaurus: Thesaurus = .policy,
        maximumFileSize: Int = 64 << 20,
        logger: Logger? = nil,
        pageLimit: Int?
    ) throws(StorageError) {
        self.store = try DocumentStore(
            path: path,
            readOnly: mode == .readOnly,
            pageLimit: pageLimit,
            logger: logger
        )
        self.ranking = ranking
        self.snippets = snippets
        self.thesaurus = thesaurus
        self.reader = DocumentReader(maximumFileSize: maximumFileSize)
        self.logger = logger
        logger?.debug("Opened the index", metadata: ["path": "\(path)", "mode": "\(mode)"])
    }

    /// Creates an empty index in memory, gone when the value is released.
    ///
    /// - Parameters:
    ///   - ranking: How hits are ranked.
    ///   - snippets: How long snippets are.
    ///   - thesaurus: The equivalent terms searches widen words to.
    ///   - logger: Where diagnostics go; nothing is logged without one.
    /// - Throws: ``StorageError`` when the index cannot be opened, read or written.
    public init(
        ranking: RankingOptions = .default,
        snippets: SnippetOptions = .init(),
        thesaurus: Thesaurus = .policy,
        logger: Logger? = nil
    ) throws(StorageError) {
        self.store = try DocumentStore(path: nil, readOnly: false)
        self.ranking = ranking
        self.snippets = snippets
        self.thesaurus = thesaurus
        self.reader = DocumentReader()
        self.logger = logger
    }

    /// Document counts by type and format, and the file size.
    ///
    /// - Throws: ``StorageError`` when the index cannot be opened, read or written.
    public func statistics() throws(StorageError) -> IndexStatistics {
        try store.statistics()
    }

    /// A stored document, body included.
    ///
    /// - Parameter id: The document's identifier.
    /// - Returns: The document, or `nil` when the index has none with that id.
    /// - Throws: ``StorageError`` when the index cannot be read.
    public func document(_ id: DocumentID) throws(StorageError) -> Document? {
        try store.document(id)
    }

    /// The documents an identifier or a path names: the document with that id, else the documents read from that
    /// file (one, or one per record), else the record of a record file written as `path#record`.
    ///
    /// - Parameter reference: A document id, a file path, or `path#record`.
    /// - Returns: The matching documents; empty when nothing matches.
    /// - Throws: ``StorageError`` when the index cannot be read.
    public func documents(matching reference: String) throws(StorageError) -> [Document] {
        if let document = try store.document(DocumentID(rawValue: reference)) { return [document] }
        let fromFile = try documents(fromFile: reference)
        if !fromFile.isEmpty { return fromFile }
        if let hash = reference.lastIndex(of: "#") {
            let path = DocumentReader.absolutePath(String(reference[..<hash]))
            let record = String(reference[reference.index(after: hash)...])
            return try store.document(DocumentID(source: path, record: record)).map { [$0] } ?? []
        }
        return []
    }

    /// The documents stored for a file.
    ///
    /// - Parameter path: The file's path, relative to the current folder or absolute.
    /// - Returns: The documents read from that file, in the order they were stored.
    /// - Throws: ``StorageError`` when the index cannot be opened, read or written.
    public func documents(fromFile path: String) throws(StorageError) -> [Document] {
        try store.documents(fromSource: DocumentReader.absolutePath(path))
    }
}
