import Foundation

/// libxml2's well-formedness messages (`Opening and ending tag mismatch: row line 5 and rows`) said in
/// Vietnamese with what to fix, for the provincial IT officer who has to correct or re-export the file; the
/// English is kept after them for whoever reads both. The wordings are those of the push parser our reader
/// drives (libxml2 2.9.14 on Debian 12), matched on fragments that 2.12 and later still print; a message not
/// recognised keeps the plain form, line and English only.
enum XMLSyntaxMessage {
    /// `detail`: libxml2's message as our reader passes it (trimmed, e.g. "Opening and ending tag mismatch: row
    /// line 5 and rows"); `line`, `column`: where libxml2 stopped.
    static func vietnamese(_ detail: String, line: Int, column: Int?) -> String {
        // 2.9–2.12 put the offending bytes on a second line ("…indicate encoding !\nBytes: 0xF2 …").
        let english = detail.replacingOccurrences(of: "\n", with: " ")
        var place = "Tệp XML bị lỗi cú pháp tại dòng \(line)"
        if let column, column > 0 { place += ", cột \(column)" }
        guard let said = explanation(of: english) else { return "\(place) (\(english)); hãy xuất lại tệp." }
        return "\(place): \(said). (\(english))"
    }

    /// What is wrong and what to do, or nil for a message we do not know.
    private static func explanation(of detail: String) -> String? {
        if detail.contains("Opening and ending tag mismatch") { return mismatch(detail) }
        // "Premature end of data" is what 2.12 and later say at the end of a cut-off file; 2.9–2.11 push
        // parsers say "Extra content at the end of the document" for it instead (next branch).
        if detail.contains("Premature end of data") || detail.contains("EndTag: '</' not found") {
            var unclosed = "còn thẻ chưa được đóng"
            if let unfinished = tag(after: "in tag ", in: detail) {
                unclosed =
                    "thẻ <\(unfinished.name)>" + (unfinished.line.map { " mở ở dòng \($0)" } ?? "") + " chưa được đóng"
            }
            return "tệp bị cắt cụt: \(unclosed) thì tệp đã hết; tệp có thể chưa được lưu hết hoặc gửi thiếu, "
                + "hãy xuất lại tệp và gửi lại"
        }
        // On this libxml2 (push parser, before 2.12) the same words come for a file cut off mid-way, an empty
        // or blank file and undecodable bytes in a declared encoding, not only for text after the root: say both.
        if detail.contains("Extra content at the end of the document") {
            return "tệp không kết thúc đúng cách: tệp rỗng hoặc bị cắt cụt (chưa được lưu hết hoặc gửi thiếu, nên "
                + "thiếu thẻ đóng của phần tử gốc </submission>), hoặc có nội dung thừa sau thẻ đóng của phần tử "
                + "gốc; nếu sau </submission> còn nội dung thì hãy xóa đi, nếu không thì hãy xuất lại tệp"
        }
        if detail.contains("Document is empty") || detail.contains("Start tag expected") {
            return "tệp không chứa dữ liệu XML (tệp rỗng, hoặc không bắt đầu bằng một thẻ <…>, ví dụ tệp CSV hay "
                + "Excel được đổi đuôi thành .xml): hãy xuất lại báo cáo theo định dạng XML"
        }
        if detail.contains("XML declaration") {
            return "dòng khai báo <?xml … ?> viết sai hoặc không nằm ở đầu tệp: nó phải là dòng đầu tiên, không có "
                + "dòng trống hay ký tự nào đứng trước, và kết thúc bằng ?>"
        }
        if let said = encoding(detail) ?? reference(detail) ?? attribute(detail) { return said }
        if detail.contains("invalid element name") {
            return "có ký tự < không mở một thẻ hợp lệ: nếu < là một phần của nội dung thì phải viết là &lt; "
                + "(ví dụ \"a &lt; 5\"); nếu đó là thẻ thì tên thẻ phải bắt đầu bằng chữ cái"
        }
        if detail.contains("expected '>'") {
            return "thẻ thiếu dấu > ở cuối (thường là thẻ đóng, như </row): hãy thêm >, hoặc xuất lại tệp nếu tệp "
                + "bị cắt cụt"
        }
        return nil
    }

    /// `row line 5 and rows`: the closing tag may be a typo, or the parent's, met because the child's is missing.
    private static func mismatch(_ detail: String) -> String {
        let rule = "mỗi thẻ mở phải được đóng bằng thẻ cùng tên (phân biệt chữ hoa, chữ thường)"
        let found = words(after: "mismatch: ", in: detail)
        guard found.count == 5, found[1] == "line", found[3] == "and", let line = Int(found[2]) else {
            return "thẻ đóng không khớp với thẻ mở: \(rule); hãy sửa thẻ đóng cho đúng tên thẻ mở"
        }
        let (name, closing) = (found[0], found[4])
        return "thẻ <\(name)> mở ở dòng \(line) lại được đóng bằng </\(closing)>: \(rule); hãy sửa thẻ đóng thành "
            + "</\(name)>, hoặc nếu thẻ đóng của <\(name)> bị thiếu thì thêm </\(name)> vào trước </\(closing)>"
    }

