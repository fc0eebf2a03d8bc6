import Foundation
internal import GRDB
internal import Logging
import Synchronization

extension DocumentStore {
    /// Opens a bulk build of the full-text index (``FullTextBulkBuild``) when the index is a file that holds no
    /// documents yet: until ``finishBulkFullTextBuild()``, writes store documents without their full-text rows and
    /// hand them to the build, whose thread inverts them while the writer goes on.
    ///
    /// Meanwhile searches find none of the documents added, and other processes cannot open the index for writing
    /// (``BuildLock``). A run killed before the build is written leaves documents without full-text rows; the next
    /// opening for writing builds them (``finishInterruptedBuild(logger:)``).
    ///
    /// - Returns: Whether a build was opened (not when the index holds documents, is in memory, or another process
    ///   builds it).
    /// - Throws: ``StorageError`` when the index cannot be read or the build's temporary file made.
    func beginBulkFullTextBuild() throws(StorageError) -> Bool {
        guard concurrentReader != nil, !isReadOnly, bulkBuild.withLock({ $0 == nil }) else { return false }
        guard let lock = try BuildLock(forIndexAt: path) else { return false }
        let build = try FullTextBulkBuild(forIndexAt: path, lock: lock)
        return try writing { db in
            guard try !Self.holdsDocuments(db) else { return false }
            bulkBuild.withLock { $0 = build }
            return true
        }
    }

    /// Writes the open bulk build's full-text index as one segment, and closes the build.
    ///
    /// When the build is stale (a document it holds changed or went), failed, or does not hold every stored document
    /// (another connection wrote some), the index is built from the stored texts instead, as `rebuild` does. Should
    /// that fail too, the build stays open, so that later writes still leave the full-text table alone; the next
    /// opening of the index for writing builds it.
    ///
    /// - Throws: ``StorageError`` when the index cannot be written.
    func finishBulkFullTextBuild() throws(StorageError) {
        guard let build = bulkBuild.withLock({ $0 }) else { return }
        let path = self.path
        try writingWithoutTransaction { db in
            let drained = build.drained()
            let stored = try Row.fetchOne(
                db,
                sql: "SELECT count(*) AS rows, coalesce(max(rowid), 0) AS last FROM \(Schema.documents)"
            )
            if let drained, let stored, drained.rows == stored["rows"], drained.lastRowID == stored["last"] {
                try drained.builder.write()
            } else {
                build.markStale()
                try Self.buildFullText(in: db, path: path, runBytes: FullTextBuilder.runBytes)
            }
            bulkBuild.withLock { $0 = nil }
        }
    }

    /// Builds the full-text index when a run that built it beside its writer stopped before writing it, or refuses to
    /// open while such a run goes on.
    ///
    /// - Throws: ``StorageError`` (telling that another run builds it) while another process builds the index, or
    ///   when the index cannot be written.
    func finishInterruptedBuild(logger: Logger?) throws(StorageError) {
        guard concurrentReader != nil, !isReadOnly else { return }
        let unbuilt = try reading { db in
            let rows = try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM \(Schema.fullText)_docsize)")
            return try Self.holdsDocuments(db) && rows != true
        }
        guard unbuilt || BuildLock.exists(forIndexAt: path) else { return }
        guard let lock = try BuildLock(forIndexAt: path) else { throw StorageError.building(path) }
        if unbuilt {
            logger?.notice(
                "Building the full-text index, which a run stopped before it was written",
                metadata: ["path": "\(path)"]
            )
            try rebuildFullText()
        }
        withExtendedLifetime(lock) {}
    }

    /// Builds the full-text index of every stored text and writes it in place of the present one (``FullTextBuilder``
    /// writes through a connection of its own, so `db`, the writer's, must not be in a transaction).
    static func buildFullText(in db: Database, path: String, runBytes: Int) throws {
        let builder = try FullTextBuilder(forIndexAt: path, runBytes: runBytes)
        let rows = try Row.fetchCursor(db, sql: "SELECT id, title, body FROM document_content ORDER BY id")
        while let row = try rows.next() {
            guard let tokens = PretokenizedText.document(title: row["title"], body: row["body"]) else {
                throw StorageError.code(ResultCode.SQLITE_ERROR.rawValue, path: path)
            }
            try builder.add(rowID: row["id"], title: tokens.title, body: tokens.body)
        }
        try builder.write()
    }

    private static func holdsDocuments(_ db: Database) throws -> Bool {
        try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM \(Schema.documents))") ?? false
    }
}
