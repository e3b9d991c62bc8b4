import Foundation
import GRDB
import Glibc
import Testing

/// SPEC §5: when the rules change, what they refused is checked again.
struct RecheckTests {
    static let staffing = "unit_code,total_staff,procurators,it_staff\n79,100,40,4\n79-24,30,10,1\n"

    /// Cục 2 registers the missing unit: the next run, with nothing new in the inbox, accepts the file,
    /// on time as it arrived.
    @Test func aFileRefusedForAUnitCuc2HasSinceAddedIsAcceptedAtTheNextRun() throws {
        let workdir = try Workdir()
        let reference = try workdir.useOwnReferenceData()
        try workdir.deliver("79_2026-Q3_staffing.csv", Self.staffing)
        let first = try workdir.vksict("run")
        #expect(first.status == 65)
        #expect(
            try workdir.vksict("rejections").stdout.contains("79_2026-Q3_staffing.csv:3: unit_code: E_CODE \"79-24\""))

        workdir.now = "2026-11-20T03:00:00Z"  // after the deadline: the arrival still counts
        let units = reference + "/units.csv"
        try
            (String(contentsOfFile: units, encoding: .utf8)
            + "79-24,Viện kiểm sát nhân dân khu vực 24 - Hồ Chí Minh,79,regional,2025-07-01,\n")
            .write(toFile: units, atomically: true, encoding: .utf8)
        let night = try workdir.vksict("run")
        #expect(night.status == 0)
        #expect(night.stderr.contains("ingest: 0 tệp"))
        #expect(night.stderr.contains("validate: 1 tệp"))
        let status = try workdir.vksict("status", "--format", "csv", "--period", "2026-Q3").stdout
        #expect(status.contains("2026-Q3,79,Thành phố Hồ Chí Minh,staffing,accepted,1"))
        #expect(try workdir.vksict("rejections").stdout == "Không có lỗi nào.\n")
        // 100 × 5 / 130
        #expect(indicator(try workdir.exportRows("2026-Q3", "indicators.csv.gz"), "79", "I11") == "3.846154")
    }

    /// `validate --recheck` does the same on demand: here after a limit was raised in the pipeline file.
    @Test func validateRecheckChecksTheGivenPeriodsAgain() throws {
        let workdir = try Workdir()
        let yaml = try String(contentsOfFile: workdir.pipeline, encoding: .utf8)
        try (yaml + "\nlimits:\n  max_cell_bytes: 8\n").write(
            toFile: workdir.pipeline, atomically: true, encoding: .utf8)
        try workdir.deliver("79_2026-Q3_staffing.csv", "unit_code,total_staff,procurators,it_staff\n79,100,40,4\n")
        #expect(try workdir.vksict("run").status == 65)  // "procurators" is longer than 8 bytes
        try yaml.write(toFile: workdir.pipeline, atomically: true, encoding: .utf8)
        #expect(try workdir.vksict("run").stderr.contains("validate: 0 tệp"))  // nothing says to look again
        let other = try workdir.vksict("validate", "--recheck", "--period", "2026-Q2")
        #expect(other.stderr.contains("validate: 0 tệp"))
        let recheck = try workdir.vksict("validate", "--recheck", "--period", "2026-Q3", "--province", "79")
        #expect(recheck.status == 0)
        #expect(recheck.stderr.contains("validate: 1 tệp, 1 dòng, 0 bị từ chối"))
        #expect(try workdir.vksict("run").status == 0)
        #expect(indicator(try workdir.exportRows("2026-Q3", "indicators.csv.gz"), "79", "I11") == "4")
    }
}
