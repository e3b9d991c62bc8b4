import Foundation
import Testing

/// Running it from cron and watching it by hand (issue 6): logs, quiet runs, the run log, progress.
struct OperationsTests {
    @Test func jsonLogsParseLineByLine() throws {
        let workdir = try Workdir()
        try HandInbox.deliver(to: workdir)
        let outcome = try workdir.vksict("run", "--log-format", "json")
        #expect(outcome.status == 65)
        let events = try outcome.stderr.split(separator: "\n").map {
            try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any], "\($0)")
        }
        let stages = events.filter { $0["event"] as? String == "stage" }
        #expect(stages.map { $0["stage"] as? String } == ["ingest", "validate", "normalize", "aggregate", "export"])
        #expect(Set(stages.compactMap { $0["run_id"] as? String }).count == 1)
        let validated = events.filter { $0["event"] as? String == "file" && $0["stage"] as? String == "validate" }
        #expect(validated.count == 9)
        let rejected = try #require(validated.first { $0["file"] as? String == "01/01_2026-Q3_hardware.csv" })
        #expect(rejected["status"] as? String == "rejected")
        #expect(rejected["errors"] as? Int == 1)
        #expect(rejected["seconds"] is Double)
    }

    @Test func quietIsSilentOnSuccessAndSaysWhatNeedsAPersonOtherwise() throws {
        let clean = try Workdir()
        try clean.deliver("79_2026-Q3_staffing.csv", "unit_code,total_staff,procurators,it_staff\n79,100,40,4\n")
        let silent = try clean.vksict("run", "--quiet")
        #expect(silent.status == 0)
        #expect(silent.stderr.isEmpty && silent.stdout.isEmpty)

        let broken = try Workdir()
        try HandInbox.deliver(to: broken)
        let loud = try broken.vksict("run", "--quiet")
        #expect(loud.status == 65)
        #expect(loud.stderr.contains("validate: 9 files, 17 rows, 2 rejected"))
        #expect(loud.stderr.contains("2 tệp bị từ chối — xem: vksict rejections"))
    }

    @Test func runsListsEveryRunWithItsOutcome() throws {
        let workdir = try Workdir()
        try HandInbox.deliver(to: workdir)
        try workdir.vksict("run")
        try workdir.vksict("run")
        let runs = try workdir.vksict("runs").stdout.split(separator: "\n").dropFirst()
        #expect(runs.count == 2)
        #expect(runs.last?.contains("ingest,validate,normalize,aggregate,export") == true)
        #expect(runs.last?.hasSuffix("ok, rejected some input") == true)
        #expect(runs.first?.hasSuffix("  ok") == true)  // the second run had nothing new
    }

    @Test func progressOnlyOnATerminal() throws {
        let workdir = try Workdir()
        try HandInbox.deliver(to: workdir)
        let piped = try workdir.vksict("ingest")
        #expect(!piped.stderr.contains("\r"))
        // `script` gives the command a pseudo-terminal, as an analyst's shell would.
        let command = "'\(vksictExecutable)' validate --pipeline '\(workdir.pipeline)'"
        let terminal = try workdir.runTool("/usr/bin/script", ["-qec", command, "/dev/null"])
        #expect(terminal.stdout.contains("\rvalidate "))
        #expect(terminal.stdout.contains("/9 tệp"))
        #expect(terminal.stdout.contains("validate: 9 files"))
    }
}
