extension SearchFilter: CustomStringConvertible {
    /// The filter in the query language, for example `type:executive_order`.
    public var description: String {
        switch self {
        case .type(let type): return "type:" + type.rawValue
        case .president(let name): return "president:" + Self.quotedIfNeeded(name)
        case .executiveOrder(let number): return "eo:" + number
        case .cites(let text): return "cites:" + Self.quotedIfNeeded(text)
        case .section(let text): return "section:" + Self.quotedIfNeeded(text)
        case .signed(let range): return "signed:" + range.description
        case .published(let range): return "published:" + range.description
        case .reference(let citation): return citation.text
        case .documentNumber(let number): return number
        case .matching(let expression): return expression.description
        case .anyOf(let filters): return "(" + filters.map(\.description).joined(separator: " OR ") + ")"
        case .not(let filter): return "-" + filter.description
        }
    }

    private static func quotedIfNeeded(_ text: String) -> String {
        text.contains(" ") ? "\"" + text + "\"" : text
    }
}
