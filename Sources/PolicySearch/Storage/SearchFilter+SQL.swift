import Foundation
internal import GRDB

/// A piece of SQL over the `documents` table aliased `d`, with its arguments.
struct SQLCondition {
    var sql: String
    var arguments: StatementArguments

    static func and(_ conditions: [SQLCondition]) -> SQLCondition {
        guard !conditions.isEmpty else { return SQLCondition(sql: "1", arguments: []) }
        var arguments = StatementArguments()
        for condition in conditions { arguments += condition.arguments }
        return SQLCondition(sql: conditions.map { "(" + $0.sql + ")" }.joined(separator: " AND "), arguments: arguments)
    }
}

extension SearchFilter {
    /// The filter as a condition on `documents AS d`; every value is bound, never spliced into the SQL.
    var condition: SQLCondition {
        switch self {
        case .type(let type):
            return SQLCondition(sql: "d.type = ?", arguments: [type.rawValue])
        case .president(let name):
            return SQLCondition(
                sql: "d.president LIKE '%' || ? || '%' ESCAPE '\\'",
                arguments: [Self.escapedLike(name)]
            )
        case .executiveOrder(let number):
            return SQLCondition(sql: "d.executive_order_number = ?", arguments: [number])
        case .cites(let text):
            return SQLCondition(
                sql: "EXISTS (SELECT 1 FROM citations AS c WHERE c.document_rowid = d.rowid AND c.text = ?)",
                arguments: [text]
            )
        case .section(let text):
            return SQLCondition(
                sql: """
                    EXISTS (SELECT 1 FROM sections AS s WHERE s.document_rowid = d.rowid
                        AND (s.number = ? OR s.heading LIKE '%' || ? || '%' ESCAPE '\\'))
                    """,
                arguments: [text, Self.escapedLike(text)]
            )
        case .signed(let range):
            return Self.condition(column: "d.date", range)
        case .published(let range):
            return Self.condition(column: "d.publication_date", range)
        case .reference(let citation):
            let own = citation.kind == .executiveOrder ? "d.executive_order_number" : "d.citation"
            let value = citation.kind == .executiveOrder ? String(citation.text.dropFirst(3)) : citation.text
            return SQLCondition(
                sql: """
                    \(own) = ? OR EXISTS (SELECT 1 FROM citations AS c WHERE c.document_rowid = d.rowid AND c.text = ?)
                    """,
                arguments: [value, citation.text]
            )
        case .documentNumber(let number):
            return SQLCondition(sql: "d.document_number = ?", arguments: [number])
        case .matching(let expression):
            return SQLCondition(
                sql: "d.rowid IN (SELECT rowid FROM documents_fts WHERE documents_fts MATCH ?)",
                arguments: [SearchQuery(expression).fts5Expression ?? "\"\""]
            )
        case .anyOf(let filters):
            var arguments = StatementArguments()
            for filter in filters { arguments += filter.condition.arguments }
            let sql = filters.map { "(" + $0.condition.sql + ")" }.joined(separator: " OR ")
            return SQLCondition(sql: filters.isEmpty ? "0" : sql, arguments: arguments)
        case .not(let filter):
            let inner = filter.condition
            return SQLCondition(sql: "NOT (" + inner.sql + ")", arguments: inner.arguments)
        }
    }

    /// For relevance without text: the document that *is* the reference ranks above those that cite it.
    var priority: SQLCondition? {
        switch self {
        case .reference(let citation) where citation.kind == .executiveOrder:
            return SQLCondition(sql: "d.executive_order_number = ?", arguments: [String(citation.text.dropFirst(3))])
        case .reference(let citation):
            return SQLCondition(sql: "d.citation = ?", arguments: [citation.text])
        default:
            return nil
        }
    }

    private static func condition(column: String, _ range: DateRange) -> SQLCondition {
        var parts: [String] = []
        var arguments = StatementArguments()
        if let lower = range.lowerBound {
            parts.append("\(column) >= ?")
            arguments += [lower.description]
        }
        if let upper = range.upperBound {
            parts.append("\(column) <= ?")
            arguments += [upper.description]
        }
        return SQLCondition(sql: parts.isEmpty ? "1" : parts.joined(separator: " AND "), arguments: arguments)
    }

    private static func escapedLike(_ text: String) -> String {
        text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "%", with: "\\%")
            .replacingOccurrences(of: "_", with: "\\_")
    }
}
