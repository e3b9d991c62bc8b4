import Foundation
import Testing
import VKSModel
import VKSReaders

@testable import VKSPipeline

/// One bad thing per case, and the finding (code@line:column) it must produce.
struct FileCheckerTests {
    static let staffingHeader = "unit_code,total_staff,procurators,it_staff,it_engineers\n"
    static let hardwareHeader =
        "unit_code,category,quantity,in_use,broken,acquired_year,funding_source,protected,unit_value\n"
    static let softwareHeader =
        "unit_code,software_code,status,hosting,accounts,active_users,transactions,transactions_total\n"
    static let spendingHeader = "unit_code,category,funding_source,allocated,spent,amount_unit,project_code\n"

    struct Case: Sendable, CustomTestStringConvertible {
        let name: String
        let file: String
        let text: String
        let expected: [String]
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(
            name: "clean staffing", file: "79_2026-Q3_staffing.csv",
            text: staffingHeader + "79,120,60,4,2\n79-01,30,15,1,\n", expected: []),
        Case(name: "file name", file: "79_2026-Q3_nhanluc.csv", text: staffingHeader, expected: ["E_FILE_NAME@-:-"]),
        Case(
            name: "unknown province in name", file: "63_2026-Q3_staffing.csv",
            text: staffingHeader + "79,1,1,1,\n", expected: ["E_FILE_NAME@-:-"]),
        Case(
            name: "malformed period", file: "79_2026-Q7_staffing.csv", text: staffingHeader, expected: ["E_PERIOD@-:-"]),
        Case(
            name: "future period", file: "79_2027-Q1_staffing.csv",
            text: staffingHeader + "79,1,1,1,\n", expected: ["E_PERIOD@-:-"]),
        Case(name: "empty file", file: "79_2026-Q3_staffing.csv", text: "", expected: ["E_EMPTY@-:-"]),
        Case(name: "header only", file: "79_2026-Q3_staffing.csv", text: staffingHeader, expected: ["E_EMPTY@-:-"]),
        Case(
            name: "no header", file: "79_2026-Q3_staffing.csv", text: "79,120,60,4,2\n",
            expected: ["E_HEADER_MISSING@1:-"]),
        Case(
            name: "required column missing", file: "79_2026-Q3_staffing.csv",
            text: "unit_code,total_staff,procurators\n79,1,1\n", expected: ["E_HEADER_MISSING@1:it_staff"]),
        Case(
            name: "duplicate column (English and Vietnamese)", file: "79_2026-Q3_staffing.csv",
            text: "unit_code,total_staff,procurators,it_staff,Tổng biên chế\n79,1,1,1,1\n",
            expected: ["E_HEADER_DUPLICATE@1:total_staff"]),
        Case(
            name: "unknown column is a warning", file: "79_2026-Q3_staffing.csv",
            text: "unit_code,total_staff,procurators,it_staff,ghi chú\n79,10,5,1,x\n",
            expected: ["W_UNKNOWN_COLUMN@1:ghi chú"]),
        Case(
            name: "unit of another province", file: "79_2026-Q3_staffing.csv",
            text: staffingHeader + "79,10,5,1,\n01-01,10,5,1,\n", expected: ["E_PROVINCE_MISMATCH@3:unit_code"]),
        Case(
            name: "unknown unit", file: "79_2026-Q3_staffing.csv",
            text: staffingHeader + "79-99,10,5,1,\n", expected: ["E_CODE@2:unit_code"]),
        Case(
            name: "regional unit before it existed", file: "79_2025-Q2_staffing.csv",
            text: staffingHeader + "79-01,10,5,1,\n", expected: ["E_CODE@2:unit_code"]),
        Case(
            name: "former province unit before the merger", file: "74_2025-Q2_staffing.csv",
            text: staffingHeader + "74,10,5,1,\n", expected: []),
        Case(
            name: "another former province before the merger", file: "74_2025-Q2_staffing.csv",
            text: staffingHeader + "77,10,5,1,\n", expected: ["E_PROVINCE_MISMATCH@2:unit_code"]),
        Case(
            name: "row with too many cells", file: "79_2026-Q3_staffing.csv",
            text: staffingHeader + "79,10,5,1,0,9\n", expected: ["E_ROW_SHAPE@2:-"]),
        Case(
            name: "row with too few cells", file: "79_2026-Q3_staffing.csv",
            text: staffingHeader + "79,10,5\n", expected: ["E_ROW_SHAPE@2:-"]),
        Case(
            name: "Excel padding is not a shape error", file: "79_2026-Q3_staffing.csv",
            text: "unit_code,total_staff,procurators,it_staff,it_engineers,,\n79,10,5,1,,,\n,,,,,,\n", expected: []),
        Case(
            name: "required cell blank", file: "79_2026-Q3_staffing.csv",
            text: staffingHeader + "79,,5,1,\n", expected: ["E_REQUIRED@2:total_staff"]),
        Case(
            name: "not a number", file: "79_2026-Q3_staffing.csv",
            text: staffingHeader + "79,mười,5,1,\n", expected: ["E_TYPE@2:total_staff"]),
        Case(
            name: "decimal in an integer column", file: "79_2026-Q3_staffing.csv",
            text: staffingHeader + "79,10,5,1,1\n79-01,\"10,5\",5,1,\n", expected: ["E_TYPE@3:total_staff"]),
        Case(
            name: "negative count", file: "79_2026-Q3_staffing.csv",
            text: staffingHeader + "79,10,-1,1,\n", expected: ["E_RANGE@2:procurators"]),
        Case(
            name: "total staff at least one", file: "79_2026-Q3_staffing.csv",
            text: staffingHeader + "79,0,0,0,\n", expected: ["E_RANGE@2:total_staff"]),
        Case(
            name: "engineers more than IT staff", file: "79_2026-Q3_staffing.csv",
            text: staffingHeader + "79,10,5,1,2\n", expected: ["E_CONSISTENCY@2:it_engineers"]),
        Case(
            name: "duplicate key names the earlier line", file: "79_2026-Q3_staffing.csv",
            text: staffingHeader + "79,10,5,1,\n79-01,10,5,1,\n79,11,5,1,\n", expected: ["E_DUPLICATE_KEY@4:unit_code"]),
        Case(
            name: "in_use + broken over quantity", file: "79_2026-Q3_hardware.csv",
            text: hardwareHeader + "79,desktop,10,9,2,2024,central,5,\n", expected: ["E_CONSISTENCY@2:in_use"]),
        Case(
            name: "acquired in the future", file: "79_2026-Q3_hardware.csv",
            text: hardwareHeader + "79,desktop,10,9,0,2027,central,5,\n", expected: ["E_RANGE@2:acquired_year"]),
        Case(
            name: "protected on a printer", file: "79_2026-Q3_hardware.csv",
            text: hardwareHeader + "79,printer,3,3,0,2024,central,1,\n", expected: ["E_CONSISTENCY@2:protected"]),
        Case(
            name: "protected over in use", file: "79_2026-Q3_hardware.csv",
            text: hardwareHeader + "79,laptop,3,2,0,2024,central,3,\n", expected: ["E_CONSISTENCY@2:protected"]),
        Case(
            name: "unknown device category", file: "79_2026-Q3_hardware.csv",
            text: hardwareHeader + "79,máy fax,3,2,0,2024,central,,\n", expected: ["E_CODE@2:category"]),
        Case(
            name: "alias mapped once per value, with its count", file: "79_2026-Q3_hardware.csv",
            text: hardwareHeader + "79,PC,3,2,0,2024,central,,\n79,PC,3,2,0,2023,central,,\n",
            expected: ["W_ALIAS@2:category"]),
        Case(
            name: "accounts required when in use", file: "79_2026-Q3_software.csv",
            text: softwareHeader + "79,QLVB,in_use,central,,,,\n", expected: ["E_REQUIRED@2:accounts"]),
        Case(
            name: "active users over accounts", file: "79_2026-Q3_software.csv",
            text: softwareHeader + "79,QLVB,in_use,central,10,11,,\n", expected: ["E_CONSISTENCY@2:active_users"]),
        Case(
            name: "transactions over their total", file: "79_2026-Q3_software.csv",
            text: softwareHeader + "79,QLVB,in_use,central,10,5,50,40\n",
            expected: ["E_CONSISTENCY@2:transactions_total"]),
        Case(
            name: "unknown software", file: "79_2026-Q3_software.csv",
            text: softwareHeader + "79,ZALO,in_use,central,10,5,,\n", expected: ["E_CODE@2:software_code"]),
        Case(
            name: "overspend is a warning", file: "79_2026-Q3_spending.csv",
            text: spendingHeader + "79,hardware,central,100,120,,\n", expected: ["W_OVERSPEND@2:spent"]),
        Case(
            name: "two blank project codes collide", file: "79_2026-Q3_spending.csv",
            text: spendingHeader + "79,hardware,central,100,90,,\n79,hardware,central,5,5,,\n",
            expected: ["E_DUPLICATE_KEY@3:unit_code"]),
        Case(
            name: "absurdly large count is out of range, not a crash", file: "79_2026-Q3_hardware.csv",
            text: hardwareHeader + "79,desktop,5,9223372036854775807,1,2020,central,,\n", expected: ["E_RANGE@2:in_use"]
        ),
        Case(
            name: "absurd amount of money", file: "79_2026-Q3_spending.csv",
            text: spendingHeader + "79,hardware,central,5000000,9.000.000.000,trieu_dong,\n",
            expected: ["E_RANGE@2:spent"]),
        Case(
            name: "header after a blank line keeps physical lines", file: "79_2026-Q3_staffing.csv",
            text: "\nunit_code,total_staff,procurators,it_staff,ghi chú\n79,10,-5,1,x\n",
            expected: ["W_UNKNOWN_COLUMN@2:ghi chú", "E_RANGE@3:procurators"]),
        Case(
            name: "newline in a quoted cell shifts lines", file: "79_2026-Q3_spending.csv",
            text: spendingHeader + "79,hardware,central,100,90,,\"DA\n1\"\n79,training,central,-5,0,,\n",
            expected: ["E_RANGE@4:allocated"]),
    ]

