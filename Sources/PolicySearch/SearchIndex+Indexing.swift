import Foundation
import Synchronization

extension FileManager {
    func isDirectory(_ path: String) -> Bool {
        var isDirectory: ObjCBool = false
        return fileExists(atPath: path, isDirectory: &isDirectory) && isDirectory.boolValue
    }
}

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
        let files = documents.map(Self.normalized).map {
            DocumentStore.FileDocuments(source: $0.source, documents: [$0])
        }
        for outcome in try store.write(files) { report.count(outcome) }
        try store.linkUnnumberedOrders()
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
        let (files, skipped, vanished) = try walk(paths)
        report.skipped = skipped
        report.removed = try store.removeSources(vanished)
        let roots = paths.map(DocumentReader.absolutePath)
        try store.recordRoots(roots.filter { FileManager.default.fileExists(atPath: $0) })
        let pdfs = files.filter { $0.lowercased().hasSuffix(".pdf") }.count
        if pdfs > 0, PDFExtractor.toolPath == nil {
            report.notices.append(
                "pdftotext is not installed, so \(pdfs) PDF files were skipped; install poppler-utils to index them"
            )
        }
        let total = files.count + report.skipped.count
        let state = Mutex(
            IndexingState(report: report, completed: report.skipped.count)
        )
        // One writer, fed through a queue at most two batches deep, so that the next batch is extracted on all cores
        // while the previous one is written.
        let writer = DispatchQueue(label: "PolicySearch.writer")
        let inFlight = DispatchSemaphore(value: 2)
        let batchSize = 64
        for start in stride(from: 0, to: files.count, by: batchSize) {
            if state.withLock({ $0.failure != nil }) { break }
            let batch = Array(files[start..<min(start + batchSize, files.count)])
            let stored = try store.contentHashes(forSources: batch)
            var written: [DocumentStore.FileDocuments] = []
            var sidecars: [MetadataSidecar] = []
            var unchanged = 0
            var skipped: [ExtractionError] = []
            for (path, outcome) in zip(batch, extract(batch, storedHashes: stored)) {
                switch outcome {
                case .documents(let extracted): written.append(.init(source: path, documents: extracted))
                case .sidecar(let sidecar): sidecars.append(sidecar)
                case .unchanged: unchanged += stored[path]?.documents ?? 0
                case .skipped(let error): skipped.append(error)
                }
            }
            state.withLock {
                $0.report.unchanged += unchanged
                $0.report.skipped += skipped
            }
            inFlight.wait()
            let store = self.store
            writer.async { [written, sidecars] in
                defer { inFlight.signal() }
                do throws(StorageError) {
                    let outcomes = try store.write(written, sidecars: sidecars)
                    let done = state.withLock { state in
                        for outcome in outcomes { state.report.count(outcome) }
                        state.report.metadataFiles += sidecars.count
                        state.completed += batch.count
                        return state.completed
                    }
                    progress?(IndexingProgress(completedFiles: done, totalFiles: total))
                } catch {
                    state.withLock { if $0.failure == nil { $0.failure = error } }
                }
            }
        }
        writer.sync {}
        var (finished, failure) = state.withLock { ($0.report, $0.failure) }
        finished.removed = report.removed
        if let failure { throw failure }
        try store.linkUnnumberedOrders()
        return finished
    }

    /// What the writer has done so far, shared between the extracting thread and the writer queue.
    private struct IndexingState: Sendable {
        var report: IndexingReport
        var completed: Int
        var failure: StorageError?
    }

    /// The files under some roots, the entries skipped while walking, and the stored sources that vanished.
    ///
    /// Files that vanished from an indexed folder take their documents with them; a file that is still there but
    /// cannot be read now keeps the documents it had.
    private func walk(
        _ paths: [String]
    ) throws(StorageError) -> (files: [String], skipped: [ExtractionError], vanished: [String]) {
        var files: [String] = []
        var skipped: [ExtractionError] = []
        var seen = Set<String>()
        for entry in reader.entries(under: paths) {
            switch entry {
            case .file(let path):
                files.append(path)
                seen.insert(path)
            case .skipped(let error):
                skipped.append(error)
                seen.insert(error.path)
            }
        }
        var vanished: [String] = []
        for root in paths.map(DocumentReader.absolutePath) where FileManager.default.isDirectory(root) {
            vanished += try store.sources(under: root).subtracting(seen).sorted()
        }
        return (files, skipped, vanished)
    }

    private enum FileOutcome: Sendable {
        case documents([Document])
        case sidecar(MetadataSidecar)
        case unchanged
        case skipped(ExtractionError)
    }

    /// Reads and extracts a batch of files on all cores, keeping their order.
    private func extract(_ paths: [String], storedHashes: [String: DocumentStore.StoredSource]) -> [FileOutcome] {
        let results = Mutex([FileOutcome?](repeating: nil, count: paths.count))
        let reader = self.reader
        DispatchQueue.concurrentPerform(iterations: paths.count) { index in
            let path = paths[index]
            let outcome: FileOutcome
            do throws(ExtractionError) {
                let file = try reader.read(path)
                if storedHashes[path]?.contentHash == file.contentHash {
                    outcome = .unchanged
                } else {
                    switch try reader.extract(file) {
                    case .documents(let documents): outcome = .documents(documents)
                    case .sidecar(let sidecar): outcome = .sidecar(sidecar)
                    }
                }
            } catch {
                outcome = .skipped(error)
            }
            results.withLock { $0[index] = outcome }
        }
        return results.withLock { $0.compactMap { $0 } }
    }

    /// Reports what ``add(contentsOf:progress:)`` would do, without writing anything.
    ///
    /// - Parameter paths: Files and folders, relative to the current folder or absolute.
    /// - Returns: The documents that would be added, updated, left unchanged and removed, and the files that
    ///   would be skipped.
    /// - Throws: ``StorageError`` when the index cannot be read.
    public func preview(contentsOf paths: [String]) throws(StorageError) -> IndexingReport {
        var report = IndexingReport()
        let (files, skipped, vanished) = try walk(paths)
        report.skipped = skipped
        report.removed = try store.contentHashes(forSources: vanished).values.reduce(0) { $0 + $1.documents }
        for start in stride(from: 0, to: files.count, by: 64) {
            let batch = Array(files[start..<min(start + 64, files.count)])
            let stored = try store.contentHashes(forSources: batch)
            for (path, outcome) in zip(batch, extract(batch, storedHashes: stored)) {
                switch outcome {
                case .documents(let documents):
                    for document in documents {
                        if try store.document(document.id) == nil { report.added += 1 } else { report.updated += 1 }
                    }
                case .sidecar: report.metadataFiles += 1
                case .unchanged: report.unchanged += stored[path]?.documents ?? 0
                case .skipped(let error): report.skipped.append(error)
                }
            }
        }
        return report
    }

    /// Indexes every folder and file added before again: new and changed files are read, vanished ones removed.
    ///
    /// - Parameter progress: Called after each batch with how many files are done.
    /// - Returns: What happened, as for ``add(contentsOf:progress:)``.
    /// - Throws: ``StorageError`` when the index cannot be written.
    @discardableResult
    public func update(progress: (@Sendable (IndexingProgress) -> Void)? = nil) throws(StorageError) -> IndexingReport {
        try add(contentsOf: try store.roots(), progress: progress)
    }

    /// The folders and files added so far, as absolute paths.
    ///
    /// - Returns: The roots, in the order first added.
    /// - Throws: ``StorageError`` when the index cannot be read.
    public func roots() throws(StorageError) -> [String] {
        try store.roots()
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
        copy.completeCitationsAndSections()
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