    /// A file not in UTF-8 (Vietnamese exports are often TCVN3, VNI or Windows-1258), or a control character.
    /// 2.13 and later say "Invalid bytes in character encoding" where older ones say "not proper UTF-8".
    private static func encoding(_ detail: String) -> String? {
        if let start = detail.range(of: "Unsupported encoding")?.upperBound {
            // "Unsupported encoding X" before 2.12, "Unsupported encoding: X" after.
            let name = detail[start...].trimmingCharacters(in: CharacterSet(charactersIn: ": "))
            return "tệp khai báo bảng mã " + (name.isEmpty ? "" : "\(name) ")
                + "mà hệ thống không đọc được: hãy xuất lại tệp với bảng mã UTF-8 (encoding=\"UTF-8\")"
        }
        if detail.contains("Document labelled") {
            return "bảng mã khai báo ở dòng <?xml … ?> không khớp với bảng mã thật của tệp: hãy xuất lại tệp với "
                + "bảng mã UTF-8 (encoding=\"UTF-8\")"
        }
        if detail.contains("not proper UTF-8") || detail.contains("Invalid bytes in character encoding")
            || detail.contains("conversion failed") || detail.contains("Truncated multi-byte")
        {
            return "tệp có byte không đúng bảng mã UTF-8 (thường do tệp được lưu bằng bảng mã khác như TCVN3, VNI "
                + "hay Windows-1258), nên chữ có dấu bị hỏng: hãy xuất lại tệp với bảng mã UTF-8"
        }
        // "Char 0x0 out of allowed range", "PCDATA invalid Char value 1", "xmlParseCharRef: invalid xmlChar
        // value 1" (written as &#1;), "invalid character in attribute value"; 2.13's generic "Invalid character".
        if detail.contains("out of allowed range") || detail.contains("invalid Char value")
            || detail.contains("invalid xmlChar value") || detail.contains("invalid character in attribute value")
            || detail.contains("Invalid character")
        {
            return "tệp chứa ký tự không được phép trong XML (thường là ký tự điều khiển, mã 0x00–0x1F trừ tab và "
                + "xuống dòng, hay gặp khi dán dữ liệu từ phần mềm khác hoặc khi tệp bị hỏng): hãy xóa ký tự đó "
                + "rồi xuất lại tệp"
        }
        return nil
    }

    /// A bare `&` (`Phòng Kỹ thuật & Công nghệ`), or an HTML entity such as `&nbsp;` that XML does not define.
    private static func reference(_ detail: String) -> String? {
        if detail.contains("EntityRef: no name") || detail.contains("EntityRef: expecting") {
            return "ký tự & trong nội dung hay giá trị thuộc tính phải viết là &amp; (ví dụ \"Kỹ thuật &amp; "
                + "Công nghệ\"): hãy thay & bằng &amp;"
        }
        if detail.contains("not defined"), let name = quoted(after: "Entity '", in: detail) {
            return "&\(name); không phải ký hiệu có sẵn trong XML (chỉ có &amp; &lt; &gt; &quot; &apos;): hãy thay "
                + "&\(name); bằng ký tự thật, hoặc viết & thành &amp; nếu đó là chữ"
        }
        return nil
    }

    /// Attribute mistakes. Our reader reports libxml2's last error, so in the push parser they mostly arrive
    /// as the summary that follows them, "Couldn't find end of Start Tag x": that one lists every likely cause.
    private static func attribute(_ detail: String) -> String? {
        if detail.contains("Couldn't find end of Start Tag") {
            var start = "thẻ mở"
            if let found = tag(after: "Start Tag ", in: detail) {
                start = "thẻ mở <\(found.name)>" + (found.line.map { " ở dòng \($0)" } ?? "")
            }
            return "\(start) viết sai nên không tìm thấy dấu > kết thúc nó: hãy kiểm tra các thuộc tính trong thẻ "
                + "(giá trị đặt trong dấu nháy kép như version=\"1.0\", các thuộc tính cách nhau bằng dấu cách, "
                + "giá trị không chứa < hay ký tự điều khiển) và thẻ phải kết thúc bằng > hoặc />"
        }
        if detail.contains("AttValue") {
            return "giá trị thuộc tính phải đặt trong dấu nháy kép, ví dụ version=\"1.0\" chứ không phải version=1.0"
        }
        if detail.contains("Unescaped '<'") {
            return "giá trị thuộc tính chứa ký tự < hoặc thiếu dấu nháy đóng: hãy viết < thành &lt; và đóng giá "
                + "trị bằng dấu nháy"
        }
        if detail.contains("attributes construct error") || detail.contains("error parsing attribute name") {
            return "thuộc tính trong thẻ viết sai: mỗi thuộc tính phải có dạng ten=\"giá trị\" và cách thuộc tính "
                + "trước nó một dấu cách"
        }
        if detail.contains("Specification mandates value for attribute"),
            let name = words(after: "for attribute ", in: detail).first
        {
            return "thuộc tính \(name) không có giá trị: hãy viết \(name)=\"…\" hoặc xóa thuộc tính đó"
        }
        // "Attribute x redefined", "Attribute p:x redefined", "Namespaced Attribute x in 'urn' redefined".
        if detail.contains("redefined"), let name = words(after: "Attribute ", in: detail).first {
            return "thuộc tính \(name) xuất hiện hai lần trong cùng một thẻ: hãy xóa bớt một"
        }
        return nil
    }

    /// `… in tag submission line 2` after `in tag ` → (submission, 2); the line is nil when none is given.
    private static func tag(after marker: String, in text: String) -> (name: Substring, line: Int?)? {
        let found = words(after: marker, in: text)
        guard let name = found.first else { return nil }
        let line = found.count >= 3 && found[1] == "line" ? Int(found[2]) : nil
        return (name, line)
    }

    /// The space-separated words after `marker`, none when it is absent.
    private static func words(after marker: String, in text: String) -> [Substring] {
        guard let start = text.range(of: marker)?.upperBound else { return [] }
        return text[start...].split(separator: " ")
    }

    /// The text between the quotes that follow `marker`.
    private static func quoted(after marker: String, in text: String) -> String? {
        guard let start = text.range(of: marker)?.upperBound,
            let end = text[start...].firstIndex(of: "'")
        else { return nil }
        return String(text[start..<end])
    }
}
