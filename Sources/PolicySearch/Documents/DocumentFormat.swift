/// The file format a document was read from.
public struct DocumentFormat: RawRepresentable, Sendable, Hashable, Codable, CustomStringConvertible {
    /// The stored name, for example `markdown`.
    public let rawValue: String

    /// Wraps a stored format name.
    ///
    /// - Parameter rawValue: A name such as `html`.
    public init(rawValue: String) {
        self.rawValue = rawValue
    }

    /// Plain UTF-8 (or Windows-1252) text.
    public static let plainText = DocumentFormat(rawValue: "text")
    /// Markdown, with optional YAML front matter.
    public static let markdown = DocumentFormat(rawValue: "markdown")
    /// An HTML page or fragment, including GPO text pages.
    public static let html = DocumentFormat(rawValue: "html")
    /// A Federal Register bulk-XML document (`<PRESDOCU>…`).
    public static let federalRegisterXML = DocumentFormat(rawValue: "fr-xml")
    /// A JSON document, or a Federal Register API metadata record.
    public static let json = DocumentFormat(rawValue: "json")
    /// One record of a JSON Lines file.
    public static let jsonLines = DocumentFormat(rawValue: "jsonl")
    /// One record of a CSV file.
    public static let csv = DocumentFormat(rawValue: "csv")
    /// A PDF, read through `pdftotext`.
    public static let pdf = DocumentFormat(rawValue: "pdf")
    /// A document given to the library in code rather than read from a file.
    public static let inMemory = DocumentFormat(rawValue: "in-memory")

    /// The format of files with an extension, or `nil` when PolicySearch does not read them.
    ///
    /// - Parameter fileExtension: An extension such as `md` or `HTM`, without the dot.
    public init?(fileExtension: String) {
        switch fileExtension.lowercased() {
        case "txt", "text": self = .plainText
        case "md", "markdown": self = .markdown
        case "html", "htm", "xhtml": self = .html
        case "xml": self = .federalRegisterXML
        case "json": self = .json
        case "jsonl", "ndjson": self = .jsonLines
        case "csv": self = .csv
        case "pdf": self = .pdf
        default: return nil
        }
    }

    /// The format's short name, such as `markdown` or `fr-xml`.
    public var description: String { rawValue }
}
