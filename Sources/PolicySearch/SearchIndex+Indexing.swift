import Foundation
import Logging
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
        logger?.debug(
            "Stored documents made in code",
            metadata: ["added": "\(report.added)", "updated": "\(report.updated)", "unchanged": "\(report.unchanged)"]
        )
        return report
    }

    /// Indexes files and folders: every supported file below the folders, recursively, in a stable order.
    ///
    /// A file whose size and modification time are those of the last run is not read again; one that was only
    /// touched (same content hash) is not extracted again. Documents of files that vanished from an indexed folder
    /// are removed. A file that cannot be read is skipped and listed in the report with its reason; it never stops
    /// the run. Extraction runs on all cores while one writer stores each batch of files in a transaction, so a run
    /// that is interrupted keeps every batch it completed and the next run goes on from there. A run over 2,000 files
    /// or more that adds or changes as many documents ends by merging the full-text index, as ``optimize()`` does.
    /// Such a run into an index file without documents builds the full-text index beside the writer instead, and
    /// writes it at its end as one merged segment: searches meanwhile find none of its documents, and another process
    /// cannot open the index for writing. If the run is killed, the next opening for writing builds the full-text
    /// index of the documents it stored.
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
    ) throws(StorageError) -> IndexingReport {
        try add(contentsOf: paths, progress: progress, isCancelled: { false })
    }

    /// ``add(contentsOf:progress:)-5i9ho`` with the number of files from which a run defers some indexes to its end,
    /// and a check, made before each batch, that stops the run early (``IndexingReport/wasCancelled``).
    @discardableResult
    func add(
        contentsOf paths: [String],
        progress: (@Sendable (IndexingProgress) -> Void)?,
        deferringIndexesFrom bulkRunFiles: Int = SearchIndex.bulkRunFiles,
        isCancelled: @Sendable () -> Bool = { false }
    ) throws(StorageError) -> IndexingReport {
        let started = ContinuousClock.now
        var report = IndexingReport()
        let (files, skipped, vanished) = try walk(paths)
        report.skipped = skipped
        logger?.info(
            "Indexing",
            metadata: ["paths": "\(paths)", "files": "\(files.count)", "vanished": "\(vanished.count)"]
        )
        for error in skipped { logger?.warning("Skipped a file", metadata: ["reason": "\(error)"]) }
        let vanishedCounts = try store.storedSources(vanished)
        report.removed = try store.removeSources(vanished)
        let pdfs = files.filter { $0.lowercased().hasSuffix(".pdf") }.count
        if pdfs > 0, PDFExtractor.toolPath == nil {
            report.notices.append(
                "pdftotext is not installed, so \(pdfs) PDF files were skipped; install poppler-utils to index them"
            )
        }
        let total = files.count + report.skipped.count
        let state = Mutex(IndexingState(report: report, completedFiles: report.skipped.count))
        let removedFiles = vanished.map {
            IndexedFile(path: $0, change: .removed, documents: vanishedCounts[$0]?.documents ?? 0)
        }
        progress?(
            IndexingProgress(
                completedFiles: report.skipped.count,
                totalFiles: total,
                completedDocuments: 0,
                files: removedFiles + skipped.map { IndexedFile(path: $0.path, change: .skipped($0), documents: 0) }
            )
        )
        // A large run writes without the indexes whose pages every batch would rewrite, and sorts them once at
        // the end (Schema.deferredIndexes); searches meanwhile still work, without them.
        let deferringIndexes = files.count >= bulkRunFiles
        if deferringIndexes {
            logger?.debug("Deferring the indexes with scattered keys to the end of the run")
            try store.dropDeferredIndexes()
        }
        // A large run into an index file without documents leaves the full-text index to a build beside the writer,
        // written as one segment at the end (FullTextBulkBuild): FTS5 would index each row on the writer, write a
        // segment at each commit and merge them at the end, all on the one thread the run waits for.
        let buildingFullText = deferringIndexes ? try store.beginBulkFullTextBuild() : false
        if buildingFullText { logger?.debug("Building the full-text index beside the writer") }
        // One writer, one batch at a time, so that the next batch is extracted on all cores while the previous one
        // is written; this thread then tokenizes the next batch until the writer takes it. Batches of 64 to 256
        // files, about 16 per run: each is a transaction, after which FTS5 writes its buffered terms as a segment, so
        // larger ones write fewer segments to merge. (A second batch waiting for the writer made no run faster once
        // this thread tokenized while it waits: 10k generated documents, medians of 4 alternated, 6.01 against
        // 5.89 s; 100k, 2 pairs, 73.2 / 72.3 against 72.5 / 71.9 s; it held 13–17 MB more at the peak.)
        let writer = DispatchQueue(label: "PolicySearch.writer")
        let inFlight = DispatchSemaphore(value: 1)
        let batchSize = min(256, max(64, files.count / 16))
        for start in stride(from: 0, to: files.count, by: batchSize) {
            if state.withLock({ $0.failure != nil }) { break }
            if isCancelled() {
                state.withLock { $0.report.wasCancelled = true }
                break
            }
            let batch = Array(files[start..<min(start + batchSize, files.count)])
            let stored = try store.storedSources(batch)
            var outcomes = extract(batch, stored: stored, compressing: true)
            // Until the writer has room for the batch, this thread tokenizes its texts, for the writer to replay
            // instead of tokenizing them itself (TokenReplay): time this thread would spend waiting.
            var tokenizing = outcomes.startIndex
            while inFlight.wait(timeout: .now()) == .timedOut {
                while tokenizing < outcomes.endIndex, !outcomes[tokenizing].tokenizeNextDocument() { tokenizing += 1 }
                if tokenizing == outcomes.endIndex {
                    inFlight.wait()
                    break
                }
            }
            let store = self.store
            let logger = self.logger
            let extracted = outcomes
            writer.async {
                defer { inFlight.signal() }
                do throws(StorageError) {
                    let writing = ContinuousClock.now
                    let step = try Self.write(zip(batch, extracted).map { ($0, $1) }, stored: stored, into: store)
                    logger?.debug(
                        "Stored a batch",
                        metadata: [
                            "files": "\(step.files.count)", "documents": "\(step.outcomes.count)",
                            "duration": "\(ContinuousClock.now - writing)",
                        ]
                    )
                    for file in step.files {
                        if case .skipped(let error) = file.change {
                            logger?.warning("Skipped a file", metadata: ["reason": "\(error)"])
                        }
                    }
                    let snapshot = state.withLock { state in
                        state.record(step)
                        return state
                    }
                    progress?(
                        IndexingProgress(
                            completedFiles: snapshot.completedFiles,
                            totalFiles: total,
                            completedDocuments: snapshot.completedDocuments,
                            files: step.files
                        )
                    )
                } catch {
                    state.withLock { if $0.failure == nil { $0.failure = error } }
                }
            }
        }
        writer.sync {}
        if let logger, let counts = try? store.tokenReplayCounts() {
            logger.debug(
                "Tokenized texts ahead of the writer",
                metadata: ["replayed": "\(counts.replayed)", "tokenized by the writer": "\(counts.tokenized)"]
            )
        }
        let (ended, failure, completed) = state.withLock {
            ($0.report, $0.failure, ($0.completedFiles, $0.completedDocuments))
        }
        var finished = ended
        func reportStep(_ step: IndexingProgress.Finishing) {
            progress?(
                IndexingProgress(
                    completedFiles: completed.0,
                    totalFiles: total,
                    completedDocuments: completed.1,
                    files: [],
                    finishing: step
                )
            )
        }
        // A step of the run's end, timed. Its error ends the run unless the run failed already (the run's own error
        // says more); the next opening for writing does the step again.
        func finish(_ step: IndexingProgress.Finishing, _ body: () throws(StorageError) -> Void) throws(StorageError) {
            reportStep(step)
            let started = ContinuousClock.now
            do throws(StorageError) {
                try body()
                finished.finishingDurations[step] = ContinuousClock.now - started
            } catch {
                logger?.error("Could not finish the run", metadata: ["step": "\(step)", "error": "\(error)"])
                if failure == nil { throw error }
            }
        }
        if deferringIndexes {
            try finish(.sortingIndexes) { () throws(StorageError) in try store.createDeferredIndexes() }
        }
        // Also after a failure or a cancellation: the documents stored are then searchable.
        if buildingFullText {
            try finish(.mergingFullText) { () throws(StorageError) in try store.finishBulkFullTextBuild() }
        }
        if let failure {
            logger?.error("Indexing stopped", metadata: ["error": "\(failure)"])
            throw failure
        }
        try store.linkUnnumberedOrders()
        // A large run that wrote many documents ends by merging the full-text index into one segment, as `optimize`
        // does: a search then reads each word's rows from one segment instead of one per merge level (100k generated
        // documents: in-process median 17.8 against 16.1 ms, for 28 s added to a 270 s build). Smaller runs leave
        // FTS5's own merging to it.
        if deferringIndexes, !buildingFullText, !finished.wasCancelled,
            finished.added + finished.updated >= bulkRunFiles
        {
            do throws(StorageError) {
                logger?.debug("Merging the full-text index into one segment")
                reportStep(.mergingFullText)
                let merging = ContinuousClock.now
                try store.mergeFullText()
                finished.finishingDurations[.mergingFullText] = ContinuousClock.now - merging
            } catch {
                // Only speed is lost: searches read the segments as they are.
                logger?.warning("Could not merge the full-text index", metadata: ["error": "\(error)"])
            }
        }
        do throws(StorageError) {
            try store.storeDocumentLengths()
        } catch {
            // Only speed is lost: searches read the lengths from the full-text index instead.
            logger?.warning("Could not store the row lengths", metadata: ["error": "\(error)"])
        }
        // The same large runs rank the frequent searches again. After a smaller run, the hits kept before no longer
        // match the index and searches rank as they did; `optimize` ranks them again.
        if deferringIndexes, !finished.wasCancelled, finished.added + finished.updated >= bulkRunFiles {
            do throws(StorageError) {
                reportStep(.rankingFrequentSearches)
                let ranking = ContinuousClock.now
                try keepTopHits()
                finished.finishingDurations[.rankingFrequentSearches] = ContinuousClock.now - ranking
            } catch {
                logger?.warning("Could not keep the top hits of frequent searches", metadata: ["error": "\(error)"])
            }
        } else if (try? store.hasStaleTopHits()) == true {
            finished.notices.append(
                "the best hits kept for frequent searches no longer match the index, so those searches rank every "
                    + "match again; `policy-search optimize` ranks them anew"
            )
        }
        if finished.wasCancelled {
            logger?.info(
                "Indexing cancelled",
                metadata: ["added": "\(finished.added)", "updated": "\(finished.updated)"]
            )
            finished.duration = ContinuousClock.now - started
            return finished
        }
        // A root counts as synced once a run over it completes.
        try store.recordRoots(
            paths.map(DocumentReader.absolutePath).filter { FileManager.default.fileExists(atPath: $0) }
        )
        logger?.info(
            "Indexed",
            metadata: [
                "added": "\(finished.added)", "updated": "\(finished.updated)",
                "unchanged": "\(finished.unchanged)", "removed": "\(finished.removed)",
                "skipped": "\(finished.skipped.count)", "duration": "\(ContinuousClock.now - started)",
            ]
        )
        finished.duration = ContinuousClock.now - started
        return finished
    }

    /// How many files make a run large enough to defer some indexes to its end (``Schema.deferredIndexes``).
    static let bulkRunFiles = 2_000

    /// What the writer has done so far, shared between the extracting thread and the writer queue.
    private struct IndexingState: Sendable {
        var report: IndexingReport
        var completedFiles: Int
        var completedDocuments = 0
        var failure: StorageError?

        mutating func record(_ step: WrittenBatch) {
            for outcome in step.outcomes { report.count(outcome) }
            report.unchanged += step.unchangedDocuments
            report.metadataFiles += step.metadataFiles
            for file in step.files {
                if case .skipped(let error) = file.change { report.skipped.append(error) }
            }
            completedFiles += step.files.count
            completedDocuments += step.files.reduce(0) { $0 + $1.documents }
        }
    }

    /// What storing one batch did.
    private struct WrittenBatch: Sendable {
        var outcomes: [DocumentStore.WriteOutcome] = []
        var unchangedDocuments = 0
        var metadataFiles = 0
        var files: [IndexedFile] = []
    }

    /// Stores a batch of extracted files in one transaction and says what happened to each file.
    private static func write(
        _ batch: [(path: String, outcome: FileOutcome)],
        stored: [String: DocumentStore.StoredSource],
        into store: DocumentStore
    ) throws(StorageError) -> WrittenBatch {
        var written: [DocumentStore.FileDocuments] = []
        var sidecars: [MetadataSidecar] = []
        var signatures: [String: FileSignature?] = [:]
        for (path, outcome) in batch {
            switch outcome {
            case .documents(let file, let signature):
                written.append(file)
                signatures[path] = signature
            case .sidecar(let sidecar, let signature):
                sidecars.append(sidecar)
                signatures[path] = signature
            case .unchanged(let signature):
                if signature != stored[path]?.signature { signatures[path] = signature }
            case .skipped: break
            }
        }
        var step = WrittenBatch()
        step.outcomes = try store.write(written, sidecars: sidecars, signatures: signatures)
        var remaining = step.outcomes[...]
        for (path, outcome) in batch {
            switch outcome {
            case .documents(let file, _):
                let documents = file.documents
                let mine = remaining.prefix(documents.count)
                remaining = remaining.dropFirst(documents.count)
                let change: IndexedFile.Change =
                    mine.allSatisfy { $0 == .unchanged } && !documents.isEmpty
                    ? .unchanged : (stored[path]?.documents ?? 0) == 0 ? .added : .updated
                step.files.append(IndexedFile(path: path, change: change, documents: documents.count))
            case .sidecar:
                step.metadataFiles += 1
                step.files.append(IndexedFile(path: path, change: .merged, documents: 0))
            case .unchanged:
                let documents = stored[path]?.documents ?? 0
                step.unchangedDocuments += documents
                step.files.append(IndexedFile(path: path, change: .unchanged, documents: documents))
            case .skipped(let error):
                step.files.append(IndexedFile(path: path, change: .skipped(error), documents: 0))
            }
        }
        return step
    }

    /// Indexes every folder and file added before again: new and changed files are read, vanished ones removed.
    ///
    /// - Parameter progress: Called after each batch with how many files are done.
    /// - Returns: What happened, as for ``add(contentsOf:progress:)-5i9ho``.
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
        let removed = try store.remove(ids)
        logger?.debug("Removed documents", metadata: ["removed": "\(removed)"])
        return removed
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
