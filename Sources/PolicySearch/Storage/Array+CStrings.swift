import Foundation

extension [String] {
    /// Calls `body` with the strings as an array of C strings, valid until it returns.
    func withCStrings<T>(_ body: ([UnsafePointer<CChar>?]) throws -> T) rethrows -> T {
        let copies = map { strdup($0) }
        defer { for copy in copies { free(copy) } }
        return try body(copies.map { UnsafePointer($0) })
    }
}
