/// A numbered section of an order, located in the document's body.
///
/// For example "Sec. 2. Policy." starts section `2` with the heading `Policy`.
public struct Section: Sendable, Hashable, Codable {
    /// The section number as printed, such as `2` or `4a`.
    public let number: String
    /// The section heading, such as `Policy`, when the section has one.
    public let heading: String?
    /// Where the section starts in the body, in Unicode scalars from the start.
    public let startOffset: Int

    /// Creates a section.
    ///
    /// - Parameters:
    ///   - number: The number as printed.
    ///   - heading: The heading, if any.
    ///   - startOffset: The section's start in the body, in Unicode scalars.
    public init(number: String, heading: String?, startOffset: Int) {
        self.number = number
        self.heading = heading
        self.startOffset = startOffset
    }

    /// A label for people.
    ///
    /// For example "Sec. 2. Policy".
    public var label: String {
        "Sec. \(number)" + (heading.map { ". \($0)" } ?? "")
    }
}
