import ArgumentParser
import Foundation
import PolicySearch

struct IndexCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "index",
        abstract: "Add files and folders to the index; files already indexed and unchanged are passed over."
    )

    @OptionGroup var global: GlobalOptions

    @OptionGroup var indexing: IndexingOptions

    @Argument(help: ArgumentHelp("Files and folders to index (folders are read recursively).", valueName: "path"))
    var paths: [String]

    @Flag(name: .shortAndLong, help: "List every skipped file, unsupported formats included.")
    var verbose = false

    @Flag(name: .shortAndLong, help: "Print nothing but errors.")
    var quiet = false

    @Flag(help: "Report what indexing would do without changing the index.")
    var dryRun = false

    func run() throws {
        let index = try global.openIndex(mode: .readWrite, maximumFileSize: indexing.maximumFileSize)
        let report =
            dryRun ? try index.preview(contentsOf: paths) : try Self.index(paths, into: index, showProgress: !quiet)
        if !quiet {
            Self.printSkipped(report, verbose: verbose)
            for notice in report.notices { Terminal.standardError.write("note: \(notice)\n") }
            Terminal.standardOutput.write((dryRun ? "would have: " : "") + Self.summary(of: report) + "\n")
        }
    }

    static func index(_ paths: [String], into index: SearchIndex, showProgress: Bool) throws -> IndexingReport {
        let progress = ProgressLine(enabled: showProgress)
        defer { progress.finish() }
        return try index.add(contentsOf: paths) { progress.update(done: $0.completedFiles, total: $0.totalFiles) }
    }

    static func printSkipped(_ report: IndexingReport, verbose: Bool) {
        // A missing pdftotext is said once, as a notice, rather than once per PDF.
        for skipped in report.skipped
        where verbose || (skipped.reason != .unsupportedFormat && skipped.reason != .missingTool) {
            Terminal.standardError.write("warning: skipped \(skipped)\n")
        }
    }

    static func summary(of report: IndexingReport) -> String {
        var line = "indexed \(report.added), updated \(report.updated), unchanged \(report.unchanged)"
        if report.removed > 0 { line += ", removed \(report.removed)" }
        let reasons = report.skippedByReason.sorted { $0.key.rawValue < $1.key.rawValue }
        if reasons.isEmpty {
            line += ", skipped 0"
        } else {
            line += ", skipped \(report.skipped.count) ("
            line += reasons.map { "\($0.value) \($0.key)" }.joined(separator: ", ") + ")"
        }
        return line
    }
}

struct UpdateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "update",
        abstract: "Index every folder and file added before again: read new and changed files, drop vanished ones."
    )

    @OptionGroup var global: GlobalOptions

    @OptionGroup var indexing: IndexingOptions

    @Flag(name: .shortAndLong, help: "Print nothing but errors.")
    var quiet = false

    func run() throws {
        let index = try global.openIndex(mode: .readWrite, maximumFileSize: indexing.maximumFileSize)
        let progress = ProgressLine(enabled: !quiet)
        let report = try index.update { progress.update(done: $0.completedFiles, total: $0.totalFiles) }
        progress.finish()
        if !quiet {
            IndexCommand.printSkipped(report, verbose: false)
            for notice in report.notices { Terminal.standardError.write("note: \(notice)\n") }
            Terminal.standardOutput.write(IndexCommand.summary(of: report) + "\n")
        }
    }
}
