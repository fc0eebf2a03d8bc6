import Foundation

extension String {
    /// Decodes file bytes as UTF-8 (with or without a byte-order mark), UTF-16 with a byte-order mark, or
    /// else Windows-1252, the usual encoding of older government text files.
    ///
    /// - Parameter bytes: The raw file contents.
    init(decodingDocument bytes: Data) {
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) {
            self = String(decoding: bytes.dropFirst(3), as: UTF8.self)
        } else if bytes.starts(with: [0xFF, 0xFE]) || bytes.starts(with: [0xFE, 0xFF]) {
            self = String(data: bytes, encoding: .utf16) ?? String(decoding: bytes, as: UTF8.self)
        } else if let text = String(validating: bytes, as: UTF8.self) {
            self = text
        } else {
            self = String(decoding: bytes.map(Self.windows1252Scalar), as: UTF16.self)
        }
    }

    private static func windows1252Scalar(_ byte: UInt8) -> UInt16 {
        // Bytes 0x80–0x9F differ from Latin-1 in Windows-1252; the rest map to the same code points.
        let table: [UInt16] = [
            0x20AC, 0x81, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x8D,
            0x017D, 0x8F, 0x90, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161,
            0x203A, 0x0153, 0x9D, 0x017E, 0x0178,
        ]
        return (0x80...0x9F).contains(byte) ? table[Int(byte) - 0x80] : UInt16(byte)
    }

    /// The text as PolicySearch indexes it: NFC, `\n` line breaks, no-break spaces as spaces, and no NUL,
    /// control or private-use characters (U+E000… are reserved for snippet highlight markers).
    var normalizedForIndexing: String {
        // Most text needs nothing: printable ASCII, Latin letters and common punctuation are already NFC and have
        // no characters to map. Checking costs a fraction of rebuilding the string and Foundation's NFC.
        if isIndexReady { return self }
        var scalars = String.UnicodeScalarView()
        var previousWasCarriageReturn = false
        for scalar in unicodeScalars {
            defer { previousWasCarriageReturn = scalar == "\r" }
            switch scalar.value {
            case 0x0D: scalars.append("\n")
            case 0x0A: if !previousWasCarriageReturn { scalars.append(scalar) }
            case 0x09: scalars.append(scalar)
            case 0x0C, 0x0B, 0x2028, 0x2029: scalars.append("\n")
            case 0x00A0, 0x2007, 0x202F: scalars.append(" ")
            case 0x00...0x1F, 0x7F...0x9F, 0xFEFF, 0x200B: continue
            case 0xE000...0xF8FF, 0xF0000...0x10FFFF: continue
            default: scalars.append(scalar)
            }
        }
        return String(scalars).precomposedStringWithCanonicalMapping
    }

    /// Whether ``normalizedForIndexing`` would return the text unchanged: every scalar is a tab, a line feed,
    /// printable ASCII, a Latin letter or sign below U+0300 (no combining marks, which NFC may compose), or general
    /// punctuation (U+2010–U+2027, U+2030–U+205E: dashes, quotes, bullets, ellipses), none of which NFC changes.
    private var isIndexReady: Bool {
        let isPrintableASCII = withUTF8Bytes { bytes in
            bytes.allSatisfy { ($0 >= 0x20 && $0 < 0x7F) || $0 == 0x0A || $0 == 0x09 }
        }
        if isPrintableASCII { return true }
        return unicodeScalars.allSatisfy { scalar in
            switch scalar.value {
            case 0x09, 0x0A, 0x20...0x7E, 0xA1...0x2FF, 0x2010...0x2027, 0x2030...0x205E: true
            default: false
            }
        }
    }

    /// Collapses runs of spaces and tabs, trims each line, and keeps at most one blank line between paragraphs.
    var tidiedParagraphs: String {
        var kept: [Substring] = []
        var blankRun = 0
        for rawLine in lines {
            let line =
                rawLine.isTidy
                ? rawLine : Substring(rawLine.split(whereSeparator: { $0 == " " || $0 == "\t" }).joined(separator: " "))
            if line.isEmpty {
                blankRun += 1
                if blankRun == 1, !kept.isEmpty { kept.append("") }
            } else {
                blankRun = 0
                kept.append(line)
            }
        }
        while kept.last?.isEmpty == true { kept.removeLast() }
        return kept.joined(separator: "\n")
    }

    /// The text with all white space runs folded to single spaces and trimmed.
    var collapsingWhitespace: String {
        split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
    }
}

