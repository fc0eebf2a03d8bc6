internal import GRDB

/// A failure of the index file: it is not an index, it is newer than this version, it is read-only or full,
/// or SQLite reported an error.
///
/// Descriptions name the file and the SQLite result code, never SQLite's own message text.
public struct StorageError: Error, Sendable, Hashable, CustomStringConvertible {
    private enum Kind: Sendable, Hashable {
        case notAnIndex
        case missing
        case newerSchema(found: Int, supported: Int)
        case olderSchema(found: Int, supported: Int)
        case readOnly
        case full
        case corrupt
        case busy
        case building
        case cannotOpen
        case invalidSearch
        case sqlite(code: Int32)
    }

    private let kind: Kind
    /// The index file, or `:memory:` for an in-memory index.
    public let path: String

    private init(_ kind: Kind, path: String) {
        self.kind = kind
        self.path = path
    }

    static func notAnIndex(_ path: String) -> StorageError { StorageError(.notAnIndex, path: path) }
    static func missing(_ path: String) -> StorageError { StorageError(.missing, path: path) }
    static func readOnly(_ path: String) -> StorageError { StorageError(.readOnly, path: path) }
    static func corrupt(_ path: String) -> StorageError { StorageError(.corrupt, path: path) }
    static func building(_ path: String) -> StorageError { StorageError(.building, path: path) }
    static func olderSchema(_ path: String, found: Int, supported: Int) -> StorageError {
        StorageError(.olderSchema(found: found, supported: supported), path: path)
    }

    static func newerSchema(_ path: String, found: Int, supported: Int) -> StorageError {
        StorageError(.newerSchema(found: found, supported: supported), path: path)
    }

    /// Translates an SQLite result code, from a call outside GRDB, into ours.
    static func code(_ code: Int32, path: String) -> StorageError {
        switch code & 0xFF {
        case ResultCode.SQLITE_NOTADB.primaryResultCode.rawValue: return StorageError(.notAnIndex, path: path)
        case ResultCode.SQLITE_READONLY.rawValue: return StorageError(.readOnly, path: path)
        case ResultCode.SQLITE_FULL.rawValue: return StorageError(.full, path: path)
        case ResultCode.SQLITE_CORRUPT.rawValue: return StorageError(.corrupt, path: path)
        case ResultCode.SQLITE_BUSY.rawValue, ResultCode.SQLITE_LOCKED.rawValue: return StorageError(.busy, path: path)
        case ResultCode.SQLITE_CANTOPEN.rawValue, ResultCode.SQLITE_PERM.rawValue, ResultCode.SQLITE_AUTH.rawValue:
            return StorageError(.cannotOpen, path: path)
        default: return StorageError(.sqlite(code: code), path: path)
        }
    }

    /// Translates a GRDB/SQLite error into ours.
    static func wrapping(_ error: any Error, path: String) -> StorageError {
        if let storage = error as? StorageError { return storage }
        guard let database = error as? DatabaseError else { return StorageError(.sqlite(code: 1), path: path) }
        switch database.resultCode {
        case .SQLITE_NOTADB: return StorageError(.notAnIndex, path: path)
        case .SQLITE_READONLY: return StorageError(.readOnly, path: path)
        case .SQLITE_FULL: return StorageError(.full, path: path)
        case .SQLITE_CORRUPT: return StorageError(.corrupt, path: path)
        case .SQLITE_BUSY, .SQLITE_LOCKED: return StorageError(.busy, path: path)
        case .SQLITE_CANTOPEN, .SQLITE_PERM, .SQLITE_AUTH: return StorageError(.cannotOpen, path: path)
        case .SQLITE_ERROR where database.message?.contains("fts5") == true:
            return StorageError(.invalidSearch, path: path)
        default: return StorageError(.sqlite(code: database.extendedResultCode.rawValue), path: path)
        }
    }

    /// Whether the file exists but is not a PolicySearch index.
    public var isNotAnIndex: Bool { kind == .notAnIndex }

    /// Whether no index exists at the path (when opening one read-only).
    public var isMissing: Bool { kind == .missing }

    /// Whether the index could not be changed because its file or folder is read-only.
    public var isReadOnly: Bool { kind == .readOnly }

    /// Whether SQLite could not open the file: a missing folder, or no permission.
    var isCannotOpen: Bool { kind == .cannotOpen }

    /// Whether SQLite reported the file damaged.
    var isCorrupt: Bool { kind == .corrupt }

    /// A one-line message naming the index file and what went wrong.
    public var description: String {
        switch kind {
        case .notAnIndex:
            return "\(path) is not a PolicySearch index"
        case .missing:
            return "no index at \(path)"
        case .newerSchema(let found, let supported):
            return
                "\(path) was written by a newer PolicySearch (schema \(found); this version reads up to \(supported))"
        case .olderSchema(let found, let supported):
            return "\(path) was written by an older PolicySearch (schema \(found); this version writes \(supported)); "
                + "run `policy-search index` on it once to upgrade it"
        case .readOnly:
            return "\(path) is read-only; it can be searched but not changed"
        case .full:
            return "no space left for \(path); the index is unchanged since its last completed write"
        case .corrupt:
            return "\(path) is damaged (SQLite reports corruption); it was left as it is: restore it from a backup, or "
                + "delete it and index again"
        case .busy:
            return "\(path) is busy (another process holds a lock); try again"
        case .building:
            return "another run is building the full-text index of \(path); try again when it ends"
        case .cannotOpen:
            return "cannot open \(path) (missing folder or no permission)"
        case .invalidSearch:
            return "the search expression was rejected by the index"
        case .sqlite(let code):
            return "SQLite error \(code) on \(path)"
        }
    }
}
