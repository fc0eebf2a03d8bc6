import Foundation
import Synchronization
import TestSupport
import Testing

@testable import PolicySearch

struct DocumentStoreTests {
    @Test func indexingAFileAgainUpdatesItsDocumentInsteadOfDuplicatingIt() throws {
        let folder = try TemporaryFolder()
        let file = try folder.write("order.md", "# Protecting Wetlands\n\nAgencies shall protect wetlands.")
        let index = try SearchIndex(path: folder.path + "/index.sqlite")
        let first = try index.add(contentsOf: [folder.path + "/order.md"])
        #expect(first.added == 1)
        let again = try index.add(contentsOf: [folder.path])
        #expect(again.added == 0)
        #expect(again.unchanged == 1)
        try folder.write("order.md", "# Protecting Wetlands\n\nAgencies shall restore marshes.")
        let changed = try index.add(contentsOf: [file])
        #expect(changed.updated == 1)
        #expect(try index.statistics().documentCount == 1)
        #expect(try index.search("wetlands").count == 1)
        #expect(try index.search("marshes").count == 1)
        #expect(try index.search("protect").isEmpty == false)
        #expect(try index.search("\"shall protect\"").isEmpty)  // the old body left the full-text index
    }

    @Test func reopeningAnIndexKeepsItsDocuments() throws {
        let folder = try TemporaryFolder()
        try folder.write("a.txt", "Alpha\n\nRiver basin management.")
        do {
            let index = try SearchIndex(path: folder.path + "/index.sqlite")
            try index.add(contentsOf: [folder.path])
        }
        let reopened = try SearchIndex(path: folder.path + "/index.sqlite", mode: .readOnly)
        #expect(try reopened.search("basin").map(\.document.title) == ["Alpha"])
    }

    @Test func refusesFilesThatAreNotIndexesAndLeavesThemUntouched() throws {
        let folder = try TemporaryFolder()
        let text = try folder.write(
            "notes.sqlite",
            "just some text, not a database at all" + String(repeating: ".", count: 200)
        )
        #expect { _ = try SearchIndex(path: text) } throws: { error in
            let error = try #require(error as? StorageError)
            return error.isNotAnIndex && error.description == "\(text) is not a PolicySearch index"
        }
        let foreign = folder.path + "/other-app.sqlite"
        let process = Process()
        let shell = "/usr/bin/sqlite3"
        try #require(
            FileManager.default.isExecutableFile(atPath: shell),
            "this test needs the sqlite3 shell: apt-get install sqlite3"
        )
        process.executableURL = URL(fileURLWithPath: shell)
        process.arguments = [foreign, "CREATE TABLE people(name TEXT); INSERT INTO people VALUES('x');"]
        try process.run()
        process.waitUntilExit()
        let before = try Data(contentsOf: URL(fileURLWithPath: foreign))
        #expect { _ = try SearchIndex(path: foreign) } throws: { ($0 as? StorageError)?.isNotAnIndex == true }
        #expect(try Data(contentsOf: URL(fileURLWithPath: foreign)) == before)
    }

    /// A run killed while it creates the index can leave the migrator's table alone, empty, with no application id.
    ///
    /// GRDB makes that table in a transaction before the first migration's (a kill between the two failed the crash
    /// tests in CI). The next run makes such a file an index; another GRDB application's file, with migrations
    /// recorded, is still refused and left untouched.
    @Test func aFileLeftByAKillDuringCreationBecomesAnIndex() throws {
        let folder = try TemporaryFolder()
        let shell = "/usr/bin/sqlite3"
        try #require(
            FileManager.default.isExecutableFile(atPath: shell),
            "this test needs the sqlite3 shell: apt-get install sqlite3"
        )
        func sqlite(_ path: String, _ sql: String) throws {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: shell)
            process.arguments = [path, sql]
            process.standardOutput = FileHandle.nullDevice
            try process.run()
            process.waitUntilExit()
            try #require(process.terminationStatus == 0)
        }
        let migratorTable = "CREATE TABLE grdb_migrations (identifier TEXT NOT NULL PRIMARY KEY);"
        let cutOff = folder.path + "/index.sqlite"
        try sqlite(cutOff, "PRAGMA page_size = 8192; PRAGMA journal_mode = WAL; " + migratorTable)
        let document = Document(source: "memo-1", title: "Grid Security", body: "Transformers and substations.")
        do {
            let index = try SearchIndex(path: cutOff)
            try index.add(document)
            #expect(try index.check().isEmpty)
        }
        let reopened = try SearchIndex(path: cutOff, mode: .readOnly)
        #expect(try reopened.search("substations").map(\.document.id) == [document.id])

        let foreign = folder.path + "/other-app.sqlite"
        try sqlite(foreign, migratorTable + "INSERT INTO grdb_migrations VALUES ('v1');")
        let before = try Data(contentsOf: URL(fileURLWithPath: foreign))
        #expect { _ = try SearchIndex(path: foreign) } throws: { ($0 as? StorageError)?.isNotAnIndex == true }
        #expect(try Data(contentsOf: URL(fileURLWithPath: foreign)) == before)
    }

    /// Opening an index a second time in the process, while another process reads it, loses none of the first
    /// opening's writes.
    ///
    /// Closing any descriptor of a file releases every POSIX lock the process holds on it, SQLite's included. When the
    /// second opening read the file's header itself, the sqlite3 shell's last close then found no other reader,
    /// folded the write-ahead log into the file and deleted it, and the first opening went on committing into the
    /// deleted log: a later opening found pages missing ("unable to get the page", then "is damaged").
    @Test func aSecondOpeningKeepsTheFirstOnesLocks() throws {
        let folder = try TemporaryFolder()
        let path = folder.path + "/index.sqlite"
        let first = try SearchIndex(path: path)
        try first.add(Document(source: "one", title: "First", body: "Wetlands and marshes."))
        _ = try SearchIndex(path: path, mode: .readOnly).statistics()
        _ = try SearchIndex(path: path).statistics()
        #expect(try SQLiteShell.output(of: "SELECT count(*) FROM documents", in: path) == "1\n")
        for number in 2...40 {
            try first.add(Document(source: "doc-\(number)", title: "Order \(number)", body: "Marshes \(number)."))
        }
        #expect(try SQLiteShell.output(of: "PRAGMA quick_check", in: path) == "ok\n")
        #expect(try SearchIndex(path: path, mode: .readOnly).statistics().documentCount == 40)
        #expect(try SearchIndex(path: path).check().isEmpty)
    }

    @Test func refusesIndexesWrittenByANewerVersion() throws {
        let folder = try TemporaryFolder()
        let path = folder.path + "/index.sqlite"
        do { _ = try SearchIndex(path: path) }
        var bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        bytes[63] = 99  // user_version, big-endian at offset 60
        try bytes.write(to: URL(fileURLWithPath: path))
        #expect { _ = try SearchIndex(path: path) } throws: { error in
            String(describing: error).contains("newer PolicySearch (schema 99")
        }
    }

    @Test func readOnlyOpeningOfAMissingIndexSaysSo() throws {
        let folder = try TemporaryFolder()
        #expect { _ = try SearchIndex(path: folder.path + "/none.sqlite", mode: .readOnly) } throws: {
            ($0 as? StorageError)?.isMissing == true
        }
        #expect(!FileManager.default.fileExists(atPath: folder.path + "/none.sqlite"))
    }

    @Test func removesDocuments() throws {
        let index = try SearchIndex()
        let document = Document(source: "memo-1", title: "Grid Security", body: "Transformers and substations.")
        try index.add(document)
        #expect(try index.search("substations").count == 1)
        #expect(try index.remove([document.id]) == 1)
        #expect(try index.search("substations").isEmpty)
        #expect(try index.document(document.id) == nil)
    }
}

