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
        // Checking never changes the index, but FTS5's check needs write access: a read-only index gets the rest.
        let writable = Result { () throws(any Error) in try global.openIndex(mode: .readWrite) }
        let index: SearchIndex
        if case .failure(let error) = writable, (error as? StorageError)?.isReadOnly == true {
            index = try global.openIndex(mode: .readOnly)
        } else {
            index = try writable.get()
        }
        let problems = try index.check()
        guard problems.isEmpty else {
            for problem in problems { Terminal.standardError.write("problem: \(problem)\n") }
            throw ValidationError("\(global.indexPath) has \(problems.count) problem(s)")
        }
        let scope = index.isReadOnly ? " (read-only: full-text index not compared with the documents)" : ""
        Terminal.standardOutput.write("\(global.indexPath): ok\(scope)\n")
    }
}

struct OptimizeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "optimize",
        abstract: "Merge the full-text index's segments and rank frequent searches again, for faster searches."
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
