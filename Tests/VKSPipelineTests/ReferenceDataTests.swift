import Testing
import VKSModel

@testable import VKSPipeline

struct ReferenceDataTests {
    @Test func countsOfTheRegistry() {
        #expect(referenceData.provinces.count == 34)
        #expect(referenceData.formerProvinces.count == 63)
        #expect(referenceData.units.filter { $0.level == "regional" }.count == 355)
    }

    @Test(arguments: [
        (CodeListName.deviceCategory, "PC", "desktop", true), (.deviceCategory, "máy tính để bàn", "desktop", false),
        (.deviceCategory, "DESKTOP", "desktop", false), (.deviceCategory, "notebook", "laptop", true),
        (.deviceCategory, "NAS", "storage", true), (.deviceCategory, "máy scan", "scanner", true),
        (.software, "Email", "EMAIL", false), (.software, "Thư điện tử", "EMAIL", true),
        (.software, "Phần mềm quản lý án hình sự", "QLAHS", true), (.software, "Cổng TTĐT", "CONGTTDT", true),
        (.fundingSource, "ngân sách địa phương", "local", true), (.softwareStatus, "Đang sử dụng", "in_use", false),
        (.hosting, "Điện toán đám mây", "cloud", false), (.amountUnit, "triệu đồng", "trieu_dong", false),
        (.spendingCategory, "An toàn thông tin", "security", false), (.amountUnit, "triệu", "trieu_dong", true),
    ])
    /// The official Vietnamese name is as good as the code (SPEC §5): only other spellings are aliases.
    func aliasesResolve(_ list: CodeListName, _ written: String, _ code: String, _ viaAlias: Bool) {
        #expect(referenceData.list(list).match(written) == CodeList.Match(code: code, viaAlias: viaAlias))
    }

    @Test func coreSoftwareIsTheFiveOfTheSpec() {
        let core = referenceData.list(.software).entries.filter { $0.attributes["core"] == "yes" }.map(\.code)
        #expect(Set(core) == ["QLVB", "QLAHS", "TKTP", "EMAIL", "CKS"])
    }

    /// Seven codes name a different province after 1 July 2025: the period decides the reading.
    @Test(
        arguments: [
            ("15", "15", "15"), ("24", "24", "24"), ("44", "44", "44"), ("52", "52", "52"),
            ("80", "80", "80"), ("82", "82", "82"), ("91", "91", "91"),
            ("72", "80", nil), ("74", "79", nil), ("10", "15", nil),
        ] as [(String, String, String?)])
    func periodDecidesTheProvinceList(_ code: String, _ before: String, _ after: String?) {
        #expect(referenceData.currentProvinceCode(for: code, in: Period(year: 2025, quarter: 2)!) == before)
        #expect(referenceData.currentProvinceCode(for: code, in: Period(year: 2025, quarter: 3)!) == after)
        #expect(referenceData.formerProvince("80")?.oldName == "Long An")
        #expect(referenceData.province("80")?.shortName == "Tây Ninh")
    }

    @Test func contentHashIsStable() throws {
        let again = try ReferenceData.load(from: repositoryRoot + "/pipelines/reference")
        #expect(again.sha256 == referenceData.sha256)
        #expect(referenceData.sha256.count == 64)
    }
}
