/// What the workbook calls the exports and their columns (SPEC §9: Vietnamese column titles), and
/// which columns hold numbers. A column of a new table that is not here keeps its English name and
/// is written as text; add it here to title it.
enum WorkbookTitles {
    /// Sheet name (at most 31 characters, Excel's limit) and what the first sheet says of it.
    static let sheets: [String: (name: String, description: String)] = [
        "indicators_detail": (
            "Chỉ tiêu",
            "Các chỉ tiêu theo tỉnh: giá trị, tử số, mẫu số, thứ hạng, nhóm, thay đổi so với kỳ trước và cùng kỳ năm trước"
        ),
        "indicators_by_quarter": (
            "Chỉ tiêu theo quý", "Các chỉ tiêu của từng tỉnh, các quý của năm cạnh nhau và cả năm"
        ),
        "indicators": ("Chỉ tiêu (dạng gọn)", "Giá trị các chỉ tiêu theo tỉnh, dạng dành cho phần mềm"),
        "indicator_catalog": ("Danh mục chỉ tiêu", "Tên, đơn vị, chiều tốt và tệp định nghĩa của từng chỉ tiêu"),
        "hardware_by_category": ("Thiết bị", "Thiết bị CNTT theo loại và tỉnh"),
        "spending_by_category": ("Kinh phí", "Kinh phí CNTT theo nội dung chi, nguồn kinh phí và tỉnh (đồng)"),
        "software_adoption": ("Phần mềm", "Mức sử dụng phần mềm dùng chung theo tỉnh"),
        "completeness": ("Tình trạng nộp", "Tỉnh nào đã nộp bộ dữ liệu nào, đúng hạn hay không"),
        "coverage": ("Số quý đã nộp", "Số quý mỗi tỉnh đã báo cáo trong năm và các quý còn thiếu"),
        "findings": ("Lỗi và cảnh báo", "Các lỗi và cảnh báo hiện hành của các tệp đã nhận"),
    ]

    /// The sheets' order: what a planner looks at first, first; other tables after these, as written.
    static let order = [
        "indicators_detail.csv.gz", "indicators_by_quarter.csv.gz", "indicator_catalog.csv.gz",
        "hardware_by_category.csv.gz",
        "software_adoption.csv.gz", "spending_by_category.csv.gz", "completeness.csv.gz", "coverage.csv.gz",
        "findings.csv.gz", "indicators.csv.gz",
    ]

    /// Vietnamese titles of the export columns.
    static let columns: [String: String] = [
        "period": "Kỳ", "province_code": "Mã tỉnh", "province_name": "Tỉnh", "indicator": "Mã chỉ tiêu",
        "title": "Chỉ tiêu", "unit": "Đơn vị tính", "value": "Giá trị", "numerator": "Tử số", "denominator": "Mẫu số",
        "rank": "Thứ hạng", "quartile": "Nhóm (1 = tốt nhất)", "previous_value": "Kỳ trước",
        "change_vs_previous": "Thay đổi so với kỳ trước", "last_year_value": "Cùng kỳ năm trước",
        "change_vs_last_year": "Thay đổi so với cùng kỳ năm trước", "name": "Tên (tiếng Anh)",
        "scale": "Hệ số hiển thị", "decimals": "Số chữ số thập phân", "better": "Chiều tốt",
        "reads": "Bộ dữ liệu sử dụng", "file": "Tệp", "category": "Loại / nội dung", "quantity": "Số lượng",
        "in_use": "Đang sử dụng", "broken": "Hỏng", "protected": "Có phần mềm bảo vệ",
        "software_code": "Mã phần mềm", "units_reporting": "Số đơn vị báo cáo", "units_in_use": "Số đơn vị đang dùng",
        "units_pilot": "Số đơn vị thử nghiệm", "units_not_using": "Số đơn vị không dùng", "accounts": "Số tài khoản",
        "active_users": "Người dùng hoạt động", "funding_source": "Nguồn kinh phí",
        "allocated_dong": "Dự toán (đồng)", "spent_dong": "Thực hiện (đồng)", "dataset": "Bộ dữ liệu",
        "state": "Tình trạng", "on_time": "Đúng hạn (1 = có)", "quarters_reported": "Số quý đã báo cáo",
        "quarters_expected": "Số quý phải báo cáo", "complete": "Đủ (1 = có)", "missing_quarters": "Các quý còn thiếu",
        "q1": "Quý 1", "q2": "Quý 2", "q3": "Quý 3", "q4": "Quý 4", "year": "Cả năm", "line": "Dòng", "column": "Cột",
        "code": "Mã lỗi", "severity": "Mức độ", "message": "Nội dung",
    ]

    /// Columns written as number cells. `value` of `findings` is the cell as the province wrote it:
    /// that sheet's `value` is text (its message says so), so only the indicator files' is a number.
    static let numberColumns: Set<String> = [
        "numerator", "denominator", "rank", "quartile", "previous_value", "change_vs_previous", "last_year_value",
        "change_vs_last_year", "scale", "decimals", "quantity", "in_use", "broken", "protected", "units_reporting",
        "units_in_use", "units_pilot", "units_not_using", "accounts", "active_users", "allocated_dong", "spent_dong",
        "on_time", "quarters_reported", "quarters_expected", "complete", "line", "q1", "q2", "q3", "q4", "year",
    ]

    static func isNumber(_ column: String, in export: String) -> Bool {
        numberColumns.contains(column) || (column == "value" && export != "findings")
    }
}
