/// A small, fast, seedable random number generator (SplitMix64): the same seed gives the same corpus on every
/// machine and Swift version, which `SystemRandomNumberGenerator` does not promise.
public struct RandomSource: RandomNumberGenerator, Sendable {
    private var state: UInt64

    /// Creates a generator from a seed.
    ///
    /// - Parameter seed: Any value; equal seeds give equal sequences.
    public init(seed: UInt64) {
        state = seed
    }

    /// The next 64 random bits.
    ///
    /// - Returns: A uniformly distributed value.
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var mixed = state
        mixed = (mixed ^ (mixed >> 30)) &* 0xBF58_476D_1CE4_E5B9
        mixed = (mixed ^ (mixed >> 27)) &* 0x94D0_49BB_1331_11EB
        return mixed ^ (mixed >> 31)
    }

    /// A uniformly distributed number below a bound, without `Int.random(in:using:)`'s rejection loop.
    public mutating func below(_ upperBound: Int) -> Int {
        Int(truncatingIfNeeded: (next() >> 11) % UInt64(upperBound))
    }

    /// A uniformly distributed number in `0..<1`.
    public mutating func unit() -> Double {
        Double(next() >> 11) / Double(1 << 53)
    }

    mutating func pick<T>(_ choices: [T]) -> T {
        choices[below(choices.count)]
    }
}
