import GRDB
import VKSModel

/// What a `<dataset>_rollup` table keeps: each return's figures summed by two key columns.
///
/// The indicators and tables of the big datasets group hundreds of thousands of facts a night by a
/// handful of codes; SQLite can only sort to group, so each definition over the facts paid a sort
/// of them. Summed once as a return loads (a few dozen rows per return), they read a thousandth of
/// the rows and the sum is the same: every figure is an integer, so adding by parts is exact.
public struct RollupDefinition: Sendable {
    public let dataset: String
    /// The two columns the figures are summed by.
    public let keys: (String, String)
    /// The integer columns summed, in the table's order (after `rows`).
    public let sums: [String]

    public var table: String { "\(dataset)_rollup" }
    /// The table's columns: the file, the two keys, the row count, the sums.
    var columns: [String] { ["file_id", keys.0, keys.1, "rows"] + sums }

    /// Every rollup the warehouse keeps. A change to them is a new migration, with the tables'
    /// new columns and its own copy of the list: v7 builds from `asOfV7`.
    public static let all = asOfV7

    /// The rollups as migration v7 made them (frozen with its text).
    static let asOfV7 = [
        RollupDefinition(
            dataset: "hardware", keys: ("category", "acquired_year"),
            sums: ["quantity", "in_use", "broken", "protected"]),
        RollupDefinition(dataset: "spending", keys: ("category", "funding_source"), sums: ["allocated", "spent"]),
    ]

    public static func of(dataset: Dataset) -> RollupDefinition? { all.first { $0.dataset == dataset.rawValue } }
}

/// One return's rollup as its rows go by: row count and sums per key pair.
public struct ReturnRollup: Sendable {
    public let definition: RollupDefinition
    private var groups: [Key: Group] = [:]

    struct Key: Hashable {
        let first: DatabaseValue
        let second: DatabaseValue
    }

    struct Group {
        var rows = 0
        var sums: [Sum]

        mutating func add(count: Int, figure: (Int) -> Int64?) {
            rows += 1
            for index in 0..<count {
                if let value = figure(index) { sums[index].add(value) }
            }
        }
    }

    /// SQL's SUM over integers, except past 2⁶³, where SUM over the facts stopped the night with
    /// "integer overflow": there it goes on as a REAL (SQL's TOTAL), and the figures built on it are
    /// REAL too. Validation caps a money cell at 10¹⁵ đồng, so one return gets there only with some
    /// 9,000 such lines in one category and funding source.
    struct Sum {
        /// nil while no row had the figure (SUM over blanks is NULL).
        var exact: Int64?
        var inexact: Double?

        mutating func add(_ value: Int64) {
            if let inexact {
                self.inexact = inexact + Double(value)
            } else if let exact {
                let (sum, overflow) = exact.addingReportingOverflow(value)
                if overflow { inexact = Double(exact) + Double(value) } else { self.exact = sum }
            } else {
                exact = value
            }
        }

        var databaseValue: DatabaseValue {
            if let inexact { return inexact.databaseValue }
            return exact?.databaseValue ?? .null
        }
    }

    public init(_ definition: RollupDefinition) {
        self.definition = definition
    }

    /// Adds one fact: its two key values, and its figure in `definition.sums[index]` (nil: blank).
    /// A closure, not a sequence: a generic across modules would be run unspecialised, and looking
    /// up its types on every fact cost more than the fact's insert.
    public mutating func add(first: DatabaseValue, second: DatabaseValue, figure: (_ index: Int) -> Int64?) {
        let count = definition.sums.count
        groups[Key(first: first, second: second), default: Group(sums: Array(repeating: Sum(), count: count))]
            .add(count: count, figure: figure)
    }

    /// Writes the return's rows (after its facts' are deleted by whoever reloads it).
    public func store(fileID: Int64, _ db: Database) throws {
        let columns = definition.columns
        let insert = RawStatement(
            try db.cachedStatement(
                sql: """
                    INSERT INTO \(definition.table) (\(columns.joined(separator: ", ")))
                    VALUES (\(Array(repeating: "?", count: columns.count).joined(separator: ", ")))
                    """))
        for (key, group) in groups {
            try insert.run(
                [fileID.databaseValue, key.first, key.second, group.rows.databaseValue]
                    + group.sums.map(\.databaseValue))
        }
    }

    /// Sums the facts already in the warehouse, one return at a time (migration v7): the same
    /// arithmetic as a load's, so both agree to the bit.
    static func rebuild(_ definition: RollupDefinition, _ db: Database) throws {
        let columns = ["file_id", definition.keys.0, definition.keys.1] + definition.sums
        let facts = try Row.fetchCursor(
            db,
            sql: """
                SELECT \(columns.joined(separator: ", ")) FROM \(definition.dataset)_fact ORDER BY file_id
                """)
        var current: (fileID: Int64, rollup: ReturnRollup)?
        while let row = try facts.next() {
            let fileID: Int64 = row[0]
            if current?.fileID != fileID {
                if let (previous, rollup) = current { try rollup.store(fileID: previous, db) }
                current = (fileID, ReturnRollup(definition))
            }
            current!.rollup.add(first: row[1], second: row[2]) { row[3 + $0] as Int64? }
        }
        if let (fileID, rollup) = current { try rollup.store(fileID: fileID, db) }
    }
}
