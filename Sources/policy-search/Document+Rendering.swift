import Foundation
import PolicySearch
import Rainbow

/// Prints one document's metadata for `show`.
struct DocumentRenderer {
    let currentDirectory: String

    private var paths: ResultRenderer { ResultRenderer(currentDirectory: currentDirectory) }

    func text(_ document: Document, renditions: [DocumentSummary], includingBody: Bool) -> String {
        let metadata = document.metadata
        var lines = [document.title.bold]
        func add(_ label: String, _ value: String?) {
            if let value, !value.isEmpty {
                lines.append("  " + (label + ":").padding(toLength: 18, withPad: " ", startingAt: 0) + value)
            }
        }
        add("id", document.id.rawValue)
        add("path", paths.displayPath(document.source) + (document.record.map { "#" + $0 } ?? ""))
        add("format", document.format.rawValue)
        add("type", metadata.type.description)
        add("signed", metadata.date?.description)
        add("published", metadata.publicationDate?.description)
        add("president", metadata.president)
        add("EO number", metadata.executiveOrderNumber)
        add("FR document", metadata.documentNumber)
        add("citation", metadata.citation)
        add("source URL", metadata.sourceURL)
        for (name, value) in metadata.additionalFields.sorted(by: { $0.key < $1.key }) {
            add(name, String(value.prefix(200)))
        }
        if !document.citations.isEmpty {
            lines.append("  citations (\(document.citations.count)):")
            lines += document.citations.map { "    \($0.text)" }
        }
        if !document.sections.isEmpty {
            lines.append("  sections (\(document.sections.count)):")
            lines += document.sections.map { "    \($0.label)" }
        }
        if !renditions.isEmpty {
            lines.append("  other renditions (\(renditions.count)):")
            lines += renditions.map {
                "    \($0.id.rawValue)  \($0.format.rawValue)  \(paths.displayPath($0.source))"
                    + ($0.record.map { "#" + $0 } ?? "")
            }
        }
        if includingBody { lines += ["", document.body] }
        return lines.joined(separator: "\n") + "\n\n"
    }

    struct JSONDocument: Encodable {
        let id: String
        let title: String
        let path: String
        let record: String?
        let format: String
        let type: String
        let date: String?
        let publicationDate: String?
        let president: String?
        let eoNumber: String?
        let documentNumber: String?
        let citation: String?
        let sourceURL: String?
        let fields: [String: String]
        let citations: [[String: String]]
        let sections: [JSONSection]
        let renditions: [JSONRendition]
        let body: String?

        enum CodingKeys: String, CodingKey {
            case id, title, path, record, format, type, date, president, citation, fields, citations, sections
            case renditions, body
            case publicationDate = "publication_date"
            case eoNumber = "eo_number"
            case documentNumber = "document_number"
            case sourceURL = "source_url"
        }
    }

    struct JSONSection: Encodable {
        let number: String
        let heading: String?
        let offset: Int
    }

    struct JSONRendition: Encodable {
        let id: String
        let path: String
        let record: String?
        let format: String
    }

    func json(_ document: Document, renditions: [DocumentSummary], includingBody: Bool) throws -> String {
        let metadata = document.metadata
        let value = JSONDocument(
            id: document.id.rawValue,
            title: document.title,
            path: document.source,
            record: document.record,
            format: document.format.rawValue,
            type: metadata.type.rawValue,
            date: metadata.date?.description,
            publicationDate: metadata.publicationDate?.description,
            president: metadata.president,
            eoNumber: metadata.executiveOrderNumber,
            documentNumber: metadata.documentNumber,
            citation: metadata.citation,
            sourceURL: metadata.sourceURL,
            fields: metadata.additionalFields,
            citations: document.citations.map { ["kind": $0.kind.rawValue, "text": $0.text] },
            sections: document.sections.map {
                JSONSection(number: $0.number, heading: $0.heading, offset: $0.startOffset)
            },
            renditions: renditions.map {
                JSONRendition(id: $0.id.rawValue, path: $0.source, record: $0.record, format: $0.format.rawValue)
            },
            body: includingBody ? document.body : nil
        )
        return try OutputFormat.jsonLine(value)
    }
}
