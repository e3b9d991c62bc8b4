import ArgumentParser
import GRDB
import VKSModel
import VKSPipeline
import VKSWarehouse

extension VKSICT {
    struct Rejections: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Liệt kê các lỗi còn phải sửa: tệp, dòng, cột, giá trị và quy tắc bị vi phạm.",
            discussion: """
                List the errors still to fix, with file, line, column, value and the rule broken: those of files \
                no later delivery replaced (vksict history shows all). --run ID: every finding of the files that run \
                rejected. --format csv prints the columns of findings.csv.gz.
                Lỗi của các tệp chưa được thay bằng bản nộp sau (bản sau được nhận thì lỗi cũ chuyển vào lịch sử: \
                vksict history). --run ID: mọi lỗi của các tệp mà lần chạy đó từ chối.
                """)

        enum Format: String, ExpressibleByArgument, CaseIterable { case text, csv }

        @OptionGroup var paths: PathOptions
        @OptionGroup var scope: ScopeOptions

        @Option(help: "text or csv.")
        var format: Format = .text

        @Flag(help: "Warnings too (W_OUTLIER, W_LATE, W_ALIAS…), not only errors.")
        var warnings = false

        @Option(
            name: .customLong("run"),
            help: "Only the files this run rejected (its id, as `vksict runs` and the cron summary give it).")
        var runID: String?

        func run() throws {
            try withExitCodes {
                let config = try paths.config()
                try scope.checkKnown(try ReferenceData.load(from: config.reference), today: Clock.system.today)
                let warehouse = try config.existingWarehouse()
                let filter = scope.scope
                let rows = try warehouse.read { db in
                    if let runID, try !RunLog.exists(runID: runID, db) {
                        throw ValidationError("không có lần chạy \(runID) trong kho (vksict runs liệt kê các lần chạy)")
                    }
                    let quarters = try filter.periods.map { _ in
                        try PeriodState.allPeriods(db).compactMap(\.quarter).filter {
                            filter.includes(period: $0.reporting)
                        }
                    }
                    return try FindingRow.fetch(
                        quarters: quarters, province: filter.province, errorsOnly: !warnings,
                        rejectedBy: runID, db)
                }
                switch format {
                case .csv:
                    print(FindingRow.columns.joined(separator: ","))
                    for row in rows { print(ExportCell.line(row.exportCells)) }
                case .text:
                    for line in FindingLines.lines(rows.map(FindingLines.Item.init)) { print(line) }
                    if rows.isEmpty { print("Không có lỗi nào.") }
                }
            }
        }
    }
}
