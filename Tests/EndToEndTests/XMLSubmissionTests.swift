import Foundation
import Testing

/// XML submissions (SPEC §4, issue 4) through the whole pipeline.
struct XMLSubmissionTests {
    static let submission = """
        <?xml version="1.0" encoding="UTF-8"?>
        <submission xmlns="urn:vksnd:cuc2:ict:1" province="79" period="2026-Q3" submittedAt="2026-10-05T08:00:00+07:00">
          <staffing>
            <row><unit_code>79</unit_code><total_staff>100</total_staff><procurators>40</procurators><it_staff>4</it_staff><it_engineers>2</it_engineers></row>
            <row><unit_code>79-01</unit_code><total_staff>50</total_staff><procurators>20</procurators><it_staff>2</it_staff></row>
          </staffing>
          <spending>
            <row><unit_code>79</unit_code><category>hardware</category><funding_source>central</funding_source><allocated>100</allocated><spent>90.5</spent><amount_unit>trieu_dong</amount_unit><project_code>DA-1</project_code></row>
            <row><unit_code>79</unit_code><category>Đào tạo</category><funding_source>local</funding_source><allocated>20000000</allocated><spent>10000000</spent></row>
          </spending>
        </submission>

        """

    @Test func theSameDataAsCSVAndAsXMLGiveTheSameExports() throws {
        let csv = try Workdir()
        let xml = try Workdir()
        for (workdir, share) in [(csv, "0"), (xml, "1")] {
            let sample = try workdir.run([
                "sample", "--out", "inbox", "--seed", "4", "--periods", "2026-Q3",
                "--error-share", "0", "--messy-share", "0.3", "--xml-share", share,
                "--pipeline", repositoryRoot + "/pipelines/nightly.yaml",
            ])
            #expect(sample.status == 0, "\(sample.stderr)")
            let run = try workdir.vksict("run")
            #expect(run.status == 0, "\(run.stderr)")  // every sample XML file passes the XSD and the rules
        }
        #expect(
            try FileManager.default.contentsOfDirectory(atPath: xml.inbox + "/79").allSatisfy { $0.contains(".xml") })
        for period in ["2026-Q3", "2026"] {
            for name in [
                "indicators", "hardware_by_category", "spending_by_category", "software_adoption", "completeness",
            ] {
                let path = "exports/\(period)/\(name).csv.gz"
                #expect(try csv.bytes(path) == xml.bytes(path), "\(path)")
            }
        }
    }

    @Test func anXMLSubmissionCountsLikeItsCSVFiles() throws {
        let workdir = try Workdir()
        try workdir.deliver("79/79_2026-Q3.xml", Self.submission)
        let outcome = try workdir.vksict("run")
        #expect(outcome.status == 0, "\(outcome.stderr)")
        let rows = try workdir.exportRows("2026-Q3", "indicators.csv.gz")
        #expect(indicator(rows, "79", "I11") == "4")
        #expect(indicator(rows, "79", "I09") == "0.8375")  // (90,5 + 10) triệu / (100 + 20) triệu
        let status = try workdir.vksict("status", "--format", "csv")
        #expect(status.stdout.contains("2026-Q3,79,Thành phố Hồ Chí Minh,staffing,accepted,1"))
        #expect(status.stdout.contains("2026-Q3,79,Thành phố Hồ Chí Minh,spending,accepted,1"))
        #expect(status.stdout.contains("2026-Q3,79,Thành phố Hồ Chí Minh,hardware,missing,"))

        // A later CSV file of one dataset supersedes the XML's staffing only.
        try workdir.deliver(
            "79/79_2026-Q3_staffing.csv",
            "unit_code,total_staff,procurators,it_staff\n79,250,40,4\n79-01,50,20,2\n")
        #expect(try workdir.vksict("run").status == 0)
        let after = try workdir.exportRows("2026-Q3", "indicators.csv.gz")
        #expect(indicator(after, "79", "I11") == "2")
        #expect(indicator(after, "79", "I09") == "0.8375")
    }

    /// The XSD lets a row's columns come in any order (`xs:all`). Files are read first against the
    /// XSD with the columns in their declared order, which libxml2 checks faster; one written in
    /// another order is read again against the XSD itself and is the same submission.
    @Test func aRowsColumnsInAnyOrderAreTheSameSubmission() throws {
        let workdir = try Workdir()
        let shuffled = Self.submission
            .replacingOccurrences(
                of: "<row><unit_code>79</unit_code><total_staff>100</total_staff>",
                with: "<row><total_staff>100</total_staff><unit_code>79</unit_code>"
            )
            .replacingOccurrences(
                of: "<allocated>100</allocated><spent>90.5</spent><amount_unit>trieu_dong</amount_unit>",
                with: "<amount_unit>trieu_dong</amount_unit><spent>90.5</spent><allocated>100</allocated>")
        #expect(shuffled != Self.submission)
        try workdir.deliver("79/79_2026-Q3.xml", shuffled)
        let outcome = try workdir.vksict("run")
        #expect(outcome.status == 0, "\(outcome.stderr)")
        let rows = try workdir.exportRows("2026-Q3", "indicators.csv.gz")
        #expect(indicator(rows, "79", "I11") == "4")
        #expect(indicator(rows, "79", "I09") == "0.8375")
        let rejections = try workdir.vksict("rejections", "--format", "csv")
        #expect(rejections.stdout.split(separator: "\n").count == 1)  // the header only: no finding at all
    }

    struct Broken: Sendable, CustomTestStringConvertible {
        let name: String
        let edit: @Sendable (String) -> String
        let expected: String  // dataset,line,column,code as in `rejections --format csv`
        var testDescription: String { name }
    }

    static let broken: [Broken] = [
        Broken(
            name: "schema: an element the XSD does not know",
            edit: {
                $0.replacingOccurrences(
                    of: "<it_staff>2</it_staff></row>", with: "<it_staff>2</it_staff><ghi_chu>x</ghi_chu></row>")
            },
            expected: "staffing,5,ghi_chu,E_XML_SCHEMA"),
        Broken(
            name: "schema: text where a number goes",
            edit: {
                $0.replacingOccurrences(
                    of: "<total_staff>50</total_staff>", with: "<total_staff>năm mươi</total_staff>")
            },
            expected: "staffing,5,total_staff,E_XML_SCHEMA"),
        Broken(
            name: "schema: a column missing from a row whose columns are in another order",
            edit: {
                $0.replacingOccurrences(
                    of:
                        "<row><unit_code>79-01</unit_code><total_staff>50</total_staff><procurators>20</procurators><it_staff>2</it_staff></row>",
                    with:
                        "<row><procurators>20</procurators><unit_code>79-01</unit_code><total_staff>50</total_staff></row>"
                )
            },
            expected: "staffing,5,row,E_XML_SCHEMA"),
        Broken(
            name: "malformed: a tag that does not close",
            edit: {
                $0.replacingOccurrences(of: "<procurators>20</procurators>", with: "<procurators>20</procurator>")
            },
            expected: "5,,E_XML_MALFORMED"),
        Broken(
            name: "a rule of the CSV checks, on the XML line of the row",
            edit: {
                $0.replacingOccurrences(of: "<procurators>40</procurators>", with: "<procurators>-4</procurators>")
            },
            expected: "staffing,4,procurators,E_RANGE"),
        Broken(
            name: "root period differs from the file name",
            edit: { $0.replacingOccurrences(of: "period=\"2026-Q3\"", with: "period=\"2026-Q2\"") },
            expected: ",2,period,E_PERIOD"),
        Broken(
            name: "root province differs from the file name",
            edit: { $0.replacingOccurrences(of: "province=\"79\"", with: "province=\"01\"") },
            expected: ",2,province,E_PROVINCE_MISMATCH"),
        Broken(
            name: "a DOCTYPE, as every XXE attack needs",
            edit: {
                $0.replacingOccurrences(
                    of: "<submission ",
                    with: "<!DOCTYPE submission [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>\n<submission ")
            },
            expected: "2,,E_XML_MALFORMED"),
    ]

    @Test(arguments: broken)
    func brokenSubmissionsAreRejectedWithWhereAndWhy(_ broken: Broken) throws {
        let workdir = try Workdir()
        try workdir.deliver("79_2026-Q3.xml", broken.edit(Self.submission))
        // Another province's file goes through whatever happens to this one.
        try workdir.deliver("01_2026-Q3_staffing.csv", "unit_code,total_staff,procurators,it_staff\n01,50,20,1\n")
        let outcome = try workdir.vksict("run")
        #expect(outcome.status == 65, "\(outcome.stderr)")
        let rejections = try workdir.vksict("rejections", "--format", "csv")
        let lines = rejections.stdout.split(separator: "\n").dropFirst().map(String.init)
        #expect(lines.contains { $0.contains("79_2026-Q3.xml,") && $0.contains(broken.expected) }, "\(lines)")
        #expect(!lines.contains { $0.contains("01_2026-Q3_staffing.csv") })
        let status = try workdir.vksict("status", "--format", "csv")
        #expect(status.stdout.contains("2026-Q3,01,Thành phố Hà Nội,staffing,accepted,"))
        #expect(!status.stdout.contains("2026-Q3,79,Thành phố Hồ Chí Minh,staffing,accepted"))
    }

    @Test func gzippedXMLInWindows1258AsItsPrologSays() throws {
        let workdir = try Workdir()
        let text = Self.submission.replacingOccurrences(of: "encoding=\"UTF-8\"", with: "encoding=\"windows-1258\"")
        let encoded = Data(try Iconv.encodeForTest(text, to: "CP1258"))
        let gzipped = workdir.path + "/79_2026-Q3.xml"
        try encoded.write(to: URL(fileURLWithPath: gzipped))
        let gzip = Process()
        gzip.executableURL = URL(fileURLWithPath: "/bin/gzip")
        gzip.arguments = ["-n", gzipped]
        try gzip.run()
        gzip.waitUntilExit()
        try FileManager.default.moveItem(atPath: gzipped + ".gz", toPath: workdir.inbox + "/79_2026-Q3.xml.gz")
        let outcome = try workdir.vksict("run")
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(indicator(try workdir.exportRows("2026-Q3", "indicators.csv.gz"), "79", "I10") == "0.099502")
    }

    @Test func schemaCommandPrintsThePublishedXSD() throws {
        let workdir = try Workdir()
        let outcome = try workdir.vksict("schema")
        #expect(outcome.status == 0)
        #expect(outcome.stdout.contains("targetNamespace=\"urn:vksnd:cuc2:ict:1\""))
        #expect(
            outcome.stdout
                == (try String(contentsOfFile: repositoryRoot + "/schemas/submission-v1.xsd", encoding: .utf8)))
    }

    @Test func checkAndInspectWorkOnXML() throws {
        let workdir = try Workdir()
        try workdir.deliver("79_2026-Q3.xml", Self.submission)
        let check = try workdir.vksict("check", workdir.inbox + "/79_2026-Q3.xml")
        #expect(check.status == 0, "\(check.stdout)")
        #expect(check.stdout.contains("4 dòng, OK"))
        let inspect = try workdir.run([
            "inspect", "--json", "--pipeline", workdir.pipeline, workdir.inbox + "/79_2026-Q3.xml",
        ])
        #expect(inspect.stdout.contains("\"rows\":{\"spending\":2,\"staffing\":2}"))
        #expect(inspect.stdout.contains("\"problems\":[]"))
    }

    @Test func libxml2SaysNothingOfItsOwnOnAQuietRun() throws {
        let workdir = try Workdir()
        try workdir.deliver("79_2026-Q3.xml", "<?xml version=\"1.0\"?>\n<submission><staffing></submission>\n")
        let outcome = try workdir.vksict("run", "--quiet")
        #expect(outcome.status == 65)
        #expect(!outcome.stderr.contains("parser error"))
        #expect(!outcome.stderr.contains("Opening and ending tag mismatch"))
    }
}

enum Iconv {
    /// Encodes text with the system's iconv command (the test target links no C library of its own).
    static func encodeForTest(_ text: String, to encoding: String) throws -> [UInt8] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/iconv")
        process.arguments = ["-f", "UTF-8", "-t", encoding]
        let input = Pipe()
        let output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        try process.run()
        input.fileHandleForWriting.write(Data(text.utf8))
        try input.fileHandleForWriting.close()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return [UInt8](data)
    }
}
