/// Reads plain text files: the title is the first line that stands alone as a paragraph (a site banner glued
/// above it is passed over), else the first line.
struct PlainTextExtractor: DocumentExtractor {
    func documents(from file: SourceFile) throws(ExtractionError) -> [Document] {
        let body = file.text.tidiedParagraphs
        guard body.contains(where: { $0.isLetter || $0.isNumber }) else {
            throw ExtractionError(path: file.path, reason: .empty)
        }
        return [
            Document(
                extractedFrom: file, format: .plainText, title: Self.title(of: body), body: body,
                metadata: DocumentMetadata())
        ]
    }

    static func title(of text: String) -> String? {
        let paragraphs = text.split(separator: "\n\n", maxSplits: 8).prefix(4)
        if let single = paragraphs.first(where: { !$0.contains("\n") && $0.count <= 200 }) {
            return String(single)
        }
        return text.split(separator: "\n").first.map { String($0.prefix(200)) }
    }
}
