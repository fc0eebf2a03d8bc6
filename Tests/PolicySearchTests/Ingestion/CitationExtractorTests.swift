import CorpusGenerator
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

/// Matching only around anchor words, or from the first line that can start a heading, must find what matching the
/// whole text finds, on real documents.
@Suite(.enabled(if: SharedCorpus.isAvailable, SharedCorpus.skipReason))
struct AnchoredMatchingTests {
    /// One file in five, so that the slow whole-text matching keeps the suite quick (all of them agree too).
    @Test func realDocumentsYieldTheSameAsWhenTheWholeTextIsMatched() throws {
        let reader = DocumentReader()
        var files = 0
        var documents = 0
        var citations = 0
        var headings = 0
        var sections = 0
        var differences: [String] = []
        for case .file(let path) in reader.entries(under: [SharedCorpus.path]) {
            files += 1
            guard files % 5 == 0, case .documents(let extracted) = try? reader.extract(try reader.read(path)) else {
                continue
            }
            for document in extracted {
                let number = document.metadata.executiveOrderNumber
                let windowed = CitationExtractor.citations(in: document.body, excludingOrder: number)
                let whole = CitationExtractor.citations(in: document.body, excludingOrder: number, wholeText: true)
                documents += 1
                citations += whole.count
                if windowed != whole { differences.append("\(path): \(windowed) ≠ \(whole)") }
                let text = document.title + "\n" + document.body
                let found = TextMetadataDetector.findings(in: text)
                let foundFromTheTop = TextMetadataDetector.findings(in: text, fromTheTop: true)
                if found != foundFromTheTop { differences.append("\(path): \(found) ≠ \(foundFromTheTop)") }
                headings += found.type != nil ? 1 : 0
                let anchored = SectionDetector.sections(in: document.body)
                let scanned = SectionDetector.sections(in: document.body, wholeText: true)
                sections += scanned.count
                if anchored != scanned { differences.append("\(path): \(anchored) ≠ \(scanned)") }
            }
        }
        print(
            "citations compared: \(citations) in \(documents) documents; typed by their headings: \(headings); "
                + "sections: \(sections)"
        )
        #expect(documents > 400)
        #expect(citations > 1_000)
        #expect(headings > 150)
        #expect(sections > 1_000)
        #expect(differences.isEmpty, "\(differences.prefix(5))")
    }

    @Test func citationsNearTheEdgesOfStretchesAreFound() {
        // Anchors far apart make separate stretches; each citation sits at a stretch's edge or spans lines.
        let filler = String(repeating: "word ", count: 120)
        let text =
            "12EO 12345 is no citation. " + filler + "Executive Order 14110 " + filler
            + "section 301 of title 3, United States\nCode" + filler + "(50 U.S.C. 1701)" + filler
            + "section 200.40 of title 2, Code of\nFederal Regulations" + filler + "Pub. L. 93-112"
        let expected = ["EO 14110", "3 U.S.C. 301", "50 U.S.C. 1701", "2 CFR 200.40", "Pub. L. 93-112"]
        #expect(CitationExtractor.citations(in: text).map(\.text) == expected)
        #expect(CitationExtractor.citations(in: text, wholeText: true).map(\.text) == expected)
    }
}

/// Headings found line by line, as anchored matches, and dates found around commas, are those found from the top.
struct HeadingLineTests {
    @Test func generatedDocumentsHaveTheSectionsOfAScan() {
        let generator = CorpusGenerator(seed: 31, averageSize: 6_000)
        var sections = 0
        for index in 0..<40 {
            let body = generator.document(at: index).body
            let found = SectionDetector.sections(in: body)
            #expect(found == SectionDetector.sections(in: body, wholeText: true))
            sections += found.count
        }
        #expect(sections > 100)
    }

    @Test(arguments: [
        "", "Sec. 1. Purpose. Text.", "\n\n  ## Sec. 2. Policy.\nText", "Text Sec. 3. Not a heading.\nSec. 4. Heading.",
        "Sec. 1. A.Sec. 2. B.\nSec. 3. C.", "**Section 5a.** Definitions. Text", "\r\nSec. 6. Windows.\r\n",
        "\u{00A0}Sec. 7. After a no-break space.", "\u{000B}Sec. 8. After a vertical tab.",
        "\u{0085}Sec. 9. After a next-line.", "x\u{2028}Sec. 10. After a line separator.", "Sec.\n11.\nSpread.",
        "é\nSection 12. Unicode before.", "Sec. 13.", "Sec 14. No dot.", "Secretary.\nSection 15. After Secretary.",
        "* * *\n#\nSec. 16. After rules.", "Sec. 17. One.\n\nSec. 18. Two.\n  \nSec. 19. Three.",
        "Sec. 1234. Too many digits.", "Sec. 12b . Letter and space.", "Sec. 12B. Capital letter.",
        "Sec. ٣. Arabic digit.",
        "Sec. 20. heading in lower case.", "Sec. 21.Heading without space.", "Sec. 22. Heading.Text",
        "Sec. 23. Heading.*", "Sec. 24. Heading.", "Sec. 25. Heading\nacross lines.", "Sec. 26. *Starred.*",
        "Sec. 27. " + String(repeating: "A", count: 101) + ". Long heading.",
        "Sec. 28. " + String(repeating: "A", count: 100) + ". Heading below the limit.",
        "Sec. 31. " + String(repeating: "A", count: 102) + ". Heading over the limit.",
        "Sec. 29. U.S. policy. Abbreviation.", "Sec. 30. Heading. \u{2003}Em space after.", "Sec.30a.",
    ])
    func sectionsFoundWhereTheyCanStartAreThoseOfAScan(text: String) {
        #expect(SectionDetector.sections(in: text) == SectionDetector.sections(in: text, wholeText: true))
    }

