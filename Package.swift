// swift-tools-version: 6.1
import Foundation
import PackageDescription

let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
    .enableUpcomingFeature("InternalImportsByDefault"),
]

let package = Package(
    name: "PolicySearch",
    platforms: [.macOS(.v14)],
    products: [
        .library(name: "PolicySearch", targets: ["PolicySearch"]),
        .executable(name: "policy-search", targets: ["policy-search"]),
        .library(name: "CorpusGenerator", targets: ["CorpusGenerator"]),
    ],
    dependencies: [
        .package(url: "https://github.com/groue/GRDB.swift", exact: "7.10.0"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/onevcat/Rainbow", from: "4.2.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
    ],
    targets: [
        .target(
            name: "PolicySearch",
            dependencies: [
                "CDeflate",
                "CFullTextRank",
                "CDigest",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
                .product(name: "Yams", package: "Yams"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        // libdeflate makes and reads the zlib streams of the stored document text (Storage/TextCompression.swift).
        .target(name: "CDeflate", linkerSettings: [.linkedLibrary("deflate")]),
        // SHA-256 blocks with the processor's SHA instructions (Documents/SHA256.swift).
        .target(name: "CDigest"),
        // FTS5's bm25() reading row lengths from memory (Storage/FullTextRanking.swift).
        .target(name: "CFullTextRank", dependencies: [.product(name: "GRDBSQLite", package: "GRDB.swift")]),
        .executableTarget(
            name: "policy-search",
            dependencies: [
                "PolicySearch",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Rainbow", package: "Rainbow"),
            ],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "relevance-evaluation",
            dependencies: ["PolicySearch"],
            path: "benchmarks/relevance/Sources",
            swiftSettings: swiftSettings
        ),
        .target(
            name: "CorpusGenerator",
            path: "benchmarks/Generator/Sources/CorpusGenerator",
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "generate-corpus",
            dependencies: ["CorpusGenerator"],
            path: "benchmarks/Generator/Sources/generate-corpus",
            swiftSettings: swiftSettings
        ),
        // Helpers both test targets share.
        .target(name: "TestSupport", path: "Tests/TestSupport", swiftSettings: swiftSettings),
        .testTarget(
            name: "PolicySearchTests",
            dependencies: ["PolicySearch", "CorpusGenerator", "TestSupport"],
            swiftSettings: swiftSettings
        ),
        // Imports PolicySearch without @testable: a public API break fails to compile here.
        .testTarget(
            name: "PolicySearchAPITests",
            dependencies: [
                "PolicySearch",
                "TestSupport",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "PolicySearchCLITests",
            dependencies: [
                "policy-search", "PolicySearch", "CorpusGenerator",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: swiftSettings
        ),
    ],
    swiftLanguageModes: [.v6]
)

// The documentation plugin is only resolved when the docs are built (README, "Documentation"), so that the
// normal build neither fetches nor plans it: POLICY_SEARCH_DOCS=1 swift package generate-documentation …
if ProcessInfo.processInfo.environment["POLICY_SEARCH_DOCS"] == "1" {
    package.dependencies.append(.package(url: "https://github.com/swiftlang/swift-docc-plugin", from: "1.5.0"))
}
