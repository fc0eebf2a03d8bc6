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

/// A one-line progress display on standard error, drawn only on a terminal.
final class ProgressLine: @unchecked Sendable {
    private let lock = NSLock()
    private let enabled: Bool
    private let start = Date()
    private var lastDraw = Date.distantPast
    private var drawn = false

    init(enabled: Bool) {
        self.enabled = enabled && Terminal.standardError.isInteractive
    }

    func update(done: Int, total: Int) {
        guard enabled else { return }
        lock.lock()
        defer { lock.unlock() }
        let now = Date()
        guard now.timeIntervalSince(lastDraw) > 0.1 || done == total else { return }
        lastDraw = now
        let elapsed = max(now.timeIntervalSince(start), 0.001)
        let rate = Double(done) / elapsed
        let width = 30
        let filled = total > 0 ? width * done / total : width
        let bar = String(repeating: "█", count: filled) + String(repeating: "░", count: width - filled)
        let remaining = rate > 0 ? Double(total - done) / rate : 0
        Terminal.standardError.write(
            "\r\u{1B}[2K\(bar) \(done)/\(total) files  \(Int(rate))/s  ETA \(Int(remaining.rounded()))s"
        )
        drawn = true
    }

    func finish() {
        lock.lock()
        defer { lock.unlock() }
        if drawn { Terminal.standardError.write("\r\u{1B}[2K") }
        drawn = false
    }
}
