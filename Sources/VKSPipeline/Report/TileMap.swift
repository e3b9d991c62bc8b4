import VKSModel

/// The 34 provinces as a tile map (SPEC §10): one square each, laid out roughly as the country
/// (`province_tiles.csv`), coloured by an indicator's quartile; each square says its province,
/// value and rank on hover. Needs no map data.
enum TileMap {
    static let size = 40
    static let gap = 4

    static func svg(
        indicator: IndicatorDefinition, details: [String: IndicatorDetail], provinces: [Province],
        tiles: [String: (column: Int, row: Int)]
    ) -> String {
        let shades = Self.shades(details, indicator)
        let columns = (tiles.values.map(\.column).max() ?? 0) + 1
        let rows = (tiles.values.map(\.row).max() ?? 0) + 1
        let width = columns * (size + gap)
        let height = rows * (size + gap)
        var svg =
            "<svg class=\"tilemap\" data-indicator=\"\(indicator.id)\" viewBox=\"0 0 \(width) \(height)\" "
            + "width=\"\(width)\" height=\"\(height)\" role=\"img\" "
            + "aria-label=\"Bản đồ các tỉnh theo \(HTML.escape(indicator.title))\">"
        for province in provinces {
            guard let tile = tiles[province.code] else { continue }
            let detail = details[province.code]
            let x = tile.column * (size + gap)
            let y = tile.row * (size + gap)
            let rank = detail?.rank.map { ", hạng \($0)" } ?? ""
            svg +=
                "<g class=\"tile \(shades[province.code] ?? "none")\" data-province=\"\(province.code)\" "
                + "data-value=\"\(detail?.value.map(ExportStage.format) ?? "")\">"
                + "<title>\(province.code) \(HTML.escape(province.shortName)): \(indicator.format(detail?.value))\(rank)</title>"
                + "<rect x=\"\(x)\" y=\"\(y)\" width=\"\(size)\" height=\"\(size)\" rx=\"3\"/>"
                + "<text x=\"\(x + size / 2)\" y=\"\(y + size / 2 + 4)\" text-anchor=\"middle\">\(province.code)</text></g>"
        }
        return svg + "</svg>"
    }

    /// Each province's colour class: its quartile for an indicator with a better direction (q1 the
    /// best), its value's quartile for one without (v1 the highest); `none` without a value.
    static func shades(_ details: [String: IndicatorDetail], _ indicator: IndicatorDefinition) -> [String: String] {
        if indicator.better != .none { return details.mapValues { $0.quartile.map { "q\($0)" } ?? "none" } }
        let values = details.compactMap { code, detail in detail.value.map { (province: code, value: $0) } }
        return IndicatorDetail.ranks(values, better: .higher).mapValues { "v\($0.quartile)" }
    }

    /// The legend under a map.
    static func legend(_ indicator: IndicatorDefinition) -> String {
        let classes =
            indicator.better == .none
            ? [("v1", "cao nhất"), ("v2", ""), ("v3", ""), ("v4", "thấp nhất")]
            : [("q1", "tốt nhất"), ("q2", ""), ("q3", ""), ("q4", "kém nhất")]
        return "<p class=\"map-legend\">"
            + classes.map { "<span class=\"tile \($0.0)\"><i></i>\($0.1.isEmpty ? "" : " " + $0.1)</span>" }.joined(
                separator: " ")
            + " <span class=\"tile none\"><i></i> chưa có số liệu</span> — màu theo nhóm phần tư các tỉnh có số liệu</p>"
    }
}