    @Test(arguments: cases)
    func findings(_ testCase: Case) throws {
        let (result, _) = try check(testCase.file, testCase.text)
        #expect(summary(result) == testCase.expected)
    }

    @Test func everyFindingHasAVietnameseMessageAndTheValue() throws {
        let (result, _) = try check("79_2026-Q3_staffing.csv", Self.staffingHeader + "79,mười,5,1,\n")
        let finding = try #require(result.findings.first)
        #expect(finding.value == "mười")
        #expect(finding.message.contains("số nguyên"))
        #expect(finding.severity == .error)
    }

    @Test func duplicateKeyMessageNamesTheFirstLine() throws {
        let (result, _) = try check("79_2026-Q3_staffing.csv", Self.staffingHeader + "79,10,5,1,\n79,11,5,1,\n")
        #expect(result.findings.first?.message.contains("dòng 2") == true)
    }

    @Test func aliasWarningCountsOccurrences() throws {
        let (result, _) = try check(
            "79_2026-Q3_hardware.csv",
            Self.hardwareHeader + "79,PC,3,2,0,2024,central,,\n79,pc ,3,2,0,2023,central,,\n")
        #expect(result.findings.first?.message.contains("2 dòng") == true)
    }

    @Test func allFindingsOfAFileAreCollected() throws {
        let (result, rows) = try check(
            "79_2026-Q3_staffing.csv",
            Self.staffingHeader + "79,-1,5,1,\n79-01,x,5,1,\n79-02,10,5,1,\n79-03,10,50,1,\n")
        #expect(summary(result) == ["E_RANGE@2:total_staff", "E_TYPE@3:total_staff", "E_CONSISTENCY@5:procurators"])
        #expect(result.rowsTotal == 4)
        #expect(result.rowsRejected == 3)
        #expect(rows.map(\.line) == [4])
    }

