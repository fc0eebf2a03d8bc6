import CorpusGenerator
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

/// Front matter of the plainest form is read without Yams, to the same fields; anything else goes to Yams.
struct PlainFrontMatterTests {
    private func described(_ fields: [(String, String)]?) -> [String]? { fields?.map { "\($0.0)=\($0.1)" } }

    @Test(arguments: [
        (
            "title: Ensuring Nutrition Department\ntype: memorandum\ndate: 2025-10-12\npresident: Donald J. Trump\n"
                + "eo_number: \"14110\"",
            [
                "title=Ensuring Nutrition Department", "type=memorandum", "date=2025-10-12",
                "president=Donald J. Trump", "eo_number=14110",
            ]
        ),
        (
            "Title: Order 12:30 of 1.0  \n\nfr-citation: 90 FR 8741\nsigned_on: 'January 20, 2025'\nkey2: C# and 1e3",
            ["Title=Order 12:30 of 1.0", "fr-citation=90 FR 8741", "signed_on=January 20, 2025", "key2=C# and 1e3"]
        ),
    ])
    func plainFrontMatterGivesYamlsFields(yaml: String, expected: [String]) throws {
        #expect(described(MarkdownExtractor.plainFields(yaml)) == expected)
        #expect(described(try MarkdownExtractor.composedFields(yaml, path: "/tmp/a.md")) == expected)
    }

    @Test(arguments: [
        "title: Note: not a plain value", "title: a # comment", "title: \"say \\\"hi\\\"\"", "title: 'it''s'",
        "title: [a, b]", "title: &anchor x", "title:\n  folded", "title: x\ntitle: y", "  title: indented",
        "title:value", "title: yes", "title: ~", "- a list", "title: ends with:", "# only a comment",
        "title: x\r\ntype: y", "tags:\n  - a\n  - b",
    ])
    func anythingElseGoesToYams(yaml: String) {
        #expect(MarkdownExtractor.plainFields(yaml) == nil)
    }

    @Test func generatedDocumentsFrontMatterIsReadPlainly() throws {
        let generator = CorpusGenerator(seed: 5, averageSize: 2_000)
        for index in 0..<60 {
            let markdown = generator.document(at: index).markdown
            let (yaml, _) = try #require(MarkdownExtractor.splitFrontMatter(markdown))
            let plain = try #require(MarkdownExtractor.plainFields(yaml), "document \(index)")
            #expect(described(plain) == described(try MarkdownExtractor.composedFields(yaml, path: "/tmp/a.md")))
        }
    }

    /// The split over bytes against Foundation's search it replaced, on every text of up to four pieces after the
    /// opening line: closing lines with padding, `\r\n`, marks after a line break, and no closing line.
    @Test func frontMatterSplitsAsFoundationSplitIt() {
        let pieces = ["a: b", "\n", "---", "...", " --- ", "\r\n", "\u{301}", "é", "# T\n"]
        var texts = ["---\n", "--\n---\n", "---\r\na: b\n---\n"]
        for first in pieces {
            for second in pieces {
                for third in pieces {
                    for fourth in pieces { texts.append("---\n" + first + second + third + fourth) }
                }
            }
        }
        for text in texts {
            let split = MarkdownExtractor.splitFrontMatter(text)
            let expected = MarkdownExtractor.splitFrontMatterBySearch(text)
            #expect(split?.0 == expected?.0 && split?.1 == expected?.1, "\(text.debugDescription)")
        }
    }
}
