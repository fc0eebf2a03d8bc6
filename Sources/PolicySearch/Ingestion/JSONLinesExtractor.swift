import Foundation

/// Reads JSON Lines files: one document per line, each line a JSON object of fields.
struct JSONLinesExtractor: DocumentExtractor {
    func documents(from file: SourceFile) throws(ExtractionError) -> [Document] {
        var documents: [Document] = []
        var lineNumber = 0
        for line in file.bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
            lineNumber += 1
            guard line.contains(where: { $0 != 0x20 && $0 != 0x0D && $0 != 0x09 }) else { continue }
            // A line that is not a JSON object is reported below, naming the line.
            guard let object = try? JSONSerialization.jsonObject(with: Data(line)) as? [String: Any] else {
                throw ExtractionError(
                    path: file.path,
                    reason: .malformed,
                    detail: "line \(lineNumber) is not a JSON object"
                )
            }
            let fields = JSONFields.ordered(object, keys: JSONKeyOrder.keysOfObjects(in: line).first ?? [])
            documents.append(RecordMapper.document(from: fields, index: lineNumber, in: file, format: .jsonLines))
        }
        guard !documents.isEmpty else { throw ExtractionError(path: file.path, reason: .empty) }
        return documents
    }
}
