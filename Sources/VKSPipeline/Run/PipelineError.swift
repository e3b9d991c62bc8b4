import VKSModel

/// Failures of the system or its inputs (not of a province's data): they stop the command.
public enum PipelineError: Error, CustomStringConvertible {
    case inputMissing(String)
    case internalFailure(String)
    /// `export` asked for periods whose figures are not computed from what the warehouse holds.
    case staleFigures([ReportingPeriod])

    public var description: String {
        switch self {
        case .inputMissing(let path): "không tìm thấy \(path): hãy kiểm tra đường dẫn"
        case .internalFailure(let reason): reason
        case .staleFigures(let periods):
            "số liệu kỳ \(periods.map(\.description).joined(separator: ", ")) chưa được tính lại theo các tệp đã nhận, nên không xuất: "
                + "chạy `vksict run` (hoặc `vksict normalize` rồi `vksict aggregate`) trước khi xuất"
        }
    }
}
