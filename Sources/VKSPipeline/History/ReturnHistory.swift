import GRDB
import VKSModel
import VKSWarehouse

/// The whole chain of a province's returns for a quarter (issue 5): every file received, what became
/// of it, which version counts, and what changed from one accepted version to the next.
public struct ReturnHistory: Sendable {
    public struct Version: Sendable {
        public let fileID: Int64
        public let name: String
        public let sha256: String
        public let arrivedAt: String
        public let status: String
        public let errors: Int
        public let warnings: Int
        public let onTime: Bool?
        public let isCurrent: Bool
        public let supersedes: Int64?
        /// Other names the same bytes were delivered under (each its own delivery).
        public let alsoReceivedAs: [String]
        /// Against the previous accepted version of the same return, when there is one.
        public let change: Change?
    }

    /// What changed between two accepted versions of a return, row by row on the dataset's key.
    public struct Change: Sendable, Equatable {
        public let against: Int64
        public let added: Int
        public let removed: Int
        public let changed: Int
        /// The dataset's headline figure, before and after (staff, devices, accounts, đồng spent).
        public let measure: String
        public let before: Int64
        public let after: Int64
    }

    public struct Return: Sendable {
        public let nameProvinceCode: String
        public let dataset: Dataset
        public let versions: [Version]
    }

    public let province: String
    public let period: Period
    public let returns: [Return]
    /// Files of the quarter that named no dataset they could be read for (misnamed, undecodable…).
    public let unreadable: [Version]

    public static func load(province: String, period: Period, _ db: Database) throws -> ReturnHistory {
        let files = try ReceivedFile.filter(Column("province_code") == province && Column("period") == period)
            .order(Column("id")).fetchAll(db)
        // Other deliveries of the same bytes, under other names (each a delivery of its own since v8).
        let sightings = Dictionary(
            grouping: try Row.fetchAll(
                db,
                sql: """
                    SELECT DISTINCT sha256, name FROM received_file
                    WHERE sha256 IN (SELECT sha256 FROM received_file WHERE province_code = ? AND period = ?)
                    """, arguments: [province, period]), by: { $0["sha256"] as String }
        ).mapValues { $0.map { $0["name"] as String } }
        var returns: [Return] = []
        var unreadable: [Version] = []
        var chains: [String: [(ReceivedFile, FileReturn)]] = [:]
        for file in files {
            let fileReturns = try ReturnStore.returns(fileID: file.id!, db)
            if fileReturns.isEmpty {
                unreadable.append(version(file, nil, sightings: sightings, change: nil))
            }
            for entry in fileReturns {
                chains["\(file.nameProvinceCode ?? "")|\(entry.dataset.rawValue)", default: []].append((file, entry))
            }
        }
        for key in chains.keys.sorted() {
            let chain = chains[key]!
            var versions: [Version] = []
            var previous: Int64?
            for (file, entry) in chain {
                var change: Change?
                if file.status == .accepted, let previous {
                    change = try compare(dataset: entry.dataset, from: previous, to: file.id!, db)
                }
                versions.append(version(file, entry, sightings: sightings, change: change))
                if file.status == .accepted { previous = file.id }
            }
            let parts = key.split(separator: "|")
            returns.append(Return(nameProvinceCode: String(parts[0]), dataset: chain[0].1.dataset, versions: versions))
        }
        return ReturnHistory(province: province, period: period, returns: returns, unreadable: unreadable)
    }

    private static func version(
        _ file: ReceivedFile, _ entry: FileReturn?, sightings: [String: [String]],
        change: Change?
    ) -> Version {
        Version(
            fileID: file.id!, name: file.name, sha256: file.sha256, arrivedAt: file.arrivedAt,
            status: file.status.rawValue, errors: file.errors, warnings: file.warnings, onTime: file.onTime,
            isCurrent: entry?.isCurrent ?? false, supersedes: entry?.supersedes,
            alsoReceivedAs: (sightings[file.sha256] ?? []).filter { $0 != file.name }.sorted(), change: change)
    }

    /// Rows added, removed and changed between two loaded versions, matched on the dataset's key.
    static func compare(dataset: Dataset, from old: Int64, to new: Int64, _ db: Database) throws -> Change? {
        let schema = dataset.schema
        let measure = dataset.headlineColumn
        let columns = schema.columns.map(\.name)
        func rows(_ fileID: Int64) throws -> [String: [DatabaseValue]] {
            var byKey: [String: [DatabaseValue]] = [:]
            for row in try Row.fetchAll(
                db, sql: "SELECT \(columns.joined(separator: ", ")) FROM \(dataset.rawValue)_fact WHERE file_id = ?",
                arguments: [fileID])
            {
                let key = schema.key.map { (row[$0] as DatabaseValue).description }.joined(separator: "\u{1F}")
                byKey[key] = columns.map { row[$0] as DatabaseValue }
            }
            return byKey
        }
        let before = try rows(old)
        let after = try rows(new)
        let kept = Set(before.keys).intersection(after.keys)
        let total = { (rows: [String: [DatabaseValue]]) -> Int64 in
            let index = columns.firstIndex(of: measure)!
            return rows.values.reduce(0) { $0 + (Int64.fromDatabaseValue($1[index]) ?? 0) }
        }
        return Change(
            against: old, added: after.count - kept.count, removed: before.count - kept.count,
            changed: kept.filter { before[$0] != after[$0] }.count, measure: measure,
            before: total(before), after: total(after))
    }
}
