import Foundation
import Synchronization

extension SearchIndex {
    /// Adds or updates one document made in code.
    ///
    /// - Parameter document: The document; one with the same ``Document/id`` replaces the stored one.
    /// - Returns: A report counting it as added, updated or unchanged.
    /// - Throws: ``StorageError`` when the index cannot be opened, read or written.
    @discardableResult
    public func add(_ document: Document) throws(StorageError) -> IndexingReport {
        try add([document])
    }

    /// Adds or updates documents made in code, in one transaction.
    ///
    /// - Parameter documents: The documents.
    /// - Returns: A report counting each as added, updated or unchanged.
    /// - Throws: ``StorageError`` when the index cannot be opened, read or written.
    @discardableResult
    public func add(_ documents: [Document]) throws(StorageError) -> IndexingReport {
        var report = IndexingReport()
        for outcome in try store.write(documents.map(Self.normalized)) { report.count(outcome) }
        return report
    }

    /// Indexes files and folders: every supported file below the folders, recursively, in a stable order.
    ///
    /// Unchanged files (same content hash) are not extracted again. A file that cannot be read is skipped and
    /// listed in the report with its reason; it never stops the run. Extraction runs on all cores while one
    /// writer stores each batch in a transaction.
    ///
    /// - Parameters:
    ///   - paths: Files and folders, relative to the current folder or absolute.
    ///   - progress: Called after each batch with how many files are done.
    /// - Returns: Counts of added, updated and unchanged documents, and the skipped files with reasons.
    /// - Throws: ``StorageError`` when the index cannot be written (documents written before stay indexed).
    @discardableResult
    public func add(
        contentsOf paths: [String],
        progress: (@Sendable (IndexingProgress) -> Void)? = nil
    ) throws(StorageError) -> IndexingReport {
        var report = IndexingReport()
        var files: [String] = []
        for entry in reader.entries(under: paths) {
            switch entry {
            case .file(let path): files.append(path)
            case .skipped(let error): report.skipped.append(error)
            }
        }
        let total = files.count + report.skipped.count
        var completed = report.skipped.count
        let batchSize = 64
        for start in stride(from: 0, to: files.count, by: batchSize) {
            let batch = Array(files[start..<min(start + batchSize, files.count)])
            let storedHashes = try store.contentHashes(forSources: batch)
            var documents: [Document] = []
            for outcome in extract(batch, storedHashes: storedHashes) {
                switch outcome {
                case .documents(let extracted): documents += extracted
                case .unchanged(let count): report.unchanged += count
                case .skipped(let error): report.skipped.append(error)
                }
            }
            for outcome in try store.write(documents) { report.count(outcome) }
            completed += batch.count
            progress?(IndexingProgress(completedFiles: completed, totalFiles: total))
        }
        return report
    }

    private enum FileOutcome: Sendable {
        case documents([Document])
        case unchanged(Int)
        case skipped(ExtractionError)
    }

    /// Reads and extracts a batch of files on all cores, keeping their order.
    private func extract(_ paths: [String], storedHashes: [String: String]) -> [FileOutcome] {
        let results = Mutex([FileOutcome?](repeating: nil, count: paths.count))
        let reader = self.reader
        DispatchQueue.concurrentPerform(iterations: paths.count) { index in
            let path = paths[index]
            let outcome: FileOutcome
            do throws(ExtractionError) {
                let file = try reader.read(path)
                if storedHashes[path] == file.contentHash {
                    outcome = .unchanged(1)
                } else {
                    outcome = .documents(try reader.documents(from: file))
                }
            } catch {
                outcome = .skipped(error)
            }
            results.withLock { $0[index] = outcome }
        }
        return results.withLock { $0.compactMap { $0 } }
    }

    /// Removes documents by id.
    ///
    /// - Parameter ids: The documents to remove; unknown ids are ignored.
    /// - Returns: How many documents were removed.
    /// - Throws: ``StorageError`` when the index cannot be opened, read or written.
    @discardableResult
    public func remove(_ ids: [DocumentID]) throws(StorageError) -> Int {
        try store.remove(ids)
    }

    private static func normalized(_ document: Document) -> Document {
        var copy = document
        copy.title = document.title.normalizedForIndexing.collapsingWhitespace
        copy.body = document.body.normalizedForIndexing
        return copy
    }
}

extension IndexingReport {
    mutating func count(_ outcome: DocumentStore.WriteOutcome) {
        switch outcome {
        case .added: added += 1
        case .updated: updated += 1
        case .unchanged: unchanged += 1
        }
    }
}
