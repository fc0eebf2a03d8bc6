import ArgumentParser
import Foundation
import PolicySearch

/// Options every subcommand takes.
struct GlobalOptions: ParsableArguments {
    @Option(
        name: .long,
        help: ArgumentHelp(
            "The index file (default: $POLICY_SEARCH_INDEX, else ./policy-search.sqlite).",
            valueName: "path"
        )
    )
    var index: String?

    /// The index file this run uses.
    var indexPath: String {
        if let index { return index }
        if let fromEnvironment = ProcessInfo.processInfo.environment["POLICY_SEARCH_INDEX"], !fromEnvironment.isEmpty {
            return fromEnvironment
        }
        return "policy-search.sqlite"
    }

    /// Opens the index, explaining how to create it when it does not exist yet.
    func openIndex(mode: SearchIndex.Mode) throws -> SearchIndex {
        let result = Result { () throws(StorageError) -> SearchIndex in try SearchIndex(path: indexPath, mode: mode) }
        if case .failure(let error) = result, error.isMissing {
            throw ValidationError(
                "no index at \(indexPath); create one with `policy-search index <folder>` or pass --index"
            )
        }
        return try result.get()
    }
}

/// When to color output.
enum ColorChoice: String, ExpressibleByArgument, CaseIterable {
    case auto, always, never
}

/// How results are printed.
enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json
}
