/// The lines of a text, split at each line feed by scanning bytes instead of characters.
///
/// The same lines as `split(separator: "\n", omittingEmptySubsequences: false)`, several times faster on long
/// text, and lazy: a reader that stops early splits no further. A line feed right after a carriage return ends no
/// line there, as in the character split, where `"\r\n"` is one character.
struct Lines: Sequence {
    let text: Substring

    struct Iterator: IteratorProtocol {
        let text: Substring
        var position: String.Index
        var finished = false

        mutating func next() -> Substring? {
            guard !finished else { return nil }
            let utf8 = text.utf8
            var index = position
            var previous: UInt8 = index > utf8.startIndex ? utf8[utf8.index(before: index)] : 0
            while index < utf8.endIndex {
                let byte = utf8[index]
                if byte == 0x0A, previous != 0x0D {
                    defer { position = utf8.index(after: index) }
                    return text[position..<index]
                }
                previous = byte
                index = utf8.index(after: index)
            }
            finished = true
            return text[position..<text.endIndex]
        }
    }

    func makeIterator() -> Iterator {
        Iterator(text: text, position: text.startIndex)
    }
}

extension StringProtocol where SubSequence == Substring {
    /// The text's lines, without their line feeds (see ``Lines``).
    var lines: Lines {
        Lines(text: self[...])
    }
}