    /// A cell over the limit is its row's problem (the file reads on; reject_file rejects it all the same).
    @Test func tooLargeCellIsItsRowsFinding() throws {
        var limits = Limits()
        limits.maxCellBytes = 16
        let (result, _) = try check(
            "79_2026-Q3_staffing.csv",
            Self.staffingHeader + "79,10,5,1,\n79-01,\(String(repeating: "9", count: 20)),5,1,\n",
            limits: limits)
        #expect(summary(result) == ["E_TOO_LARGE@3:total_staff"])
        #expect(result.fileRejected)
    }

    @Test func plainFileOverTheSizeLimit() throws {
        var limits = Limits()
        limits.maxFileBytes = 100
        let text = Self.staffingHeader + (1...20).map { "79-\(String(format: "%02d", $0)),10,5,1,\n" }.joined()
        let (result, _) = try check("79_2026-Q3_staffing.csv", text, limits: limits)
        #expect(summary(result) == ["E_TOO_LARGE@-:-"])
    }

    /// An XML file cut off by the size limit keeps what was found before the cut, as when it was
    /// read against the XSD alone (it is read first against the XSD in declared column order).
    @Test func xmlOverTheSizeLimitKeepsTheFindingsBeforeIt() throws {
        var limits = Limits()
        limits.maxFileBytes = 150_000  // past the reader's first two chunks of 64 KiB: rows are read before the cut
        let rows = (1...2_000).map {
            "<row><unit_code>79-\(String(format: "%02d", $0 % 100))</unit_code><total_staff>10</total_staff>"
                + "<procurators>\($0 == 1 ? -4 : 5)</procurators><it_staff>1</it_staff></row>\n"
        }.joined()
        let xml = Array(
            """
            <?xml version="1.0" encoding="UTF-8"?>
            <submission xmlns="urn:vksnd:cuc2:ict:1" province="79" period="2026-Q3" submittedAt="2026-10-05T08:00:00+07:00">
            <staffing>
            \(rows)</staffing>
            </submission>

            """.utf8)
        let options = CheckOptions(
            limits: limits, today: CivilDate(year: 2026, month: 11, day: 29),
            schema: SubmissionSchema(path: repositoryRoot + "/schemas/submission-v1.xsd"))
        let result = try FileChecker(reference: referenceData, options: options)
            .check(deliveredName: "79_2026-Q3.xml", open: { MemoryByteSource(xml) })
        #expect(summary(result).contains("E_RANGE@4:procurators"))
        #expect(summary(result).contains("E_TOO_LARGE@-:-"))
        #expect(result.fileRejected)
    }

