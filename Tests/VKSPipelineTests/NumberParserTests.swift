import Testing

@testable import VKSPipeline

struct NumberParserTests {
    @Test(
        arguments: [
            ("1234567", 1_234_567), ("1.234.567", 1_234_567), ("1 234 567", 1_234_567), ("1,234,567", 1_234_567),
            ("1.234", 1234), ("1,234", 1234), ("0", 0), ("-5", -5), (" 42 ", 42), ("1\u{00A0}000", 1000),
        ] as [(String, Int64)])
    func integers(_ text: String, _ expected: Int64) {
        #expect(NumberParser.integer(text) == expected)
    }

    @Test(arguments: ["1,5", "12.34", "1.234,5", "abc", "", "1..2", "1.23.456", "1.234 567", "12a", "1.2345", "--1"])
    func notIntegers(_ text: String) {
        #expect(NumberParser.integer(text) == nil)
    }

    @Test(
        arguments: [
            ("125,36", 12536, 2), ("1.234.567", 1_234_567, 0), ("1.234", 1234, 0), ("1234.5", 12345, 1),
            ("1234,5", 12345, 1), ("1.234.567,89", 123_456_789, 2), ("1,234,567.89", 123_456_789, 2),
            ("1 234 567,5", 12_345_675, 1), ("0,5", 5, 1), ("1,234,567", 1_234_567, 0), ("12.3", 123, 1),
        ] as [(String, Int64, Int)])
    func decimals(_ text: String, _ mantissa: Int64, _ scale: Int) {
        #expect(NumberParser.decimal(text) == ExactDecimal(mantissa: mantissa, scale: scale))
    }

    @Test(arguments: ["1.234,567.8", "1,2,3", "1.234.56", "1,234.567.8", "khoảng 5 triệu", "1.2.3,4,5"])
    func notDecimals(_ text: String) {
        #expect(NumberParser.decimal(text) == nil)
    }

    @Test func moneyToWholeDongWithoutFloatingPoint() {
        // 125,36 triệu đồng is exactly 125 360 000 đồng.
        #expect(NumberParser.decimal("125,36")!.wholeUnits(times: 1_000_000) == .whole(125_360_000))
        // 0,1 + 0,2 nghìn đồng style amounts stay exact.
        #expect(NumberParser.decimal("0,3")!.wholeUnits(times: 1000) == .whole(300))
        // Half a đồng rounds away from zero.
        // Never rounded: a part of a đồng is a mistake to report (SPEC §4).
        #expect(NumberParser.decimal("0,5")!.wholeUnits(times: 1) == .fraction)
        #expect(NumberParser.decimal("1234,5")!.wholeUnits(times: 1) == .fraction)
        #expect(NumberParser.decimal("0,0004")!.wholeUnits(times: 1000) == .fraction)
        #expect(NumberParser.decimal("1,234")!.wholeUnits(times: 1) == .fraction)
        #expect(NumberParser.decimal("1,500")!.wholeUnits(times: 1000) == .whole(1500))
        #expect(NumberParser.decimal("9.223.372.036.854")!.wholeUnits(times: 1_000_000_000) == .overflow)
    }
}
