import Foundation
internal import GRDB
internal import Logging
import Synchronization

/// The index file: documents and their full-text index, behind one connection pool.
///
/// The only type that runs SQL. Writes go through one writer in transactions with cached statements; reads run
/// concurrently (WAL). Everything it returns is a PolicySearch value, never a GRDB row.
final class DocumentStore: Sendable {
    /// How long a connection waits for another process's lock before it reports the index busy.
    static let busyTimeout: TimeInterval = 10

    /// The index file path, or `:memory:`.
    let path: String
    /// Whether the index was opened for reading only.
    let isReadOnly: Bool
    private let database: any DatabaseWriter
    /// The row lengths the last search read, kept for the next while the full-text index is unchanged.
    let lengthCache = Mutex<DocumentLengths?>(nil)
    /// The full-text index being built beside the writer, while a large first run goes on
    /// (``beginBulkFullTextBuild()``): writes then leave the full-text table to it.
    let bulkBuild = Mutex<FullTextBulkBuild?>(nil)

    /// Opens or creates an index.
    ///
    /// - Parameters:
    ///   - path: The index file, or `nil` for an in-memory index.
    ///   - readOnly: Whether to open without writing (the file must exist).
    ///   - pageLimit: The most pages the file may grow to (SQLite's `max_page_count`), to test a full disk.
    ///   - logger: Where an upgrade of the file's schema is reported.
    /// - Throws: ``StorageError`` when the index cannot be opened, read or written.
    init(path: String?, readOnly: Bool, pageLimit: Int? = nil, logger: Logger? = nil) throws(StorageError) {
        self.path = path ?? ":memory:"
        self.isReadOnly = readOnly
        var configuration = Configuration()
        configuration.readonly = readOnly
        configuration.busyMode = .timeout(Self.busyTimeout)
        configuration.label = "PolicySearch"
        do {
            guard let path else {
                configuration.prepareDatabase { db in try Schema.prepareConnection(db) }
                let queue = try DatabaseQueue(configuration: configuration)
                try Schema.migrator.migrate(queue)
                database = queue
                return
            }
            if readOnly, !FileManager.default.fileExists(atPath: path) { throw StorageError.missing(path) }
            configuration.prepareDatabase { db in
                if !readOnly {
                    try db.execute(sql: "PRAGMA synchronous = NORMAL")
                    // Takes effect only in a new file, before its first table.
                    try db.execute(sql: "PRAGMA page_size = \(Schema.pageSize)")
                    // Incremental vacuuming lets a run give back the pages that merging the full-text index frees
                    // (``DocumentStore/mergeFullText()``). Set only in a new file, by the writer: the pragma writes
                    // the file's header even when the mode is already set, which a full disk refuses.
                    if !db.configuration.readonly, try Int.fetchOne(db, sql: "PRAGMA page_count") == 0 {
                        try db.execute(sql: "PRAGMA auto_vacuum = INCREMENTAL")
                    }
                }
                if let pageLimit { try db.execute(sql: "PRAGMA max_page_count = \(pageLimit)") }
                try Schema.prepareConnection(db)
            }
            if readOnly {
                database = try Self.openForReading(path, configuration: configuration)
                return
            }
            if Self.fileHasContent(path) {
                // Look before opening for writing: a pool switches the file to WAL, rewriting its header.
                var probing = Configuration()
                probing.readonly = true
                let probe = try DatabaseQueue(path: path, configuration: probing)
                try probe.read { db in
                    try Self.checkOwnership(db, path: path, readOnly: false)
                    // Never write into a damaged file: the damage would spread, and a backup may still save it.
                    // The check reads every page's structure (about 50 ms for a 40 MB index, warm).
                    if try String.fetchAll(db, sql: "PRAGMA quick_check(1)") != ["ok"] {
                        throw StorageError.corrupt(path)
                    }
                }
                try probe.close()
            }
            let pool = try DatabasePool(path: path, configuration: configuration)
            let applied = try pool.read(Schema.migrator.appliedIdentifiers)
            try Schema.migrator.migrate(pool)
            if !applied.isEmpty, let latest = Schema.migrator.migrations.last, !applied.contains(latest) {
                logger?.notice(
                    "Upgraded the index's schema",
                    metadata: [
                        "path": "\(path)", "from": "\(Schema.migrator.migrations.last(where: applied.contains) ?? "")",
                        "to": "\(latest)",
                    ]
                )
            }
            try pool.write(Schema.createDeferredIndexes)
            database = pool
            try finishInterruptedBuild(logger: logger)
        } catch {
            let wrapped = StorageError.wrapping(error, path: path ?? ":memory:")
            if let path, wrapped.isCorrupt || wrapped.isNotAnIndex, Self.fileSize(path) < Self.smallestDatabase {
                // Shorter than SQLite's smallest page: never a database, whatever its first bytes say.
                throw StorageError.notAnIndex(path)
            }
            if let path, !readOnly, wrapped.isCannotOpen, FileManager.default.fileExists(atPath: path),
                !FileManager.default.isWritableFile(atPath: (path as NSString).deletingLastPathComponent)
            {
                // The file is there but its folder is read-only, so SQLite cannot create its write-ahead log.
                throw StorageError.readOnly(path)
            }
            throw wrapped
        }
    }