    /// After a byte order mark detection reads no further, so each record is still checked for
    /// UTF-8 (a file read whole as UTF-8 is not checked again record by record).
    @Test func invalidUTF8AfterAByteOrderMarkIsFoundOnItsLine() throws {
        let checker = FileChecker(
            reference: referenceData, options: CheckOptions(today: CivilDate(year: 2026, month: 11, day: 29)))
        let bytes =
            [0xEF, 0xBB, 0xBF] + Array(Self.staffingHeader.utf8) + Array("79,10,5,1,\n".utf8)
            + [0x37, 0x39, 0x2D, 0xC3, 0x28, 0x0A]
        let result = try checker.check(deliveredName: "79_2026-Q3_staffing.csv", open: { MemoryByteSource(bytes) })
        #expect(summary(result) == ["E_ENCODING@3:-"])
        #expect(result.encoding == "UTF-8 (BOM)")
    }

    @Test func quotedCellOverTheLimitPointsAtItsQuote() throws {
        var limits = Limits()
        limits.maxCellBytes = 50
        let text =
            Self.staffingHeader + "79,10,5,1,\n\"79-01,10,5,1,\n" + String(repeating: "79-02,10,5,1,\n", count: 10)
        let (result, _) = try check("79_2026-Q3_staffing.csv", text, limits: limits)
        // The quote runs to the end of the file: that, not the cell's length, is the problem named.
        #expect(summary(result) == ["E_ROW_SHAPE@3:-"])
        #expect(result.findings.first?.message.contains("ngoặc kép") == true)
    }

    @Test func invalidUTF8IsAnEncodingFinding() throws {
        let checker = FileChecker(
            reference: referenceData, options: CheckOptions(today: CivilDate(year: 2026, month: 11, day: 29)))
        let bytes = Array(Self.staffingHeader.utf8) + Array("79,10,5,1,\n".utf8) + [0x37, 0x39, 0x2D, 0xC3, 0x28, 0x0A]
        let result = try checker.check(deliveredName: "79_2026-Q3_staffing.csv", open: { MemoryByteSource(bytes) })
        #expect(summary(result) == ["E_ENCODING@3:-"])
        #expect(result.fileRejected)
    }

    @Test func corruptGzipIsAFileFinding() throws {
        let checker = FileChecker(
            reference: referenceData, options: CheckOptions(today: CivilDate(year: 2026, month: 11, day: 29)))
        let result = try checker.check(
            deliveredName: "79_2026-Q3_staffing.csv.gz",
            open: { MemoryByteSource(Array("not gzip at all".utf8)) })
        #expect(summary(result) == ["E_GZIP@-:-"])
    }

    @Test func gzippedFileReadsLikeThePlainOne() throws {
        let text = Array((Self.staffingHeader + "79,120,60,4,2\n").utf8)
        let sink = MemorySink()
        let writer = try GzipWriter(destination: sink)
        try writer.write(text)
        try writer.finish()
        let checker = FileChecker(
            reference: referenceData, options: CheckOptions(today: CivilDate(year: 2026, month: 11, day: 29)))
        var rows: [CheckedRow] = []
        let result = try checker.check(
            deliveredName: "79_2026-Q3_staffing.csv.gz", open: { MemoryByteSource(sink.bytes) },
            onRow: { rows.append($0) })
        #expect(result.findings.isEmpty)
        #expect(rows.first?.values == [.text("79"), .integer(120), .integer(60), .integer(4), .integer(2)])
    }
}
