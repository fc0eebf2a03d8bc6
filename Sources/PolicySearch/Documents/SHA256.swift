internal import CDigest

/// SHA-256 (FIPS 180-4), used for content hashes and stable document ids.
///
/// Foundation on Linux has no CryptoKit; this small implementation avoids a dependency for one function. Where the
/// processor has SHA instructions (x86's SHA extensions), blocks go through them (CDigest).
struct SHA256 {
    /// Whether this processor has the SHA instructions.
    static let hasInstructions = policy_sha256_accelerated() == 1

    private static let roundConstants: [UInt32] = [
        0x428a_2f98, 0x7137_4491, 0xb5c0_fbcf, 0xe9b5_dba5, 0x3956_c25b, 0x59f1_11f1, 0x923f_82a4, 0xab1c_5ed5,
        0xd807_aa98, 0x1283_5b01, 0x2431_85be, 0x550c_7dc3, 0x72be_5d74, 0x80de_b1fe, 0x9bdc_06a7, 0xc19b_f174,
        0xe49b_69c1, 0xefbe_4786, 0x0fc1_9dc6, 0x240c_a1cc, 0x2de9_2c6f, 0x4a74_84aa, 0x5cb0_a9dc, 0x76f9_88da,
        0x983e_5152, 0xa831_c66d, 0xb003_27c8, 0xbf59_7fc7, 0xc6e0_0bf3, 0xd5a7_9147, 0x06ca_6351, 0x1429_2967,
        0x27b7_0a85, 0x2e1b_2138, 0x4d2c_6dfc, 0x5338_0d13, 0x650a_7354, 0x766a_0abb, 0x81c2_c92e, 0x9272_2c85,
        0xa2bf_e8a1, 0xa81a_664b, 0xc24b_8b70, 0xc76c_51a3, 0xd192_e819, 0xd699_0624, 0xf40e_3585, 0x106a_a070,
        0x19a4_c116, 0x1e37_6c08, 0x2748_774c, 0x34b0_bcb5, 0x391c_0cb3, 0x4ed8_aa4a, 0x5b9c_ca4f, 0x682e_6ff3,
        0x748f_82ee, 0x78a5_636f, 0x84c8_7814, 0x8cc7_0208, 0x90be_fffa, 0xa450_6ceb, 0xbef9_a3f7, 0xc671_78f2,
    ]

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
            return SHA256.roundConstants.withUnsafeBufferPointer { constants in
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
