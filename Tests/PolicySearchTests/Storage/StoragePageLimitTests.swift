import CorpusGenerator
import Foundation
import TestSupport
import Testing

@testable import PolicySearch

/// A full disk, simulated with SQLite's page limit: the run stops with a clear error and the index stays whole.
struct StoragePageLimitTests {
    @Test func aFullIndexStopsTheRunAndKeepsEveryCompletedWrite() throws {
        let folder = try TemporaryFolder()
        let generator = CorpusGenerator(seed: 3, averageSize: 4_000)
        let first = folder.path + "/first"
        let second = folder.path + "/second"
        try generator.write(0..<30, to: URL(fileURLWithPath: first))
        try generator.write(30..<400, to: URL(fileURLWithPath: second))
        let path = folder.path + "/index.sqlite"
        try SearchIndex(path: path).add(contentsOf: [first])
        let pages =
            try #require(try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) / Schema.pageSize

        let limited = try SearchIndex(path: path, pageLimit: pages + 50)
        let result = Result { () throws(StorageError) in try limited.add(contentsOf: [second]) }
        guard case .failure(let error) = result else {
            Issue.record("the run fit in \(pages + 50) pages; the test needs a larger second corpus")
            return
        }
        #expect(error.description == "no space left for \(path); the index is unchanged since its last completed write")

        let reopened = try SearchIndex(path: path)
        #expect(try reopened.check().isEmpty)
        let count = try reopened.statistics().documentCount
        #expect(count >= 30 && count < 400)
        for index in 0..<30 {
            let number = generator.document(at: index).executiveOrderNumber
            if let number { #expect(try reopened.search("eo:\(number)").count == 1) }
        }
        // Room again: the next run completes.
        let report = try reopened.add(contentsOf: [second])
        #expect(report.added == 400 - count)
        #expect(try reopened.statistics().documentCount == 400)
        #expect(try reopened.check().isEmpty)
    }
}
