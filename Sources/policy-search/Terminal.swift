import Foundation
@preconcurrency import Rainbow

/// Standard output and error, and what kind of device they are.
struct Terminal: Sendable {
    let descriptor: Int32

    static let standardOutput = Terminal(descriptor: STDOUT_FILENO)
    static let standardError = Terminal(descriptor: STDERR_FILENO)

    var isInteractive: Bool { isatty(descriptor) == 1 }

    func write(_ text: String) {
        let bytes = Array(text.utf8)
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { buffer -> Int in
                guard let base = buffer.baseAddress else { return 0 }
                return Foundation.write(descriptor, base + offset, buffer.count - offset)
            }
            if written <= 0 { return }
            offset += written
        }
    }

    /// Turns colors on or off for this run: `auto` colors only a terminal and honors NO_COLOR and TERM=dumb.
    static func configureColors(_ choice: ColorChoice) {
        switch choice {
        case .always:
            Rainbow.enabled = true
        case .never:
            Rainbow.enabled = false
        case .auto:
            let environment = ProcessInfo.processInfo.environment
            let noColor = environment["NO_COLOR"].map { !$0.isEmpty } ?? false
            Rainbow.enabled = standardOutput.isInteractive && !noColor && environment["TERM"] != "dumb"
        }
        Rainbow.outputTarget = .console
    }
}

/// A one-line progress display on standard error, drawn only on a terminal, with lines printed above it.
final class ProgressLine: @unchecked Sendable {
    private let lock = NSLock()
    private let enabled: Bool
    private let start = Date()
    private var lastDraw = Date.distantPast
    private var drawn = false

    init(enabled: Bool) {
        self.enabled = enabled && Terminal.standardError.isInteractive
    }

    /// Redraws the bar (at most ten times a second): files done of all, documents per second and time left; or,
    /// once the files are done, the step the run is on (always drawn).
    func update(files done: Int, of total: Int, documents: Int, step: String? = nil) {
        guard enabled else { return }
        lock.lock()
        defer { lock.unlock() }
        let now = Date()
        guard now.timeIntervalSince(lastDraw) > 0.1 || done == total || step != nil else { return }
        lastDraw = now
        let elapsed = max(now.timeIntervalSince(start), 0.001)
        let width = 30
        let filled = total > 0 ? width * done / total : width
        let bar = String(repeating: "█", count: filled) + String(repeating: "░", count: width - filled)
        if let step {
            Terminal.standardError.write("\r\u{1B}[2K\(bar) \(done)/\(total) files · \(step)…")
        } else {
            let filesPerSecond = Double(done) / elapsed
            let eta = filesPerSecond > 0 ? Self.duration(Double(total - done) / filesPerSecond) : "?"
            Terminal.standardError.write(
                "\r\u{1B}[2K\(bar) \(done)/\(total) files · \(Int(Double(documents) / elapsed)) docs/s · ETA \(eta)"
            )
        }
        drawn = true
    }

    /// Prints a line on standard output above the bar.
    func print(_ line: String) {
        lock.lock()
        defer { lock.unlock() }
        clear()
        Terminal.standardOutput.write(line + "\n")
    }

    /// Removes the bar.
    func finish() {
        lock.lock()
        defer { lock.unlock() }
        clear()
    }

    private func clear() {
        if drawn { Terminal.standardError.write("\r\u{1B}[2K") }
        drawn = false
    }

    private static func duration(_ seconds: Double) -> String {
        let whole = Int(seconds.rounded())
        return whole < 60 ? "\(whole)s" : "\(whole / 60)m\(String(format: "%02d", whole % 60))s"
    }
}
