import Foundation
import Testing

/// Issue 8: a night with one new file recomputes that file's province only, and its exports are
/// byte for byte those of one run over every file.
struct IncrementalRunTests {
    /// A file sent a night late: one the hand inbox has, or the first of a new quarter (which
    /// changes every province's year: I13 counts the returns owed per quarter reported).
    static let newQuarter = (
        "79/79_2026-Q2_staffing.csv", "unit_code,total_staff,procurators,it_staff,it_engineers\n79,90,30,3,1\n"
    )

    /// A file held back from the first night and sent the next. The feedback file of its province
    /// lists the province's files in the order they came, so it is compared only when the late file
    /// is the last of its province in the inbox's order anyway. In an existing quarter, one province
    /// is recomputed: the six definitions that read the file's dataset or the returns (a province
    /// row and the national one each) and the composite I14 (34 + 1), for the quarter and the year;
    /// a new quarter and its year are recomputed whole (15 × 35 rows each).
    @Test(arguments: [
        ("79/79_2026-Q3_staffing.csv", true, 94), ("04/04_2026-Q3_hardware.csv", false, 94),
        (newQuarter.0, true, 1050),
    ])
    func aNightWithOneNewFileGivesWhatOneRunOverEverythingGives(_ late: String, sameOrder: Bool, rows: Int) throws {
        let text = (HandInbox.files + [Self.newQuarter]).first { $0.0 == late }!.1
        let once = try Workdir()
        let nightly = try Workdir()
        try HandInbox.deliver(to: once)
        try once.deliver(late, text)
        #expect(try once.vksict("run").status == 65)
        for (path, text) in HandInbox.files where path != late { try nightly.deliver(path, text) }
        #expect(try nightly.vksict("run").status == 65)
        let otherFeedback = nightly.exports + "/2026-Q3/feedback/01_2026-Q3.csv"
        let before = try FileManager.default.attributesOfItem(atPath: otherFeedback)[.systemFileNumber] as? Int

        try nightly.deliver(late, text)
        let night = try nightly.vksict("run")
        #expect(night.status == 0, "\(night.stderr)")  // only the new file's findings count
        #expect(night.stderr.contains("aggregate: 2 tệp, \(rows) dòng"), "\(night.stderr)")

        let province = String(late.prefix(2))
        for file in try exportFiles(once)
        where !file.hasSuffix("manifest.json")
            && (sameOrder || file != "2026-Q3/feedback/\(province)_2026-Q3.csv")
        {
            #expect(try once.bytes("exports/" + file) == nightly.bytes("exports/" + file), "\(file)")
        }
        #expect(try exportFiles(once) == exportFiles(nightly))
        // The manifests differ in the run that loaded the last input, and (for a late file that
        // is not its province's last) the late feedback file's digest.
        for period in ["2026-Q3", "2026"] where sameOrder || period == "2026" {
            let path = "exports/\(period)/manifest.json"
            #expect(try withoutRunID(once.bytes(path)) == withoutRunID(nightly.bytes(path)), "\(path)")
        }
        // Province 01 sent nothing new: its feedback file is the one written the night before.
        let after = try FileManager.default.attributesOfItem(atPath: otherFeedback)[.systemFileNumber] as? Int
        #expect(before != nil && before == after)
    }

    private func exportFiles(_ workdir: Workdir) throws -> [String] {
        try FileManager.default.subpathsOfDirectory(atPath: workdir.exports)
            .filter { !$0.hasPrefix(".") && !$0.contains("/.") }
            .filter {
                var folder: ObjCBool = false
                return FileManager.default.fileExists(atPath: workdir.exports + "/" + $0, isDirectory: &folder)
                    && !folder.boolValue
            }
            .sorted()
    }

    private func withoutRunID(_ data: Data) -> String {
        String(decoding: data, as: UTF8.self).split(separator: "\n").filter { !$0.contains("\"run_id\"") }.joined(
            separator: "\n")
    }
}
