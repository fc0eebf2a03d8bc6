import Foundation
import Yams

/// Reads Markdown: YAML front matter becomes metadata, the first `#` heading the title, and the markup is
/// reduced to plain text.
///
/// The header block of scraped order collections (`**Signed:**`, `- Document Number:`,
/// `- Citation:`) is read as metadata too.
struct MarkdownExtractor: DocumentExtractor {
    func documents(from file: SourceFile) throws(ExtractionError) -> [Document] {
        var text = file.text
        var metadata = DocumentMetadata()
        var title: String?
        if let (frontMatter, rest) = Self.splitFrontMatter(text) {
            let fields = try Self.parseFrontMatter(frontMatter, path: file.path)
            title = Self.apply(fields, to: &metadata)
            text = rest
        }
        Self.readHeaderBlock(of: text, into: &metadata)
        let lines = text.lines
        if title == nil, let heading = lines.first(where: { $0.hasPrefix("# ") }) {
            let headingText = Self.plainInline(String(heading.dropFirst(2))).trimmingWhitespace()
            if let (number, rest) = TextMetadataDetector.splitNumberedHeading(headingText) {
                // The heading's number wins: it keeps letter suffixes ("6209-A") the header list drops.
                metadata.executiveOrderNumber = number
                if metadata.type == .other { metadata.type = .executiveOrder }
                title = rest
            } else {
                title = headingText
            }
        }
        let body = Self.plainText(fromMarkdownLines: lines).tidiedParagraphs
        return try file.singleDocument(format: .markdown, title: title, body: body, metadata: metadata)
    }

    // MARK: Front matter

    static func splitFrontMatter(_ text: String) -> (String, String)? {
        guard text.hasPrefix("---\n") else { return nil }
        // Over the bytes where every line ends in `\n` alone; with `\r` about, Foundation's search decides.
        let split: (String, String)?? = text.withUTF8Bytes { bytes in
            guard !bytes.contains(0x0D) else { return nil }
            func string(_ range: Range<Int>) -> String {
                String(decoding: UnsafeBufferPointer(rebasing: bytes[range]), as: UTF8.self)
            }
            var close = 4
            while let newline = bytes[close...].firstIndex(of: 0x0A) {
                let lineStart = newline + 1
                let lineEnd = bytes[lineStart...].firstIndex(of: 0x0A) ?? bytes.count
                let line = string(lineStart..<lineEnd).trimmingWhitespace()
                if line == "---" || line == "..." {
                    return .some((string(4..<newline), lineEnd < bytes.count ? string(lineEnd + 1..<bytes.count) : ""))
                }
                close = lineStart
            }
            return .some(nil)
        }
        return split ?? splitFrontMatterBySearch(text)
    }

    /// The split as Foundation's search for each line break makes it (to which `\r\n` is one character): the way
    /// for text holding a `\r`, and the reference for the split over bytes.
    static func splitFrontMatterBySearch(_ text: String) -> (String, String)? {
        guard text.hasPrefix("---\n") else { return nil }
        let afterOpening = text.index(text.startIndex, offsetBy: 4)
        var searchStart = afterOpening
        while let close = text.range(of: "\n", range: searchStart..<text.endIndex) {
            let lineStart = close.upperBound
            let lineEnd = text[lineStart...].firstIndex(of: "\n") ?? text.endIndex
            let line = text[lineStart..<lineEnd].trimmingWhitespace()
            if line == "---" || line == "..." {
                let rest = lineEnd < text.endIndex ? String(text[text.index(after: lineEnd)...]) : ""
                return (String(text[afterOpening..<close.lowerBound]), rest)
            }
            searchStart = lineStart
        }
        return nil
    }

    static func parseFrontMatter(_ yaml: String, path: String) throws(ExtractionError) -> [(String, String)] {
        if let fields = plainFields(yaml) { return fields }
        return try composedFields(yaml, path: path)
    }

    /// Front matter read by Yams: any YAML, with its errors.
    static func composedFields(_ yaml: String, path: String) throws(ExtractionError) -> [(String, String)] {
        let node: Node?
        do {
            node = try Yams.compose(yaml: yaml)
        } catch {
            let detail = (error as? YamlError).map(Self.describe) ?? "invalid YAML"
            throw ExtractionError(path: path, reason: .malformed, detail: "front matter: \(detail)")
        }
        guard let node else { return [] }
        guard let mapping = node.mapping else {
            throw ExtractionError(path: path, reason: .malformed, detail: "front matter is not a key: value mapping")
        }
        return mapping.compactMap { key, value in
            guard let name = key.string else { return nil }
            if let scalar = value.string { return (name, scalar) }
            if let sequence = value.sequence { return (name, sequence.compactMap(\.string).joined(separator: ", ")) }
            return nil
        }
    }

