import Foundation
import Glibc
import VKSPipeline

/// A progress line for long stages, redrawn in place on a terminal: files and rows done, rate, time
/// left. Never used when stderr is not a terminal (cron, pipes, CI), so logs stay clean.
final class TerminalProgress: StageProgress, @unchecked Sendable {
    private let lock = NSLock()
    private var started: [String: Date] = [:]
    private var lastDraw = Date.distantPast

    /// A progress reporter when stderr is a terminal and output is meant for a person; nil otherwise.
    static func ifTerminal(_ output: OutputOptions) -> TerminalProgress? {
        guard isatty(STDERR_FILENO) == 1, !output.quiet, output.logFormat == .text else { return nil }
        return TerminalProgress()
    }

    func advance(stage: String, done: Int, total: Int, rows: Int) {
        lock.lock()
        defer { lock.unlock() }
        let now = Date()
        let start = started[stage] ?? now
        started[stage] = start
        guard now.timeIntervalSince(lastDraw) > 0.1 || done == total else { return }
        lastDraw = now
        let elapsed = max(now.timeIntervalSince(start), 0.001)
        let width = 24
        let filled = total > 0 ? width * done / total : 0
        let bar = String(repeating: "█", count: filled) + String(repeating: "░", count: width - filled)
        let rate = Double(rows) / elapsed
        let left = done > 0 && total > done ? elapsed * Double(total - done) / Double(done) : 0
        var line = "\r\(stage) \(bar) \(done)/\(total) tệp, \(rows) dòng, \(Int(rate)) dòng/s"
        if left > 0 { line += String(format: ", còn ~%.0f s", left) }
        FileHandle.standardError.write(Data((line + "\u{1B}[K").utf8))
    }

    func finish(stage: String) {
        lock.lock()
        defer { lock.unlock() }
        guard started.removeValue(forKey: stage) != nil else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))  // clear the line for the summary
    }
}
