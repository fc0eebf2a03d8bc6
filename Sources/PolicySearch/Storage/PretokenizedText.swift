import CFullTextRank
internal import GRDB

/// The tokens the full-text index's tokenizer reads in a text as a document, made ahead of the writer
/// (CFullTextRank's `PolicyTokenStream`).
///
/// The writer's connection replays them when it indexes the same text (``TokenReplay``), instead of tokenizing it
/// on the one thread that writes: the tokenizer is about a quarter of the time an FTS5 insert takes. A run makes them
/// only while the thread that feeds the writer would otherwise wait for it to take a batch (``SearchIndex``'s
/// `add(contentsOf:)`): over 10k generated documents on 2 cores, tokenizing every text on extraction's threads cost
/// them 1.3–1.9 s of CPU to save the writer about 0.6 s, and the run was no faster (the two cores were full); made
/// only in that waiting time, the run took 6.00 s instead of 6.38 s (medians of 5, alternated).
///
/// Unchecked `Sendable`: the stream is only read once made, and freed when the last reference goes.
final class PretokenizedText: @unchecked Sendable {
    let stream: OpaquePointer

    /// Tokenizes a text with the index's tokenizer (``Schema/tokenizer``), or gives `nil` when the tokenizer fails:
    /// the writer then tokenizes the text itself.
    init?(_ text: String) {
        var text = text
        var made: OpaquePointer?
        let code = Schema.tokenizer.withCStrings { tokenizer in
            text.withUTF8 { bytes in
                bytes.withMemoryRebound(to: CChar.self) { bytes in
                    policy_token_stream_make(
                        tokenizer,
                        Int32(Schema.tokenizer.count),
                        bytes.baseAddress,
                        Int32(bytes.count),
                        &made
                    )
                }
            }
        }
        guard code == ResultCode.SQLITE_OK.rawValue, let made else { return nil }
        stream = made
    }

    deinit {
        policy_token_stream_free(stream)
    }

    /// A document's title and body tokenized, or `nil` when the tokenizer fails on either.
    static func document(title: String, body: String) -> (title: PretokenizedText, body: PretokenizedText)? {
        guard let title = PretokenizedText(title), let body = PretokenizedText(body) else { return nil }
        return (title, body)
    }

    /// How many tokens the text holds.
    var tokenCount: Int { Int(policy_token_stream_count(stream)) }
}
