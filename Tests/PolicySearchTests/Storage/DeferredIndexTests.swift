import CorpusGenerator
import Foundation
import Synchronization
import TestSupport
import Testing

@testable import PolicySearch

/// A large run writes without the indexes whose pages every batch would rewrite, and makes them at its end.
struct DeferredIndexTests {
    private static func indexes(in path: String) throws -> Set<String> {
        let text = try SQLiteShell.output(of: "SELECT name FROM sqlite_master WHERE type = 'index'", in: path)
        return Set(text.split(separator: "\n").map(String.init))
    }

    @Test func aLargeRunMakesItsScatteredIndexesAtTheEnd() throws {
        let folder = try TemporaryFolder()
        let corpus = folder.path + "/corpus"
        let generator = CorpusGenerator(seed: 21, averageSize: 2_000)
        try generator.write(0..<200, to: URL(fileURLWithPath: corpus))
        let path = folder.path + "/index.sqlite"
        let index = try SearchIndex(path: path)
        let deferred = Set(Schema.deferredIndexes.keys)
        try #require(try Self.indexes(in: path).isSuperset(of: deferred))

        let duringRun = Mutex<[Set<String>]>([])
        let mergingDuringRun = Mutex<[String]>([])
        let steps = Mutex<[IndexingProgress.Finishing]>([])
        let report = try index.add(
            contentsOf: [corpus],
            progress: { progress in
                if let step = progress.finishing {
                    steps.withLock { $0.append(step) }
                    return
                }
                let present = (try? Self.indexes(in: path)) ?? []
                duringRun.withLock { $0.append(present) }
                mergingDuringRun.withLock { $0.append((try? Self.merging(in: path)) ?? "") }
            },
            deferringIndexesFrom: 100
        )
        let seen = duringRun.withLock { $0 }
        #expect(seen.count > 2)
        #expect(seen.dropFirst().allSatisfy { $0.isDisjoint(with: deferred) }, "\(seen)")
        // FTS5 merges no segments while the run writes, and as usual after it.
        let merging = mergingDuringRun.withLock { $0 }
        #expect(
            merging.dropFirst().allSatisfy { $0 == "automerge=0 crisismerge=\(Schema.deferredCrisisMerge)" },
            "\(merging)"
        )
        #expect(try Self.merging(in: path) == "automerge=16 crisismerge=16")
        // After the files, the progress reports each step of the run's end, for a display that would otherwise sit
        // full while they run.
        #expect(steps.withLock { $0 } == [.sortingIndexes, .mergingFullText, .rankingFrequentSearches])
        // The report says how long each of them took, within the run's time.
        #expect(Set(report.finishingDurations.keys) == [.sortingIndexes, .mergingFullText, .rankingFrequentSearches])
        #expect(report.finishingDurations.values.allSatisfy { $0 > .zero })
        #expect(report.finishingDurations.values.reduce(.zero, +) < report.duration)
        #expect(try Self.indexes(in: path).isSuperset(of: deferred))
        // It also ends with the full-text index in one segment, and then stores the row lengths of that state.
        #expect(try Self.segments(in: path) == 1)
        // The file, made with incremental vacuuming, gave back the pages of the segments merged.
        let pages = try SQLiteShell.output(of: "PRAGMA auto_vacuum; PRAGMA freelist_count", in: path)
        #expect(pages.split(separator: "\n") == ["2", "0"])
        let searcher = try SearchIndex(path: path, mode: .readOnly)
        #expect(try searcher.search("agency").isEmpty == false)
        #expect(searcher.store.lengthCache.withLock { $0 }?.origin == .stored)
        let cited = try #require(generator.document(at: 0).citations.first)
        #expect(try index.search("cites:\"\(cited)\"").isEmpty == false)

        // A run killed before its end leaves them out, and merging off; opening the index for writing makes them
        // again and puts merging back.
        try index.store.dropDeferredIndexes()
        #expect(try Self.indexes(in: path).isDisjoint(with: deferred))
        #expect(try Self.merging(in: path) == "automerge=0 crisismerge=\(Schema.deferredCrisisMerge)")
        _ = try SearchIndex(path: path)
        #expect(try Self.indexes(in: path).isSuperset(of: deferred))
        #expect(try Self.merging(in: path) == "automerge=16 crisismerge=16")
    }

    /// The full-text index's merge settings, as `automerge=… crisismerge=…`.
    private static func merging(in path: String) throws -> String {
        let sql = "SELECT k || '=' || v FROM documents_fts_config WHERE k IN ('automerge', 'crisismerge') ORDER BY k"
        return try SQLiteShell.output(of: sql, in: path).split(separator: "\n").joined(separator: " ")
    }

    /// The full-text index's segments: those its `%_idx` table lists pages of.
    private static func segments(in path: String) throws -> Int {
        let count = try SQLiteShell.output(of: "SELECT count(DISTINCT segid) FROM documents_fts_idx", in: path)
        return Int(count.trimmingCharacters(in: .whitespacesAndNewlines)) ?? -1
    }

    @Test func aSmallRunKeepsThem() throws {
        let folder = try TemporaryFolder()
        let corpus = folder.path + "/corpus"
        try CorpusGenerator(seed: 22, averageSize: 2_000).write(0..<30, to: URL(fileURLWithPath: corpus))
        let path = folder.path + "/index.sqlite"
        let index = try SearchIndex(path: path)
        let missing = Mutex(0)
        let steps = Mutex(0)
        let report = try index.add(contentsOf: [corpus]) { progress in
            if progress.finishing != nil { steps.withLock { $0 += 1 } }
            let present = (try? Self.indexes(in: path)) ?? []
            if !present.isSuperset(of: Schema.deferredIndexes.keys) { missing.withLock { $0 += 1 } }
        }
        #expect(missing.withLock { $0 } == 0)
        #expect(steps.withLock { $0 } == 0)
        #expect(report.finishingDurations.isEmpty && report.duration > .zero)
        // And its full-text index's segments, which FTS5 merges as it sees fit: the 30 files are one batch here.
        try CorpusGenerator(seed: 23, averageSize: 2_000).write(0..<30, to: URL(fileURLWithPath: corpus + "/more"))
        _ = try index.add(contentsOf: [corpus + "/more"])
        #expect(try Self.segments(in: path) == 2)
    }
}
