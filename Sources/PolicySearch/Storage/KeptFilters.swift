import Foundation
internal import GRDB

/// The rows that each document type and each year of signing hold, kept beside the top hits (in `top_hits`, under
/// keys no search expression has) when they are ranked, so that a search filtered by type or signing date lists the
/// rows its filters pass from bitmaps instead of an index: at 100k generated documents, a type's 33k rows took about
/// 2 ms to list from `documents_type`, and 2001 to 2008's 17k about 1.5 ms from `documents_date`.
///
/// Like the top hits, they serve only the state of the full-text index they were made in (its key); writes that
/// change a document's type or date without changing the full-text index (metadata from a sidecar file) drop them.
/// A year is kept only when every signing date in the index starts with four digits and a hyphen, so that the years
/// cover every dated row; a date range then takes the years strictly between its bounds' years from their bitmaps, and
/// so its bounds' own years when the bound lies before or after all their dates (`signed:2001..2008`); otherwise the
/// rows of those years in the range come from the index of dates.
enum KeptFilters {
    /// The start of every key: FTS5 expressions never start with a control character.
    static let keyPrefix = "\u{1}"

    private static func typeKey(_ type: String) -> String { keyPrefix + "type=" + type }
    private static func yearKey(_ year: String) -> String { keyPrefix + "signed=" + year }

    /// Deletes every kept filter, when a write changes the type or date of documents without the full-text index.
    static func drop(in db: Database) throws {
        guard try db.tableExists(Schema.topHits) else { return }
        try db.execute(
            sql: "DELETE FROM \(Schema.topHits) WHERE expression_key >= ? AND expression_key < ?",
            arguments: [keyPrefix, "\u{2}"]
        )
    }

    /// Keeps the rows of every document type and, when every signing date starts with a four-digit year, of every
    /// year, made in the state of the full-text index that `indexKey` names.
    ///
    /// - Returns: How many filters were kept; none when the row ids span more than a bitmap holds.
    @discardableResult
    static func store(indexKey: Data, in db: Database) throws -> Int {
        guard let (low, high) = try DocumentStore.bitmapSpan(in: db) else { return 0 }
        let types = try String.fetchAll(db, sql: "SELECT DISTINCT type FROM documents WHERE type IS NOT NULL")
        var kept: [(key: String, sql: String, arguments: StatementArguments)] = types.map {
            (typeKey($0), "SELECT rowid FROM documents WHERE type = ?", [$0])
        }
        let undated = try Int.fetchOne(
            db,
            sql: """
                SELECT count(*) FROM documents
                WHERE date IS NOT NULL AND date NOT GLOB '[0-9][0-9][0-9][0-9]-*'
                """
        )
        if undated == 0 {
            let years = try String.fetchAll(
                db,
                sql: "SELECT DISTINCT substr(date, 1, 4) FROM documents WHERE date IS NOT NULL"
            )
            kept += years.map { year in
                (
                    yearKey(year),
                    "SELECT rowid FROM documents WHERE date >= ? AND date < ? AND substr(date, 1, 4) = ?",
                    [year, year + "~", year]
                )
            }
        }
        for filter in kept {
            var bits = [UInt8](repeating: 0, count: Int((high - low) / 8 + 1))
            let statement = try db.cachedStatement(sql: filter.sql)
            try statement.setArguments(filter.arguments)
            let rowIDs = try DocumentStore.rowIDs(of: statement)
            guard mark(rowIDs, in: &bits, from: low) else { continue }
            let count = rowIDs.count
            try db.execute(
                sql: """
                    INSERT OR REPLACE INTO \(Schema.topHits)
                        (expression_key, index_key, title_weight, body_weight, match_count, first_row, matches, row_ids,
                        ranks)
                    VALUES (?, ?, 0, 0, ?, ?, ?, x'', x'')
                    """,
                arguments: [filter.key, indexKey, count, low, Data(bits)]
            )
        }
        return kept.count
    }

    /// The rows in a range of row ids that every filter passes, ascending, when each is a type or a signing date
    /// range with a bound and its rows are kept for the index's present state; `nil` otherwise.
    static func allowedRows(_ filters: [SearchFilter], in range: ClosedRange<Int64>, _ db: Database) throws -> [Int64]?
    {
        guard !filters.isEmpty, try db.tableExists(Schema.topHits) else { return nil }
        let indexKey = try DocumentLengths.key(in: db)
        var combined: (first: Int64, bits: [UInt8])?
        for filter in filters {
            guard let (first, bits) = try rows(of: filter, indexKey: indexKey, in: db) else { return nil }
            if let previous = combined {
                guard previous.first == first, previous.bits.count == bits.count else { return nil }
                combined = (first, zip(previous.bits, bits).map { $0 & $1 })
            } else {
                combined = (first, bits)
            }
        }
        guard let combined else { return nil }
        var rowIDs: [Int64] = []
        for (index, byte) in combined.bits.enumerated() where byte != 0 {
            var rest = byte
            while rest != 0 {
                let bit = Int64(rest.trailingZeroBitCount)
                let rowID = combined.first + Int64(index) * 8 + bit
                if range.contains(rowID) { rowIDs.append(rowID) }
                rest &= rest - 1
            }
        }
        return rowIDs
    }

