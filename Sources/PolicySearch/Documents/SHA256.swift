internal import CDigest

/// SHA-256 (FIPS 180-4), used for content hashes and stable document ids.
///
/// Foundation on Linux has no CryptoKit; this small implementation avoids a dependency for one function. Where the
/// processor has SHA instructions (x86's SHA extensions), blocks go through them (CDigest).
struct SHA256 {
    /// Whether this processor has the SHA instructions.
    static let hasInstructions = policy_sha256_accelerated() == 1

    private var state: [UInt32] = [
        0x6a09_e667, 0xbb67_ae85, 0x3c6e_f372, 0xa54f_f53a, 0x510e_527f, 0x9b05_688c, 0x1f83_d9ab, 0x5be0_cd19,
    ]
    private var pending: [UInt8] = []
    private var length: UInt64 = 0
    private let usesInstructions: Bool

    /// A hasher; `portable` makes it use the Swift rounds even where the processor has SHA instructions.
    init(portable: Bool = false) {
        usesInstructions = !portable && Self.hasInstructions
    }

    /// The digest of some bytes as 64 lowercase hexadecimal digits.
    static func hexDigest<Bytes: Sequence>(of bytes: Bytes) -> String where Bytes.Element == UInt8 {
        var hasher = SHA256()
        hasher.update(bytes)
        return hasher.finalizeHex()
    }

    mutating func update<Bytes: Sequence>(_ bytes: Bytes) where Bytes.Element == UInt8 {
        let array = Array(bytes)
        array.withUnsafeBytes { update($0) }
    }

    mutating func update(_ buffer: UnsafeRawBufferPointer) {
        length &+= UInt64(buffer.count)
        var offset = 0
        if !pending.isEmpty {
            let take = min(64 - pending.count, buffer.count)
            pending.append(contentsOf: buffer[0..<take])
            offset = take
            guard pending.count == 64 else { return }
            pending.withUnsafeBytes { compress($0[...]) }
            pending.removeAll(keepingCapacity: true)
        }
        let blocks = (buffer.count - offset) / 64
        compress(buffer[offset..<offset + 64 * blocks])
        offset += 64 * blocks
        pending.append(contentsOf: buffer[offset...])
    }

    mutating func finalizeHex() -> String {
        let bitLength = length &* 8
        var tail = pending
        tail.append(0x80)
        while tail.count % 64 != 56 { tail.append(0) }
        for shift in stride(from: 56, through: 0, by: -8) {
            tail.append(UInt8(truncatingIfNeeded: bitLength >> UInt64(shift)))
        }
        tail.withUnsafeBytes { compress($0[...]) }
        let digits: [Character] = Array("0123456789abcdef")
        var hex = ""
        hex.reserveCapacity(64)
        for word in state {
            for shift in stride(from: 28, through: 0, by: -4) { hex.append(digits[Int((word >> UInt32(shift)) & 0xf)]) }
        }
        return hex
    }

    /// Runs the compression function over whole 64-byte blocks.
    private mutating func compress(_ blocks: Slice<UnsafeRawBufferPointer>) {
        guard !blocks.isEmpty else { return }
        if usesInstructions {
            let bytes = UnsafeRawBufferPointer(rebasing: blocks)
            state.withUnsafeMutableBufferPointer { state in
                policy_sha256_blocks(
                    state.baseAddress,
                    bytes.baseAddress?.assumingMemoryBound(to: UInt8.self),
                    bytes.count / 64
                )
            }
            return
        }
        for start in stride(from: blocks.startIndex, to: blocks.endIndex, by: 64) {
            compressPortably(blocks[start..<start + 64])
        }
    }

    private mutating func compressPortably(_ block: Slice<UnsafeRawBufferPointer>) {
        // The message schedule on the stack and the constants through a pointer: an array allocated per block and
        // bounds-checked reads were about a third of the time (hashing is about 3 % of an indexing run's CPU).
        let (h0, h1, h2, h3, h4, h5, h6, h7) = (
            state[0], state[1], state[2], state[3], state[4], state[5], state[6], state[7]
        )
        let (a, b, c, d, e, f, g, h) = withUnsafeTemporaryAllocation(of: UInt32.self, capacity: 64) { words in
            let bytes = UnsafeRawBufferPointer(rebasing: block)
            for word in 0..<16 {
                words[word] = UInt32(bigEndian: bytes.loadUnaligned(fromByteOffset: word * 4, as: UInt32.self))
            }
            for word in 16..<64 {
                let s0 = words[word - 15].rotatedRight(7) ^ words[word - 15].rotatedRight(18) ^ (words[word - 15] >> 3)
                let s1 = words[word - 2].rotatedRight(17) ^ words[word - 2].rotatedRight(19) ^ (words[word - 2] >> 10)
                words[word] = words[word - 16] &+ s0 &+ words[word - 7] &+ s1
            }
            // The 64 round constants, from CDigest, whose SHA instructions use them too (a static array: never nil).
            guard let constants = policy_sha256_round_constants() else { preconditionFailure("no round constants") }
            var (a, b, c, d, e, f, g, h) = (h0, h1, h2, h3, h4, h5, h6, h7)
            for round in 0..<64 {
                let s1 = e.rotatedRight(6) ^ e.rotatedRight(11) ^ e.rotatedRight(25)
                let choice = (e & f) ^ (~e & g)
                let temp1 = h &+ s1 &+ choice &+ constants[round] &+ words[round]
                let s0 = a.rotatedRight(2) ^ a.rotatedRight(13) ^ a.rotatedRight(22)
                let majority = (a & b) ^ (a & c) ^ (b & c)
                let temp2 = s0 &+ majority
                (h, g, f, e, d, c, b, a) = (g, f, e, d &+ temp1, c, b, a, temp1 &+ temp2)
            }
            return (a, b, c, d, e, f, g, h)
        }
        state[0] = h0 &+ a
        state[1] = h1 &+ b
        state[2] = h2 &+ c
        state[3] = h3 &+ d
        state[4] = h4 &+ e
        state[5] = h5 &+ f
        state[6] = h6 &+ g
        state[7] = h7 &+ h
    }
}

extension UInt32 {
    fileprivate func rotatedRight(_ count: UInt32) -> UInt32 { (self >> count) | (self << (32 - count)) }
}
