import Logging

extension SearchIndex {
    /// Checks the index: SQLite's structure, and the full-text index against the stored documents.
    ///
    /// The full-text comparison needs write access (FTS5 runs it as a write statement); on an index opened
    /// ``Mode/readOnly`` only the structure and the links between tables are checked.
    ///
    /// - Returns: Problems in plain words; empty when the index is sound.
    /// - Throws: ``StorageError`` when the index cannot be read at all.
    public func check() throws(StorageError) -> [String] {
        let problems = try store.integrityProblems()
        logger?.info("Checked the index", metadata: ["problems": "\(problems.count)"])
        return problems
    }

    /// Merges the full-text index's segments, and ranks the searches that many documents match again and keeps
    /// their best hits, for faster searches after many changes.
    ///
    /// A run over 2,000 files or more that adds or changes as many documents does both at its end.
    ///
    /// - Throws: ``StorageError`` when the index cannot be written.
    public func optimize() throws(StorageError) {
        let started = ContinuousClock.now
        try store.optimize()
        try keepTopHits()
        logger?.info("Merged the full-text index", metadata: ["duration": "\(ContinuousClock.now - started)"])
    }

    /// Rebuilds the full-text index from the stored documents, repairing it if it was damaged.
    ///
    /// An index file's full-text index comes out in one merged segment, as ``optimize()`` leaves it: it is built
    /// outside FTS5, in FTS5's own format, and replaced in one transaction. An in-memory index's is rebuilt by FTS5.
    ///
    /// - Throws: ``StorageError`` when the index cannot be written.
    public func rebuild() throws(StorageError) {
        let started = ContinuousClock.now
        try store.rebuildFullText()
        try keepTopHits()
        logger?.info("Rebuilt the full-text index", metadata: ["duration": "\(ContinuousClock.now - started)"])
    }

    /// Removes the documents an id, a path or `path#record` names.
    ///
    /// - Parameter reference: A document id, a file path (all its documents) or `path#record`.
    /// - Returns: How many documents were removed.
    /// - Throws: ``StorageError`` when the index cannot be written.
    @discardableResult
    public func remove(matching reference: String) throws(StorageError) -> Int {
        try remove(try documents(matching: reference).map(\.id))
    }
}
