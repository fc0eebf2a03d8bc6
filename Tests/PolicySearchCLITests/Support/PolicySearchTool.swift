import Foundation
import Testing

/// The built `policy-search` binary, run the way a shell user runs it.
enum PolicySearchTool {
    /// What a finished run printed, and its exit status.
    struct Run {
        let status: Int32
        let stdout: String
        let stderr: String
    }

    /// The repository's root folder, the current folder of every run (so that `corpus/documents` resolves).
    static let repository = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    static var binary: URL {
        get throws {
            let candidates = [
                URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent(),
                Bundle.main.bundleURL, Bundle.main.bundleURL.deletingLastPathComponent(),
                repository.appendingPathComponent(".build/debug"),
            ].map { $0.appendingPathComponent("policy-search") }
            return try #require(candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) })
        }
    }

    /// A process for the binary with the test's environment, minus settings that would change its output.
    static func process(
        _ arguments: [String],
        environment extra: [String: String] = [:],
        executable: URL? = nil
    ) throws -> Process {
        let process = Process()
        process.executableURL = try executable ?? binary
        process.arguments = arguments
        process.currentDirectoryURL = repository
        var environment = ProcessInfo.processInfo.environment
        environment["NO_COLOR"] = nil
        environment["POLICY_SEARCH_INDEX"] = nil
        environment.merge(extra) { $1 }
        process.environment = environment
        return process
    }

    /// Runs the binary (or another program) to completion.
    static func run(
        _ arguments: [String],
        environment extra: [String: String] = [:],
        executable: URL? = nil
    ) throws -> Run {
        let process = try process(arguments, environment: extra, executable: executable)
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        let stdout = output.fileHandleForReading.readDataToEndOfFile()
        let stderr = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Run(
            status: process.terminationStatus,
            stdout: String(decoding: stdout, as: UTF8.self),
            stderr: String(decoding: stderr, as: UTF8.self)
        )
    }
}
