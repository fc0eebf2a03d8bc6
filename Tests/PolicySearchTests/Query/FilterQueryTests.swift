import Testing

@testable import PolicySearch

struct FilterParsingTests {
    typealias E = SearchQuery.Expression

    private static func date(_ text: String) -> CalendarDate? { CalendarDate(isoString: text) }

    @Test(arguments: [
        ("type:order", [SearchFilter.type(.executiveOrder)]),
        ("type:(order OR proclamation)", [.anyOf([.type(.executiveOrder), .type(.proclamation)])]),
        ("-type:article", [.not(.type(.article))]),
        ("president:biden", [.president("biden")]),
        (#"president:"George W""#, [.president("George W")]),
        ("eo:14,110", [.executiveOrder("14110")]),
        ("cites:14110", [.cites("EO 14110")]),
        (#"cites:"50 U.S.C. 1701""#, [.cites("50 U.S.C. 1701")]),
        ("section:definitions", [.section("definitions")]),
        ("signed:2025", [.signed(DateRange(from: date("2025-01-01"), through: date("2025-12-31")))]),
        ("signed:2024-02", [.signed(DateRange(from: date("2024-02-01"), through: date("2024-02-29")))]),
        ("signed:2025-01-20..2025-06-30", [.signed(DateRange(from: date("2025-01-20"), through: date("2025-06-30")))]),
        ("signed:>2020", [.signed(DateRange(from: date("2021-01-01"), through: nil))]),
        ("signed:>=2020-06", [.signed(DateRange(from: date("2020-06-01"), through: nil))]),
        ("published:<2001", [.published(DateRange(from: nil, through: date("2000-12-31")))]),
        ("signed:..2000", [.signed(DateRange(from: nil, through: date("2000-12-31")))]),
        ("EO 14110", [.reference(Citation(kind: .executiveOrder, text: "EO 14110"))]),
        ("E.O. 14110", [.reference(Citation(kind: .executiveOrder, text: "EO 14110"))]),
        ("Executive Order No. 14,110", [.reference(Citation(kind: .executiveOrder, text: "EO 14110"))]),
        ("executive order 6106-A", [.reference(Citation(kind: .executiveOrder, text: "EO 6106-A"))]),
        ("90 FR 8741", [.reference(Citation(kind: .federalRegister, text: "90 FR 8741"))]),
        ("2025-02172", [.documentNumber("2025-02172")]),
        ("95-12285", [.documentNumber("95-12285")]),
    ])
    func filtersParse(text: String, filters: [SearchFilter]) throws {
        let query = try SearchQuery(parsing: text)
        #expect(query.filters == filters)
        #expect(query.expression == nil)
    }

    @Test(
        arguments: [
            ("wetlands type:order", E.term("wetlands"), [SearchFilter.type(.executiveOrder)]),
            ("a NEAR/5 b", E.near([.term("a"), .term("b")], distance: 5), []),
            (
                #""national emergency" NEAR venezuela"#,
                E.near([.phrase("national emergency"), .term("venezuela")], distance: 10), []
            ),
            ("tariffs 2025", E.all([.term("tariffs"), .term("2025")]), []),
            ("section 2025-01", E.all([.term("section"), .term("2025-01")]), []),
            ("type:order -draft", nil, [.type(.executiveOrder), .not(.matching(.term("draft")))]),
            ("2020-2024 review", E.all([.term("2020-2024"), .term("review")]), []),
            ("NEAR", E.term("NEAR"), []),
        ] as [(String, E?, [SearchFilter])]
    )
    func textAndFiltersCombine(text: String, expression: E?, filters: [SearchFilter]) throws {
        let query = try SearchQuery(parsing: text)
        #expect(query.expression == expression)
        #expect(query.filters == filters)
    }

    @Test(arguments: [
        (
            "signed:yesterday",
            "signed: takes a date such as 2025, 2025-01, 2025-01-20, 2020..2024 or >2020 (at character 1)"
        ),
        (
            "ai signed:2025-13",
            "signed: takes a date such as 2025, 2025-01, 2025-01-20, 2020..2024 or >2020 (at character 4)"
        ),
        (
            "a OR type:order",
            "type:executive_order is a filter; filters combine with the rest of a query by AND, not inside OR or parentheses (at character 6)"
        ),
        (
            "title:(ai type:order)",
            "type:executive_order is a filter; filters combine with the rest of a query by AND, not inside OR or parentheses (at character 11)"
        ),
    ])
    func misplacedOrMalformedFiltersGetAPositionedError(text: String, message: String) {
        #expect { _ = try SearchQuery(parsing: text) } throws: { error in
            (error as? QuerySyntaxError)?.description == message
        }
    }
}

struct FilterSearchTests {
    static let documents: [Document] = [
        Document(
            source: "eo-14110",
            title: "Safe AI",
            body: "Agencies shall test dual-use foundation models.\nSec. 4. Reports. Agencies report.",
            metadata: DocumentMetadata(
                type: .executiveOrder,
                date: CalendarDate(year: 2023, month: 10, day: 30),
                president: "Joseph R. Biden Jr.",
                executiveOrderNumber: "14110",
                citation: "88 FR 75191"
            )
        ),
        Document(
            source: "eo-14179",
            title: "Removing Barriers",
            body: "Executive Order 14110 of October 30, 2023 is revoked.",
            metadata: DocumentMetadata(
                type: .executiveOrder,
                date: CalendarDate(year: 2025, month: 1, day: 23),
                president: "Donald J. Trump",
                executiveOrderNumber: "14179",
                documentNumber: "2025-02172"
            )
        ),
        Document(
            source: "proclamation",
            title: "Wetlands Month",
            body: "Wetlands shelter wildlife. Draft text follows.",
            metadata: DocumentMetadata(
                type: .proclamation,
                date: CalendarDate(year: 2025, month: 5, day: 1),
                president: "Donald J. Trump"
            )
        ),
        Document(
            source: "article",
            title: "Agencies weigh AI tests",
            body: "The order (E.O. 14110) asked for reports on models.",
            metadata: DocumentMetadata(type: .article, date: CalendarDate(year: 2024, month: 2, day: 2))
        ),
    ]

