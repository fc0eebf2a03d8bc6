import Benchmark
import BenchmarkSupport
import Foundation
import PolicySearch

/// Indexing throughput and peak memory: building a fresh index from a generated corpus (1,000 documents of about
/// 15 KB unless `POLICY_SEARCH_BENCH_DOCUMENTS` says otherwise), and re-running over the unchanged corpus.
let benchmarks: @Sendable () -> Void = {
    let count = BenchmarkFiles.documentCount(default: 1_000)
    let documentsPerSecond = BenchmarkMetric.custom("documents/s", polarity: .prefersLarger, useScalingFactor: false)
    let kilobytesPerSecond = BenchmarkMetric.custom("KB/s", polarity: .prefersLarger, useScalingFactor: false)
    let configuration = Benchmark.Configuration(
        metrics: [.wallClock, .cpuTotal, .peakMemoryResident, documentsPerSecond, kilobytesPerSecond],
        timeUnits: .milliseconds,
        warmupIterations: 0,
        maxDuration: .seconds(300),
        maxIterations: 3
    )

    Benchmark("Index \(count) generated documents", configuration: configuration) { benchmark in
        let corpus = try BenchmarkFiles.corpus(count: count)
        let bytes = BenchmarkFiles.size(ofFolder: corpus)
        let path = BenchmarkFiles.scratchIndex()
        defer { BenchmarkFiles.remove(index: path) }
        let start = ContinuousClock.now
        benchmark.startMeasurement()
        try SearchIndex(path: path).add(contentsOf: [corpus])
        benchmark.stopMeasurement()
        let seconds = (ContinuousClock.now - start).seconds
        benchmark.measurement(documentsPerSecond, Int(Double(count) / seconds))
        benchmark.measurement(kilobytesPerSecond, Int(Double(bytes) / 1_000 / seconds))
    } setup: {
        _ = try BenchmarkFiles.corpus(count: count)
    }

    Benchmark("Re-index \(count) unchanged documents", configuration: configuration) { benchmark in
        let index = try SearchIndex(path: BenchmarkFiles.indexPath(count: count))
        let corpus = try BenchmarkFiles.corpus(count: count)
        benchmark.startMeasurement()
        let report = try index.add(contentsOf: [corpus])
        benchmark.stopMeasurement()
        precondition(report.unchanged == count, "the corpus changed: \(report)")
    } setup: {
        _ = try BenchmarkFiles.index(count: count)
    }
}

extension Duration {
    var seconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
}
