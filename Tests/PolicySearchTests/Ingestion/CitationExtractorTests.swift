import Testing

@testable import PolicySearch

/// Citation extraction on sentences taken from the real corpus.
struct CitationExtractorTests {
    @Test(arguments: [
        (
            "including the International Emergency Economic Powers Act (50 U.S.C. 1701 et seq.), the National "
                + "Emergencies Act (50 U.S.C. 1601 et seq.), and section 301 of title 3, United States Code,",
            ["50 U.S.C. 1701", "50 U.S.C. 1601", "3 U.S.C. 301"]
        ),
        ("“artificial intelligence” or “AI” has the meaning set forth in 15 U.S.C. 9401(3).", ["15 U.S.C. 9401"]),
        ("under section 404 of the Clean Water Act (33 U.S.C. § 1344)", ["33 U.S.C. 1344"]),
        ("S.C. 5546 and 6103(b) and other similar statutes", []),
        (
            "This order supersedes Executive Order No. 3962, dated February 19, 1924.",
            ["EO 3962"]
        ),
        ("Executive Order 14110 of October 30, 2023 (Safe, Secure, and Trustworthy …) is revoked", ["EO 14110"]),
        ("as amended by E.O. 13694 and Executive Order No. 14,144", ["EO 13694", "EO 14144"]),
        (
            "found at section 200.40 of title 2, Code of Federal Regulations",
            ["2 CFR 200.40"]
        ),
        ("pursuant to 2 CFR 200.216 and 48 C.F.R. part 52", ["2 CFR 200.216", "48 CFR 52"]),
        ("Executive Order 13859 of February 11, 2019 (84 FR 3967)", ["EO 13859", "84 FR 3967"]),
        ("published at 90 Fed. Reg. 8,741", ["90 FR 8741"]),
        (
            "the Rehabilitation Act of 1973, Public Law 93-112, section 501(a)-(f)",
            ["Pub. L. 93-112"]
        ),
        ("the Foundations for Evidence-Based Policymaking Act of 2018 (Pub. L. 115–435)", ["Pub. L. 115-435"]),
        // Forms the corpus does not print but people write.
        ("as provided in Executive Order No. 14,110 and E.O. 14110", ["EO 14110"]),
        // Real fragments from fr-api-json, fr-xml and the JSON Lines records.
        ("North American Development Bank; implementing amendments (E.O. 13380)", ["EO 13380"]),
        ("section 8303 of title 41, United States Code, and 48 CFR 25", ["41 U.S.C. 8303", "48 CFR 25"]),
        ("Republic of China,See: Pub. L. 102-393 (106 Stat. 1729)", ["Pub. L. 102-393"]),
        ("Faucets, Water Closets and Urinals,” 75 Fed. Reg. 80289 (December 22, 2010)", ["75 FR 80289"]),
    ])
    func findsAndNormalizesCitations(sentence: String, expected: [String]) {
        #expect(CitationExtractor.citations(in: sentence).map(\.text) == expected)
    }

    @Test func kindsAreRecordedAndTheDocumentsOwnNumberIsLeftOut() {
        let citations = CitationExtractor.citations(
            in: "Executive Order 14179 of January 23, 2025 revokes Executive Order 14110 (50 U.S.C. 1701).",
            excludingOrder: "14179"
        )
        #expect(
            citations == [
                Citation(kind: .executiveOrder, text: "EO 14110"),
                Citation(kind: .unitedStatesCode, text: "50 U.S.C. 1701"),
            ]
        )
    }
}
