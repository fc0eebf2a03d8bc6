@testable import PolicySearch

/// An in-memory index with a handful of small policy documents written for the tests.
enum FixtureIndex {
    static let documents: [Document] = [
        Document(
            source: "fixtures/eo-ai.md",
            title: "Safe, Secure, and Trustworthy Development of Artificial Intelligence",
            body: """
                Executive Order 14110 of October 30, 2023. Sec. 4(b) requires reports on dual-use foundation models \
                under 50 U.S.C. 1701 and § 1702. The Secretary shall consult O'Neill and others. Agencies and \
                regulators shall act. Regulatory review follows.
                """,
            metadata: DocumentMetadata(type: .executiveOrder, executiveOrderNumber: "14110")
        ),
        Document(
            source: "fixtures/article.txt",
            title: "Agencies race to review AI models",
            body: """
                The order on artificial intelligence asks agencies to test models. Critics say the dual use label is \
                vague. Not every agency agrees, and or so the reports say.
                """,
            metadata: DocumentMetadata(type: .article)
        ),
        Document(
            source: "fixtures/wetlands.txt",
            title: "Protecting Wetlands",
            body: "The Secretary of the Interior shall protect wetlands and coastal marshes from artificial drainage.",
            metadata: DocumentMetadata(type: .proclamation)
        ),
        Document(
            source: "fixtures/budget.txt",
            title: "Budget Guidance",
            body: "The Director of OMB shall issue budget guidance on intelligence programs and artificial reefs.",
            metadata: DocumentMetadata(type: .memorandum)
        ),
    ]

    static func make() throws -> SearchIndex {
        let index = try SearchIndex()
        try index.add(documents)
        return index
    }
}
