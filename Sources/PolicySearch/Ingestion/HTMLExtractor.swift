import Foundation

/// Reads HTML pages and fragments.
///
/// The title is the page's `<title>`, else its first heading; GPO "text"
/// pages (a Federal Register page wrapped in `<pre>`) are recognized and read as ``GPOTextPage``.
struct HTMLExtractor: DocumentExtractor {
    func documents(from file: SourceFile) throws(ExtractionError) -> [Document] {
        let page = HTMLTextConverter(html: file.text)  // entities may decode to characters normalization removes
        if let preformatted = page.preformattedText,
            let gpo = GPOTextPage(preformatted: preformatted.normalizedForIndexing)
        {
            return try file.singleDocument(format: .html, title: gpo.title, body: gpo.body, metadata: gpo.metadata)
        }
        var metadata = DocumentMetadata()
        let body = Self.removingTrailer(
            Self.removingPrintedPageMarkers(page.text.normalizedForIndexing).tidiedParagraphs,
            into: &metadata
        )
        var title = (page.pageTitle.flatMap { $0.isEmpty ? nil : $0 } ?? page.firstHeading)?.normalizedForIndexing
        if let heading = title, let (number, rest) = TextMetadataDetector.splitNumberedHeading(heading) {
            metadata.executiveOrderNumber = number
            metadata.type = .executiveOrder
            title = rest
        }
        return try file.singleDocument(format: .html, title: title, body: body, metadata: metadata)
    }

    /// Removes the Federal Register trailer, keeping the document number it gives.
    ///
    /// The trailer reads "[FR Doc. 2017-02451 Filed 2-1-17; 8:45 am]" and "Billing code …".
    static func removingTrailer(_ text: String, into metadata: inout DocumentMetadata) -> String {
        var lines = Array(text.lines)
        while let last = lines.last,
            last.isEmpty || last.hasPrefix("Billing code") || last.hasPrefix("Filed ")
                || last.hasPrefix("[FR Doc.")
        {
            if last.hasPrefix("[FR Doc.") {
                let number = last.dropFirst("[FR Doc.".count).trimmingWhitespace().split(separator: " ").first
                metadata.documentNumber = metadata.documentNumber ?? number.map(String.init)
            }
            lines.removeLast()
        }
        return lines.joined(separator: "\n")
    }

    /// Removes federalregister.gov's inline page markers ("Start Printed Page 26115"), which are page furniture.
    static func removingPrintedPageMarkers(_ text: String) -> String {
        guard text.contains("Start Printed Page") else { return text }
        var output = ""
        var rest = Substring(text)
        while let marker = rest.range(of: "Start Printed Page ") {
            output += rest[..<marker.lowerBound]
            rest = rest[marker.upperBound...].drop(while: { $0.isNumber })
        }
        return output + rest
    }
}