struct IncrementalSyncTests {
    @Test func vanishedFilesLoseTheirDocumentsAndUpdateResyncsEveryRoot() throws {
        let folder = try TemporaryFolder()
        let one = try folder.write("docs/one.txt", "One\n\nAlpha river.")
        try folder.write("docs/sub/two.md", "# Two\n\nBeta river.")
        let other = try folder.write("elsewhere/three.txt", "Three\n\nGamma river.")
        let index = try SearchIndex(path: folder.path + "/index.sqlite")
        #expect(try index.add(contentsOf: [folder.path + "/docs", other]).added == 3)
        #expect(try index.roots() == [folder.path + "/docs", other])
        try FileManager.default.removeItem(atPath: one)
        try folder.write("docs/sub/four.txt", "Four\n\nDelta river.")
        try folder.write("docs/sub/two.md", "# Two\n\nBeta river, amended.")
        let report = try index.update()
        #expect(report.removed == 1)
        #expect(report.added == 1)
        #expect(report.updated == 1)
        #expect(report.unchanged == 1)
        #expect(try index.search("river").count == 3)
        #expect(try index.search("alpha").isEmpty)
        // An unreadable file is skipped but keeps its documents; nothing is lost.
        try folder.write("docs/sub/four.txt", Data((0..<2048).map { UInt8($0 % 3) }))
        let again = try index.update()
        #expect(again.removed == 0)
        #expect(again.skipped.map(\.reason) == [.binary])
        #expect(try index.search("delta").count == 1)
    }

