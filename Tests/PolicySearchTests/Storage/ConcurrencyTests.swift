import Foundation
import TestSupport
import Testing

@testable import PolicySearch

struct ConcurrencyTests {
    /// Searches from many tasks while one writer adds batches: no "database is locked", no error, and every search
    /// sees whole documents only (a hit's title always matches its body's marker).
    @Test func searchesRunWhileTheWriterAddsDocuments() async throws {
        let folder = try TemporaryFolder()
        let index = try SearchIndex(path: folder.path + "/index.sqlite")
        try index.add(Document(source: "seed", title: "Seed 0", body: "marker0 river basin"))
        let writer = Task.detached {
            for batch in 1...40 {
                let documents = (0..<25).map { item in
                    let number = batch * 100 + item
                    return Document(
                        source: "doc-\(number)",
                        title: "Document \(number)",
                        body: "marker\(number) river basin text"
                    )
                }
                try index.add(documents)
            }
        }
        try await withThrowingTaskGroup(of: Int.self) { group in
            for reader in 0..<6 {
                group.addTask {
                    var searches = 0
                    while searches < 60 {
                        let hits = try index.search("river basin", limit: 5, offset: reader)
                        for hit in hits {
                            let number = hit.document.title.split(separator: " ").last.map(String.init) ?? ""
                            #expect(hit.snippet.text.contains("marker\(number)"), "torn document \(hit.document.title)")
                        }
                        searches += 1
                    }
                    return searches
                }
            }
            var total = 0
            for try await count in group { total += count }
            #expect(total == 360)
        }
        try await writer.value
        #expect(try index.statistics().documentCount == 1 + 40 * 25)
    }
}
