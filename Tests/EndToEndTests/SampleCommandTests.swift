import Foundation
import GRDB
import Glibc
import Testing

struct SampleCommandTests {
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
