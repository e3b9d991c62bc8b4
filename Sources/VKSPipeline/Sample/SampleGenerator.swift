import Foundation
import VKSModel
import VKSReaders

/// Options of `vksict sample`.
public struct SampleOptions: Sendable {
    public var output: String
    public var seed: UInt64
    /// Rows grow linearly with the scale: hardware (acquisition years × funding) and spending
    /// (projects) rows per unit are multiplied by it; staffing and software stay one per unit/system.
    public var scale: Int
    public var periods: [Period]
    /// Share of files given one deliberate error (0…1).
    public var errorShare: Double
    /// How often each habit of real offices (legacy encodings, semicolons, aliases, grouped numbers,
    /// amounts in millions, Excel padding, gzip…) shows in a file, 0 (all clean UTF-8) to 1.
    /// The data do not depend on it: the same seed gives the same facts at every share.
    public var messyShare: Double
    /// Share of provinces that send their whole quarter as one XML file instead of four CSV files.
    public var xmlShare: Double
    /// Share of CSV returns sent as Excel workbooks instead (`.xlsx`), 0 to 1.
    public var xlsxShare: Double
    /// Days after a quarter's end its returns are due (the pipeline file's `deadline_days`): the
    /// arrival times in `arrivals.csv` fall mostly before it, some after.
    public var deadlineDays: Int

    public init(
        output: String, seed: UInt64 = 1, scale: Int = 1, periods: [Period], errorShare: Double = 0.03,
        messyShare: Double = 0.3, xmlShare: Double = 0, xlsxShare: Double = 0, deadlineDays: Int = 15
    ) {
        self.xlsxShare = xlsxShare
        self.deadlineDays = deadlineDays
        self.output = output
        self.seed = seed
        self.scale = scale
        self.periods = periods
        self.errorShare = errorShare
        self.messyShare = messyShare
        self.xmlShare = xmlShare
    }
}

/// What the generator wrote, including the errors it planted (so tests and the demo know what to expect).
public struct SampleSummary: Sendable {
    public var files = 0
    public var rows = 0
    public var plantedErrors: [(file: String, code: FindingCode)] = []
    /// How many returns arrive after their deadline in `arrivals.csv`.
    public var lateFiles = 0
}

/// Writes realistic synthetic submissions for every province and period: seeded, reproducible, in the
/// styles provinces really use (English or Vietnamese headers, aliases, thousands separators,
/// semicolons, CRLF, BOM) and with a chosen share of deliberate errors.
public struct SampleGenerator: Sendable {
    public let reference: ReferenceData

    public init(reference: ReferenceData) { self.reference = reference }

    public func write(_ options: SampleOptions) throws -> SampleSummary {
        var summary = SampleSummary()
        var arrivals = SampleArrivals(seed: options.seed, deadlineDays: options.deadlineDays)
        for period in options.periods {
            let provinces =
                period.isBeforeMerger ? reference.formerProvinces.map(\.oldCode) : reference.provinces.map(\.code)
            for province in provinces {
                let units =
                    period.isBeforeMerger
                    ? unitsCoveredBefore(formerProvince: province)
                    : reference.units.filter { $0.provinceCode == province && $0.isActive(in: period) }.map(\.code)
                // The data of each dataset come from their own seeded stream, whatever the format: the
                // same seed gives the same facts whether the province sends CSV or XML.
                var xmlChoice = SplitMix64(seed: options.seed, label: "\(province)_\(period).xml")
                let sendsXML = xmlChoice.chance(options.xmlShare)
                var submission: [(Dataset, Table)] = []
                for dataset in Dataset.allCases {
                    let fileName = "\(province)_\(period)_\(dataset.rawValue).csv"
                    var random = SplitMix64(seed: options.seed, label: fileName)
                    var table = rows(for: dataset, units: units, period: period, scale: options.scale, random: &random)
                    if period.isBeforeMerger { table = Self.provinceTotals(table, of: dataset, as: province) }
                    if random.chance(options.errorShare) {
                        let code = plantError(in: &table, dataset: dataset, random: &random)
                        summary.plantedErrors.append((sendsXML ? "\(province)_\(period).xml" : fileName, code))
                    }
                    let style = SampleStyle(share: options.messyShare, random: &random)
                    summary.rows += table.count
                    if sendsXML {
                        submission.append((dataset, table))
                        continue
                    }
                    // Its own stream: the CSV files of other returns stay byte for byte as they were.
                    var xlsxChoice = SplitMix64(seed: options.seed, label: "xlsx:" + fileName)
                    let written =
                        xlsxChoice.chance(options.xlsxShare)
                        ? try SampleWorkbookWriter(reference: reference).write(
                            folder: options.output + "/" + province, name: String(fileName.dropLast(4)),
                            dataset: dataset, period: period, table: table)
                        : try SampleWriter(reference: reference, style: style).write(
                            folder: options.output + "/" + province, name: fileName, dataset: dataset, table: table)
                    arrivals.add(province + "/" + written, province: province, period: period)
                    summary.files += 1
                }
                if sendsXML {
                    let style = SampleStyle(share: options.messyShare, random: &xmlChoice)
                    let written = try SampleXMLWriter(reference: reference, style: style)
                        .write(
                            folder: options.output + "/" + province, province: province, period: period,
                            submission: submission)
                    arrivals.add(province + "/" + written, province: province, period: period)
                    summary.files += 1
                }
            }
        }
        // A misnamed file, as provinces do send: the dataset written in Vietnamese.
        if options.errorShare > 0, let period = options.periods.last, let province = reference.provinces.first?.code {
            let name = "\(province)_\(period)_nhanluc.csv"
            var random = SplitMix64(seed: options.seed, label: name)
            let units = reference.units.filter { $0.provinceCode == province && $0.isActive(in: period) }.map(\.code)
            let table = rows(for: .staffing, units: units, period: period, scale: 1, random: &random)
            let written = try SampleWriter(reference: reference, style: SampleStyle(share: 0, random: &random))
                .write(folder: options.output + "/" + province, name: name, dataset: .staffing, table: table)
            arrivals.add(province + "/" + written, province: province, period: period)
            summary.files += 1
            summary.plantedErrors.append((name, .fileName))
        }
        try arrivals.write(to: options.output + "/" + SampleArrivals.fileName)
        summary.lateFiles = arrivals.late
        return summary
    }

