extension SearchRequest {
    /// Reads the arguments of a plain `search` without ArgumentParser, or gives `nil` for anything else, which then
    /// goes to ArgumentParser.
    ///
    /// ArgumentParser builds every command's definition and looks up dozens of types and protocol conformances at
    /// run time before it parses: about 3.5 ms of a 24 ms fresh search of 100k documents (medians of 81 fresh
    /// processes in random order, the same output). This reads only what it can read exactly as ArgumentParser does:
    /// `search`, then query words and the options below, each at most once, as `--name value`, `--name=value` or
    /// `-n value`, anywhere among the words, and `--` before words that start with a dash. Anything else (help,
    /// `--sync`, `--synonyms`, `--max-file-size`, a repeated or unknown option, a bad value, a value that fails
    /// validation, no words) gives `nil`, so that ArgumentParser parses it, or reports the error, as before.
    /// `QuickParsingTests` checks that both give the same request.
    init?(quickParsing arguments: [String]) {
        guard arguments.first == "search" else { return nil }
        var request = SearchRequest(query: [])
        var seen = Set<String>()
        var rest = arguments.dropFirst()
        while let argument = rest.popFirst() {
            if argument == "--" {
                request.query.append(contentsOf: rest)
                break
            }
            guard argument.hasPrefix("-") else {
                request.query.append(argument)
                continue
            }
            var name = argument
            var attached: String?
            if argument.hasPrefix("--"), let equals = argument.firstIndex(of: "=") {
                name = String(argument[..<equals])
                attached = String(argument[argument.index(after: equals)...])
            }
            if name == "-n" { name = "--limit" }
            guard seen.insert(name).inserted else { return nil }
            if Self.flags.contains(name) {
                // Read from `seen` after the loop.
                guard attached == nil else { return nil }
                continue
            }
            guard let value = attached ?? rest.popFirst(), !value.hasPrefix("-") else { return nil }
            switch name {
            case "--index": request.index = value
            case "--limit":
                guard let limit = Int(value) else { return nil }
                request.limit = limit
            case "--offset":
                guard let offset = Int(value) else { return nil }
                request.offset = offset
            case "--passages":
                guard let passages = Int(value) else { return nil }
                request.passages = passages
            case "--format":
                guard let format = OutputFormat(rawValue: value) else { return nil }
                request.format = format
            case "--sort":
                guard let sort = SortOrder(rawValue: value) else { return nil }
                request.sort = sort
            case "--color":
                guard let color = ColorChoice(rawValue: value) else { return nil }
                request.color = color
            default: return nil
            }
        }
        request.facets = seen.contains("--facets")
        request.noSynonyms = seen.contains("--no-synonyms")
        request.explain = seen.contains("--explain")
        request.allRenditions = seen.contains("--all-renditions")
        // `--json` wins over `--format`, as in `SearchCommand`.
        if seen.contains("--json") { request.format = .json }
        guard !request.query.isEmpty, (try? request.validate()) != nil else { return nil }
        self = request
    }

    /// The flags ``init(quickParsing:)`` reads.
    private static let flags: Set<String> = ["--json", "--facets", "--no-synonyms", "--explain", "--all-renditions"]
}
