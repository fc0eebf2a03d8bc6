import Foundation

/// Turns one record of a record file (a JSON Lines line, a CSV row, a JSON object) into a document, using the
/// record's own fields as metadata: `title`/`headline`, `text`/`content`/`body`, `signing_date`/`date`,
/// `president`, `citation`, `document_number`, an `EO-14110`-style `doc_id`, links, and any other field kept by name.
enum RecordMapper {
    private static let idKeys = ["doc_id", "document_id", "id", "record_id"]
    private static let titleKeys = ["title", "headline", "subject"]
    private static let bodyKeys = ["text", "content", "body", "full_text", "body_text"]
    private static let dateKeys = ["signing_date", "signed", "date", "posted", "date_signed"]
    private static let urlKeys = ["source_url", "link", "url", "html_url", "body_html_url"]

    /// Makes a document from a record's fields.
    ///
    /// - Parameters:
    ///   - fields: The record's fields in file order (names as written).
    ///   - index: The record's position in the file, from 1, used as its key when it has no id field.
    ///   - file: The file the record is in.
    ///   - format: The file's format.
    /// - Returns: The document, addressable as the file plus the record key.
    static func document(
        from fields: [(String, String)],
        index: Int,
        in file: SourceFile,
        format: DocumentFormat
    ) -> Document {
        var byKey: [String: String] = [:]
        for (name, value) in fields {
            let key = name.lowercased().trimmingWhitespace().replacingASCII(" ", with: "_")
            if byKey[key] == nil { byKey[key] = value.normalizedForIndexing.trimmingWhitespace() }
        }
        func first(_ keys: [String]) -> (key: String, value: String)? {
            for key in keys { if let value = byKey[key], !value.isEmpty { return (key, value) } }
            return nil
        }
        let recordID = first(idKeys)?.value ?? String(index)
        let title = first(titleKeys)?.value
        let body = first(bodyKeys)?.value ?? ""
        var metadata = DocumentMetadata()
        var used = Set(idKeys + titleKeys + bodyKeys)
        if let (key, value) = first(["type", "doc_type", "document_type", "subtype", "category"]) {
            metadata.type = .named(value)
            used.insert(key)
        }
        if let (_, value) = first(dateKeys) { metadata.date = TextMetadataDetector.date(from: value) }
        if let value = byKey["publication_date"] { metadata.publicationDate = TextMetadataDetector.date(from: value) }
        metadata.president = first(["president"])?.value
        metadata.citation = first(["citation", "fr_citation"])?.value
        metadata.executiveOrderNumber =
            first(["executive_order_number", "eo_number", "eo"])?.value ?? executiveOrderNumber(fromID: recordID)
        metadata.sourceURL = first(urlKeys)?.value
        metadata.documentNumber =
            first(["document_number", "fr_doc_number", "fr_document_number"])?.value
            ?? documentNumber(fromURL: byKey["body_html_url"] ?? byKey["html_url"])
        used.formUnion(dateKeys + urlKeys)
        used.formUnion([
            "publication_date", "president", "citation", "fr_citation", "executive_order_number", "eo_number", "eo",
            "document_number", "fr_doc_number", "fr_document_number",
        ])
        for (name, value) in fields where !used.contains(name.lowercased()) && !value.isEmpty {
            metadata.additionalFields[name] = value
        }
        if metadata.type == .other, let posted = PostingClassifier.type(ofPosting: body, headline: title) {
            metadata.type = posted
        }
        var document = Document(
            extractedFrom: file,
            format: format,
            title: title ?? PlainTextExtractor.title(of: body) ?? recordID,
            body: body,
            metadata: metadata
        )
        document.record = recordID
        document.id = DocumentID(source: file.path, record: recordID)
        return document
    }

    /// `EO-14110` → `14110`, `EO-6106-A` → `6106-A`.
    private static func executiveOrderNumber(fromID id: String) -> String? {
        guard id.hasPrefix("EO-") else { return nil }
        let number = id.dropFirst(3)
        return number.first?.isNumber == true ? String(number) : nil
    }

    /// The document number at the end of a federalregister.gov document URL (`…/html/1994/01/05/94-290.html`).
    private static func documentNumber(fromURL url: String?) -> String? {
        guard let url, url.contains("federalregister.gov") else { return nil }
        let last = url.split(separator: "/").last.map(String.init) ?? ""
        let number = last.hasSuffix(".html") ? String(last.dropLast(5)) : last
        return number.contains("-") && number.first?.isNumber == true ? number : nil
    }
}
