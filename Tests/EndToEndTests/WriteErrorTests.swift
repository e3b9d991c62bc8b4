import Foundation
import GRDB
import Glibc
import Testing

/// Disk full and write errors: exit 74 with a clear message, the warehouse consistent, the next run
/// with room completes as if nothing had happened.
struct WriteErrorTests {
    @Test func aFileSizeLimitStopsTheRunWith74AndTheNextRunCompletes() throws {
        let reference = try CrashSafetyTests().prepare()
        #expect(try reference.vksict("run").status == 65)
        let workdir = try CrashSafetyTests().prepare()
        // ulimit -f counts 1 KiB blocks: 600 KiB is less than the warehouse will need.
        let command =
            "export VKSICT_NOW=\(workdir.now); ulimit -f 600; exec '\(vksictExecutable)' run '\(workdir.pipeline)'"
        let limited = try workdir.runTool("/bin/bash", ["-c", command])
        #expect(limited.status == 74, "\(limited.stderr)")
        #expect(limited.stderr.contains("vksict:"))
        let rerun = try workdir.vksict("run")
        #expect(rerun.status == 65, "\(rerun.stderr)")
        let got = try CrashSafetyTests.snapshot(workdir)
        let want = try CrashSafetyTests.snapshot(reference)
        #expect(got == want, "\(Set(got).subtracting(want).prefix(5)) vs \(Set(want).subtracting(got).prefix(5))")
        #expect(try CrashSafetyTests.exports(workdir) == CrashSafetyTests.exports(reference))
    }
}
