import Foundation

/// Reads PDFs through poppler's `pdftotext`, then removes the Federal Register's page furniture.
///
/// Running heads, page numbers, GPO production watermarks ("VerDate…", "…PROD with…", "Jkt …") and billing lines
/// go; paragraphs are rebuilt from the hard-wrapped lines. The masthead gives the citation and publication date,
/// the closing "[FR Doc." line the document number.
struct PDFExtractor: DocumentExtractor {
    /// The `pdftotext` executable, or `nil` when poppler-utils is not installed.
    static let toolPath: String? = {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        return path.split(separator: ":").map { $0 + "/pdftotext" }.first {
            FileManager.default.isExecutableFile(atPath: $0)
        }
    }()

    func documents(from file: SourceFile) throws(ExtractionError) -> [Document] {
        guard let tool = Self.toolPath else {
            throw ExtractionError(
                path: file.path,
                reason: .missingTool,
                detail: "pdftotext is not installed (apt-get install poppler-utils)"
            )
        }
        let text = try Self.run(tool, on: file)
        let page = FederalRegisterPrintedPage(text: text.normalizedForIndexing)
        return try file.singleDocument(format: .pdf, title: page.title, body: page.body, metadata: page.metadata)
    }

    private static func run(_ tool: String, on file: SourceFile) throws(ExtractionError) -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tool)
        process.arguments = ["-enc", "UTF-8", "-eol", "unix", file.path, "-"]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        do {
            try process.run()
        } catch {
            throw ExtractionError(path: file.path, reason: .missingTool, detail: "pdftotext could not be started")
        }
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw ExtractionError(
                path: file.path,
                reason: .malformed,
                detail: "pdftotext could not read it (exit status \(process.terminationStatus))"
            )
        }
        return String(decoding: data, as: UTF8.self)
    }
}

/// The text of printed Federal Register pages, cleaned of page furniture.
struct FederalRegisterPrintedPage {
    let title: String?
    let body: String
    let metadata: DocumentMetadata

    init(text: String) {
        var metadata = DocumentMetadata()
        var volume: String?
        var firstPage: String?
        var kept: [String] = []
        var previousWasVolume = false
        var inTrailer = false
        for raw in text.lines {
            let line = raw.trimmingWhitespace()
            defer { previousWasVolume = line.hasPrefix("Vol. ") && line.contains(", No.") }
            if let number = Self.pageNumber(line) {
                if firstPage == nil { firstPage = number }
                continue
            }
            if line.hasPrefix("Federal Register / Vol. ") {
                // A running head: "Federal Register / Vol. 90, No. 20 / Friday, January 31, 2025 / Presidential …"
                if volume == nil {
                    volume = line.dropFirst("Federal Register / Vol. ".count).prefix(while: { $0.isNumber }).description
                }
                if metadata.publicationDate == nil {
                    metadata.publicationDate = TextMetadataDetector.firstDate(in: line)
                }
                continue
            }
            if line.hasPrefix("Vol. "), line.contains(", No. ") {
                volume = line.dropFirst(5).prefix(while: { $0.isNumber }).description
                continue
            }
            if previousWasVolume, let date = TextMetadataDetector.firstDate(in: line) {
                metadata.publicationDate = date
                continue
            }
            if line.hasPrefix("[FR Doc.") {
                let number = line.dropFirst("[FR Doc.".count).trimmingWhitespace().replacingOccurrences(
                    of: "–",
                    with: "-"
                )
                metadata.documentNumber = number.split(separator: " ").first.map(String.init)
                inTrailer = true
                continue
            }
            if inTrailer, line.hasSuffix("]") {
                inTrailer = false
                continue
            }
            if Self.isFurniture(line) { continue }
            kept.append(line)
        }
        if let volume, let firstPage { metadata.citation = "\(volume) FR \(firstPage)" }
        self.metadata = metadata
        let (title, titleRange) = Self.title(in: kept)
        self.title = title
        if let titleRange {
            // The title's broken lines are joined into one paragraph of their own.
            kept.replaceSubrange(titleRange, with: ["", title ?? "", ""])
        }
        self.body = Self.paragraphs(kept).joined(separator: "\n\n")
    }

    private static func pageNumber(_ line: String) -> String? {
        guard (3...6).contains(line.count), line.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        return line
    }

