import VKSModel

/// The report for planning staff (issue 6): one self-contained HTML file in Vietnamese that opens
/// offline — inline CSS and SVG, no script, no font or image from anywhere.
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
            <style>\(Self.style)</style>
            </head>
            <body>
            <header><h1>Báo cáo thống kê công nghệ thông tin ngành Kiểm sát nhân dân</h1>
            <p>Kỳ \(data.period)\(data.closedAt.map { " — đã khóa sổ \($0)" } ?? ""). Số liệu do VKSND các tỉnh, thành phố báo cáo; \
            Cục 2 tổng hợp bằng vksict.</p></header>
            <nav><a href="#nop-bao-cao">Tình hình nộp báo cáo</a> · <a href="#loi">Lỗi và cảnh báo</a> · \
            <a href="#chi-tieu">Chỉ tiêu</a> · <a href="#xu-huong">Xu hướng</a> · <a href="#tung-tinh">Từng tỉnh</a></nav>

            """
        html += completenessSection() + findingsSection() + indicatorSection() + trendSection() + provinceSection()
        return html + "</body>\n</html>\n"
    }

    // MARK: - Sections

    private func completenessSection() -> String {
        let datasets = Dataset.allCases
        var html =
            "<section id=\"nop-bao-cao\"><h2>Tình hình nộp báo cáo</h2>\n<p class=\"legend\">"
            + "<span class=\"state accepted\">đã nhận đúng hạn</span> <span class=\"state late\">đã nhận, nộp muộn</span> "
            + "<span class=\"state rejected\">bị từ chối</span> <span class=\"state missing\">chưa nộp</span></p>\n"
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
            "<table class=\"findings\"><thead><tr><th>Tỉnh</th>" + codes.map { "<th>\($0)</th>" }.joined()
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
        return html + "</tbody></table></section>\n"
    }

    private func indicatorSection() -> String {
        var html =
            "<section id=\"chi-tieu\"><h2>Chỉ tiêu theo tỉnh</h2>\n<p>Mỗi thanh là một tỉnh; vạch đứt là giá trị toàn quốc "
            + "(tỷ số của tổng số liệu cả nước, không phải bình quân các tỷ lệ).</p>\n"
        for presentation in presentations {
            let values = data.indicators[presentation.id] ?? []
            let rows = data.provinces.map { province in
                (
                    code: province.code, label: "\(province.code) \(province.shortName)",
                    value: values.first { $0.provinceCode == province.code }?.value
                )
            }
            let national = values.first { $0.provinceCode == AggregateStage.nationalCode }?.value
            html +=
                "<figure><figcaption>\(presentation.id) — \(HTML.escape(presentation.caption))</figcaption>"
                + SVGChart.bars(indicator: presentation, rows: rows, national: national) + "</figure>\n"
        }
        return html + "</section>\n"
    }

    private func trendSection() -> String {
        var html = "<section id=\"xu-huong\"><h2>Xu hướng toàn quốc qua các kỳ</h2>\n"
        for presentation in presentations {
            html +=
                "<figure><figcaption>\(presentation.id) — \(HTML.escape(presentation.caption))</figcaption>"
                + SVGChart.trend(indicator: presentation, points: data.trends[presentation.id] ?? []) + "</figure>\n"
        }
        return html + "</section>\n"
    }

    private func provinceSection() -> String {
        var html = "<section id=\"tung-tinh\"><h2>Từng tỉnh so với toàn quốc</h2>\n<div class=\"panels\">"
        for province in data.provinces {
            html +=
                "<div class=\"panel\" data-province=\"\(province.code)\"><h3>\(province.code) \(HTML.escape(province.name))</h3>"
                + "<table><thead><tr><th>Chỉ tiêu</th><th>Tỉnh</th><th>Toàn quốc</th></tr></thead><tbody>"
            for presentation in presentations {
                let values = data.indicators[presentation.id] ?? []
                let own = values.first { $0.provinceCode == province.code }?.value
                let national = values.first { $0.provinceCode == AggregateStage.nationalCode }?.value
                html +=
                    "<tr><td title=\"\(HTML.escape(presentation.title))\">\(presentation.id)</td>"
                    + "<td>\(presentation.format(own))</td><td>\(presentation.format(national))</td></tr>"
            }
            html += "</tbody></table></div>"
        }
        return html + "</div></section>\n"
    }

    /// The indicators of the catalog that the warehouse has, in catalog order.
    /// The indicators with values, in id order, as their definitions present them; one whose file is
    /// gone or unreadable keeps its values under its id.
    private var presentations: [IndicatorDefinition] {
        data.indicators.keys.sorted().map { id in definitions.first { $0.id == id } ?? .unknown(id) }
    }

    static let style = """
        body{font-family:"Segoe UI","Noto Sans",Arial,sans-serif;margin:24px;color:#1d2733;max-width:1100px}
        h1{font-size:22px;margin:0 0 4px}h2{font-size:18px;border-bottom:2px solid #1f5f8b;padding-bottom:4px;margin-top:32px}
        nav a{color:#1f5f8b}table{border-collapse:collapse;margin:8px 0 16px;font-size:13px}
        th,td{border:1px solid #c9d3dd;padding:3px 8px;text-align:left}td{text-align:right}
        caption{font-weight:600;text-align:left;padding:4px 0}
        .state{display:table-cell;text-align:center;min-width:70px}.legend .state{display:inline-block;padding:2px 8px}
        .accepted{background:#d7efd8}.late{background:#fff1c2}.rejected{background:#f6c9c9}.missing{background:#eceff2;color:#6b7784}
        td.error{background:#f9dede}td.warning{background:#fff6d9}
        figure{margin:16px 0}figcaption{font-weight:600;margin-bottom:4px}
        svg.chart{font-size:11px;max-width:100%;height:auto}
        .bar{fill:#1f5f8b}.bar.no-data{fill:none}.national{stroke:#c0392b;stroke-width:2;stroke-dasharray:5 3}
        .national-label{fill:#c0392b;font-weight:600}.label,.axis{fill:#1d2733}.value{fill:#44515f}
        .line{fill:none;stroke:#1f5f8b;stroke-width:2}.point{fill:#1f5f8b}
        .panels{display:grid;grid-template-columns:repeat(auto-fill,minmax(250px,1fr));gap:12px}
        .panel{border:1px solid #c9d3dd;padding:6px 10px}.panel h3{font-size:14px;margin:4px 0}.panel table{width:100%}
        """
}
