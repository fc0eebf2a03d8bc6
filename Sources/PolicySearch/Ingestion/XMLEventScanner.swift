import Foundation

/// A small non-validating XML 1.0 parser over UTF-8 bytes, which hands its caller start tags, end tags and text.
///
/// It reads what Federal Register bulk XML holds (``FederalRegisterXMLExtractor``): elements with attributes, the
/// five predefined entities and character references, CDATA sections (as text), comments, processing instructions and
/// a document type declaration (both skipped). It replaces Foundation's `XMLParser`, whose module links libxml2 and
/// ICU into every process: about 1 ms of each `policy-search` start, searches included.
///
/// Anything that is not well-formed is an error with its line: a mismatched or missing end tag, an undefined entity, a
/// bare `&` or `<`, a control character, bytes that are not UTF-8, text or a second element after the root.
enum XMLEventScanner {
    /// What the scanner found, in document order.
    enum Event: Equatable {
        /// A start tag (an empty-element tag gives a start and an end), with its attributes, values decoded.
        case start(name: String, attributes: [String: String])
        /// An end tag.
        case end(name: String)
        /// Character data inside the root element, entities decoded and line ends made `\n`; one stretch between two
        /// pieces of markup (a CDATA section is a stretch of its own).
        case text(String)
    }

    /// Why a document is not well-formed XML, and the line (from 1) where the scanner found out.
    struct Malformed: Error, Equatable {
        let line: Int
        let reason: String
    }

    /// Reads a document, calling `handle` with each event.
    ///
    /// - Parameters:
    ///   - data: The document's bytes.
    ///   - handle: Called with each event, in order.
    /// - Throws: ``Malformed`` at the first error; the events before it have been handed on.
    static func scan(_ data: Data, _ handle: (Event) -> Void) throws(Malformed) {
        let bytes = [UInt8](data)
        var scanner = Scanner(bytes: bytes)
        try scanner.checkCharacters()
        try scanner.run(handle)
    }

    private struct Scanner {
        let bytes: [UInt8]
        var offset = 0
        var open: [String] = []
        var sawRoot = false

        func failure(_ reason: String, at position: Int? = nil) -> Malformed {
            let end = min(position ?? offset, bytes.count)
            var line = 1
            var index = 0
            while index < end {
                if bytes[index] == 0x0A {
                    line += 1
                } else if bytes[index] == 0x0D, index + 1 >= bytes.count || bytes[index + 1] != 0x0A {
                    line += 1
                }
                index += 1
            }
            return Malformed(line: line, reason: reason)
        }

        /// XML allows no control characters but tab and line ends, and the text must be UTF-8.
        func checkCharacters() throws(Malformed) {
            if let bad = bytes.firstIndex(where: { $0 < 0x20 && $0 != 0x09 && $0 != 0x0A && $0 != 0x0D }) {
                throw failure("a control character (\(bytes[bad])) is not allowed in XML", at: bad)
            }
            if String(validating: bytes, as: UTF8.self) == nil { throw failure("the file is not UTF-8", at: 0) }
        }

        func hasLiteral(_ literal: StaticString) -> Bool {
            bytes.hasLiteral(literal, at: offset)
        }

        static func isSpace(_ byte: UInt8) -> Bool {
            byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D
        }

        static func endsName(_ byte: UInt8) -> Bool {
            isSpace(byte) || byte == UInt8(ascii: "/") || byte == UInt8(ascii: ">") || byte == UInt8(ascii: "=")
                || byte == UInt8(ascii: "<") || byte == UInt8(ascii: "&") || byte == UInt8(ascii: "\"")
                || byte == UInt8(ascii: "'")
        }

        mutating func skipSpace() {
            while offset < bytes.count, Self.isSpace(bytes[offset]) { offset += 1 }
        }

        /// Moves past the next `terminator`, or fails with `reason`.
        mutating func skip(past terminator: StaticString, _ reason: String) throws(Malformed) {
            let start = offset
            while offset < bytes.count {
                if hasLiteral(terminator) {
                    offset += terminator.utf8CodeUnitCount
                    return
                }
                offset += 1
            }
            throw failure(reason, at: start)
        }

