import Foundation
import Testing

/// Runs the built `policy-search` binary and checks what a shell user sees: stdout, stderr and exit status.
///
/// A class, so that each test's folder (its index and files) is removed when the test ends.
@Suite(.serialized)
final class PolicySearchCLITests {
    let folder: String

    init() throws {
        folder = NSTemporaryDirectory() + "policy-search-cli-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    }

    deinit {
        try? FileManager.default.removeItem(atPath: folder)
    }

    func run(_ arguments: [String], environment extra: [String: String] = [:]) throws -> PolicySearchTool.Run {
        try PolicySearchTool.run(arguments, environment: extra)
    }

    var index: String { folder + "/index.sqlite" }

    func indexSampleCorpus() throws {
        let result = try run(["index", "--index", index, "corpus/documents"])
        try #require(result.status == 0, "index failed: \(result.stderr)")
    }

    @Test func searchPrintsRankedHitsWithoutEscapeCodesWhenPiped() throws {
        let result = try run(["search", "--index", index, "--sync", "corpus/documents", "wetlands", "restoration"])
        #expect(result.status == 0)
        #expect(result.stdout.hasPrefix("1. "))
        #expect(result.stdout.contains("Restoring Coastal Wetlands and Marshes"))
        #expect(result.stdout.contains("[executive order · EO 90002 · 2026-04-22]"))
        #expect(result.stdout.contains("corpus/documents/orders/eo-90002-wetlands.md"))
        #expect(!result.stdout.contains("\u{1B}["))
        #expect(result.stderr.isEmpty)
    }

    @Test func colorsOnlyWhenAskedOrOnATerminal() throws {
        try indexSampleCorpus()
        let always = try run(["search", "--index", index, "--color", "always", "wetlands"])
        #expect(always.status == 0)
        #expect(always.stdout.contains("\u{1B}["))
        let noColor = try run(["search", "--index", index, "wetlands"], environment: ["NO_COLOR": "1"])
        #expect(!noColor.stdout.contains("\u{1B}["))
        let never = try run(["search", "--index", index, "--color", "never", "wetlands"])
        #expect(!never.stdout.contains("\u{1B}["))
    }

    @Test func jsonPrintsOneValidObjectPerHit() throws {
        try indexSampleCorpus()
        let result = try run(["search", "--index", index, "--json", "-n", "3", "artificial intelligence"])
        #expect(result.status == 0)
        let lines = result.stdout.split(separator: "\n")
        #expect(lines.count == 3)
        var previousScore = Double.infinity
        for line in lines {
            let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            #expect(object["total"] as? Int == 4)  // EO 90001, EO 90006, the AI workforce memo, the testing article
            for key in ["id", "title", "type", "date", "path", "score", "snippet", "highlights", "total"] {
                #expect(object.keys.contains(key), "missing \(key)")
            }
            let score = try #require(object["score"] as? Double)
            #expect(score <= previousScore)
            previousScore = score
            let snippet = Array(try #require(object["snippet"] as? String).unicodeScalars)
            let highlights = try #require(object["highlights"] as? [[Int]])
            #expect(!highlights.isEmpty)
            for pair in highlights {
                let text = String(String.UnicodeScalarView(snippet[pair[0]..<pair[1]])).lowercased()
                // "AI" is highlighted too: the shipped thesaurus widens "artificial intelligence" to it.
                let expected = ["artificial", "intelligence", "ai"]
                #expect(expected.contains { text.hasPrefix($0) }, "highlight \(text)")
            }
        }
        #expect(!result.stdout.contains("\u{1B}["))
    }

    @Test func noHitsExitsWithOne() throws {
        try indexSampleCorpus()
        let result = try run(["search", "--index", index, "--json", "zeppelin"])
        #expect(result.status == 1)
        #expect(result.stdout.isEmpty)
    }

    @Test(arguments: [
        (["search", "--index", "X", "--bogus", "x"], "--bogus"),
        (["search", "--index", "X", "AND"], "invalid query: query has nothing to search for (at character 1)"),
        (["search", "--index", "X", "-n", "0", "x"], "--limit must be at least 1"),
        (["frobnicate"], "frobnicate"),
        (["search", "--index", "X", "--", "-draft"], "query only excludes words"),
    ])
    func errorsExitWithTwoAndAOneLineMessage(arguments: [String], expected: String) throws {
        try indexSampleCorpus()
        let result = try run(arguments.map { $0 == "X" ? index : $0 })
        #expect(result.status == 2)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.contains(expected), "stderr: \(result.stderr)")
        #expect(!result.stderr.lowercased().contains("sqlite"))
        #expect(!result.stderr.contains("fts5"))
    }

    @Test func missingIndexOrNotAnIndexIsAClearError() throws {
        let missing = try run(["search", "--index", folder + "/none.sqlite", "wetlands"])
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("no index at \(folder)/none.sqlite"))
        let notAnIndex = folder + "/notes.sqlite"
        try Data(String(repeating: "plain text, not SQLite. ", count: 10).utf8).write(
            to: URL(fileURLWithPath: notAnIndex)
        )
        let wrong = try run(["search", "--index", notAnIndex, "wetlands"])
        #expect(wrong.status == 2)
        #expect(wrong.stderr == "policy-search: \(notAnIndex) is not a PolicySearch index\n")
    }

    @Test func indexReportsCountsAndSkippedFilesWithReasons() throws {
        let input = folder + "/input"
        try FileManager.default.createDirectory(atPath: input, withIntermediateDirectories: true)
        try Data("Grid Order\n\nTransformers and substations.".utf8).write(to: URL(fileURLWithPath: input + "/a.txt"))
        try Data().write(to: URL(fileURLWithPath: input + "/empty.txt"))
        try Data((0..<2048).map { UInt8($0 % 5) }).write(to: URL(fileURLWithPath: input + "/blob.html"))
        try Data("x,y".utf8).write(to: URL(fileURLWithPath: input + "/table.docx"))
        let first = try run(["index", "--index", index, input])
        #expect(first.status == 0)
        #expect(
            first.stdout == "indexed 1, updated 0, unchanged 0, skipped 3 (1 binary, 1 empty, 1 unsupported format)\n"
        )
        #expect(first.stderr.contains("warning: skipped \(input)/empty.txt: empty"))
        #expect(first.stderr.contains("warning: skipped \(input)/blob.html: binary"))
        #expect(!first.stderr.contains("table.docx"))
        let again = try run(["index", "--index", index, input])
        #expect(again.stdout.hasPrefix("indexed 0, updated 0, unchanged 1,"))
        let stats = try run(["stats", "--index", index, "--format", "json"])
        #expect(stats.status == 0)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(stats.stdout.utf8)) as? [String: Any])
        #expect(object["documents"] as? Int == 1)
        #expect((object["vocabulary"] as? Int ?? 0) >= 4)  // grid, order, transformers, substations
        let roots = try #require(object["roots"] as? [[String: String]])
        #expect(roots.map { $0["path"] } == [input])
    }

