import Foundation

/// Reads Federal Register bulk-XML fragments, which start `<PRESDOCU><EXECORD>` and have no declaration.
///
/// The title comes from `HD` (and an `LI` right after it), the order line from `EXECORDR`, paragraphs from `FP` and
/// `P`, sections from the `E T="04"` number and `E T="03"` heading elements, and the FR document number from
/// `FRDOC`. Page breaks, images and billing codes are left out.
struct FederalRegisterXMLExtractor: DocumentExtractor {
    func documents(from file: SourceFile) throws(ExtractionError) -> [Document] {
        var reader = FederalRegisterXMLReader()
        do {
            try XMLEventScanner.scan(file.bytes) { reader.handle($0) }
        } catch {
            throw ExtractionError(
                path: file.path,
                reason: .malformed,
                detail: "invalid XML at line \(error.line): \(error.reason)"
            )
        }
        var metadata = DocumentMetadata(type: reader.documentType ?? .other)
        metadata.documentNumber = reader.documentNumber
        let body = reader.paragraphs.joined(separator: "\n\n").normalizedForIndexing
        var documents = try file.singleDocument(
            format: .federalRegisterXML,
            title: reader.title?.normalizedForIndexing,
            body: body,
            metadata: metadata
        )
        if !reader.sections.isEmpty { documents[0].sections = reader.sections }
        return documents
    }
}

/// Collects a Federal Register document's parts from the events of ``XMLEventScanner``.
private struct FederalRegisterXMLReader {
    private(set) var title: String?
    private(set) var paragraphs: [String] = []
    private(set) var sections: [Section] = []
    private(set) var documentType: DocumentType?
    private(set) var documentNumber: String?

    private static let paragraphElements: Set<String> = [
        "FP", "P", "EXECORDR", "PROCLAR", "HD", "PSIG", "PLACE", "DATE", "LI", "ST1", "ST2", "TXT",
    ]
    private static let skippedElements: Set<String> = ["GPH", "GID", "BILCOD", "PRTPAGE", "TITLE3", "PRES", "FILED"]
    private static let types: [String: DocumentType] = [
        "EXECORD": .executiveOrder, "PROCLA": .proclamation, "PRMEMO": .memorandum, "PRNOTICE": .memorandum,
    ]

    private var current = ""
    /// Set after the title's `HD` until the first paragraph: an `LI` there continues the title.
    private var titleMayContinue = false
    private var depthInSkipped = 0
    private var inFRDoc = false
    private var frDocText = ""
    private var emphasisType: String?
    private var emphasisText = ""
    private var pendingSectionNumber: String?
    private var pendingSectionHeading: String?
    private var bodyScalarCount = 0

    mutating func handle(_ event: XMLEventScanner.Event) {
        switch event {
        case .start(let name, let attributes): start(name, attributes: attributes)
        case .end(let name): end(name)
        case .text(let text): characters(text)
        }
    }

    private mutating func start(_ name: String, attributes: [String: String]) {
        if let type = Self.types[name], documentType == nil { documentType = type }
        if Self.skippedElements.contains(name) {
            depthInSkipped += 1
            return
        }
        if name == "FRDOC" { inFRDoc = true }
        if Self.paragraphElements.contains(name) { flush() }
        if name == "E" {
            emphasisType = attributes["T"]
            emphasisText = ""
        }
    }

    private mutating func end(_ name: String) {
        if Self.skippedElements.contains(name) {
            depthInSkipped = max(0, depthInSkipped - 1)
            return
        }
        if name == "FRDOC" {
            inFRDoc = false
            let number = frDocText.replacingOccurrences(of: "[FR Doc.", with: "").trimmingWhitespace()
            documentNumber = number.split(separator: " ").first.map(String.init)
            return
        }
        if name == "E" {
            noteEmphasis()
            emphasisType = nil
        }
        if name == "HD", title == nil {
            title = current.collapsingWhitespace
            current = ""
            titleMayContinue = true
            return
        }
        if name == "LI", titleMayContinue, let heading = title {
            title = heading + " " + current.collapsingWhitespace
            current = ""
            return
        }
        if Self.paragraphElements.contains(name), !current.trimmingWhitespace().isEmpty { titleMayContinue = false }
        if Self.paragraphElements.contains(name) { flush() }
    }

    private mutating func characters(_ string: String) {
        guard depthInSkipped == 0 else { return }
        if inFRDoc {
            frDocText += string
            return
        }
        if emphasisType != nil { emphasisText += string }
        current += string
    }

    /// Records a section number and the heading after it.
    ///
    /// The number is an `E T="04"` element ("Sec. 2."), the heading the `E T="03"` element after it ("Policy.").
    private mutating func noteEmphasis() {
        let text = emphasisText.collapsingWhitespace
        if emphasisType == "04", let number = Self.sectionNumber(text) {
            pendingSectionNumber = number
            pendingSectionHeading = nil
        } else if emphasisType == "03", pendingSectionNumber != nil, pendingSectionHeading == nil,
            current.collapsingWhitespace.count <= text.count + 16
        {
            let heading = text.hasSuffix(".") ? String(text.dropLast()) : text
            pendingSectionHeading = heading.trimmingWhitespace()
        }
    }

    private static func sectionNumber(_ text: String) -> String? {
        let words = text.replacingOccurrences(of: ".", with: " ").split(separator: " ")
        guard words.count == 2, words[0] == "Sec" || words[0] == "Section",
            words[1].first?.isNumber == true
        else { return nil }
        return String(words[1])
    }

    private mutating func flush() {
        let paragraph = current.collapsingWhitespace
        current = ""
        guard !paragraph.isEmpty else { return }
        let start = paragraphs.isEmpty ? 0 : bodyScalarCount + 2
        if let number = pendingSectionNumber {
            sections.append(Section(number: number, heading: pendingSectionHeading, startOffset: start))
            pendingSectionNumber = nil
            pendingSectionHeading = nil
        }
        bodyScalarCount = start + paragraph.unicodeScalars.count
        paragraphs.append(paragraph)
    }
}
