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
    var indexPath: String { Self.indexPath(index) }

    /// The index file `--index` names, else `$POLICY_SEARCH_INDEX`, else `policy-search.sqlite`.
    static func indexPath(_ index: String?) -> String {
        if let index { return index }
        if let fromEnvironment = ProcessInfo.processInfo.environment["POLICY_SEARCH_INDEX"], !fromEnvironment.isEmpty {
            return fromEnvironment
        }
        return "policy-search.sqlite"
    }

    /// Opens the index, explaining how to create it when it does not exist yet.
    func openIndex(
        mode: SearchIndex.Mode,
        maximumFileSize: Int = 64 << 20,
        thesaurus: Thesaurus = .policy
    ) throws -> SearchIndex {
        try Self.openIndex(at: indexPath, mode: mode, maximumFileSize: maximumFileSize, thesaurus: thesaurus)
    }

    /// Opens the index at `path`, explaining how to create it when it does not exist yet.
    static func openIndex(
        at path: String,
        mode: SearchIndex.Mode,
        maximumFileSize: Int = 64 << 20,
        thesaurus: Thesaurus = .policy
    ) throws -> SearchIndex {
        let result = Result { () throws(StorageError) -> SearchIndex in
            try SearchIndex(path: path, mode: mode, thesaurus: thesaurus, maximumFileSize: maximumFileSize)
        }
        if case .failure(let error) = result, error.isMissing {
            throw ValidationError("no index at \(path); create one with `policy-search index <folder>` or pass --index")
        }
        return try result.get()
    }
}

/// Options of the commands that read files.
struct IndexingOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Skip files larger than this many MiB.", valueName: "MiB"))
    var maxFileSize = 64

    func validate() throws {
        guard maxFileSize >= 1 else { throw ValidationError("--max-file-size must be at least 1 (MiB)") }
    }

    var maximumFileSize: Int { Self.bytes(mebibytes: maxFileSize) }

    /// A `--max-file-size` in bytes.
    static func bytes(mebibytes: Int) -> Int { mebibytes << 20 }
}

/// The `--sort` values.
enum SortOrder: String, ExpressibleByArgument, CaseIterable, Sendable {
    case relevance, newest, oldest, eo

    var sort: SearchSort {
        switch self {
        case .relevance: return .relevance
        case .newest: return .newest
        case .oldest: return .oldest
        case .eo: return .executiveOrderNumber
        }
    }
}

/// When to color output.
enum ColorChoice: String, ExpressibleByArgument, CaseIterable, Sendable {
    case auto, always, never
}

/// How results are printed.
enum OutputFormat: String, ExpressibleByArgument, CaseIterable, Sendable {
    case text, json

    /// A value as one line of JSON, keys sorted, for `--json` output.
    static func jsonLine(_ value: some Encodable) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }
}