    @Test func showPrintsMetadataCitationsAndSections() throws {
        try indexSampleCorpus()
        let path = "corpus/documents/orders/eo-90004-grid-security.html"
        let text = try run(["show", "--index", index, path])
        #expect(text.status == 0)
        #expect(text.stdout.hasPrefix("Protecting the Electric Grid Against Cyber Threats\n"))
        #expect(text.stdout.contains("EO number:        90004"))
        #expect(text.stdout.contains("signed:           2026-06-09"))
        #expect(text.stdout.contains("16 U.S.C. 824o"))
        #expect(text.stdout.contains("Sec. 2. Supply Chain"))
        let json = try run(["show", "--index", index, "--json", path])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        #expect(object["eo_number"] as? String == "90004")
        let sections = try #require(object["sections"] as? [[String: Any]])
        #expect(sections.count == 4)
        let byID = try run(["show", "--index", index, try #require(object["id"] as? String)])
        #expect(byID.stdout == text.stdout)
        let missing = try run(["show", "--index", index, "no/such/file.md"])
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("no document in"))
    }

    @Test func aMissingPdftotextIsSaidOnceAndTheRunGoesOn() throws {
        let input = folder + "/pdfs"
        try FileManager.default.createDirectory(atPath: input, withIntermediateDirectories: true)
        for name in ["a.pdf", "b.pdf"] {
            try Data("%PDF-1.4\n%%EOF\n".utf8).write(to: URL(fileURLWithPath: input + "/" + name))
        }
        try Data("Memo\n\nText of a memo.".utf8).write(to: URL(fileURLWithPath: input + "/memo.txt"))
        let result = try run(["index", "--index", index, input], environment: ["PATH": folder])
        #expect(result.status == 0)
        #expect(result.stdout == "indexed 1, updated 0, unchanged 0, skipped 2 (2 missing tool)\n")
        #expect(
            result.stderr
                == "note: pdftotext is not installed, so 2 PDF files were skipped; install poppler-utils to index them\n"
        )
    }

