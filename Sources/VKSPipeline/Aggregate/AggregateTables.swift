import Foundation
import GRDB
import VKSModel

/// A table of `pipelines/tables/`: `<name>.sql`, exported as `<name>.csv.gz` (SPEC §9). Its header
/// (SPEC §8) says its name, its Vietnamese title and the datasets it reads; its rows start with
/// `period, province_code, province_name` (SPEC §12).
public struct TableDefinition: Sendable, Equatable {
    public let name: String
    public let file: String
    public let title: String
    public let reads: Set<Dataset>
    public let sql: String
    /// The SHA-256 of the SQL and of the way its rows are stored: rows stored by another version of
    /// either are not reused. Change `rowFormat` when `TableResult` renders rows differently.
    public let sqlSHA256: String
    static let rowFormat = "csv-line-v1\n"
    static let requiredKeys = ["table", "title", "reads"]
    static let leadingColumns = ["period", "province_code", "province_name"]

    init(name: String, file: String, title: String, reads: Set<Dataset>, sql: String) {
        self.name = name
        self.file = file
        self.title = title
        self.reads = reads
        self.sql = sql
        sqlSHA256 = SQLDigest.of(sql, format: Self.rowFormat)
    }

    /// Every `.sql` file of the folder, in name order, and what is wrong with those left out.
    /// `names` holds every file's table name, usable or not: one left out keeps its last rows.
    public static func load(from folder: String) throws
        -> (tables: [TableDefinition], problems: [ConfigurationProblem], names: [String])
    {
        var tables: [TableDefinition] = []
        var problems: [ConfigurationProblem] = []
        let files = try DefinitionFiles.read(folder)
        for (file, text) in files {
            let sql: String
            switch text {
            case .success(let read): sql = read
            case .failure(let unreadable):
                problems.append(unreadable)
                continue
            }
            let name = String(file.dropLast(4))
            let header = DefinitionHeader(sql: sql)
            var found = header.problems(file: file, required: requiredKeys)
            if let written = header["table"], !written.isEmpty, written != name {
                found.append(
                    ConfigurationProblem(
                        file: file, key: "table",
                        message: "ghi \(written) nhưng tệp tên \(name): hai chỗ phải giống nhau"))
            }
            let (reads, readProblems) = header.list("reads", allowed: Dataset.allCases.map(\.rawValue), file: file)
            found += readProblems
            if found.isEmpty {
                tables.append(
                    TableDefinition(
                        name: name, file: file, title: header["title"]!,
                        reads: Set(reads.compactMap(Dataset.init(rawValue:))), sql: sql))
            }
            problems += found
        }
        return (tables, problems, files.map { String($0.file.dropLast(4)) })
    }
}

/// One run of a table's SQL for one period: its columns and each row as the CSV line the export writes.
struct TableResult: Sendable {
    let columns: [String]
    /// Rows in the query's order, each with the province it names (nil when the table has no
    /// `province_code` column or a row's is not text).
    let rows: [(province: String?, line: String)]

    /// A table is per province when every row names a province (not the nation) and they come in
    /// province order: then one province's rows can be replaced without running the query for the others.
    var isPerProvince: Bool {
        var previous = ""
        for row in rows {
            guard let province = row.province, province >= previous, province != AggregateStage.nationalCode
            else { return false }
            previous = province
        }
        return columns.contains("province_code")
    }

    static func run(_ job: AggregateStage.TableJob, _ db: Database) throws -> TableResult {
        try run(job.table, period: job.period, provinces: job.provinces, db)
    }

    /// Runs `sql` narrowed to one period (and to `provinces`, when given); `snapshot` as in
    /// `ScopeNarrowing.scope`.
    static func run(
        _ table: TableDefinition, period: ReportingPeriod, provinces: Set<String>? = nil, snapshot: Bool = true,
        _ db: Database
    ) throws -> TableResult {
        let narrowed = ScopeNarrowing.only(periods: [period], provinces: provinces, of: table.sql)
        return try ScopeNarrowing.scope(periods: [period], provinces: provinces, snapshot: snapshot, db) {
            let statement = try db.makeStatement(sql: narrowed.sql)
            let provinceColumn = statement.columnNames.firstIndex(of: "province_code")
            var rows: [(String?, String)] = []
            let cursor = try Row.fetchCursor(statement, arguments: narrowed.arguments)
            while let row = try cursor.next() {
                let values = Array(row.databaseValues)
                let province = provinceColumn.flatMap { String.fromDatabaseValue(values[$0]) }
                rows.append((province, ExportCell.line(values.map(ExportCell.init))))
            }
            return TableResult(columns: statement.columnNames, rows: rows)
        }
    }
}

