import VKSModel

/// Inline SVG charts for the report: no script, no external resource, readable offline.
enum SVGChart {
    /// A bar of the chart: a province, its value in the indicator's unit (nil: no bar).
    struct Bar {
        let code: String
        let label: String
        let value: Double?
    }

    /// One horizontal bar per province in the order given (best first), the national value as a
    /// dashed line across all of them. Each bar carries its value (`data-value`, as the export
    /// writes it) and says it on hover.
    static func bars(indicator: IndicatorDefinition, rows: [Bar], national: Double?) -> String {
        let rowHeight = 16
        let top = 22
        let labelWidth = 150
        let barWidth = 470
        let width = 760
        let height = top + rows.count * rowHeight + 8
        let values = rows.compactMap(\.value) + [national ?? 0]
        let low = min(values.min() ?? 0, 0)
        let high = max(values.max() ?? 0, low + 1e-12)
        func x(_ value: Double) -> Double { Double(labelWidth) + Double(barWidth) * (value - low) / (high - low) }
        let zero = x(0)
        var svg =
            "<svg class=\"chart bars\" data-indicator=\"\(indicator.id)\" viewBox=\"0 0 \(width) \(height)\" "
            + "width=\"\(width)\" height=\"\(height)\" role=\"img\" aria-label=\"\(HTML.escape(indicator.title))\">"
        for (index, row) in rows.enumerated() {
            let y = top + index * rowHeight
            svg +=
                "<text class=\"label\" x=\"\(labelWidth - 6)\" y=\(quote(y + 12)) text-anchor=\"end\">\(HTML.escape(row.label))</text>"
            let end = row.value.map(x) ?? zero
            let shown = row.value.map(ExportStage.format) ?? ""
            svg +=
                "<rect class=\"bar\(row.value == nil ? " no-data" : "")\" data-province=\"\(row.code)\" "
                + "data-value=\"\(shown)\" x=\(quote(number(min(zero, end)))) y=\(quote(y + 2)) "
                + "width=\(quote(number(abs(end - zero)))) height=\"\(rowHeight - 4)\">"
                + "<title>\(HTML.escape(row.label)): \(indicator.format(row.value))</title></rect>"
            svg +=
                "<text class=\"value\" x=\(quote(number(max(zero, end) + 4))) y=\(quote(y + 12))>"
                + "\(indicator.format(row.value))</text>"
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

    /// The national value quarter after quarter, on an axis proportional to time: a quarter with no
    /// figure leaves its gap. Every quarter is labelled when there is room (44 px each), else each
    /// year at its first quarter; each point says its quarter and value on hover.
    static func trend(indicator: IndicatorDefinition, points: [(period: Period, value: Double?)]) -> String {
        let width = 760
        let height = 160
        let left = 60
        let right = 30
        let top = 22
        let bottom = 30
        let values = points.compactMap(\.value)
        guard !values.isEmpty, let first = points.first?.period, let last = points.last?.period else {
            return "<p class=\"no-data\">Chưa có số liệu các kỳ.</p>"
        }
        func index(_ period: Period) -> Int { period.year * 4 + period.quarter - 1 }
        let span = max(index(last) - index(first), 1)
        let step = Double(width - left - right) / Double(span)
        func x(_ period: Period) -> Double {
            points.count == 1 ? Double(width) / 2 : Double(left) + step * Double(index(period) - index(first))
        }
        let low = min(values.min()!, 0)
        let high = max(values.max()!, low + 1e-12)
        func y(_ value: Double) -> Double {
            Double(top) + Double(height - top - bottom) * (1 - (value - low) / (high - low))
        }
        let roomForEach = step >= 44 || points.count == 1
        var svg =
            "<svg class=\"chart trend\" data-indicator=\"\(indicator.id)\" viewBox=\"0 0 \(width) \(height)\" "
            + "width=\"\(width)\" height=\"\(height)\" role=\"img\" aria-label=\"Xu hướng \(HTML.escape(indicator.title))\">"
        svg +=
            "<line class=\"axis-line\" x1=\"\(left)\" x2=\"\(width - right)\" y1=\"\(height - bottom)\" y2=\"\(height - bottom)\"/>"
        var quarter = first
        while quarter <= last {
            let px = number(x(quarter))
            if roomForEach {
                svg +=
                    "<text class=\"axis\" x=\(quote(px)) y=\"\(height - 10)\" text-anchor=\"middle\">\(quarter)</text>"
            } else if quarter.quarter == 1 || quarter == first {
                svg +=
                    "<text class=\"axis\" x=\(quote(px)) y=\"\(height - 10)\" text-anchor=\"start\">\(quarter.year)</text>"
            }
            svg +=
                "<line class=\"tick\" x1=\(quote(px)) x2=\(quote(px)) y1=\"\(height - bottom)\" y2=\"\(height - bottom + 4)\"/>"
            guard let next = quarter.next else { break }
            quarter = next
        }
        var path: [String] = []
        for point in points {
            guard let value = point.value else { continue }
            let (px, py) = (number(x(point.period)), number(y(value)))
            path.append("\(px),\(py)")
            svg +=
                "<circle class=\"point\" cx=\(quote(px)) cy=\(quote(py)) r=\"3\" data-period=\"\(point.period)\" "
                + "data-value=\"\(ExportStage.format(value))\"><title>\(point.period): \(indicator.format(value))</title></circle>"
            if roomForEach || point.period == last {
                svg +=
                    "<text class=\"value\" x=\(quote(px)) y=\(quote(number(y(value) - 7))) text-anchor=\"middle\">"
                    + "\(indicator.format(value))</text>"
            }
        }
        if path.count > 1 { svg += "<polyline class=\"line\" points=\"\(path.joined(separator: " "))\"/>" }
        return svg + "</svg>"
    }

    static func quote(_ value: Int) -> String { "\"\(value)\"" }
    static func quote(_ value: String) -> String { "\"\(value)\"" }

    /// Coordinates with at most one decimal, `.` as SVG wants.
    static func number(_ value: Double) -> String {
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
