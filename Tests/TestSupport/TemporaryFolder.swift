public import Foundation

/// A folder under the system's temporary directory, removed when the value is released.
public final class TemporaryFolder {
    /// The folder's absolute path.
    public let path: String

    /// Creates the folder.
    public init() throws {
        path = NSTemporaryDirectory() + "policy-search-tests-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    deinit {
        try? FileManager.default.removeItem(atPath: path)  // best effort: the OS cleans temporary files anyway
    }

    /// Writes a file below the folder, creating intermediate folders, and returns its path.
    @discardableResult
    public func write(_ relativePath: String, _ text: String) throws -> String {
        try write(relativePath, Data(text.utf8))
    }

    /// Writes bytes to a file below the folder, creating intermediate folders, and returns its path.
    @discardableResult
    public func write(_ relativePath: String, _ data: Data) throws -> String {
        let full = path + "/" + relativePath
        try FileManager.default.createDirectory(
            atPath: (full as NSString).deletingLastPathComponent,
            withIntermediateDirectories: true
        )
        try data.write(to: URL(fileURLWithPath: full))
        return full
    }
}
