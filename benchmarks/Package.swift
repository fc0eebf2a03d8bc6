// swift-tools-version: 6.1
import PackageDescription

// The speed benchmarks, in a package of their own so that building PolicySearch never builds package-benchmark.
// Run from this folder: `swift package benchmark` (see README.md).
let package = Package(
    name: "PolicySearchBenchmarks",
    platforms: [.macOS(.v14)],
    dependencies: [
        .package(name: "PolicySearch", path: ".."),
        .package(url: "https://github.com/ordo-one/benchmark", exact: "1.38.1", traits: ["MallocInterposer"]),
    ],
    targets: [
        .target(
            name: "BenchmarkSupport",
            dependencies: [
                .product(name: "PolicySearch", package: "PolicySearch"),
                .product(name: "CorpusGenerator", package: "PolicySearch"),
            ],
            path: "Sources/BenchmarkSupport"
        ),
        .executableTarget(
            name: "policy-search-bench",
            dependencies: [
                "BenchmarkSupport",
                .product(name: "PolicySearch", package: "PolicySearch"),
            ],
            path: "Sources/policy-search-bench"
        ),
        .executableTarget(
            name: "Indexing",
            dependencies: [
                "BenchmarkSupport",
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "PolicySearch", package: "PolicySearch"),
            ],
            path: "Benchmarks/Indexing",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        .executableTarget(
            name: "Queries",
            dependencies: [
                "BenchmarkSupport",
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "PolicySearch", package: "PolicySearch"),
            ],
            path: "Benchmarks/Queries",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
    ],
    swiftLanguageModes: [.v6]
)
