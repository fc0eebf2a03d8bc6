/// Why a query cannot be run, with the position in the query text it concerns.
///
/// PolicySearch accepts almost any text as a query; this error is for queries with nothing to search for.
public struct QuerySyntaxError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What went wrong, in a few words for people.
    public let message: String
    /// The character offset (from 0) in the query text where the problem is.
    public let position: Int

    init(_ message: String, position: Int) {
        self.message = message
        self.position = position
    }

    /// A one-line description, for example "query has nothing to search for (at character 1)".
    public var description: String { "\(message) (at character \(position + 1))" }
}
