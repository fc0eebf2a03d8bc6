import Foundation
import PolicySearch
import Testing

/// The examples in the DocC articles and the README, run as written.
@Suite("Documentation examples")
struct DocumentationExampleTests {
    /// One row of a table in QuerySyntax.md: a query and the title of the best hit it must return.
    struct Example: CustomTestStringConvertible, Sendable {
        let query: String
        let bestHit: String
        var testDescription: String { query }
    }

    static let querySyntaxArticle = repositoryRoot + "/Sources/PolicySearch/Documentation.docc/QuerySyntax.md"

    /// The rows of the article's tables whose header is "Query | Finds | Best hit in corpus/documents".
    static func examples() throws -> [Example] {
        try String(contentsOfFile: querySyntaxArticle, encoding: .utf8)
            .split(separator: "\n")
            .compactMap { line -> Example? in
                let cells = line.split(separator: "|", omittingEmptySubsequences: false).map {
                    $0.trimmingCharacters(in: .whitespaces)
                }
                guard cells.count == 5, cells[1].hasPrefix("`"), cells[1].hasSuffix("`") else { return nil }
                return Example(query: String(cells[1].dropFirst().dropLast()), bestHit: cells[3])
            }
    }

    static let sampleIndex = Result { () throws -> SearchIndex in
        let index = try SearchIndex()
        try index.add(contentsOf: [sampleCorpus])
        return index
    }

    @Test("The query syntax article has examples of every operator and filter")
    func articleCoversTheLanguage() throws {
        let queries = try Self.examples().map(\.query).joined(separator: " ")
        for operatorOrFilter in [
            "\"", " OR ", " NOT ", "-", "*", "NEAR/", "title:", "body:", "type:", "signed:", "president:", "eo:",
            "cites:", "section:", "EO ",
        ] {
            #expect(queries.contains(operatorOrFilter), "no example uses \(operatorOrFilter)")
        }
    }

    @Test("Each query in the query syntax article returns the best hit it names", arguments: try examples())
    func querySyntaxExample(_ example: Example) throws {
        let index = try Self.sampleIndex.get()
        let hits = try index.search(example.query, limit: 1)
        #expect(hits.first?.document.title == example.bestHit)
    }

    @Test("The README's library example is the code compiled below")
    func readmeExample() throws {
        let readme = try String(contentsOfFile: repositoryRoot + "/README.md", encoding: .utf8)
        let section = try #require(readme.components(separatedBy: "## Use it as a library").dropFirst().first)
        let blocks = section.components(separatedBy: "```swift\n").dropFirst().compactMap {
            $0.components(separatedBy: "```").first
        }
        let readmeCode = try #require(blocks.first { $0.contains("SearchIndex(") })
        let thisFile = try String(contentsOfFile: #filePath, encoding: .utf8)
        let compiled = try #require(
            thisFile.components(separatedBy: "// README example, begin\n").dropFirst().first?
                .components(separatedBy: "        // README example, end").first
        )
        let dedented = compiled.split(separator: "\n", omittingEmptySubsequences: false)
            .map { $0.hasPrefix("        ") ? String($0.dropFirst(8)) : String($0) }
            .joined(separator: "\n")
        #expect("import PolicySearch\n\n" + dedented == readmeCode)
    }

    /// The README's example, compiled here so that an API change that breaks it fails the build.
    ///
    /// It is not run: it writes `policies.sqlite` in the current folder, which tests running beside it share; the workflow tests
    /// make the same calls on files of their own.
    private func readmeExampleCompiles() throws {
        // README example, begin
        let index = try SearchIndex(path: "policies.sqlite")
        try index.add(contentsOf: ["corpus/documents"])

        let query = try SearchQuery(parsing: #""coastal wetlands" -draft"#)
        let page = try index.search(query, options: SearchOptions(limit: 10, includesFacets: true))
        print("\(page.totalCount) hits")
        for result in page.results {
            print(result.document.title, result.document.metadata.date?.description ?? "undated")
            print("   ", result.snippet.text)
        }
        // README example, end
    }
}
