internal import CDeflate
import Foundation

/// The stored form of document bodies: zlib-compressed UTF-8 after the text's length in bytes.
///
/// The zlib streams are made and read with libdeflate (the `CDeflate` target, at its level 1), which does it about
/// three times as fast as zlib's own level 3 did, with a slightly smaller result; bodies zlib wrote read the same.
///
/// Bodies are most of an index's bytes; compressed they take about half (generated text) to a third (real
/// documents) of the room. The full-text index reads them through the `document_content` view, which decompresses
/// with the `inflate_text` SQL function that ``Schema/prepareConnection(_:)`` adds to every connection.
enum TextCompression {
    /// The compressed form of a text.
    ///
    /// - Parameter text: The text.
    /// - Returns: Four bytes of length (little-endian), then the zlib stream.
    static func compressed(_ text: String) -> Data {
        var text = text
        return text.withUTF8 { source in
            let bound = policy_zlib_bound(source.count)
            var output = Data(count: 4 + bound)
            let written = output.withUnsafeMutableBytes { buffer -> Int in
                let count = UInt32(source.count)
                for index in 0..<4 { buffer[index] = UInt8(truncatingIfNeeded: count >> (8 * UInt32(index))) }
                guard let destination = buffer.baseAddress?.advanced(by: 4) else { return 0 }
                return policy_zlib_compress(source.baseAddress, source.count, destination, bound)
            }
            // The bound always fits; only a compressor that could not be allocated (no memory) writes nothing.
            precondition(written > 0, "libdeflate could not compress \(source.count) bytes")
            output.count = 4 + written
            return output
        }
    }

    /// The text of a compressed form, or `nil` when the bytes are not one.
    ///
    /// - Parameter data: Bytes made by ``compressed(_:)``.
    /// - Returns: The text.
    static func text(_ data: Data) -> String? {
        guard data.count >= 4 else { return nil }
        return data.withUnsafeBytes { (buffer: UnsafeRawBufferPointer) -> String? in
            let count = (0..<4).reduce(0) { $0 | Int(buffer[$1]) << (8 * $1) }
            guard let start = buffer.baseAddress?.advanced(by: 4) else { return count == 0 ? "" : nil }
            var complete = false
            let text = String(unsafeUninitializedCapacity: count) { output in
                complete = policy_zlib_decompress(start, buffer.count - 4, output.baseAddress, count) == 1
                return complete ? count : 0
            }
            // Invalid UTF-8 is repaired on the way in, which changes the length: not text this wrote.
            return complete && text.utf8.count == count ? text : nil
        }
    }
}
