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
        let keys = JSONKeyOrder.keysOfObjects(in: file.bytes)
        if let array = json as? [[String: Any]] {
            let documents = array.enumerated().map { offset, object in
                RecordMapper.document(
                    from: JSONFields.ordered(object, keys: offset < keys.count ? keys[offset] : []),
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
        let fields = JSONFields.ordered(object, keys: keys.first ?? [])
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
    /// The object's fields whose values read as text, in the order of `keys` (the source's, from
    /// ``JSONKeyOrder``); any key the source order lacks comes after them, by name.
    static func ordered(_ object: [String: Any], keys: [String]) -> [(String, String)] {
        var seen = Set<String>()
        var ordered = keys.filter { object[$0] != nil && seen.insert($0).inserted }
        if ordered.count < object.count { ordered += object.keys.filter { !seen.contains($0) }.sorted() }
        return ordered.compactMap { key in value(object[key]).map { (key, $0) } }
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

/// The keys of JSON objects in the order the source writes them, which `JSONSerialization`'s dictionaries lose:
/// one pass over the bytes, linear in the file's size.
enum JSONKeyOrder {
    /// The keys of the top-level object, or of each object in a top-level array, in source order.
    ///
    /// One list per object; nested objects' keys are not included.
    static func keysOfObjects(in bytes: some Collection<UInt8>) -> [[String]] {
        var objects: [[String]] = []
        var containers: [UInt8] = []  // `{` or `[` for each open container, outermost first
        var string: [UInt8] = []
        var inString = false
        var escaped = false
        var hasEscape = false
        var lastString: [UInt8]?
        // The top-level object, or an object that is an element of a top-level array.
        var inRecordedObject: Bool {
            containers.last == UInt8(ascii: "{")
                && (containers.count == 1 || (containers.count == 2 && containers[0] == UInt8(ascii: "[")))
        }
        for byte in bytes {
            if inString {
                if escaped {
                    escaped = false
                } else if byte == UInt8(ascii: "\\") {
                    escaped = true
                    hasEscape = true
                } else if byte == UInt8(ascii: "\"") {
                    inString = false
                    lastString = string
                    continue
                }
                string.append(byte)
                continue
            }
            switch byte {
            case UInt8(ascii: "\""):
                inString = true
                hasEscape = false
                string.removeAll(keepingCapacity: true)
            case UInt8(ascii: ":"):
                if inRecordedObject, let key = lastString, !objects.isEmpty {
                    objects[objects.count - 1].append(decodedKey(key, hasEscape: hasEscape))
                }
            case UInt8(ascii: "{"):
                containers.append(byte)
                if inRecordedObject { objects.append([]) }
            case UInt8(ascii: "["):
                containers.append(byte)
            case UInt8(ascii: "}"), UInt8(ascii: "]"):
                _ = containers.popLast()
            case 0x20, 0x09, 0x0A, 0x0D:
                continue
            default:
                break
            }
            lastString = nil
        }
        return objects
    }

    /// A key's text: its bytes as UTF-8, or decoded by `JSONSerialization` when it holds an escape.
    private static func decodedKey(_ bytes: [UInt8], hasEscape: Bool) -> String {
        guard hasEscape else { return String(decoding: bytes, as: UTF8.self) }
        let quoted = Data([UInt8(ascii: "\"")] + bytes + [UInt8(ascii: "\"")])
        return (try? JSONSerialization.jsonObject(with: quoted, options: .fragmentsAllowed) as? String)
            ?? String(decoding: bytes, as: UTF8.self)
    }
}