    @Test func filtersSortingAndFacets() throws {
        try indexSampleCorpus()
        let sorted = try run(["search", "--index", index, "--json", "--sort", "oldest", "type:order signed:2026"])
        #expect(sorted.status == 0)
        let dates = sorted.stdout.split(separator: "\n").compactMap { line in
            (try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])?["date"] as? String
        }
        #expect(dates == ["2026-03-02", "2026-04-22", "2026-05-14", "2026-06-09", "2026-07-01", "2026-08-18"])
        let faceted = try run(["search", "--index", index, "--json", "--facets", "wetlands"])
        let last = try #require(faceted.stdout.split(separator: "\n").last)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(last.utf8)) as? [String: Any])
        let facets = try #require(object["facets"] as? [String: [String: Int]])
        #expect(object["total"] as? Int == 3)
        #expect(facets["type"] == ["executive_order": 1, "proclamation": 1, "news_article": 1])
        let chart = try run(["search", "--index", index, "--facets", "wetlands"])
        #expect(chart.stdout.hasPrefix("type\n"))
        #expect(chart.stdout.contains("█"))
        let cited = try run(["search", "--index", index, "--json", "EO 90001"])
        let first = try #require(cited.stdout.split(separator: "\n").first)
        let hit = try #require(try JSONSerialization.jsonObject(with: Data(first.utf8)) as? [String: Any])
        #expect(hit["eo_number"] as? String == "90001")
        #expect(cited.stdout.split(separator: "\n").count == 3)  // the order, the article and EO 90006 citing it
        let bad = try run(["search", "--index", index, "signed:someday"])
        #expect(bad.status == 2)
        #expect(bad.stderr.contains("signed: takes a date such as 2025"))
    }

    @Test func maintenanceCommandsCheckRepairOptimizeAndRemove() throws {
        try indexSampleCorpus()
        let healthy = try run(["check", "--index", index])
        #expect(healthy.status == 0)
        #expect(healthy.stdout == "\(index): ok\n")
        // Damage the index behind PolicySearch's back: a document row vanishes (its text, citations and sections
        // stay), and another document's text vanishes (its full-text entries stay).
        let shell = Process()
        shell.executableURL = URL(fileURLWithPath: "/usr/bin/sqlite3")
        shell.arguments = [index, "DELETE FROM documents WHERE rowid = 1; DELETE FROM document_text WHERE rowid = 2"]
        try shell.run()
        shell.waitUntilExit()
        let damaged = try run(["check", "--index", index])
        #expect(damaged.status == 2)
        #expect(damaged.stderr.contains("problem: the full-text index does not match the stored documents"))
        #expect(damaged.stderr.contains("citations belong to no document"))
        #expect(damaged.stderr.contains("1 stored texts belong to no document"))
        #expect(damaged.stderr.contains("1 documents have no stored text"))
        #expect(!damaged.stderr.contains("SQLITE_"))
        #expect(try run(["rebuild", "--index", index]).status == 0)
        #expect(try run(["check", "--index", index]).status == 0)
        // The files of both lost documents are read again by the next run.
        let restored = try run(["index", "--index", index, "corpus/documents"])
        #expect(restored.stdout == "indexed 2, updated 0, unchanged 14, skipped 0\n", "\(restored.stderr)")
        #expect(try run(["optimize", "--index", index]).stdout == "\(index): optimized\n")
        let removed = try run(["remove", "--index", index, "corpus/documents/orders/eo-90002-wetlands.md"])
        #expect(removed.stdout == "removed 1\n")
        #expect(try run(["search", "--index", index, "eo:90002"]).status == 1)
        let unknown = try run(["remove", "--index", index, "no/such.md"])
        #expect(unknown.status == 2)
        #expect(unknown.stderr.contains("not in the index: no/such.md"))
    }

    @Test func helpDocumentsTheDefaultIndexAndExitCodes() throws {
        let result = try run(["--help"])
        #expect(result.status == 0)
        #expect(result.stdout.contains("policy-search.sqlite"))
        #expect(result.stdout.contains("Exit status: 0 when hits were found"))
    }
}
