import VKSModel

/// The report for planning staff (SPEC §10): one self-contained HTML file in Vietnamese that opens
/// offline — inline CSS and SVG, no script, no font or image from anywhere. Its figures are those of
/// `indicators_detail.csv.gz`: values in each indicator's unit, ranks, changes.
public struct HTMLReport: Sendable {
    let data: ReportData
    /// The definitions' headers: each indicator's title, unit and format (SPEC §8).
    let definitions: [IndicatorDefinition]

    public func render() -> String {
        var html = """
            <!DOCTYPE html>
            <html lang="vi">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>Báo cáo thống kê CNTT ngành Kiểm sát — kỳ \(data.period)</title>
            <style>\(Self.style)\(mapStyle)</style>
            </head>
            <body>
            <header><h1>Báo cáo thống kê công nghệ thông tin ngành Kiểm sát nhân dân</h1>
            <p>Kỳ \(data.period)\(data.closedAt.map { " — đã khóa sổ \($0)" } ?? ""). \(asOf) Số liệu do VKSND các tỉnh, \
            thành phố báo cáo; Cục 2 tổng hợp bằng vksict.</p>\(missingQuarters)</header>
            <nav><a href="#nop-bao-cao">Tình hình nộp báo cáo</a> · <a href="#loi">Lỗi và cảnh báo</a> · \
            <a href="#can-chu-y">Cần chú ý</a> · <a href="#chi-tieu">Chỉ tiêu</a> · <a href="#ban-do">Bản đồ</a> · \
            <a href="#xu-huong">Xu hướng</a> · <a href="#tung-tinh">Từng tỉnh</a></nav>

            """
        html += completenessSection() + findingsSection() + attentionSection() + indicatorSection() + mapSection()
        html += trendSection() + provinceSection()
        return html + "</body>\n</html>\n"
    }

    // MARK: - Header

    private var asOf: String {
        data.asOf.map { "<span class=\"as-of\">Số liệu tính đến \(PeriodWorkbook.vietnamDateTime($0)).</span>" }
            ?? "<span class=\"as-of\">Chưa nhận báo cáo nào cho kỳ này.</span>"
    }

    /// A year's figures lacking a quarter are not the year's: said before anything else.
    private var missingQuarters: String {
        guard !data.missingQuarters.isEmpty else { return "" }
        let list = data.missingQuarters.map { "\($0.quarter) (\($0.provinces) tỉnh chưa đủ)" }.joined(separator: ", ")
        return "\n<p class=\"warning-banner\" role=\"alert\">Số liệu năm \(data.period) chưa đủ các quý: \(list). "
            + "Các chỉ tiêu của năm chỉ tính trên những quý đã nhận; xem coverage.csv.gz.</p>"
    }

    // MARK: - Sections

    private func completenessSection() -> String {
        let datasets = Dataset.allCases
        var html =
            "<section id=\"nop-bao-cao\"><h2>Tình hình nộp báo cáo</h2>\n<p class=\"legend\">"
            + "<span class=\"state accepted\">✔ đã nhận đúng hạn</span> <span class=\"state late\">muộn: đã nhận, nộp muộn</span> "
            + "<span class=\"state rejected\">✘ bị từ chối</span> <span class=\"state missing\">· chưa nộp</span></p>\n"
        for quarter in Array(Set(data.completeness.map(\.period))).sorted() {
            html +=
                "<table class=\"completeness\" data-period=\"\(quarter)\"><caption>Kỳ \(quarter)</caption>"
                + "<thead><tr><th>Tỉnh, thành phố</th>" + datasets.map { "<th>\($0.vietnameseName)</th>" }.joined()
                + "</tr></thead><tbody>"
            for province in data.provinces {
                html += "<tr><th scope=\"row\">\(province.code) \(HTML.escape(province.shortName))</th>"
                for dataset in datasets {
                    guard
                        let entry = data.completeness.first(where: {
                            $0.period == quarter && $0.provinceCode == province.code && $0.dataset == dataset
                        })
                    else { continue }
                    let (state, label) = Self.state(entry)
                    html +=
                        "<td class=\"state \(state)\" data-province=\"\(province.code)\" data-dataset=\"\(dataset.rawValue)\" "
                        + "data-state=\"\(state)\">\(label)</td>"
                }
                html += "</tr>"
            }
            html += "</tbody></table>\n"
        }
        return html + "</section>\n"
    }

