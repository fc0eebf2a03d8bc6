import Testing

@testable import PolicySearch

struct LinesTests {
    /// Every case is compared with the character split the byte scan replaces.
    @Test(arguments: [
        "", "\n", "\n\n", "one", "one\n", "\none", "one\ntwo\n\nthree", "crlf\r\nstays\r\ntogether\n",
        "lone\rcarriage\r", "\r\n\n\r\n", "é\u{301}\ncafe\u{301}\n\u{1F1FA}\u{1F1F8}\nend", "tab\t\n  spaced  \n",
    ])
    func splitLikeTheCharacterSplit(text: String) {
        let expected = text.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(Array(text.lines) == expected)
        #expect(
            Array(text.dropFirst().lines) == text.dropFirst().split(separator: "\n", omittingEmptySubsequences: false)
        )
    }

    @Test func splitsGeneratedTextLikeTheCharacterSplit() {
        var generator = SystemRandomNumberGenerator()
        let pieces = ["a", "bc ", "\n", "\r\n", "\r", "\u{301}", "ü", " ", "\n\n", "§"]
        for _ in 0..<200 {
            let text = (0..<Int.random(in: 0..<40, using: &generator)).map { _ in
                pieces.randomElement(using: &generator)!
            }.joined()
            #expect(
                Array(text.lines) == text.split(separator: "\n", omittingEmptySubsequences: false),
                "\(text.debugDescription)"
            )
        }
    }

    @Test func stopsSplittingWhenTheReaderStops() {
        let text = "first\nsecond\n" + String(repeating: "x", count: 10)
        var iterator = text.lines.makeIterator()
        #expect(iterator.next() == "first")
        #expect(iterator.next() == "second")
        #expect(iterator.next() == "xxxxxxxxxx")
        #expect(iterator.next() == nil)
        #expect(iterator.next() == nil)
    }
}
