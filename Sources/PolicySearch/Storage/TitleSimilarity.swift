/// How alike two title keys are: 1 minus their edit distance over the longer length.
enum TitleSimilarity {
    /// The similarity of two strings, from 0 (nothing alike) to 1 (equal).
    ///
    /// - Parameters:
    ///   - left: A title key.
    ///   - right: Another title key.
    /// - Returns: 1 − Levenshtein distance ÷ the longer length.
    /// - Complexity: O(*m* × *n*) in the lengths.
    static func ratio(_ left: String, _ right: String) -> Double {
        let a = Array(left.utf8)
        let b = Array(right.utf8)
        let longest = max(a.count, b.count)
        guard longest > 0 else { return 1 }
        // Strings whose lengths differ by more than a tenth cannot reach 0.9.
        guard Double(abs(a.count - b.count)) <= Double(longest) * 0.1 else { return 0 }
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...max(a.count, 1) where !a.isEmpty {
            current[0] = i
            for j in 1...max(b.count, 1) where !b.isEmpty {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            }
            swap(&previous, &current)
        }
        return 1 - Double(previous[b.count]) / Double(longest)
    }
}