        mutating func name() throws(Malformed) -> String {
            let start = offset
            while offset < bytes.count, !Self.endsName(bytes[offset]) { offset += 1 }
            guard offset > start else { throw failure("a name is missing") }
            let first = bytes[start]
            if first == UInt8(ascii: "-") || first == UInt8(ascii: ".") || (first >= 0x30 && first <= 0x39) {
                throw failure("a name cannot start with \"\(Character(Unicode.Scalar(first)))\"")
            }
            return String(decoding: bytes[start..<offset], as: UTF8.self)
        }

        mutating func run(_ handle: (Event) -> Void) throws(Malformed) {
            while offset < bytes.count {
                if bytes[offset] == UInt8(ascii: "<") {
                    try markup(handle)
                } else {
                    let start = offset
                    while offset < bytes.count, bytes[offset] != UInt8(ascii: "<") { offset += 1 }
                    if open.isEmpty {
                        if let text = bytes[start..<offset].firstIndex(where: { !Self.isSpace($0) }) {
                            throw failure(
                                sawRoot ? "text after the root element" : "text before the root element",
                                at: text
                            )
                        }
                    } else {
                        handle(.text(try decoded(start..<offset, attribute: false)))
                    }
                }
            }
            if let element = open.last { throw failure("the file ends inside <\(element)>") }
            if !sawRoot { throw failure("the file has no element") }
        }

        mutating func markup(_ handle: (Event) -> Void) throws(Malformed) {
            if hasLiteral("<!--") {
                try skip(past: "-->", "a comment is not closed")
            } else if hasLiteral("<![CDATA[") {
                guard !open.isEmpty else { throw failure("a CDATA section outside the root element") }
                offset += 9
                let start = offset
                try skip(past: "]]>", "a CDATA section is not closed")
                handle(.text(String(decoding: Self.normalizingLineEnds(bytes[start..<offset - 3]), as: UTF8.self)))
            } else if hasLiteral("<?") {
                try skip(past: "?>", "a processing instruction is not closed")
            } else if hasLiteral("<!DOCTYPE") {
                guard !sawRoot else { throw failure("a document type declaration after the root element") }
                try skipDocumentType()
            } else if hasLiteral("</") {
                offset += 2
                let element = try name()
                skipSpace()
                guard offset < bytes.count, bytes[offset] == UInt8(ascii: ">") else {
                    throw failure("the end tag </\(element)> is not closed")
                }
                guard let innermost = open.last else { throw failure("the end tag </\(element)> closes nothing") }
                guard innermost == element else {
                    throw failure("the end tag </\(element)> does not close <\(innermost)>")
                }
                offset += 1
                open.removeLast()
                handle(.end(name: element))
            } else {
                try startTag(handle)
            }
        }

        /// `<!DOCTYPE …>`, with an internal subset in brackets, which may hold `>` inside quotes and declarations.
        mutating func skipDocumentType() throws(Malformed) {
            let start = offset
            var depth = 0
            var quote: UInt8?
            while offset < bytes.count {
                let byte = bytes[offset]
                offset += 1
                if let open = quote {
                    if byte == open { quote = nil }
                } else if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'") {
                    quote = byte
                } else if byte == UInt8(ascii: "[") {
                    depth += 1
                } else if byte == UInt8(ascii: "]") {
                    depth -= 1
                } else if byte == UInt8(ascii: ">"), depth <= 0 {
                    return
                }
            }
            throw failure("a document type declaration is not closed", at: start)
        }

