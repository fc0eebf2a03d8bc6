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
