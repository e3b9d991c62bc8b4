/// Numbers written as Vietnamese readers expect: `.` groups thousands, `,` marks decimals.
enum VietnameseNumber {
    static func format(_ value: Double, decimals: Int) -> String {
        var factor = 1.0
        for _ in 0..<decimals { factor *= 10 }
        let scaled = (value.magnitude * factor).rounded()
        let whole = Int64(scaled / factor)
        let fraction = Int64(scaled - Double(whole) * factor)
        var digits = String(whole)
        var grouped = ""
        while digits.count > 3 {
            grouped = "." + digits.suffix(3) + grouped
            digits.removeLast(3)
        }
        var text = (value < 0 && scaled > 0 ? "-" : "") + digits + grouped
        if decimals > 0 {
            let padded = String(fraction)
            text += "," + String(repeating: "0", count: max(0, decimals - padded.count)) + padded
        }
        return text
    }

    /// As `format(_:decimals:)`, without trailing zeros in the decimals: 105 and 2,5, not 105,0.
    static func format(_ value: Double, upToDecimals decimals: Int) -> String {
        var text = format(value, decimals: decimals)
        guard text.contains(",") else { return text }
        while text.hasSuffix("0") { text.removeLast() }
        if text.hasSuffix(",") { text.removeLast() }
        return text
    }
}
