import VKSModel

/// The amount unit a money column's header gives in parentheses (SPEC §4), as offices write it:
/// `(triệu đồng)`, `(triệu VNĐ)`, `(Tr.đồng)`, `(tr.đ)`, `(trđ)`, `(ĐVT: triệu đồng)`,
/// `(1.000.000 đồng)`, `(million VND)`, the same for nghìn/ngàn/1.000 đồng and for đồng/đ/VNĐ/VND.
///
/// Read word by word, diacritics aside: every word must be one of a unit's (or `ĐVT`, `đơn vị
/// tính`); a parenthesis that mentions money in any other way (`tỷ đồng`, `USD`) is `unknown`, and
/// the header is an error, never ignored: reading triệu as đồng is a million-fold error.
enum HeaderUnit: Equatable {
    case unit(String)
    case unknown
    /// Not about money (`Thực hiện (năm 2026)`): the parenthesis says nothing of the unit.
    case notMoney

    private static let millions: Set<String> = ["trieu", "tr", "trd", "million", "millions", "1000000"]
    private static let thousands: Set<String> = ["nghin", "ngan", "thousand", "thousands", "1000"]
    private static let dong: Set<String> = ["dong", "d", "vnd", "1"]
    /// Words that name no unit but may stand beside one: `ĐVT:`, `đơn vị tính:`, `đồng/chiếc`.
    private static let neutral: Set<String> = ["dvt", "don", "vi", "tinh", "cai", "chiec", "bo", "may"]
    /// Words that mention money: a parenthesis holding one is about the column's unit.
    private static let money: Set<String> = millions.union(thousands).union(["dong", "d", "vnd", "usd", "ty", "ti"])

    /// `text` is what stands between the parentheses; `amountUnits` is the reference code list
    /// (its codes, names and aliases are read first).
    static func read(_ text: String, amountUnits: CodeList?) -> HeaderUnit {
        if let match = amountUnits?.match(text) { return .unit(match.code) }
        let words = Self.words(Text.folded(text))
        guard words.contains(where: money.contains) else { return .notMoney }
        var found: String?
        for word in words where !neutral.contains(word) {
            let unit: String
            if millions.contains(word) {
                unit = "trieu_dong"
            } else if thousands.contains(word) {
                unit = "nghin_dong"
            } else if dong.contains(word) {
                continue  // đồng beside triệu or nghìn names the currency, not the unit
            } else {
                return .unknown
            }
            if let found, found != unit { return .unknown }
            found = unit
        }
        return .unit(found ?? "dong")
    }

    /// `tr.đồng` → [tr, dong]; `1.000.000 đồng` → [1000000, dong]: digits grouped by `.`, `,` or a
    /// space are one number.
    private static func words(_ folded: String) -> [String] {
        var words: [String] = []
        var current = ""
        let scalars = Array(folded.unicodeScalars)
        for (index, scalar) in scalars.enumerated() {
            let isDigit = ("0"..."9").contains(scalar)
            if scalar.properties.isAlphabetic || isDigit {
                current.unicodeScalars.append(scalar)
                continue
            }
            // A separator between digits, followed by three of them, groups thousands.
            let groupsDigits =
                [".", ",", " "].contains(scalar) && current.last?.isNumber == true && index + 3 < scalars.count
                && scalars[(index + 1)...].prefix(3).allSatisfy { ("0"..."9").contains($0) }
                && (index + 4 >= scalars.count || !("0"..."9").contains(scalars[index + 4]))
            if groupsDigits { continue }
            if !current.isEmpty { words.append(current) }
            current = ""
        }
        if !current.isEmpty { words.append(current) }
        return words
    }
}
