import ArgumentParser
import Foundation
import PolicySearch

struct StatsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stats",
        abstract: "Show how many documents the index holds, by type and format, and its size."
    )

    @OptionGroup var global: GlobalOptions

    @Option(help: "Output format: text or json.")
    var format: OutputFormat = .text

    func run() throws {
        let statistics = try global.openIndex(mode: .readOnly).statistics()
        let byType = statistics.documentsByType.sorted { ($1.value, $0.key.rawValue) < ($0.value, $1.key.rawValue) }
        let byFormat = statistics.documentsByFormat.sorted { ($1.value, $0.key.rawValue) < ($0.value, $1.key.rawValue) }
        let synced = ISO8601DateFormatter()
        switch format {
        case .json:
            let object: [String: Any] = [
                "index": global.indexPath, "documents": statistics.documentCount, "file_size": statistics.fileSize,
                "vocabulary": statistics.vocabularySize,
                "roots": statistics.roots.map { ["path": $0.path, "last_synced": synced.string(from: $0.lastSynced)] },
                "by_type": Dictionary(uniqueKeysWithValues: byType.map { ($0.key.rawValue, $0.value) }),
                "by_format": Dictionary(uniqueKeysWithValues: byFormat.map { ($0.key.rawValue, $0.value) }),
            ]
            let data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
            Terminal.standardOutput.write(String(decoding: data, as: UTF8.self) + "\n")
        case .text:
            var lines = ["index: \(global.indexPath)", "documents: \(statistics.documentCount)"]
            lines.append(
                "size: \(ByteCountFormatter.string(fromByteCount: Int64(statistics.fileSize), countStyle: .file))"
            )
            lines.append("by type:")
            lines += byType.map { "  \(String($0.value).leftPadded(6))  \($0.key)" }
            lines.append("by format:")
            lines += byFormat.map { "  \(String($0.value).leftPadded(6))  \($0.key)" }
            lines.append("vocabulary: \(statistics.vocabularySize) terms")
            if !statistics.roots.isEmpty {
                lines.append("roots (last synced):")
                lines += statistics.roots.map { "  \($0.path)  \(synced.string(from: $0.lastSynced))" }
            }
            Terminal.standardOutput.write(lines.joined(separator: "\n") + "\n")
        }
    }
}

extension String {
    func leftPadded(_ width: Int) -> String {
        count >= width ? self : String(repeating: " ", count: width - count) + self
    }
}
