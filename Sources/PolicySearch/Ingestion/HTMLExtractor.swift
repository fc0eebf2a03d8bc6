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
        let body = Self.removingPrintedPageMarkers(page.text.normalizedForIndexing).tidiedParagraphs
        var metadata = DocumentMetadata()
        var title = (page.pageTitle.flatMap { $0.isEmpty ? nil : $0 } ?? page.firstHeading)?.normalizedForIndexing
        if let heading = title, let (number, rest) = TextMetadataDetector.splitNumberedHeading(heading) {
            metadata.executiveOrderNumber = number
            metadata.type = .executiveOrder
            title = rest
        }
        return try file.singleDocument(format: .html, title: title, body: body, metadata: metadata)
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