    static func state(_ entry: ReturnStatus) -> (String, String) {
        switch entry.state {
        case .accepted: entry.onTime == false ? ("late", "muộn") : ("accepted", "✔")
        case .rejected: ("rejected", "✘")
        case .missing: ("missing", "·")
        }
    }

    private func findingsSection() -> String {
        var html = "<section id=\"loi\"><h2>Lỗi và cảnh báo</h2>\n"
        let codes = Array(Set(data.findingCounts.values.flatMap(\.keys))).sorted()
        guard !codes.isEmpty else { return html + "<p>Không có lỗi hay cảnh báo nào.</p></section>\n" }
        html +=
            "<table class=\"findings\"><thead><tr><th>Tỉnh</th>"
            + codes.map { "<th><abbr title=\"\(HTML.escape(Self.meaning(of: $0)))\">\($0)</abbr></th>" }.joined()
            + "<th>Tổng</th></tr></thead><tbody>"
        for province in data.provinces {
            guard let counts = data.findingCounts[province.code] else { continue }
            html +=
                "<tr><th scope=\"row\">\(province.code) \(HTML.escape(province.shortName))</th>"
                + codes.map { code in
                    counts[code].map {
                        "<td class=\"\(code.hasPrefix("E_") ? "error" : "warning")\">"
                            + VietnameseNumber.format(Double($0), decimals: 0) + "</td>"
                    } ?? "<td></td>"
                }.joined()
                + "<td>\(VietnameseNumber.format(Double(counts.values.reduce(0, +)), decimals: 0))</td></tr>"
        }
        html += "</tbody></table>\n<dl class=\"codes\">"
        for code in codes {
            html += "<dt>\(code)</dt><dd data-code=\"\(code)\">\(HTML.escape(Self.meaning(of: code)))</dd>"
        }
        return html + "</dl></section>\n"
    }

    static func meaning(of code: String) -> String {
        FindingCode(rawValue: code).flatMap { FindingCodeLegend.meaning[$0] } ?? "mã lỗi khác"
    }

    /// "Cần chú ý": for each indicator with a better direction, the three provinces ranked last and
    /// the three whose value worsened most since the period before.
    private func attentionSection() -> String {
        var html =
            "<section id=\"can-chu-y\"><h2>Cần chú ý</h2>\n<p>Ba tỉnh xếp cuối ở mỗi chỉ tiêu, và ba tỉnh có chỉ tiêu "
            + "giảm sút nhiều nhất so với kỳ trước.</p>\n<table class=\"attention\"><thead><tr><th>Chỉ tiêu</th>"
            + "<th>Xếp cuối</th><th>Giảm sút nhiều nhất so với kỳ trước</th></tr></thead><tbody>"
        for indicator in presentations where indicator.better != .none {
            let rows = provinceRows(indicator.id)
            let last = rows.filter { $0.rank != nil }.sorted {
                ($0.rank!, $0.provinceCode) > ($1.rank!, $1.provinceCode)
            }
            .prefix(3)
            let worse = rows.filter { indicator.isImprovement($0.changeVsPrevious) == false }
                .sorted { (abs($0.changeVsPrevious!), $1.provinceCode) > (abs($1.changeVsPrevious!), $0.provinceCode) }
                .prefix(3)
            html +=
                "<tr data-indicator=\"\(indicator.id)\"><th scope=\"row\">\(indicator.id) \(HTML.escape(indicator.title))</th><td>"
                + last.map { "\(name($0.provinceCode)) (\(indicator.format($0.value)))" }.joined(separator: "; ")
                + "</td><td>"
                + (worse.isEmpty
                    ? "—"
                    : worse.map { "\(name($0.provinceCode)) (\(indicator.formatChange($0.changeVsPrevious)))" }.joined(
                        separator: "; "))
                + "</td></tr>"
        }
        return html + "</tbody></table></section>\n"
    }