/// The tables' rows as aggregate left them, which export writes out (`aggregate_table`).
enum TableStore {
    /// Makes the next run compute the table again for `period` (its rows stay for export meanwhile).
    static func forget(_ name: String, period: ReportingPeriod, _ db: Database) throws {
        try db.execute(
            sql: "UPDATE aggregate_table SET sql_sha256 = '' WHERE period = ? AND name = ?", arguments: [period, name])
    }

    struct Stored {
        let columns: [String]
        let sqlSHA256: String
        let perProvince: Bool
    }

    static func stored(_ name: String, period: ReportingPeriod, _ db: Database) throws -> Stored? {
        try Row.fetchOne(
            db, sql: "SELECT columns, sql_sha256, per_province FROM aggregate_table WHERE period = ? AND name = ?",
            arguments: [period, name]
        ).map { row in
            let columns = (try? JSONDecoder().decode([String].self, from: Data((row[0] as String).utf8))) ?? []
            return Stored(columns: columns, sqlSHA256: row[1], perProvince: row[2])
        }
    }

    /// Stores what `job` computed: the rows of its provinces, or the whole table when it computed
    /// every province or the table turned out not to be per province (a national row, another order).
    static func store(_ result: TableResult, of job: AggregateStage.TableJob, _ db: Database) throws {
        if let only = job.provinces, result.isPerProvince, result.rows.allSatisfy({ only.contains($0.province!) }) {
            try replace(only, of: job.table, period: job.period, with: result, db)
        } else {
            let all = job.provinces == nil ? result : try TableResult.run(job.table, period: job.period, db)
            try replaceAll(job.table, period: job.period, with: all, db)
        }
    }

    /// Replaces every row of the table for `period`.
    private static func replaceAll(
        _ table: TableDefinition, period: ReportingPeriod, with result: TableResult, _ db: Database
    )
        throws
    {
        let perProvince = result.isPerProvince
        try db.execute(
            sql: """
                INSERT OR REPLACE INTO aggregate_table (period, name, columns, sql_sha256, per_province) VALUES (?, ?, ?, ?, ?)
                """, arguments: [period, table.name, JSON.array(result.columns), table.sqlSHA256, perProvince])
        try db.execute(
            sql: "DELETE FROM aggregate_table_row WHERE period = ? AND name = ?", arguments: [period, table.name])
        try insert(result, period: period, name: table.name, perProvince: perProvince, db)
    }

    /// Replaces the rows of `provinces` only; the table must be stored per province, and `result`
    /// be the query narrowed to those provinces.
    private static func replace(
        _ provinces: Set<String>, of table: TableDefinition, period: ReportingPeriod, with result: TableResult,
        _ db: Database
    ) throws {
        for province in provinces.sorted() {
            try db.execute(
                sql: "DELETE FROM aggregate_table_row WHERE period = ? AND name = ? AND province_code = ?",
                arguments: [period, table.name, province])
        }
        try insert(result, period: period, name: table.name, perProvince: true, db)
    }

    private static func insert(
        _ result: TableResult, period: ReportingPeriod, name: String, perProvince: Bool, _ db: Database
    )
        throws
    {
        let statement = try db.cachedStatement(
            sql: """
                INSERT INTO aggregate_table_row (period, name, province_code, seq, line) VALUES (?, ?, ?, ?, ?)
                """)
        for (seq, row) in result.rows.enumerated() {
            try statement.execute(arguments: [period, name, perProvince ? row.province ?? "" : "", seq, row.line])
        }
    }

    /// The stored lines in export order: by province, then in the query's order within it.
    static func forEachLine(_ name: String, period: ReportingPeriod, _ db: Database, _ body: (String) throws -> Void)
        throws
    {
        let lines = try String.fetchCursor(
            db,
            sql: """
                SELECT line FROM aggregate_table_row WHERE period = ? AND name = ? ORDER BY province_code, seq
                """, arguments: [period, name])
        while let line = try lines.next() { try body(line) }
    }
}
