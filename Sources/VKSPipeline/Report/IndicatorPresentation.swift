/// How each indicator is named and shown to planning staff in the report.
struct IndicatorPresentation: Sendable {
    enum Style: Sendable { case share, decimal(Int), money }

    let id: String
    let title: String
    let style: Style

    static let all: [IndicatorPresentation] = [
        .init(id: "I01", title: "Máy tính đang dùng trên mỗi cán bộ", style: .decimal(3)),
        .init(id: "I02", title: "Tỷ lệ thiết bị đã dùng từ 5 năm trở lên", style: .share),
        .init(id: "I03", title: "Tỷ lệ thiết bị hỏng", style: .share),
        .init(id: "I04", title: "Tỷ lệ máy tính, máy chủ có phần mềm bảo vệ", style: .share),
        .init(id: "I05", title: "Mức triển khai phần mềm dùng chung cốt lõi", style: .share),
        .init(id: "I06", title: "Tỷ lệ tài khoản hoạt động", style: .share),
        .init(id: "I07", title: "Tỷ lệ hồ sơ xử lý điện tử", style: .share),
        .init(id: "I08", title: "Chi CNTT trên mỗi cán bộ (đồng)", style: .money),
        .init(id: "I09", title: "Tỷ lệ giải ngân dự toán CNTT", style: .share),
        .init(id: "I10", title: "Tỷ trọng kinh phí địa phương", style: .share),
        .init(id: "I11", title: "Cán bộ chuyên trách CNTT trên 100 cán bộ", style: .decimal(2)),
        .init(id: "I12", title: "Tỷ lệ kỹ sư CNTT trong cán bộ CNTT", style: .share),
        .init(id: "I13", title: "Mức đầy đủ của báo cáo", style: .share),
        .init(id: "I13T", title: "Tỷ lệ báo cáo nộp đúng hạn", style: .share),
        .init(id: "I14", title: "Chỉ số chuyển đổi số (0–100)", style: .decimal(1)),
    ]

    static func of(_ id: String) -> IndicatorPresentation {
        all.first { $0.id == id } ?? IndicatorPresentation(id: id, title: id, style: .decimal(3))
    }

    /// The value the Vietnamese way: 1.234.567,5 and 12,5%.
    func format(_ value: Double?) -> String {
        guard let value else { return "—" }
        switch style {
        case .share: return VietnameseNumber.format(value * 100, decimals: 1) + "%"
        case .decimal(let places): return VietnameseNumber.format(value, decimals: places)
        case .money: return VietnameseNumber.format(value, decimals: 0)
        }
    }
}