    private func indicatorSection() -> String {
        var html =
            "<section id=\"chi-tieu\"><h2>Chỉ tiêu theo tỉnh</h2>\n<p>Mỗi thanh là một tỉnh, xếp từ tốt nhất (theo chiều "
            + "tốt của chỉ tiêu) hoặc từ cao nhất; vạch đứt là giá trị toàn quốc (tỷ số của tổng số liệu cả nước, không "
            + "phải bình quân các tỷ lệ). Thay đổi tính theo đơn vị của chỉ tiêu (điểm % với tỷ lệ).</p>\n"
        for indicator in presentations {
            let rows = sortedRows(indicator)
            let national = details(indicator.id).first { $0.provinceCode == IndicatorDetail.nationalCode }
            let bars = rows.map { SVGChart.Bar(code: $0.provinceCode, label: name($0.provinceCode), value: $0.value) }
            html +=
                "<figure data-indicator=\"\(indicator.id)\"><figcaption>\(indicator.id) — \(HTML.escape(indicator.caption))"
                + "</figcaption>" + summary(indicator, rows: rows, national: national)
                + SVGChart.bars(indicator: indicator, rows: bars, national: national?.value) + "</figure>\n"
        }
        return html + "</section>\n"
    }

    /// The national value with its changes, and the best and worst provinces named.
    private func summary(_ indicator: IndicatorDefinition, rows: [IndicatorDetail], national: IndicatorDetail?)
        -> String
    {
        var parts = ["Toàn quốc: <b>\(indicator.format(national?.value))</b>"]
        if let previous = data.period.previous {
            parts.append("so với \(previous): \(change(indicator, national?.changeVsPrevious))")
        }
        if let earlier = data.period.yearEarlier {
            parts.append("so với cùng kỳ \(earlier): \(change(indicator, national?.changeVsLastYear))")
        }
        let valued = rows.filter { $0.value != nil }
        if let top = valued.first, let bottom = valued.last, valued.count > 1 {
            let (high, low) = indicator.better == .none ? ("Cao nhất", "Thấp nhất") : ("Tốt nhất", "Kém nhất")
            parts.append(
                "\(high): <span class=\"best\">\(name(top.provinceCode)) (\(indicator.format(top.value)))</span>")
            parts.append(
                "\(low): <span class=\"worst\">\(name(bottom.provinceCode)) (\(indicator.format(bottom.value)))</span>")
        }
        return "<p class=\"summary\">" + parts.joined(separator: " · ") + "</p>"
    }

    private func change(_ indicator: IndicatorDefinition, _ value: Double?) -> String {
        let mood =
            switch indicator.isImprovement(value) {
            case true: " better"
            case false: " worse"
            default: ""
            }
        return "<span class=\"change\(mood)\">\(indicator.formatChange(value))</span>"
    }

    /// A tile map per indicator, one shown at a time: the choice is made with radio buttons and CSS
    /// alone (the report has no script). Beside it, the values in a table.
    private func mapSection() -> String {
        guard !presentations.isEmpty, !data.tiles.isEmpty else { return "" }
        var html =
            "<section id=\"ban-do\"><h2>Bản đồ các tỉnh</h2>\n<p>Chọn chỉ tiêu; rê chuột lên ô để xem giá trị.</p>\n"
            + "<div class=\"map-switch\">"
        for (index, indicator) in presentations.enumerated() {
            html +=
                "<input type=\"radio\" name=\"ban-do\" id=\"map-\(indicator.id)\"\(index == 0 ? " checked" : "")>"
                + "<label for=\"map-\(indicator.id)\" title=\"\(HTML.escape(indicator.title))\">\(indicator.id)</label>"
        }
        html += "<div class=\"maps\">"
        for indicator in presentations {
            let rows = sortedRows(indicator)
            let byProvince = Dictionary(uniqueKeysWithValues: rows.map { ($0.provinceCode, $0) })
            html +=
                "<div class=\"map\" data-indicator=\"\(indicator.id)\"><div><h3>\(indicator.id) — "
                + "\(HTML.escape(indicator.caption))</h3>"
                + TileMap.svg(indicator: indicator, details: byProvince, provinces: data.provinces, tiles: data.tiles)
                + TileMap.legend(indicator) + "</div><table><thead><tr><th>Tỉnh</th><th>Giá trị</th><th>Hạng</th>"
                + "<th>So với kỳ trước</th></tr></thead><tbody>"
            for row in rows {
                html +=
                    "<tr data-province=\"\(row.provinceCode)\"><th scope=\"row\">\(name(row.provinceCode))</th>"
                    + "<td>\(indicator.format(row.value))</td><td>\(row.rank.map(String.init) ?? "—")</td>"
                    + "<td>\(change(indicator, row.changeVsPrevious))</td></tr>"
            }
            html += "</tbody></table></div>"
        }
        return html + "</div></div></section>\n"
    }

