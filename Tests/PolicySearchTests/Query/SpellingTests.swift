import Testing

@testable import PolicySearch

struct SpellingTests {
    @Test(arguments: [
        ("wetlnds", "wetlands"), ("drainge", "drainage"), ("secretery", "secretary"), ("regulatrs", "regulatory"),
    ])
    func unknownWordsAreCorrectedFromTheIndexVocabulary(typed: String, surface: String) throws {
        let index = try FixtureIndex.make()
        let page = try index.search(SearchQuery(parsing: typed), options: SearchOptions())
        #expect(!page.results.isEmpty, "\(typed) found nothing")
        let correction = try #require(page.correction)
        #expect(correction.words.map(\.typed) == [typed])
        #expect(correction.words.first?.corrected.lowercased() == surface)
        #expect(correction.notice == "no hits for “\(typed)”; showing hits for “\(correction.words[0].corrected)”")
    }

    @Test(arguments: ["14111", "1701x", "EO 14111", "zzzzqqq", "U.S.C. 9999"])
    func numbersCitationsAndHopelessWordsAreLeftAlone(typed: String) throws {
        let page = try FixtureIndex.make().search(SearchQuery(parsing: typed), options: SearchOptions())
        #expect(page.results.isEmpty)
        #expect(page.correction == nil)
    }

    @Test func knownWordsAreNeverCorrected() throws {
        let page = try FixtureIndex.make().search(SearchQuery(parsing: "wetlands"), options: SearchOptions())
        #expect(page.correction == nil)
        #expect(page.results.count == 1)
    }

    @Test func editDistanceCountsInsertionsDeletionsAndSubstitutions() {
        #expect(SpellingCorrector.editDistance(Array("kitten"), Array("sitting")) == 3)
        #expect(SpellingCorrector.editDistance(Array(""), Array("abc")) == 3)
        #expect(SpellingCorrector.editDistance(Array("same"), Array("same")) == 0)
    }
}

struct RareWordRescueTests {
    @Test func aRareMisspellingBesideACommonWordAlsoShowsTheCommonWordsHits() throws {
        let index = try SearchIndex()
        var documents = (1...12).map { number in
            Document(
                source: "order-\(number)",
                title: "Order \(number)",
                body: "Agencies shall restore wetlands \(number)."
            )
        }
        documents.append(Document(source: "typo", title: "Typo", body: "A posting that spells wetlnds wrong."))
        try index.add(documents)
        let page = try index.search(SearchQuery(parsing: "wetlnds"), options: SearchOptions(limit: 5))
        #expect(page.results.first?.document.source == "typo")
        #expect(page.results.count == 5)
        let correction = try #require(page.correction)
        #expect(!correction.replacedOriginal)
        #expect(correction.notice == "few hits for “wetlnds”; also showing hits for “wetlands”")
        let plain = try index.search(
            SearchQuery(parsing: "wetlnds"),
            options: SearchOptions(limit: 5, correctsSpelling: false)
        )
        #expect(plain.results.map(\.document.source) == ["typo"])
        #expect(plain.correction == nil)
    }
}
