internal import CZlib
import Foundation

/// The stored form of document bodies: zlib-compressed UTF-8 after the text's length in bytes.
///
/// Bodies are most of an index's bytes; compressed they take about half (generated text) to a third (real
/// documents) of the room. The full-text index reads them through the `document_content` view, which decompresses
/// with the `inflate_text` SQL function that ``Schema/prepareConnection(_:)`` adds to every connection.
enum TextCompression {
    /// zlib's level 3: nearly the ratio of the default level 6 on our text, in about two thirds of the time.
    static let level: Int32 = 3

    /// The compressed form of a text.
    ///
    /// - Parameter text: The text.
    /// - Returns: Four bytes of length (little-endian), then the zlib stream.
    static func compressed(_ text: String) -> Data {
        var text = text
        return text.withUTF8 { source in
            var bound = compressBound(uLong(source.count))
            var output = Data(count: 4 + Int(bound))
            output.withUnsafeMutableBytes { buffer in
                let count = UInt32(source.count)
                for index in 0..<4 { buffer[index] = UInt8(truncatingIfNeeded: count >> (8 * UInt32(index))) }
                guard let destination = buffer.baseAddress?.advanced(by: 4).assumingMemoryBound(to: Bytef.self)
                else { return }
                // Cannot fail: the buffer has compressBound's room and the level is valid.
                _ = compress2(destination, &bound, source.baseAddress, uLong(source.count), level)
            }
            output.count = 4 + Int(bound)
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
            guard let start = buffer.baseAddress?.advanced(by: 4).assumingMemoryBound(to: Bytef.self) else {
                return count == 0 ? "" : nil
            }
            var complete = false
            let text = String(unsafeUninitializedCapacity: count) { output in
                var length = uLong(count)
                complete =
                    uncompress(output.baseAddress, &length, start, uLong(buffer.count - 4)) == Z_OK
                    && length == uLong(count)
                return complete ? count : 0
            }
            // Invalid UTF-8 is repaired on the way in, which changes the length: not text this wrote.
            return complete && text.utf8.count == count ? text : nil
        }
    }
}
