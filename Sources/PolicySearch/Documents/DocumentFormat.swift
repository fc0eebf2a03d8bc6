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
        default: return nil
        }
    }

    public var description: String { rawValue }
}
