public import Foundation

/// One generated document: its metadata and text, and the Markdown file that holds both.
public struct GeneratedDocument: Sendable, Hashable {
    /// The kinds of documents generated.
    public enum Kind: String, Sendable, Hashable {
        case executiveOrder = "executive order"
        case memorandum
        case proclamation
    }

    /// Its position in the corpus.
    public let index: Int
    /// The title.
    public let title: String
    /// The kind of document.
    public let type: Kind
    /// The signing date.
    public let date: DateComponents
    /// The president who signed it.
    public let president: String
    /// The order number, for executive orders.
    public let executiveOrderNumber: String?
    /// The section headings, in order.
    public let sections: [String]
    /// The citations in the text, in order.
    public let citations: [String]
    /// The text below the front matter.
    public let body: String

    /// Where the file goes below the corpus folder: a thousand documents to a folder.
    public var relativePath: String {
        let folder = String(index / 1000)
        return "part-" + String(repeating: "0", count: max(0, 3 - folder.count)) + folder + "/doc-\(index).md"
    }

    /// The signing date as `YYYY-MM-DD`.
    public var isoDate: String { Self.isoDate(date) }

    /// The file's content: YAML front matter, a heading, and the body.
    public var markdown: String {
        var front = "---\ntitle: \(title)\ntype: \(type.rawValue)\ndate: \(isoDate)\npresident: \(president)\n"
        if let executiveOrderNumber { front += "eo_number: \"\(executiveOrderNumber)\"\n" }
        return front + "---\n# \(title)\n\n" + body
    }

    static func isoDate(_ date: DateComponents) -> String {
        func padded(_ value: Int?, _ width: Int) -> String {
            let text = String(value ?? 1)
            return String(repeating: "0", count: max(0, width - text.count)) + text
        }
        return "\(padded(date.year, 4))-\(padded(date.month, 2))-\(padded(date.day, 2))"
    }
}