    @Test func aPreviewPredictsTheRunAndWritesNothing() throws {
        let folder = try TemporaryFolder()
        let gone = try folder.write("docs/gone.txt", "Gone\n\nAlpha.")
        try folder.write("docs/kept.txt", "Kept\n\nBeta.")
        try folder.write("docs/changed.txt", "Changed\n\nGamma.")
        let index = try SearchIndex(path: folder.path + "/index.sqlite")
        try index.add(contentsOf: [folder.path + "/docs"])
        try FileManager.default.removeItem(atPath: gone)
        try folder.write("docs/changed.txt", "Changed\n\nGamma, amended.")
        try folder.write("docs/new.txt", "New\n\nDelta.")
        let before = try index.statistics()
        let preview = try index.preview(contentsOf: [folder.path + "/docs"])
        #expect(try index.statistics() == before)
        #expect(try index.search("alpha").count == 1)
        let run = try index.add(contentsOf: [folder.path + "/docs"])
        #expect(preview.added == run.added && run.added == 1)
        #expect(preview.updated == run.updated && run.updated == 1)
        #expect(preview.unchanged == run.unchanged && run.unchanged == 1)
        #expect(preview.removed == run.removed && run.removed == 1)
    }

    /// Sets a file's modification time, as an editor or a copy that keeps times would.
    private func setModified(_ path: String, minutesPast1pm: Double) throws {
        try FileManager.default.setAttributes(
            [.modificationDate: Date(timeIntervalSince1970: 1_764_421_200 + minutesPast1pm * 60)],
            ofItemAtPath: path
        )
    }

    @Test func unchangedSizeAndDateSkipReadingAndEveryOtherChangeIsNoticed() throws {
        let folder = try TemporaryFolder()
        let stable = try folder.write("docs/stable.txt", "Stable\n\nAlpha river.")
        let touched = try folder.write("docs/touched.txt", "Touched\n\nBeta river.")
        let edited = try folder.write("docs/edited.txt", "Edited\n\nGamma river.")
        for path in [stable, touched, edited] { try setModified(path, minutesPast1pm: 10) }
        let index = try SearchIndex(path: folder.path + "/index.sqlite")
        #expect(try index.add(contentsOf: [folder.path + "/docs"]).added == 3)

        // Same size and date: trusted without reading, as make and rsync do (the new word is not seen).
        try folder.write("docs/stable.txt", "Stable\n\nDelta river.")
        try setModified(stable, minutesPast1pm: 10)
        // Same content, new date: read, found unchanged, its new date remembered.
        try setModified(touched, minutesPast1pm: 20)
        // Same size, new date and new content: updated.
        try folder.write("docs/edited.txt", "Edited\n\nOmega river.")
        try setModified(edited, minutesPast1pm: 20)
        let report = try index.add(contentsOf: [folder.path + "/docs"])
        #expect(report.updated == 1)
        #expect(report.unchanged == 2)
        #expect(try index.search("omega").count == 1)
        #expect(try index.search("delta").isEmpty)

        // A file changed within the last two seconds is never trusted by its date: a second change in the same
        // clock tick, size unchanged, is seen by the next run.
        let recent = Date(timeIntervalSinceNow: -0.5)
        try folder.write("docs/stable.txt", "Stable\n\nEpsilon river.")
        try FileManager.default.setAttributes([.modificationDate: recent], ofItemAtPath: stable)
        #expect(try index.add(contentsOf: [folder.path + "/docs"]).updated == 1)
        try folder.write("docs/stable.txt", "Stable\n\nZetaaaa river.")
        try FileManager.default.setAttributes([.modificationDate: recent], ofItemAtPath: stable)
        #expect(try index.add(contentsOf: [folder.path + "/docs"]).updated == 1)
        #expect(try index.search("zetaaaa").count == 1)
    }

    @Test func progressReportsEveryFileOnceWithWhatHappenedToIt() throws {
        let folder = try TemporaryFolder()
        let gone = try folder.write("docs/gone.txt", "Gone\n\nAlpha.")
        try folder.write("docs/kept.txt", "Kept\n\nBeta.")
        let index = try SearchIndex(path: folder.path + "/index.sqlite")
        try index.add(contentsOf: [folder.path + "/docs"])
        try FileManager.default.removeItem(atPath: gone)
        try folder.write("docs/new.txt", "New\n\nGamma.")
        try folder.write("docs/empty.txt", "  \n")
        try folder.write("docs/notes.xyz", "not a format we read")
        let seen = Mutex<[IndexedFile]>([])
        let last = Mutex<IndexingProgress?>(nil)
        try index.add(contentsOf: [folder.path + "/docs"]) { progress in
            seen.withLock { $0 += progress.files }
            last.withLock { $0 = progress }
        }
        let changes = seen.withLock { files in
            Dictionary(uniqueKeysWithValues: files.map { (URL(fileURLWithPath: $0.path).lastPathComponent, $0.change) })
        }
        #expect(changes["gone.txt"] == .removed)
        #expect(changes["kept.txt"] == .unchanged)
        #expect(changes["new.txt"] == .added)
        #expect(
            changes["empty.txt"].map { if case .skipped(let error) = $0 { error.reason == .empty } else { false } }
                == true
        )
        #expect(changes["notes.xyz"].map { if case .skipped = $0 { true } else { false } } == true)
        #expect(changes.count == 5)
        let final = try #require(last.withLock { $0 })
        #expect(final.completedFiles == 4 && final.totalFiles == 4)
        #expect(final.completedDocuments == 2)
    }
}
