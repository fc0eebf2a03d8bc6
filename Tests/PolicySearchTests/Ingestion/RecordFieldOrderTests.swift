import Foundation
import TestSupport
import Testing

@testable import PolicySearch

/// A record's fields are taken in the order its file writes them: of two keys that name the same field (`TITLE` and
/// `title`), the first one written wins, whatever the nested objects or values before it hold.
struct RecordFieldOrderTests {
    private static let text = "Agencies shall restore coastal wetlands and report on their progress each year."

    private func documents(_ name: String, _ contents: String) throws -> [Document] {
        let folder = try TemporaryFolder()
        let path = try folder.write(name, contents)
        let reader = DocumentReader()
        guard case .documents(let documents) = try reader.extract(try reader.read(path)) else {
            Issue.record("\(name) did not read as documents")
            return []
        }
        return documents
    }

    @Test func aJSONObjectsFirstWrittenKeyWinsOverANestedOneWrittenEarlier() throws {
        let json =
            #"{"meta": {"title": "Nested"}, "TITLE": "Outer Heading", "title": "Lower", "text": "\#(Self.text)"}"#
        #expect(try documents("record.json", json).map(\.title) == ["Outer Heading"])
    }

    @Test func eachObjectOfAJSONArrayKeepsItsOwnOrder() throws {
        let json = """
            [{"title": "First", "Title": "Not this", "text": "\(Self.text)"},
             {"about": {"title": "x"}, "Title": "Second", "title": "Not this either", "text": "\(Self.text)"}]
            """
        #expect(try documents("records.json", json).map(\.title) == ["First", "Second"])
    }

    @Test func jsonLinesKeysWithEscapesAndQuotedValuesKeepTheirOrder() throws {
        let lines = [
            #"{"note": "the \"title\": field", "T\u0049TLE": "Escaped Key", "title": "Plain", "#
                + #""text": "\#(Self.text)"}"#,
            #"{"list": [{"title": "x"}], "Headline": "From Headline", "headline": "later", "text": "\#(Self.text)"}"#,
        ]
        #expect(
            try documents("records.jsonl", lines.joined(separator: "\n")).map(\.title) == [
                "Escaped Key", "From Headline",
            ]
        )
    }

    @Test func keyOrderIsReadInOnePassOverTheSource() {
        let keys = JSONKeyOrder.keysOfObjects(
            in: Array(#"[{"b": {"a": [1, {"z": 2}]}, "a": "b:c"}, {"c\"d": 1}]"#.utf8)
        )
        #expect(keys == [["b", "a"], ["c\"d"]])
        #expect(JSONKeyOrder.keysOfObjects(in: Array(#"{"x": "{\"y\": 1}", "y": [2]}"#.utf8)) == [["x", "y"]])
    }
}
