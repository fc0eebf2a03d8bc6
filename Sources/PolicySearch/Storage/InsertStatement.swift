internal import GRDB
internal import GRDBSQLite

/// A cached statement that writes many small rows, its values bound through SQLite's C interface.
///
/// GRDB's `execute(arguments:)` builds an array of values for every row; for rows of two or three short values that
/// is about 40 % of the time the writer spends on them. A document brings about 34 citations and 10 sections, so the
/// writer stores them through this type: citations 0.66 → 0.41 s and sections 0.26 → 0.15 s of the one writer's time
/// over 10k generated documents.
///
/// Bind each value of a row by its 1-based position, then ``insert()``. Text is copied when bound, so nothing needs
/// to outlive the call. A value that SQLite refuses to bind makes the next ``insert()`` throw, without running.
struct InsertStatement {
    private let statement: Statement
    private let connection: OpaquePointer?
    /// The first code other than `SQLITE_OK` a bind returned since the last row.
    private var bindFailure: Int32?

    /// Prepares a statement, or takes the one the connection has cached for the same SQL.
    ///
    /// - Parameters:
    ///   - sql: One statement that returns no rows, with `?` placeholders.
    ///   - db: The connection, inside the transaction that writes the rows.
    /// - Throws: The error SQLite reports when the SQL does not compile.
    init(_ sql: String, in db: Database) throws {
        statement = try db.cachedStatement(sql: sql)
        connection = db.sqliteConnection
    }

    /// Binds an integer.
    mutating func bind(_ value: Int64, at position: Int32) {
        check(sqlite3_bind_int64(statement.sqliteStatement, position, value))
    }

    /// Binds an integer.
    mutating func bind(_ value: Int, at position: Int32) {
        bind(Int64(value), at: position)
    }

    /// Binds text as UTF-8, or `NULL` for `nil`.
    mutating func bind(_ value: String?, at position: Int32) {
        guard var value else {
            check(sqlite3_bind_null(statement.sqliteStatement, position))
            return
        }
        let handle = statement.sqliteStatement
        let code = value.withUTF8 { bytes -> Int32 in
            guard let text = bytes.baseAddress else {
                // An empty buffer may have no address, and a null pointer would bind NULL.
                return sqlite3_bind_text(handle, position, "", 0, Self.copied)
            }
            return sqlite3_bind_text(handle, position, text, Int32(bytes.count), Self.copied)
        }
        check(code)
    }

    /// Runs the statement with the values bound, then resets it for the next row.
    ///
    /// - Throws: `DatabaseError` with SQLite's code and message (a full disk, a broken constraint).
    mutating func insert() throws {
        defer {
            sqlite3_reset(statement.sqliteStatement)
            bindFailure = nil
        }
        if let bindFailure {
            throw DatabaseError(resultCode: ResultCode(rawValue: bindFailure), message: nil, sql: statement.sql)
        }
        guard sqlite3_step(statement.sqliteStatement) == SQLITE_DONE else {
            throw DatabaseError(
                resultCode: ResultCode(rawValue: sqlite3_extended_errcode(connection)),
                message: String(cString: sqlite3_errmsg(connection)),
                sql: statement.sql
            )
        }
    }

    private mutating func check(_ code: Int32) {
        if code != SQLITE_OK, bindFailure == nil { bindFailure = code }
    }

    /// SQLite's `SQLITE_TRANSIENT`: copy the bytes while binding.
    private static var copied: sqlite3_destructor_type { unsafeBitCast(-1, to: sqlite3_destructor_type.self) }
}
