/// A normalized reference from one document to a law, a regulation, a Federal Register page or another order.
///
/// Different spellings compare equal: "E.O. 14,110" and "Executive Order No. 14110" are both `EO 14110`.
public struct Citation: Sendable, Hashable, Codable, CustomStringConvertible {
    /// What is cited.
    public struct Kind: RawRepresentable, Sendable, Hashable, Codable, CustomStringConvertible {
        /// The stored name, such as `usc`.
        public let rawValue: String

        /// Wraps a stored kind name.
        ///
        /// - Parameter rawValue: The kind's name.
        public init(rawValue: String) { self.rawValue = rawValue }

        /// An executive order: `EO 14110`.
        public static let executiveOrder = Kind(rawValue: "eo")
        /// The United States Code: `50 U.S.C. 1701`.
        public static let unitedStatesCode = Kind(rawValue: "usc")
        /// The Code of Federal Regulations: `2 CFR 200.40`.
        public static let codeOfFederalRegulations = Kind(rawValue: "cfr")
        /// A Federal Register page: `90 FR 8741`.
        public static let federalRegister = Kind(rawValue: "fr")
        /// A public law: `Pub. L. 115-435`.
        public static let publicLaw = Kind(rawValue: "pl")

        /// The kind's short name, such as `usc`.
        public var description: String { rawValue }
    }

    /// What is cited.
    public let kind: Kind
    /// The normalized citation, such as `50 U.S.C. 1701`.
    public let text: String

    /// Creates a citation from its normalized parts.
    ///
    /// - Parameters:
    ///   - kind: What is cited.
    ///   - text: The normalized text.
    public init(kind: Kind, text: String) {
        self.kind = kind
        self.text = text
    }

    /// The normalized citation, such as `50 U.S.C. 1701`.
    public var description: String { text }
}