    /// Front matter of the plainest form, read without a YAML parser, or nil for Yams to read it.
    ///
    /// Every line is blank or `key: value`, each key once, with a key of letters, digits, `_` and `-`, and a value
    /// that starts with a letter or digit and holds nothing YAML reads specially (`: `, ` #`, a tab, a trailing
    /// `:`), or that is quoted with no quote or backslash inside. The fields are those Yams gives, in order.
    /// Composing a YAML document took about 4 % of an indexing run's CPU.
    static func plainFields(_ yaml: String) -> [(String, String)]? {
        guard !yaml.utf8.contains(0x0D) else { return nil }
        var fields: [(String, String)] = []
        var keys = Set<Substring>()
        for line in yaml.lines {
            if line.allSatisfy({ $0 == " " }) { continue }
            guard let colon = line.firstIndex(of: ":") else { return nil }
            let key = line[..<colon]
            guard let first = key.unicodeScalars.first, first.isASCII, first.properties.isAlphabetic,
                key.unicodeScalars.allSatisfy({
                    $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "_" || $0 == "-")
                }),
                keys.insert(key).inserted
            else { return nil }
            let rest = line[line.index(after: colon)...]
            guard rest.first == " " else { return nil }
            var value = rest.drop(while: { $0 == " " })
            while value.last == " " { value = value.dropLast() }
            // A quoted value with no quote or backslash inside is its content.
            if let quote = value.first, quote == "\"" || quote == "'", value.count >= 2, value.last == quote {
                let content = value.dropFirst().dropLast()
                guard !content.contains(quote), !content.contains("\\") else { return nil }
                fields.append((String(key), String(content)))
                continue
            }
            guard let start = value.unicodeScalars.first, start.isASCII,
                start.properties.isAlphabetic || ("0"..."9").contains(start),
                value.last != ":", !Self.hasYAMLMarker(value),
                !["true", "false", "null", "yes", "no", "on", "off"].contains(value.lowercased())
            else { return nil }
            fields.append((String(key), String(value)))
        }
        return fields.isEmpty ? nil : fields
    }

    /// Whether a value holds `: `, ` #` or a tab, which YAML reads as more than text (over the bytes: Foundation's
    /// search took about 3 % of reading a Markdown file).
    private static func hasYAMLMarker(_ value: Substring) -> Bool {
        value.withUTF8Bytes { bytes in
            bytes.indices.contains { index in
                let next = index + 1 < bytes.count ? bytes[index + 1] : 0
                switch bytes[index] {
                case 0x09: return true
                case UInt8(ascii: ":"): return next == UInt8(ascii: " ")
                case UInt8(ascii: " "): return next == UInt8(ascii: "#")
                default: return false
                }
            }
        }
    }

    private static func describe(_ error: YamlError) -> String {
        switch error {
        case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _):
            return "\(problem) at line \(mark.line)"
        default:
            return "invalid YAML"
        }
    }

    /// Applies front-matter fields to metadata and returns the title, if one is given.
    static func apply(_ fields: [(String, String)], to metadata: inout DocumentMetadata) -> String? {
        var title: String?
        for (name, value) in fields {
            let key = name.lowercased().replacingASCII("-", with: "_")
            let trimmed = value.trimmingWhitespace()
            guard !trimmed.isEmpty else { continue }
            switch key {
            case "title": title = trimmed
            case "type", "doc_type", "document_type", "kind": metadata.type = .named(trimmed)
            case "date", "signed", "signing_date", "signed_on":
                metadata.date = TextMetadataDetector.date(from: trimmed) ?? metadata.date
            case "published", "publication_date", "published_on":
                metadata.publicationDate = TextMetadataDetector.date(from: trimmed) ?? metadata.publicationDate
            case "president": metadata.president = trimmed
            case "eo", "eo_number", "executive_order", "executive_order_number": metadata.executiveOrderNumber = trimmed
            case "document_number", "fr_doc_number", "fr_document_number": metadata.documentNumber = trimmed
            case "citation", "fr_citation": metadata.citation = trimmed
            case "url", "source", "source_url": metadata.sourceURL = trimmed
            default: metadata.additionalFields[name] = trimmed
            }
        }
        return title
    }

    // MARK: Scraped header block

    private static let headerFields = ["- Document Number:", "- Executive Order Number:", "- Citation:"]

    private static func setHeaderField(_ prefix: String, to value: String, in metadata: inout DocumentMetadata) {
        switch prefix {
        case "- Document Number:": metadata.documentNumber = metadata.documentNumber ?? value
        case "- Executive Order Number:": metadata.executiveOrderNumber = metadata.executiveOrderNumber ?? value
        default: metadata.citation = metadata.citation ?? value
        }
    }

    static func readHeaderBlock(of text: String, into metadata: inout DocumentMetadata) {
        var published: CalendarDate?
        // Only the first 40 lines that are not empty are read: split no further than that.
        for line in text.lines.lazy.filter({ !$0.isEmpty }).prefix(40) {
            let line = line.trimmingWhitespace()
            for prefix in headerFields where line.hasPrefix(prefix) {
                let value = line.dropFirst(prefix.count).trimmingWhitespace()
                if !value.isEmpty, value != "None" { setHeaderField(prefix, to: value, in: &metadata) }
            }
            if line.hasPrefix("**Date:**") || line.hasPrefix("**Signed:**"), metadata.date == nil {
                metadata.date = TextMetadataDetector.date(from: String(line.drop(while: { $0 != ":" }).dropFirst(3)))
            } else if line.hasPrefix("**Published:**"), metadata.publicationDate == nil {
                published = TextMetadataDetector.date(from: String(line.drop(while: { $0 != ":" }).dropFirst(3)))
            } else if metadata.sourceURL == nil, line.hasPrefix("- ["), let open = line.range(of: "](http") {
                let url = line[line.index(after: open.lowerBound)...].dropFirst().prefix(while: { $0 != ")" })
                metadata.sourceURL = String(url)
            }
        }
        // The scraper that wrote these headers repeats the signing date as "Published" (all 360 such files in the
        // reference corpus): a publication date equal to the signing date is not one.
        if let published, published != metadata.date { metadata.publicationDate = published }
        if metadata.executiveOrderNumber != nil, metadata.type == .other { metadata.type = .executiveOrder }
    }

    // MARK: Markup

    static func plainText<Lines: Sequence>(fromMarkdownLines lines: Lines) -> String
    where Lines.Element: StringProtocol {
        var output: [String] = []
        for rawLine in lines {
            var line = String(rawLine)
            let trimmed = line.trimmingWhitespace()
            if trimmed.hasPrefix("```") || trimmed.hasPrefix("~~~") { continue }
            if "-*_=".contains(trimmed.first ?? " "), trimmed.count >= 3, Set(trimmed.filter { $0 != " " }).count == 1 {
                output.append("")
                continue
            }
            if trimmed.hasPrefix("#") {
                line = String(trimmed.drop(while: { $0 == "#" })).trimmingWhitespace()
                output.append("")
                output.append(plainInline(line))
                output.append("")
                continue
            }
            while line.hasPrefix(">") { line = String(line.dropFirst()).trimmingWhitespace() }
            output.append(plainInline(line))
        }
        return output.joined(separator: "\n")
    }

    /// Removes inline markup: emphasis markers, link and image syntax (keeping the visible text), code ticks.
    static func plainInline(_ line: String) -> String {
        // Most lines have no markup at all; walking them character by character is most of Markdown's cost.
        // A comparison per markup byte: a Set<UInt8> here hashed every byte of every line (5 % of indexing CPU).
        let hasMarkup = line.withUTF8Bytes { bytes in
            bytes.contains {
                $0 == UInt8(ascii: "!") || $0 == UInt8(ascii: "[") || $0 == UInt8(ascii: "*")
                    || $0 == UInt8(ascii: "`") || $0 == UInt8(ascii: "_")
            }
        }
        guard hasMarkup else { return line }
        var result = ""
        result.reserveCapacity(line.count)
        var index = line.startIndex
        while index < line.endIndex {
            let character = line[index]
            if character == "!", line[line.index(after: index)...].hasPrefix("["),
                let (text, end) = linkText(in: line, at: line.index(after: index))
            {
                result += text
                index = end
            } else if character == "[", let (text, end) = linkText(in: line, at: index) {
                result += text
                index = end
            } else if character == "*" || character == "`" {
                index = line.index(after: index)
            } else if character == "_", line[line.index(after: index)...].hasPrefix("_") {
                index = line.index(index, offsetBy: 2)
            } else {
                result.append(character)
                index = line.index(after: index)
            }
        }
        return result
    }

    private static func linkText(in line: String, at open: String.Index) -> (String, String.Index)? {
        guard let close = line[open...].firstIndex(of: "]") else { return nil }
        let afterClose = line.index(after: close)
        guard afterClose < line.endIndex, line[afterClose] == "(",
            let end = line[afterClose...].firstIndex(of: ")")
        else { return nil }
        return (String(line[line.index(after: open)..<close]), line.index(after: end))
    }
}
