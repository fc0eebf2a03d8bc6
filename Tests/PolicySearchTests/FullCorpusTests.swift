import Foundation
import Testing

@testable import PolicySearch

/// Indexes all of ../shared/corpus except renditions/ and metadata/ once, and compares what was extracted with
/// MANIFEST.tsv field by field.
@Suite(.enabled(if: SharedCorpus.isAvailable, SharedCorpus.skipReason), .serialized)
struct FullCorpusTests {
    static let roots = ["articles", "executive-orders", "presidential-actions"]

    static let built: Result<(SearchIndex, IndexingReport), any Error> = Result {
        let index = try SearchIndex()
        let report = try index.add(contentsOf: roots.map { SharedCorpus.path + "/" + $0 })
        return (index, report)
    }

    /// Documents of MANIFEST.tsv: primary files and records.
    static var documentRows: [SharedCorpus.Row] {
        get throws { try SharedCorpus.manifest().filter { $0.role == "primary" || $0.role == "record" } }
    }

    static func document(for row: SharedCorpus.Row, in index: SearchIndex) throws -> Document? {
        let path = SharedCorpus.path + "/" + row.path
        return row.role == "record"
            ? try index.documents(matching: path + "#" + row.docID).first
            : try index.documents(fromFile: path).first
    }

    @Test func everyPrimaryDocumentAndRecordIsIndexed() throws {
        let (index, report) = try Self.built.get()
        let rows = try Self.documentRows
        #expect(report.skipped.isEmpty, "skipped: \(report.skipped)")
        #expect(report.added == rows.count)
        #expect(try index.statistics().documentCount == rows.count)
        let sidecars = try SharedCorpus.manifest().filter {
            $0.role == "sidecar" && !$0.path.hasPrefix("renditions/")
        }
        #expect(report.metadataFiles == sidecars.count, "API JSON files are merged, not indexed")
        var missing: [String] = []
        for row in rows where try Self.document(for: row, in: index) == nil { missing.append(row.docID) }
        #expect(missing.isEmpty, "not found: \(missing.prefix(10))")
    }

    @Test func indexingAgainChangesNothing() throws {
        let (index, first) = try Self.built.get()
        let again = try index.add(contentsOf: Self.roots.map { SharedCorpus.path + "/" + $0 })
        #expect(again.added == 0)
        #expect(again.updated == 0)
        #expect(again.unchanged == first.added)
        #expect(try index.statistics().documentCount == first.added)
    }

    @Test func extractedMetadataAgreesWithTheManifest() throws {
        let (index, _) = try Self.built.get()
        var tally: [String: (agree: Int, total: Int, misses: [String])] = [:]
        func compare(_ field: String, _ ours: String?, _ theirs: String, _ row: SharedCorpus.Row) {
            var entry = tally[field] ?? (0, 0, [])
            entry.total += 1
            if (ours ?? "") == theirs {
                entry.agree += 1
            } else {
                entry.misses.append("\(row.format) \(row.docID): \(ours ?? "–") ≠ \(theirs)")
            }
            tally[field] = entry
        }
        for row in try Self.documentRows {
            let document = try #require(try Self.document(for: row, in: index), "\(row.docID)")
            let metadata = document.metadata
            compare("title", Self.comparable(document.title), Self.comparable(row.title), row)
            compare("type", metadata.type.rawValue, row.type, row)
            compare("signing date", metadata.date?.description, row.signingDate, row)
            compare("EO number", metadata.executiveOrderNumber, row.eoNumber, row)
            if !row.frDocNumber.isEmpty { compare("FR document number", metadata.documentNumber, row.frDocNumber, row) }
            if !row.publicationDate.isEmpty, let published = metadata.publicationDate {
                compare("publication date (where stated)", published.description, row.publicationDate, row)
            }
            if !row.publicationDate.isEmpty {
                compare(
                    "publication date coverage",
                    metadata.publicationDate == nil ? "absent" : "present",
                    "present",
                    row
                )
            }
        }
        for (field, entry) in tally.sorted(by: { $0.key < $1.key }) {
            let share = Double(entry.agree) / Double(entry.total)
            print("\(field): \(entry.agree)/\(entry.total) (\(String(format: "%.1f", share * 100)) %)")
            for miss in entry.misses.prefix(40) { print("  \(miss)") }
            if field != "publication date coverage" {
                #expect(share >= 0.98, "\(field) agreement \(entry.agree)/\(entry.total)")
            }
        }
    }