    @Test(arguments: [
        "", "no date", "1, 2019 March 4, 2020", "Signed Sept. 30,   1999 here", "on 12,000 acres; May 5, 1945",
        "dated février 3, 2001 or December 7, 1941", "in 2019, 2020 and on Jan 1,2021", "Nov. 11, 1918",
    ])
    func datesAroundCommasAreTheFirstDates(text: String) {
        #expect(TextMetadataDetector.firstDate(in: text) == TextMetadataDetector.firstDate(in: text, wholeText: true))
    }

    @Test(arguments: [
        "é\nExecutive Order 12345 of March 4, 2019\nText.",
        "Text citing Executive Order 11111 of May 1, 1990.\n\n  ## Executive Order 12,345 of Jan. 2, 1991",
        "Executive Order without number\nExecutive Order No. 9066 of February 19, 1942",
        "By the President of the United States of America\nA Proclamation\nSigned on July 4, 1976.",
        "Memorandum for the Heads\n> Memorandum of June 5, 2020",
        "**Proclamation 10886 of January 20, 2025**",
        "MEMORANDUM FOR THE SECRETARY OF STATE",
        "Nothing here but a date: March 3, 2003\r\nProclamation 1234 of April 5, 1950",
    ])
    func findTheSameAsFromTheTop(text: String) {
        let found = TextMetadataDetector.findings(in: text)
        #expect(found == TextMetadataDetector.findings(in: text, fromTheTop: true))
        #expect(found.type != nil)
    }
}

/// ``CitationScanner``, reading by hand, finds what the regular expressions find in the whole text: on text made to
/// test their corners (backtracking, word boundaries, Unicode white space and digits, case folding) and on generated
/// documents dense with citations.
struct CitationScannerTests {
    @Test(arguments: [
        (
            "Executive Order 123456 and Executive Order 12345-AB and EO 12,345-C. and Executive Order No.12346",
            ["EO 12345", "EO 12345-C", "EO 12346"]
        ),
        ("xEO 13000, _EO 13001, éEO 13002, (EO 14001) E. O. 14002", ["EO 14001", "EO 14002"]),
        (
            "EXECUTIVE ORDERſ 13003 and Executive\u{2009}Order\u{00A0}13004 and EO ١٢٣٤٥",
            ["EO 13003", "EO 13004", "EO ١٢٣٤٥"]
        ),
        (
            "REPUBLIC LAW 117-58; public  law No. 93 - 1125; P. L. 1234-5; Pub.L. 99-12345; Pub. L. 12-3a",
            ["Pub. L. 117-58", "Pub. L. 93-1125"]
        ),
        (
            "123 U.S.C. 5; a5 U.S.C. 6; 42 U. S. C. §§ 1983a-12x; 42\u{00A0}U.S.C.1981",
            ["42 U.S.C. 1983a-12", "42 U.S.C. 1981"]
        ),
        ("40 C.F.R. Parts 50.12; 7 CFR § 1.1; 40 C.F.R.part 5; 48 CFR partial 5", ["40 CFR 50.12", "7 CFR 1.1"]),
        ("84 FR 37,6701; 1234 FR 5; 90 Fed.Reg. 8,741,000x; 88 FR 12345", ["84 FR 37", "90 FR 8741", "88 FR 12345"]),
    ])
    func findsWhatTheRegularExpressionsFind(text: String, expected: [String]) {
        #expect(CitationExtractor.citations(in: text).map(\.text) == expected)
        #expect(CitationExtractor.citations(in: text, wholeText: true).map(\.text) == expected)
    }

    @Test func generatedDocumentsHaveTheCitationsOfTheRegularExpressions() {
        let generator = CorpusGenerator(seed: 47, averageSize: 15_000)
        var citations = 0
        for index in 0..<150 {
            let body = generator.document(at: index).body
            let whole = CitationExtractor.citations(in: body, wholeText: true)
            #expect(CitationExtractor.citations(in: body) == whole, "document \(index)")
            citations += whole.count
        }
        #expect(citations > 1_000)
    }
}
