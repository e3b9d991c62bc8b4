import Testing

@testable import VKSPipeline

struct ExportCellTests {
    /// What Excel gets in a cell: quoted when it holds a delimiter, a quote or a line end, with an
    /// apostrophe in front when it would start a formula; Vietnamese text as it is.
    @Test(arguments: [
        ("Hà Nội", "Hà Nội"),
        ("=1+2", "'=1+2"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("-5,x", "\"'-5,x\""),
        // A number with its sign is no formula (SPEC §9): left as written.
        ("-3", "-3"), ("+84", "+84"), ("-1.234,5", "\"-1.234,5\""), ("-1+2", "'-1+2"), ("- 3", "'- 3"),
        ("-", "'-"), ("+84 ", "'+84 "),
        ("a,\"b\"", "\"a,\"\"b\"\"\""),
        ("dòng 1\r\ndòng 2", "\"dòng 1\r\ndòng 2\""),
        ("\r=x", "\"'\r=x\""),
        ("", ""),
    ])
    func textIsSafeToOpenInExcel(_ text: String, _ rendered: String) {
        #expect(ExportCell.line([.text(text)]) == rendered)
    }

    @Test func numbersAndBlanksAreWrittenAsTheyAre() {
        #expect(ExportCell.line([.number("-12.5")]) == "-12.5")
        #expect(ExportCell.line([.empty]) == "")
        #expect(ExportCell.line([.empty, .number("-1"), .text("=x"), .empty]) == ",-1,'=x,")
    }

    /// The feedback files write submitted cells from their bytes: the same rules, line after line.
    @Test func bytesFollowTheSameRulesAsText() {
        var line = CSVLineBuilder()
        line.appendText(Array("=A1".utf8)[...])
        line.appendText("Hà Nội, Việt Nam".utf8)
        line.endLine()
        line.appendPlain("2")
        #expect(String(decoding: line.bytes, as: UTF8.self) == "'=A1,\"Hà Nội, Việt Nam\"\r\n2")
    }
}
