import ArgumentParser
import Foundation
import PolicySearch

struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Check the index's integrity, the full-text index against the documents included."
    )

    @OptionGroup var global: GlobalOptions

    func run() throws {
        let problems = try global.openIndex(mode: .readWrite).check()
        guard problems.isEmpty else {
            for problem in problems { Terminal.standardError.write("problem: \(problem)\n") }
            throw ValidationError("\(global.indexPath) has \(problems.count) problem(s)")
        }
        Terminal.standardOutput.write("\(global.indexPath): ok\n")
    }
}

struct OptimizeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "optimize",
        abstract: "Merge the full-text index's segments for faster searches."
    )

    @OptionGroup var global: GlobalOptions

    func run() throws {
        try global.openIndex(mode: .readWrite).optimize()
        Terminal.standardOutput.write("\(global.indexPath): optimized\n")
    }
}

struct RebuildCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rebuild",
        abstract: "Rebuild the full-text index from the stored documents."
    )

    @OptionGroup var global: GlobalOptions

    func run() throws {
        try global.openIndex(mode: .readWrite).rebuild()
        Terminal.standardOutput.write("\(global.indexPath): full-text index rebuilt\n")
    }
}

struct RemoveCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "remove",
        abstract: "Remove documents by id, by file path, or as path#record."
    )

    @OptionGroup var global: GlobalOptions

    @Argument(help: ArgumentHelp("Document ids, file paths or path#record.", valueName: "id-or-path"))
    var references: [String]

    func run() throws {
        let index = try global.openIndex(mode: .readWrite)
        var removed = 0
        var unknown: [String] = []
        for reference in references {
            let count = try index.remove(matching: reference)
            if count == 0 { unknown.append(reference) }
            removed += count
        }
        Terminal.standardOutput.write("removed \(removed)\n")
        if !unknown.isEmpty { throw ValidationError("not in the index: \(unknown.joined(separator: ", "))") }
    }
}
