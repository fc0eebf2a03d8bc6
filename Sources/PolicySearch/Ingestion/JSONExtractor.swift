import Foundation

/// Reads `.json` files: a Federal Register API metadata record becomes a ``MetadataSidecar``; an object with a
/// text field becomes a document; an array of objects becomes one document per object.
struct JSONExtractor {
    enum Output {
        case documents([Document])
        case sidecar(MetadataSidecar)
    }

    func extract(_ file: SourceFile) throws(ExtractionError) -> Output {
        let json: Any
        do {
            json = try JSONSerialization.jsonObject(with: file.bytes)
        } catch {
            throw ExtractionError(path: file.path, reason: .malformed, detail: "invalid JSON")
        }
        if let array = json as? [[String: Any]] {
            let documents = array.enumerated().map { offset, object in
                RecordMapper.document(
                    from: JSONFields.ordered(object, line: file.bytes),
                    index: offset + 1,
                    in: file,
                    format: .json
                )
            }
            guard !documents.isEmpty else { throw ExtractionError(path: file.path, reason: .empty) }
            return .documents(documents)
        }
        guard let object = json as? [String: Any] else {
            throw ExtractionError(path: file.path, reason: .malformed, detail: "not a JSON object or array")
        }
        let fields = JSONFields.ordered(object, line: file.bytes)
        let hasText = ["text", "body", "content", "full_text"].contains {
            (JSONFields.value(object[$0]) ?? "").count > 40
        }
        if !hasText, object["document_number"] != nil || object["executive_order_number"] != nil {
            return .sidecar(Self.sidecar(from: object, file: file))
        }
        guard hasText else {
            throw ExtractionError(path: file.path, reason: .empty, detail: "no text field and no document number")
        }
        return .documents([RecordMapper.document(from: fields, index: 1, in: file, format: .json)])
    }

    private static func sidecar(from object: [String: Any], file: SourceFile) -> MetadataSidecar {
        func text(_ key: String) -> String? {
            JSONFields.value(object[key]).flatMap { $0.trimmingWhitespace().isEmpty ? nil : $0.trimmingWhitespace() }
        }
        var metadata = DocumentMetadata()
        if let subtype = text("subtype") { metadata.type = .named(subtype) }
        metadata.date = text("signing_date").flatMap(TextMetadataDetector.date(from:))
        metadata.publicationDate = text("publication_date").flatMap(TextMetadataDetector.date(from:))
        metadata.executiveOrderNumber = text("executive_order_number")
        metadata.documentNumber = text("document_number")
        metadata.citation = text("citation")
        metadata.sourceURL = text("html_url")
        if let president = object["president"] as? [String: Any], let name = president["name"] as? String {
            metadata.president = name
        }
        for key in ["disposition_notes", "executive_order_notes", "abstract", "toc_subject"] {
            if let value = text(key) { metadata.additionalFields[key] = value }
        }
        // A signing date after publication is a data error in the record (seen in the API record of EO 13526);
        // the document's own text gives the date instead.
        if let signed = metadata.date, let published = metadata.publicationDate, signed > published {
            metadata.date = nil
        }
        if let date = metadata.date {
            metadata.president =
                metadata.president.map { President.canonicalName($0, on: date) }
                ?? President.inOffice(on: date)
        }
        return MetadataSidecar(
            source: file.path,
            title: text("title"),
            metadata: metadata,
            contentHash: file.contentHash
        )
    }
}

/// Field values of a decoded JSON object as text, in the order the keys appear in the source.
enum JSONFields {
    static func ordered(_ object: [String: Any], line: Data) -> [(String, String)] {
        let text = String(decoding: line, as: UTF8.self)
        let keys = object.keys.sorted { left, right in
            let leftAt = text.range(of: "\"\(left)\"")?.lowerBound ?? text.endIndex
            let rightAt = text.range(of: "\"\(right)\"")?.lowerBound ?? text.endIndex
            return leftAt < rightAt
        }
        return keys.compactMap { key in value(object[key]).map { (key, $0) } }
    }

    static func value(_ any: Any?) -> String? {
        switch any {
        case let string as String: return string
        case let number as NSNumber: return number.stringValue
        case let array as [Any]: return array.compactMap { value($0) }.joined(separator: ", ")
        default: return nil
        }
    }
}
