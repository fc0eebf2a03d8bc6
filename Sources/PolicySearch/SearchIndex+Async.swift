import Dispatch
import Synchronization

extension SearchIndex {
    /// Indexes files and folders without blocking the caller's executor; see ``add(contentsOf:progress:)-5i9ho``.
    ///
    /// The work runs on a background queue (extraction on all cores, one writer), so awaiting it from the main
    /// actor or a busy task pool is safe. Cancelling the awaiting task stops the run before its next batch: what was
    /// stored stays indexed, and the report says ``IndexingReport/wasCancelled``.
    ///
    /// - Parameters:
    ///   - paths: Files and folders, relative to the current folder or absolute.
    ///   - progress: Called after each batch with how many files are done and what happened to each.
    /// - Returns: Counts of added, updated, unchanged and removed documents, and the skipped files with reasons.
    /// - Throws: ``StorageError`` when the index cannot be written (documents written before stay indexed).
    @discardableResult
    public func add(
        contentsOf paths: [String],
        progress: (@Sendable (IndexingProgress) -> Void)? = nil
    ) async throws(StorageError) -> IndexingReport {
        try await cancellably { isCancelled throws(StorageError) in
            try self.add(contentsOf: paths, progress: progress, isCancelled: isCancelled)
        }
    }

    /// Indexes every folder and file added before again, without blocking the caller's executor; see
    /// ``update(progress:)-3e8l``.
    ///
    /// Cancelling the awaiting task stops the run before its next batch, as for
    /// ``add(contentsOf:progress:)-48hs6``.
    ///
    /// - Parameter progress: Called after each batch with how many files are done.
    /// - Returns: What happened, as for ``add(contentsOf:progress:)-5i9ho``.
    /// - Throws: ``StorageError`` when the index cannot be written.
    @discardableResult
    public func update(
        progress: (@Sendable (IndexingProgress) -> Void)? = nil
    ) async throws(StorageError) -> IndexingReport {
        try await cancellably { isCancelled throws(StorageError) in
            try self.add(contentsOf: try self.store.roots(), progress: progress, isCancelled: isCancelled)
        }
    }

    /// Searches without blocking the caller's executor; see ``search(_:options:)``.
    ///
    /// Searches from many tasks run at once, also while another task adds documents.
    ///
    /// - Parameters:
    ///   - query: The query.
    ///   - options: Page, sort order, rendition handling and facets.
    /// - Returns: The page.
    /// - Throws: ``StorageError`` when the index cannot be read.
    public func search(_ query: SearchQuery, options: SearchOptions) async throws(StorageError) -> SearchPage {
        try await offloaded { () throws(StorageError) in try self.search(query, options: options) }
    }

    /// Runs blocking work on a global queue, telling it whether the awaiting task was cancelled.
    private func cancellably<Value: Sendable>(
        _ work: @escaping @Sendable (@escaping @Sendable () -> Bool) throws(StorageError) -> Value
    ) async throws(StorageError) -> Value {
        let cancelled = CancellationFlag()
        // The handler rethrows untyped errors, so the outcome crosses it as a Result.
        let result = await withTaskCancellationHandler { () async -> Result<Value, StorageError> in
            do throws(StorageError) {
                return .success(try await offloaded { () throws(StorageError) in try work { cancelled.isSet } })
            } catch {
                return .failure(error)
            }
        } onCancel: {
            cancelled.set()
        }
        return try result.get()
    }

    /// Runs blocking work on a global queue and resumes the caller when it is done.
    private func offloaded<Value: Sendable>(
        _ work: @escaping @Sendable () throws(StorageError) -> Value
    ) async throws(StorageError) -> Value {
        let result: Result<Value, StorageError> = await withCheckedContinuation { continuation in
            DispatchQueue.global(qos: .userInitiated).async {
                continuation.resume(returning: Result { () throws(StorageError) in try work() })
            }
        }
        return try result.get()
    }
}

/// Set once when a task is cancelled, read by the work it started on another thread.
private final class CancellationFlag: Sendable {
    private let flag = Atomic<Bool>(false)

    var isSet: Bool { flag.load(ordering: .relaxed) }

    func set() {
        flag.store(true, ordering: .relaxed)
    }
}
