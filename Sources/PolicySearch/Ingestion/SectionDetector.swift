import Foundation

/// Finds the numbered sections of an order in its text.
///
/// A section starts on a line that begins "Sec. 2. Policy." or "Section 1.".
enum SectionDetector {
    private static let heading: NSRegularExpression = {
        let pattern =
            "^[#*\\s]*(?:Section|Sec\\.)\\s*(\\d{1,3}[a-z]?)\\s*\\.(?:[*\\s]*([A-Z][^.\\n]{0,100}?)\\.(?=[\\s*]|$))?"
        do {
            return try NSRegularExpression(pattern: pattern, options: [.anchorsMatchLines])
        } catch {
            fatalError("Invalid built-in pattern: \(error)")  // a programmer error, caught by any test
        }
    }()

    /// The sections of a body, in order, with their start offsets in Unicode scalars.
    ///
    /// - Parameter body: The document's text.
    /// - Returns: The sections found; empty for documents without numbered sections.
    static func sections(in body: String) -> [Section] {
        let range = NSRange(body.startIndex..., in: body)
        var sections: [Section] = []
        var scalarOffset = 0
        var lastIndex = body.startIndex
        for match in heading.matches(in: body, range: range) {
            guard let matchRange = Range(match.range, in: body), let number = body.substring(match.range(at: 1))
            else { continue }
            scalarOffset += body.unicodeScalars[lastIndex..<matchRange.lowerBound].count
            lastIndex = matchRange.lowerBound
            let title = body.substring(match.range(at: 2))?.trimmingWhitespace()
            sections.append(
                Section(number: number, heading: title?.isEmpty == false ? title : nil, startOffset: scalarOffset)
            )
        }
        return sections
    }
}
