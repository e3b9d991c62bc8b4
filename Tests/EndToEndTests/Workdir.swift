import Foundation
import Synchronization
import Testing

/// The repository root, from this file's place in it.
let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().path

/// The `vksict` executable that `swift test` built beside the test bundle.
let vksictExecutable: String = {
    let besideTests = Bundle.main.bundleURL.appendingPathComponent("vksict").path
    if FileManager.default.isExecutableFile(atPath: besideTests) { return besideTests }
    return repositoryRoot + "/.build/debug/vksict"
}()

/// What running the command gave.
struct Outcome {
    let status: Int32
    let stdout: String
    let stderr: String
}

/// A temporary folder with a pipeline file whose inbox, archive, warehouse and exports live in it,
/// and the repository's reference data, indicators and tables (as xsv's `Workdir`).
final class Workdir {
    let path: String
    var inbox: String { path + "/inbox" }
    var exports: String { path + "/exports" }
    var pipeline: String { path + "/pipeline.yaml" }
    /// The instant the command believes it is (VKSICT_NOW): tests do not depend on today.
    var now = "2026-10-05T03:00:00Z"

    init(onRowError: String = "reject_file") throws {
        path = NSTemporaryDirectory() + "vksict-e2e-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: path + "/inbox", withIntermediateDirectories: true)
        let yaml = """
            inbox: inbox
            archive: archive
            warehouse: warehouse.sqlite
            exports: exports
            reference: \(repositoryRoot)/pipelines/reference
            indicators: \(repositoryRoot)/pipelines/indicators
            tables: \(repositoryRoot)/pipelines/tables
            schema: \(repositoryRoot)/schemas/submission-v1.xsd
            on_row_error: \(onRowError)
            deadline_days: 15
            settle_seconds: 0
            arrivals: inbox/arrivals.csv
            """
        try yaml.write(toFile: pipeline, atomically: true, encoding: .utf8)
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }

    /// Writes a file into the inbox (sub-folders created as needed).
    func deliver(_ relativePath: String, _ text: String) throws {
        try deliver(relativePath, Data(text.utf8))
    }

    func deliver(_ relativePath: String, _ data: Data) throws {
        let url = URL(fileURLWithPath: inbox + "/" + relativePath)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try data.write(to: url)
    }

    /// Runs `vksict` with the arguments, in this folder, at `now`.
    @discardableResult
    func run(_ arguments: [String]) throws -> Outcome {
        try runTool(vksictExecutable, arguments)
    }

    /// Set while `asUnprivilegedUser` runs: commands run as `nobody`.
    private var unprivileged = false

    /// Runs `body` with every command as a user without privileges when the tests run as root (as
    /// in CI): root reads any folder, so only someone else can meet a permission the inbox denies.
    /// The folder is that user's meanwhile.
    func asUnprivilegedUser<T>(_ body: () throws -> T) throws -> T {
        guard getuid() == 0 else { return try body() }
        func own(_ owner: String) throws {
            #expect(try runTool("/bin/chown", ["-R", owner, path]).status == 0)
        }
        try own("65534:65534")
        unprivileged = true
        defer {
            unprivileged = false
            try? own("0:0")
        }
        return try body()
    }

    /// Runs a program in this folder (HOME here too, for a browser's profile), at `now`.
    func runTool(_ executable: String, _ arguments: [String]) throws -> Outcome {
        let process = Process()
        if unprivileged {
            process.executableURL = URL(fileURLWithPath: "/usr/bin/setpriv")
            process.arguments = ["--reuid=65534", "--regid=65534", "--clear-groups", executable] + arguments
        } else {
            process.executableURL = URL(fileURLWithPath: executable)
            process.arguments = arguments
        }
        process.currentDirectoryURL = URL(fileURLWithPath: path)
        var environment = ProcessInfo.processInfo.environment
        environment["VKSICT_NOW"] = now
        environment["HOME"] = path
        process.environment = environment
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        // Both pipes drained at once: a program that fills one while the other is read (a build's
        // output on standard error) would otherwise wait forever.
        let errors = Mutex(Data())
        let done = DispatchSemaphore(value: 0)
        let errorPipe = err.fileHandleForReading
        Thread {
            let data = errorPipe.readDataToEndOfFile()
            errors.withLock { $0 = data }
            done.signal()
        }.start()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        done.wait()
        let stderr = errors.withLock { $0 }
        process.waitUntilExit()
        return Outcome(
            status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
            stderr: String(decoding: stderr, as: UTF8.self))
    }

    /// Gives this folder its own copy of the reference data, for tests that change it.
    func useOwnReferenceData() throws -> String {
        let reference = path + "/reference"
        try FileManager.default.copyItem(atPath: repositoryRoot + "/pipelines/reference", toPath: reference)
        let yaml = try String(contentsOfFile: pipeline, encoding: .utf8)
            .replacingOccurrences(of: repositoryRoot + "/pipelines/reference", with: "reference")
        try yaml.write(toFile: pipeline, atomically: true, encoding: .utf8)
        return reference
    }

    /// Gives this folder its own copy of a folder of `pipelines/` (`indicators`, `tables`), for
    /// tests that add or change definitions.
    func useOwn(_ folder: String) throws -> String {
        let own = path + "/" + folder
        try FileManager.default.copyItem(atPath: repositoryRoot + "/pipelines/" + folder, toPath: own)
        let yaml = try String(contentsOfFile: pipeline, encoding: .utf8)
            .replacingOccurrences(of: repositoryRoot + "/pipelines/" + folder, with: folder)
        try yaml.write(toFile: pipeline, atomically: true, encoding: .utf8)
        return own
    }

    /// `vksict <command> --pipeline pipeline.yaml …`
    @discardableResult
    func vksict(_ command: String, _ arguments: String...) throws -> Outcome {
        try run([command, "--pipeline", pipeline] + arguments)
    }

    /// The rows of an export, decompressed, BOM stripped, as arrays of cells (simple CSV: no quoted commas).
    func exportRows(_ period: String, _ file: String) throws -> [[String]] {
        let text = try gunzip(exports + "/" + period + "/" + file)
        return text.split(separator: "\r\n").map {
            $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        }
    }

    /// An export's rows, read as RFC 4180 says (quoted cells may hold commas and quotes).
    func csvRows(_ period: String, _ file: String) throws -> [[String]] {
        Self.parseCSV(try gunzip(exports + "/" + period + "/" + file))
    }

    /// CSV text as RFC 4180 reads it (a leading BOM dropped).
    static func parseCSV(_ text: String) -> [[String]] {
        var rows: [[String]] = []
        var row: [String] = []
        var cell = ""
        var quoted = false
        var previous: Character = " "
        for character in text.hasPrefix("\u{FEFF}") ? Substring(text.dropFirst()) : Substring(text) {
            switch (character, quoted) {
            case ("\"", true): quoted = false
            case ("\"", false):
                if previous == "\"" { cell.append("\"") }
                quoted = true
            case (",", false):
                row.append(cell)
                cell = ""
            case ("\r\n", false), ("\n", false):
                row.append(cell)
                rows.append(row)
                (row, cell) = ([], "")
            default: cell.append(character)
            }
            previous = character
        }
        return rows
    }

    func gunzip(_ path: String) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/gzip")
        process.arguments = ["-dc", path]
        let out = Pipe()
        process.standardOutput = out
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        var text = String(decoding: data, as: UTF8.self)
        if text.hasPrefix("\u{FEFF}") { text.removeFirst() }
        return text
    }

    func bytes(_ relativePath: String) throws -> Data {
        try Data(contentsOf: URL(fileURLWithPath: path + "/" + relativePath))
    }
}
