import ArgumentParser
import GRDB
import VKSModel
import VKSPipeline
import VKSWarehouse

extension VKSICT {
    struct Status: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Tỉnh nào đã gửi gì: bảng tỉnh × bộ dữ liệu của từng quý.",
            discussion: """
                Who has sent what: the province × dataset matrix of each quarter.
                --format csv prints period,province_code,province_name,dataset,state,on_time.
                """)

        enum Format: String, ExpressibleByArgument, CaseIterable { case text, csv }

        @OptionGroup var paths: PathOptions
        @OptionGroup var scope: ScopeOptions

        @Option(help: "text (a matrix for the terminal) or csv.")
        var format: Format = .text

        func run() throws {
            try withExitCodes {
                let config = try paths.config()
                let reference = try ReferenceData.load(from: config.reference)
                let today = Clock.system.today
                try scope.checkKnown(reference, today: today)
                let warehouse = try config.existingWarehouse()
                let filter = scope.scope
                let matrix = try warehouse.read { db in
                    // The quarters asked for, whether anyone sent anything (SPEC §12: everyone
                    // missing then), and those the warehouse knows within them.
                    let asked = (filter.periods ?? []).flatMap { period -> [Period] in
                        period.quarter.map { [$0] }
                            ?? (1...4).compactMap { Period(year: period.calendarYear, quarter: $0) }
                            .filter { $0.firstDay <= today }
                    }
                    let known = try PeriodState.allPeriods(db).compactMap(\.quarter).filter {
                        filter.includes(period: $0.reporting)
                    }
                    let quarters = Set(asked + known).sorted()
                    return try ReturnStatus.matrix(
                        quarters: quarters, province: filter.province, reference: reference, db)
                }
                switch format {
                case .csv:
                    print("period,province_code,province_name,dataset,state,on_time")
                    for entry in matrix {
                        let onTime = entry.onTime.map { $0 ? "1" : "0" } ?? ""
                        print(
                            [
                                entry.period.description, entry.provinceCode, entry.provinceName,
                                entry.dataset.rawValue,
                                entry.state.rawValue, onTime,
                            ].joined(separator: ","))
                    }
                case .text:
                    printMatrix(matrix)
                }
            }
        }

        /// ✔ accepted on time, ✔! accepted late, ✘ rejected, · missing.
        private func printMatrix(_ matrix: [ReturnStatus]) {
            let datasets = Dataset.allCases
            for period in Array(Set(matrix.map(\.period))).sorted() {
                let rows = matrix.filter { $0.period == period }
                print("Kỳ \(period)   ✔ đã nhận   ✔! nhận muộn   ✘ bị từ chối   · chưa nộp")
                print(
                    "    " + "tỉnh".padding(toLength: 24, withPad: " ", startingAt: 0)
                        + datasets.map { $0.rawValue.padding(toLength: 10, withPad: " ", startingAt: 0) }.joined())
                for province in Array(Set(rows.map(\.provinceCode))).sorted() {
                    let mine = rows.filter { $0.provinceCode == province }
                    let name = mine.first!.provinceName
                    let cells = datasets.map { dataset -> String in
                        guard let entry = mine.first(where: { $0.dataset == dataset }) else { return "" }
                        switch entry.state {
                        case .accepted: return entry.onTime == false ? "✔!" : "✔"
                        case .rejected: return "✘"
                        case .missing: return "·"
                        }
                    }
                    print(
                        province + "  " + String(name.prefix(24)).padding(toLength: 24, withPad: " ", startingAt: 0)
                            + cells.map { $0.padding(toLength: 10, withPad: " ", startingAt: 0) }.joined())
                }
                let counts = Dictionary(grouping: rows, by: \.state).mapValues(\.count)
                print(
                    "    \(counts[.accepted] ?? 0) đã nhận, \(counts[.rejected] ?? 0) bị từ chối, \(counts[.missing] ?? 0) chưa nộp\n"
                )
            }
        }
    }
}