    private func trendSection() -> String {
        var html =
            "<section id=\"xu-huong\"><h2>Xu hướng toàn quốc qua các kỳ</h2>\n<p>Trục thời gian theo quý, cách đều theo "
            + "thời gian: quý không có số liệu để trống.</p>\n"
        for indicator in presentations {
            html +=
                "<figure><figcaption>\(indicator.id) — \(HTML.escape(indicator.caption))</figcaption>"
                + SVGChart.trend(indicator: indicator, points: data.trends[indicator.id] ?? []) + "</figure>\n"
        }
        return html + "</section>\n"
    }

    private func provinceSection() -> String {
        var html = "<section id=\"tung-tinh\"><h2>Từng tỉnh so với toàn quốc</h2>\n<div class=\"panels\">"
        for province in data.provinces {
            html +=
                "<div class=\"panel\" data-province=\"\(province.code)\"><h3>\(province.code) \(HTML.escape(province.name))</h3>"
                + "<table><thead><tr><th>Chỉ tiêu</th><th>Tỉnh</th><th>Hạng</th><th>Toàn quốc</th></tr></thead><tbody>"
            for indicator in presentations {
                let rows = details(indicator.id)
                let own = rows.first { $0.provinceCode == province.code }
                let national = rows.first { $0.provinceCode == IndicatorDetail.nationalCode }
                html +=
                    "<tr><td title=\"\(HTML.escape(indicator.title))\">\(indicator.id)</td>"
                    + "<td>\(indicator.format(own?.value))</td><td>\(own?.rank.map(String.init) ?? "—")</td>"
                    + "<td>\(indicator.format(national?.value))</td></tr>"
            }
            html += "</tbody></table></div>"
        }
        return html + "</div></section>\n"
    }

    // MARK: - Figures

    private func details(_ id: String) -> [IndicatorDetail] { data.details[id] ?? [] }

    /// The provinces' rows (not the national one), every province of the reference data included.
    private func provinceRows(_ id: String) -> [IndicatorDetail] {
        let codes = Set(data.provinces.map(\.code))
        return details(id).filter { codes.contains($0.provinceCode) }
    }

    /// Best first by the indicator's better direction (highest first without one); no value last.
    private func sortedRows(_ indicator: IndicatorDefinition) -> [IndicatorDetail] {
        provinceRows(indicator.id).sorted { a, b in
            switch (a.value, b.value) {
            case (let x?, let y?) where x != y: indicator.better == .lower ? x < y : x > y
            case (_?, nil): true
            case (nil, _?): false
            default: a.provinceCode < b.provinceCode
            }
        }
    }

    private func name(_ code: String) -> String {
        HTML.escape("\(code) " + (data.provinces.first { $0.code == code }?.shortName ?? ""))
    }

    /// The indicators with values, in id order, as their definitions present them; one whose file is
    /// gone or unreadable keeps its values under its id.
    private var presentations: [IndicatorDefinition] {
        data.details.keys.sorted().map { id in definitions.first { $0.id == id } ?? .unknown(id) }
    }