    /// Opens an index for reading: as a pool of readers when SQLite can share the write-ahead log's index with
    /// writers, else (a read-only folder, where that shared-memory file cannot be created) as an immutable file.
    ///
    /// An immutable file is read without locks and without the write-ahead log: what a writer that crashed left
    /// there, in a folder later made read-only, is not seen (the index is as of its last checkpoint).
    private static func openForReading(_ path: String, configuration: Configuration) throws -> any DatabaseWriter {
        do {
            let pool = try DatabasePool(path: path, configuration: configuration)
            try pool.read { db in try checkOwnership(db, path: path, readOnly: true) }
            return pool
        } catch let error as DatabaseError
            where error.resultCode == .SQLITE_READONLY || error.resultCode == .SQLITE_CANTOPEN
        {
            let escaped = path.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? path
            let queue = try DatabaseQueue(path: "file:\(escaped)?immutable=1", configuration: configuration)
            try queue.read { db in try checkOwnership(db, path: path, readOnly: true) }
            return queue
        }
    }

    private static func fileHasContent(_ path: String) -> Bool {
        fileSize(path) > 0
    }

    /// SQLite's smallest page size: a database file with any content is at least one page long.
    private static let smallestDatabase = 512

    /// The file's size in bytes (0 when it is missing), from its attributes: never opened, since closing a descriptor
    /// of an index releases this process's SQLite locks on it (see ``checkOwnership(_:path:readOnly:)``).
    private static func fileSize(_ path: String) -> Int {
        (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? NSNumber)?.intValue ?? 0
    }

    /// Refuses files that are not databases, databases that belong to another application, and indexes too new to
    /// read.
    ///
    /// It reads through SQLite, never by opening the file itself: closing a descriptor of a file releases every lock
    /// this process holds on it, SQLite's included, and another process could then take the index's write-ahead log
    /// for its own at its last close, while this process's connections still write to it.
    private static func checkOwnership(_ db: Database, path: String, readOnly: Bool) throws {
        let application = try Int32.fetchOne(db, sql: "PRAGMA application_id") ?? 0
        let tables = try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table'")
        if application == 0, !tables.isEmpty, try !isUnfinishedCreation(db, tables: tables) {
            throw StorageError.notAnIndex(path)
        }
        if application != 0, application != Schema.applicationID { throw StorageError.notAnIndex(path) }
        let version = try Int.fetchOne(db, sql: "PRAGMA user_version") ?? 0
        if version > Schema.version {
            throw StorageError.newerSchema(path, found: version, supported: Schema.version)
        }
        if readOnly {
            guard application == Schema.applicationID, tables.contains(Schema.documents) else {
                throw StorageError.notAnIndex(path)
            }
            if version < Schema.oldestReadableVersion {
                throw StorageError.olderSchema(path, found: version, supported: Schema.version)
            }
        }
    }

    /// Whether the file is what a run killed while creating the index leaves.
    ///
    /// That is the migrator's own table alone, and empty: GRDB makes it in a transaction of its own before the first
    /// migration's. Such a file holds nothing and becomes an index like a blank one.
    private static func isUnfinishedCreation(_ db: Database, tables: [String]) throws -> Bool {
        guard tables == ["grdb_migrations"] else { return false }
        return try Int.fetchOne(db, sql: "SELECT count(*) FROM grdb_migrations") == 0
    }

    // MARK: Access

    /// Drops the indexes a large run makes again at its end (``Schema/deferredIndexes``), and puts off FTS5's
    /// merging to that end (``Schema/deferredMergeSettings``).
    ///
    /// - Throws: ``StorageError`` when the index cannot be written.
    func dropDeferredIndexes() throws(StorageError) {
        try writing { db in
            for name in Schema.deferredIndexes.keys { try db.execute(sql: "DROP INDEX IF EXISTS \(name)") }
            try db.execute(sql: Schema.deferredMergeSettings)
        }
    }

    /// Makes the indexes ``dropDeferredIndexes()`` dropped, each sorted once, and puts back FTS5's merging.
    ///
    /// - Throws: ``StorageError`` when the index cannot be written.
    func createDeferredIndexes() throws(StorageError) {
        try writing(Schema.createDeferredIndexes)
    }

    /// The pool of connections that can read at the same time, unless the index is in memory or immutable.
    var concurrentReader: DatabasePool? {
        database as? DatabasePool
    }

    func reading<T>(_ body: (Database) throws -> T) throws(StorageError) -> T {
        do {
            return try database.read(body)
        } catch {
            throw StorageError.wrapping(error, path: path)
        }
    }

    func writing<T>(_ body: (Database) throws -> T) throws(StorageError) -> T {
        do {
            return try database.write(body)
        } catch {
            throw StorageError.wrapping(error, path: path)
        }
    }

    /// Runs `body` on the writer's connection outside a transaction, holding off every other write of this index
    /// meanwhile.
    func writingWithoutTransaction<T>(_ body: (Database) throws -> T) throws(StorageError) -> T {
        do {
            return try database.writeWithoutTransaction(body)
        } catch {
            throw StorageError.wrapping(error, path: path)
        }
    }
}
