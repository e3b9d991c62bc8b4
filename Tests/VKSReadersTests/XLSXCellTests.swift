import Testing

@testable import VKSReaders

/// How a workbook's cells become the CSV text the checks read (SPEC §4).
struct XLSXCellTests {
    @Test(arguments: [
        ("125.36", "125,36"), ("-3", "-3"), ("1234", "1234"), ("1.5E-3", "0,0015"), ("1E+21", "1000000000000000000000"),
        ("0.1", "0,1"), ("-0", "0"), ("2.5e2", "250"),
        // A double's binary noise past Excel's fifteen digits is the number typed.
        ("847.6900000000001", "847,69"), ("0.30000000000000004", "0,3"), ("999999999999999.9", "1000000000000000"),
        ("7.1234567", "7,1234567"), ("#N/A", "#N/A"),
    ])
    func numbersAreWrittenTheVietnameseWay(_ stored: String, _ written: String) {
        #expect(SheetPart.vietnamese(number: stored) == written)
    }

    @Test func cellReferencesGiveTheirColumn() {
        #expect(SheetPart.columnIndex("A1") == 0)
        #expect(SheetPart.columnIndex("D12") == 3)
        #expect(SheetPart.columnIndex("AB7") == 27)
        #expect(SheetPart.columnIndex("12") == nil)
    }

    @Test func dateSerialsAreDates() {
        #expect(SheetPart.date(45291, date1904: false) == "2023-12-31")
        #expect(SheetPart.date(45291.75, date1904: false) == "2023-12-31")
        #expect(SheetPart.date(1, date1904: false) == "1900-01-01")
        #expect(SheetPart.date(0, date1904: true) == "1904-01-01")
    }

    @Test func aFormatWithADayOrAYearIsADate() {
        #expect(StylesPart.isDate("dd/mm/yyyy"))
        #expect(StylesPart.isDate("[$-42A]d mmmm yyyy"))
        #expect(!StylesPart.isDate("#,##0.00"))
        #expect(!StylesPart.isDate("0\" ngày\""))
        #expect(!StylesPart.isDate("[Red]0.0"))
    }
}

/// The fast path for plain number cells gives what the general one gives.
struct XLSXPlainNumberTests {
    @Test(arguments: ["125.36", "-3", "1234", "0.1", "7.1234567", "10.50", "100", "0", "2.0", "-0.25"])
    func plainNumbersAsTheGeneralPathWritesThem(_ stored: String) {
        #expect(SheetPart.plainNumber(Array(stored.utf8)) == SheetPart.vietnamese(number: stored))
    }

    @Test(arguments: ["1.5E-3", "847.6900000000001", "-", ".", "1.2.3", "abc", ""])
    func anythingElseTakesTheGeneralPath(_ stored: String) {
        #expect(SheetPart.plainNumber(Array(stored.utf8)) == nil)
    }
}
