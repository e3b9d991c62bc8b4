import VKSModel
import VKSReaders

/// The in-row rules of SPEC §3 for each dataset, over values already parsed.
///
/// Each rule reports on the column it is written on (SPEC §5: `E_CONSISTENCY` names the first
/// column of its rule, e.g. `in_use` for in_use + broken ≤ quantity). Rules only look at values
/// that parsed; a cell that did not parse already has its finding. The columns a rule reads are
/// found by name once, when the rules are made: looked up on every row, the names cost a tenth of
/// checking a file.
struct RowRules {
    let schema: DatasetSchema
    let period: Period
    private let rules: [Rule]

    /// A row's parsed values, and its record to read a cell as written when a finding quotes it.
    struct Row {
        let values: [CellValue]
        let record: CSVRecord
        /// For each dataset column, the record's cell holding it.
        let cellIndex: [Int?]
        func int(_ index: Int) -> Int64? { values[index].integer }
        func written(at index: Int) -> String? {
            cellIndex[index].map { cell in record.withUnsafeCells { CellReader.text($0[cell]) } }
        }
    }

    /// One rule, its columns as indexes into the dataset's columns.
    private enum Rule {
        /// The value, when given, is at least `minimum` (E_RANGE).
        case atLeast(Int, minimum: Int64)
        /// The first value is not more than the second, both in range (E_CONSISTENCY on the first).
        case notMore(Int, than: Int)
        /// Devices in use plus broken ones are not more than the quantity (hardware).
        case inUsePlusBroken(inUse: Int, broken: Int, quantity: Int)
        /// The year of acquisition is from 1990 to the period's year (hardware).
        case acquiredYear(Int)
        /// Only desktops, laptops and servers have endpoint protection, and then on at most the
        /// devices in use (hardware).
        case protected(Int, category: Int, inUse: Int)
        /// Software in use reports its accounts.
        case accountsWhenInUse(accounts: Int, status: Int)
        /// Transactions handled electronically are not more than all transactions, reported on the
        /// total (software).
        case transactions(Int, total: Int)
        /// Spent more than allocated: a warning (spending).
        case overspend(spent: Int, allocated: Int)
    }

    init(schema: DatasetSchema, period: Period) {
        self.schema = schema
        self.period = period
        func at(_ name: String) -> Int { schema.index(of: name)! }
        switch schema.dataset {
        case .staffing:
            rules = [
                .atLeast(at("total_staff"), minimum: 1), .atLeast(at("procurators"), minimum: 0),
                .atLeast(at("it_staff"), minimum: 0), .atLeast(at("it_engineers"), minimum: 0),
                .notMore(at("procurators"), than: at("total_staff")), .notMore(at("it_staff"), than: at("total_staff")),
                .notMore(at("it_engineers"), than: at("it_staff")),
            ]
        case .hardware:
            rules = [
                .atLeast(at("quantity"), minimum: 1), .atLeast(at("in_use"), minimum: 0),
                .atLeast(at("broken"), minimum: 0), .atLeast(at("protected"), minimum: 0),
                .atLeast(at("unit_value"), minimum: 0),
                .inUsePlusBroken(inUse: at("in_use"), broken: at("broken"), quantity: at("quantity")),
                .acquiredYear(at("acquired_year")),
                .protected(at("protected"), category: at("category"), inUse: at("in_use")),
            ]
        case .software:
            rules = [
                .atLeast(at("accounts"), minimum: 0), .atLeast(at("active_users"), minimum: 0),
                .atLeast(at("transactions"), minimum: 0), .atLeast(at("transactions_total"), minimum: 0),
                .accountsWhenInUse(accounts: at("accounts"), status: at("status")),
                .notMore(at("active_users"), than: at("accounts")),
                .transactions(at("transactions"), total: at("transactions_total")),
            ]
        case .spending:
            rules = [
                .atLeast(at("allocated"), minimum: 0), .atLeast(at("spent"), minimum: 0),
                .overspend(spent: at("spent"), allocated: at("allocated")),
            ]
        }
    }

    func check(_ row: Row, line: Int) -> [Finding] {
        var findings: [Finding] = []
        let columns = schema.columns
        func report(_ code: FindingCode, on column: Int, _ message: String) {
            findings.append(
                Finding(
                    code, line: line, column: columns[column].name, value: row.written(at: column), message: message))
        }
        // Each consistency rule stays silent when one of its values is already out of range: one
        // mistake, one finding.
        func notMore(_ column: Int, than other: Int) {
            if let value = row.int(column), let limit = row.int(other), value > limit, value >= 0, limit >= 0 {
                report(.consistency, on: column, Messages.notMore(columns[column], value, than: columns[other], limit))
            }
        }

        for rule in rules {
            switch rule {
            case .atLeast(let column, let minimum):
                if let value = row.int(column), value < minimum {
                    report(.range, on: column, Messages.atLeast(columns[column], minimum))
                }
            case .notMore(let column, let other):
                notMore(column, than: other)
            case .inUsePlusBroken(let inUse, let broken, let quantity):
                if let used = row.int(inUse), let count = row.int(quantity), used >= 0, count >= 1,
                    used + max(row.int(broken) ?? 0, 0) > count
                {
                    report(
                        .consistency, on: inUse,
                        Messages.inUsePlusBroken(inUse: used, broken: max(row.int(broken) ?? 0, 0), quantity: count))
                }
            case .acquiredYear(let column):
                if let year = row.int(column), year < 1990 || year > Int64(period.year) {
                    report(.range, on: column, Messages.yearRange(columns[column], upTo: period.year))
                }
            case .protected(let column, let category, let inUse):
                if row.int(column) != nil, let kind = row.values[category].text,
                    !["desktop", "laptop", "server"].contains(kind)
                {
                    report(.consistency, on: column, Messages.protectedCategory(kind))
                } else {
                    notMore(column, than: inUse)
                }
            case .accountsWhenInUse(let accounts, let status):
                if row.values[status].text == "in_use" && row.values[accounts] == .null
                    && row.written(at: accounts).map({ Text.normalized($0).isEmpty }) ?? true
                {
                    report(.required, on: accounts, Messages.requiredWhenInUse(columns[accounts]))
                }
            case .transactions(let done, let total):
                if let handled = row.int(done), let all = row.int(total), handled >= 0, all < handled {
                    report(.consistency, on: total, Messages.notMore(columns[done], handled, than: columns[total], all))
                }
            case .overspend(let spent, let allocated):
                if let paid = row.int(spent), let budget = row.int(allocated), budget >= 0, paid > budget {
                    report(.overspend, on: spent, Messages.overspend(spent: paid, allocated: budget))
                }
            }
        }
        return findings
    }
}
