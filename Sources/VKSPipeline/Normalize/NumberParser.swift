/// An exact decimal number: `mantissa × 10^-scale`. Money never passes through binary floating point.
public struct ExactDecimal: Sendable, Equatable {
    public var mantissa: Int64
    public var scale: Int

    /// What a money amount comes to in whole đồng once multiplied by its unit's factor.
    public enum WholeUnits: Sendable, Equatable {
        case whole(Int64)
        /// Not a whole number of đồng (`1234,5` đồng, `0,0004` nghìn đồng): never rounded (SPEC §4).
        case fraction
        case overflow
    }

    /// Multiplies by a whole factor (1 000 for nghìn đồng), exactly.
    public func wholeUnits(times factor: Int64) -> WholeUnits {
        let (product, overflow) = mantissa.multipliedReportingOverflow(by: factor)
        guard !overflow else { return .overflow }
        var divisor: Int64 = 1
        for _ in 0..<scale {
            let (next, o) = divisor.multipliedReportingOverflow(by: 10)
            // More decimals than an Int64 can scale: a fraction unless every one of them is zero.
            guard !o else { return product == 0 ? .whole(0) : .fraction }
            divisor = next
        }
        guard product % divisor == 0 else { return .fraction }
        return .whole(product / divisor)
    }
}

