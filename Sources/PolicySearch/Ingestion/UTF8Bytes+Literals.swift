extension [UInt8] {
    /// Whether an ASCII literal stands at a byte offset of UTF-8 text.
    ///
    /// - Parameters:
    ///   - literal: The literal, in ASCII; lower case when `ignoringCase`.
    ///   - offset: Where it would start.
    ///   - ignoringCase: Whether upper-case ASCII letters in the text match the literal's lower-case ones.
    /// - Returns: Whether every byte matches.
    func hasLiteral(_ literal: StaticString, at offset: Int, ignoringCase: Bool = false) -> Bool {
        let count = literal.utf8CodeUnitCount
        guard offset >= 0, offset + count <= self.count else { return false }
        for index in 0..<count {
            let byte = self[offset + index]
            let folded = ignoringCase && byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte
            if folded != literal.utf8Start[index] { return false }
        }
        return true
    }

    /// Whether an ASCII literal stands anywhere in UTF-8 text.
    ///
    /// - Parameters:
    ///   - literal: The literal, in ASCII; lower case when `ignoringCase`.
    ///   - ignoringCase: Whether upper-case ASCII letters in the text match the literal's lower-case ones.
    /// - Returns: Whether it occurs.
    func containsLiteral(_ literal: StaticString, ignoringCase: Bool = false) -> Bool {
        indices.contains { hasLiteral(literal, at: $0, ignoringCase: ignoringCase) }
    }
}