    static func index() throws -> SearchIndex {
        let index = try SearchIndex()
        try index.add(documents)
        return index
    }

    @Test(arguments: [
        ("type:order", ["eo-14110", "eo-14179"]),
        ("type:(order OR proclamation) president:trump", ["eo-14179", "proclamation"]),
        ("-type:article models", ["eo-14110"]),
        ("signed:2025", ["eo-14179", "proclamation"]),
        ("signed:2023-10-01..2024-12-31", ["eo-14110", "article"]),
        ("signed:<2024", ["eo-14110"]),
        ("eo:14110", ["eo-14110"]),
        ("cites:14110", ["eo-14179", "article"]),
        ("EO 14110", ["eo-14110", "eo-14179", "article"]),
        ("88 FR 75191", ["eo-14110"]),
        ("2025-02172", ["eo-14179"]),
        ("section:reports", ["eo-14110"]),
        ("type:proclamation -draft", []),
        ("type:order -dual", ["eo-14179"]),
        ("dual NEAR/3 models", ["eo-14110"]),
        ("agencies NEAR/1 models", []),
    ])
    func filtersSelectTheRightDocuments(query: String, sources: [String]) throws {
        let found = try Self.index().search(query).map(\.document.source)
        #expect(Set(found) == Set(sources), "\(query): \(found)")
    }

    @Test func aReferenceListsTheOrderItselfFirst() throws {
        let found = try Self.index().search("EO 14110").map(\.document.source)
        #expect(found.first == "eo-14110")
    }

    @Test(arguments: [
        (SearchSort.newest, ["proclamation", "eo-14179", "article", "eo-14110"]),
        (.oldest, ["eo-14110", "article", "eo-14179", "proclamation"]),
        (.executiveOrderNumber, ["eo-14110", "eo-14179"]),
    ])
    func sortOrders(sort: SearchSort, expected: [String]) throws {
        let query = SearchQuery(filters: sort == .executiveOrderNumber ? [.type(.executiveOrder)] : [])
        let page = try Self.index().search(query, options: SearchOptions(limit: 10, sort: sort))
        #expect(page.results.map(\.document.source) == expected)
    }

    @Test func facetsCountTheWholeResultSetAndTotalsArePaged() throws {
        let page = try Self.index().search(
            SearchQuery(filters: []),
            options: SearchOptions(limit: 1, offset: 1, sort: .oldest, includesFacets: true)
        )
        #expect(page.totalCount == 4)
        #expect(page.results.map(\.document.source) == ["article"])
        let facets = try #require(page.facets)
        #expect(facets.types.first == Facets.Count(value: "executive_order", count: 2))
        #expect(facets.presidents.first == Facets.Count(value: "Donald J. Trump", count: 2))
        #expect(facets.years.map(\.value) == ["2023", "2024", "2025"])
        #expect(facets.years.map(\.count) == [1, 1, 2])
    }
}
