import Benchmark
import BenchmarkSupport
import Foundation
import PolicySearch

/// Query latency in process: ten hits with a snippet each (no passages), for each query of the shared set.
///
/// The set is `benchmarks/queries.json`; the index holds 2,000 generated documents unless
/// `POLICY_SEARCH_BENCH_DOCUMENTS` says otherwise. Each iteration times one search.
let benchmarks: @Sendable () -> Void = {
    let count = BenchmarkFiles.documentCount(default: 2_000)
    let queries = (try? BenchmarkQuery.standardSet()) ?? []
    let configuration = Benchmark.Configuration(
        metrics: [.wallClock, .mallocCountTotal],
        timeUnits: .microseconds,
        warmupIterations: 3,
        maxDuration: .seconds(2),
        maxIterations: 200
    )
    for query in queries {
        guard let parsed = try? SearchQuery(parsing: query.text) else { continue }
        Benchmark("\(query.class): \(query.text)", configuration: configuration) { benchmark in
            let index = try SearchIndex(path: BenchmarkFiles.indexPath(count: count), mode: .readOnly)
            // A new SearchIndex reads the row lengths on its first search and keeps them (Storage/DocumentLengths);
            // the timed search is a later one, as in a process that searches more than once.
            _ = try index.search(parsed, limit: 10)
            benchmark.startMeasurement()
            blackHole(try index.search(parsed, limit: 10))
            benchmark.stopMeasurement()
        } setup: {
            _ = try BenchmarkFiles.index(count: count)
        }
    }
}
