import Foundation
import Testing

/// Issue 8: a night with one new file recomputes that file's province only, and its exports are
/// byte for byte those of one run over every file.
struct IncrementalRunTests {
    /// Held back from the first night; the last of its province's files in the inbox's order, so the
    /// ledger lists the files in the same order either way.
    static let late = "79/79_2026-Q3_staffing.csv"

    @Test func aNightWithOneNewFileGivesWhatOneRunOverEverythingGives() throws {
        let once = try Workdir(), nightly = try Workdir()
        try HandInbox.deliver(to: once)
        #expect(try once.vksict("run").status == 65)
        for (path, text) in HandInbox.files where path != Self.late { try nightly.deliver(path, text) }
        #expect(try nightly.vksict("run").status == 65)
        let otherFeedback = nightly.exports + "/2026-Q3/feedback/01_2026-Q3.csv"
        let before = try FileManager.default.attributesOfItem(atPath: otherFeedback)[.systemFileNumber] as? Int

        try nightly.deliver(Self.late, HandInbox.files.first { $0.0 == Self.late }!.1)
        let night = try nightly.vksict("run")
        #expect(night.status == 0, "\(night.stderr)")   // only the new file's findings count
        #expect(night.stderr.contains("aggregate: 2 files"))   // the quarter and its year

        for file in try exportFiles(once) where !file.hasSuffix("manifest.json") {
            #expect(try once.bytes("exports/" + file) == nightly.bytes("exports/" + file), "\(file)")
        }
        #expect(try exportFiles(once) == exportFiles(nightly))
        // The manifests differ in the run that loaded the last input, and in nothing else.
        for period in ["2026-Q3", "2026"] {
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
            .filter { var folder: ObjCBool = false
                      return FileManager.default.fileExists(atPath: workdir.exports + "/" + $0, isDirectory: &folder) && !folder.boolValue }
            .sorted()
    }

    private func withoutRunID(_ data: Data) -> String {
        String(decoding: data, as: UTF8.self).split(separator: "\n").filter { !$0.contains("\"run_id\"") }.joined(separator: "\n")
    }
}
