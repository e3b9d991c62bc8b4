import VKSModel
import VKSReaders

/// The Vietnamese messages of findings, in one place so wording stays consistent and reviewable.
///
/// Each message says what is wrong and what to do, in words a provincial IT officer uses.
enum Messages {
    static func fileName(_ name: String, problems: [String] = [], suggested: String? = nil) -> String {
        var text = "Tên tệp \"\(name)\" không đúng quy ước <mã tỉnh>_<kỳ>_<bộ dữ liệu>.csv"
        if !problems.isEmpty { text += ": " + problems.joined(separator: "; ") }
        if let suggested { return text + ". Hãy đổi tên thành \(suggested) rồi gửi lại." }
        return text + " (ví dụ 79_2026-Q3_hardware.csv; bộ dữ liệu: staffing, hardware, software, spending)."
    }
    static func fileFormatNotTaken(_ name: String, format: String) -> String {
        "Tệp \"\(name)\" có định dạng .\(format), chưa được nhận: hãy lưu từ Excel dạng Excel Workbook (.xlsx) "
            + "hoặc CSV UTF-8 (.csv), đặt tên <mã tỉnh>_<kỳ>_<bộ dữ liệu>.xlsx hoặc .csv, hoặc gửi tệp XML theo lược "
            + "đồ của Cục 2."
    }
    static let workbookBroken =
        "Tệp .xlsx bị hỏng hoặc không phải bảng tính Excel (có thể chưa được tải lên hết): hãy mở bằng Excel, lưu lại "
        + "dạng Excel Workbook (.xlsx) rồi gửi lại."
    static let workbookEncrypted =
        "Tệp được đặt mật khẩu, hoặc là bảng tính Excel 97-2003 (.xls) đổi tên thành .xlsx: hãy bỏ mật khẩu và lưu "
        + "lại dạng Excel Workbook (.xlsx) rồi gửi lại."
    static func workbookPartMissing(_ part: String) -> String {
        "Tệp .xlsx thiếu phần \(part) mà mọi bảng tính Excel đều có: hãy mở bằng Excel hoặc LibreOffice và lưu lại."
    }
    static func workbookUnsafeEntry(_ entry: String) -> String {
        "Tệp .xlsx chứa mục tên \"\(entry)\" trỏ ra ngoài tệp: Excel không tạo ra như vậy, và vì an toàn tệp bị từ chối."
    }
    static func workbookTooLarge(limit: Int64) -> String {
        "Bảng tính khi giải nén vượt quá \(VietnameseNumber.format(Double(limit), decimals: 0)) byte: hãy chia thành "
            + "nhiều tệp hoặc xóa các trang tính không cần gửi."
    }
    static func workbookDoctype(_ part: String) -> String {
        "Phần \(part) của tệp .xlsx có khai báo DOCTYPE: Excel không tạo ra như vậy, và vì an toàn tệp bị từ chối."
    }
    static func workbookMalformed(_ part: String, detail: String) -> String {
        "Phần \(part) của tệp .xlsx bị lỗi (\(detail)): hãy mở bằng Excel hoặc LibreOffice và lưu lại."
    }
    /// Where a finding of a workbook stands: `Ô Nhân lực!D12: …` (SPEC §4).
    static func inCell(_ sheet: String, _ cell: String, _ message: String) -> String {
        "Ô \(sheet)!\(cell): " + message
    }
    static func xmlSchema(_ detail: String) -> String { XMLSchemaMessage.vietnamese(detail) }
    static func xmlMalformed(_ detail: String, line: Int, column: Int?) -> String {
        XMLSyntaxMessage.vietnamese(detail, line: line, column: column)
    }
    static let xmlDoctype =
        "Tệp XML có khai báo DOCTYPE: báo cáo không bao giờ cần DOCTYPE, và vì an toàn tệp bị từ chối."
    static let xmlTooDeep =
        "Tệp XML lồng phần tử quá sâu so với cấu trúc báo cáo (submission › bộ dữ liệu › row › cột)."
    static func xmlProvinceMismatch(_ province: String, fileName: String) -> String {
        "Thuộc tính province=\"\(province)\" của phần tử gốc khác mã tỉnh \(fileName) trong tên tệp."
    }
    static func xmlPeriodMismatch(_ period: String, fileName: String) -> String {
        "Thuộc tính period=\"\(period)\" của phần tử gốc khác kỳ \(fileName) trong tên tệp."
    }
    static func unknownProvince(_ code: String, _ period: Period) -> String {
        "Mã tỉnh \"\(code)\" trong tên tệp không có trong danh mục "
            + (period.isBeforeMerger ? "63 tỉnh trước ngày 01/07/2025." : "34 tỉnh hiện hành.")
    }
    static func periodMalformed(_ text: String) -> String {
        "Kỳ báo cáo \"\(text)\" không hợp lệ: phải có dạng YYYY-Qn, ví dụ 2026-Q3."
    }
    static func periodClosed(_ period: Period, at time: String) -> String {
        "Kỳ \(period) đã khóa sổ lúc \(time): không nhận thêm tệp. Nếu cần sửa số liệu, hãy liên hệ Cục 2 để mở lại kỳ."
    }
    static func periodTooEarly(_ period: Period) -> String {
        "Kỳ báo cáo \(period) trước năm \(Period.earliestYear): không nhận báo cáo cho kỳ này; hãy kiểm tra lại tên tệp."
    }
    static func periodInFuture(_ period: Period) -> String {
        "Kỳ báo cáo \(period) chưa bắt đầu; không thể nhận báo cáo cho kỳ tương lai."
    }
    static func encoding(byte: Int64, line: Int) -> String {
        "Không đọc được tệp: byte thứ \(byte + 1) (dòng \(line)) không hợp lệ trong bảng mã UTF-8, Windows-1258 hay TCVN3; "
            + "hãy lưu lại tệp với bảng mã UTF-8 (Excel: CSV UTF-8)."
    }
    static let gzipNamedCSV =
        "Tệp là tệp nén gzip nhưng tên chỉ có đuôi .csv: hãy đặt tên có đuôi .csv.gz (ví dụ "
        + "79_2026-Q3_hardware.csv.gz), hoặc giải nén rồi gửi tệp .csv."
    static let spreadsheetNotCSV =
        "Tệp là bảng tính Excel (.xlsx/.xls) mang đuôi .csv, không phải tệp CSV: "
        + "hãy mở trong Excel và chọn Lưu thành › CSV UTF-8."
    static func binary(byte: Int64, line: Int) -> String {
        "Tệp có byte 0 (NUL) ở byte thứ \(byte + 1) (dòng \(line)): không phải tệp văn bản CSV; hãy xuất lại tệp từ phần mềm."
    }
    static func ambiguousEncoding(byte: Int64, line: Int) -> String {
        "Không xác định được bảng mã của tệp (không phải UTF-8; từ byte thứ \(byte + 1), dòng \(line), có thể là Windows-1258 hoặc TCVN3): "
            + "hãy lưu lại tệp với bảng mã UTF-8, hoặc Cục 2 ghi bảng mã cho tệp này trong file_overrides của tệp cấu hình."
    }
    static func gzip(_ reason: String) -> String {
        "Tệp nén gzip bị hỏng hoặc không đầy đủ (\(reason)); hãy nén và gửi lại."
    }
    static func tooLarge(_ what: ReaderError.Limit, limit: Int) -> String {
        switch what {
        case .fileBytes: "Tệp lớn hơn \(limit) byte (sau khi giải nén), vượt giới hạn cho phép."
        case .lineBytes: "Một dòng dài hơn \(limit) byte, vượt giới hạn cho phép."
        case .cellBytes: "Một ô dài hơn \(limit) byte, vượt giới hạn cho phép."
        case .quotedCellBytes:
            "Ô mở bằng dấu ngoặc kép ở dòng này dài hơn \(limit) byte: có thể thiếu dấu ngoặc kép đóng."
        case .columns: "Dòng có hơn \(limit) cột, vượt giới hạn cho phép."
        }
    }
    static func skippedRows(_ lines: [String], headerLine: Int) -> String {
        "Đã bỏ qua \(lines.count) dòng phía trên dòng tiêu đề (dòng \(headerLine)): "
            + lines.map { "\"\($0)\"" }.joined(separator: ", ")
            + ". Nếu đó là số liệu, hãy xóa các dòng tiêu đề biểu mẫu phía trên để dòng đầu tiên là tên các cột."
    }
    static let totalRow =
        "Dòng tổng cộng: Cục 2 tự tính tổng từ các dòng đơn vị, hãy xóa dòng này (và các dòng cộng phụ nếu có)."
    static let repeatedHeader = "Dòng này lặp lại dòng tiêu đề (tên các cột): hãy xóa nó."
    static func cellTooLong(limit: Int) -> String {
        "Một ô của dòng này dài hơn \(limit) byte, vượt giới hạn cho phép: hãy rút gọn nội dung ô. Các dòng khác vẫn được kiểm tra."
    }
    static func unterminatedQuote(line: Int) -> String {
        "Dấu ngoặc kép mở ở dòng \(line) không được đóng đến hết tệp; hãy kiểm tra ô dữ liệu đó."
    }
    static let empty = "Tệp không có dòng dữ liệu nào."
    static let headerMissing =
        "Không tìm thấy dòng tiêu đề: dòng đầu tiên phải chứa tên cột (tiếng Anh hoặc tiếng Việt)."
    /// A column as the file heads it, its English name beside (`"Hư hỏng" (broken)`); one the file
    /// heads by its English name, or an XML element, with its Vietnamese label (`"broken" (Hỏng)`).
    static func named(_ column: DatasetColumn) -> String {
        column.header.map { "\"\($0)\" (\(column.name))" } ?? "\"\(column.name)\" (\(column.label))"
    }
    static func headerColumnMissing(_ column: DatasetColumn) -> String {
        "Thiếu cột bắt buộc \"\(column.name)\" (\(column.label))."
    }
    static func headerDuplicate(
        _ column: DatasetColumn, first: (position: Int, header: String), again: (position: Int, header: String)
    ) -> String {
        "Cột \"\(column.name)\" (\(column.label)) xuất hiện hai lần: cột thứ \(first.position) (\"\(first.header)\") và "
            + "cột thứ \(again.position) (\"\(again.header)\"); hãy xóa một cột."
    }
    static func unknownColumn(_ header: String) -> String {
        "Cột \"\(header)\" không thuộc bộ dữ liệu và được bỏ qua."
    }
    static func unknownColumn(_ header: String, probably column: DatasetColumn) -> String {
        "Cột \"\(header)\" không được nhận ra nên bị bỏ qua; có lẽ là cột \"\(column.label)\" (\(column.name)): "
            + "nếu đúng, hãy sửa tiêu đề thành \"\(column.label)\"."
    }
    static func unknownHeaderUnit(_ header: String, column: DatasetColumn) -> String {
        "Tiêu đề \"\(header)\" ghi một đơn vị tiền không đọc được: cột \(column.label) (\(column.name)) chỉ nhận "
            + "đồng, nghìn đồng hoặc triệu đồng, ví dụ \"\(column.label) (triệu đồng)\". Hãy sửa tiêu đề, hoặc quy đổi "
            + "số liệu và ghi đơn vị ở cột Đơn vị tính (amount_unit)."
    }
    static func rowShape(cells: Int, expected: Int) -> String {
        "Dòng có \(cells) ô trong khi tiêu đề có \(expected) cột."
    }
    static func required(_ column: DatasetColumn) -> String {
        "Thiếu giá trị bắt buộc ở cột \(named(column))."
    }
    static func requiredWhenInUse(_ column: DatasetColumn) -> String {
        "Phần mềm đang sử dụng phải có số tài khoản (cột \(named(column)))."
    }
    static func notInteger(_ column: DatasetColumn) -> String {
        "Giá trị ở cột \(named(column)) phải là số nguyên, ví dụ 1234 hoặc 1.234."
    }
    static func notMoney(_ column: DatasetColumn) -> String {
        "Giá trị ở cột \(named(column)) phải là số tiền, ví dụ 1.234.567 hoặc 125,36."
    }
    /// SPEC §5: the allowed values, when there are few (every code list is short: 12 at most).
    static func unknownCode(_ column: DatasetColumn, allowed: [CodeEntry]) -> String {
        let choices = allowed.map { "\($0.code) (\($0.name))" }.joined(separator: ", ")
        return "Giá trị ở cột \(named(column)) không có trong danh mục; hãy dùng một trong: \(choices)."
    }
    static func unknownUnit(_ code: String, nearest: ReportingUnit?) -> String {
        guard let nearest else {
            return "Mã đơn vị \"\(code)\" không có trong danh mục đơn vị; hãy kiểm tra lại mã (ví dụ 79 hoặc 79-03)."
        }
        return "Mã đơn vị \"\(code)\" không có trong danh mục đơn vị; có phải là \"\(nearest.code)\" (\(nearest.name))?"
    }
    static func formerProvinceCode(_ code: String, former: FormerProvince, _ period: Period) -> String {
        "\"\(code)\" là mã tỉnh cũ (\(former.oldName)) trước 01/07/2025; từ kỳ 2025-Q3, kỳ \(period) dùng mã tỉnh mới "
            + "\(former.newCode)."
    }
    static func inactiveUnit(_ code: String, _ period: Period) -> String {
        "Đơn vị \"\(code)\" không hoạt động trong kỳ \(period)."
    }
    static func provinceMismatch(unit: String, unitProvince: String, fileProvince: String) -> String {
        "Đơn vị \"\(unit)\" thuộc tỉnh \(unitProvince), không thuộc tỉnh \(fileProvince) của tệp."
    }
    static func formerProvinceUnit(_ code: String, _ period: Period) -> String {
        "Kỳ \(period) (trước 01/07/2025) chỉ nhận số liệu cấp tỉnh: mã đơn vị phải là mã tỉnh cũ, \"\(code)\" không hợp lệ."
    }
    static func atLeast(_ column: DatasetColumn, _ minimum: Int64) -> String {
        "Giá trị ở cột \(named(column)) phải lớn hơn hoặc bằng \(minimum)."
    }
    static func atMost(_ column: DatasetColumn, _ maximum: Int64, unit: String = "") -> String {
        "Giá trị ở cột \(named(column)) vượt quá \(maximum)\(unit), không thể là số liệu thật; hãy kiểm tra lại."
    }
    /// Money that is not a whole number of đồng once its unit is applied (SPEC §4): never rounded.
    /// `1,234` written for one thousand two hundred and thirty-four is the usual slip.
    static func fractionOfADong(_ written: String, unitName: String, factor: Int64) -> String {
        let head = "Số tiền \"\(written)\" \(unitName) không phải là một số nguyên đồng: "
        let afterComma = written.split(separator: ",").last.map(String.init) ?? ""
        if factor == 1, written.filter({ $0 == "," }).count == 1, afterComma.count == 3,
            afterComma.allSatisfy(\.isNumber)
        {
            let grouped = written.replacingOccurrences(of: ",", with: ".")
            return head + "dấu phẩy là dấu thập phân. Nếu muốn ghi số nghìn, hãy viết \(grouped) hoặc "
                + written.replacingOccurrences(of: ",", with: "") + "."
        }
        if factor == 1 {
            return head
                + "số tiền tính bằng đồng không có phần lẻ. Nếu số liệu tính bằng nghìn hoặc triệu đồng, hãy ghi đơn vị "
                + "ở cột Đơn vị tính (amount_unit) hoặc trong tiêu đề cột, ví dụ \"Thực hiện (triệu đồng)\"."
        }
        return head + "hãy kiểm tra đơn vị tính và số chữ số sau dấu phẩy (dấu phẩy là dấu thập phân)."
    }
    static func yearRange(_ column: DatasetColumn, upTo year: Int) -> String {
        "Năm ở cột \(named(column)) phải trong khoảng 1990–\(year)."
    }
    /// SPEC §5: the numbers behind an `E_CONSISTENCY`, as `procurators 50 > total_staff 40`.
    static func notMore(_ column: DatasetColumn, _ value: Int64, than other: DatasetColumn, _ limit: Int64) -> String {
        "Cột \(named(column)) không được lớn hơn cột \(named(other)): \(column.name) \(value) > \(other.name) \(limit)."
    }
    static func inUsePlusBroken(inUse: Int64, broken: Int64, quantity: Int64) -> String {
        "Số đang sử dụng cộng số hỏng vượt quá số lượng: in_use \(inUse) + broken \(broken) = \(inUse + broken) "
            + "> quantity \(quantity)."
    }
    static func protectedCategory(_ category: String) -> String {
        "Cột \"protected\" chỉ áp dụng cho máy tính để bàn, máy tính xách tay và máy chủ, không cho loại \"\(category)\"."
    }
    static func duplicateKey(_ key: [String], firstLine: Int) -> String {
        "Trùng khóa (\(key.joined(separator: ", "))) với dòng \(firstLine)."
    }
    static func unitContradictsHeader(_ unit: String) -> String {
        "Đơn vị tính của dòng (\(unit)) khác đơn vị ghi trong tiêu đề cột số tiền: không biết số tiền tính theo đơn vị nào."
    }
    static func overspend(spent: Int64, allocated: Int64) -> String {
        "Số thực hiện lớn hơn dự toán, cần kiểm tra lại: spent \(spent) > allocated \(allocated) (đồng)."
    }
    static func alias(_ raw: String, code: String, occurrences: Int) -> String {
        let more = occurrences > 1 ? " (\(occurrences) dòng, tính từ dòng này)" : ""
        return "Giá trị \"\(raw)\" được hiểu là mã \"\(code)\"\(more); nên ghi đúng mã."
    }
    /// Vietnamese number writing for messages: 1.234.567,5 (no ",0" on whole numbers).
    static func vietnamese(_ value: Double) -> String { VietnameseNumber.format(value, upToDecimals: 1) }
    static func outlierVersusLastYear(
        _ figure: String, value: Double, previous: Double, lastYear: Period, ratio: Double,
        limit: Double
    ) -> String {
        "Tổng \(figure) = \(vietnamese(value)) so với \(vietnamese(previous)) cùng kỳ năm trước (\(lastYear)): "
            + (ratio > 1 ? "gấp \(beyond(ratio, limit)) lần" : "chỉ bằng \(beyond(ratio * 100, 100 / limit))%")
            + ", vượt ngưỡng \(vietnamese(limit)) lần. Không phải lỗi: hãy kiểm tra lại số liệu."
    }
    /// A value past `limit`, written with as many decimals as it takes to show that it is past it:
    /// 2,04 beside a limit of 2, never "2" (which reads as within it).
    static func beyond(_ value: Double, _ limit: Double) -> String {
        for decimals in 1...6 {
            let text = VietnameseNumber.format(value, upToDecimals: decimals)
            let shown =
                Double(text.replacingOccurrences(of: ".", with: "").replacingOccurrences(of: ",", with: ".")) ?? value
            if value > limit ? shown > limit : shown < limit { return text }
        }
        return VietnameseNumber.format(value, upToDecimals: 6)
    }
    static func outlierVersusHistory(
        _ figure: String, value: Double, median: Double, mad: Double, quarters: Int,
        z: Double, limit: Double
    ) -> String {
        "Tổng \(figure) = \(vietnamese(value)) khác thường so với \(quarters) kỳ trước: trung vị \(vietnamese(median)), "
            + "độ lệch tuyệt đối trung vị \(vietnamese(mad)), điểm lệch chuẩn hoá \(vietnamese(z)) vượt ngưỡng ±\(vietnamese(limit)). "
            + "Không phải lỗi: hãy kiểm tra lại số liệu."
    }
    static func repeatedFile(earlierName: String, earlierArrival: String, earlierReturn: String) -> String {
        "Nội dung tệp giống hệt tệp \(earlierName) đã nộp ngày \(earlierArrival) cho \(earlierReturn). "
            + "Không phải lỗi: nếu số liệu kỳ này không đổi thì không cần làm gì; nếu gửi nhầm tệp, hãy gửi lại tệp đúng."
    }
    static func repeatedFileOfAnotherProvince(earlierArrival: String) -> String {
        "Nội dung tệp giống hệt một tệp của tỉnh khác đã nộp ngày \(earlierArrival): thường là mẫu trống hoặc gửi nhầm tệp. "
            + "Hãy kiểm tra lại và gửi tệp số liệu của đơn vị mình."
    }
    static func late(deadline: CivilDate, arrived: CivilDate) -> String {
        "Tệp nhận ngày \(arrived), sau hạn nộp \(deadline)."
    }
}
