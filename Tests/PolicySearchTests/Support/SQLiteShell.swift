import Foundation

/// Runs SQL on an index file with the `sqlite3` command-line shell, to look at it from outside the library.
enum SQLiteShell {
    /// The shell's standard output for some SQL.
    ///
    /// - Parameters:
    ///   - sql: The statements.
    ///   - path: The database file.
    /// - Returns: What the shell printed.
    /// - Throws: When the shell cannot be started.
    static func output(of sql: String, in path: String) throws -> String {
        let shell = Process()
        shell.executableURL = URL(fileURLWithPath: "/usr/bin/sqlite3")
        shell.arguments = [path, sql]
        let output = Pipe()
        shell.standardOutput = output
        try shell.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        shell.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }
}
