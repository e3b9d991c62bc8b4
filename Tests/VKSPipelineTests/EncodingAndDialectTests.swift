import Foundation
import Testing
import VKSModel
import VKSReaders

@testable import VKSPipeline

/// The same rows in every encoding and dialect a province's office software writes give the same facts.
struct EncodingAndDialectTests {
    static let clean = """
        Mã đơn vị,Loại thiết bị,Số lượng,Đang sử dụng,Hỏng,Năm trang bị,Nguồn kinh phí,Có phần mềm bảo vệ,Đơn giá
        79,Máy tính để bàn,1.234,1.200,4,2020,Ngân sách địa phương,1.100,"15.000.000"
        79-01,Máy tính xách tay,12,10,,2022,Trung ương,9,
        79-02,Thiết bị chuyển mạch,2,2,0,2019,Khác,,"1 500 000"

        """

    static func facts(
        _ bytes: [UInt8], name: String = "79_2026-Q3_hardware.csv",
        overrides: [FileOverride] = []
    ) throws -> (FileCheckResult, [[CellValue]]) {
        let checker = FileChecker(
            reference: referenceData,
            options: CheckOptions(today: CivilDate(year: 2026, month: 11, day: 29), fileOverrides: overrides))
        var rows: [[CellValue]] = []
        let result = try checker.check(
            deliveredName: name, open: { MemoryByteSource(bytes) }, onRow: { rows.append($0.values) })
        return (result, rows)
    }

    static var expected: [[CellValue]] { try! facts(Array(clean.utf8)).1 }

    @Test func cleanFileIsTheReference() throws {
        let (result, rows) = try Self.facts(Array(Self.clean.utf8))
        #expect(result.errorCount == 0)
        #expect(rows.count == 3)
        #expect(rows[0][2] == .integer(1234))
        #expect(rows[0][8] == .integer(15_000_000))
        #expect(rows[2][8] == .integer(1_500_000))
    }

    struct Style: Sendable, CustomTestStringConvertible {
        let name: String
        let encoding: String
        let transform: @Sendable (String) -> String
        var testDescription: String { name }
    }

    static let styles: [Style] = [
        Style(name: "UTF-8 with BOM", encoding: "UTF-8 (BOM)") { "\u{FEFF}" + $0 },
        Style(name: "CRLF", encoding: "UTF-8") { $0.replacingOccurrences(of: "\n", with: "\r\n") },
        Style(name: "semicolons", encoding: "UTF-8") { $0.replacingOccurrences(of: ",", with: ";") },
        Style(name: "tabs", encoding: "UTF-8") { $0.replacingOccurrences(of: ",", with: "\t") },
        Style(name: "Excel sep= line", encoding: "UTF-8") { "sep=;\n" + $0.replacingOccurrences(of: ",", with: ";") },
        Style(name: "Excel padding and trailing empty lines", encoding: "UTF-8") {
            $0.split(separator: "\n").map { $0 + ",," }.joined(separator: "\n") + "\n\n\n"
        },
        Style(name: "NFD text", encoding: "UTF-8") { $0.decomposedStringWithCanonicalMapping },
    ]

    @Test(arguments: styles)
    func sameFactsInEveryDialect(_ style: Style) throws {
        let (result, rows) = try Self.facts(Array(style.transform(Self.clean).utf8))
        #expect(result.errorCount == 0, "\(result.findings)")
        #expect(result.encoding == style.encoding)
        #expect(rows == Self.expected)
    }

    @Test(arguments: [
        ("UTF-16LE", [0xFF, 0xFE] as [UInt8], "UTF-16LE"), ("UTF-16BE", [0xFE, 0xFF], "UTF-16BE"),
        ("CP1258", [], "CP1258"), ("TCVN5712-1", [], "TCVN3"),
    ])
    func sameFactsInEveryEncoding(_ iconvName: String, _ bom: [UInt8], _ reported: String) throws {
        let bytes = bom + (try Iconv.encode(Self.clean, to: iconvName))
        let (result, rows) = try Self.facts(bytes)
        #expect(result.errorCount == 0, "\(result.findings)")
        #expect(result.encoding == reported)
        #expect(rows == Self.expected)
        // The legacy bytes were read as the same Vietnamese words: the official name, no alias (SPEC §5).
        #expect(!result.findings.contains { $0.code == .alias && $0.value == "Máy tính để bàn" })
    }

    @Test func gzippedLegacyFile() throws {
        let sink = MemorySink()
        let writer = try GzipWriter(destination: sink)
        try writer.write(try Iconv.encode(Self.clean, to: "CP1258"))
        try writer.finish()
        let (result, rows) = try Self.facts(sink.bytes, name: "79_2026-Q3_hardware.csv.gz")
        #expect(result.encoding == "CP1258")
        #expect(rows == Self.expected)
    }

    @Test func forcedEncodingWinsOverDetection() throws {
        // Without Vietnamese words to go by, these bytes could be either; the pipeline file says which.
        let bytes = try Iconv.encode(Self.clean, to: "TCVN5712-1")
        let overrides = [FileOverride(pattern: "79_*_hardware.csv", encoding: .tcvn3)]
        let (result, rows) = try Self.facts(bytes, overrides: overrides)
        #expect(result.encoding == "TCVN3")
        #expect(rows == Self.expected)
        let (wrong, _) = try Self.facts(bytes, overrides: [FileOverride(pattern: "*", encoding: .utf8)])
        #expect(wrong.findings.first?.code == .encoding)
    }

    @Test func undecodableFileSaysWhereAndWhatToDo() throws {
        let bytes =
            Array("unit_code,total_staff,procurators,it_staff\n79,10,5,1\n".utf8) + [0x81, 0x8D, 0x2C, 0x31, 0x0A]
        let (result, _) = try Self.facts(bytes, name: "79_2026-Q3_staffing.csv")
        #expect(summary(result) == ["E_ENCODING@3:-"])
        #expect(result.findings.first?.message.contains("byte thứ 54") == true)
        #expect(result.findings.first?.message.contains("UTF-8") == true)
    }
}