    // MARK: - Former provinces

    /// The units whose staff, devices and money a former province's return (one row per key, unit
    /// code the province's, SPEC §2) stands for: its share of today's province's units, so that the
    /// former provinces' returns add up to about what today's province reports after the merger, as
    /// real figures do. Without it every province would seem to grow tenfold in a year (W_OUTLIER).
    private func unitsCoveredBefore(formerProvince: String) -> [String] {
        guard let successor = reference.formerProvinces.first(where: { $0.oldCode == formerProvince })?.newCode else {
            return [formerProvince]
        }
        let siblings = reference.formerProvinces.filter { $0.newCode == successor }.map(\.oldCode).sorted()
        let units = reference.units.filter {
            $0.provinceCode == successor && $0.isActive(in: Period(year: 2025, quarter: 3)!)
        }
        .map(\.code).sorted()
        let share = siblings.firstIndex(of: formerProvince) ?? 0
        let mine = units.enumerated().filter { $0.offset % siblings.count == share }.map(\.element)
        return mine.isEmpty ? [formerProvince] : mine
    }

    /// Rows of several units made one province's rows: unit code the province's, rows with the same
    /// key summed (counts and money), other cells taken from the first row; project codes renumbered.
    static func provinceTotals(_ table: Table, of dataset: Dataset, as province: String) -> Table {
        let schema = dataset.schema
        let summed = schema.columns.filter { $0.name != "unit_code" && !schema.key.contains($0.name) }.filter {
            switch $0.type {
            case .integer, .money: true
            default: false
            }
        }.map(\.name)
        var order: [String] = []
        var merged: [String: [String: String]] = [:]
        for (index, original) in table.enumerated() {
            var row = original
            row["unit_code"] = province
            if dataset == .spending { row["project_code"] = "DA-\(province)-\(index + 1)" }
            let key = schema.key.map { row[$0] ?? "" }.joined(separator: "\u{1F}")
            guard var existing = merged[key] else {
                order.append(key)
                merged[key] = row
                continue
            }
            for column in summed {
                let sum = [existing[column], row[column]].compactMap { $0.flatMap(Int64.init) }
                existing[column] = sum.isEmpty ? "" : String(sum.reduce(0, +))
            }
            merged[key] = existing
        }
        return order.map { merged[$0]! }
    }

    // MARK: - Rows

    /// Cells keyed by column name, in the dataset's column order.
    typealias Table = [[String: String]]

