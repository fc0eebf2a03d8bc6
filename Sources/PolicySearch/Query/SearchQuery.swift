/// A parsed search: words, phrases, prefixes, exclusions, alternatives and field filters, as a typed value.
///
/// Make one from what a person typed with ``init(parsing:)``, or build one in code:
///
/// ```swift
/// let typed = try SearchQuery(parsing: #"title:"artificial intelligence" -draft"#)
/// let built = SearchQuery(.all([.field(.title, .phrase("artificial intelligence")), .excluding(.term("draft"))]))
/// ```
public struct SearchQuery: Sendable, Hashable, CustomStringConvertible {
    /// One node of a query.
    public indirect enum Expression: Sendable, Hashable {
        /// A word. Punctuation inside it is kept in place, so `dual-use` finds "dual-use" and "dual use".
        case term(String)
        /// Words that start with the text, as `regulat*` is written.
        case prefix(String)
        /// Words that must appear together, in this order.
        case phrase(String)
        /// Every sub-expression must match.
        case all([Expression])
        /// At least one sub-expression must match.
        case any([Expression])
        /// Documents that match the sub-expression are left out; only meaningful inside ``all(_:)`` next to
        /// something positive.
        case excluding(Expression)
        /// The sub-expression must match within one field.
        case field(SearchField, Expression)
        /// Words or phrases within a number of words of each other (`a NEAR/5 b`).
        case near([Expression], distance: Int)
        /// A metadata condition; the parser moves those at the top level into ``SearchQuery/filters``.
        case filter(SearchFilter)
    }

    /// The text to search for, or `nil` when the query only filters (`type:proclamation signed:2025`).
    public var expression: Expression?
    /// Conditions on metadata that every hit meets.
    public var filters: [SearchFilter]

    /// Wraps an expression built in code.
    ///
    /// - Parameters:
    ///   - expression: The text to search for.
    ///   - filters: Conditions every hit meets.
    public init(_ expression: Expression, filters: [SearchFilter] = []) {
        self.expression = expression
        self.filters = filters
    }

    /// A query that only filters, listing every document that meets the conditions.
    ///
    /// - Parameter filters: Conditions every hit meets.
    public init(filters: [SearchFilter]) {
        self.expression = nil
        self.filters = filters
    }

    /// A rendering in the query language, for example `title:"artificial intelligence" -draft`.
    public var description: String {
        ([expression?.description].compactMap { $0 } + filters.map(\.description)).joined(separator: " ")
    }
}

/// A part of a document that a query can be limited to.
public struct SearchField: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
    /// The field's name in the query language.
    public let rawValue: String

    /// Names a field.
    ///
    /// - Parameter rawValue: A field name such as `title`.
    public init(rawValue: String) {
        self.rawValue = rawValue.lowercased()
    }

    /// The document's title.
    public static let title = SearchField(rawValue: "title")
    /// The document's text.
    public static let body = SearchField(rawValue: "body")

    /// The fields the query language accepts before a colon.
    static let searchable: [SearchField] = [.title, .body]

    /// The field's name in the query language.
    public var description: String { rawValue }
}

extension SearchQuery.Expression: CustomStringConvertible {
    /// The expression in the query language, for example `(wetlands OR marshes) -draft`.
    public var description: String {
        switch self {
        case .term(let text): return text
        case .prefix(let text): return text + "*"
        case .phrase(let text): return "\"" + text + "\""
        case .all(let items): return items.map(\.groupedDescription).joined(separator: " ")
        case .any(let items): return items.map(\.groupedDescription).joined(separator: " OR ")
        case .excluding(let inner): return "-" + inner.groupedDescription
        case .field(let field, let inner): return field.rawValue + ":" + inner.groupedDescription
        case .near(let items, let distance):
            return items.map(\.groupedDescription).joined(separator: " NEAR/\(distance) ")
        case .filter(let filter): return filter.description
        }
    }

    private var groupedDescription: String {
        switch self {
        case .all(let items) where items.count > 1: return "(" + description + ")"
        case .any(let items) where items.count > 1: return "(" + description + ")"
        default: return description
        }
    }
}