extension Data {
    /// Whether the bytes look like a binary file rather than text: many NUL or control bytes in the first 8 KiB.
    var looksBinary: Bool {
        let sample = prefix(8192)
        guard !sample.isEmpty else { return false }
        // Over the buffer, not Data's iterator, which costs a call per byte.
        let suspicious = sample.withUnsafeBytes { bytes in
            bytes.reduce(0) { count, byte in
                count + (byte < 0x20 && byte != 0x09 && byte != 0x0A && byte != 0x0D && byte != 0x0C ? 1 : 0)
            }
        }
        return suspicious * 20 > sample.count  // more than 5 %
    }
}

extension Substring {
    /// Whether the line has no tab, no run of spaces and no space at either end, so tidying leaves it as it is.
    fileprivate var isTidy: Bool {
        withUTF8Bytes { bytes in
            var previous: UInt8 = 0x20
            for byte in bytes {
                if byte == 0x09 || (byte == 0x20 && previous == 0x20) { return false }
                previous = byte
            }
            return previous != 0x20 || bytes.isEmpty
        }
    }
}

extension StringProtocol {
    /// The text with each `old` character, an ASCII one, replaced by `new` or removed (`nil`).
    ///
    /// The result is Foundation's `replacingOccurrences(of:with:)`, made over the bytes instead of through NSString
    /// (order numbers without their commas, field names with underscores). Where a byte beyond ASCII stands next to
    /// `old`, which could join it into a larger character, Foundation makes it.
    func replacingASCII(_ old: Unicode.Scalar, with new: Unicode.Scalar?) -> String {
        precondition(old.isASCII && new?.isASCII != false, "replacingASCII takes ASCII characters")
        let target = UInt8(old.value)
        let replacement = new.map { UInt8($0.value) }
        let replaced: String? = withUTF8Bytes { bytes in
            guard let first = bytes.firstIndex(of: target) else { return String(decoding: bytes, as: UTF8.self) }
            var output = [UInt8]()
            output.reserveCapacity(bytes.count)
            output.append(contentsOf: bytes[..<first])
            for index in first..<bytes.count {
                let byte = bytes[index]
                guard byte == target else {
                    output.append(byte)
                    continue
                }
                if (index > 0 && bytes[index - 1] >= 0x80) || (index + 1 < bytes.count && bytes[index + 1] >= 0x80) {
                    return nil
                }
                if let replacement { output.append(replacement) }
            }
            return String(decoding: output, as: UTF8.self)
        }
        return replaced ?? replacingOccurrences(of: String(old), with: new.map(String.init) ?? "")
    }

    /// The text's first `count` characters, as `String(prefix(count))` makes them, counted over the bytes where
    /// those are ASCII without `\r` (each byte a character, unless a mark beyond them joins the last).
    func prefixCharacters(_ count: Int) -> String {
        let head: String? = withUTF8Bytes { bytes in
            let end = Swift.min(count, bytes.count)
            guard !bytes[..<end].contains(where: { $0 >= 0x80 || $0 == 0x0D }), end == bytes.count || bytes[end] < 0x80
            else { return nil }
            return String(decoding: UnsafeBufferPointer(rebasing: bytes[..<end]), as: UTF8.self)
        }
        return head ?? String(prefix(count))
    }

    /// Runs `body` over the text's UTF-8 bytes: in place for a native string, else over a copy.
    ///
    /// A loop over a buffer of bytes costs a fraction of one over the `utf8` view, whose iterator checks each index
    /// (tidying and normalizing lines this way took about 5 % of an indexing run's CPU).
    func withUTF8Bytes<Result>(_ body: (UnsafeBufferPointer<UInt8>) -> Result) -> Result {
        if let result = utf8.withContiguousStorageIfAvailable(body) { return result }
        return Array(utf8).withUnsafeBufferPointer(body)
    }
}
