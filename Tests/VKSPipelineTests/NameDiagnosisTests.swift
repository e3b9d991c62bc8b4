import Testing
import VKSModel

@testable import VKSPipeline

/// SPEC §5: a wrong file name is told what is wrong in it, and the name it should have.
struct NameDiagnosisTests {
    @Test(arguments: [
        (
            "79_2026Q3_staffing.csv", FindingCode.period,
            "Tên tệp \"79_2026Q3_staffing.csv\" không đúng quy ước <mã tỉnh>_<kỳ>_<bộ dữ liệu>.csv: kỳ viết là "
                + "\"2026Q3\", phải viết 2026-Q3. Hãy đổi tên thành 79_2026-Q3_staffing.csv rồi gửi lại."
        ),
        (
            "79_2026–Q3_staffing.csv", .fileName,
            "Tên tệp \"79_2026–Q3_staffing.csv\" không đúng quy ước <mã tỉnh>_<kỳ>_<bộ dữ liệu>.csv: có dấu gạch "
                + "dài (–) thay cho dấu gạch ngang \"-\". Hãy đổi tên thành 79_2026-Q3_staffing.csv rồi gửi lại."
        ),
        (
            "79_2026-Q3_ staffing.csv", .fileName,
            "Tên tệp \"79_2026-Q3_ staffing.csv\" không đúng quy ước <mã tỉnh>_<kỳ>_<bộ dữ liệu>.csv: có khoảng "
                + "trắng. Hãy đổi tên thành 79_2026-Q3_staffing.csv rồi gửi lại."
        ),
        (
            "01_2026-Q3_nhanluc.csv", .fileName,
            "Tên tệp \"01_2026-Q3_nhanluc.csv\" không đúng quy ước <mã tỉnh>_<kỳ>_<bộ dữ liệu>.csv: bộ dữ liệu "
                + "viết là \"nhanluc\", phải viết bằng tên tiếng Anh staffing. Hãy đổi tên thành "
                + "01_2026-Q3_staffing.csv rồi gửi lại."
        ),
        (
            "79_2026-Q3_hardware.pdf", .fileName,
            "Tệp \"79_2026-Q3_hardware.pdf\" có định dạng .pdf, chưa được nhận: hãy lưu từ Excel dạng Excel Workbook "
                + "(.xlsx) hoặc CSV UTF-8 (.csv), đặt tên <mã tỉnh>_<kỳ>_<bộ dữ liệu>.xlsx hoặc .csv, hoặc gửi tệp XML "
                + "theo lược đồ của Cục 2."
        ),
    ])
    func saysWhatIsWrongAndTheRightName(_ name: String, _ code: FindingCode, _ message: String) {
        let diagnosis = NameDiagnosis(fileName: name)
        #expect(diagnosis.code == code)
        #expect(diagnosis.message == message)
    }

    @Test func aNameWithNothingToGoOnGetsTheConvention() {
        #expect(
            NameDiagnosis(fileName: "bao cao.csv").message
                == "Tên tệp \"bao cao.csv\" không đúng quy ước <mã tỉnh>_<kỳ>_<bộ dữ liệu>.csv: có khoảng trắng "
                + "(ví dụ 79_2026-Q3_hardware.csv; bộ dữ liệu: staffing, hardware, software, spending).")
    }
}