    @Test func foldedTotalsCountEveryOrderOnce() throws {
        let (index, _) = try Self.built.get()
        for text in ["tariffs", "artificial intelligence", "\"national emergency\"", "type:order energy"] {
            let query = try SearchQuery(parsing: text)
            let folded = try index.search(query, options: SearchOptions(limit: 1))
            let every = try index.search(query, options: SearchOptions(limit: 100_000, renditions: .separate)).results
            let orders = Set(
                every.map { hit in
                    hit.document.metadata.executiveOrderNumber.map { "EO-" + $0 } ?? hit.document.id.rawValue
                }
            )
            #expect(folded.totalCount == orders.count, "\(text): \(every.count) hits")
            #expect(every.count > orders.count, "\(text) should match several renditions of one order")
        }
    }

    @Test func ordersFromSeveralSourcesFoldIntoOneHit() throws {
        let (index, _) = try Self.built.get()
        let folded = try index.search(#"title:"Removing Barriers to American Leadership""#, limit: 5)
        let first = try #require(folded.first)
        #expect(first.document.metadata.executiveOrderNumber == "14179")
        #expect(folded.filter { $0.document.metadata.executiveOrderNumber == "14179" }.count == 1)
        let separate = try index.search(
            #"title:"Removing Barriers to American Leadership""#,
            limit: 5,
            renditions: .separate
        )
        #expect(separate.filter { $0.document.metadata.executiveOrderNumber == "14179" }.count >= 2)
        let twins = try SharedCorpus.manifest().filter { $0.eoNumber == "14179" && $0.role != "sidecar" }
        #expect(first.renditions.count == twins.count - 1, "renditions: \(first.renditions.map(\.source))")
    }

    @Test func hitsSayWhichSectionMatched() throws {
        let (index, _) = try Self.built.get()
        let hit = try #require(
            try index.search(#""Committee on National Security Systems shall prioritize""#, limit: 1).first
        )
        #expect(hit.document.metadata.executiveOrderNumber == "14409")
        #expect(hit.section?.number == "2")
        #expect(hit.section?.heading == "Upgrading American Systems for Advanced AI")
    }

    @Test func xmlSectionsComeFromTheMarkup() throws {
        let (index, _) = try Self.built.get()
        let path = SharedCorpus.path + "/executive-orders/fr-1994-2020/fr-xml/2019/EO_13858.xml"
        let document = try #require(try index.documents(fromFile: path).first)
        #expect(document.title == "Strengthening Buy-American Preferences for Infrastructure Projects")
        #expect(document.sections.first?.label == "Sec. 1. Policy")
        #expect(document.sections.dropFirst().first?.label == "Sec. 2. Definitions")
        let start = document.body.unicodeScalars.index(
            document.body.startIndex,
            offsetBy: try #require(document.sections.first).startOffset
        )
        #expect(document.body[start...].hasPrefix("Section 1. Policy."))
    }

    @Test func pdfPageFurnitureIsRemoved() throws {
        let (index, _) = try Self.built.get()
        let path = SharedCorpus.path + "/executive-orders/fr-pdf-2025-2026/2026/2026-11415.pdf"
        let document = try #require(try index.documents(fromFile: path).first)
        #expect(document.title == "Promoting Advanced Artificial Intelligence Innovation and Security")
        #expect(document.metadata.citation == "91 FR 34565")
        #expect(document.metadata.documentNumber == "2026-11415")
        for furniture in ["VerDate", "PROD with", "Jkt ", "Sfmt", "E:\\FR\\FM", "Billing code"] {
            #expect(!document.body.contains(furniture), "\(furniture) left in the body")
        }
        #expect(document.body.contains("It is the policy of the United States to promote AI innovation and security"))
    }

    private static func comparable(_ title: String) -> String {
        title.lowercased().split(whereSeparator: { !$0.isLetter && !$0.isNumber }).joined(separator: " ")
    }
}