    private func rows(
        for dataset: Dataset, units: [String], period: Period, scale: Int,
        random: inout SplitMix64
    ) -> Table {
        var table: Table = []
        let fundings = ["central", "local", "other"]
        for unit in units {
            let provincial = !unit.contains("-")
            switch dataset {
            case .staffing:
                let total = provincial ? random.int(60...220) : random.int(12...45)
                let itStaff = provincial ? random.int(2...8) : random.int(0...2)
                table.append([
                    "unit_code": unit, "total_staff": "\(total)",
                    "procurators": "\(total * random.int(40...65) / 100)", "it_staff": "\(itStaff)",
                    "it_engineers": random.chance(0.15) ? "" : "\(random.int(0...itStaff))",
                ])
            case .hardware:
                let categories =
                    provincial
                    ? [
                        "desktop", "laptop", "server", "storage", "printer", "scanner", "network_switch", "firewall",
                        "ups",
                    ]
                    : ["desktop", "laptop", "printer", "scanner", "ups"]
                let years = Array(2010...period.year)
                for category in categories {
                    // Distinct (year, funding) pairs for k < 3 × years: the key never repeats by accident.
                    let offset = random.int(0...years.count - 1)
                    for k in 0..<min(max(1, scale), years.count * fundings.count) {
                        let year = years[(offset + k) % years.count]
                        let funding = fundings[((offset + k) / years.count + category.count) % fundings.count]
                        let quantity = random.int(1...(category == "desktop" ? 40 : 8))
                        let broken = random.int(0...min(2, quantity))
                        let inUse = quantity - broken - (quantity - broken > 0 ? random.int(0...1) : 0)
                        let protectable = ["desktop", "laptop", "server"].contains(category)
                        table.append([
                            "unit_code": unit, "category": category, "quantity": "\(quantity)",
                            "in_use": "\(inUse)", "broken": random.chance(0.1) ? "" : "\(broken)",
                            "acquired_year": "\(year)", "funding_source": funding,
                            "protected": protectable ? "\(random.int(0...inUse))" : "",
                            "unit_value": random.chance(0.5) ? "\(random.int(5...60) * 1_000_000)" : "",
                        ])
                    }
                }
            case .software:
                for entry in reference.list(.software).entries {
                    let status =
                        random.chance(0.8) ? "in_use" : ["pilot", "not_deployed", "retired"][random.int(0...2)]
                    let accounts = random.int(provincial ? 20...200 : 5...45)
                    let total = random.int(50...2000)
                    let hasTransactions = entry.code == "QLAHS" || entry.code == "QLVB" || entry.code == "TKTP"
                    table.append([
                        "unit_code": unit, "software_code": entry.code, "status": status,
                        "hosting": ["central", "provincial", "cloud"][random.int(0...2)],
                        "accounts": status == "in_use" || random.chance(0.5) ? "\(accounts)" : "",
                        "active_users": status == "in_use" ? "\(random.int(0...accounts))" : "",
                        "transactions": hasTransactions ? "\(random.int(0...total))" : "",
                        "transactions_total": hasTransactions ? "\(total)" : "",
                    ])
                }
            case .spending:
                let categories = [
                    "hardware", "software", "services", "network", "training", "maintenance", "security", "other",
                ]
                for k in 0..<(2 * max(1, scale)) {
                    // Multiples of 10 000 đồng: written in millions they carry decimals (`125,36`).
                    let allocated = random.int(1_000...90_000) * 10_000
                    let spent =
                        random.chance(0.05)
                        ? allocated + random.int(1...5_000) * 10_000
                        : allocated / 100 * random.int(40...100)
                    table.append([
                        "unit_code": unit, "category": categories[random.int(0...categories.count - 1)],
                        "funding_source": fundings[random.int(0...2)], "allocated": "\(allocated)",
                        "spent": "\(spent)", "amount_unit": "dong", "project_code": "DA-\(unit)-\(k + 1)",
                    ])
                }
            }
        }
        return table
    }

    /// Puts one error a province would plausibly make into a random row; returns its code.
    private func plantError(in table: inout Table, dataset: Dataset, random: inout SplitMix64) -> FindingCode {
        guard !table.isEmpty else { return .empty }
        let index = random.int(0...table.count - 1)
        switch (dataset, random.int(0...3)) {
        case (_, 0):
            table.append(table[index])  // the same row pasted twice
            return .duplicateKey
        case (.staffing, 1), (.hardware, 1):
            table[index][dataset == .staffing ? "total_staff" : "quantity"] = "-3"
            return .range
        case (.hardware, 2):
            table[index]["in_use"] = "\((Int(table[index]["quantity"]!) ?? 1) + 5)"
            return .consistency
        case (.software, 1), (.software, 2):
            table[index]["software_code"] = "PM-KHAC"
            return .code
        case (.spending, 1), (.spending, 2):
            table[index]["spent"] = "khoảng 5 triệu"
            return .type
        default:
            table[index]["unit_code"] = "99"
            return .code
        }
    }
}
