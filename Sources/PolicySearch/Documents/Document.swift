/// A policy document: its text, where it came from, and what is known about it.
///
/// Ingestion makes documents from files; a tool can also make its own and add them to a ``SearchIndex``:
///
/// ```swift
/// let memo = Document(
///     source: "https://example.gov/memos/42",
///     title: "Guidance on Model Evaluations",
///     body: "Agencies shall evaluate dual-use foundation models …",
///     metadata: DocumentMetadata(type: .memorandum, date: CalendarDate(year: 2025, month: 4, day: 3)))
/// try index.add(memo)
/// ```
public struct Document: Sendable, Hashable, Identifiable {
    /// The stable identifier, derived from ``source`` (and ``record``).
    public var id: DocumentID
    /// The file path or locator the document came from.
    public var source: String
    /// The key of the record inside a multi-record file, if the document is one record of many.
    public var record: String?
    /// The format the document was read from.
    public var format: DocumentFormat
    /// The title; never empty (the file name stands in when a document has no title).
    public var title: String
    /// The searchable text, normalized (NFC, no control characters, `\n` line breaks).
    public var body: String
    /// Type, dates, numbers and other fields.
    public var metadata: DocumentMetadata
    /// The SHA-256 of the source bytes the document was made from, as hexadecimal digits.
    public var contentHash: String
    /// The laws, regulations, Federal Register pages and orders the text cites, each once, in order of appearance.
    ///
    /// Found by ingestion; left empty in a document made in code, it is filled when the document is added.
    public var citations: [Citation]
    /// The numbered sections of the body, in order.
    ///
    /// Found by ingestion; left empty in a document made in code, it is filled when the document is added.
    public var sections: [Section]

    /// Creates a document.
    ///
    /// - Parameters:
    ///   - source: A file path or any locator unique among the caller's documents.
    ///   - record: The record key inside a multi-record source, if any.
    ///   - format: The format it was read from.
    ///   - title: The title.
    ///   - body: The text to search.
    ///   - metadata: Type, dates and other fields.
    ///   - contentHash: The hash of the source bytes; by default, the hash of the title and body.
    ///   - citations: The citations in the text; found when the document is added if empty.
    ///   - sections: The numbered sections; found when the document is added if empty.
    public init(
        source: String,
        record: String? = nil,
        format: DocumentFormat = .inMemory,
        title: String,
        body: String,
        metadata: DocumentMetadata = DocumentMetadata(),
        contentHash: String? = nil,
        citations: [Citation] = [],
        sections: [Section] = []
    ) {
        self.id = DocumentID(source: source, record: record)
        self.source = source
        self.record = record
        self.format = format
        self.title = title
        self.body = body
        self.metadata = metadata
        self.contentHash = contentHash ?? SHA256.hexDigest(of: Array((title + "\u{0}" + body).utf8))
        self.citations = citations
        self.sections = sections
    }
}
