import Foundation

/// The kind of a policy document: an executive order, a proclamation, a news article and so on.
///
/// The set is open: PolicySearch knows the constants below, and stores any other value it meets in
/// front matter or record fields as it is.
public struct DocumentType: RawRepresentable, Sendable, Hashable, Codable, CustomStringConvertible {
    /// The stored name, for example `executive_order`.
    public let rawValue: String

    /// Creates a type from its stored name.
    ///
    /// - Parameter rawValue: A name such as `executive_order`; it is lowercased and spaces become underscores.
    public init(rawValue: String) {
        self.rawValue = rawValue.trimmingWhitespace().lowercased()
            .replacingASCII(" ", with: "_")
            .replacingASCII("-", with: "_")
    }

    /// A presidential executive order.
    public static let executiveOrder = DocumentType(rawValue: "executive_order")
    /// A presidential memorandum.
    public static let memorandum = DocumentType(rawValue: "presidential_memorandum")
    /// A presidential proclamation.
    public static let proclamation = DocumentType(rawValue: "proclamation")
    /// A news article or other reporting about policy.
    public static let article = DocumentType(rawValue: "news_article")
    /// Anything PolicySearch could not classify.
    public static let other = DocumentType(rawValue: "other")

    /// Recognizes the common ways people write a document type (`EO`, `order`, `memo`, `news article` …).
    ///
    /// - Parameter name: A type name from front matter, a record field or a query.
    /// - Returns: The matching known type, or a type with the name as given when it is not one of them.
    public static func named(_ name: String) -> DocumentType {
        let key = name.trimmingWhitespace().lowercased()
            .replacingASCII("_", with: " ")
            .replacingASCII("-", with: " ")
        switch key {
        case "eo", "e.o.", "order", "orders", "executive order", "executive orders":
            return .executiveOrder
        case "memo", "memorandum", "memoranda", "presidential memorandum":
            return .memorandum
        case "proclamation", "proclamations":
            return .proclamation
        case "article", "articles", "news", "news article", "press":
            return .article
        case "":
            return .other
        default:
            return DocumentType(rawValue: key)
        }
    }

    /// A name for people, for example "executive order".
    public var description: String {
        switch self {
        case .executiveOrder: return "executive order"
        case .memorandum: return "memorandum"
        case .article: return "article"
        default: return rawValue.replacingASCII("_", with: " ")
        }
    }
}
