import Foundation

/// A condition on a document's metadata, written `field:value` in a query (`type:order`, `signed:2025`,
/// `cites:14110`) or recognized in its text (`EO 14110`, `90 FR 8741`, `2025-02172`).
public enum SearchFilter: Sendable, Hashable {
    /// Documents of a type (`type:order`, `type:memorandum`).
    case type(DocumentType)
    /// Documents signed by a president whose name contains the text (`president:biden`).
    case president(String)
    /// The executive order with a number (`eo:14110`).
    case executiveOrder(String)
    /// Documents that cite something, normalized as ``Citation`` text (`cites:14110` is `EO 14110`).
    case cites(String)
    /// Documents with a section whose heading contains the text, or whose number is it (`section:definitions`).
    case section(String)
    /// Documents signed within a range of days (`signed:2025-01`, `signed:>2020`).
    case signed(DateRange)
    /// Documents published within a range of days (`published:2025`).
    case published(DateRange)
    /// A reference written in the query's text: the document that is it, or documents that cite it.
    case reference(Citation)
    /// A Federal Register document number (`2025-02172`).
    case documentNumber(String)
    /// Documents whose text matches an expression; used for exclusions beside filters (`type:order -draft`).
    indirect case matching(SearchQuery.Expression)
    /// Any of several filters (`type:(order OR proclamation)`).
    indirect case anyOf([SearchFilter])
    /// Documents that do not match the filter (`-type:article`).
    indirect case not(SearchFilter)
}

/// An inclusive range of calendar days, open at either end.
public struct DateRange: Sendable, Hashable, CustomStringConvertible {
    /// The first day included, or `nil` for no lower bound.
    public let lowerBound: CalendarDate?
    /// The last day included, or `nil` for no upper bound.
    public let upperBound: CalendarDate?

    /// Creates a range.
    ///
    /// - Parameters:
    ///   - lowerBound: The first day included, if any.
    ///   - upperBound: The last day included, if any.
    public init(from lowerBound: CalendarDate?, through upperBound: CalendarDate?) {
        self.lowerBound = lowerBound
        self.upperBound = upperBound
    }

    /// The range as the query language writes it: `2025-01-01..2025-12-31`, open ends left empty.
    public var description: String {
        (lowerBound?.description ?? "") + ".." + (upperBound?.description ?? "")
    }

    /// Reads a day, month or year, a range of them, or an open range, as written after `signed:` or `published:`.
    ///
    /// ```swift
    /// DateRange(parsing: "2025")                    // 2025-01-01..2025-12-31
    /// DateRange(parsing: "2025-01-20..2025-06-30")  // both days included
    /// DateRange(parsing: ">=2020-06")               // 2020-06-01..
    /// DateRange(parsing: "<2021")                   // ..2020-12-31
    /// ```
    ///
    /// - Parameter text: `2025`, `2025-01`, `2025-01-20`, `2025-01-20..2025-06-30`, `>2020`, `>=2020-06`, `<2021`
    ///   or `<=2021`; the range is `nil` when the text is not a date or a range of dates.
    public init?(parsing text: String) {
        guard let range = Self.parse(text) else { return nil }
        self = range
    }

    private static func parse(_ text: String) -> DateRange? {
        if let range = text.range(of: "..") {
            let lower = String(text[..<range.lowerBound])
            let upper = String(text[range.upperBound...])
            let from = lower.isEmpty ? nil : span(lower)?.first
            let through = upper.isEmpty ? nil : span(upper)?.last
            guard lower.isEmpty || from != nil, upper.isEmpty || through != nil, from != nil || through != nil else {
                return nil
            }
            return DateRange(from: from, through: through)
        }
        for (prefix, inclusive, isLower) in [
            (">=", true, true), ("<=", true, false), (">", false, true), ("<", false, false),
        ]
        where text.hasPrefix(prefix) {
            guard let (first, last) = span(String(text.dropFirst(prefix.count))) else { return nil }
            if isLower {
                return DateRange(from: inclusive ? first : last.nextDay, through: nil)
            }
            return DateRange(from: nil, through: inclusive ? last : first.previousDay)
        }
        guard let (first, last) = span(text) else { return nil }
        return DateRange(from: first, through: last)
    }

    /// The first and last day a year, month or day stands for.
    private static func span(_ text: String) -> (first: CalendarDate, last: CalendarDate)? {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard (1...3).contains(parts.count), parts[0].count == 4, let year = Int(parts[0]) else { return nil }
        if parts.count == 1 {
            guard let first = CalendarDate(year: year, month: 1, day: 1),
                let last = CalendarDate(year: year, month: 12, day: 31)
            else { return nil }
            return (first, last)
        }
        guard parts[1].count == 2, let month = Int(parts[1]) else { return nil }
        if parts.count == 2 {
            guard let first = CalendarDate(year: year, month: month, day: 1) else { return nil }
            let last = (28...31).reversed().lazy.compactMap { CalendarDate(year: year, month: month, day: $0) }.first
            return last.map { (first, $0) }
        }
        guard parts[2].count == 2, let day = Int(parts[2]), let date = CalendarDate(year: year, month: month, day: day)
        else { return nil }
        return (date, date)
    }
}

extension CalendarDate {
    var nextDay: CalendarDate {
        CalendarDate(year: year, month: month, day: day + 1) ?? CalendarDate(year: year, month: month + 1, day: 1)
            ?? CalendarDate(year: year + 1, month: 1, day: 1) ?? self
    }

    var previousDay: CalendarDate {
        if let date = CalendarDate(year: year, month: month, day: day - 1) { return date }
        if month > 1 {
            return (28...31).reversed().lazy.compactMap {
                CalendarDate(year: self.year, month: self.month - 1, day: $0)
            }
            .first ?? self
        }
        return CalendarDate(year: year - 1, month: 12, day: 31) ?? self
    }
}
