import Foundation
internal import GRDB
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The full-text index of a large first run, built beside the writer instead of by FTS5 on it
/// (``DocumentStore/beginBulkFullTextBuild()``).
///
/// While a build is open, the writer stores documents without their full-text rows and hands each document it adds
/// to the build, which inverts them into runs (``FullTextBuilder``) on a thread of its own;
/// ``DocumentStore/finishBulkFullTextBuild()`` writes the full-text index as one merged segment. A document changed or
/// removed after the build has it marks the build stale, and the index is then built again from every stored text
/// instead.
///
/// Unchecked `Sendable`: `builder` is only used on `queue` (and once it is drained); the rest is behind `state`.
final class FullTextBulkBuild: @unchecked Sendable {
    /// A document added while the build is open: its row id, its texts, and their tokens when they were made ahead
    /// of the writer.
    struct Row: Sendable {
        let rowID: Int64
        let title: String
        let body: String
        let tokens: (title: PretokenizedText, body: PretokenizedText)?
    }

    private struct State {
        var failure: StorageError?
        var isStale = false
        var rows = 0
        var lastRowID: Int64 = 0
    }

    private let builder: FullTextBuilder
    private let queue = DispatchQueue(label: "PolicySearch.fullTextBuild")
    /// Batches may wait for the build's thread two at a time; a writer that would queue a third waits instead.
    private let room = DispatchSemaphore(value: 2)
    private let state = Mutex(State())
    /// Held until the build is freed.
    private let lock: BuildLock

    init(forIndexAt path: String, lock: BuildLock) throws(StorageError) {
        self.builder = try FullTextBuilder(forIndexAt: path)
        self.lock = lock
    }

    /// Queues rows for the build's thread, in the order of their ids; waits while two batches wait already.
    func add(_ rows: [Row]) {
        guard !rows.isEmpty else { return }
        let ordered = state.withLock { state in
            defer { state.lastRowID = max(state.lastRowID, rows.last?.rowID ?? 0) }
            state.rows += rows.count
            return zip(rows, rows.dropFirst()).allSatisfy { $0.rowID < $1.rowID }
                && rows[0].rowID > state.lastRowID
        }
        guard ordered else {
            markStale()
            return
        }
        room.wait()
        queue.async { [self] in
            defer { room.signal() }
            guard state.withLock({ $0.failure == nil && !$0.isStale }) else { return }
            do throws(StorageError) {
                for row in rows {
                    guard let tokens = row.tokens ?? PretokenizedText.document(title: row.title, body: row.body) else {
                        throw StorageError.code(ResultCode.SQLITE_ERROR.rawValue, path: builder.path)
                    }
                    try builder.add(rowID: row.rowID, title: tokens.title, body: tokens.body)
                }
            } catch {
                state.withLock { if $0.failure == nil { $0.failure = error } }
            }
        }
    }

    /// Records that a document the build may hold changed or went: the index must be built from the stored texts.
    func markStale() {
        state.withLock { $0.isStale = true }
    }

    /// Waits for the queued rows, then gives the builder to write them, with how many rows were added and the last
    /// row id, or `nil` when the build is stale or failed and the index must be built from the stored texts.
    func drained() -> (builder: FullTextBuilder, rows: Int, lastRowID: Int64)? {
        queue.sync {}
        return state.withLock { state in
            state.failure == nil && !state.isStale ? (builder, state.rows, state.lastRowID) : nil
        }
    }
}

/// The lock a run building the full-text index beside its writer holds on a file beside the index (`-build`), so
/// that another process opening the index for writing waits for the build instead of writing into it.
///
/// An advisory `flock` on a file of its own: SQLite's POSIX locks on the index's files are released when any
/// descriptor of those files closes, so this lock never opens them. A run that is killed leaves the file unlocked,
/// which tells the next opening that nobody is building and it should finish the index.
final class BuildLock: Sendable {
    private let descriptor: Int32
    let path: String

    /// The lock file's path for an index.
    static func path(forIndexAt index: String) -> String { index + "-build" }

    /// Takes the lock, or gives `nil` when another descriptor holds it.
    ///
    /// - Throws: ``StorageError`` when the file cannot be made.
    init?(forIndexAt index: String) throws(StorageError) {
        let path = Self.path(forIndexAt: index)
        let descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw StorageError.code(ResultCode.SQLITE_CANTOPEN.rawValue, path: index) }
        guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
            close(descriptor)
            return nil
        }
        self.descriptor = descriptor
        self.path = path
    }

    /// Whether a lock file is there (held, or left by a killed run).
    static func exists(forIndexAt index: String) -> Bool {
        FileManager.default.fileExists(atPath: path(forIndexAt: index))
    }

    deinit {
        // Removed while still held, so that no other process takes a lock on a file about to go.
        unlink(path)
        close(descriptor)
    }
}
