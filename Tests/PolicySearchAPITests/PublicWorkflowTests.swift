import Foundation
import Logging
import PolicySearch
import Synchronization
import TestSupport
import Testing

/// The whole workflow a tool follows, through the public API only: a change that breaks a caller fails here.
@Suite("Public API")
struct PublicWorkflowTests {
    @Test("A folder is indexed with progress, searched, re-synced and searched again")
    func indexSearchAndSync() throws {
        let scratch = try TemporaryFolder()
        let documents = try scratch.copyOfSampleCorpus()
        let index = try SearchIndex(path: scratch.path + "/index.sqlite")

        let reports = Mutex<[IndexingProgress]>([])
        let report = try index.add(contentsOf: [documents]) { progress in reports.withLock { $0.append(progress) } }
        #expect(report.added == 16)
        #expect(report.skipped.isEmpty)
        let last = try #require(reports.withLock { $0.last })
        #expect(last.completedFiles == last.totalFiles)
        #expect(last.completedDocuments == 16)
        let files = reports.withLock { $0.flatMap(\.files) }
        #expect(files.count == 16 && files.allSatisfy { $0.change == .added && $0.documents == 1 })

        let hits = try index.search("wetlands restoration", limit: 5)
        #expect(hits.first?.document.title == "Coastal states welcome wetlands restoration order")
        #expect(hits.map(\.document.title).contains("Restoring Coastal Wetlands and Marshes"))
        let snippet = try #require(hits.first?.snippet)
        #expect(!snippet.highlights.isEmpty)
        #expect(
            snippet.highlightedFragments.allSatisfy {
                $0.lowercased().hasPrefix("wetland") || $0.lowercased().hasPrefix("restor")
            }
        )
        #expect(
            zip(snippet.highlightOffsets, snippet.highlights).allSatisfy {
                $0.count == snippet.text.unicodeScalars[$1].count
            }
        )

        // A new file is found, a removed one goes, an unchanged one is passed over.
        try
            "Executive Order 90077 of October 1, 2026\n\nHarbor Dredging\n\nSection 1. Policy. Harbors shall be dredged."
            .write(toFile: documents + "/orders/eo-90077-harbors.txt", atomically: true, encoding: .utf8)
        try FileManager.default.removeItem(atPath: documents + "/articles/broadband-farmers.txt")
        let sync = try index.update()
        #expect(sync.added == 1 && sync.removed == 1 && sync.unchanged == 15)
        #expect(try index.search("harbors dredged").first?.document.metadata.executiveOrderNumber == "90077")
        #expect(try index.search("farmers telehealth").isEmpty)

        let statistics = try index.statistics()
        #expect(statistics.documentCount == 16)
        #expect(statistics.documentsByType[.executiveOrder] == 7)
        #expect(statistics.roots.map(\.path) == [documents])
        #expect(abs(try #require(statistics.roots.first).lastSynced.timeIntervalSinceNow) < 600)
        #expect(try index.check().isEmpty)
        try index.optimize()
        try index.rebuild()
        #expect(try index.search("harbors").count == 1)
    }

    @Test("A query built in code filters, sorts, pages and counts")
    func typedQueries() throws {
        let index = try SearchIndex()
        try index.add(contentsOf: [sampleCorpus])

        let query = SearchQuery(
            .any([.term("wetlands"), .term("broadband"), .phrase("electric grid")]),
            filters: [
                .type(.executiveOrder),
                .signed(DateRange(from: CalendarDate(year: 2026, month: 4, day: 1), through: nil)),
            ]
        )
        #expect(
            query.description == #"wetlands OR broadband OR "electric grid" type:executive_order signed:2026-04-01.."#
        )
        let page = try index.search(query, options: SearchOptions(limit: 2, sort: .newest, includesFacets: true))
        #expect(page.totalCount == 3)
        #expect(page.results.map(\.document.metadata.executiveOrderNumber) == ["90005", "90004"])
        #expect(page.facets?.types.map(\.value) == ["executive_order"])
        #expect(page.facets?.types.first?.count == 3)
        let next = try index.search(query, options: SearchOptions(limit: 2, offset: 2, sort: .newest))
        #expect(next.results.map(\.document.metadata.executiveOrderNumber) == ["90002"])

        // The same query typed by a person.
        let typed = try SearchQuery(parsing: #"(wetlands OR broadband OR "electric grid") type:order signed:>=2026-04"#)
        #expect(try index.count(matching: typed) == 3)

        let explained = try index.search(
            try SearchQuery(parsing: "EO 90001"),
            options: SearchOptions(limit: 3, explainsScores: true, passages: 2)
        )
        let first = try #require(explained.results.first)
        #expect(first.document.metadata.executiveOrderNumber == "90001")
        #expect(first.explanation?.summary.hasPrefix("score ") == true)
        #expect(
            explained.results.dropFirst().allSatisfy {
                $0.score <= first.score || first.explanation?.boosts.isEmpty == false
            }
        )
    }

    @Test("A misspelled word is corrected, with a notice")
    func didYouMean() throws {
        let index = try SearchIndex()
        try index.add(contentsOf: [sampleCorpus])
        let page = try index.search(try SearchQuery(parsing: "wetlnds"), options: SearchOptions())
        let correction = try #require(page.correction)
        #expect(correction.replacedOriginal)
        #expect(correction.words.map(\.typed) == ["wetlnds"])
        #expect(correction.words.first?.corrected.lowercased() == "wetlands")
        #expect(page.results.count == 3)
        #expect(
            try index.search(try SearchQuery(parsing: "wetlnds"), options: SearchOptions(correctsSpelling: false))
                .results.isEmpty
        )
    }

    @Test("Documents made in code are added, replaced, folded as renditions and removed")
    func documentsMadeInCode() throws {
        let index = try SearchIndex()
        let order = Document(
            source: "https://example.gov/orders/90099",
            title: "Modernizing Lighthouse Maintenance",
            body: "Sec. 1. Purpose. The Coast Guard shall modernize lighthouse maintenance under 14 U.S.C. 504.",
            metadata: DocumentMetadata(
                type: .executiveOrder,
                date: CalendarDate(year: 2026, month: 10, day: 12),
                executiveOrderNumber: "90099"
            )
        )
        #expect(try index.add(order).added == 1)
        #expect(try index.add(order).unchanged == 1)
        var revised = order
        revised.body += "\nSec. 2. Funding. Lighthouse funding is continued."
        #expect(try index.add(revised).updated == 1)

        let stored = try #require(try index.document(order.id))
        #expect(stored.citations.map(\.text) == ["14 U.S.C. 504"])
        #expect(stored.sections.map(\.label) == ["Sec. 1. Purpose", "Sec. 2. Funding"])

        let posting = Document(
            source: "https://example.gov/briefings/lighthouses",
            title: "Modernizing Lighthouse Maintenance",
            body: "Executive Order 90099. The Coast Guard shall modernize lighthouse maintenance.",
            metadata: DocumentMetadata(type: .executiveOrder, executiveOrderNumber: "90099")
        )
        try index.add([posting])
        let folded = try index.search("lighthouse maintenance")
        #expect(folded.count == 1)
        #expect(folded.first?.renditions.count == 1)
        #expect(try index.search("lighthouse maintenance", renditions: .separate).count == 2)
        #expect(try index.renditions(of: order.id).map(\.id) == [posting.id])

        #expect(try index.remove([order.id, posting.id, DocumentID(rawValue: "no-such-document")]) == 2)
        #expect(try index.search("lighthouse").isEmpty)
    }

    @Test("Errors are typed values with descriptions that name the file or the query position")
    func errors() throws {
        let scratch = try TemporaryFolder()
        #expect(throws: QuerySyntaxError.self) { try SearchQuery(parsing: "-draft") }
        do {
            _ = try SearchQuery(parsing: "wetlands signed:someday")
            Issue.record("a malformed date was accepted")
        } catch {
            #expect(error.position == 9)
            #expect(error.description.contains("signed:"))
        }

        let notAnIndex = scratch.path + "/notes.sqlite"
        try "not an index".write(toFile: notAnIndex, atomically: true, encoding: .utf8)
        do {
            _ = try SearchIndex(path: notAnIndex)
            Issue.record("a text file was opened as an index")
        } catch {
            #expect(error.isNotAnIndex)
            #expect(error.description.contains(notAnIndex))
        }

        let folder = scratch.path + "/in"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try Data([0, 1, 2, 0, 255, 0]).write(to: URL(fileURLWithPath: folder + "/scan.txt"))
        try "Memorandum on Harbors\n\nHarbors matter.".write(
            toFile: folder + "/memo.txt",
            atomically: true,
            encoding: .utf8
        )
        let path = scratch.path + "/index.sqlite"
        let report = try SearchIndex(path: path).add(contentsOf: [folder])
        #expect(report.added == 1)
        #expect(report.skipped.map(\.reason) == [.binary])
        #expect(report.skipped.first?.description.contains("scan.txt") == true)

        let reader = try SearchIndex(path: path, mode: .readOnly)
        #expect(reader.isReadOnly)
        #expect(try reader.search("harbors").count == 1)
        do {
            try reader.add(Document(source: "x", title: "x", body: "x"))
            Issue.record("a read-only index was written")
        } catch {
            #expect(error.isReadOnly)
        }
    }

    @Test("The async variants index and search without blocking, also side by side")
    func asyncVariants() async throws {
        let scratch = try TemporaryFolder()
        let index = try SearchIndex(path: scratch.path + "/index.sqlite")
        let report = try await index.add(contentsOf: [sampleCorpus])
        #expect(report.added == 16)
        let query = try SearchQuery(parsing: "wetlands")
        let totals = try await withThrowingTaskGroup(of: Int.self) { group in
            group.addTask { try await index.update().unchanged }
            for _ in 0..<8 {
                group.addTask { try await index.search(query, options: SearchOptions()).totalCount }
            }
            return try await group.reduce(into: [Int]()) { $0.append($1) }
        }
        #expect(totals.sorted() == [3, 3, 3, 3, 3, 3, 3, 3, 16])
    }

    @Test("Cancelling the task of an async run stops it between batches, and the next run finishes the work")
    func cancellation() async throws {
        let scratch = try TemporaryFolder()
        let folder = scratch.path + "/memos"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        for number in 1...320 {
            try "Memorandum \(number) on Harbor Maintenance\n\nHarbor \(number) shall be dredged."
                .write(toFile: folder + "/memo-\(number).txt", atomically: true, encoding: .utf8)
        }
        let index = try SearchIndex(path: scratch.path + "/index.sqlite")
        let running = Mutex<Task<IndexingReport, any Error>?>(nil)
        let task = Task {
            // Cancelled from the first report of a stored batch (at most two more are under way by then).
            try await index.add(contentsOf: [folder]) { progress in
                if progress.completedDocuments > 0 { running.withLock { $0?.cancel() } }
            }
        }
        running.withLock { $0 = task }
        let cancelled = try await task.value
        #expect(cancelled.wasCancelled)
        #expect(cancelled.added > 0 && cancelled.added < 320)
        #expect(try index.count(matching: SearchQuery(parsing: "harbor")) == cancelled.added)
        #expect(try index.statistics().roots.isEmpty)

        let finished = try await index.add(contentsOf: [folder])
        #expect(!finished.wasCancelled)
        #expect(finished.added == 320 - cancelled.added)
        #expect(finished.unchanged == cancelled.added)
        #expect(try index.statistics().roots.map(\.path) == [folder])
    }

    @Test("Diagnostics go to the logger the caller passes")
    func logging() throws {
        let records = LogRecords()
        var logger = Logger(label: "api-tests") { _ in RecordingLogHandler(records: records) }
        logger.logLevel = .debug
        let scratch = try TemporaryFolder()
        try Data([0, 0, 0, 1]).write(to: URL(fileURLWithPath: scratch.path + "/blob.txt"))
        let index = try SearchIndex(path: scratch.path + "/index.sqlite", logger: logger)
        try index.add(contentsOf: [sampleCorpus, scratch.path + "/blob.txt"])
        _ = try index.search("wetlands")

        let logged = records.all
        let run = try #require(logged.first { $0.message == "Indexed" })
        #expect(run.level == .info)
        #expect(run.metadata["added"] == "16")
        #expect(logged.contains { $0.level == .debug && $0.message == "Stored a batch" })
        let skipped = try #require(logged.first { $0.level == .warning })
        #expect(skipped.metadata["reason"]?.description.contains("blob.txt") == true)
        let search = try #require(logged.first { $0.message == "Searched" })
        #expect(search.metadata["total"] == "3")
    }
}
