import Foundation
import Testing

@testable import PolicySearch

struct PlainTextExtractorTests {
    private func extract(_ bytes: [UInt8], path: String = "/tmp/notes/doc.txt") throws -> Document {
        try #require(try PlainTextExtractor().documents(from: SourceFile(path: path, bytes: Data(bytes))).first)
    }

    @Test func titleSkipsABannerGluedAboveIt() throws {
        let text = "Site Banner Here\nAgencies Weigh New Rules\n\nAgencies Weigh New Rules\n\nThe body text.\n"
        #expect(try extract(Array(text.utf8)).title == "Agencies Weigh New Rules")
    }

    @Test func decodesBOMCRLFAndWindows1252() throws {
        let utf8 = try extract([0xEF, 0xBB, 0xBF] + Array("Title\r\n\r\nLine one\r\nLine two".utf8))
        #expect(utf8.title == "Title")
        #expect(utf8.body == "Title\n\nLine one\nLine two")
        let legacy = try extract(Array("Caf".utf8) + [0xE9, 0x20, 0x93] + Array("quoted".utf8) + [0x94, 0x0A])
        #expect(legacy.body == "Café “quoted”")
    }

    @Test func stripsNULAndPrivateUseCharacters() throws {
        let document = try extract(Array("A\u{0}B \u{E000}C\u{E001}".utf8))
        #expect(document.body == "AB C")
    }

    @Test func folderNamedArticlesMarksNewsArticles() throws {
        let article = try extract(Array("Headline\n\nThe president may sign an order.".utf8), path: "/x/articles/a.txt")
        #expect(article.metadata.type == .article)
        let other = try extract(Array("Headline\n\nText.".utf8), path: "/x/misc/a.txt")
        #expect(other.metadata.type == .other)
    }

    @Test(arguments: [
        ("Executive Order 14110 of October 30, 2023\n\nSafe AI", DocumentType.executiveOrder, "2023-10-30"),
        ("Proclamation 10886 of January 20, 2025\n\nDeclaring", DocumentType.proclamation, "2025-01-20"),
        ("Memorandum of March 3, 2025\n\nMEMORANDUM FOR THE HEADS", DocumentType.memorandum, "2025-03-03"),
        (
            "News\n\nThe White House said on March 3, 2025 that Executive Order 14110 of October 30, 2023 ended.",
            DocumentType.other, "2025-03-03"
        ),
    ])
    func detectsTypeAndDateFromTheText(text: String, type: DocumentType, date: String) throws {
        let document = try extract(Array(text.utf8))
        #expect(document.metadata.type == type)
        #expect(document.metadata.date?.description == date)
    }
}
