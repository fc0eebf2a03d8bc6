public import Foundation

/// A deterministic generator of presidential documents: the same seed and index give the same document, whatever the
/// corpus size, so a 1,000-document corpus is the first tenth of a 10,000-document one.
///
/// Documents are Markdown files with YAML front matter (title, type, date, president, order number), sections
/// headed `Sec. N.`, citations of orders, the U.S. Code, the Federal Register and public laws, and body text drawn
/// from a Zipfian vocabulary of 50,000 words.
public struct CorpusGenerator: Sendable {
    /// The seed every document derives from.
    public let seed: UInt64
    /// The mean size of a document's text, in bytes (sizes vary from half to one and a half times it).
    public let averageSize: Int
    private let vocabulary: Vocabulary

    /// Creates a generator.
    ///
    /// - Parameters:
    ///   - seed: Equal seeds give equal corpora.
    ///   - averageSize: The mean document size in bytes.
    public init(seed: UInt64 = 2026, averageSize: Int = 15_000) {
        self.seed = seed
        self.averageSize = averageSize
        vocabulary = Vocabulary()
    }

    /// The first order number generated documents use, far above any real executive order.
    public static let firstOrderNumber = 20_000

    /// The document at a position of the corpus.
    ///
    /// - Parameters:
    ///   - index: The position, from 0.
    ///   - revision: 0 for the original; other values give an edited version with the same metadata.
    /// - Returns: The document.
    public func document(at index: Int, revision: Int = 0) -> GeneratedDocument {
        var random = RandomSource(seed: seed ^ (UInt64(index) &* 0xD6E8_FEB8_6659_FD93))
        let kind = Self.kinds[random.below(Self.kinds.count)]
        let date = Self.date(dayOffset: random.below(Self.dayCount))
        let president = Self.president(on: date)
        let orderNumber = kind == .executiveOrder ? String(Self.firstOrderNumber + index) : nil
        let title = self.title(using: &random)
        var text = TextBuilder(vocabulary: vocabulary)
        var bodyRandom = RandomSource(seed: random.next() ^ UInt64(revision))
        let target = averageSize / 2 + bodyRandom.below(averageSize + 1)
        switch kind {
        case .executiveOrder:
            text.line("Executive Order \(orderNumber ?? "") of \(Self.spelled(date))")
            text.line(
                "By the authority vested in me as President by the Constitution and the laws of the United States of "
                    + "America, it is hereby ordered as follows:"
            )
        case .memorandum:
            text.line("Memorandum for the Heads of Executive Departments and Agencies")
        case .proclamation:
            text.line("A Proclamation")
        }
        var sections: [String] = []
        var citations: [String] = []
        while text.size < target {
            let number = sections.count + 1
            let heading = capitalized(vocabulary.word(using: &bodyRandom, from: Vocabulary.policyWords))
            sections.append(heading)
            text.paragraph(prefix: "Sec. \(number). \(heading).", random: &bodyRandom, citations: &citations)
            for _ in 0..<(1 + bodyRandom.below(3)) where text.size < target {
                text.paragraph(prefix: nil, random: &bodyRandom, citations: &citations)
            }
        }
        if kind == .proclamation {
            text.line(
                "IN WITNESS WHEREOF, I have hereunto set my hand this \(Self.spelled(date)), and of the Independence of "
                    + "the United States of America."
            )
        }
        return GeneratedDocument(
            index: index,
            title: title,
            type: kind,
            date: date,
            president: president,
            executiveOrderNumber: orderNumber,
            sections: sections,
            citations: citations,
            body: text.text
        )
    }

    /// Writes documents as Markdown files, a thousand to a folder.
    ///
    /// - Parameters:
    ///   - range: The positions to write.
    ///   - folder: The folder to write into (created when missing).
    /// - Returns: The bytes written.
    /// - Throws: Any error writing a file.
    @discardableResult
    public func write(_ range: Range<Int>, to folder: URL) throws -> Int {
        var bytes = 0
        for index in range {
            let document = document(at: index)
            let url = folder.appendingPathComponent(document.relativePath)
            try FileManager.default.createDirectory(
                at: url.deletingLastPathComponent(),
                withIntermediateDirectories: true
            )
            let data = Data(document.markdown.utf8)
            try data.write(to: url)
            bytes += data.count
        }
        return bytes
    }

