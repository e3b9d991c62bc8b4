import ArgumentParser
import Foundation
import VKSModel
import VKSPipeline
import VKSWarehouse

extension VKSICT {
    struct History: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Một tỉnh đã gửi gì cho một quý: từng tệp, kết quả, bản nào được tính, khác gì bản trước.",
            discussion: """
                What a province sent for a quarter: every file, its outcome, which version counts, what changed.
                """)

        @OptionGroup var paths: PathOptions

        @Option(help: "Today's province code (two digits).")
        var province: String

        @Option(help: "The quarter (2026-Q3).")
        var period: String

        func validate() throws {
            guard Period(period) != nil else {
                throw ValidationError("--period \(period): expected a quarter such as 2026-Q3")
            }
            guard province.count == 2, Int(province) != nil else {
                throw ValidationError("--province: two digits, e.g. 79")
            }
        }

        func run() throws {
            try withExitCodes {
                let config = try paths.config()
                let reference = try ReferenceData.load(from: config.reference)
                try ScopeOptions.checkProvince(province, reference)
                let warehouse = try config.existingWarehouse()
                let quarter = Period(period)!  // checked by `validate`
                let (history, closure) = try warehouse.read { db in
                    (
                        try ReturnHistory.load(province: province, period: quarter, db),
                        try PeriodLock.closure(of: quarter, db)
                    )
                }
                let name = reference.province(province)?.name ?? "?"
                print(
                    "Lịch sử báo cáo — \(province) \(name), kỳ \(history.period)"
                        + (closure.map { " (đã khóa sổ \($0.closedAt))" } ?? ""))
                if history.returns.isEmpty && history.unreadable.isEmpty { print("  (chưa nhận tệp nào)") }
                for entry in history.returns {
                    let former = entry.nameProvinceCode != province ? " (tỉnh cũ \(entry.nameProvinceCode))" : ""
                    print("\n\(entry.dataset)\(former)")
                    for version in entry.versions { describe(version) }
                }
                if !history.unreadable.isEmpty {
                    print("\ntệp không đọc được bộ dữ liệu")
                    for version in history.unreadable { describe(version) }
                }
            }
        }

        private func describe(_ version: ReturnHistory.Version) {
            let outcome: String
            switch version.status {
            case "accepted": outcome = version.isCurrent ? "đã nhận, HIỆN HÀNH" : "đã nhận, đã bị thay thế"
            case "rejected": outcome = "bị từ chối"
            default: outcome = "chờ kiểm tra"
            }
            let late = version.onTime == false ? ", nộp muộn" : ""
            print(
                "  #\(version.fileID)  \(version.arrivedAt)  \(version.name.showingInvisibles)  sha256 \(version.sha256.prefix(12))…  "
                    + "\(outcome)\(late)  \(version.errors) lỗi, \(version.warnings) cảnh báo")
            if let superseded = version.supersedes { print("        thay thế #\(superseded)") }
            for other in version.alsoReceivedAs {
                print("        cùng nội dung, nhận lại dưới tên \(other.showingInvisibles)")
            }
            if let change = version.change {
                print(
                    "        so với #\(change.against): +\(change.added) dòng, −\(change.removed) dòng, "
                        + "\(change.changed) dòng thay đổi; \(change.measure) \(change.before) → \(change.after)")
            }
        }
    }
}