    private static let furniturePrefixes = [
        "Federal Register / Vol.", "VerDate", "Jkt ", "PO 0", "Frm 0", "Fmt ", "Sfmt ", "E:\\FR\\", "Billing code",
    ]
    private static let furnitureLines: Set<String> = [
        "Presidential Documents", "Federal Register", "Title 3—", "Title 3--", "The President", "Rules and Regulations",
    ]

    private static func isFurniture(_ line: String) -> Bool {
        if furnitureLines.contains(line) || furniturePrefixes.contains(where: line.hasPrefix) { return true }
        // "Part VI" on a cover page
        if line.hasPrefix("Part "), line.dropFirst(5).allSatisfy({ "IVXLC".contains($0) }) { return true }
        if line.contains("PROD with") || line.contains("PROD on") || line.hasSuffix("</GPH>") || line.hasSuffix(".EPS")
        {
            return true
        }
        // "18:58 Jun 04, 2026" (production time stamp) and "05JNE0" (production file code)
        if line.count <= 20, line.first?.isNumber == true, line.contains(":"), line.contains(",") { return true }
        if line.count == 6, line.hasSuffix("0") || line.hasSuffix("1"), line.prefix(2).allSatisfy(\.isNumber),
            line.dropFirst(2).prefix(3).allSatisfy(\.isUppercase)
        {
            return true
        }
        return false
    }

    private static let bodyOpenings = [
        "By the authority", "By virtue", "Section 1", "Sec. 1", "I, ", "Pursuant", "WHEREAS", "In order to",
    ]

    /// The title: the lines after "Executive Order 14179 of January 23, 2025" up to the first body line.
    private static func title(in lines: [String]) -> (String?, Range<Int>?) {
        guard
            let heading = lines.prefix(400).firstIndex(where: { line in
                let findings = TextMetadataDetector.findings(in: line)
                return findings.type != nil && findings.date != nil && line.count < 90
            })
        else { return (nil, nil) }
        var index = heading + 1
        while index < lines.count, lines[index].isEmpty { index += 1 }
        let start = index
        var parts: [String] = []
        while index < lines.count, parts.count < 5 {
            let line = lines[index]
            if line.isEmpty {
                if parts.isEmpty {
                    index += 1
                    continue
                }
                break
            }
            if bodyOpenings.contains(where: line.hasPrefix) || !Self.looksLikeTitle(line) { break }
            parts.append(line)
            index += 1
        }
        guard !parts.isEmpty else { return (nil, nil) }
        return (parts.joined(separator: " "), start..<index)
    }

    private static let minorWords: Set<String> = [
        "a", "an", "and", "as", "at", "by", "for", "from", "in", "into", "of", "on", "or", "the", "to", "with", "under",
        "through", "its", "their", "that", "against", "between", "during", "within", "without", "regarding",
    ]

    /// Whether a line reads as part of a title: its words, other than the short ones, are capitalized.
    static func looksLikeTitle(_ line: String) -> Bool {
        let words = line.split(separator: " ").filter { word in
            guard let first = word.first, first.isLetter else { return false }
            return !minorWords.contains(word.lowercased())
        }
        guard !words.isEmpty else { return true }
        let capitalized = words.filter { $0.first?.isUppercase == true }.count
        return Double(capitalized) / Double(words.count) >= 0.75
    }

    private static let paragraphOpenings = ["Sec. ", "Section ", "THE WHITE HOUSE", "By the authority", "I, "]

    private static func paragraphs(_ lines: [String]) -> [String] {
        var paragraphs: [String] = []
        var current = ""
        for line in lines {
            let startsParagraph =
                line.isEmpty || paragraphOpenings.contains(where: line.hasPrefix)
                || (line.hasPrefix("(") && line.dropFirst().prefix(5).contains(")"))
            if startsParagraph, !current.isEmpty {
                paragraphs.append(current)
                current = ""
            }
            guard !line.isEmpty else { continue }
            if current.isEmpty {
                current = line
            } else if current.hasSuffix("-"), line.first?.isLowercase == true {
                current += line
            } else {
                current += " " + line
            }
        }
        if !current.isEmpty { paragraphs.append(current) }
        return paragraphs
    }
}
