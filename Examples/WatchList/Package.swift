// swift-tools-version: 6.1
import PackageDescription

// A tool built on PolicySearch's public API alone, as another package would use it.
let package = Package(
    name: "WatchList",
    platforms: [.macOS(.v14)],
    dependencies: [
        // A release would be `.package(url: …, from: "0.1.0")`; this example builds against the clone it sits in.
        .package(name: "PolicySearch", path: "../..")
    ],
    targets: [
        .executableTarget(
            name: "watch-list",
            dependencies: [.product(name: "PolicySearch", package: "PolicySearch")]
        )
    ],
    swiftLanguageModes: [.v6]
)
