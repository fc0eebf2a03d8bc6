import CFullTextRank
import Foundation
internal import GRDB

/// Marks a query's words and phrases in a hit's body, found as the full-text index tokenizes it: the snippet, and
/// the whole body for passages (CFullTextRank's `PolicyMarker`).
///
/// FTS5's `snippet()` and `highlight()` look the row up in the index again, matching the whole query, read the body
/// again through the view that decompresses it, and tokenize it twice for a snippet. The marker tokenizes the body
/// already read, once (a hit at 100k generated documents: see the closing note of issue #6).
final class TextMarker {
    private let pointer: OpaquePointer

    /// A marker of these phrases with the index's tokenizer, or `nil` when they hold more tokens than a marker
    /// takes (64): FTS5 then marks them.
    init?(phrases: [MarkedPhrase], in db: Database) throws {
        // The texts hold no NUL (``MarkedPhrase/text``), so each is one C string.
        let texts = phrases.map(\.text)
        var marker: OpaquePointer?
        let code = Schema.tokenizer.withCStrings { tokenizer in
            texts.withCStrings { cTexts in
                policy_marker_create(
                    UnsafeMutableRawPointer(mutating: FTS5.api(db)),
                    tokenizer,
                    Int32(Schema.tokenizer.count),
                    cTexts,
                    texts.map { Int32($0.utf8.count) },
                    phrases.map { $0.isPrefix ? 1 : 0 },
                    Int32(phrases.count),
                    &marker
                )
            }
        }
        if code == ResultCode.SQLITE_TOOBIG.rawValue { return nil }
        guard code == ResultCode.SQLITE_OK.rawValue, let marker else {
            throw DatabaseError(resultCode: ResultCode(rawValue: code), message: "cannot tokenize the query to mark")
        }
        pointer = marker
    }

    deinit {
        policy_marker_free(pointer)
    }

    /// A body's snippet of up to `words` tokens, and when asked the whole body, with the phrases' instances between
    /// ``Snippet/openMarker`` and ``Snippet/closeMarker``.
    func mark(_ body: String, words: Int, wholeBody: Bool) throws -> (snippet: String, body: String?) {
        var snippet = PolicyMarkedText()
        var whole = PolicyMarkedText()
        var text = body
        let code = text.withUTF8 { bytes in
            bytes.withMemoryRebound(to: CChar.self) { bytes in
                withUnsafeMutablePointer(to: &whole) { whole in
                    policy_marker_mark(
                        pointer,
                        bytes.baseAddress,
                        Int32(bytes.count),
                        Int32(words),
                        String(Snippet.openMarker),
                        String(Snippet.closeMarker),
                        "…",
                        &snippet,
                        wholeBody ? whole : nil
                    )
                }
            }
        }
        guard code == ResultCode.SQLITE_OK.rawValue else {
            throw DatabaseError(resultCode: ResultCode(rawValue: code), message: "cannot mark a hit's body")
        }
        defer {
            policy_marker_free_text(snippet)
            policy_marker_free_text(whole)
        }
        func string(_ marked: PolicyMarkedText) -> String {
            guard let bytes = marked.bytes else { return "" }
            return String(decoding: UnsafeRawBufferPointer(start: bytes, count: Int(marked.length)), as: UTF8.self)
        }
        return (string(snippet), wholeBody ? string(whole) : nil)
    }
}
