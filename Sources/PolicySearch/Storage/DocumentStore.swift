import Foundation
internal import GRDB

/// The index file: documents and their full-text index, behind one connection pool.
///
/// The only type that runs SQL. Writes go through one writer in transactions with cached statements; reads run
/// concurrently (WAL). Everything it returns is a PolicySearch value, never a GRDB row.
final class DocumentStore: Sendable {
    /// The index file path, or `:memory:`.
    let path: String
    private let database: any DatabaseWriter

    /// Opens or creates an index.
    ///
    /// - Parameters:
    ///   - path: The index file, or `nil` for an in-memory index.
    ///   - readOnly: Whether to open without writing (the file must exist).
    /// - Throws: ``StorageError`` when the index cannot be opened, read or written.
    init(path: String?, readOnly: Bool) throws(StorageError) {
        self.path = path ?? ":memory:"
        var configuration = Configuration()
        configuration.readonly = readOnly
        configuration.busyMode = .timeout(10)
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
            try Schema.validateHeader(ofFileAt: path)
            if Self.fileHasContent(path) {
                // Look before opening for writing: a pool switches the file to WAL, rewriting its header.
                var probing = Configuration()
                probing.readonly = true
                let probe = try DatabaseQueue(path: path, configuration: probing)
                try probe.read { db in try Self.checkOwnership(db, path: path, readOnly: readOnly) }
                try probe.close()
            }
            configuration.prepareDatabase { db in
                if !readOnly { try db.execute(sql: "PRAGMA synchronous = NORMAL") }
                try Schema.prepareConnection(db)
            }
            let pool = try DatabasePool(path: path, configuration: configuration)
            if readOnly { try pool.read { db in try Self.checkOwnership(db, path: path, readOnly: true) } }
            if !readOnly { try Schema.migrator.migrate(pool) }
            database = pool
        } catch {
            throw StorageError.wrapping(error, path: path ?? ":memory:")
        }
    }

    private static func fileHasContent(_ path: String) -> Bool {
        // missing: no content
        let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? NSNumber)?.intValue
        return (size ?? 0) > 0
    }

    /// Refuses databases that belong to another application, and indexes too new to read.
    private static func checkOwnership(_ db: Database, path: String, readOnly: Bool) throws {
        let application = try Int32.fetchOne(db, sql: "PRAGMA application_id") ?? 0
        let tables = try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table'")
        if application == 0, !tables.isEmpty { throw StorageError.notAnIndex(path) }
        if readOnly {
            guard application == Schema.applicationID, tables.contains(Schema.documents) else {
                throw StorageError.notAnIndex(path)
            }
            let version = try Int.fetchOne(db, sql: "PRAGMA user_version") ?? 0
            if version > Schema.version {
                throw StorageError.newerSchema(path, found: version, supported: Schema.version)
            }
            if version < Schema.version {
                throw StorageError.olderSchema(path, found: version, supported: Schema.version)
            }
        }
    }

    // MARK: Access

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
}
