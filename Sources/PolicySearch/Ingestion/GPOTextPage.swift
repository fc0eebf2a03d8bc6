import Foundation

/// A Federal Register page as GPO's "text" rendition prints it inside `<pre>`: bracketed header lines, page
/// markers, a masthead, and hard-wrapped, hyphenated lines.
///
/// Reading one yields clean paragraphs plus what the header says: the FR document number, the citation
/// (volume and first page) and the publication date.
struct GPOTextPage {
    let title: String?
    let body: String
    let metadata: DocumentMetadata

    /// Reads a GPO text page, or returns `nil` when the text is not one.
    ///
    /// - Parameter preformatted: The text of the page's `<pre>` element.
    init?(preformatted: String) {
        let lines = preformatted.lines.map(String.init)
        guard let first = lines.first(where: { !$0.trimmingWhitespace().isEmpty }),
            first.trimmingWhitespace().hasPrefix("[Federal Register Volume")
        else { return nil }
        var metadata = DocumentMetadata()
        Self.readHeader(lines.prefix(12), into: &metadata)

        var start = lines.firstIndex(where: { $0.trimmingWhitespace().hasPrefix("[FR Doc No:") }).map { $0 + 1 } ?? 0
        let mastheadTitle = Self.mastheadTitle(in: lines)
        let titleThree = lines.firstIndex { line in
            let trimmed = line.trimmingWhitespace()
            return trimmed.hasPrefix("Title 3--") || trimmed.hasPrefix("Title3--")
        }
        if let titleThree {
            start = titleThree + 1
            if start < lines.count, lines[start].trimmingWhitespace().hasPrefix("The President") { start += 1 }
        }
        let kept = lines[start...].filter { !Self.isFurniture($0) }
        let paragraphs = Self.paragraphs(of: Array(kept))
        self.title = (Self.title(in: paragraphs) ?? mastheadTitle).map(Self.decodeBracketCodes)
        self.body = Self.decodeBracketCodes(paragraphs.joined(separator: "\n\n"))
        self.metadata = metadata
    }

    // MARK: Header

    private static func readHeader(_ lines: ArraySlice<String>, into metadata: inout DocumentMetadata) {
        var volume: String?
        for line in lines.map({ $0.trimmingWhitespace() }) {
            if line.hasPrefix("[Federal Register Volume ") {
                volume = line.dropFirst("[Federal Register Volume ".count).prefix(while: { $0.isNumber }).description
                if let open = line.firstIndex(of: "(") {
                    metadata.publicationDate = TextMetadataDetector.firstDate(in: String(line[open...]))
                }
            } else if line.hasPrefix("[Page ") || line.hasPrefix("[Pages ") {
                let page = line.drop(while: { !$0.isNumber }).prefix(while: { $0.isNumber })
                if let volume, !page.isEmpty { metadata.citation = "\(volume) FR \(page)" }
            } else if line.hasPrefix("[FR Doc No:") {
                let number = line.dropFirst("[FR Doc No:".count).prefix(while: { $0 != "]" }).trimmingWhitespace()
                if !number.isEmpty { metadata.documentNumber = number }
            }
        }
    }

    private static func isFurniture(_ line: String) -> Bool {
        let trimmed = line.trimmingWhitespace()
        return (trimmed.hasPrefix("[[Page ") && trimmed.hasSuffix("]]"))
            || trimmed.hasPrefix("(Presidential Sig.)")
            || trimmed.hasPrefix("Billing code")
            || trimmed.hasPrefix("[FR Doc.")
            || (trimmed.hasPrefix("Filed ") && trimmed.hasSuffix("]"))
            || (trimmed.count >= 20 && trimmed.allSatisfy { $0 == "_" || $0 == "-" })
            || trimmed.hasPrefix("Federal Register / Vol.") || trimmed == "Presidential Documents"
    }

    // MARK: Paragraphs

