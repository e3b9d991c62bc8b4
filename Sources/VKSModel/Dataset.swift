/// The four datasets a province reports each quarter (SPEC §3).
public enum Dataset: String, CaseIterable, Sendable, Comparable {
    case staffing, hardware, software, spending

    public static func < (lhs: Dataset, rhs: Dataset) -> Bool {
        lhs.ordinal < rhs.ordinal
    }

    /// The position in `allCases`: an index for per-dataset arrays on paths that see every row.
    public var ordinal: Int {
        switch self {
        case .staffing: 0
        case .hardware: 1
        case .software: 2
        case .spending: 3
        }
    }

    /// The Vietnamese name used in messages and the report.
    public var vietnameseName: String {
        switch self {
        case .staffing: "nhân lực"
        case .hardware: "hạ tầng"
        case .software: "phần mềm ứng dụng"
        case .spending: "kinh phí"
        }
    }

    /// The column a return is summed up by when two versions are compared: staff, devices,
    /// accounts, đồng spent.
    public var headlineColumn: String {
        switch self {
        case .staffing: "total_staff"
        case .hardware: "quantity"
        case .software: "accounts"
        case .spending: "spent"
        }
    }

    public var schema: DatasetSchema { DatasetSchema.of(self) }
}

/// The reference code lists values are checked and normalised against.
public enum CodeListName: String, CaseIterable, Sendable {
    case deviceCategory = "device_category"
    case software
    case fundingSource = "funding_source"
    case spendingCategory = "spending_category"
    case softwareStatus = "software_status"
    case hosting
    case amountUnit = "amount_unit"

    /// The file under `pipelines/reference/` holding the list.
    public var fileName: String {
        switch self {
        case .deviceCategory: "device_categories.csv"
        case .software: "software_catalog.csv"
        case .fundingSource: "funding_sources.csv"
        case .spendingCategory: "spending_categories.csv"
        case .softwareStatus: "software_statuses.csv"
        case .hosting: "hosting_places.csv"
        case .amountUnit: "amount_units.csv"
        }
    }
}

public enum ColumnType: Sendable, Equatable {
    /// A reporting unit code (`79`, `79-03`), checked against the unit registry.
    case unitCode
    /// A whole number; `1.234` in such a column is 1234, never 1.234.
    case integer
    /// An amount of money, stored as whole đồng after `amount_unit` is applied.
    case money
    /// A value from a code list, written as the code, its Vietnamese name or an alias.
    case code(CodeListName)
    /// Free text, stored NFC with single spaces.
    case text
}

/// One column of a dataset: its English name, Vietnamese label, type and whether it must be filled.
public struct DatasetColumn: Sendable, Equatable {
    public let name: String
    public let label: String
    public let type: ColumnType
    public let required: Bool
    /// The header the file being checked gives this column, when it is not the English name:
    /// messages name a column as the province wrote it (SPEC §5).
    public private(set) var header: String?

    init(name: String, label: String, type: ColumnType, required: Bool) {
        self.name = name
        self.label = label
        self.type = type
        self.required = required
    }

    /// This column as a file heads it (`Hư hỏng` for `broken`).
    public func headed(_ written: String) -> DatasetColumn {
        var column = self
        column.header = written == name ? nil : written
        return column
    }
}

/// Columns and key of a dataset, in the order of SPEC §3. A class, shared: a row checker passes its
/// schema along with every row, and a struct of four arrays cost four retains and releases each time.
public final class DatasetSchema: Sendable {
    public let dataset: Dataset
    public let columns: [DatasetColumn]
    public let key: [String]
    /// The columns' names and their lengths, apart: the row rules look columns up by name on every
    /// row, and names of another length are passed over without a string comparison (most are).
    private let names: [String]
    private let nameLengths: [Int]

    init(dataset: Dataset, columns: [DatasetColumn], key: [String]) {
        self.dataset = dataset
        self.columns = columns
        self.key = key
        names = columns.map(\.name)
        nameLengths = names.map(\.utf8.count)
    }

