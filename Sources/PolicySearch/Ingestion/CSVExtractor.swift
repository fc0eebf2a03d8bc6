import Foundation

/// Reads CSV files with a header row: one document per row (RFC 4180 quoting, CRLF or LF rows).
struct CSVExtractor: DocumentExtractor {
    func documents(from file: SourceFile) throws(ExtractionError) -> [Document] {
        let rows: [[String]]
        do {
            rows = try CSVParser.rows(in: String(decodingDocument: file.bytes))
        } catch {
            throw ExtractionError(path: file.path, reason: .malformed, detail: error.description)
        }
        guard let header = rows.first, rows.count > 1 else { throw ExtractionError(path: file.path, reason: .empty) }
        var documents: [Document] = []
        for (offset, row) in rows.dropFirst().enumerated() where row.contains(where: { !$0.isEmpty }) {
            guard row.count == header.count else {
                throw ExtractionError(
                    path: file.path,
                    reason: .malformed,
                    detail: "row \(offset + 1) has \(row.count) fields; the header has \(header.count)"
                )
            }
            let fields = Array(zip(header, row))
            documents.append(RecordMapper.document(from: fields, index: offset + 1, in: file, format: .csv))
        }
        return documents
    }
}

/// A minimal RFC 4180 CSV reader.
enum CSVParser {
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    /// Splits CSV text into rows of fields.
    ///
    /// - Parameter text: The whole file.
    /// - Returns: The rows, header included.
    /// - Throws: ``Failure`` when a quoted field is never closed.
    static func rows(in text: String) throws(Failure) -> [[String]] {
        var rows: [[String]] = []
        var row: [String] = []
        var field = ""
        var inQuotes = false
        var quoteOpenedOnRow = 0
        var iterator = text.unicodeScalars.makeIterator()
        var pending: Unicode.Scalar? = iterator.next()
        while let scalar = pending {
            pending = iterator.next()
            if inQuotes {
                if scalar == "\"" {
                    if pending == "\"" {
                        field.unicodeScalars.append("\"")
                        pending = iterator.next()
                    } else {
                        inQuotes = false
                    }
                } else {
                    field.unicodeScalars.append(scalar)
                }
                continue
            }
            switch scalar {
            case "\"" where field.isEmpty:
                inQuotes = true
                quoteOpenedOnRow = rows.count + 1
            case ",":
                row.append(field)
                field = ""
            case "\r":
                continue
            case "\n":
                row.append(field)
                rows.append(row)
                row = []
                field = ""
            default:
                field.unicodeScalars.append(scalar)
            }
        }
        if inQuotes { throw Failure(description: "a quoted field opened on row \(quoteOpenedOnRow) is never closed") }
        if !field.isEmpty || !row.isEmpty {
            row.append(field)
            rows.append(row)
        }
        return rows
    }
}