        mutating func startTag(_ handle: (Event) -> Void) throws(Malformed) {
            if open.isEmpty, sawRoot { throw failure("a second element after the root element") }
            offset += 1
            let element = try name()
            var attributes: [String: String] = [:]
            while true {
                let before = offset
                skipSpace()
                guard offset < bytes.count else { throw failure("the start tag <\(element)> is not closed") }
                if hasLiteral("/>") {
                    offset += 2
                    sawRoot = true
                    handle(.start(name: element, attributes: attributes))
                    handle(.end(name: element))
                    return
                }
                if bytes[offset] == UInt8(ascii: ">") {
                    offset += 1
                    sawRoot = true
                    open.append(element)
                    handle(.start(name: element, attributes: attributes))
                    return
                }
                guard offset > before else { throw failure("an attribute of <\(element)> needs a space before it") }
                let attribute = try name()
                skipSpace()
                guard offset < bytes.count, bytes[offset] == UInt8(ascii: "=") else {
                    throw failure("the attribute \(attribute) of <\(element)> has no value")
                }
                offset += 1
                skipSpace()
                guard offset < bytes.count, bytes[offset] == UInt8(ascii: "\"") || bytes[offset] == UInt8(ascii: "'")
                else { throw failure("the value of \(attribute) in <\(element)> is not quoted") }
                let quote = bytes[offset]
                offset += 1
                let start = offset
                while offset < bytes.count, bytes[offset] != quote {
                    if bytes[offset] == UInt8(ascii: "<") { throw failure("a \"<\" in the value of \(attribute)") }
                    offset += 1
                }
                guard offset < bytes.count else { throw failure("the value of \(attribute) is not closed", at: start) }
                let value = try decoded(start..<offset, attribute: true)
                offset += 1
                guard attributes.updateValue(value, forKey: attribute) == nil else {
                    throw failure("the attribute \(attribute) appears twice in <\(element)>")
                }
            }
        }

        /// Text or an attribute value with its line ends made `\n` (in an attribute value, every line end and tab a
        /// space, as XML normalizes them), then its references replaced.
        func decoded(_ range: Range<Int>, attribute: Bool) throws(Malformed) -> String {
            var raw = Self.normalizingLineEnds(bytes[range])
            if attribute { raw = raw.map { $0 == 0x0A || $0 == 0x09 ? 0x20 : $0 } }
            guard let first = raw.firstIndex(of: UInt8(ascii: "&")) else { return String(decoding: raw, as: UTF8.self) }
            var output = Array(raw[..<first])
            output.reserveCapacity(raw.count)
            var index = first
            while index < raw.count {
                let byte = raw[index]
                guard byte == UInt8(ascii: "&") else {
                    output.append(byte)
                    index += 1
                    continue
                }
                // Offsets in `raw` match the file's until a line end was shortened: close enough for the line.
                let position = range.lowerBound + min(index, range.count)
                guard let semicolon = raw[index...].firstIndex(of: UInt8(ascii: ";")), semicolon > index + 1 else {
                    throw failure("a \"&\" that starts no reference (write &amp;)", at: position)
                }
                let reference = String(decoding: raw[index + 1..<semicolon], as: UTF8.self)
                guard let scalar = Self.scalar(of: reference) else {
                    throw failure("the entity &\(reference); is not defined", at: position)
                }
                output.append(contentsOf: String(Character(scalar)).utf8)
                index = semicolon + 1
            }
            return String(decoding: output, as: UTF8.self)
        }

        static func scalar(of reference: String) -> Unicode.Scalar? {
            switch reference {
            case "amp": return "&"
            case "lt": return "<"
            case "gt": return ">"
            case "quot": return "\""
            case "apos": return "'"
            default: break
            }
            guard reference.hasPrefix("#") else { return nil }
            let digits = reference.dropFirst()
            let value =
                digits.hasPrefix("x") ? UInt32(digits.dropFirst(), radix: 16) : UInt32(digits, radix: 10)
            guard let value, let scalar = Unicode.Scalar(value),
                value >= 0x20 || value == 0x09 || value == 0x0A || value == 0x0D,
                value != 0xFFFE, value != 0xFFFF
            else { return nil }
            return scalar
        }

        /// The bytes with each `\r\n` and lone `\r` made `\n`.
        static func normalizingLineEnds(_ slice: ArraySlice<UInt8>) -> [UInt8] {
            guard slice.contains(0x0D) else { return Array(slice) }
            var output: [UInt8] = []
            output.reserveCapacity(slice.count)
            var index = slice.startIndex
            while index < slice.endIndex {
                if slice[index] == 0x0D {
                    output.append(0x0A)
                    if index + 1 < slice.endIndex, slice[index + 1] == 0x0A { index += 1 }
                } else {
                    output.append(slice[index])
                }
                index += 1
            }
            return output
        }
    }
}
