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
        ("a,\"b\"", "\"a,\"\"b\"\"\""),
        ("dòng 1\r\ndòng 2", "\"dòng 1\r\ndòng 2\""),
        ("\r=x", "\"'\r=x\""),
        ("", ""),
    ])
    func textIsSafeToOpenInExcel(_ text: String, _ rendered: String) {
        #expect(ExportCell.text(text).rendered == rendered)
    }

    @Test func numbersAndBlanksAreWrittenAsTheyAre() {
        #expect(ExportCell.number("-12.5").rendered == "-12.5")
        #expect(ExportCell.empty.rendered == "")
    }
}