    /// One filter's rows as a bitmap from its first row on, or `nil` when they are not kept.
    private static func rows(of filter: SearchFilter, indexKey: Data, in db: Database) throws -> (Int64, [UInt8])? {
        switch filter {
        case .type(let type):
            return try read(typeKey(type.rawValue), indexKey: indexKey, in: db)
        case .signed(let range):
            let lower = range.lowerBound.map(\.description)
            let upper = range.upperBound.map(\.description)
            guard lower != nil || upper != nil else { return nil }
            // The bounds' years, as the kept years read them.
            func year(_ date: String?) -> String?? {
                guard let date else { return .some(nil) }
                let prefix = date.prefix(5)
                let digits = prefix.dropLast()
                guard prefix.count == 5, prefix.last == "-", digits.allSatisfy({ $0.isASCII && $0.isNumber }) else {
                    return nil
                }
                return String(digits)
            }
            guard let first = year(lower), let last = year(upper) else { return nil }
            let years = try String.fetchAll(
                db,
                sql: """
                    SELECT substr(expression_key, ?) FROM \(Schema.topHits)
                    WHERE expression_key > ? AND expression_key < ? AND index_key = ?
                    """,
                arguments: [yearKey("").count + 1, yearKey(""), yearKey("~"), indexKey]
            )
            // Without any year kept, the years may not have been kept at all (some date without one).
            guard let some = years.first, let (start, someBits) = try read(yearKey(some), indexKey: indexKey, in: db)
            else { return nil }
            var bits = [UInt8](repeating: 0, count: someBits.count)
            // The years strictly between the bounds' years lie wholly in the range, and so does a bound's own year
            // when the bound lies before or after all its dates (found at the ends of the index of dates).
            func end(_ aggregate: String, of year: String) throws -> String? {
                try String.fetchOne(
                    db,
                    sql: "SELECT \(aggregate)(date) FROM documents WHERE date >= ? AND date <= ?",
                    arguments: [year, year + "~"]
                )
            }
            func isWhole(_ year: String) throws -> Bool {
                if let first, year < first { return false }
                if let last, year > last { return false }
                if year == first, let lower {
                    guard let earliest = try end("min", of: year), lower <= earliest else { return false }
                }
                if year == last, let upper {
                    guard let latest = try end("max", of: year), latest <= upper else { return false }
                }
                return true
            }
            for year in years {
                if try isWhole(year) {
                    guard
                        let (kept, yearBits) = year == some
                            ? (start, someBits) : try read(yearKey(year), indexKey: indexKey, in: db),
                        kept == start, yearBits.count == bits.count
                    else { return nil }
                    for index in bits.indices { bits[index] |= yearBits[index] }
                } else if year == first || year == last {
                    // The range's part of the year, from the index of dates: one range (no date of the year reaches
                    // the year followed by `~`, as each has a hyphen next).
                    let statement = try db.cachedStatement(
                        sql: "SELECT rowid FROM documents WHERE date >= ? AND date <= ? AND substr(date, 1, 4) = ?"
                    )
                    try statement.setArguments([
                        max(lower ?? year, year), min(upper ?? year + "~", year + "~"), year,
                    ])
                    guard mark(try DocumentStore.rowIDs(of: statement), in: &bits, from: start) else { return nil }
                }
            }
            return (start, bits)
        default:
            return nil
        }
    }

    /// Sets the bit of each row in a bitmap of the rows from `start` on; `false` when a row lies outside it.
    private static func mark(_ rowIDs: [Int64], in bits: inout [UInt8], from start: Int64) -> Bool {
        for rowID in rowIDs {
            let bit = rowID - start
            guard bit >= 0, Int(bit / 8) < bits.count else { return false }
            bits[Int(bit / 8)] |= 1 << UInt8(bit % 8)
        }
        return true
    }

    /// A kept filter's bitmap and its first row, when it was made in the index's present state.
    private static func read(_ key: String, indexKey: Data, in db: Database) throws -> (Int64, [UInt8])? {
        guard
            let row = try Row.fetchOne(
                db.cachedStatement(
                    sql: "SELECT index_key, first_row, matches FROM \(Schema.topHits) WHERE expression_key = ?"
                ),
                arguments: [key]
            ),
            row["index_key"] as Data == indexKey
        else { return nil }
        return (row["first_row"], [UInt8](row["matches"] as Data))
    }
}
