import Foundation
import Testing

@testable import PolicySearch

struct MarkdownExtractorTests {
    private func extract(_ markdown: String) throws -> Document {
        let file = SourceFile(path: "/tmp/doc.md", bytes: Data(markdown.utf8))
        return try #require(try MarkdownExtractor().documents(from: file).first)
    }

    @Test func frontMatterBecomesMetadata() throws {
        let document = try extract(
            """
            ---
            title: "Memorandum on Model Evaluations"
            type: memorandum
            date: 2025-04-03
            president: Jane Q. Public
            agency: OSTP
            tags: [ai, security]
            ---
            # A heading that is not the title

            Agencies shall evaluate **dual-use** models; see [the guidance](https://example.gov/g).
            """
        )
        #expect(document.title == "Memorandum on Model Evaluations")
        #expect(document.metadata.type == .memorandum)
        #expect(document.metadata.date == CalendarDate(year: 2025, month: 4, day: 3))
        #expect(document.metadata.president == "Jane Q. Public")
        #expect(document.metadata.additionalFields["agency"] == "OSTP")
        #expect(document.metadata.additionalFields["tags"] == "ai, security")
        #expect(document.body.contains("Agencies shall evaluate dual-use models; see the guidance."))
        #expect(!document.body.contains("title:"))
    }

    @Test func brokenFrontMatterIsReportedWithItsLine() {
        let file = SourceFile(path: "/tmp/bad.md", bytes: Data("---\ntitle: [unclosed\ndate: x\n---\nText".utf8))
        #expect {
            _ = try MarkdownExtractor().documents(from: file)
        } throws: { error in
            guard let error = error as? ExtractionError else { return false }
            return error.reason == .malformed && error.description.contains("/tmp/bad.md")
                && error.description.contains("front matter")
        }
    }

    @Test func scrapedOrderHeaderBecomesMetadata() throws {
        let document = try extract(
            """
            # Executive Order 14129: Providing for the Closing of Executive Departments on December 24, 2024

            ## Summary

            **Date:** December 18, 2024

            **Document Details:**
            - Document Number: 2024-31143
            - Executive Order Number: 14129
            - Citation: 89 FR 104857

            ## Sources
            - [Federal Register](https://www.federalregister.gov/documents/2024/12/26/2024-31143/providing)

            ---

            ### Section 1.

            All executive departments and agencies shall be closed.
            """
        )
        #expect(document.title == "Providing for the Closing of Executive Departments on December 24, 2024")
        #expect(document.metadata.type == .executiveOrder)
        #expect(document.metadata.executiveOrderNumber == "14129")
        #expect(document.metadata.documentNumber == "2024-31143")
        #expect(document.metadata.citation == "89 FR 104857")
        #expect(document.metadata.date == CalendarDate(year: 2024, month: 12, day: 18))
        #expect(document.metadata.sourceURL?.hasPrefix("https://www.federalregister.gov/documents/2024") == true)
        #expect(document.body.contains("Section 1.\n\nAll executive departments"))
    }

    @Test func historicalHeadingWithEmDashAndSignedDate() throws {
        let document = try extract(
            "# Executive Order 6562—Additional Compensation of Enlisted Men\n\n**Signed:** January 18, 1934\n"
                + "**Published:** January 19, 1934\n\n- Document Number: None\n\nText of the order."
        )
        #expect(document.title == "Additional Compensation of Enlisted Men")
        #expect(document.metadata.executiveOrderNumber == "6562")
        #expect(document.metadata.date == CalendarDate(year: 1934, month: 1, day: 18))
        #expect(document.metadata.publicationDate == CalendarDate(year: 1934, month: 1, day: 19))
        #expect(document.metadata.documentNumber == nil)
    }
}