/// Reads numbers the way Vietnamese offices write them (SPEC §4).
///
/// Thousands are grouped by `.`, a space or a no-break space (`1.234.567`, `1 234 567`), or by `,` where
/// that is unambiguous (`1,234,567`); `,` is the decimal mark (`125,36`), and a `.` not followed by
/// exactly three digits is a decimal point too (`1234.5`).
public enum NumberParser {
    /// An integer column: integers never carry a decimal part, so any single separator followed by
    /// exactly three digits groups thousands (`1.234` and `1,234` are both 1234). Anything else is nil.
    public static func integer(_ text: String) -> Int64? {
        if text.utf8.count <= 18, !text.isEmpty, text.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) {
            return Int64(text)
        }
        guard let parsed = scan(text), Set(parsed.separators).count <= 1,
            isThousandsGrouping(parsed.groups)
        else { return nil }
        return assemble(parsed.groups.joined(), negative: parsed.negative)
    }

    /// A money or decimal column, read Vietnamese first: `125,36` is 125.36 and `1.234` is 1234.
    public static func decimal(_ text: String) -> ExactDecimal? {
        if text.utf8.count <= 18, !text.isEmpty, text.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) {
            return ExactDecimal(mantissa: Int64(text)!, scale: 0)
        }
        guard let parsed = scan(text) else { return nil }
        var groups = parsed.groups
        var separators = parsed.separators
        if let mark = decimalMark(separators, lastGroup: groups.last!) {
            precondition(separators.last == mark)
            separators.removeLast()
            let fraction = groups.removeLast()
            guard !separators.contains(mark), Set(separators).count <= 1, isThousandsGrouping(groups),
                let mantissa = assemble(groups.joined() + fraction, negative: parsed.negative)
            else { return nil }
            return ExactDecimal(mantissa: mantissa, scale: fraction.count)
        }
        guard Set(separators).count <= 1, isThousandsGrouping(groups),
            let mantissa = assemble(groups.joined(), negative: parsed.negative)
        else { return nil }
        return ExactDecimal(mantissa: mantissa, scale: 0)
    }

    /// XML Schema's integer: an optional sign and digits, nothing else.
    public static func xmlInteger(_ text: String) -> Int64? {
        guard let value = xmlDecimal(text), value.scale == 0 else { return nil }
        return value.mantissa
    }

    /// XML Schema's decimal: an optional sign, digits, an optional `.` and digits (`125.360` is 125.36).
    public static func xmlDecimal(_ text: String) -> ExactDecimal? {
        var body = text.trimmingWhitespace()
        var negative = false
        if let sign = body.first, sign == "-" || sign == "+" {
            negative = sign == "-"
            body = body.dropFirst()
        }
        let parts = body.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        let digits = parts.joined()
        let fraction = parts.count == 2 ? parts[1].count : 0
        guard !digits.isEmpty, digits.allSatisfy({ $0.isASCII && $0.isNumber }), let mantissa = Int64(digits) else {
            return nil
        }
        return ExactDecimal(mantissa: negative ? -mantissa : mantissa, scale: fraction)
    }

    /// The decimal mark of a money cell, if it has one. It is always the last separator:
    /// with both `.` and `,` present, whichever comes last; a lone `,` (Vietnamese); a lone `.` not
    /// followed by exactly three digits (`1234.5`, while `1.234` groups thousands).
    private static func decimalMark(_ separators: [Character], lastGroup: String) -> Character? {
        guard let last = separators.last, last != " " else { return nil }
        let kinds = Set(separators)
        if kinds.contains(".") && kinds.contains(",") { return last }
        let count = separators.filter { $0 == last }.count
        guard count == 1 else { return nil }
        if last == "," { return "," }
        return lastGroup.count == 3 ? nil : "."
    }

    /// `1`, `12`, `123`, then groups of exactly three digits.
    private static func isThousandsGrouping(_ groups: [String]) -> Bool {
        guard groups.count > 1 else { return true }
        return (1...3).contains(groups[0].count) && groups.dropFirst().allSatisfy { $0.count == 3 }
    }

    private struct Scanned {
        var negative: Bool
        var groups: [String]
        var separators: [Character]
    }

    /// Splits `-1.234,5` into sign, digit groups and the separators between them (over UTF-8 bytes:
    /// this runs for every grouped number of every file).
    private static func scan(_ text: String) -> Scanned? {
        var bytes = Array(text.utf8)[...]
        while let first = bytes.first, first == 0x20 || first == 0x09 { bytes = bytes.dropFirst() }
        while let last = bytes.last, last == 0x20 || last == 0x09 { bytes = bytes.dropLast() }
        var negative = false
        if let first = bytes.first, first == UInt8(ascii: "-") || first == UInt8(ascii: "+") {
            negative = first == UInt8(ascii: "-")
            bytes = bytes.dropFirst()
        }
        guard let first = bytes.first, first >= 0x30 && first <= 0x39 else { return nil }
        var groups: [String] = []
        var separators: [Character] = []
        var digits: [UInt8] = []
        var index = bytes.startIndex
        func separator(_ mark: Character, width: Int) -> Bool {
            guard !digits.isEmpty else { return false }
            groups.append(String(decoding: digits, as: UTF8.self))
            digits.removeAll(keepingCapacity: true)
            separators.append(mark)
            index += width
            return true
        }
        while index < bytes.endIndex {
            let byte = bytes[index]
            switch byte {
            case 0x30...0x39:
                digits.append(byte)
                index += 1
            case UInt8(ascii: "."), UInt8(ascii: ","), UInt8(ascii: " "):
                guard separator(Character(UnicodeScalar(byte)), width: 1) else { return nil }
            case 0xC2 where index + 1 < bytes.endIndex && bytes[index + 1] == 0xA0:  // no-break space
                guard separator(" ", width: 2) else { return nil }
            case 0xE2 where index + 2 < bytes.endIndex && bytes[index + 1] == 0x80 && bytes[index + 2] == 0xAF:
                guard separator(" ", width: 3) else { return nil }  // narrow no-break space
            default:
                return nil
            }
        }
        guard !digits.isEmpty else { return nil }
        groups.append(String(decoding: digits, as: UTF8.self))
        return Scanned(negative: negative, groups: groups, separators: separators)
    }

    private static func assemble(_ digits: String, negative: Bool) -> Int64? {
        guard var value = Int64(digits) else { return nil }
        if negative { value = -value }
        return value
    }
}

extension String {
    func trimmingWhitespace() -> Substring {
        var slice = Substring(self)
        while let first = slice.first, first.isWhitespace { slice = slice.dropFirst() }
        while let last = slice.last, last.isWhitespace { slice = slice.dropLast() }
        return slice
    }
}
