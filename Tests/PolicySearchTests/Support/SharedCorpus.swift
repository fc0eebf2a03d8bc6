import Foundation
import TestSupport
import Testing

/// The real-document corpus in `../shared/corpus` beside the repository (absent from a user's fresh clone).
enum SharedCorpus {
    static let path: String = {
        if let override = ProcessInfo.processInfo.environment["POLICY_SEARCH_SHARED_CORPUS"] { return override }
        return URL(fileURLWithPath: repositoryRoot).deletingLastPathComponent().appendingPathComponent("shared/corpus")
            .path
    }()

    static var isAvailable: Bool { FileManager.default.fileExists(atPath: path + "/MANIFEST.tsv") }

    static let skipReason: Comment =
        "../shared/corpus is absent (a fresh clone); set POLICY_SEARCH_SHARED_CORPUS or run beside shared/"

    /// One row of MANIFEST.tsv.
    struct Row {
        let path: String
        let docID: String
        let type: String
        let title: String
        let signingDate: String
        let publicationDate: String
        let eoNumber: String
        let frDocNumber: String
        let format: String
        let role: String
        let citation: String
    }

    static func manifest() throws -> [Row] {
        let text = try String(contentsOfFile: path + "/MANIFEST.tsv", encoding: .utf8)
        let lines = text.split(separator: "\n").dropFirst()
        return lines.map { line in
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            func field(_ index: Int) -> String { index < fields.count ? fields[index] : "" }
            return Row(
                path: field(0),
                docID: field(1),
                type: field(2),
                title: field(3),
                signingDate: field(4),
                publicationDate: field(5),
                eoNumber: field(7),
                frDocNumber: field(8),
                format: field(9),
                role: field(12),
                citation: field(13)
            )
        }
    }
}
