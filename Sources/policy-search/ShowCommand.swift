import ArgumentParser
import Foundation
import PolicySearch

struct ShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Print a document's metadata, citations, sections and other renditions.",
        discussion: "Name the document by its id (from search output), its file path, or path#record for one record."
    )

    @OptionGroup var global: GlobalOptions

    @Argument(help: ArgumentHelp("A document id, a file path, or path#record.", valueName: "id-or-path"))
    var reference: String

    @Option(help: "Output format: text or json.")
    var format: OutputFormat = .text

    @Flag(help: "Same as --format json.")
    var json = false

    @Flag(help: "Also print the document's text.")
    var body = false

    func run() throws {
        let index = try global.openIndex(mode: .readOnly)
        let documents = try index.documents(matching: reference)
        guard !documents.isEmpty else {
            throw ValidationError("no document in \(global.indexPath) has the id or path \(reference)")
        }
        let renderer = DocumentRenderer(currentDirectory: FileManager.default.currentDirectoryPath)
        for document in documents {
            let renditions = try index.renditions(of: document.id)
            if json || format == .json {
                Terminal.standardOutput.write(
                    try renderer.json(document, renditions: renditions, includingBody: body) + "\n"
                )
            } else {
                Terminal.standardOutput.write(renderer.text(document, renditions: renditions, includingBody: body))
            }
        }
    }
}
