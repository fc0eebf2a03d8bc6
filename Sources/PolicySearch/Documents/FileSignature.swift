import Foundation

/// A file's size and modification time: when both are what they were at the last run, the file is not read again.
struct FileSignature: Sendable, Hashable {
    /// The size in bytes.
    let size: Int64
    /// The modification time, in nanoseconds since 1970.
    let modified: Int64

    /// The signature of a file now, or `nil` when it cannot be examined or is too fresh to trust.
    ///
    /// A file modified in the last two seconds may be modified again within the same clock tick without changing
    /// size, so its signature is not remembered (as git treats "racily clean" files): the next run reads it again.
    ///
    /// - Parameter path: A file path.
    /// - Returns: The signature, or `nil`.
    static func of(_ path: String) -> FileSignature? {
        var status = stat()
        guard stat(path, &status) == 0 else { return nil }
        #if os(Linux)
        let time = status.st_mtim
        #else
        let time = status.st_mtimespec
        #endif
        let modified = Int64(time.tv_sec) * 1_000_000_000 + Int64(time.tv_nsec)
        let now = Int64(Date().timeIntervalSince1970 * 1_000_000_000)
        guard now - modified > 2_000_000_000 else { return nil }
        return FileSignature(size: Int64(status.st_size), modified: modified)
    }
}
