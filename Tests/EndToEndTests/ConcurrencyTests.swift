import Foundation
import GRDB
import Glibc
import Testing

/// Two runs at once, and an analyst reading while a run writes.
struct ConcurrencyTests {
    @Test func twoRunsStartedTogetherOneWorksOneExits75() throws {
        let workdir = try CrashSafetyTests().prepare()
        func start() throws -> (Process, Pipe) {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: vksictExecutable)
            process.arguments = ["run", workdir.pipeline]
            process.environment = ProcessInfo.processInfo.environment.merging(["VKSICT_NOW": workdir.now]) { $1 }
            let err = Pipe()
            process.standardError = err
            try process.run()
            return (process, err)
        }
        let (first, firstErr) = try start()
        usleep(300_000)
        let (second, secondErr) = try start()
        // An analyst's read-only commands while the run writes.
        let status = try workdir.vksict("status", "--format", "csv")
        #expect(status.status == 0)
        #expect(try workdir.vksict("rejections").status == 0)
        let secondText = String(decoding: secondErr.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        second.waitUntilExit()
        _ = firstErr.fileHandleForReading.readDataToEndOfFile()
        first.waitUntilExit()
        #expect(first.terminationStatus == 65)
        #expect(second.terminationStatus == 75)
        #expect(secondText.contains("another run holds the warehouse lock"))
        #expect(secondText.contains("pid \(first.processIdentifier)"))
    }
}
