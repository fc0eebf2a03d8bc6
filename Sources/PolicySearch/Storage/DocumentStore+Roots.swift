import Foundation
internal import GRDB
import Synchronization

extension DocumentStore {
    /// The folders and files indexed so far, in the order first added.
    ///
    /// - Returns: Absolute paths.
    /// - Throws: ``StorageError`` when the index cannot be read.
    func roots() throws(StorageError) -> [String] {
        try reading { db in try String.fetchAll(db, sql: "SELECT path FROM roots ORDER BY rowid") }
    }

    /// Remembers roots and when they were last synced.
    ///
    /// - Parameter paths: Absolute paths of folders or files.
    /// - Throws: ``StorageError`` when the index cannot be written.
    func recordRoots(_ paths: [String]) throws(StorageError) {
        let now = ISO8601DateFormatter().string(from: Date())
        try writing { db in
            for path in paths {
                try db.execute(
                    sql: """
                        INSERT INTO roots(path, synced_at) VALUES (?, ?)
                        ON CONFLICT(path) DO UPDATE SET synced_at = excluded.synced_at
                        """,
                    arguments: [path, now]
                )
            }
        }
    }

    /// The source files with documents or sidecars stored below a folder.
    ///
    /// - Parameter folder: An absolute folder path.
    /// - Returns: The distinct sources.
    /// - Throws: ``StorageError`` when the index cannot be read.
    func sources(under folder: String) throws(StorageError) -> Set<String> {
        let prefix = folder.hasSuffix("/") ? folder : folder + "/"
        return try reading { db in
            let arguments: StatementArguments = [prefix.utf8.count, prefix]
            let documents = try String.fetchAll(
                db,
                sql: "SELECT DISTINCT source FROM documents WHERE substr(source, 1, ?) = ?",
                arguments: arguments
            )
            let sidecars = try String.fetchAll(
                db,
                sql: "SELECT DISTINCT source FROM sidecars WHERE substr(source, 1, ?) = ?",
                arguments: arguments
            )
            return Set(documents + sidecars)
        }
    }

    /// Removes everything stored for some source files, their documents and metadata sidecars, in one transaction.
    ///
    /// - Parameter sources: Absolute file paths.
    /// - Returns: How many documents were removed.
    /// - Throws: ``StorageError`` when the index cannot be written.
    func removeSources(_ sources: [String]) throws(StorageError) -> Int {
        guard !sources.isEmpty else { return 0 }
        return try writing { db in
            var removed = 0
            for source in sources {
                let rows = try Row.fetchAll(
                    db.cachedStatement(sql: "SELECT rowid FROM documents WHERE source = ?"),
                    arguments: [source]
                )
                let build = bulkBuild.withLock { $0 }
                for row in rows { try Self.delete(row: row, build: build, in: db) }
                removed += rows.count
                try db.cachedStatement(sql: "DELETE FROM sidecars WHERE source = ?").execute(arguments: [source])
            }
            if removed > 0 { try Self.refreshSharedGroups(in: db) }
            return removed
        }
    }
}
