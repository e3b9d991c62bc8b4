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
        // Levels say what needs a person: the rejected file and the validate stage are warnings.
        #expect(rejected["level"] as? String == "warning")
        #expect(validated.first { $0["status"] as? String == "accepted" }?["level"] as? String == "info")
        #expect(stages.map { $0["level"] as? String } == ["info", "warning", "info", "info", "info"])
        // The last line ends the run with its outcome and exit code.
        let end = try #require(events.last)
        #expect(end["event"] as? String == "run_end")
        #expect(end["exit_code"] as? Int == 65)
        #expect(end["outcome"] as? String == "rejected_input")
        #expect(end["level"] as? String == "warning")
        #expect(end["run_id"] as? String == stages.first?["run_id"] as? String)
    }

    /// A run stopped before its stages (here by a province that does not exist) still ends with `run_end`.
    @Test func aRunThatCannotStartStillEndsInJSON() throws {
        let workdir = try Workdir()
        let outcome = try workdir.vksict("run", "--log-format", "json", "--province", "99")
        #expect(outcome.status == 64)
        let last = try #require(outcome.stderr.split(separator: "\n").last { $0.hasPrefix("{") })
        let end = try #require(try JSONSerialization.jsonObject(with: Data(last.utf8)) as? [String: Any])
        #expect(end["event"] as? String == "run_end")
        #expect(end["exit_code"] as? Int == 64)
        #expect(end["level"] as? String == "error")
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
        #expect(loud.stderr.contains("validate: 9 tệp, 17 dòng, 2 bị từ chối"))
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
        // The files of the run (9 delivered), not of every stage added up.
        let columns = try #require(runs.last?.split(separator: " ", omittingEmptySubsequences: true))
        #expect(columns[3] == "9")
    }

    /// SPEC §10: commands that only read the warehouse never create one, and say so (66); a
    /// province or period that does not exist is a usage error that says so (64).
    @Test func askingAboutWhatDoesNotExist() throws {
        let workdir = try Workdir()
        for command in [["status"], ["rejections"], ["runs"], ["history", "--province", "79", "--period", "2026-Q3"]] {
            let outcome = try workdir.run(command + ["--pipeline", workdir.pipeline])
            #expect(outcome.status == 66, "\(command)")
            #expect(outcome.stderr.contains("chưa có kho dữ liệu ở \(workdir.path)/warehouse.sqlite"), "\(command)")
        }
        let report = try workdir.run(["report", "--period", "2026-Q3", "--pipeline", workdir.pipeline])
        #expect(report.status == 66)
        #expect(!FileManager.default.fileExists(atPath: workdir.path + "/warehouse.sqlite"))

        try workdir.deliver("79_2026-Q3_staffing.csv", "unit_code,total_staff,procurators,it_staff\n79,100,40,4\n")
        #expect(try workdir.vksict("run").status == 0)
        let province = try workdir.vksict("status", "--province", "99")
        #expect(province.status == 64)
        #expect(province.stderr.contains("--province 99: không có tỉnh, thành phố nào mã 99"))
        let future = try workdir.vksict("rejections", "--period", "2031-Q1")
        #expect(future.status == 64)
        #expect(future.stderr.contains("--period 2031-Q1: kỳ này chưa bắt đầu"))
        // A quarter nobody sent: every province and dataset, missing.
        let nobody = try workdir.vksict("status", "--period", "2026-Q1", "--format", "csv").stdout
        let rows = nobody.split(separator: "\n").dropFirst()
        #expect(rows.count == 34 * 4)
        #expect(rows.allSatisfy { $0.hasPrefix("2026-Q1,") && $0.contains(",missing,") })
    }

    /// `sample --period`, as every other command spells it; `--periods` still works.
    @Test func sampleTakesPeriodLikeEveryCommand() throws {
        let workdir = try Workdir()
        for (flag, folder) in [("--period", "a"), ("--periods", "b")] {
            let outcome = try workdir.vksict("sample", "--out", folder, "--seed", "2", flag, "2026-Q3")
            #expect(outcome.status == 0, "\(outcome.stderr)")
        }
        let a = try FileManager.default.subpathsOfDirectory(atPath: workdir.path + "/a").sorted()
        #expect(!a.isEmpty)
        #expect(a == (try FileManager.default.subpathsOfDirectory(atPath: workdir.path + "/b").sorted()))
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
        #expect(terminal.stdout.contains("validate: 9 tệp"))
    }
}
