/// Why a file could not be turned into documents.
///
/// Each error names the file and a reason in plain words, never the document's text.
public struct ExtractionError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The kinds of failure, for counting skipped files by reason.
    public struct Reason: RawRepresentable, Sendable, Hashable, Codable, CustomStringConvertible {
        /// A short name such as `binary` or `empty`.
        public let rawValue: String

        /// Wraps a reason name.
        ///
        /// - Parameter rawValue: The reason's short name.
        public init(rawValue: String) { self.rawValue = rawValue }

        /// The file is not text (NUL bytes or control characters throughout).
        public static let binary = Reason(rawValue: "binary")
        /// The file is empty or holds no searchable text.
        public static let empty = Reason(rawValue: "empty")
        /// The file is larger than the configured limit.
        public static let tooLarge = Reason(rawValue: "too large")
        /// The file could not be read.
        public static let unreadable = Reason(rawValue: "unreadable")
        /// The extension is not one PolicySearch reads.
        public static let unsupportedFormat = Reason(rawValue: "unsupported format")
        /// A program needed to read the format is not installed (for example `pdftotext` for PDFs).
        public static let missingTool = Reason(rawValue: "missing tool")
        /// The file's structure is broken (for example invalid front matter).
        public static let malformed = Reason(rawValue: "malformed")

        /// The reason in a few words, as reports print it.
        public var description: String { rawValue }
    }

    /// The file that failed.
    public let path: String
    /// The kind of failure.
    public let reason: Reason
    /// Details for people, for example the size limit or the line of a front-matter error.
    public let detail: String?

    /// Creates an error for a file.
    ///
    /// - Parameters:
    ///   - path: The file that failed.
    ///   - reason: The kind of failure.
    ///   - detail: Extra words for people.
    init(path: String, reason: Reason, detail: String? = nil) {
        self.path = path
        self.reason = reason
        self.detail = detail
    }

    /// A one-line message naming the file and the reason it was skipped.
    public var description: String {
        "\(path): \(reason)" + (detail.map { " (\($0))" } ?? "")
    }
}
