import Foundation
import GRDB
import Glibc
import Testing

struct SampleCommandTests {
    /// `--xlsx-share 1`: every return a workbook, as offices save them (title row, Vietnamese headers,
    /// amounts in millions in number cells); the night gives the very indicators the same data give
    /// as clean CSV files: the same rows went into the same checks.
    @Test func workbookReturnsGiveWhatTheirCSVGives() throws {
        var indicators: [Data] = []
        for share in ["0", "1"] {
            let workdir = try Workdir()
            let sample = try workdir.run([
                "sample", "--out", "inbox", "--seed", "5", "--period", "2026-Q3", "--error-share", "0",
                "--messy-share", "0", "--xlsx-share", share, "--pipeline", repositoryRoot + "/pipelines/nightly.yaml",
            ])
            #expect(sample.status == 0)
            let workbooks = FileManager.default.enumerator(atPath: workdir.inbox)?.compactMap { $0 as? String }
                .filter { $0.hasSuffix(".xlsx") }.count
            #expect(workbooks == (share == "1" ? 34 * 4 : 0))
            let run = try workdir.vksict("run")
            #expect(run.status == 0, "\(run.stderr)")
            indicators.append(try workdir.bytes("exports/2026-Q3/indicators.csv.gz"))
        }
        #expect(indicators[0] == indicators[1])
    }

    @Test func sampleIsReproducibleAndRunsThrough() throws {
        let workdir = try Workdir()
        let options = [
            "--out", "inbox", "--seed", "3", "--periods", "2026-Q3", "--error-share", "0.2",
            "--pipeline", repositoryRoot + "/pipelines/nightly.yaml",
        ]
        #expect(try workdir.run(["sample"] + options).status == 0)
        let first = try workdir.bytes("inbox/79/79_2026-Q3_hardware.csv")
        #expect(try workdir.run(["sample"] + options).status == 0)
        #expect(try workdir.bytes("inbox/79/79_2026-Q3_hardware.csv") == first)
        let outcome = try workdir.vksict("run")
        #expect(outcome.status == 65)
        let status = try workdir.vksict("status", "--format", "csv")
        let accepted = status.stdout.split(separator: "\n").filter { $0.hasSuffix(",accepted,1") }.count
        #expect(accepted > 34 * 4 / 2)
    }
}
