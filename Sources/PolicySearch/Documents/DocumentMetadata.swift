/// What PolicySearch knows about a document besides its text.
///
/// Ingestion fills these fields from a document's own metadata (front matter, record fields) where it has
/// them, and otherwise from its text (for example "Executive Order 13859 of February 11, 2019").
public struct DocumentMetadata: Sendable, Hashable, Codable {
    /// The kind of document.
    public var type: DocumentType
    /// The day the document was signed or, for articles, written.
    public var date: CalendarDate?
    /// The day of Federal Register publication, when known.
    public var publicationDate: CalendarDate?
    /// The president who signed the document, when known.
    public var president: String?
    /// The executive order number as printed, for example `14110` or `6106-A`.
    public var executiveOrderNumber: String?
    /// The Federal Register document number, for example `2023-24283`.
    public var documentNumber: String?
    /// The Federal Register citation, for example `88 FR 75191`.
    public var citation: String?
    /// Where the original was published.
    public var sourceURL: String?
    /// Any other fields the document declared (for example in Markdown front matter), by name.
    public var additionalFields: [String: String]

    /// Creates metadata; every field but the type is optional.
    ///
    /// - Parameters:
    ///   - type: The kind of document.
    ///   - date: The signing (or writing) date.
    ///   - publicationDate: The publication date.
    ///   - president: The signing president.
    ///   - executiveOrderNumber: The executive order number.
    ///   - documentNumber: The Federal Register document number.
    ///   - citation: The Federal Register citation.
    ///   - sourceURL: Where the original was published.
    ///   - additionalFields: Other named fields.
    public init(
        type: DocumentType = .other,
        date: CalendarDate? = nil,
        publicationDate: CalendarDate? = nil,
        president: String? = nil,
        executiveOrderNumber: String? = nil,
        documentNumber: String? = nil,
        citation: String? = nil,
        sourceURL: String? = nil,
        additionalFields: [String: String] = [:]
    ) {
        self.type = type
        self.date = date
        self.publicationDate = publicationDate
        self.president = president
        self.executiveOrderNumber = executiveOrderNumber
        self.documentNumber = documentNumber
        self.citation = citation
        self.sourceURL = sourceURL
        self.additionalFields = additionalFields
    }
}
