import Foundation
import PolicySearch

/// Indexes folders and prints, for each saved query, the hits it has not printed before.
///
/// ```sh
/// swift run watch-list --queries saved-queries.txt ../../corpus/documents
/// ```
@main
struct WatchList {
    static let usage = """
        USAGE: watch-list --queries FILE [--index PATH] [--limit N] FOLDER...

        Indexes the folders into PATH (default: watch-list.sqlite), runs each saved query in FILE (one per line,
        optionally named: `name: query`; # starts a comment) and prints the hits it has not printed before, which it
        remembers in PATH.seen.json. A name ends at the first ": ". Exit status: 0 new hits, 1 no new hits, 2 error.
        """

    static func main() async {
        do {
            let options = try Options(CommandLine.arguments.dropFirst())
            let newHits = try await run(options)
            exit(newHits > 0 ? 0 : 1)
        } catch {
            FileHandle.standardError.write(Data("watch-list: \(error)\n".utf8))
            exit(2)
        }
    }

    static func run(_ options: Options) async throws -> Int {
        let index = try SearchIndex(path: options.indexPath)
        let report = try await index.add(contentsOf: options.folders)
        print(
            "indexed: \(report.added) added, \(report.updated) updated, \(report.unchanged) unchanged, "
                + "\(report.removed) removed, \(report.skipped.count) skipped"
        )
        for skipped in report.skipped { print("  skipped \(skipped)") }

        var seen = try SeenHits(path: options.indexPath + ".seen.json")
        var newHits = 0
        for saved in try SavedQuery.read(from: options.queriesPath) {
            let page = try await index.search(saved.query, options: SearchOptions(limit: options.limit))
            let fresh = page.results.filter { seen.insert($0.id, for: saved.text) }
            newHits += fresh.count
            print("\n## \(saved.name): \(fresh.count) new of \(page.totalCount) hits")
            for result in fresh {
                let document = result.document
                let details = [document.metadata.type.description, document.metadata.date?.description]
                    .compactMap { $0 }.joined(separator: ", ")
                print("+ \(document.title)  [\(details)]")
                print("  \(document.source)")
                print("  \(result.snippet.bracketingHighlights)")
            }
        }
        try seen.save()
        return newHits
    }
}

/// The command line, read by hand to keep the example's dependencies to PolicySearch alone.
struct Options {
    var queriesPath = ""
    var indexPath = "watch-list.sqlite"
    var limit = 10
    var folders: [String] = []

    struct UsageError: Error, CustomStringConvertible {
        let description: String
    }

    init(_ arguments: ArraySlice<String>) throws {
        var arguments = arguments
        while let argument = arguments.popFirst() {
            switch argument {
            case "--queries": queriesPath = try Self.value(after: argument, in: &arguments)
            case "--index": indexPath = try Self.value(after: argument, in: &arguments)
            case "--limit":
                let text = try Self.value(after: argument, in: &arguments)
                guard let number = Int(text), number > 0 else {
                    throw UsageError(description: "--limit takes a positive number, not \(text)")
                }
                limit = number
            case "-h", "--help":
                throw UsageError(description: WatchList.usage)
            default:
                guard !argument.hasPrefix("-") else { throw UsageError(description: "unknown option \(argument)") }
                folders.append(argument)
            }
        }
        guard !queriesPath.isEmpty, !folders.isEmpty else { throw UsageError(description: WatchList.usage) }
    }

    private static func value(after option: String, in arguments: inout ArraySlice<String>) throws -> String {
        guard let value = arguments.popFirst() else { throw UsageError(description: "\(option) needs a value") }
        return value
    }
}

/// A query from the saved-queries file.
struct SavedQuery {
    let name: String
    let text: String
    let query: SearchQuery

    /// Reads `name: query` or `query` lines; a malformed query names its line and position.
    ///
    /// - Parameter path: The saved-queries file.
    /// - Returns: The queries, in file order.
    /// - Throws: An error naming the file and line of a query that cannot be read.
    static func read(from path: String) throws -> [SavedQuery] {
        let lines = try String(contentsOfFile: path, encoding: .utf8).split(
            separator: "\n",
            omittingEmptySubsequences: false
        )
        return try lines.enumerated().compactMap { number, line in
            let line = line.trimmingCharacters(in: .whitespaces)
            guard !line.isEmpty, !line.hasPrefix("#") else { return nil }
            var name = line
            var text = line
            // A name ends at the first colon followed by a space; filters (`type:order`) have none.
            if let separator = line.range(of: ": ") {
                name = line[..<separator.lowerBound].trimmingCharacters(in: .whitespaces)
                text = line[separator.upperBound...].trimmingCharacters(in: .whitespaces)
            }
            do {
                return SavedQuery(name: name, text: text, query: try SearchQuery(parsing: text))
            } catch {
                throw Options.UsageError(description: "\(path):\(number + 1): \(error)")
            }
        }
    }
}

/// The hits printed before, by query text, kept as JSON beside the index.
struct SeenHits {
    let path: String
    private var hits: [String: Set<String>]

    init(path: String) throws {
        self.path = path
        guard FileManager.default.fileExists(atPath: path) else {
            hits = [:]
            return
        }
        hits = try JSONDecoder().decode([String: Set<String>].self, from: Data(contentsOf: URL(fileURLWithPath: path)))
    }

    /// Remembers a hit for a query; returns whether it is new.
    mutating func insert(_ id: DocumentID, for query: String) -> Bool {
        hits[query, default: []].insert(id.rawValue).inserted
    }

    func save() throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
        try encoder.encode(hits).write(to: URL(fileURLWithPath: path))
    }
}

extension Snippet {
    /// The text on one line with each highlight in [brackets], for a plain-text digest.
    var bracketingHighlights: String {
        var marked = ""
        var last = text.startIndex
        for range in highlights {
            marked += text[last..<range.lowerBound] + "[" + text[range] + "]"
            last = range.upperBound
        }
        return (marked + text[last...]).split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }
}
