internal import CFullTextRank
import Foundation
internal import GRDB
internal import GRDBSQLite

/// The full-text index built outside FTS5 and written as FTS5's one merged segment (CFullTextRank's
/// `PolicySegmentBuilder`).
///
/// FTS5 would add each row's tokens to its in-memory hash, write the hash as a segment at every commit, and merge the
/// segments into one: all of it on the connection that writes. The builder inverts the rows into runs sorted by term
/// (kept in an unlinked temporary file beside the index, ``runBytes`` at a time), merges them term by term,
/// and writes the segment, the row sizes and the averages and structure records in one transaction of a connection
/// of its own. Its leaves and `%_idx` rows are those FTS5's own `'optimize'` writes (up to the 1,000 pages FTS5
/// merges per step), which `FullTextBuilderTests` checks byte for byte.
final class FullTextBuilder {
    /// How many bytes of doclists a run keeps in memory before it goes to the temporary file.
    ///
    /// `rebuild` of 10k generated documents (release build, one run each): runs of 2 MB 4.52 s and 45 MB at the
    /// peak, 4 MB 4.77 s and 49 MB, 16 MB 4.61 s and 72 MB, 64 MB 5.10 s and 144 MB. The merge keeps a read buffer
    /// of 64 KB or more for each run, so runs much smaller than this would cost memory at larger sizes.
    static let runBytes = 8 << 20

    private let builder: OpaquePointer
    /// The index file.
    let path: String

    /// Starts a build for the index file at `path`, whose temporary file goes beside it, with runs of about
    /// `runBytes`.
    init(forIndexAt path: String, runBytes: Int = FullTextBuilder.runBytes) throws(StorageError) {
        var made: OpaquePointer?
        let folder = (path as NSString).deletingLastPathComponent
        let code = policy_segment_builder_make(2, Int64(runBytes), folder.isEmpty ? "." : folder, &made)
        guard code == ResultCode.SQLITE_OK.rawValue, let made else { throw StorageError.code(code, path: path) }
        self.builder = made
        self.path = path
    }

    deinit {
        policy_segment_builder_free(builder)
    }

    /// Adds a row of the full-text table: its id, greater than those added before, and its title's and body's tokens.
    func add(rowID: Int64, title: PretokenizedText, body: PretokenizedText) throws(StorageError) {
        var columns: [OpaquePointer?] = [title.stream, body.stream]
        let code = withExtendedLifetime((title, body)) { policy_segment_builder_add(builder, rowID, &columns) }
        guard code == ResultCode.SQLITE_OK.rawValue else { throw StorageError.code(code, path: path) }
    }

    /// Replaces the full-text index's contents with the rows added, in one transaction of a connection of its own,
    /// so that the index's other connections read the new structure as another connection's change.
    ///
    /// No connection of this process may hold a write transaction on the file meanwhile.
    func write() throws(StorageError) {
        var message: UnsafeMutablePointer<CChar>?
        let milliseconds = Int32(DocumentStore.busyTimeout * 1_000)
        let code = policy_segment_builder_write(builder, path, Schema.fullText, milliseconds, &message)
        sqlite3_free(message)
        guard code == ResultCode.SQLITE_OK.rawValue else { throw StorageError.code(code, path: path) }
    }
}
