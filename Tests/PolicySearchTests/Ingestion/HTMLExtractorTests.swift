import Foundation
import Testing

@testable import PolicySearch

struct HTMLExtractorTests {
    private func extract(_ html: String, path: String = "/tmp/page.html") throws -> Document {
        let documents = try HTMLExtractor().documents(from: SourceFile(path: path, bytes: Data(html.utf8)))
        return try #require(documents.first)
    }

    @Test func stripsTagsDecodesEntitiesAndDropsScripts() throws {
        let document = try extract(
            """
            <html><head><title>Guidance &amp; Rules</title><style>p { color: red }</style></head>
            <body><script>var x = "<p>not text</p>";</script>
            <p>The &ldquo;Secretary&rdquo; shall act&mdash;promptly &#8212; under &sect;&#160;4(b) &#x2014; now.</p>
            <!-- a comment <p>hidden</p> -->
            <p>Second&nbsp;paragraph &unknown; stays.</p></body></html>
            """
        )
        #expect(document.title == "Guidance & Rules")
        #expect(document.body.contains("The “Secretary” shall act—promptly — under § 4(b) — now."))
        #expect(document.body.contains("Second paragraph &unknown; stays."))
        #expect(!document.body.contains("not text"))
        #expect(!document.body.contains("color"))
        #expect(!document.body.contains("hidden"))
        #expect(document.body.contains("now.\n\nSecond"))
    }

    @Test func fragmentTakesItsFirstHeadingAsTitleAndReadsTheOrderLine() throws {
        let document = try extract(
            """
              <span class="printed-page"><span class="text">Start Printed Page 509</span></span>
              <a class="eo" href="/executive-order/13857">Executive Order 13857</a> of January 25, 2019
              <h1 id="h-1">Taking Additional Steps To Address the </h1>
              National Emergency With Respect to Venezuela
              <p id="p-1" data-page="509">By the authority vested in me as President &hellip;</p>
            """
        )
        #expect(document.title == "Taking Additional Steps To Address the National Emergency With Respect to Venezuela")
        #expect(document.metadata.type == .executiveOrder)
        #expect(document.metadata.executiveOrderNumber == "13857")
        #expect(document.metadata.date == CalendarDate(year: 2019, month: 1, day: 25))
        #expect(!document.body.contains("Start Printed Page"))
    }

    @Test func blockElementsBreakLinesAndInlineElementsDoNot() throws {
        let document = try extract("<div>one<br>two</div><ul><li>three</li><li>fo<b>ur</b></li></ul><p>a < b</p>")
        #expect(document.body == "one\ntwo\n\nthree\nfour\n\na < b")
    }

    @Test func readsGPOTextPagesWithNULBytes() throws {
        let page =
            "<html>\n<head>\n<title>Federal Register, Volume 60 Issue 15 (Tuesday, January 24, 1995)</title>\n</head>\n"
            + "<body><pre>[Federal Register Volume 60, Number 15 (Tuesday, January 24, 1995)]\n"
            + "[Presidential Documents]\n[Page 4527]\nFrom the Federal Register Online via the Government Publishing "
            + "Office [<a href=\"http://www.gpo.gov\">www.gpo.gov</a>]\n[FR Doc No: 95-1877]\n\n"
            + "\u{0}\u{0}                        Presidential Documents \n\u{0}\n"
            + "Federal Register / Vol. 60, No. 15 / Tuesday, January 24, 1995 / \nPresidential Documents\n\n"
            + "____________________________________________________________________\n\nTitle 3--\nThe President  \n"
            + "[[Page 4527]] \n\n\n                Executive Order 12945 of January 20, 1995\n\n                \n"
            + "Amendment to Executive Order No. 12640 on the Guant[aacute]namo \n                Employment Com-\n"
            + "                mittee\n\n"
            + "                By the authority vested in me as President, the ``Vice Chairs'' of the em-\n"
            + "                ployment committee shall be self-\n                governing. The committee's employment"
            + " rules apply.\n\n                    (Presidential Sig.)<Clinton1>><Clinton2>\n\n"
            + "                THE WHITE HOUSE,\n\n                    January 20, 1995.\n\n[FR Doc. 95-1877\n"
            + "Filed 1-20-95; 2:04 pm]\nBilling code 3195-01-P\n\n</pre></body>\n</html>\n"
        let document = try extract(page, path: "/tmp/EO_12945.htm")
        #expect(document.title == "Amendment to Executive Order No. 12640 on the Guantánamo Employment Committee")
        #expect(document.metadata.type == .executiveOrder)
        #expect(document.metadata.executiveOrderNumber == "12945")
        #expect(document.metadata.date == CalendarDate(year: 1995, month: 1, day: 20))
        #expect(document.metadata.publicationDate == CalendarDate(year: 1995, month: 1, day: 24))
        #expect(document.metadata.documentNumber == "95-1877")
        #expect(document.metadata.citation == "60 FR 4527")
        #expect(document.body.contains("the “Vice Chairs” of the employment committee shall be self-governing."))
        #expect(!document.body.contains("\u{0}"))
        #expect(!document.body.contains("[[Page"))
        #expect(!document.body.contains("Billing code"))
        #expect(!document.body.contains("Federal Register Volume"))
    }

    @Test func emptyMarkupIsSkippedAsEmpty() {
        #expect(throws: ExtractionError.self) {
            _ = try HTMLExtractor().documents(
                from: SourceFile(path: "/tmp/e.html", bytes: Data("<html><body> <p></p></body></html>".utf8))
            )
        }
    }
}
