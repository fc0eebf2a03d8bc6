import Foundation
import PolicySearch
import Synchronization
import TestSupport
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

    @Test("Every Swift example of the articles is compiled in DocumentationSnippets.swift, as written")
    func articleExamplesAreCompiled() throws {
        let compiled = try String(
            contentsOfFile: repositoryRoot + "/Tests/PolicySearchAPITests/DocumentationSnippets.swift",
            encoding: .utf8
        )
        let catalog = repositoryRoot + "/Sources/PolicySearch/Documentation.docc"
        var checked = 0
        for article in try FileManager.default.contentsOfDirectory(atPath: catalog).sorted()
        where article.hasSuffix(".md") {
            let text = try String(contentsOfFile: catalog + "/" + article, encoding: .utf8)
            for block in text.components(separatedBy: "```swift\n").dropFirst() {
                let code = try #require(block.components(separatedBy: "```").first)
                // Package.swift lines belong in a manifest, and imports at the top of a file.
                if code.hasPrefix(".package(") || code.hasPrefix(".target(") { continue }
                let body = code.split(separator: "\n", omittingEmptySubsequences: false)
                    .drop { $0.hasPrefix("import ") || $0.isEmpty }
                    .map { $0.isEmpty ? "" : "    " + $0 }
                    .joined(separator: "\n")
                let isCompiled = compiled.contains(body)
                #expect(isCompiled, "\(article): this example is not in DocumentationSnippets.swift:\n\(code)")
                checked += 1
            }
        }
        #expect(checked == 12)
    }

    @Test("The articles' examples that search an index run and print what they say")
    func articleExamplesRun() throws {
        let index = try Self.sampleIndex.get()
        func printed(by example: (SearchIndex) throws -> Void) rethrows -> [String] {
            printedByExamples.withLock { $0 = [] }
            try example(index)
            return printedByExamples.withLock { $0 }
        }
        let search = try printed(by: gettingStartedSearchExample)
        #expect(search.first?.hasPrefix("Restoring Coastal Wetlands and Marshes 2026-04-22 ") == true)
        #expect(search.count == 2)
        #expect(try printed(by: gettingStartedPageExample).first?.hasPrefix("3 ") == true)
        #expect(try printed(by: querySyntaxBuiltQueryExample) == ["Restoring Coastal Wetlands and Marshes"])
        #expect(try printed(by: rankingExplanationExample).first?.hasPrefix("score ") == true)
        let marked = try printed(by: snippetMarkingExample)
        #expect(marked.count == 2 && marked.allSatisfy { $0.contains("[") && $0.contains("]") })
        let memoIndex = try SearchIndex()
        try embeddingDocumentExample(memoIndex)
        #expect(try memoIndex.search("foundation models").map(\.document.title) == ["Guidance on Model Evaluations"])
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
