import CorpusGenerator
import Foundation
import PolicySearch

/// Where benchmark inputs live: generated corpora and indexes are made once and kept in `benchmarks/.build/`.
public enum BenchmarkFiles {
    /// The `benchmarks` folder.
    public static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static var cache: URL { root.appendingPathComponent(".build/bench-data") }

    /// A generated corpus of `count` documents (seed 2026, 15 KB on average), written on first use.
    ///
    /// - Parameter count: How many documents.
    /// - Returns: The corpus folder.
    /// - Throws: When the files cannot be written.
    public static func corpus(count: Int) throws -> String {
        let folder = cache.appendingPathComponent("gen-\(count)")
        let done = folder.appendingPathComponent(".complete")
        if !FileManager.default.fileExists(atPath: done.path) {
            try? FileManager.default.removeItem(at: folder)
            try CorpusGenerator().write(0..<count, to: folder)
            try Data().write(to: done)
        }
        return folder.path
    }

    /// An index of the generated corpus of `count` documents, built on first use, and upgraded when a build with a
    /// newer schema finds one an older build made (read-only opens refuse older indexes).
    ///
    /// - Parameter count: How many documents.
    /// - Returns: The index file.
    /// - Throws: When the corpus or the index cannot be written.
    public static func index(count: Int) throws -> String {
        let path = indexPath(count: count)
        let done = path + ".complete"
        if !FileManager.default.fileExists(atPath: done) {
            try? FileManager.default.removeItem(atPath: path)
            try SearchIndex(path: path).add(contentsOf: [try corpus(count: count)])
            try Data().write(to: URL(fileURLWithPath: done))
        } else if (try? SearchIndex(path: path, mode: .readOnly)) == nil {
            _ = try SearchIndex(path: path)  // opening it for writing runs the schema's migrations
        }
        return path
    }

    /// Where ``index(count:)`` keeps the index of `count` documents, without making or checking it: for the timed
    /// iterations, once the benchmark's setup has called ``index(count:)``.
    public static func indexPath(count: Int) -> String {
        cache.appendingPathComponent("gen-\(count).sqlite").path
    }

    /// A fresh path for a scratch index, in the system's temporary folder.
    public static func scratchIndex() -> String {
        NSTemporaryDirectory() + "policy-search-bench-" + UUID().uuidString + ".sqlite"
    }

    /// Removes an index file and its write-ahead log files.
    public static func remove(index path: String) {
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
    }

    /// The corpus size the benchmarks use: `POLICY_SEARCH_BENCH_DOCUMENTS`, or the given default.
    public static func documentCount(default fallback: Int) -> Int {
        ProcessInfo.processInfo.environment["POLICY_SEARCH_BENCH_DOCUMENTS"].flatMap(Int.init) ?? fallback
    }

    /// The bytes of every file below a folder.
    public static func size(ofFolder folder: String) -> Int {
        var total = 0
        let walker = FileManager.default.enumerator(atPath: folder)
        while let name = walker?.nextObject() as? String {
            let attributes = try? FileManager.default.attributesOfItem(atPath: folder + "/" + name)
            if attributes?[.type] as? FileAttributeType == .typeRegular {
                total += (attributes?[.size] as? NSNumber)?.intValue ?? 0
            }
        }
        return total
    }
}
