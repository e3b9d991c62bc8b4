import Foundation
import Testing

/// SPEC §9: `vksict_<period>.zip`, the period's files uncompressed in one archive a planner opens with
/// a double click on Windows; read back by Python's zipfile, a reader we did not write.
struct PeriodZipTests {
    static let listing = """
        import sys, zipfile
        with zipfile.ZipFile(sys.argv[1]) as z:
            assert z.testzip() is None
            for entry in z.infolist():
                print(entry.filename, entry.compress_type, "%04d-%02d-%02d" % entry.date_time[:3], entry.file_size)
        """

    @Test func thePeriodsFilesUncompressedInOneArchive() throws {
        let workdir = try Workdir()
        try HandInbox.deliver(to: workdir)
        #expect(try workdir.vksict("run").status == 65)
        let folder = workdir.exports + "/2026-Q3"
        let manifest =
            try JSONSerialization.jsonObject(with: try workdir.bytes("exports/2026-Q3/manifest.json")) as? [String: Any]
        let files = (manifest?["files"] as? [[String: Any]] ?? []).compactMap { $0["name"] as? String }
        #expect(files.last == "vksict_2026-Q3.zip")  // vouched for by the manifest like the others

        let listed = try workdir.runTool(
            "/usr/bin/env", ["python3", "-c", Self.listing, folder + "/vksict_2026-Q3.zip"])
        #expect(listed.status == 0, "\(listed.stderr)")
        let entries = listed.stdout.split(separator: "\n").map { $0.split(separator: " ").map(String.init) }
        // Every other file of the folder, in the manifest's order, a .csv.gz as its .csv; stored, dated 1980-01-01.
        #expect(entries.map { $0[0] } == files.dropLast().map { $0.hasSuffix(".gz") ? String($0.dropLast(3)) : $0 })
        #expect(entries.allSatisfy { $0[1] == "0" && $0[2] == "1980-01-01" })
        #expect(entries.contains { $0[0] == "feedback/01_2026-Q3.csv" })

        let extracted = workdir.path + "/unzipped"
        let unzip = try workdir.runTool(
            "/usr/bin/env",
            [
                "python3", "-c", "import sys, zipfile; zipfile.ZipFile(sys.argv[1]).extractall(sys.argv[2])",
                folder + "/vksict_2026-Q3.zip", extracted,
            ])
        #expect(unzip.status == 0)
        #expect(
            try String(contentsOfFile: extracted + "/indicators.csv", encoding: .utf8)
                == workdir.gunzip(folder + "/indicators.csv.gz"))
        #expect(
            try Data(contentsOf: URL(fileURLWithPath: extracted + "/feedback/01_2026-Q3.csv"))
                == workdir.bytes("exports/2026-Q3/feedback/01_2026-Q3.csv"))
    }
}
