import Foundation

/// The repository's root folder, found from this file's place in it (`Tests/TestSupport/`).
public let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().path
