import Foundation

/// Words drawn with Zipf's law: a few function words make up much of the text, policy words are common, and a long
/// tail of rare (made-up) words gives the index a realistic vocabulary size.
struct Vocabulary: Sendable {
    static let functionWords = """
        the of and to in a for by or that shall be as with on any such this is other under not are all from its \
        which at an may each than have within their it will been has these those including into after before
        """.split(separator: " ").map(String.init)

    /// Words of presidential documents, most frequent first (roughly).
    static let policyWords = """
        federal agency secretary order section policy law united states president national administration act \
        department heads executive government agencies public program security implementation authority \
        director management information health energy report plan provide consistent applicable requirements \
        review budget office regulations funding assistance state local tribal development infrastructure \
        emergency coordination defense council committee resources workforce employees procurement contracts \
        data privacy technology artificial intelligence cybersecurity climate environmental water wetlands \
        restoration conservation land forest wildlife fisheries coastal ocean drought wildfire resilience \
        broadband rural agriculture farmers food nutrition housing transportation highways aviation maritime \
        ports trade tariffs imports exports commerce industry manufacturing supply chains critical minerals \
        semiconductors research science innovation education students schools universities veterans \
        military service members families children disability civil rights equity justice enforcement \
        immigration border asylum refugees citizenship labor wages unions safety occupational hazards \
        pharmaceutical drug prices medicare medicaid insurance hospitals pandemic vaccines preparedness \
        intelligence counterterrorism sanctions foreign relations treaty alliance diplomatic embassy \
        nuclear nonproliferation weapons space satellites telecommunications spectrum electricity grid \
        pipelines oil gas coal renewable solar wind hydropower efficiency emissions pollution waste \
        chemicals toxic cleanup superfund recreation parks monuments heritage tribes sovereignty \
        financial banking securities markets consumers fraud taxes revenue debt deficit spending \
        appropriations grants loans guarantees small businesses entrepreneurs opportunity zones \
        evaluation testing standards accountability transparency records archives classification \
        declassification whistleblower inspector general counsel attorney litigation courts judges \
        prisons sentencing clemency pardons commemoration observance anniversary proclamation memorandum
        """.split(separator: " ").map(String.init)

    static let syllables = """
        ba be bi bo bu da de di do du fa fe fi fo ga ge gi go ka ke ki ko la le li lo lu ma me mi mo mu na ne ni \
        no nu pa pe pi po ra re ri ro ru sa se si so su ta te ti to tu va ve vi vo za ze zi zo an en in on ar er \
        ir or al el il ol
        """.split(separator: " ").map(String.init)

    let words: [String]
    /// Cumulative Zipf probabilities, one per word, ending at 1.
    private let cumulative: [Double]

    /// Builds a vocabulary of `size` words (the made-up tail is the same for equal sizes).
    init(size: Int = 50_000, exponent: Double = 1.0) {
        var words = Self.functionWords + Self.policyWords
        var seen = Set(words)
        var random = RandomSource(seed: 0x5EED_0F_70_4D5)
        while words.count < size {
            let length = 2 + random.below(3)
            let word = (0..<length).map { _ in random.pick(Self.syllables) }.joined()
            if seen.insert(word).inserted { words.append(word) }
        }
        self.words = words
        var running = 0.0
        var cumulative: [Double] = []
        cumulative.reserveCapacity(words.count)
        for rank in 1...words.count {
            running += 1 / pow(Double(rank), exponent)
            cumulative.append(running)
        }
        self.cumulative = cumulative.map { $0 / running }
    }

    /// A word drawn with Zipf's law.
    func word(using random: inout RandomSource) -> String {
        let target = random.unit()
        var low = 0
        var high = cumulative.count - 1
        while low < high {
            let middle = (low + high) / 2
            if cumulative[middle] < target { low = middle + 1 } else { high = middle }
        }
        return words[low]
    }
}
