import Foundation
import Testing
import VKSModel
import VKSReaders

@testable import VKSPipeline

/// Files that are not text get the finding that says what they are, by the reader's error kind.
struct NotTextTests {
    func findings(_ bytes: [UInt8]) throws -> [Finding] {
        let checker = FileChecker(
            reference: referenceData, options: CheckOptions(today: CivilDate(year: 2026, month: 11, day: 29)))
        return try checker.check(deliveredName: "79_2026-Q3_staffing.csv", open: { MemoryByteSource(bytes) }).findings
    }

    @Test func aWorkbookNamedCSVIsSaidToBeAWorkbook() throws {
        let zip: [UInt8] = [0x50, 0x4B, 0x03, 0x04, 0x14, 0x00, 0x06, 0x00] + Array(repeating: 0, count: 40)
        let found = try findings(zip)
        #expect(found.map(\.code) == [.encoding])
        #expect(found.first?.message == Messages.spreadsheetNotCSV)
    }

    @Test func nulBytesAreSaidToBeNoText() throws {
        let found = try findings(Array("unit_code,total_staff\n79,".utf8) + [0, 0, 0, 1, 2] + Array("\n".utf8))
        #expect(found.map(\.code) == [.encoding])
        #expect(found.first?.message.hasPrefix("Tệp có byte 0 (NUL) ở byte thứ") == true)
    }

    @Test func aGzipNamedCSVIsSaidToBeGzip() throws {
        let gzip: [UInt8] =
            [0x1F, 0x8B, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x03] + Array(repeating: 7, count: 30)
        let found = try findings(gzip)
        #expect(found.map(\.code) == [.gzip])
        #expect(
            found.first?.message
                == "Tệp là tệp nén gzip nhưng tên chỉ có đuôi .csv: hãy đặt tên có đuôi .csv.gz (ví dụ "
                + "79_2026-Q3_hardware.csv.gz), hoặc giải nén rồi gửi tệp .csv.")
    }
}
