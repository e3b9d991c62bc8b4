import Testing

@testable import VKSPipeline

/// libxml2's English, as it really reads, said in Vietnamese with what to fix; the English after it.
struct XMLSchemaMessageTests {
    @Test(arguments: [
        (
            "Element 'submission': No matching global declaration available for the validation root.",
            "phần tử gốc <submission> không mang đúng không gian tên của lược đồ: hãy ghi "
                + "<submission xmlns=\"urn:vksnd:cuc2:ict:1\" …>"
        ),
        (
            "Element '{urn:vksnd:cuc2:ict:1}fax': This element is not expected.",
            "phần tử <fax> không được phép ở chỗ này: hãy xóa nó hoặc đổi tên cho đúng tên cột"
        ),
        (
            "Element '{urn:vksnd:cuc2:ict:1}hardwar': This element is not expected. Expected is one of "
                + "( {urn:vksnd:cuc2:ict:1}hardware, {urn:vksnd:cuc2:ict:1}software ).",
            "phần tử <hardwar> không được phép ở chỗ này; ở đây cần <hardware> hoặc <software>: hãy xóa nó hoặc "
                + "đổi tên cho đúng tên cột"
        ),
        (
            "Element '{urn:vksnd:cuc2:ict:1}total_staff': 'nhiều' is not a valid value of the atomic type 'xs:integer'.",
            "giá trị \"nhiều\" ở <total_staff> không đúng kiểu: cần một số nguyên, không dấu chấm hay phẩy (ví dụ 1234)"
        ),
        (
            "Element '{urn:vksnd:cuc2:ict:1}submission': The attribute 'period' is required but missing.",
            "phần tử <submission> thiếu thuộc tính period"
        ),
    ])
    func saysWhatToFixAndKeepsTheEnglish(_ english: String, _ said: String) {
        #expect(
            XMLSchemaMessage.vietnamese(english)
                == "Tệp XML không đúng lược đồ submission-v1.xsd do Cục 2 công bố: \(said). (\(english))")
    }
}