    /// One rule per indicator: its map shows while its radio button is checked.
    private var mapStyle: String {
        presentations.map {
            "#map-\($0.id):checked~.maps .map[data-indicator=\"\($0.id)\"]{display:flex}"
                + "#map-\($0.id):checked+label{background:#1f5f8b;color:#fff}"
        }.joined()
    }

    static let style = """
        body{font-family:"Segoe UI","Noto Sans",Arial,sans-serif;margin:24px;color:#1d2733;max-width:1100px}
        h1{font-size:22px;margin:0 0 4px}h2{font-size:18px;border-bottom:2px solid #1f5f8b;padding-bottom:4px;margin-top:32px}
        h3{font-size:14px}nav a{color:#1f5f8b}table{border-collapse:collapse;margin:8px 0 16px;font-size:13px}
        th,td{border:1px solid #c9d3dd;padding:3px 8px;text-align:left}td{text-align:right}
        caption{font-weight:600;text-align:left;padding:4px 0}
        .warning-banner{background:#fff1c2;border-left:4px solid #d68910;padding:8px 12px;font-weight:600}
        .state{display:table-cell;text-align:center;min-width:70px}.legend .state{display:inline-block;padding:2px 8px}
        .accepted{background:#d7efd8}.late{background:#fff1c2}.rejected{background:#f6c9c9}.missing{background:#eceff2;color:#6b7784}
        td.error{background:#f9dede}td.warning{background:#fff6d9}
        dl.codes{display:grid;grid-template-columns:max-content 1fr;gap:2px 12px;font-size:13px}dl.codes dt{font-weight:600}
        dl.codes dd{margin:0}table.attention td{text-align:left}
        figure{margin:16px 0}figcaption{font-weight:600;margin-bottom:4px}.summary{margin:2px 0 6px;font-size:13px}
        .change.better{color:#1e7b34}.change.worse{color:#b03a2e}.best{color:#1e7b34}.worst{color:#b03a2e}
        svg.chart{font-size:11px;max-width:100%;height:auto}
        .bar{fill:#1f5f8b}.bar.no-data{fill:none}.national{stroke:#c0392b;stroke-width:2;stroke-dasharray:5 3}
        .national-label{fill:#c0392b;font-weight:600}.label,.axis{fill:#1d2733}.value{fill:#44515f}
        .axis-line,.tick{stroke:#8a96a3}.line{fill:none;stroke:#1f5f8b;stroke-width:2}.point{fill:#1f5f8b}
        .map-switch>input{position:absolute;opacity:0}.map-switch>label{display:inline-block;padding:2px 8px;margin:2px;
        border:1px solid #1f5f8b;border-radius:3px;cursor:pointer;font-size:13px}
        .map{display:none;gap:24px;align-items:flex-start}.tilemap text{font-size:12px;fill:#1d2733;pointer-events:none}
        .tile rect{stroke:#fff}.tile.q1 rect,.tile.q1 i{fill:#1a9850;background:#1a9850}
        .tile.q2 rect,.tile.q2 i{fill:#91cf60;background:#91cf60}.tile.q3 rect,.tile.q3 i{fill:#fee08b;background:#fee08b}
        .tile.q4 rect,.tile.q4 i{fill:#fc8d59;background:#fc8d59}.tile.v1 rect,.tile.v1 i{fill:#08519c;background:#08519c}
        .tile.v2 rect,.tile.v2 i{fill:#3182bd;background:#3182bd}.tile.v3 rect,.tile.v3 i{fill:#9ecae1;background:#9ecae1}
        .tile.v4 rect,.tile.v4 i{fill:#deebf7;background:#deebf7}.tile.none rect,.tile.none i{fill:#eceff2;background:#eceff2}
        .map-legend{font-size:12px}.map-legend i{display:inline-block;width:12px;height:12px;vertical-align:middle;border:1px solid #c9d3dd}
        .panels{display:grid;grid-template-columns:repeat(auto-fill,minmax(250px,1fr));gap:12px}
        .panel{border:1px solid #c9d3dd;padding:6px 10px}.panel h3{font-size:14px;margin:4px 0}.panel table{width:100%}
        """
}
