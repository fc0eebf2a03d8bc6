import CorpusGenerator
import Foundation
import PolicySearch
import Synchronization
import Testing

/// Kills indexing runs with SIGKILL at many points and checks that nothing is ever lost or damaged: after each kill
/// the index passes `check`, a re-run from that state completes, and what it ends with equals the index an
/// uninterrupted run built (same documents, content hashes, citations, sections, roots and hits).
@Suite(.serialized)
struct CrashSafetyTests {
    static let queries = [
        "federal agency", "\"national security\"", "wetlands OR drought", "type:memorandum climate", "eo:20010",
        "signed:2001..2005 energy", "secur*", "title:restoring",
    ]

    let folder: String
    var corpus: String { folder + "/corpus" }
    var reference: String { folder + "/reference.sqlite" }
    var crashed: String { folder + "/crashed.sqlite" }
    var resumed: String { folder + "/resumed.sqlite" }

    init() throws {
        folder = NSTemporaryDirectory() + "policy-search-crash-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    }

    @Test func killedRunsLeaveASoundIndexThatARerunCompletes() throws {
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let generator = CorpusGenerator(seed: 5, averageSize: 3_000)
        try generator.write(0..<480, to: URL(fileURLWithPath: corpus))
        // As in phase 2: files written in the last two seconds are read again by every run, without their sizes
        // remembered. A reference run that ended within two seconds of the writing (seen on a fast machine) kept
        // none, while the runs after it keep them all.
        Thread.sleep(forTimeInterval: 2.1)
        var random = RandomSource(seed: 20_261_129)
        var log: [String] = []

        // Phase 1: building an index from nothing. Most kills land a random time (up to one and a half batches) after
        // the run reports its first write, so that each run gets about one batch further, inside or between
        // transactions; every fourth lands during start-up (opening, migrating, walking the folders). When a run
        // finishes before its kill, the chain starts again from no index.
        let (full, rerun) = try buildReference()
        log.append(String(format: "phase 1: uninterrupted run %.2f s, no-op re-run %.2f s", full, rerun))
        var kills = 0
        for point in 0..<40 where kills < 24 {
            let batch = full * 64 / 480
            let (line, killed) =
                point % 4 == 3
                ? try killAndVerify(point: point, delay: random.unit() * rerun, afterFirstWrite: false)
                : try killAndVerify(point: point, delay: random.unit() * 1.5 * batch, afterFirstWrite: true)
            log.append(line)
            if killed { kills += 1 } else { try removeIndex(crashed) }
        }
        try complete(crashed)
        try expectEqual(crashed, reference, "after phase 1")
        let before = folder + "/before-sync.sqlite"
        try FileManager.default.copyItem(atPath: reference, toPath: before)

        // Phase 2: a daily re-run over changed, removed and new files, each chain starting from the index as it was
        // before the changes.
        for index in stride(from: 0, to: 480, by: 8) {
            let edited = generator.document(at: index, revision: 1)
            try Data(edited.markdown.utf8).write(to: URL(fileURLWithPath: corpus + "/" + edited.relativePath))
        }
        for index in stride(from: 3, to: 480, by: 24) {
            try FileManager.default.removeItem(atPath: corpus + "/" + generator.document(at: index).relativePath)
        }
        try generator.write(480..<520, to: URL(fileURLWithPath: corpus))
        // Files written in the last two seconds are read again by every run; wait, so that runs trust their dates.
        Thread.sleep(forTimeInterval: 2.1)
        let (sync, _) = try buildReference()
        log.append(String(format: "phase 2: uninterrupted re-sync %.2f s", sync))
        try removeIndex(crashed)
        try FileManager.default.copyItem(atPath: before, toPath: crashed)
        for point in 40..<70 where kills < 36 {
            let (line, killed) =
                point % 4 == 3
                ? try killAndVerify(point: point, delay: random.unit() * rerun, afterFirstWrite: false)
                : try killAndVerify(point: point, delay: random.unit() * (sync - rerun), afterFirstWrite: true)
            log.append(line)
            if killed {
                kills += 1
            } else {
                try removeIndex(crashed)
                try FileManager.default.copyItem(atPath: before, toPath: crashed)
            }
        }
        try complete(crashed)
        try expectEqual(crashed, reference, "after phase 2")
        print(log.joined(separator: "\n"))
        #expect(kills >= 36, "only \(kills) runs were killed before they finished")
        // Kills after a write leave the index at many different points of the build.
        let states = log.filter { $0.contains("a write: killed") }.compactMap {
            $0.split(separator: "→").last?.split(separator: ",").first
        }
        #expect(Set(states).count >= 5, "kills left the index at too few distinct points: \(states)")
    }

    /// A first run of 2,000 files builds the full-text index beside its writer and writes it at its end.
    ///
    /// Killed before that, it leaves documents without full-text rows; `check`, opening the index for writing, builds them, and a
    /// re-run then ends where an uninterrupted run ends.
    @Test func killedBulkBuildsAreFinishedByTheNextOpening() throws {
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try CorpusGenerator(seed: 5, averageSize: 1_500).write(0..<2_000, to: URL(fileURLWithPath: corpus))
        Thread.sleep(forTimeInterval: 2.1)  // as in the test above: runs then trust the files' dates
        let (full, _) = try buildReference()
        var log = [String(format: "uninterrupted run %.2f s", full)]
        var unbuilt = 0
        for (point, share) in [0.25, 0.5, 0.7, 0.85].enumerated() {
            try removeIndex(crashed)
            let (line, killed) = try killAndVerify(point: point, delay: share * full, afterFirstWrite: true)
            log.append(line)
            if killed, line.contains("full-text rows 0,"), !line.contains("documents no file → 0") { unbuilt += 1 }
        }
        print(log.joined(separator: "\n"))
        #expect(unbuilt >= 1, "no kill left documents without their full-text rows")
    }

    private func removeIndex(_ path: String) throws {
        for suffix in ["", "-wal", "-shm"] where FileManager.default.fileExists(atPath: path + suffix) {
            try FileManager.default.removeItem(atPath: path + suffix)
        }
    }

    /// Indexes the corpus into the reference index without interruption, and times that and a no-op re-run.
    private func buildReference() throws -> (run: Double, rerun: Double) {
        let start = Date()
        let first = try PolicySearchTool.run(["index", "--quiet", "--index", reference, corpus])
        try #require(first.status == 0, "\(first.stderr)")
        let middle = Date()
        let second = try PolicySearchTool.run(["index", "--quiet", "--index", reference, corpus])
        try #require(second.status == 0, "\(second.stderr)")
        return (middle.timeIntervalSince(start), Date().timeIntervalSince(middle))
    }

    /// Starts `index` on the crashed index, kills it after a delay, and verifies what it left.
    ///
    /// - Parameters:
    ///   - point: The kill's number, for the log.
    ///   - delay: Seconds to wait before the kill.
    ///   - afterFirstWrite: Whether the delay starts when the run reports its first write (its `--verbose` lines come
    ///     after each committed batch) rather than when it starts.
    /// - Returns: A line for the log, and whether the run was killed (rather than finishing first).
    /// - Throws: When a process cannot be started or a file copied.
    private func killAndVerify(
        point: Int,
        delay: Double,
        afterFirstWrite: Bool
    ) throws -> (line: String, killed: Bool) {
        let before = documentCount(crashed)
        let process = try PolicySearchTool.process(["index", "--verbose", "--index", crashed, corpus])
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        let written = Mutex(false)
        // Read on another thread all along, so that the run never waits on a full pipe.
        let reading = Thread {
            var pending = ""
            while case let data = output.fileHandleForReading.availableData, !data.isEmpty {
                pending += String(decoding: data, as: UTF8.self)
                let lines = pending.split(separator: "\n", omittingEmptySubsequences: false)
                if lines.dropLast().contains(where: {
                    $0.hasPrefix("added") || $0.hasPrefix("updated") || $0.hasPrefix("removed")
                }) {
                    written.withLock { $0 = true }
                }
                pending = String(lines.last ?? "")
            }
        }
        try process.run()
        reading.start()
        if afterFirstWrite {
            while process.isRunning, !written.withLock({ $0 }) { Thread.sleep(forTimeInterval: 0.005) }
        }
        Thread.sleep(forTimeInterval: delay)
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        let killed = process.terminationReason == .uncaughtSignal
        let after = documentCount(crashed)
        var line = String(format: "kill %2d %.3f s after ", point, delay) + (afterFirstWrite ? "a write: " : "start: ")
        line += killed ? "killed" : "finished first (status \(process.terminationStatus))"
        line += ", documents \(before.map(String.init) ?? "no file") → \(after.map(String.init) ?? "no file")"
        guard FileManager.default.fileExists(atPath: crashed) else {
            return (line + " (killed before creating it)", killed)
        }
        let fullTextRows = try? sqlite("SELECT count(*) FROM documents_fts_docsize", on: crashed)
        line += ", full-text rows \(fullTextRows?.trimmingCharacters(in: .whitespacesAndNewlines) ?? "none")"

        let check = try PolicySearchTool.run(["check", "--index", crashed])
        #expect(check.status == 0, "kill \(point): check failed: \(check.stderr)")

        // A re-run from exactly this state completes and ends where the uninterrupted run ended.
        for suffix in ["", "-wal", "-shm"] {
            try? FileManager.default.removeItem(atPath: resumed + suffix)
            if FileManager.default.fileExists(atPath: crashed + suffix) {
                try FileManager.default.copyItem(atPath: crashed + suffix, toPath: resumed + suffix)
            }
        }
        try complete(resumed)
        try expectEqual(resumed, reference, "kill \(point)")
        return (line + ", check ok, re-run ok", killed)
    }

    private func complete(_ index: String) throws {
        let run = try PolicySearchTool.run(["index", "--quiet", "--index", index, corpus])
        try #require(run.status == 0, "re-run failed: \(run.stderr)")
    }

    private func documentCount(_ index: String) -> Int? {
        guard FileManager.default.fileExists(atPath: index) else { return nil }
        return (try? SearchIndex(path: index, mode: .readOnly).statistics().documentCount) ?? -1
    }

    /// Compares two indexes: stored rows through the sqlite3 shell, hits through the library.
    private func expectEqual(_ index: String, _ expected: String, _ label: String) throws {
        let actual = try fingerprint(index)
        let wanted = try fingerprint(expected)
        #expect(actual == wanted, "\(label): stored rows differ from the uninterrupted run's")
        let one = try SearchIndex(path: index, mode: .readOnly)
        let other = try SearchIndex(path: expected, mode: .readOnly)
        // FTS5's integrity check is an INSERT, so it needs an index opened for writing.
        #expect(try SearchIndex(path: index).check().isEmpty, "\(label): check reports problems")
        for query in Self.queries {
            let hits = try one.search(query, limit: 20).map { "\($0.document.id.rawValue) \($0.score)" }
            let expectedHits = try other.search(query, limit: 20).map { "\($0.document.id.rawValue) \($0.score)" }
            #expect(hits == expectedHits, "\(label): hits for \(query) differ")
            #expect(!expectedHits.isEmpty || query.hasPrefix("eo:"), "\(label): \(query) should find something")
        }
    }

    private func fingerprint(_ index: String) throws -> String {
        let sql = """
            SELECT document_id, content_hash, title, type, date, executive_order_number, source_size
                FROM documents ORDER BY document_id;
            SELECT kind, text, count(*) FROM citations GROUP BY kind, text ORDER BY kind, text;
            SELECT count(*), sum(length(heading)) FROM sections;
            SELECT path FROM roots ORDER BY path;
            """
        return try sqlite(sql, on: index)
    }

    /// What the sqlite3 shell prints for some SQL, reading the index only.
    private func sqlite(_ sql: String, on index: String) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["sqlite3", "-readonly", index, sql]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        try #require(process.terminationStatus == 0, "sqlite3 could not read \(index)")
        return String(decoding: data, as: UTF8.self)
    }
}
