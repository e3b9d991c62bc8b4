import Foundation

/// libxml2's XSD messages (`Element '{urn:…}fax': This element is not expected.`) said in
/// Vietnamese with what to fix (SPEC §5), the English kept after them for whoever reads both.
enum XMLSchemaMessage {
    static let namespace = "urn:vksnd:cuc2:ict:1"

    static func vietnamese(_ detail: String) -> String {
        let element = quoted(after: "Element '", in: detail).map(localName) ?? "?"
        let said: String
        if detail.contains("No matching global declaration available for the validation root") {
            said =
                "phần tử gốc <\(element)> không mang đúng không gian tên của lược đồ: hãy ghi "
                + "<submission xmlns=\"\(namespace)\" …>"
        } else if detail.contains("This element is not expected") {
            said =
                "phần tử <\(element)> không được phép ở chỗ này"
                + (expected(in: detail).map { "; ở đây cần \($0)" } ?? "")
                + ": hãy xóa nó hoặc đổi tên cho đúng tên cột"
        } else if detail.contains("is not a valid value of the"), let value = quoted(after: ": '", in: detail) {
            said = "giá trị \"\(value)\" ở <\(element)> không đúng kiểu: cần \(kind(in: detail))"
        } else if detail.contains("Missing child element") {
            said = "phần tử <\(element)> thiếu phần tử con" + (expected(in: detail).map { " \($0)" } ?? "")
        } else if detail.contains("is required but missing"), let attribute = quoted(after: "attribute '", in: detail) {
            said = "phần tử <\(element)> thiếu thuộc tính \(attribute)"
        } else if detail.contains("is not allowed"), let attribute = quoted(after: "attribute '", in: detail) {
            said = "phần tử <\(element)> không có thuộc tính \(attribute): hãy xóa nó"
        } else {
            said = "cấu trúc không đúng ở <\(element)>"
        }
        return "Tệp XML không đúng lược đồ submission-v1.xsd do Cục 2 công bố: \(said). (\(detail))"
    }

    /// The text between the quotes that follow `marker`.
    private static func quoted(after marker: String, in text: String) -> String? {
        guard let start = text.range(of: marker)?.upperBound,
            let end = text[start...].firstIndex(of: "'")
        else { return nil }
        return String(text[start..<end])
    }

    /// `{urn:…}total_staff` → `total_staff`.
    private static func localName(_ name: String) -> String {
        name.split(separator: "}").last.map(String.init) ?? name
    }

    /// `Expected is one of ( {urn}a, {urn}b ).` → `<a> hoặc <b>`.
    private static func expected(in text: String) -> String? {
        guard let open = text.range(of: "Expected is")?.upperBound, let from = text[open...].firstIndex(of: "("),
            let to = text[from...].firstIndex(of: ")")
        else { return nil }
        let names = text[text.index(after: from)..<to].split(separator: ",").map {
            "<" + localName($0.trimmingCharacters(in: .whitespaces)) + ">"
        }
        return names.isEmpty ? nil : names.joined(separator: " hoặc ")
    }

    private static func kind(in text: String) -> String {
        if text.contains("integer") { return "một số nguyên, không dấu chấm hay phẩy (ví dụ 1234)" }
        if text.contains("decimal") { return "một số, dấu chấm thập phân (ví dụ 125.36)" }
        if text.contains("date") { return "một ngày dạng yyyy-mm-dd" }
        return "giá trị đúng kiểu lược đồ quy định"
    }
}
