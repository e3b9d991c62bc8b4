import Foundation
import GRDB
import Testing

/// Before 2025-Q3 the 63 former provinces reported; their figures count under today's province.
struct FormerProvinceTests {
    static func staffing(_ code: String, total: Int, itStaff: Int) -> String {
        "unit_code,total_staff,procurators,it_staff,it_engineers\n\(code),\(total),\(total / 2),\(itStaff),\n"
    }

    @Test func formerProvincesAddUpUnderTodaysProvince() throws {
        let workdir = try Workdir()
        workdir.now = "2025-07-10T03:00:00Z"
        // 74 Bình Dương and 77 Bà Rịa - Vũng Tàu joined 79 TP HCM; 72 (old Tây Ninh) and 80 (Long An)
        // make today's 80 Tây Ninh; 10 (old Lào Cai) and 15 (Yên Bái) make today's 15 Lào Cai.
        let files: [(String, Int, Int)] = [
            ("79", 100, 4), ("74", 50, 1), ("77", 50, 1), ("72", 40, 2), ("80", 60, 3),
            ("10", 30, 1), ("15", 70, 2),
        ]
        for (code, total, it) in files {
            try workdir.deliver("\(code)/\(code)_2025-Q2_staffing.csv", Self.staffing(code, total: total, itStaff: it))
        }
        let outcome = try workdir.vksict("run")
        #expect(outcome.status == 0, "\(outcome.stderr)")
        let rows = try workdir.exportRows("2025-Q2", "indicators.csv.gz")
        #expect(indicator(rows, "79", "I11") == "3")  // 100 × (4 + 1 + 1) / 200
        #expect(indicator(rows, "80", "I11") == "5")  // 100 × (2 + 3) / 100
        #expect(indicator(rows, "15", "I11") == "3")  // 100 × (1 + 2) / 100
        #expect(!rows.contains { ["74", "77", "72", "10"].contains($0[1]) })

        // The status matrix is on today's boundaries.
        let status = try workdir.vksict("status", "--format", "csv", "--period", "2025-Q2")
        #expect(status.stdout.contains("2025-Q2,79,Thành phố Hồ Chí Minh,staffing,accepted,1"))
        #expect(status.stdout.contains("2025-Q2,80,Tỉnh Tây Ninh,staffing,accepted,1"))
    }

    @Test func aFormerProvinceFileIsNotARevisionOfAnother() throws {
        let workdir = try Workdir()
        workdir.now = "2025-07-10T03:00:00Z"
        try workdir.deliver("74_2025-Q2_staffing.csv", Self.staffing("74", total: 50, itStaff: 1))
        try workdir.run(["run", workdir.pipeline])
        // 79 arriving later adds to 74 under today's 79; it does not replace it.
        try workdir.deliver("79_2025-Q2_staffing.csv", Self.staffing("79", total: 150, itStaff: 7))
        try workdir.run(["run", workdir.pipeline])
        #expect(indicator(try workdir.exportRows("2025-Q2", "indicators.csv.gz"), "79", "I11") == "4")  // 800 / 200
    }

    @Test func theCodeReadsAgainstTheListOfItsPeriod() throws {
        let workdir = try Workdir()
        workdir.now = "2025-10-10T03:00:00Z"
        // 72 was Tây Ninh until 30 June 2025; after it there is no province 72.
        try workdir.deliver("72_2025-Q3_staffing.csv", Self.staffing("72", total: 40, itStaff: 2))
        // 80 in 2025-Q3 is today's Tây Ninh, whose units are in the registry.
        try workdir.deliver("80_2025-Q3_staffing.csv", Self.staffing("80", total: 40, itStaff: 2))
        let outcome = try workdir.vksict("run")
        #expect(outcome.status == 65)
        let rejections = try workdir.vksict("rejections")
        #expect(rejections.stdout.contains("72_2025-Q3_staffing.csv: E_FILE_NAME \"72\""))
        #expect(!rejections.stdout.contains("80_2025-Q3"))
    }

    @Test func theRawFormerCodeIsKept() throws {
        let workdir = try Workdir()
        workdir.now = "2025-07-10T03:00:00Z"
        try workdir.deliver("77_2025-Q2_staffing.csv", Self.staffing("77", total: 50, itStaff: 1))
        try workdir.vksict("run")
        let database = try DatabaseQueue(path: workdir.path + "/warehouse.sqlite")
        let fact = try database.read {
            try Row.fetchOne(
                $0,
                sql: """
                    SELECT f.unit_code, f.province_code, r.name_province_code FROM staffing_fact f
                    JOIN received_file r ON r.id = f.file_id
                    """)
        }
        #expect(fact?["unit_code"] as String? == "77")
        #expect(fact?["province_code"] as String? == "79")
        #expect(fact?["name_province_code"] as String? == "77")
    }
}
