import Foundation
import Testing
import VKSModel
import VKSReaders
import VKSWarehouse

@testable import VKSPipeline

struct RowFeedTests {
    /// Archives each text and returns the ledger entries `normalize` would hand the feed.
    private func archived(_ files: [(name: String, text: String)], in folder: String) throws -> [ReceivedFile] {
        let archive = Archive(folder: folder)
        return try files.map { file in
            let stored = try archive.store(from: MemoryByteSource(Array(file.text.utf8)))
            return ReceivedFile(
                sha256: stored.sha256, name: file.name, size: stored.size, arrivedAt: "2026-10-01T00:00:00Z", runId: "t"
            )
        }
    }

    private let checker = FileChecker(
        reference: referenceData,
        options: CheckOptions(today: CivilDate(year: 2026, month: 11, day: 29)))

    /// Rows come out file by file, in order, across batch boundaries, and only the rows without errors.
    @Test func rowsComeFileByFileInOrder() throws {
        let folder = NSTemporaryDirectory() + "rowfeed-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let staffing = "unit_code,total_staff,procurators,it_staff,it_engineers\n"
        let files = try archived(
            [
                (
                    "79_2026-Q3_staffing.csv",
                    staffing + "79,120,60,5,2\n79-01,30,12,1,0\n79-02,25,10,-1,0\n79-03,20,9,1,1\n"
                ),
                ("01_2026-Q3_staffing.csv", staffing + "01,200,90,8,3\n"),
            ], in: folder)
        let feed = RowFeed(files: files, checker: checker, archive: Archive(folder: folder), batchSize: 2, capacity: 1)
        defer { feed.stop() }
        var first: [Int] = []
        try feed.rowsOfNextFile { first.append($0.line) }
        var second: [String?] = []
        try feed.rowsOfNextFile { second.append($0.values[0].text) }
        #expect(first == [2, 3, 5])  // line 4 has an error
        #expect(second == ["01"])
    }

    /// With several lanes, each claiming the next file as it finishes one, the rows still come out in
    /// the files' order: a large file in one lane does not let the small files after it jump ahead.
    @Test func severalLanesKeepTheFilesOrder() throws {
        let folder = NSTemporaryDirectory() + "rowfeed-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let staffing = "unit_code,total_staff,procurators,it_staff,it_engineers\n"
        let big = (1...20).map { "79-\(String(format: "%02d", $0)),30,12,1,0\n" }.joined()
        let files = try archived(
            (0..<7).map { index in
                ("79_2026-Q3_staffing.csv", staffing + (index % 3 == 0 ? big : "") + "79,200,90,8,\(index)\n")
            }, in: folder)
        let feed = RowFeed(
            files: files, checker: checker, archive: Archive(folder: folder), batchSize: 3, capacity: 1, readers: 3)
        defer { feed.stop() }
        var lastEngineers: [Int64?] = []
        var rowCounts: [Int] = []
        for _ in files {
            var rows: [CheckedRow] = []
            try feed.rowsOfNextFile { rows.append($0) }
            rowCounts.append(rows.count)
            lastEngineers.append(rows.last?.values[4].integer)
        }
        #expect(lastEngineers == [0, 1, 2, 3, 4, 5, 6])
        #expect(rowCounts == [21, 1, 1, 21, 1, 1, 21])
    }

    /// A file missing from the archive fails its own turn, with the rows of the file before it intact;
    /// stopping then ends the background reading without waiting for the rest.
    @Test func aMissingArchiveCopyFailsItsTurn() throws {
        let folder = NSTemporaryDirectory() + "rowfeed-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: folder) }
        var files = try archived(
            [("79_2026-Q3_staffing.csv", "unit_code,total_staff,procurators,it_staff,it_engineers\n79,120,60,5,2\n")],
            in: folder)
        files.append(
            ReceivedFile(
                sha256: String(repeating: "0", count: 64), name: "01_2026-Q3_staffing.csv", size: 1,
                arrivedAt: "2026-10-01T00:00:00Z", runId: "t"))
        files += files  // more work behind the failure, which `stop` must cut short
        let feed = RowFeed(files: files, checker: checker, archive: Archive(folder: folder), capacity: 1)
        defer { feed.stop() }
        var rows = 0
        try feed.rowsOfNextFile { _ in rows += 1 }
        #expect(rows == 1)
        #expect(throws: ReaderError.self) { try feed.rowsOfNextFile { _ in } }
    }
}
