import ArgumentParser
import Foundation
import PolicySearch

@main
struct PolicySearchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "policy-search",
        abstract: "Search US executive orders, memoranda, proclamations and news about them.",
        discussion: """
            Build an index from folders of documents (text, Markdown, HTML, GPO text pages, Federal Register XML and \
            API JSON, PDF, CSV and JSON Lines records), then search it with \
            words, "phrases", OR, -exclusions, prefix* and title: filters.

            The index is one SQLite file: --index PATH, else $POLICY_SEARCH_INDEX, else ./policy-search.sqlite.

            Maintenance: update re-syncs every folder indexed before, remove drops documents, check verifies the \
            index (the full-text index against the documents too), optimize merges its segments, rebuild repairs it.

            Exit status: 0 when hits were found (or a command succeeded), 1 when a search found nothing, \
            2 on any error, usage errors included.
            """,
        version: "0.1.0",
        subcommands: [
            SearchCommand.self, IndexCommand.self, UpdateCommand.self, ShowCommand.self, StatsCommand.self,
            RemoveCommand.self,
            CheckCommand.self, OptimizeCommand.self, RebuildCommand.self,
        ],
        defaultSubcommand: nil
    )

    /// Runs the command with grep's exit statuses: 0 hits, 1 no hits, 2 errors (ArgumentParser uses 64 for
    /// usage errors, which scripts written for grep and ripgrep would misread).
    static func main() {
        do {
            if let request = SearchRequest(quickParsing: Array(CommandLine.arguments.dropFirst())) {
                try request.run()
            } else {
                var command = try parseAsRoot()
                try command.run()
            }
        } catch {
            let code = exitCode(for: error)
            if code == .success || error is NoHits {
                exit(withError: error)
            }
            let text = message(for: error)
            Terminal.standardError.write("policy-search: " + text.trimmingCharacters(in: .newlines) + "\n")
            Foundation.exit(2)
        }
    }
}

/// Thrown by `search` when nothing matched, to exit with status 1.
struct NoHits: Error, CustomStringConvertible {
    var description: String { "" }
}
