import VKSReaders

/// The in-row rules of SPEC §3 for each dataset, over values already parsed.
///
/// Each rule reports on the column it is written on (SPEC §5: `E_CONSISTENCY` names the first
/// column of its rule, e.g. `in_use` for in_use + broken ≤ quantity). Rules only look at values
/// that parsed; a cell that did not parse already has its finding.
struct RowRules {
    let schema: DatasetSchema
    let period: Period

    /// A row's parsed values, and its record to read a cell as written when a finding quotes it.
    struct Row {
        let values: [CellValue]
        let record: CSVRecord
        /// For each dataset column, the record's cell holding it.
        let cellIndex: [Int?]
        let schema: DatasetSchema
        func int(_ name: String) -> Int64? { values[schema.index(of: name)!].integer }
        func text(_ name: String) -> String? { values[schema.index(of: name)!].text }
        func written(_ name: String) -> String? { written(at: schema.index(of: name)!) }
        func written(at index: Int) -> String? { cellIndex[index].map { CellReader.text(record.bytes(at: $0)) } }
    }

    func check(_ row: Row, line: Int) -> [Finding] {
        var findings: [Finding] = []
        func column(_ name: String) -> DatasetColumn { schema.columns[schema.index(of: name)!] }
        func atLeast(_ name: String, _ minimum: Int64) {
            if let value = row.int(name), value < minimum {
                findings.append(Finding(.range, line: line, column: name, value: row.written(name),
                                        message: Messages.atLeast(column(name), minimum)))
            }
        }
        // Each consistency rule stays silent when one of its values is already out of range: one
        // mistake, one finding.
        func notMore(_ name: String, than other: String) {
            if let value = row.int(name), let limit = row.int(other), value > limit, value >= 0, limit >= 0 {
                findings.append(Finding(.consistency, line: line, column: name, value: row.written(name),
                                        message: Messages.notMore(column(name), than: column(other))))
            }
        }

        switch schema.dataset {
        case .staffing:
            atLeast("total_staff", 1)
            atLeast("procurators", 0)
            atLeast("it_staff", 0)
            atLeast("it_engineers", 0)
            notMore("procurators", than: "total_staff")
            notMore("it_staff", than: "total_staff")
            notMore("it_engineers", than: "it_staff")
        case .hardware:
            atLeast("quantity", 1)
            atLeast("in_use", 0)
            atLeast("broken", 0)
            atLeast("protected", 0)
            atLeast("unit_value", 0)
            if let inUse = row.int("in_use"), let quantity = row.int("quantity"), inUse >= 0, quantity >= 1,
               inUse + max(row.int("broken") ?? 0, 0) > quantity {
                findings.append(Finding(.consistency, line: line, column: "in_use", value: row.written("in_use"),
                                        message: Messages.inUsePlusBroken()))
            }
            if let year = row.int("acquired_year"), year < 1990 || year > Int64(period.year) {
                findings.append(Finding(.range, line: line, column: "acquired_year", value: row.written("acquired_year"),
                                        message: Messages.yearRange(column("acquired_year"), upTo: period.year)))
            }
            if row.int("protected") != nil, let category = row.text("category"),
               !["desktop", "laptop", "server"].contains(category) {
                findings.append(Finding(.consistency, line: line, column: "protected", value: row.written("protected"),
                                        message: Messages.protectedCategory(category)))
            } else {
                notMore("protected", than: "in_use")
            }
        case .software:
            atLeast("accounts", 0)
            atLeast("active_users", 0)
            atLeast("transactions", 0)
            atLeast("transactions_total", 0)
            if row.text("status") == "in_use" && row.values[schema.index(of: "accounts")!] == .null
                && row.written("accounts").map({ Text.normalized($0).isEmpty }) ?? true {
                findings.append(Finding(.required, line: line, column: "accounts", value: row.written("accounts"),
                                        message: Messages.requiredWhenInUse(column("accounts"))))
            }
            notMore("active_users", than: "accounts")
            if let done = row.int("transactions"), let total = row.int("transactions_total"), done >= 0, total < done {
                findings.append(Finding(.consistency, line: line, column: "transactions_total",
                                        value: row.written("transactions_total"),
                                        message: Messages.notMore(column("transactions"), than: column("transactions_total"))))
            }
        case .spending:
            atLeast("allocated", 0)
            atLeast("spent", 0)
            if let spent = row.int("spent"), let allocated = row.int("allocated"), allocated >= 0, spent > allocated {
                findings.append(Finding(.overspend, line: line, column: "spent", value: row.written("spent"),
                                        message: Messages.overspend()))
            }
        }
        return findings
    }
}
