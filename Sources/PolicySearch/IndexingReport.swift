/// What adding files did: how many documents were added, updated or left unchanged, and which files were
/// skipped and why.
public struct IndexingReport: Sendable, Hashable {
    /// Documents new to the index.
    public var added = 0
    /// Documents whose content changed and were replaced.
    public var updated = 0
    /// Documents already indexed with the same content.
    public var unchanged = 0
    /// Documents removed because their files are no longer under an indexed folder.
    public var removed = 0
    /// Files that could not be indexed, each with its reason, in walk order.
    public var skipped: [ExtractionError] = []
    /// Metadata files (federalregister.gov API records) merged into the documents they describe.
    public var metadataFiles = 0
    /// Things the run's user should know once, such as a missing `pdftotext`.
    public var notices: [String] = []
    /// Whether the run stopped early because the task awaiting it was cancelled.
    ///
    /// The batches stored before it stopped stay indexed; the folders are not counted as synced, so the next run
    /// reads what this one did not reach.
    public var wasCancelled = false
    /// How long the run took, from finding its files to its return; zero for documents added in code.
    public var duration: Duration = .zero
    /// How long each step after the last file took (``IndexingProgress/Finishing``): only the steps the run took.
    ///
    /// A run over 100k generated documents took 73.3 s, of which 1.7 s went to sorting indexes, 13.5 s to merging the
    /// full-text index and 3.7 s to ranking frequent searches.
    public var finishingDurations: [IndexingProgress.Finishing: Duration] = [:]

    /// Creates an empty report.
    init() {}

    /// Skipped files counted by reason.
    public var skippedByReason: [ExtractionError.Reason: Int] {
        skipped.reduce(into: [:]) { counts, error in counts[error.reason, default: 0] += 1 }
    }
}

/// How far an indexing run has got, for progress displays and per-file logs.
public struct IndexingProgress: Sendable, Hashable {
    /// Files handled so far (indexed, unchanged or skipped).
    public let completedFiles: Int
    /// Files found in all.
    public let totalFiles: Int
    /// Documents read or found unchanged so far.
    public let completedDocuments: Int
    /// The files handled since the previous report, in the order they were found.
    public let files: [IndexedFile]
    /// What the run does after its last file, before it returns; `nil` while it reads files.
    ///
    /// A large run spends a while on these steps (at 100k documents, most of a minute).
    public internal(set) var finishing: Finishing? = nil

    /// A step of a run after its last file.
    public enum Finishing: Sendable, Hashable {
        /// Making the secondary indexes that a large run leaves to its end, each sorted once.
        case sortingIndexes
        /// Merging the full-text index into one segment: FTS5's segments, or, in a large first run, the runs its build
        /// beside the writer sorted.
        case mergingFullText
        /// Ranking the searches that many documents match, and keeping their best hits.
        case rankingFrequentSearches
    }
}

/// What an indexing run did with one file.
public struct IndexedFile: Sendable, Hashable {
    /// What happened to a file.
    public enum Change: Sendable, Hashable {
        /// Its documents are new to the index.
        case added
        /// Its content changed and its documents were replaced.
        case updated
        /// It is as it was at the last run.
        case unchanged
        /// It vanished from an indexed folder and its documents were removed.
        case removed
        /// It is a metadata file, merged into the documents it describes.
        case merged
        /// It could not be indexed, for the reason given.
        case skipped(ExtractionError)
    }

    /// The file's absolute path.
    public let path: String
    /// What happened to it.
    public let change: Change
    /// How many documents it holds (or held, when removed).
    public let documents: Int
}
