import Foundation
import Testing

@testable import PolicySearch

/// Generated queries of every shape through the parser and the index: no crash, no SQLite text in any message.
struct QueryFuzzTests {
    /// SplitMix64: a small, fast generator whose sequence a seed fixes.
    struct SeededGenerator: RandomNumberGenerator {
        var state: UInt64

        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var value = state
            value = (value ^ (value >> 30)) &* 0xBF58_476D_1CE4_E5B9
            value = (value ^ (value >> 27)) &* 0x94D0_49BB_1331_11EB
            return value ^ (value >> 31)
        }
    }

    static let fragments = [
        "AND", "OR", "NOT", "NEAR", "NEAR/3", "NEAR/", "-", "*", "\"", "“", "”", "(", ")", ":", "title:", "body:",
        "type:", "type:order", "president:", "eo:", "cites:", "section:", "signed:", "signed:2025", "signed:>2020",
        "signed:2025-01-20..2025-06-30", "signed:..", "published:<", "EO 14110", "E.O.", "Executive Order No. 14,110",
        "90 FR 8741", "2025-02172", "U.S.C.", "§", "dual-use", "O'Neill", "Sec. 4(b)", "wetlands", "artificial",
        "intelligence", "models", "{title}", "^", "'", "''", "\\", "%", "_", "..", "NEAR/99999", "-(", "*)", "\u{0}",
        "\u{7}", "\u{301}", "e\u{301}", "\u{200B}", "\u{E000}", "🇺🇸", "\n", "\t", "abc*", "**", "--", "- -", "OR OR",
    ]

    static func query(_ generator: inout SeededGenerator) -> String {
        switch generator.next() % 10 {
        case 0:  // random bytes, decoded as UTF-8 with repairs
            let count = Int(generator.next() % 40)
            return String(
                decoding: (0..<count).map { _ in UInt8.random(in: 0...255, using: &generator) },
                as: UTF8.self
            )
        case 1:  // random Unicode scalars, control and combining characters included
            let count = Int(generator.next() % 30)
            return String(
                String.UnicodeScalarView(
                    (0..<count).compactMap { _ in Unicode.Scalar(UInt32.random(in: 0...0x2FFF, using: &generator)) }
                )
            )
        case 2 where generator.next() % 50 == 0:  // very long input
            let count = Int(2_000 + generator.next() % 8_000)
            return (0..<count).map { _ in fragments[Int(generator.next() % UInt64(fragments.count))] }
                .joined(separator: " ")
        default:  // operator soup of fragments, joined with or without spaces
            let count = Int(1 + generator.next() % 8)
            let separator = generator.next() % 3 == 0 ? "" : " "
            return (0..<count).map { _ in fragments[Int(generator.next() % UInt64(fragments.count))] }
                .joined(separator: separator)
        }
    }

    @Test func aHundredThousandGeneratedQueriesNeverCrashOrLeakSQLite() throws {
        let index = try FilterSearchTests.index()
        var generator = SeededGenerator(state: 20_261_129)
        var parsed = 0
        var rejected = 0
        var slowest: (seconds: Double, query: String) = (0, "")
        for _ in 0..<100_000 {
            let text = Self.query(&generator)
            let start = Date()
            do {
                let query = try SearchQuery(parsing: text)
                parsed += 1
                _ = try index.search(query, options: SearchOptions(limit: 3, includesFacets: parsed % 100 == 0))
            } catch let error as QuerySyntaxError {
                rejected += 1
                #expect(!error.description.contains("\n"), "multi-line message for \(text.debugDescription)")
                #expect(error.description.contains("(at character "))
                #expect(error.position >= 0 && error.position <= text.count)
            } catch {
                Issue.record("\(text.debugDescription) failed with \(error)")
            }
            let seconds = Date().timeIntervalSince(start)
            if seconds > slowest.seconds { slowest = (seconds, text) }
        }
        print(
            "fuzz: \(parsed) queries ran, \(rejected) rejected with a message; slowest "
                + String(format: "%.3f s", slowest.seconds) + " (\(slowest.query.count) characters)"
        )
        #expect(parsed + rejected == 100_000)
        // A hang detector, not a speed goal (speed lives in benchmarks/): no query may take seconds.
        #expect(slowest.seconds < 5, "slowest query: \(slowest.query.prefix(200).debugDescription)")
    }
}
