import VKSModel

/// What each finding code means, in Vietnamese, for the report's legend (SPEC §10: codes are
/// explained where they appear).
enum FindingCodeLegend {
    static let meaning: [FindingCode: String] = [
        .fileName: "tên tệp không đúng quy ước <mã tỉnh>_<kỳ>_<bộ dữ liệu>",
        .encoding: "tệp không đọc được bằng bảng mã đã biết (không phải UTF-8, Windows-1258, TCVN3)",
        .gzip: "tệp nén .gz bị hỏng",
        .xmlMalformed: "tệp XML sai cú pháp",
        .xmlSchema: "tệp XML không đúng lược đồ của Cục 2",
        .headerMissing: "thiếu dòng tên cột hoặc thiếu cột bắt buộc",
        .headerDuplicate: "một cột có hai lần trong dòng tên cột",
        .empty: "tệp không có dòng số liệu",
        .tooLarge: "tệp, dòng hoặc ô quá lớn",
        .period: "kỳ báo cáo sai, chưa tới hoặc không khớp tên tệp",
        .periodClosed: "kỳ đã khóa sổ khi tệp đến",
        .provinceMismatch: "đơn vị không thuộc tỉnh của tệp",
        .rowShape: "dòng có số ô khác dòng tên cột",
        .required: "thiếu giá trị bắt buộc",
        .type: "giá trị không đúng kiểu (số, năm…)",
        .code: "mã không có trong danh mục",
        .range: "giá trị ngoài khoảng cho phép",
        .consistency: "các số liệu trong dòng mâu thuẫn nhau",
        .duplicateKey: "dòng trùng với một dòng trước",
        .unknownColumn: "cột không thuộc bộ dữ liệu, bị bỏ qua (cảnh báo)",
        .overspend: "thực hiện lớn hơn dự toán (cảnh báo)",
        .outlier: "số liệu thay đổi bất thường so với các kỳ trước (cảnh báo)",
        .late: "nộp sau hạn (cảnh báo)",
        .alias: "giá trị ghi theo tên gọi khác của mã (cảnh báo)",
        .repeatedFile: "tệp giống hệt một tệp đã nhận (cảnh báo)",
        .skippedRows: "bỏ qua các dòng tiêu đề biểu mẫu phía trên dòng tên cột (cảnh báo)",
    ]
}
