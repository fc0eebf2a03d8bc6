import Foundation

/// A file's bytes and identity, as handed to an extractor.
struct SourceFile: Sendable {
    /// The absolute, standardized path.
    let path: String
    /// The raw contents.
    let bytes: Data
    /// The SHA-256 of ``bytes``.
    let contentHash: String

    init(path: String, bytes: Data) {
        self.path = path
        self.bytes = bytes
        self.contentHash = bytes.withUnsafeBytes { buffer in
            var hasher = SHA256()
            hasher.update(buffer)
            return hasher.finalizeHex()
        }
    }

    /// The contents decoded and normalized for indexing.
    var text: String { String(decodingDocument: bytes).normalizedForIndexing }

    /// The file name without its extension, the title of last resort.
    var baseName: String { URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent }
}

/// Turns one file of a format into documents.
protocol DocumentExtractor: Sendable {
    /// Extracts the documents a file holds (one for most formats; one per record for record files).
    ///
    /// - Parameter file: The file's path and bytes.
    /// - Returns: The documents, each with its title, body and metadata.
    /// - Throws: ``ExtractionError`` naming the file and the reason it cannot be read.
    func documents(from file: SourceFile) throws(ExtractionError) -> [Document]
}

extension SourceFile {
    /// The one document of a single-document file, or an "empty" error when its body holds nothing searchable.
    ///
    /// - Parameters:
    ///   - format: The file's format.
    ///   - title: The title found, if any; the plain-text title rule fills in otherwise.
    ///   - body: The extracted text.
    ///   - metadata: What the file declared about itself.
    /// - Returns: The document, as a one-element array.
    /// - Throws: ``ExtractionError`` with the reason `empty` when the body has no letter or digit.
    func singleDocument(
        format: DocumentFormat,
        title: String?,
        body: String,
        metadata: DocumentMetadata
    ) throws(ExtractionError) -> [Document] {
        guard body.contains(where: { $0.isLetter || $0.isNumber }) else {
            throw ExtractionError(path: path, reason: .empty)
        }
        let title = title ?? PlainTextExtractor.title(of: body)
        return [Document(extractedFrom: self, format: format, title: title, body: body, metadata: metadata)]
    }
}

extension Document {
    /// Assembles a document from what an extractor found, filling the gaps from the text itself.
    ///
    /// Metadata declared by the document wins; the text's own words ("Executive Order 13859 of February 11,
    /// 2019") fill what is missing; a folder named `articles` or `news` marks an untyped document as an article.
    init(
        extractedFrom file: SourceFile,
        format: DocumentFormat,
        title: String?,
        body: String,
        metadata: DocumentMetadata
    ) {
        var metadata = metadata
        let findings = TextMetadataDetector.findings(in: (title.map { $0 + "\n" } ?? "") + body)
        if metadata.type == .other {
            metadata.type = findings.type ?? Document.typeHint(fromPath: file.path) ?? .other
        }
        if metadata.date == nil { metadata.date = findings.date }
        if metadata.type == .other, metadata.executiveOrderNumber != nil { metadata.type = .executiveOrder }
        if metadata.publicationDate == nil, let url = metadata.sourceURL {
            metadata.publicationDate = Document.publicationDate(fromFederalRegisterURL: url)
        }
        if metadata.executiveOrderNumber == nil, metadata.type == .executiveOrder {
            metadata.executiveOrderNumber = findings.executiveOrderNumber
        }
        if let president = metadata.president {
            metadata.president = President.canonicalName(president, on: metadata.date)
        } else if let date = metadata.date, metadata.type != .article, metadata.type != .other {
            metadata.president = President.inOffice(on: date)
        }
        let cleanTitle = title?.collapsingWhitespace ?? ""
        self.init(
            source: file.path,
            format: format,
            title: cleanTitle.isEmpty ? file.baseName : cleanTitle,
            body: body,
            metadata: metadata,
            contentHash: file.contentHash
        )
        self.completeCitationsAndSections()
    }

    /// Finds citations and sections when they have not been found yet.
    mutating func completeCitationsAndSections() {
        if citations.isEmpty {
            citations = CitationExtractor.citations(in: body, excludingOrder: metadata.executiveOrderNumber)
        }
        if sections.isEmpty { sections = SectionDetector.sections(in: body) }
    }

    /// The publication date in a federalregister.gov document URL: `…/documents/2024/12/26/2024-31143/…` or
    /// `…/full_text/html/1994/01/05/94-290.html`.
    static func publicationDate(fromFederalRegisterURL url: String) -> CalendarDate? {
        guard url.contains("federalregister.gov/") else { return nil }
        let parts = url.split(separator: "/")
        for index in parts.indices.dropLast(2) {
            guard parts[index].count == 4, let year = Int(parts[index]), (1936...2100).contains(year),
                parts[index + 1].count == 2, let month = Int(parts[index + 1]),
                parts[index + 2].count == 2, let day = Int(parts[index + 2])
            else { continue }
            return CalendarDate(year: year, month: month, day: day)
        }
        return nil
    }

    private static func typeHint(fromPath path: String) -> DocumentType? {
        let folders = path.split(separator: "/").dropLast().map { $0.lowercased() }
        if folders.contains(where: { ["articles", "article", "news", "press"].contains($0) }) { return .article }
        return nil
    }
}
