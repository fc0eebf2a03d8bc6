import Foundation
import Testing

@testable import PolicySearch

/// The byte-level helpers against the character-level (or Foundation) ways they replace, on every string of up to
/// three pieces chosen to meet at their edges: ASCII and Unicode spaces, `\r\n`, marks that join a space or a comma,
/// and a prepended mark (U+0600) before one.
struct TextHelpersTests {
    static let pieces = [
        "", " ", "\t", "\n", "\r\n", "\r", "a", "é", "\u{301}", "\u{A0}", "\u{2003}", "\u{85}", "x y", ",", "-", "_",
        "\u{600}", "1,2",
    ]

    static var texts: [String] {
        var texts: [String] = []
        for first in pieces {
            for second in pieces { for third in pieces { texts.append(first + second + third) } }
        }
        return texts
    }

    @Test func trimmingIsTheCharacterTrim() {
        func byCharacters<Text: StringProtocol>(_ text: Text) -> String {
            var characters = Substring(text)
            while let first = characters.first, first.isWhitespace { characters.removeFirst() }
            while let last = characters.last, last.isWhitespace { characters.removeLast() }
            return String(characters)
        }
        for text in Self.texts {
            #expect(text.trimmingWhitespace() == byCharacters(text), "\(text.debugDescription)")
            let inner = text.dropFirst()
            #expect(inner.trimmingWhitespace() == byCharacters(inner), "\(inner.debugDescription)")
        }
    }

    @Test func replacingASCIIIsFoundationsReplacement() {
        let replacements: [(Unicode.Scalar, Unicode.Scalar?)] = [(",", nil), ("-", "_"), (" ", "_"), ("_", " ")]
        for text in Self.texts {
            for (old, new) in replacements {
                let expected = text.replacingOccurrences(of: String(old), with: new.map(String.init) ?? "")
                #expect(text.replacingASCII(old, with: new) == expected, "\(text.debugDescription) \(old)")
            }
        }
        #expect("13,859".replacingASCII(",", with: nil) == "13859")
        #expect("eo-number".replacingASCII("-", with: "_") == "eo_number")
    }

    @Test func prefixCharactersIsThePrefix() {
        for text in Self.texts {
            for count in 0...4 {
                #expect(text.prefixCharacters(count) == String(text.prefix(count)), "\(text.debugDescription) \(count)")
            }
        }
        let long = String(repeating: "Executive Order 13859 of February 11, 2019\n", count: 200)
        #expect(long.prefixCharacters(4000) == String(long.prefix(4000)))
        #expect((long + "e\u{301}").prefixCharacters(long.utf8.count + 1) == long + "e\u{301}")
        #expect((long.prefix(3999) + "e\u{301}x").prefixCharacters(4000) == long.prefix(3999) + "e\u{301}")
    }
}
