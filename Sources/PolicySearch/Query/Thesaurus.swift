import Foundation

/// Groups of words and phrases that mean the same in policy text — acronyms and their expansions — used to widen
/// a query: `AI` also finds "artificial intelligence", and "Department of Homeland Security" also finds `DHS`.
///
/// PolicySearch ships a curated thesaurus (``policy``); a tool or user can add groups from a text file with one
/// group per line, terms separated by commas, `#` starting a comment.
public struct Thesaurus: Sendable, Hashable {
    /// The groups, each a list of lower-case terms (a term may have several words).
    public private(set) var groups: [[String]]
    private var groupsByTerm: [String: [Int]] = [:]
    private var longestTerm = 1

    /// Creates a thesaurus from groups of equivalent terms.
    ///
    /// - Parameter groups: Groups such as `["ai", "artificial intelligence"]`.
    public init(groups: [[String]]) {
        self.groups = []
        for group in groups { add(group) }
    }

    /// Parses a thesaurus file: one group per line, terms separated by commas; blank lines and `#` comments are
    /// ignored.
    ///
    /// - Parameter text: The file's contents.
    public init(parsing text: String) {
        self.init(
            groups: text.split(whereSeparator: \.isNewline).map { line in
                let content = line.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
                return content.split(separator: ",").map { String($0) }
            }
        )
    }

    /// This thesaurus with another's groups added.
    ///
    /// - Parameter other: More groups, for example a user's file.
    /// - Returns: The combined thesaurus.
    public func merging(_ other: Thesaurus) -> Thesaurus {
        var merged = self
        for group in other.groups { merged.add(group) }
        return merged
    }

    private mutating func add(_ group: [String]) {
        let terms = group.map(Self.key).filter { !$0.isEmpty }
        guard terms.count >= 2 else { return }
        groups.append(terms)
        for term in terms {
            groupsByTerm[term, default: []].append(groups.count - 1)
            longestTerm = max(longestTerm, term.split(separator: " ").count)
        }
    }

    /// The other terms of every group a term belongs to.
    ///
    /// - Parameter term: A word or phrase, in any case.
    /// - Returns: Its equivalents, without the term itself; empty when it has none.
    public func equivalents(of term: String) -> [String] {
        let key = Self.key(term)
        var seen: Set<String> = [key]
        var result: [String] = []
        for index in groupsByTerm[key] ?? [] {
            for other in groups[index] where seen.insert(other).inserted { result.append(other) }
        }
        return result
    }

    /// The most words a term of this thesaurus has.
    var longestTermWords: Int { longestTerm }

    static func key(_ term: String) -> String {
        let scalars = term.lowercased().split(whereSeparator: { $0.isWhitespace }).joined(separator: " ").unicodeScalars
        // Punctuation (general category P) trimmed from both ends, as `trimmingCharacters(in: .punctuationCharacters)`
        // does, without bridging every term to NSString: that was most of the 1.8 ms a fresh process spent building
        // the built-in thesaurus.
        guard let first = scalars.firstIndex(where: { !isPunctuation($0) }),
            let last = scalars.lastIndex(where: { !isPunctuation($0) })
        else { return "" }
        return String(scalars[first...last])
    }

    private static func isPunctuation(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .connectorPunctuation, .dashPunctuation, .openPunctuation, .closePunctuation, .initialPunctuation,
            .finalPunctuation, .otherPunctuation:
            return true
        default:
            return false
        }
    }

    /// Whether two thesauri hold the same groups, in the same order.
    public static func == (lhs: Thesaurus, rhs: Thesaurus) -> Bool { lhs.groups == rhs.groups }

    /// Hashes the groups, the only part that equality compares.
    public func hash(into hasher: inout Hasher) { hasher.combine(groups) }

    /// The thesaurus PolicySearch ships: agencies, offices and terms of US policy documents.
    public static let policy = Thesaurus(
        groups: [
            ["ai", "artificial intelligence"], ["eo", "executive order"], ["dhs", "department of homeland security"],
            ["omb", "office of management and budget"], ["nist", "national institute of standards and technology"],
            ["cisa", "cybersecurity and infrastructure security agency"], ["dod", "department of defense"],
            ["doe", "department of energy"], ["doj", "department of justice"],
            ["epa", "environmental protection agency"],
            ["fema", "federal emergency management agency"], ["ostp", "office of science and technology policy"],
            ["opm", "office of personnel management"], ["gsa", "general services administration"],
            ["nsc", "national security council"], ["usda", "department of agriculture"],
            ["hhs", "department of health and human services"], ["ustr", "united states trade representative"],
            ["ntia", "national telecommunications and information administration"],
            ["fcc", "federal communications commission"], ["ferc", "federal energy regulatory commission"],
            ["nasa", "national aeronautics and space administration"], ["cdc", "centers for disease control"],
            ["fda", "food and drug administration"],
            ["ieepa", "international emergency economic powers act"], ["foia", "freedom of information act"],
            ["dei", "diversity equity and inclusion"], ["covid-19", "coronavirus"], ["u.s.", "united states"],
            ["cyber", "cybersecurity"],
        ])
}
