import VKSModel

/// Turns one written cell into a typed value, or says why it cannot (E_REQUIRED, E_TYPE, E_CODE).
///
/// Money cells come out as exact decimals and are converted to whole đồng only once the row's
/// `amount_unit` is known (see `FileChecker`).
struct CellParser {
    let reference: ReferenceData
    let numbers: NumberSyntax

    /// How numbers are written: the Vietnamese ways of CSV files made by people (`1.234.567`,
    /// `125,36`), or XML Schema's one way (`1234567`, `125.36`), where `125.360` is a decimal.
    enum NumberSyntax: Sendable { case vietnamese, xml }

    init(reference: ReferenceData, numbers: NumberSyntax = .vietnamese) {
        self.reference = reference
        self.numbers = numbers
    }

    /// Plausibility bounds: no unit has a billion devices or accounts, nor a single line of a
    /// million billion đồng. They keep every sum the indicators take far inside 64-bit integers.
    static let maxCount: Int64 = 1_000_000_000
    static let maxMoneyDong: Int64 = 1_000_000_000_000_000

    enum Parsed {
        case value(CellValue)
        case money(ExactDecimal)
        /// A code reached through its name or an alias (reported once per file as W_ALIAS).
        case aliased(code: String)
        case problem(FindingCode, String)
    }

    func parse(_ written: String, as column: DatasetColumn) -> Parsed {
        let text = Text.normalized(written)
        if text.isEmpty {
            return column.required ? .problem(.required, Messages.required(column)) : .value(.null)
        }
        switch column.type {
        case .integer:
            let parsed = numbers == .xml ? NumberParser.xmlInteger(text) : NumberParser.integer(text)
            guard let number = parsed else { return .problem(.type, Messages.notInteger(column)) }
            guard number.magnitude <= CellParser.maxCount else {
                return .problem(.range, Messages.atMost(column, CellParser.maxCount))
            }
            return .value(.integer(number))
        case .money:
            let parsed = numbers == .xml ? NumberParser.xmlDecimal(text) : NumberParser.decimal(text)
            guard let amount = parsed else { return .problem(.type, Messages.notMoney(column)) }
            return .money(amount)
        case .code(let listName):
            guard let match = reference.list(listName).match(text) else {
                return .problem(.code, Messages.unknownCode(column, allowed: reference.list(listName).entries))
            }
            return match.viaAlias ? .aliased(code: match.code) : .value(.text(match.code))
        case .text:
            return .value(.text(text))
        case .unitCode:
            // Checked against the registry by `UnitChecker`, which knows the period and province.
            return .value(.text(text))
        }
    }
}

/// Checks a unit code against the registry for the file's province and period (SPEC §2, §5).
struct UnitChecker {
    let reference: ReferenceData
    let period: Period
    /// The province code as written in the file name (a former code before 2025-Q3).
    let fileProvince: String

    enum Outcome: Equatable {
        case ok(String)
        /// Excel dropped the leading zero (`1-03` for `01-03`): accepted, reported as an alias.
        case padded(String)
        case problem(FindingCode, String)
    }

    func check(_ text: String) -> Outcome {
        var code = text.uppercased()
        var padded = false
        if code.first?.isNumber == true && (code.count == 1 || code.dropFirst().first == "-") {
            code = "0" + code
            padded = true
        }
        let outcome = checkExact(code, written: text)
        if padded, case .ok(let fixed) = outcome { return .padded(fixed) }
        return outcome
    }

    /// `code` is the cell upper-cased (and padded); messages quote it as `written` (SPEC §5: never re-cased).
    private func checkExact(_ code: String, written: String) -> Outcome {
        if period.isBeforeMerger {
            // Before the merger only the provincial level reported, under the former province codes.
            guard let former = reference.formerProvince(code) else {
                return .problem(.code, Messages.formerProvinceUnit(written, period))
            }
            guard former.oldCode == fileProvince else {
                return .problem(
                    .provinceMismatch,
                    Messages.provinceMismatch(unit: written, unitProvince: former.oldCode, fileProvince: fileProvince))
            }
            return .ok(code)
        }
        guard let unit = reference.unit(code) else {
            // A former province's code, written in a quarter after the merger, is named as such.
            if let former = reference.formerProvince(code), reference.province(code) == nil {
                return .problem(.code, Messages.formerProvinceCode(written, former: former, period))
            }
            return .problem(.code, Messages.unknownUnit(written, nearest: nearestUnit(code)))
        }
        guard unit.provinceCode == fileProvince else {
            return .problem(
                .provinceMismatch,
                Messages.provinceMismatch(unit: written, unitProvince: unit.provinceCode, fileProvince: fileProvince))
        }
        guard unit.isActive(in: period) else { return .problem(.code, Messages.inactiveUnit(written, period)) }
        return .ok(code)
    }

    /// The file province's unit a mistyped code most likely means: `79-3` → `79-03` (the regional
    /// number without its zero), else the one unit a letter away.
    private func nearestUnit(_ code: String) -> ReportingUnit? {
        let parts = code.split(separator: "-", omittingEmptySubsequences: false)
        if parts.count == 2, parts[1].count == 1, let unit = reference.unit("\(parts[0])-0\(parts[1])"),
            unit.provinceCode == fileProvince
        {
            return unit
        }
        let mine = reference.units.filter { $0.provinceCode == fileProvince && $0.isActive(in: period) }
        let close = mine.filter { Self.oneEditApart(Array($0.code.utf8), Array(code.utf8)) }
        return close.count == 1 ? close[0] : nil
    }

    /// One letter changed, added or dropped.
    private static func oneEditApart(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        if a.count == b.count { return zip(a, b).filter { $0 != $1 }.count == 1 }
        let (short, long) = a.count < b.count ? (a, b) : (b, a)
        guard long.count == short.count + 1 else { return false }
        var i = 0
        while i < short.count && short[i] == long[i] { i += 1 }
        return short[i...] == long[(i + 1)...]
    }
}
