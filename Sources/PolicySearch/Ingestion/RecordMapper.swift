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
            let key = name.lowercased().trimmingWhitespace().replacingOccurrences(of: " ", with: "_")
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

/// Classifies White House "Presidential Actions" postings by the category label glued into their text
/// ("…HEADLINEExecutive OrdersNovember 17, 2025…"), else by their opening words ("A PROCLAMATION", "MEMORANDUM
/// FOR", "it is hereby ordered", "NOMINATIONS SENT TO THE SENATE").
enum PostingClassifier {
    private static let nominations = DocumentType(rawValue: "nominations_and_appointments")
    private static let factSheet = DocumentType(rawValue: "fact_sheet")
    private static let clemency = DocumentType(rawValue: "clemency")
    private static let otherAction = DocumentType(rawValue: "other_presidential_action")

    /// The site's category labels, as glued after the headline.
    private static let categories: [(String, DocumentType)] = [
        ("Nominations & Appointments", nominations), ("Presidential Memoranda", .memorandum),
        ("Executive Orders", .executiveOrder), ("Proclamations", .proclamation), ("Fact Sheets", factSheet),
        ("EXECUTIVE ORDER", .executiveOrder), ("ECEXUTIVE ORDER", .executiveOrder), ("PROCLAMATION", .proclamation),
    ]

    /// Words that give a posting's kind away when it has no label, most telling first.
    private static let openings: [(String, DocumentType)] = [
        ("a proclamation", .proclamation), ("hereby proclaim", .proclamation), ("memorandum for", .memorandum),
        ("memorandum to", .memorandum), ("presidential memorandum", .memorandum), ("subject:", .memorandum),
        ("nominations sent to the senate", nominations), ("i nominate", nominations), ("appointments", nominations),
        ("i hereby designate", nominations), ("it is hereby ordered", .executiveOrder), ("i hereby order", .memorandum),
        ("by the authority vested in me", .executiveOrder),
    ]

    /// The posting's type, or `nil` when the text is not a White House posting.
    ///
    /// - Parameters:
    ///   - body: The posting's text.
    ///   - headline: The posting's headline.
    /// - Returns: The type its label or opening words give.
    static func type(ofPosting body: String, headline: String?) -> DocumentType? {
        guard body.hasPrefix("Presidential Actions") || body.hasPrefix("Executive order") else { return nil }
        let title = (headline ?? "").lowercased()
        if title.hasPrefix("fact sheet") { return factSheet }
        var window = Substring(body.prefix(500))
        if let headline, let range = window.range(of: headline, options: [.caseInsensitive]) {
            window = window[range.upperBound...].prefix(160)
        }
        if title.contains("clemency") || title.contains("pardon") {
            return window.contains("PROCLAMATION") || window.contains("Proclamations") ? .proclamation : clemency
        }
        if title.contains("memorandum") { return .memorandum }
        let labelled = categories.compactMap { label, type -> (String.Index, DocumentType)? in
            window.range(of: label).map { ($0.lowerBound, type) }
        }.min { $0.0 < $1.0 }
        if let labelled { return labelled.1 }
        let opening = body.prefix(1200).lowercased()
        if let (_, type) = openings.first(where: { opening.contains($0.0) }) { return type }
        if title.hasSuffix(", 2025") || title.hasSuffix(", 2026") { return .proclamation }
        return otherAction
    }
}
