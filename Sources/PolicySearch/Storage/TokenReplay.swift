import CFullTextRank
internal import GRDB

/// The tokenizer of a writing connection that replays texts tokenized ahead of the writer (``PretokenizedText``);
/// CFullTextRank's `PolicyReplay`.
///
/// It is registered under the name of the index's tokenizer (``Schema/tokenizer``), `porter`, in front of FTS5's
/// own, so that the table's declaration, and the file, stay as every SQLite reads them. A text it is asked to index
/// is replayed only when its bytes equal those of a text expected by ``indexing(_:_:)``, tokenized with the same
/// tokenizer and arguments; FTS5's `porter` reads every other text, and every query.
struct TokenReplay {
    private let replay: OpaquePointer

    /// Registers the replaying tokenizer on a connection that writes, before it reads the full-text table.
    static func register(in db: Database) throws {
        let code = policy_replay_register(UnsafeMutableRawPointer(mutating: FTS5.api(db)), Schema.tokenizer[0])
        guard code == ResultCode.SQLITE_OK.rawValue else {
            throw DatabaseError(resultCode: ResultCode(rawValue: code), message: "cannot add the replaying tokenizer")
        }
    }

    /// The connection's replaying tokenizer, or `nil` when it has none (a connection that only reads).
    init?(in db: Database) {
        guard
            let replay = policy_replay_find(UnsafeMutableRawPointer(mutating: FTS5.api(db)), Schema.tokenizer[0])
        else { return nil }
        self.replay = replay
    }

    /// Runs `body`, an insert into the full-text table, with the tokenizer expecting these texts, each with the
    /// tokens read from it: each is replayed once, if the insert indexes it.
    func indexing<Result>(
        _ texts: [(tokens: PretokenizedText, text: String)],
        _ body: () throws -> Result
    ) throws -> Result {
        var bytes: [UnsafePointer<CChar>?] = []
        var lengths: [Int32] = []
        // The texts' own bytes, without copies: they hold still while `body` runs.
        func expecting(_ remaining: ArraySlice<(tokens: PretokenizedText, text: String)>) throws -> Result {
            guard var text = remaining.first?.text else {
                var streams: [OpaquePointer?] = texts.map(\.tokens.stream)
                let code = policy_replay_expect(replay, &streams, &bytes, &lengths, Int32(texts.count))
                guard code == ResultCode.SQLITE_OK.rawValue else {
                    throw DatabaseError(
                        resultCode: ResultCode(rawValue: code),
                        message: "cannot expect \(texts.count) texts"
                    )
                }
                defer { policy_replay_expect(replay, nil, nil, nil, 0) }
                return try withExtendedLifetime(texts) { try body() }
            }
            return try text.withUTF8 { utf8 in
                try utf8.withMemoryRebound(to: CChar.self) { utf8 in
                    bytes.append(utf8.baseAddress)
                    lengths.append(Int32(utf8.count))
                    return try expecting(remaining.dropFirst())
                }
            }
        }
        return try expecting(texts[...])
    }

    /// How many texts were replayed, and how many the tokenizer read itself, since the connection was opened.
    var counts: (replayed: Int, tokenized: Int) {
        var replayed: Int64 = 0
        var tokenized: Int64 = 0
        policy_replay_counts(replay, &replayed, &tokenized)
        return (Int(replayed), Int(tokenized))
    }
}
