/// Reads plain text files: the title is the first line that stands alone as a paragraph (a site banner glued
/// above it is passed over), else the first line.
struct PlainTextExtractor: DocumentExtractor {
    func documents(from file: SourceFile) throws(ExtractionError) -> [Document] {
        let body = file.text.tidiedParagraphs
        // The empty check in singleDocument runs before a title is looked for.
        return try file.singleDocument(format: .plainText, title: nil, body: body, metadata: DocumentMetadata())
    }

    /// The title of a plain text: the first short paragraph of one line, passing over a banner glued above it and
    /// the heading lines of official documents ("Executive Order 90003 of May 14, 2026", "MEMORANDUM FOR …");
    /// a memorandum's "SUBJECT:" line wins.
    static func title(of text: String) -> String? {
        let paragraphs = text.split(separator: "\n\n", maxSplits: 10).prefix(8).map { $0.trimmingWhitespace() }
        if let subject = paragraphs.first(where: { $0.hasPrefix("SUBJECT:") }) {
            return subject.dropFirst("SUBJECT:".count).trimmingWhitespace()
        }
        let singles = paragraphs.filter { !$0.contains("\n") && !$0.isEmpty && $0.count <= 200 }
        let title = singles.first { paragraph in
            let findings = TextMetadataDetector.findings(in: paragraph)
            let isHeading = findings.type != nil && findings.date != nil && paragraph.count < 80
            return !isHeading && !paragraph.hasPrefix("MEMORANDUM FOR") && !paragraph.hasSuffix(":")
        }
        if let title { return title }
        return text.split(separator: "\n").first.map { String($0.prefix(200)) }
    }
}
