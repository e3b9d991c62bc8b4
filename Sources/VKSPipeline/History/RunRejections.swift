import GRDB
import VKSWarehouse

/// A delivery one run rejected, and the feedback file that tells its province what to fix: what the
/// cron summary and `vksict rejections --run` name, so the operator knows what to send to whom.
public struct RejectedDelivery: Sendable, Equatable {
    public let name: String
    public let errors: Int
    /// The first error's code, for a file whose name says no province or quarter (no feedback file).
    public let firstErrorCode: String?
    public let period: String?
    /// Refused because its quarter is closed: the closed quarter's feedback does not list it.
    public let inClosedQuarter: Bool
    /// A later delivery of its return was accepted: nothing left to fix.
    public let superseded: Bool
    /// The province's feedback file, relative to the exports folder, when an export since the run
    /// wrote it with this file's findings.
    public let feedback: String?

    /// The deliveries `runID` rejected, in ledger order.
    public static func rejected(byRun runID: String, _ db: Database) throws -> [RejectedDelivery] {
        try Row.fetchAll(
            db,
            sql: """
                SELECT r.name, r.errors, r.period,
                       (SELECT f.code FROM finding f WHERE f.file_id = r.id AND f.severity = 'error' ORDER BY f.line, f.id LIMIT 1),
                       EXISTS (SELECT 1 FROM period_closure c WHERE c.period = r.period AND r.id > c.last_file_id) AS closed,
                       NOT EXISTS (SELECT 1 FROM current_finding f WHERE f.file_id = r.id) AS superseded,
                       ff.period || '/' || ff.name AS feedback,
                       EXISTS (SELECT 1 FROM period_state p WHERE p.period = r.period AND p.needs_export = 1) AS owed
                FROM received_file r
                LEFT JOIN feedback_file ff ON ff.period = r.period
                     AND ff.name = 'feedback/' || r.name_province_code || '_' || r.period || '.csv'
                WHERE r.status = 'rejected' AND r.validated_run_id = ?
                ORDER BY r.id
                """, arguments: [runID]
        ).map { row in
            let closed: Bool = row[4]
            let superseded: Bool = row[5]
            let owed: Bool = row[7]
            return RejectedDelivery(
                name: row[0], errors: row[1], firstErrorCode: row[3], period: row[2],
                inClosedQuarter: closed, superseded: superseded,
                feedback: closed || superseded || owed ? nil : row[6])
        }
    }

    /// `79/79_2026-Q3_hardware.csv: 3 lỗi → tệp phản hồi gửi tỉnh: exports/2026-Q3/feedback/79_2026-Q3.csv`
    public func line(exportsFolder: String) -> String {
        let what = "\(name): \(errors) lỗi"
        if let feedback { return what + " → tệp phản hồi gửi tỉnh: \(exportsFolder)/\(feedback)" }
        if period == nil {
            return what
                + " (\(firstErrorCode ?? "")) → không có tệp phản hồi vì tên tệp sai, không xếp được vào tỉnh và kỳ nào: "
                + "báo đơn vị gửi lại với tên đúng (vksict rejections --run cho biết lỗi)"
        }
        if inClosedQuarter {
            return what + " → kỳ \(period ?? "") đã khoá sổ: mở lại kỳ (vksict period reopen) nếu cần nhận tệp này"
        }
        if superseded { return what + " → đã được thay bằng bản nộp sau, không cần làm gì" }
        return what + " → chưa có tệp phản hồi (có sau khi chạy vksict export)"
    }
}
