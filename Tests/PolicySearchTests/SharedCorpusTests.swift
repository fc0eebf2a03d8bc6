import Foundation
import Testing

@testable import PolicySearch

/// Indexes the four folders issue #2 names from the real corpus once, and checks the result against MANIFEST.tsv.
@Suite(.enabled(if: SharedCorpus.isAvailable, SharedCorpus.skipReason), .serialized)
struct SharedCorpusTests {
    static let folders = [
        "executive-orders/markdown", "executive-orders/fr-1994-2020/fr-html", "executive-orders/fr-1994-2020/gpo-text",
        "articles",
    ]

    /// The index is built once for the suite; building it takes a few seconds.
    static let built: Result<(SearchIndex, IndexingReport), any Error> = Result {
        let index = try SearchIndex()
        let report = try index.add(contentsOf: folders.map { SharedCorpus.path + "/" + $0 })
        return (index, report)
    }

    static var primaryRows: [SharedCorpus.Row] {
        get throws {
            try SharedCorpus.manifest().filter { row in
                row.role == "primary" && folders.contains { row.path.hasPrefix($0 + "/") }
            }
        }
    }

    @Test func everyFileIsIndexedOrSkippedWithAReason() throws {
        let (index, report) = try Self.built.get()
        let rows = try Self.primaryRows
        #expect(report.added == rows.count, "every primary document of the four folders is indexed")
        #expect(report.skipped.isEmpty, "skipped: \(report.skipped)")
        #expect(try index.statistics().documentCount == rows.count)
    }

    @Test func hitsAreMarkedAsFTS5MarksThemInRealDocuments() throws {
        let (index, _) = try Self.built.get()
        try TextMarkerTests.expectMarkingsAsFTS5(
            in: index,
            queries: [
                "national security", "\"national emergency\"", "tariff*", "immigration", "Guantanamo", "climate change",
                "energy -nuclear", "title:border security", "body:cybersecurity", "Federal Register", "section 301",
                "artificial intelligence", "Medicare OR Medicaid", "naïve", "sanctions Iran", "dual-use",
            ],
            corpus: "real documents",
            minimumHits: 300
        )
    }

    @Test func titlesAgreeWithTheManifest() throws {
        let (index, _) = try Self.built.get()
        let rows = try Self.primaryRows
        var agree = 0
        var mismatches: [String] = []
        for row in rows {
            let document = try #require(try index.documents(fromFile: SharedCorpus.path + "/" + row.path).first)
            if Self.comparable(document.title) == Self.comparable(row.title) {
                agree += 1
            } else {
                mismatches.append("\(row.path): \(document.title) ≠ \(row.title)")
            }
        }
        let share = Double(agree) / Double(rows.count)
        print(
            "titles agreeing with MANIFEST.tsv: \(agree)/\(rows.count); mismatches:\n"
                + mismatches.joined(separator: "\n")
        )
        #expect(share >= 0.98, "title agreement \(agree)/\(rows.count)")
    }

    @Test func typesDatesAndOrderNumbersAgreeWithTheManifest() throws {
        let (index, _) = try Self.built.get()
        let rows = try Self.primaryRows
        var typeAgree = 0
        var dateAgree = 0
        var numberAgree = 0
        for row in rows {
            let document = try #require(try index.documents(fromFile: SharedCorpus.path + "/" + row.path).first)
            if document.metadata.type.rawValue == row.type { typeAgree += 1 }
            if document.metadata.date?.description == row.signingDate { dateAgree += 1 }
            if (document.metadata.executiveOrderNumber ?? "") == row.eoNumber { numberAgree += 1 }
        }
        print("agreement of \(rows.count): type \(typeAgree), signing date \(dateAgree), EO number \(numberAgree)")
        #expect(Double(typeAgree) / Double(rows.count) >= 0.98)
        #expect(Double(dateAgree) / Double(rows.count) >= 0.95)
        #expect(Double(numberAgree) / Double(rows.count) >= 0.98)
    }

    @Test(arguments: [
        ("EO-13857", "Taking Additional Steps To Address the National Emergency With Respect to Venezuela"),
        ("EO-12498", "Regulatory Planning Process"),
        (
            "EO-13860",
            "Supporting the Transition of Active Duty Service Members and Military Veterans Into the Merchant Marine"
        ),
    ])
    func aTitleSearchForAKnownOrderReturnsItFirst(docID: String, title: String) throws {
        let (index, _) = try Self.built.get()
        let expected = try Self.primaryRows.filter { $0.docID == docID }.map { SharedCorpus.path + "/" + $0.path }
        try #require(!expected.isEmpty, "\(docID) is in the indexed folders")
        let first = try #require(try index.search("title:\"\(title)\"", limit: 3).first)
        #expect(expected.contains(first.document.source), "first hit: \(first.document.source)")
        #expect(first.document.title == title)
    }

    @Test func theFoundingArticleIsFoundByItsSubject() throws {
        let (index, _) = try Self.built.get()
        let results = try index.search("Mythos model reviews", limit: 3)
        let first = try #require(results.first)
        #expect(first.document.metadata.type == .article)
        #expect(
            first.document.title
                == "Trump weighs AI security order as Mythos concerns push Washington toward model reviews"
        )
        #expect(first.snippet.highlightedFragments.contains { $0.lowercased().hasPrefix("mytho") })
    }

    @Test func gpoPagesReadCleanly() throws {
        let (index, _) = try Self.built.get()
        let path = SharedCorpus.path + "/executive-orders/fr-1994-2020/gpo-text/2019/EO_13860.htm"
        let document = try #require(try index.documents(fromFile: path).first)
        #expect(!document.body.contains("\u{0}"))
        #expect(!document.body.contains("[[Page"))
        #expect(
            document.body.contains("Sec. 2. Definition. For the purposes of this order, the term “applicable service”")
        )
        #expect(document.metadata.citation == "84 FR 8407")
        #expect(document.metadata.documentNumber == "2019-04298")
    }

    private static func comparable(_ title: String) -> String {
        title.lowercased().split(whereSeparator: { !$0.isLetter && !$0.isNumber }).joined(separator: " ")
    }
}
