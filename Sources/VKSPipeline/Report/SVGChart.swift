import VKSModel

/// Inline SVG charts for the report: no script, no external resource, readable offline.
enum SVGChart {
    /// One horizontal bar per province (every province has one, empty when it has no value), the
    /// national value as a dashed line across all of them.
    static func bars(
        indicator: IndicatorDefinition, rows: [(code: String, label: String, value: Double?)],
        national: Double?
    ) -> String {
        let rowHeight = 16
        let top = 22
        let labelWidth = 150
        let barWidth = 470
        let width = 760
        let height = top + rows.count * rowHeight + 8
        let maxValue = max(rows.compactMap(\.value).max() ?? 0, national ?? 0, 1e-12)
        func x(_ value: Double) -> Double { Double(labelWidth) + Double(barWidth) * max(value, 0) / maxValue }
        var svg =
            "<svg class=\"chart bars\" data-indicator=\"\(indicator.id)\" viewBox=\"0 0 \(width) \(height)\" "
            + "width=\"\(width)\" height=\"\(height)\" role=\"img\" aria-label=\"\(HTML.escape(indicator.title))\">"
        for (index, row) in rows.enumerated() {
            let y = top + index * rowHeight
            svg +=
                "<text class=\"label\" x=\"\(labelWidth - 6)\" y=\(quote(y + 12)) text-anchor=\"end\">\(HTML.escape(row.label))</text>"
            let barEnd = row.value.map(x) ?? Double(labelWidth)
            svg +=
                "<rect class=\"bar\(row.value == nil ? " no-data" : "")\" data-province=\"\(row.code)\" x=\"\(labelWidth)\" "
                + "y=\(quote(y + 2)) width=\(quote(number(barEnd - Double(labelWidth)))) height=\"\(rowHeight - 4)\"/>"
            svg +=
                "<text class=\"value\" x=\(quote(number(barEnd + 4))) y=\(quote(y + 12))>\(indicator.format(row.value))</text>"
        }
        if let national {
            let position = number(x(national))
            svg +=
                "<line class=\"national\" x1=\(quote(position)) x2=\(quote(position)) y1=\"\(top - 4)\" y2=\"\(height - 4)\"/>"
            svg +=
                "<text class=\"national-label\" x=\(quote(position)) y=\"12\" text-anchor=\"middle\">Toàn quốc: "
                + "\(indicator.format(national))</text>"
        }
        return svg + "</svg>"
    }

    /// The national value quarter after quarter.
    static func trend(indicator: IndicatorDefinition, points: [(period: Period, value: Double?)]) -> String {
        let width = 760
        let height = 150
        let left = 60
        let right = 20
        let top = 20
        let bottom = 30
        let values = points.compactMap(\.value)
        guard !values.isEmpty else { return "<p class=\"no-data\">Chưa có số liệu các kỳ.</p>" }
        let low = min(values.min()!, 0)
        let high = max(values.max()!, 1e-12)
        let step = points.count > 1 ? Double(width - left - right) / Double(points.count - 1) : 0
        func y(_ value: Double) -> Double {
            Double(top) + Double(height - top - bottom) * (1 - (value - low) / max(high - low, 1e-12))
        }
        var svg =
            "<svg class=\"chart trend\" data-indicator=\"\(indicator.id)\" viewBox=\"0 0 \(width) \(height)\" "
            + "width=\"\(width)\" height=\"\(height)\" role=\"img\" aria-label=\"Xu hướng \(HTML.escape(indicator.title))\">"
        var path: [String] = []
        for (index, point) in points.enumerated() {
            let px = Double(left) + step * Double(index)
            svg +=
                "<text class=\"axis\" x=\(quote(number(px))) y=\"\(height - 8)\" text-anchor=\"middle\">\(point.period)</text>"
            guard let value = point.value else { continue }
            path.append("\(number(px)),\(number(y(value)))")
            svg += "<circle class=\"point\" cx=\(quote(number(px))) cy=\(quote(number(y(value)))) r=\"3\"/>"
            svg +=
                "<text class=\"value\" x=\(quote(number(px))) y=\(quote(number(y(value) - 7))) text-anchor=\"middle\">"
                + "\(indicator.format(value))</text>"
        }
        if path.count > 1 { svg += "<polyline class=\"line\" points=\"\(path.joined(separator: " "))\"/>" }
        return svg + "</svg>"
    }

    private static func quote(_ value: Int) -> String { "\"\(value)\"" }
    private static func quote(_ value: String) -> String { "\"\(value)\"" }

    /// Coordinates with at most one decimal, `.` as SVG wants.
    private static func number(_ value: Double) -> String {
        let rounded = (value * 10).rounded() / 10
        return rounded == rounded.rounded() ? String(Int(rounded)) : String(rounded)
    }
}

enum HTML {
    static func escape(_ text: String) -> String {
        var out = ""
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            default: out.append(character)
            }
        }
        return out
    }
}
