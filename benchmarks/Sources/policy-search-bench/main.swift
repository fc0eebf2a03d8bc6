import BenchmarkSupport
import Foundation
import PolicySearch

// Times PolicySearch's in-process searches for compare.py, which runs the same queries in the other engines.
//
//   policy-search-bench queries INDEX [REPEATS [QUERY]]
//
// prints one JSON object per query: its class, its text, the hit count and every latency in microseconds
// (ten hits with a snippet each, as tantivy is asked for in compare.py; `policy-search search` also shows two
// passages per hit, which this does not ask for). With QUERY, only the query of queries.json with that text runs (to
// profile one, e.g. under `perf record`).

let arguments = CommandLine.arguments
guard arguments.count >= 3, arguments[1] == "queries" else {
    FileHandle.standardError.write(Data("usage: policy-search-bench queries INDEX [REPEATS [QUERY]]\n".utf8))
    exit(2)
}
let repeats = arguments.count > 3 ? Int(arguments[3]) ?? 20 : 20
let index = try SearchIndex(path: arguments[2], mode: .readOnly)
let clock = ContinuousClock()
let only = arguments.count > 4 ? arguments[4] : nil
let queries = try BenchmarkQuery.standardSet().filter { only == nil || $0.text == only }
guard !queries.isEmpty else {
    FileHandle.standardError.write(Data("policy-search-bench: no query of queries.json is \(only ?? "")\n".utf8))
    exit(2)
}
for query in queries {
    let parsed = try SearchQuery(parsing: query.text)
    var hits = 0
    _ = try index.search(parsed, limit: 10)  // warm the page cache and the statement cache
    var latencies: [Int] = []
    for _ in 0..<repeats {
        let start = clock.now
        let results = try index.search(parsed, limit: 10)
        let elapsed = clock.now - start
        hits = results.count
        latencies.append(
            Int(elapsed.components.attoseconds / 1_000_000_000_000 + elapsed.components.seconds * 1_000_000)
        )
    }
    let line: [String: Any] = ["class": query.class, "query": query.text, "hits": hits, "latencies_us": latencies]
    let data = try JSONSerialization.data(withJSONObject: line, options: [.sortedKeys])
    print(String(decoding: data, as: UTF8.self))
}
