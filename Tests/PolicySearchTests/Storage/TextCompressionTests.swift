import Foundation
import TestSupport
import Testing

@testable import PolicySearch

struct TextCompressionTests {
    @Test(arguments: [
        "", "a", "Sec. 1. Policy — “quoted” § 2, café, 日本語, 🇺🇸", String(repeating: "agency policy ", count: 5_000),
    ])
    func textComesBackWhole(text: String) {
        let stored = TextCompression.compressed(text)
        #expect(TextCompression.text(stored) == text)
    }

    @Test func repetitiveTextTakesLessRoom() {
        let text = String(repeating: "The Secretary of Commerce shall report to the President. ", count: 300)
        #expect(TextCompression.compressed(text).count * 10 < text.utf8.count)
    }

    /// A body as an index written with zlib's own `compress2` at level 3 (before libdeflate) holds it: Python's
    /// `len(text).to_bytes(4, "little") + zlib.compress(text, 3)`.
    @Test func bodiesWrittenByZlibStillRead() throws {
        let hex =
            "e4000000785e0b4e4dd65330d25308c94855084e4d2e4a2d492caa54c84f5370cecfcd4d2d4a4e5528ce48ccc951284a2dc82f2a"
            + "51c8cf53284f2dc949cc4b29060a1597e417259664e6e7e981f40e2a739c13d30eafd45138b45cc1580f00f95651c6"
        var bytes = Data()
        var digits = hex.makeIterator()
        while let high = digits.next(), let low = digits.next() {
            bytes.append(try #require(UInt8(String([high, low]), radix: 16)))
        }
        let text =
            String(repeating: "Sec. 2. The Secretary of Commerce shall report on wetlands restoration. ", count: 3)
            + "Café, § 3."
        #expect(TextCompression.text(bytes) == text)
        // A stream cut short, or one byte changed, is not text.
        #expect(TextCompression.text(bytes.dropLast()) == nil)
        var changed = bytes
        changed[40] ^= 0x20
        #expect(TextCompression.text(changed) == nil)
    }

    @Test(arguments: [Data(), Data([1, 0, 0]), Data([5, 0, 0, 0, 1, 2, 3]), Data("plain text".utf8)])
    func bytesThatAreNotCompressedTextAreRejected(data: Data) {
        #expect(TextCompression.text(data) == nil)
    }

    @Test func bodiesAreStoredCompressedAndSearchedWhole() throws {
        let folder = try TemporaryFolder()
        let path = folder.path + "/index.sqlite"
        let body = String(repeating: "The Secretary of Commerce shall report on wetlands restoration. ", count: 200)
        try SearchIndex(path: path).add(
            Document(source: "code:1", format: .plainText, title: "Wetlands", body: body, metadata: .init())
        )
        let reopened = try SearchIndex(path: path, mode: .readOnly)
        let hit = try #require(try reopened.search("wetlands restoration").first)
        #expect(hit.snippet.text.contains("wetlands restoration"))
        #expect(try reopened.document(hit.id)?.body == body)
        let row = try SQLiteShell.output(of: "SELECT typeof(body), length(body) FROM document_text", in: path)
        let fields = row.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: "|")
        #expect(fields.first == "blob")
        #expect((fields.last.flatMap { Int($0) } ?? .max) * 10 < body.utf8.count)
    }
}
