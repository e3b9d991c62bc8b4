import VKSModel

/// Why a file's name is not a submission's name, said so that the officer can rename it (SPEC §5):
/// a period written `2026Q3`, a long dash, a stray space, a Vietnamese dataset name, a format not
/// taken, each with the name it should have had when that is known.
struct NameDiagnosis: Equatable {
    let code: FindingCode
    let message: String
    /// The return the name was meant for, when every part of it could be read (the name it should have
    /// had is then known): the misnamed delivery counts toward that province's feedback file.
    let meant: SubmissionName?

    /// The dataset names offices write in Vietnamese, without diacritics, for the English ones.
    private static let vietnameseDatasets: [String: Dataset] = [
        "nhanluc": .staffing, "nhan_luc": .staffing, "hatang": .hardware, "ha_tang": .hardware,
        "thietbi": .hardware, "phanmem": .software, "phan_mem": .software, "kinhphi": .spending,
        "kinh_phi": .spending,
    ]
    /// Hyphens, dashes and the minus sign that Word and Excel put in place of `-`.
    private static let longDashes: Set<UInt32> = [0x2010, 0x2011, 0x2012, 0x2013, 0x2014, 0x2212]
    private static let otherFormats = ["xls", "ods", "zip", "rar", "pdf", "docx", "doc"]

    init(fileName: String) {
        var problems: [String] = []
        var name = Text.normalized(fileName)
        if name.unicodeScalars.contains(where: { Self.longDashes.contains($0.value) }) {
            problems.append("có dấu gạch dài (–) thay cho dấu gạch ngang \"-\"")
            name = String(
                String.UnicodeScalarView(name.unicodeScalars.map { Self.longDashes.contains($0.value) ? "-" : $0 }))
        }
        if name.contains(" ") {
            problems.append("có khoảng trắng")
            name = name.replacingOccurrences(of: " ", with: "")
        }
        let lower = name.lowercased()
        guard let ext = Self.submissionExtension(lower) else {
            let written = lower.split(separator: ".").last.map(String.init) ?? ""
            code = .fileName
            meant = nil
            message =
                Self.otherFormats.contains(written)
                ? Messages.fileFormatNotTaken(fileName, format: written)
                : Messages.fileName(fileName, problems: problems, suggested: nil)
            return
        }
        let isXML = ext.hasPrefix("xml")
        // The parts as written (messages quote them so), compared without case.
        var parts = String(name.dropLast(ext.count + 1)).split(separator: "_", omittingEmptySubsequences: false)
            .map(String.init)
        // `79_2026_Q3_staffing`: the period split by an underscore.
        var periodAsWritten = parts.count > 1 ? parts[1] : ""
        if parts.count == (isXML ? 3 : 4), parts[1].count == 4, parts[2].uppercased().first == "Q" {
            periodAsWritten = parts[1] + "_" + parts[2]
            parts[1...2] = [parts[1] + "-" + parts[2]]
        }
        let province = parts.first.flatMap { $0.count == 2 && $0.allSatisfy(\.isNumber) ? $0 : nil }
        let period = parts.count > 1 ? Self.period(parts[1]) : nil
        if let period, periodAsWritten.uppercased() != period.description {
            problems.append("kỳ viết là \"\(periodAsWritten)\", phải viết \(period)")
        }
        var dataset: Dataset?
        if !isXML, parts.count >= 3 {
            let written = parts[2...].joined(separator: "_")
            dataset = Dataset(rawValue: written.lowercased()) ?? Self.vietnameseDatasets[written.lowercased()]
            if let dataset, dataset.rawValue != written.lowercased() {
                problems.append("bộ dữ liệu viết là \"\(written)\", phải viết bằng tên tiếng Anh \(dataset.rawValue)")
            }
        }
        // Every part read: an XML name has two, a CSV name's dataset is all that follows the period.
        var suggested: String?
        if let province, let period, isXML ? parts.count == 2 : dataset != nil {
            suggested = "\(province)_\(period)" + (dataset.map { "_\($0.rawValue)" } ?? "") + "." + ext
        }
        meant = suggested.flatMap { SubmissionName(fileName: $0) }
        // A period written wrongly in an otherwise good name is the period's problem (E_PERIOD).
        let onlyThePeriod = problems.count == 1 && problems[0].hasPrefix("kỳ viết là")
        code = onlyThePeriod ? .period : .fileName
        message = Messages.fileName(fileName, problems: problems, suggested: suggested)
    }

    private static func submissionExtension(_ lowercasedName: String) -> String? {
        ["csv.gz", "xml.gz", "csv", "xml", "xlsx"].first { lowercasedName.hasSuffix("." + $0) }
    }

    /// `2026-Q3`, `2026Q3`, `2026-3`, `Q3-2026`, `Q3.2026`, `2026.Q3` → 2026-Q3.
    private static func period(_ text: String) -> Period? {
        let upper = text.uppercased()
        let digits = upper.filter(\.isNumber)
        guard upper.contains("Q") || upper.contains("-") else { return nil }
        guard digits.count == 5 else { return nil }
        let quarterFirst = upper.hasPrefix("Q")
        let year = Int(quarterFirst ? String(digits.suffix(4)) : String(digits.prefix(4)))
        let quarter = Int(quarterFirst ? String(digits.prefix(1)) : String(digits.suffix(1)))
        guard let year, let quarter else { return nil }
        return Period(year: year, quarter: quarter)
    }
}
