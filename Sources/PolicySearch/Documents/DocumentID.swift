/// A document's stable identifier: 16 hexadecimal digits derived from where the document came from.
///
/// The same source path (and, for multi-record files, the same record key) always gives the same id, so
/// indexing a file again updates its document instead of adding a second one.
public struct DocumentID: RawRepresentable, Sendable, Hashable, Codable, CustomStringConvertible {
    /// The identifier's text, for example `3f9a1c2b7e40d5a8`.
    public let rawValue: String

    /// Wraps an identifier's text as it was stored or printed.
    ///
    /// - Parameter rawValue: The identifier's text.
    public init(rawValue: String) {
        self.rawValue = rawValue
    }

    /// Derives the identifier of the document stored at a source location.
    ///
    /// - Parameters:
    ///   - source: The document's path, or any other locator a caller uses for its own documents.
    ///   - record: The key of a record inside a multi-record file, if any.
    public init(source: String, record: String? = nil) {
        let key = record.map { source + "#" + $0 } ?? source
        self.rawValue = String(SHA256.hexDigest(of: Array(key.utf8)).prefix(16))
    }

    /// The identifier as text.
    public var description: String { rawValue }
}
