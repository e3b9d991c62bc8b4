import GRDB
import VKSModel
import VKSWarehouse

/// The state of one return (province × quarter × dataset): what `status` and `completeness.csv.gz` show.
public struct ReturnStatus: Sendable, Equatable {
    public enum State: String, Sendable { case accepted, rejected, missing }

    public let period: Period
    public let provinceCode: String
    public let provinceName: String
    public let dataset: Dataset
    public let state: State
    /// For accepted returns: whether the first accepted file (of every former province, before
    /// 2025-Q3) arrived by the deadline. Nil otherwise.
    public let onTime: Bool?

    /// Files that arrived after their quarter closed do not count in what is exported for it, so a
    /// closed quarter's exports come out the same at any later time.
    static let beforeClosure = """
        NOT EXISTS (SELECT 1 FROM period_closure c WHERE c.period = r.period AND r.id > c.last_file_id)
        """

    /// Every province × dataset of the given quarters, missing ones included. `asClosed` leaves out
    /// files that came after a quarter was closed (exports); `status` shows everything.
    public static func matrix(
        quarters: [Period], province: String?, reference: ReferenceData, asClosed: Bool = false,
        _ db: Database
    ) throws -> [ReturnStatus] {
        struct Sent {
            let provinceCode: String
            let nameProvinceCode: String
            let dataset: String
            let status: String
            let onTime: Bool?
            let isCurrent: Bool
        }
        var result: [ReturnStatus] = []
        for quarter in quarters {
            // Every return of the quarter, oldest file first.
            let sent = try Row.fetchAll(
                db,
                sql: """
                    SELECT r.province_code, r.name_province_code, fr.dataset, r.status, r.on_time, fr.is_current
                    FROM file_return fr JOIN received_file r ON r.id = fr.file_id
                    WHERE r.period = ? AND r.province_code IS NOT NULL \(asClosed ? "AND " + beforeClosure : "")
                    ORDER BY r.id
                    """, arguments: [quarter]
            ).map {
                Sent(
                    provinceCode: $0[0], nameProvinceCode: $0[1], dataset: $0[2], status: $0[3], onTime: $0[4],
                    isCurrent: $0[5])
            }
            for entry in reference.provinces where province == nil || entry.code == province {
                for dataset in Dataset.allCases {
                    let mine = sent.filter { $0.provinceCode == entry.code && $0.dataset == dataset.rawValue }
                    let state: State
                    var onTime: Bool?
                    if mine.contains(where: \.isCurrent) {
                        state = .accepted
                        // The first accepted file of each file-name province decides.
                        let accepted = mine.filter { $0.status == "accepted" }
                        let firsts = Dictionary(grouping: accepted, by: \.nameProvinceCode).values.compactMap(\.first)
                        onTime = firsts.allSatisfy { $0.onTime == true }
                    } else if mine.contains(where: { $0.status == "rejected" }) {
                        state = .rejected
                    } else {
                        state = .missing
                    }
                    result.append(
                        ReturnStatus(
                            period: quarter, provinceCode: entry.code, provinceName: entry.name,
                            dataset: dataset, state: state, onTime: onTime))
                }
            }
        }
        return result
    }
}