    /// The schema with its columns as a file heads them (`headers` by column index; nil: as named).
    public func headed(_ headers: [String?]) -> DatasetSchema {
        let columns = zip(columns, headers).map { column, header in header.map(column.headed) ?? column }
        return DatasetSchema(dataset: dataset, columns: columns, key: key)
    }

    public func index(of name: String) -> Int? {
        let length = name.utf8.count
        for index in nameLengths.indices where nameLengths[index] == length && names[index] == name { return index }
        return nil
    }

    static func of(_ dataset: Dataset) -> DatasetSchema {
        switch dataset {
        case .staffing: staffing
        case .hardware: hardware
        case .software: software
        case .spending: spending
        }
    }

    private static let staffing = DatasetSchema(
        dataset: .staffing,
        columns: [
            DatasetColumn(name: "unit_code", label: "Mã đơn vị", type: .unitCode, required: true),
            DatasetColumn(name: "total_staff", label: "Tổng biên chế", type: .integer, required: true),
            DatasetColumn(name: "procurators", label: "Số kiểm sát viên", type: .integer, required: true),
            DatasetColumn(name: "it_staff", label: "Cán bộ chuyên trách CNTT", type: .integer, required: true),
            DatasetColumn(name: "it_engineers", label: "Kỹ sư CNTT", type: .integer, required: false),
        ], key: ["unit_code"])

    private static let hardware = DatasetSchema(
        dataset: .hardware,
        columns: [
            DatasetColumn(name: "unit_code", label: "Mã đơn vị", type: .unitCode, required: true),
            DatasetColumn(name: "category", label: "Loại thiết bị", type: .code(.deviceCategory), required: true),
            DatasetColumn(name: "quantity", label: "Số lượng", type: .integer, required: true),
            DatasetColumn(name: "in_use", label: "Đang sử dụng", type: .integer, required: true),
            DatasetColumn(name: "broken", label: "Hỏng", type: .integer, required: false),
            DatasetColumn(name: "acquired_year", label: "Năm trang bị", type: .integer, required: true),
            DatasetColumn(name: "funding_source", label: "Nguồn kinh phí", type: .code(.fundingSource), required: true),
            DatasetColumn(name: "protected", label: "Có phần mềm bảo vệ", type: .integer, required: false),
            DatasetColumn(name: "unit_value", label: "Đơn giá", type: .money, required: false),
        ], key: ["unit_code", "category", "acquired_year", "funding_source"])

    private static let software = DatasetSchema(
        dataset: .software,
        columns: [
            DatasetColumn(name: "unit_code", label: "Mã đơn vị", type: .unitCode, required: true),
            DatasetColumn(name: "software_code", label: "Mã phần mềm", type: .code(.software), required: true),
            DatasetColumn(name: "status", label: "Tình trạng", type: .code(.softwareStatus), required: true),
            DatasetColumn(name: "hosting", label: "Nơi triển khai", type: .code(.hosting), required: false),
            DatasetColumn(name: "accounts", label: "Số tài khoản", type: .integer, required: false),
            DatasetColumn(name: "active_users", label: "Người dùng hoạt động", type: .integer, required: false),
            DatasetColumn(name: "transactions", label: "Hồ sơ xử lý điện tử", type: .integer, required: false),
            DatasetColumn(name: "transactions_total", label: "Tổng hồ sơ", type: .integer, required: false),
        ], key: ["unit_code", "software_code"])

    private static let spending = DatasetSchema(
        dataset: .spending,
        columns: [
            DatasetColumn(name: "unit_code", label: "Mã đơn vị", type: .unitCode, required: true),
            DatasetColumn(name: "category", label: "Nội dung chi", type: .code(.spendingCategory), required: true),
            DatasetColumn(name: "funding_source", label: "Nguồn kinh phí", type: .code(.fundingSource), required: true),
            DatasetColumn(name: "allocated", label: "Dự toán", type: .money, required: true),
            DatasetColumn(name: "spent", label: "Thực hiện", type: .money, required: true),
            DatasetColumn(name: "amount_unit", label: "Đơn vị tính", type: .code(.amountUnit), required: false),
            DatasetColumn(name: "project_code", label: "Mã dự án", type: .text, required: false),
        ], key: ["unit_code", "category", "funding_source", "project_code"])
}