    /// Joins hard-wrapped lines into paragraphs, rejoining words hyphenated at a line end when the joined word
    /// occurs elsewhere in the page (so "em-/ployment" becomes "employment" but "self-/governing" keeps its hyphen).
    private static func paragraphs(of lines: [String]) -> [String] {
        var vocabulary = Set<Substring>()
        for line in lines {
            for word in line.split(whereSeparator: { !$0.isLetter }) { vocabulary.insert(Substring(word.lowercased())) }
        }
        var paragraphs: [String] = []
        var current = ""
        for line in lines {
            let trimmed = line.trimmingWhitespace()
            if trimmed.isEmpty {
                if !current.isEmpty { paragraphs.append(current) }
                current = ""
                continue
            }
            if current.isEmpty {
                current = trimmed
            } else if current.hasSuffix("-"), current.dropLast().last?.isLowercase == true,
                trimmed.first?.isLowercase == true
            {
                let head = current.dropLast().reversed().prefix(while: { $0.isLetter }).reversed()
                let tail = trimmed.prefix(while: { $0.isLetter })
                if vocabulary.contains(Substring((String(head) + tail).lowercased())) {
                    current.removeLast()
                }
                current += trimmed
            } else {
                current += " " + trimmed
            }
        }
        if !current.isEmpty { paragraphs.append(current) }
        return paragraphs
    }

    /// The title as the masthead prints it before the document: "Executive Order 13191--Implementation of …",
    /// possibly over several lines.
    private static func mastheadTitle(in lines: [String]) -> String? {
        guard
            let start = lines.prefix(60).firstIndex(where: { line in
                let trimmed = line.trimmingWhitespace()
                return trimmed.hasPrefix("Executive Order ") && trimmed.contains("--")
            })
        else { return nil }
        var parts: [String] = []
        for line in lines[start...] {
            let trimmed = line.trimmingWhitespace()
            if trimmed.isEmpty || trimmed == "Presidential Documents" || trimmed.hasPrefix("Memorandum of")
                || trimmed.hasPrefix("Proclamation ") || (!parts.isEmpty && trimmed.hasPrefix("Executive Order "))
            {
                break
            }
            parts.append(trimmed)
        }
        let heading = parts.joined(separator: " ")
        guard let separator = heading.range(of: "--") else { return nil }
        let title = heading[separator.upperBound...].trimmingWhitespace()
        return title.isEmpty ? nil : title
    }

    /// The title: the paragraph after the "Executive Order 13860 of March 4, 2019" line, plus a following
    /// one-line paragraph when the title was broken across a blank line.
    private static func title(in paragraphs: [String]) -> String? {
        let heading = paragraphs.firstIndex { paragraph in
            let findings = TextMetadataDetector.findings(in: paragraph)
            return findings.type != nil && findings.date != nil && paragraph.count < 120
        }
        guard let heading, heading + 1 < paragraphs.count else { return nil }
        var title = paragraphs[heading + 1]
        if heading + 2 < paragraphs.count {
            let next = paragraphs[heading + 2]
            let bodyOpenings = ["By ", "Section", "Sec.", "I, ", "(", "Pursuant", "Whereas", "WHEREAS"]
            if next.count < 80, !bodyOpenings.contains(where: next.hasPrefix), let last = next.last,
                !".:;,".contains(last)
            {
                title += " " + next
            }
        }
        return title
    }

    /// Decodes GPO's bracketed character codes (`Guant[aacute]namo`) and its TeX-style quotes.
    private static func decodeBracketCodes(_ text: String) -> String {
        var result = text.replacingOccurrences(of: "``", with: "“").replacingOccurrences(of: "''", with: "”")
        guard result.contains("[") else { return result }
        var output = ""
        output.reserveCapacity(result.utf8.count)
        var rest = Substring(result)
        while let open = rest.firstIndex(of: "[") {
            output += rest[..<open]
            let afterOpen = rest.index(after: open)
            let name = rest[afterOpen...].prefix(while: { $0.isLetter && $0.isASCII })
            if !name.isEmpty, name.count <= 8, name.endIndex < rest.endIndex, rest[name.endIndex] == "]",
                let decoded = HTMLEntities.decode(name)
            {
                output += decoded
                rest = rest[rest.index(after: name.endIndex)...]
            } else {
                output.append("[")
                rest = rest[afterOpen...]
            }
        }
        output += rest
        result = output
        return result
    }
}
