import Foundation
internal import GRDB

extension DocumentStore {
    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return encoder
    }()

    /// The metadata columns of a document row, in the order ``metadataArguments(_:)`` binds them.
    static let metadataColumns = [
        "type", "date", "publication_date", "president", "executive_order_number", "document_number", "citation",
        "source_url", "additional_fields",
    ]

    static func metadataArguments(_ metadata: DocumentMetadata) -> StatementArguments {
        // [String: String] always encodes; nil only for an empty dictionary.
        let fields: String? =
            metadata.additionalFields.isEmpty
            ? nil : (try? String(decoding: encoder.encode(metadata.additionalFields), as: UTF8.self))
        return [
            metadata.type.rawValue, metadata.date?.description, metadata.publicationDate?.description,
            metadata.president, metadata.executiveOrderNumber, metadata.documentNumber, metadata.citation,
            metadata.sourceURL, fields,
        ]
    }

    static func metadata(from row: Row) -> DocumentMetadata {
        var fields: [String: String] = [:]
        // Written by metadataArguments as [String: String]; a value that does not decode is left out.
        if let json = row["additional_fields"] as String?,
            let decoded = try? JSONDecoder().decode([String: String].self, from: Data(json.utf8))
        {
            fields = decoded
        }
        return DocumentMetadata(
            type: DocumentType(rawValue: row["type"]),
            date: (row["date"] as String?).flatMap(CalendarDate.init(isoString:)),
            publicationDate: (row["publication_date"] as String?).flatMap(CalendarDate.init(isoString:)),
            president: row["president"],
            executiveOrderNumber: row["executive_order_number"],
            documentNumber: row["document_number"],
            citation: row["citation"],
            sourceURL: row["source_url"],
            additionalFields: fields
        )
    }

    static func summary(from row: Row) -> DocumentSummary {
        DocumentSummary(
            id: DocumentID(rawValue: row["document_id"]),
            source: row["source"],
            record: row["record"],
            format: DocumentFormat(rawValue: row["format"]),
            title: row["title"],
            metadata: metadata(from: row)
        )
    }

    static func document(from row: Row, in db: Database) throws -> Document {
        let rowID: Int64 = row["rowid"]
        let citations = try Row.fetchAll(
            db.cachedStatement(sql: "SELECT kind, text FROM citations WHERE document_rowid = ? ORDER BY rowid"),
            arguments: [rowID]
        ).map { Citation(kind: Citation.Kind(rawValue: $0["kind"]), text: $0["text"]) }
        let sections = try self.sections(ofRow: rowID, in: db)
        let body = try text(ofRow: rowID, in: db)?.body ?? ""
        var document = Document(
            source: row["source"],
            record: row["record"],
            format: DocumentFormat(rawValue: row["format"]),
            title: row["title"],
            body: body,
            metadata: metadata(from: row),
            contentHash: row["content_hash"],
            citations: citations,
            sections: sections
        )
        document.id = DocumentID(rawValue: row["document_id"])
        return document
    }

    /// A document's stored title and body (decompressed).
    static func text(ofRow rowID: Int64, in db: Database) throws -> (title: String, body: String)? {
        guard
            let row = try Row.fetchOne(
                db.cachedStatement(sql: "SELECT title, body FROM document_text WHERE rowid = ?"),
                arguments: [rowID]
            )
        else { return nil }
        guard let body = TextCompression.text(row["body"]) else {
            throw DatabaseError(resultCode: .SQLITE_CORRUPT, message: "the body of row \(rowID) does not decompress")
        }
        return (row["title"], body)
    }

    static func sections(ofRow rowID: Int64, in db: Database) throws -> [Section] {
        try Row.fetchAll(
            db.cachedStatement(
                sql: "SELECT number, heading, start_offset FROM sections WHERE document_rowid = ? ORDER BY ordinal"
            ),
            arguments: [rowID]
        ).map { Section(number: $0["number"], heading: $0["heading"], startOffset: $0["start_offset"]) }
    }

    /// A title reduced to its lower-case letters and digits, for recognizing renditions of one order across
    /// sources: White House postings glue words together ("Andrestoring") and vary the case, so spaces and
    /// punctuation do not count.
    static func titleKey(_ title: String) -> String? {
        let key = String(title.lowercased().unicodeScalars.filter { CharacterSet.alphanumerics.contains($0) })
        return key.count >= 12 ? key : nil
    }

    /// The key that groups renditions of one order: `EO-14110`.
    static func groupKey(_ metadata: DocumentMetadata) -> String? {
        metadata.executiveOrderNumber.map { "EO-" + $0 }
    }
}
