import Testing
import VKSModel

@testable import VKSPipeline

/// A submission that is not well-formed XML, read by the real reader: libxml2's English said in
/// Vietnamese with what to fix, the English after it (SPEC §5).
struct XMLSyntaxMessageTests {
    static let head = """
        <?xml version="1.0" encoding="UTF-8"?>
        <submission xmlns="urn:vksnd:cuc2:ict:1" province="79" period="2026-Q3" submittedAt="2026-10-05T08:00:00+07:00">
        <staffing>

        """
    static let row = "<row><unit_code>79</unit_code><total_staff>100</total_staff><procurators>40</procurators>"

    @Test(arguments: [
        (
            head + row + "<it_staff>4</it_staff></rows>\n</staffing>\n</submission>\n",
            "Tệp XML bị lỗi cú pháp tại dòng 4, cột 119: thẻ <row> mở ở dòng 4 lại được đóng bằng </rows>: mỗi thẻ "
                + "mở phải được đóng bằng thẻ cùng tên (phân biệt chữ hoa, chữ thường); hãy sửa thẻ đóng thành </row>, "
                + "hoặc nếu thẻ đóng của <row> bị thiếu thì thêm </row> vào trước </rows>. (Opening and ending tag "
                + "mismatch: row line 4 and rows)"
        ),
        (
            head + "<row><unit_code>Phòng A & B</unit_code></row>\n</staffing>\n</submission>\n",
            "Tệp XML bị lỗi cú pháp tại dòng 4, cột 26: ký tự & trong nội dung hay giá trị thuộc tính phải viết là "
                + "&amp; (ví dụ \"Kỹ thuật &amp; Công nghệ\"): hãy thay & bằng &amp;. (xmlParseEntityRef: no name)"
        ),
        (
            head + row,
            "Tệp XML bị lỗi cú pháp tại dòng 4, cột 90: tệp không kết thúc đúng cách: tệp rỗng hoặc bị cắt cụt (chưa "
                + "được lưu hết hoặc gửi thiếu, nên thiếu thẻ đóng của phần tử gốc </submission>), hoặc có nội dung "
                + "thừa sau thẻ đóng của phần tử gốc; nếu sau </submission> còn nội dung thì hãy xóa đi, nếu không thì "
                + "hãy xuất lại tệp. (Extra content at the end of the document)"
        ),
        (
            "unit_code,total_staff\n79,100\n",
            "Tệp XML bị lỗi cú pháp tại dòng 1, cột 1: tệp không chứa dữ liệu XML (tệp rỗng, hoặc không bắt đầu bằng "
                + "một thẻ <…>, ví dụ tệp CSV hay Excel được đổi đuôi thành .xml): hãy xuất lại báo cáo theo định dạng "
                + "XML. (Document is empty)"
        ),
    ])
    func saysWhatToFixAndKeepsTheEnglish(_ xml: String, _ said: String) throws {
        let (result, _) = try check("79_2026-Q3.xml", xml)
        #expect(result.findings.filter { $0.code == .xmlMalformed }.map(\.message) == [said])
    }

    /// A message this table does not know keeps the plain form: where, the English, re-export.
    @Test func anUnknownMessageSaysWhereAndToExportAgain() {
        #expect(
            XMLSyntaxMessage.vietnamese("Comment not terminated", line: 7, column: 3)
                == "Tệp XML bị lỗi cú pháp tại dòng 7, cột 3 (Comment not terminated); hãy xuất lại tệp.")
    }
}
