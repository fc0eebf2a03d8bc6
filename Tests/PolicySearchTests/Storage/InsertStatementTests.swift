import Foundation
import Testing

@testable import PolicySearch

/// Citations and sections are written through ``InsertStatement``, which binds values with SQLite's C interface.
struct InsertStatementTests {
    @Test func citationsAndSectionsReadBackAsTheyWereWritten() throws {
        let citations = [
            Citation(kind: .executiveOrder, text: "EO 14110"),
            Citation(kind: .unitedStatesCode, text: "50 U.S.C. 1701"),
            Citation(kind: Citation.Kind(rawValue: "note"), text: "Décret n° 2024-17 — “Título”"),
            Citation(kind: .federalRegister, text: ""),
        ]
        let sections = [
            Section(number: "1", heading: "Purpose", startOffset: 0),
            Section(number: "2", heading: nil, startOffset: 41),
            Section(number: "4a", heading: "", startOffset: 97),
            Section(number: "", heading: "Überblick", startOffset: 1_000_000),
        ]
        let document = Document(
            source: "memory://order",
            title: "An Order",
            body: "Sec. 1. Purpose. The order cites many things.",
            citations: citations,
            sections: sections
        )
        let index = try SearchIndex()
        try index.add(document)

        let stored = try #require(try index.document(document.id))
        #expect(stored.citations == citations)
        #expect(stored.sections == sections)
    }

    @Test func aRowThatFailsThrowsSQLitesErrorAndTheStatementTakesTheNextRow() throws {
        let store = try DocumentStore(path: nil, readOnly: false)
        try store.writing { db in
            var create = try InsertStatement(
                "CREATE TEMP TABLE numbers(number TEXT NOT NULL, position INTEGER)",
                in: db
            )
            try create.insert()
            var insert = try InsertStatement("INSERT INTO numbers(number, position) VALUES (?, ?)", in: db)
            insert.bind(nil as String?, at: 1)
            insert.bind(1, at: 2)
            let error = #expect(throws: (any Error).self) { try insert.insert() }
            // SQLITE_CONSTRAINT_NOTNULL, with SQLite's message.
            let wrapped = StorageError.wrapping(try #require(error), path: "memory")
            #expect(wrapped.description == "SQLite error 1299 on memory")
            #expect("\(try #require(error))".contains("NOT NULL constraint failed: numbers.number"))

            insert.bind("2a", at: 1)
            insert.bind(2, at: 2)
            try insert.insert()

            // A position the statement does not have: SQLITE_RANGE, and the row is not written.
            insert.bind("3", at: 1)
            insert.bind(3, at: 3)
            let refused = #expect(throws: (any Error).self) { try insert.insert() }
            #expect(
                StorageError.wrapping(try #require(refused), path: "memory").description == "SQLite error 25 on memory"
            )
        }
    }
}