    // MARK: Parts

    private static let kinds: [GeneratedDocument.Kind] = [
        .executiveOrder, .executiveOrder, .executiveOrder, .memorandum, .memorandum, .proclamation,
    ]

    private static let verbs = [
        "Strengthening", "Promoting", "Protecting", "Modernizing", "Establishing", "Improving", "Advancing",
        "Restoring", "Expanding", "Reforming", "Securing", "Ensuring",
    ]

    private func title(using random: inout RandomSource) -> String {
        var words = [random.pick(Self.verbs)]
        for _ in 0..<(2 + random.below(3)) {
            words.append(capitalized(vocabulary.word(using: &random, from: Vocabulary.policyWords)))
        }
        return words.joined(separator: " ")
    }

    private func capitalized(_ word: String) -> String {
        word.prefix(1).uppercased() + word.dropFirst()
    }

    // MARK: Dates and presidents

    private static let firstDay = DateComponents(calendar: calendar, year: 1981, month: 1, day: 20).date ?? Date()
    private static let dayCount = 46 * 365
    private static let calendar: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? calendar.timeZone
        return calendar
    }()

    private static func date(dayOffset: Int) -> DateComponents {
        let date = calendar.date(byAdding: .day, value: dayOffset, to: firstDay) ?? firstDay
        return calendar.dateComponents([.year, .month, .day], from: date)
    }

    private static let terms: [(start: String, name: String)] = [
        ("1981-01-20", "Ronald Reagan"), ("1989-01-20", "George H. W. Bush"), ("1993-01-20", "William J. Clinton"),
        ("2001-01-20", "George W. Bush"), ("2009-01-20", "Barack Obama"), ("2017-01-20", "Donald J. Trump"),
        ("2021-01-20", "Joseph R. Biden Jr."), ("2025-01-20", "Donald J. Trump"),
    ]

    private static func president(on date: DateComponents) -> String {
        let day = GeneratedDocument.isoDate(date)
        return terms.last { $0.start <= day }?.name ?? "Ronald Reagan"
    }

    private static let months = [
        "January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November",
        "December",
    ]

    static func spelled(_ date: DateComponents) -> String {
        "\(months[(date.month ?? 1) - 1]) \(date.day ?? 1), \(date.year ?? 2000)"
    }
}

extension Vocabulary {
    /// A word from a subset, skewed towards the subset's head (the smaller of two uniform draws).
    func word(using random: inout RandomSource, from subset: [String]) -> String {
        subset[min(random.below(subset.count), random.below(subset.count))]
    }
}

/// Accumulates a document's text sentence by sentence.
private struct TextBuilder {
    let vocabulary: Vocabulary
    var text = ""
    var size: Int { text.utf8.count }

    mutating func line(_ line: String) {
        text += line + "\n\n"
    }

    mutating func paragraph(prefix: String?, random: inout RandomSource, citations: inout [String]) {
        var paragraph = prefix.map { $0 + " " } ?? ""
        for sentence in 0..<(2 + random.below(5)) {
            if sentence > 0 { paragraph += " " }
            var words: [String] = []
            for _ in 0..<(8 + random.below(18)) { words.append(vocabulary.word(using: &random)) }
            if random.below(4) == 0 {
                let citation = Self.citation(using: &random)
                citations.append(citation)
                words.insert(citation, at: random.below(words.count))
            }
            var sentenceText = words.joined(separator: " ")
            sentenceText = sentenceText.prefix(1).uppercased() + sentenceText.dropFirst()
            paragraph += sentenceText + "."
        }
        line(paragraph)
    }

    static func citation(using random: inout RandomSource) -> String {
        switch random.below(4) {
        case 0: return "Executive Order \(12_000 + random.below(2_400))"
        case 1: return "\(1 + random.below(50)) U.S.C. \(100 + random.below(9_000))"
        case 2: return "\(40 + random.below(50)) FR \(1_000 + random.below(80_000))"
        default: return "Public Law \(100 + random.below(19))-\(1 + random.below(300))"
        }
    }
}
