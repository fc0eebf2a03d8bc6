import Foundation
import TestSupport
import Testing

@testable import PolicySearch

/// Bad files beside good ones: each bad one is skipped with its reason, the good ones are indexed, and the index
/// stays usable.
struct HostileInputTests {
    @Test func badFilesAreSkippedWithReasonsAndGoodOnesIndexed() throws {
        let folder = try TemporaryFolder()
        try folder.write("good/order.md", "# Protecting Wetlands\n\nAgencies shall protect coastal wetlands.")
        try folder.write("good/records.csv", "doc_id,title,text\nR-1,Grid Order,Transformers and substations.\n")
        try folder.write(
            "good/records.jsonl",
            #"{"doc_id": "J-1", "title": "Water Order", "text": "Aquifers."}"# + "\n"
        )
        try folder.write("bad/binary.txt", Data((0..<4096).map { UInt8(($0 * 7) % 32) }))
        try folder.write("bad/empty.md", "")
        try folder.write("bad/huge.txt", String(repeating: "policy ", count: 400_000))
        try folder.write("bad/broken.xml", "<PRESDOCU><EXECORD><HD>Title</HD><FP>unclosed</EXECORD>")
        try folder.write("bad/broken.json", #"{"title": "x", "text": "#)
        try folder.write("bad/broken.jsonl", #"{"doc_id": "1", "text": "fine"}"# + "\n{not json}\n")
        try folder.write("bad/broken.csv", "id,title,text\n1,\"unclosed quote,text\n")
        try folder.write("bad/ragged.csv", "id,title,text\n1,only two\n")
        try folder.write("bad/broken.pdf", "%PDF-1.4\n" + String(repeating: "garbage ", count: 50))
        try folder.write("bad/front-matter.md", "---\ntitle: [unclosed\n---\nText")
        try FileManager.default.createSymbolicLink(
            atPath: folder.path + "/bad/dangling.txt",
            withDestinationPath: folder.path + "/nowhere.txt"
        )
        try FileManager.default.createSymbolicLink(atPath: folder.path + "/bad/loop", withDestinationPath: folder.path)

        let index = try SearchIndex(path: folder.path + "/index.sqlite", maximumFileSize: 1 << 20)
        let report = try index.add(contentsOf: [folder.path + "/good", folder.path + "/bad"])

        #expect(report.added == 3)
        let reasons = Dictionary(report.skipped.map { (URL(fileURLWithPath: $0.path).lastPathComponent, $0) }) { $1 }
        func expectSkip(_ name: String, _ reason: ExtractionError.Reason, _ detail: String? = nil) {
            let error = reasons[name]
            #expect(error?.reason == reason, "\(name): \(String(describing: error))")
            if let detail {
                #expect(error?.description.contains(detail) == true, "\(name): \(String(describing: error))")
            }
            #expect(error?.description.hasPrefix(folder.path + "/bad/\(name)") == true)
        }
        expectSkip("binary.txt", .binary)
        expectSkip("empty.md", .empty)
        expectSkip("huge.txt", .tooLarge, "the limit is 1048576")
        expectSkip("broken.xml", .malformed, "invalid XML at line")
        expectSkip("broken.json", .malformed, "invalid JSON")
        expectSkip("broken.jsonl", .malformed, "line 2 is not a JSON object")
        expectSkip("broken.csv", .malformed, "never closed")
        expectSkip("ragged.csv", .malformed, "row 1 has 2 fields; the header has 3")
        expectSkip("broken.pdf", PDFExtractor.toolPath == nil ? .missingTool : .malformed)
        expectSkip("front-matter.md", .malformed, "front matter")
        expectSkip("dangling.txt", .unreadable, "broken link")
        expectSkip("loop", .unreadable, "not followed")
        #expect(report.skipped.count == 12)
        #expect(report.skippedByReason[.malformed] == 7)
        #expect(try index.search("wetlands").count == 1)
        #expect(try index.search("substations").first?.document.record == "R-1")
        #expect(try index.search("aquifers").first?.document.title == "Water Order")
    }

    @Test func aRecordFileThatLosesARecordLosesItsDocument() throws {
        let folder = try TemporaryFolder()
        let path = try folder.write("records.csv", "id,title,text\n1,One,alpha text\n2,Two,beta text\n")
        let index = try SearchIndex()
        #expect(try index.add(contentsOf: [path]).added == 2)
        try folder.write("records.csv", "id,title,text\n1,One,alpha text\n")
        let again = try index.add(contentsOf: [path])
        #expect(again.unchanged == 1)
        #expect(try index.search("beta").isEmpty)
        #expect(try index.statistics().documentCount == 1)
    }
}
