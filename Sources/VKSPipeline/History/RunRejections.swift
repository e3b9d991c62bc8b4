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
    /// The province's feedback file, relative to the exports folder, once an export wrote it.
    public let feedback: String?

    /// The deliveries `runID` rejected, in ledger order.
    public static func rejected(byRun runID: String, _ db: Database) throws -> [RejectedDelivery] {
        try Row.fetchAll(db, sql: """
            SELECT r.name, r.errors, r.period, ff.period || '/' || ff.name AS feedback,
                   (SELECT f.code FROM finding f WHERE f.file_id = r.id AND f.severity = 'error' ORDER BY f.line, f.id LIMIT 1)
            FROM received_file r
            LEFT JOIN feedback_file ff ON ff.period = r.period
                 AND ff.name = 'feedback/' || r.name_province_code || '_' || r.period || '.csv'
            WHERE r.status = 'rejected' AND r.validated_run_id = ?
            ORDER BY r.id
            """, arguments: [runID]).map {
            RejectedDelivery(name: $0[0], errors: $0[1], firstErrorCode: $0[4], period: $0[2], feedback: $0[3])
        }
    }

    /// `79/79_2026-Q3_hardware.csv: 3 lỗi → tệp phản hồi gửi tỉnh: exports/2026-Q3/feedback/79_2026-Q3.csv`
    public func line(exportsFolder: String) -> String {
        let what = "\(name): \(errors) lỗi"
        if let feedback { return what + " → tệp phản hồi gửi tỉnh: \(exportsFolder)/\(feedback)" }
        if period == nil {
            return what + " (\(firstErrorCode ?? "")) → không có tệp phản hồi vì tên tệp sai, không xếp được vào tỉnh và kỳ nào: "
                + "báo đơn vị gửi lại với tên đúng (vksict rejections --run cho biết lỗi)"
        }
        return what + " → chưa có tệp phản hồi (có sau khi chạy vksict export)"
    }
}
