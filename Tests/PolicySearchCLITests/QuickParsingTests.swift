import ArgumentParser
import Testing

@testable import policy_search

/// `search` arguments read without ArgumentParser must give what ArgumentParser gives, or be left to it.
@Suite struct QuickParsingTests {
    /// What ArgumentParser makes of the arguments: the search's request, or `nil` when they are not a valid search.
    private static func parsedByArgumentParser(_ arguments: [String]) -> SearchRequest? {
        guard let command = try? PolicySearchCommand.parseAsRoot(arguments) as? SearchCommand else { return nil }
        return command.request
    }

    /// Arguments of plain searches, which the quick reading must take.
    static let plainSearches: [[String]] = [
        ["search", "climate"],
        ["search", "wetlands", "restoration"],
        ["search", "\"executive order\" type:order signed:2020..2024"],
        ["search", "--index", "/tmp/x.sqlite", "--limit", "5", "wetlands restoration"],
        ["search", "--index=/tmp/x.sqlite", "--limit=3", "climate"],
        ["search", "-n", "20", "energy", "--offset", "10", "policy"],
        ["search", "--json", "climate"],
        ["search", "--format", "json", "--sort", "newest", "energy"],
        ["search", "--json", "--format", "text", "energy"],
        ["search", "--sort", "eo", "--color", "never", "--passages", "0", "order"],
        ["search", "--facets", "--no-synonyms", "--explain", "--all-renditions", "ai"],
        ["search", "--", "climate", "-coal"],
        ["search", "--limit", "2", "--", "-coal", "--json"],
        ["search", "eo:14110", "cites:14110", "section:definitions", ""],
    ]

    @Test(arguments: plainSearches)
    func takesPlainSearchesAsArgumentParserDoes(arguments: [String]) throws {
        let quick = try #require(SearchRequest(quickParsing: arguments), "not read: \(arguments)")
        #expect(quick == Self.parsedByArgumentParser(arguments), "\(arguments)")
    }

    /// Arguments the quick reading leaves to ArgumentParser: errors, help and the options it does not read.
    static let leftToArgumentParser: [[String]] = [
        ["search"],
        ["search", "--limit", "5"],
        ["search", "--help"],
        ["search", "-h"],
        ["--version"],
        ["index", "folder"],
        ["stats"],
        ["search", "--limit", "0", "climate"],
        ["search", "--offset", "-1", "climate"],
        ["search", "--offset=-1", "climate"],
        ["search", "--passages", "4", "climate"],
        ["search", "--limit", "many", "climate"],
        ["search", "--limit", "5", "--limit", "6", "climate"],
        ["search", "-n", "5", "--limit", "6", "climate"],
        ["search", "-n5", "climate"],
        ["search", "--sort", "date", "climate"],
        ["search", "--format", "JSON", "climate"],
        ["search", "--json=true", "climate"],
        ["search", "climate", "-coal"],
        ["search", "--sync", "corpus", "climate"],
        ["search", "--synonyms", "groups.txt", "climate"],
        ["search", "--max-file-size", "8", "climate"],
        ["search", "--verbose", "climate"],
        ["search", "climate", "--limit"],
        ["search", "--index", "--json", "climate"],
    ]

    @Test(arguments: leftToArgumentParser)
    func leavesEverythingElseToArgumentParser(arguments: [String]) {
        #expect(SearchRequest(quickParsing: arguments) == nil, "\(arguments)")
    }

    /// The options ArgumentParser reads and the quick reading leaves to it still give a request there, so that
    /// leaving them is a choice, not a gap: this fails when `SearchCommand` drops one of them.
    @Test func argumentParserReadsWhatIsLeftToIt() throws {
        let synced = try #require(
            Self.parsedByArgumentParser(["search", "--sync", "corpus", "--max-file-size", "8", "x"])
        )
        #expect(synced.sync == ["corpus"] && synced.maxFileSize == 8 && synced.query == ["x"])
        let defaults = try #require(Self.parsedByArgumentParser(["search", "x"]))
        #expect(defaults == SearchRequest(query: ["x"]))
    }
}
