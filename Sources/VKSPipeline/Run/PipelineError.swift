import VKSModel

/// Failures of the system or its inputs (not of a province's data): they stop the command.
public enum PipelineError: Error, CustomStringConvertible {
    case inputMissing(String)
    /// A command that reads the warehouse was pointed at one that does not exist: it is never created.
    case noWarehouse(String)
    /// The warehouse or the archive cannot be written by whoever runs vksict.
    case notWritable(String, what: String)
    case internalFailure(String)
    /// `export` asked for periods whose figures are not computed from what the warehouse holds.
    case staleFigures([ReportingPeriod])

    public var description: String {
        switch self {
        case .inputMissing(let path): "không tìm thấy \(path): hãy kiểm tra đường dẫn"
        case .notWritable(let path, let what):
            "không ghi được vào \(what) \(path) (chỉ đọc): hãy cấp quyền ghi cho tài khoản chạy vksict trên "
                + "tệp đó và thư mục chứa nó, rồi chạy lại; chưa có gì thay đổi"
        case .noWarehouse(let path):
            "chưa có kho dữ liệu ở \(path): hãy chạy `vksict run` trước, hoặc chỉ đúng tệp kho bằng --db"
        case .internalFailure(let reason): reason
        case .staleFigures(let periods):
            "số liệu kỳ \(periods.map(\.description).joined(separator: ", ")) chưa được tính lại theo các tệp đã nhận, nên không xuất: "
                + "chạy `vksict run` (hoặc `vksict normalize` rồi `vksict aggregate`) trước khi xuất"
        }
    }
}
