import GRDB
import VKSModel

// The model's values are stored as their text: `2026-Q3`, `2026`, `staffing`.

extension ReportingPeriod: DatabaseValueConvertible {
    public var databaseValue: DatabaseValue { description.databaseValue }

    public static func fromDatabaseValue(_ dbValue: DatabaseValue) -> ReportingPeriod? {
        String.fromDatabaseValue(dbValue).flatMap(ReportingPeriod.init)
    }
}

extension Period: DatabaseValueConvertible {
    public var databaseValue: DatabaseValue { description.databaseValue }

    public static func fromDatabaseValue(_ dbValue: DatabaseValue) -> Period? {
        String.fromDatabaseValue(dbValue).flatMap(Period.init)
    }
}

extension Dataset: DatabaseValueConvertible {}

extension CellValue {
    /// The value as SQLite stores it.
    public var databaseValue: DatabaseValue {
        switch self {
        case .null: .null
        case .integer(let n): n.databaseValue
        case .text(let s): s.databaseValue
        }
    }
}
