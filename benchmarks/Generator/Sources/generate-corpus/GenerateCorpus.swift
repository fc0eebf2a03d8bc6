import CorpusGenerator
import Foundation

/// Writes a generated corpus: `generate-corpus FOLDER COUNT [SEED] [AVERAGE_SIZE]`.
@main
struct GenerateCorpus {
    static func main() throws {
        let arguments = CommandLine.arguments.dropFirst()
        guard arguments.count >= 2, let count = Int(arguments[arguments.startIndex + 1]), count > 0 else {
            FileHandle.standardError.write(Data("usage: generate-corpus FOLDER COUNT [SEED] [AVERAGE_SIZE]\n".utf8))
            exit(2)
        }
        let folder = URL(fileURLWithPath: arguments[arguments.startIndex])
        let seed = arguments.count > 2 ? UInt64(arguments[arguments.startIndex + 2]) ?? 2026 : 2026
        let size = arguments.count > 3 ? Int(arguments[arguments.startIndex + 3]) ?? 15_000 : 15_000
        let generator = CorpusGenerator(seed: seed, averageSize: size)
        let start = Date()
        let bytes = try generator.write(0..<count, to: folder)
        let seconds = Date().timeIntervalSince(start)
        print("wrote \(count) documents, \(bytes) bytes, to \(folder.path) in \(String(format: "%.1f", seconds)) s")
    }
}
