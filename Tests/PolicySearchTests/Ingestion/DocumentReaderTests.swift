import Foundation
import TestSupport
import Testing

@testable import PolicySearch

struct DocumentReaderTests {
    @Test func walksRecursivelyInOrderSkippingHiddenAndReportingUnknownFormats() throws {
        let folder = try TemporaryFolder()
        try folder.write("b/z.md", "# Z\n\ntext")
        try folder.write("b/a.txt", "A\n\ntext")
        try folder.write("a.html", "<h1>A</h1><p>text</p>")
        try folder.write(".hidden.txt", "hidden")
        try folder.write(".git/config.txt", "hidden folder")
        try folder.write("notes.docx", "unknown")
        let entries = DocumentReader().entries(under: [folder.path])
        let files = entries.compactMap { entry -> String? in
            if case .file(let path) = entry { return String(path.dropFirst(folder.path.count + 1)) }
            return nil
        }
        #expect(files == ["a.html", "b/a.txt", "b/z.md"])
        let skipped = entries.compactMap { entry -> ExtractionError? in
            if case .skipped(let error) = entry { return error }
            return nil
        }
        #expect(skipped.map(\.reason) == [.unsupportedFormat])
        #expect(skipped.first?.path.hasSuffix("notes.docx") == true)
    }

    @Test(arguments: [
        "/a/b.md", "/a/b.tar.gz", "/a/b.", "/a/b", "/a/b.MD", "/a.d/b", "/a/b c.json", "/a/b..md", "/a/b.m d",
    ])
    func pathExtensionsReadAsURLsReadThem(path: String) {
        #expect(DocumentReader.pathExtension(of: path) == URL(fileURLWithPath: path).pathExtension)
    }

    @Test func symlinkLoopsAndMissingPathsDoNotTrapTheWalk() throws {
        let folder = try TemporaryFolder()
        try folder.write("docs/one.txt", "One\n\ntext")
        try FileManager.default.createSymbolicLink(atPath: folder.path + "/docs/loop", withDestinationPath: folder.path)
        try FileManager.default.createSymbolicLink(
            atPath: folder.path + "/docs/dangling.txt",
            withDestinationPath: folder.path + "/nowhere.txt"
        )
        let entries = DocumentReader().entries(under: [folder.path, folder.path + "/missing"])
        var files = 0
        var reasons: [String] = []
        for entry in entries {
            switch entry {
            case .file: files += 1
            case .skipped(let error): reasons.append(error.description)
            }
        }
        #expect(files == 1)
        #expect(reasons.count == 3)
        #expect(reasons.contains { $0.contains("dangling.txt") && $0.contains("broken link") })
        #expect(reasons.contains { $0.contains("loop") && $0.contains("not followed") })
        #expect(reasons.contains { $0.contains("missing") && $0.contains("no such file") })
    }

    @Test func readRejectsBinaryEmptyAndOversizedFiles() throws {
        let folder = try TemporaryFolder()
        let binary = try folder.write("image.txt", Data((0..<4096).map { UInt8($0 % 7) }))
        let empty = try folder.write("empty.txt", " \n\n ")
        let large = try folder.write("large.txt", String(repeating: "word ", count: 300))
        let reader = DocumentReader()
        #expect(throws: ExtractionError(path: binary, reason: .binary)) { _ = try reader.read(binary) }
        #expect(throws: ExtractionError(path: empty, reason: .empty)) { _ = try reader.read(empty) }
        #expect(throws: Never.self) { _ = try reader.read(large) }
        let strict = DocumentReader(maximumFileSize: 1000)
        #expect { _ = try strict.read(large) } throws: { ($0 as? ExtractionError)?.reason == .tooLarge }
    }
}
