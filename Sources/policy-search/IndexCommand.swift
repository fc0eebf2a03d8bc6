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

    @Flag(name: .shortAndLong, help: "Print a line for every file: added, updated, unchanged, removed or skipped.")
    var verbose = false

    @Flag(name: .shortAndLong, help: "Print nothing but errors.")
    var quiet = false

    @Flag(help: "Report what indexing would do without changing the index.")
    var dryRun = false

    func run() throws {
        let index = try global.openIndex(mode: .readWrite, maximumFileSize: indexing.maximumFileSize)
        if dryRun {
            let report = try index.preview(contentsOf: paths)
            Self.finish(report, verbose: verbose, quiet: quiet, prefix: "would have: ")
        } else {
            let report = try Self.run(verbose: verbose, quiet: quiet) { try index.add(contentsOf: paths, progress: $0) }
            Self.finish(report, verbose: verbose, quiet: quiet)
        }
    }

    /// Runs an indexing job with a progress bar on a terminal and, when verbose, a line per file.
    static func run(
        verbose: Bool,
        quiet: Bool,
        _ job: (@escaping @Sendable (IndexingProgress) -> Void) throws -> IndexingReport
    ) throws -> IndexingReport {
        let display = ProgressLine(enabled: !quiet)
        defer { display.finish() }
        return try job { progress in
            if verbose, !quiet {
                for file in progress.files { display.print(line(for: file)) }
            }
            display.update(
                files: progress.completedFiles,
                of: progress.totalFiles,
                documents: progress.completedDocuments,
                step: progress.finishing.map(step)
            )
        }
    }

    /// What the progress line says of a step after the files.
    static func step(_ finishing: IndexingProgress.Finishing) -> String {
        switch finishing {
        case .sortingIndexes: return "sorting indexes"
        case .mergingFullText: return "merging the full-text index"
        case .rankingFrequentSearches: return "ranking frequent searches"
        }
    }

    /// Prints the warnings and notices of a run, when verbose how long it took, then its summary.
    static func finish(_ report: IndexingReport, verbose: Bool, quiet: Bool, prefix: String = "") {
        guard !quiet else { return }
        // A verbose run listed every file as it went, a dry run did not.
        warn(
            about: report,
            listingEverySkippedFile: verbose && !prefix.isEmpty,
            listedAlready: verbose && prefix.isEmpty
        )
        if verbose, prefix.isEmpty { Terminal.standardOutput.write(timing(of: report) + "\n") }
        Terminal.standardOutput.write(prefix + summary(of: report) + "\n")
    }

    /// How long a run took, and each step after its files: `took 70.4 s (after the files: sorting indexes 2.3 s, …)`.
    static func timing(of report: IndexingReport) -> String {
        func seconds(_ duration: Duration) -> String {
            let (whole, fraction) = duration.components
            return String(format: "%.1f s", Double(whole) + Double(fraction) / 1e18)
        }
        let steps: [IndexingProgress.Finishing] = [.sortingIndexes, .mergingFullText, .rankingFrequentSearches]
        let finishing = steps.compactMap { step in
            report.finishingDurations[step].map { "\(Self.step(step)) \(seconds($0))" }
        }
        guard !finishing.isEmpty else { return "took \(seconds(report.duration))" }
        return "took \(seconds(report.duration)) (after the files: \(finishing.joined(separator: ", ")))"
    }

    /// Prints skipped files and notices on standard error; a missing pdftotext is said once, as a notice, rather than
    /// once per PDF, and unsupported formats only when asked.
    static func warn(about report: IndexingReport, listingEverySkippedFile: Bool = false, listedAlready: Bool = false) {
        if !listedAlready {
            for skipped in report.skipped
            where listingEverySkippedFile || (skipped.reason != .unsupportedFormat && skipped.reason != .missingTool) {
                Terminal.standardError.write("warning: skipped \(skipped)\n")
            }
        }
        for notice in report.notices { Terminal.standardError.write("note: \(notice)\n") }
    }

    static func line(for file: IndexedFile) -> String {
        let path = file.path.relativeToCurrentFolder
        let documents = file.documents > 1 ? "  (\(file.documents) documents)" : ""
        switch file.change {
        case .added: return "added      \(path)\(documents)"
        case .updated: return "updated    \(path)\(documents)"
        case .unchanged: return "unchanged  \(path)\(documents)"
        case .removed: return "removed    \(path)\(documents)"
        case .merged: return "merged     \(path)  (metadata)"
        case .skipped(let error): return "skipped    \(path)  (\(error.reason)\(error.detail.map { ": " + $0 } ?? ""))"
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

    @Flag(name: .shortAndLong, help: "Print a line for every file: added, updated, unchanged, removed or skipped.")
    var verbose = false

    @Flag(name: .shortAndLong, help: "Print nothing but errors.")
    var quiet = false

    func run() throws {
        let index = try global.openIndex(mode: .readWrite, maximumFileSize: indexing.maximumFileSize)
        let report = try IndexCommand.run(verbose: verbose, quiet: quiet) { try index.update(progress: $0) }
        IndexCommand.finish(report, verbose: verbose, quiet: quiet)
    }
}

extension String {
    /// The path relative to the current folder when it lies below it.
    var relativeToCurrentFolder: String {
        let current = FileManager.default.currentDirectoryPath
        let prefix = current.hasSuffix("/") ? current : current + "/"
        return hasPrefix(prefix) ? String(dropFirst(prefix.count)) : self
    }
}
