import Foundation
import Testing

@testable import VKSReaders

let schemaPath = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().appendingPathComponent("schemas/submission-v1.xsd").path

func events(_ text: String, schema: Bool = true, limits: XMLLimits = XMLLimits(), chunkSize: Int = 64) throws
    -> [XMLEvent]
{
    try events(Array(text.utf8), schema: schema, limits: limits, chunkSize: chunkSize)
}

func events(_ bytes: [UInt8], schema: Bool = true, limits: XMLLimits = XMLLimits(), chunkSize: Int = 64) throws
    -> [XMLEvent]
{
    let reader = XMLSubmissionReader(
        source: MemoryByteSource(bytes), schema: schema ? try XMLSchema(path: schemaPath) : nil,
        columns: testColumns, limits: limits, chunkSize: chunkSize)
    var out: [XMLEvent] = []
    while let event = try reader.next() { out.append(event) }
    return out
}

/// The layouts rows come out in (the pipeline passes its datasets' columns; these are shorter, and
/// `staffing` leaves out `procurators`, so a written element outside the layout is seen to be dropped).
let testColumns = [
    "staffing": ["unit_code", "total_staff", "it_staff", "it_engineers"],
    "spending": ["unit_code", "category", "funding_source", "allocated", "spent", "amount_unit", "project_code"],
]

func problems(_ events: [XMLEvent]) -> [String] {
    events.compactMap {
        if case .problem(let problem) = $0 { return "\(problem.kind)@\(problem.line)" }
        return nil
    }
}

let validSubmission = """
    <?xml version="1.0" encoding="UTF-8"?>
    <submission xmlns="urn:vksnd:cuc2:ict:1" province="79" period="2026-Q3" submittedAt="2026-10-05T08:00:00+07:00">
      <staffing>
        <row><unit_code>79</unit_code><total_staff>100</total_staff><procurators>40</procurators><it_staff>4</it_staff><it_engineers>2</it_engineers></row>
        <row>
          <it_staff>2</it_staff><unit_code>79-01</unit_code><total_staff>50</total_staff><procurators>20</procurators>
          <it_engineers/>
        </row>
      </staffing>
      <spending>
        <row><unit_code>79</unit_code><category>An toàn thông tin</category><funding_source>central</funding_source><allocated>100</allocated><spent>90.5</spent><amount_unit>trieu_dong</amount_unit></row>
      </spending>
    </submission>

    """

struct XMLReaderTests {
    @Test func rowsComeOutWithTheirLinesAcrossChunkBoundaries() throws {
        for chunkSize in [7, 64, 1 << 16] {
            let read = try events(validSubmission, chunkSize: chunkSize)
            #expect(problems(read) == [], "chunk \(chunkSize)")
            guard case .submission(let attributes, let line) = read.first else {
                Issue.record("no root")
                return
            }
            #expect(attributes == ["province": "79", "period": "2026-Q3", "submittedAt": "2026-10-05T08:00:00+07:00"])
            #expect(line == 2)
            let rows = read.compactMap { if case .row(let row) = $0 { return row } else { return nil } }
            #expect(rows.map(\.dataset) == ["staffing", "staffing", "spending"])
            #expect(rows.map(\.line) == [4, 5, 11])
            // Cells in the layout's order, whatever order they were written in; an empty element and
            // one never written both read as empty.
            #expect(rows[0].record.strings == ["79", "100", "4", "2"])
            #expect(rows[1].record.strings == ["79-01", "50", "2", ""])
            #expect(rows[2].record.strings == ["79", "An toàn thông tin", "central", "100", "90.5", "trieu_dong", ""])
        }
    }

    @Test func schemaErrorsNameLineAndElementAndReadingGoesOn() throws {
        let text =
            validSubmission
            .replacingOccurrences(of: "<total_staff>50</total_staff>", with: "<total_staff>năm mươi</total_staff>")
            .replacingOccurrences(
                of: "<procurators>40</procurators>", with: "<procurators>40</procurators><ghi_chu>x</ghi_chu>")
        let read = try events(text)
        #expect(problems(read) == ["schema@4", "schema@6"])
        #expect(read.filter { if case .row = $0 { return true } else { return false } }.count == 3)
        if case .problem(let problem) = read.first(where: {
            if case .problem = $0 { return true } else { return false }
        }) {
            #expect(problem.element == "ghi_chu")
        }
    }

    /// The XSD with its all-groups in declared order (what files are read against first) accepts a
    /// submission written in that order, reports one in another order that the XSD accepts, and
    /// gives the same rows either way; an XSD without all-groups has no such variant.
    @Test func declaredOrderVariantAcceptsNoMoreThanTheSchema() throws {
        let inOrder = try #require(XMLSchema.allGroupsInDeclaredOrder(path: schemaPath))
        func read(_ text: String) throws -> [XMLEvent] {
            let reader = XMLSubmissionReader(
                source: MemoryByteSource(Array(text.utf8)), schema: inOrder, columns: testColumns)
            var out: [XMLEvent] = []
            while let event = try reader.next() { out.append(event) }
            return out
        }
        func rows(_ events: [XMLEvent]) -> [XMLRow] {
            events.compactMap { if case .row(let row) = $0 { return row } else { return nil } }
        }
        // The second staffing row lists it_staff first: fine for the XSD, not for the variant.
        #expect(problems(try events(validSubmission)).isEmpty)
        #expect(problems(try read(validSubmission)) == ["schema@6"])
        #expect(rows(try read(validSubmission)) == rows(try events(validSubmission)))
        let declaredOrder = validSubmission.replacingOccurrences(
            of:
                "<it_staff>2</it_staff><unit_code>79-01</unit_code><total_staff>50</total_staff><procurators>20</procurators>",
            with:
                "<unit_code>79-01</unit_code><total_staff>50</total_staff><procurators>20</procurators><it_staff>2</it_staff>"
        )
        #expect(problems(try read(declaredOrder)).isEmpty)
        let wrongNumber = declaredOrder.replacingOccurrences(
            of: "<total_staff>50</total_staff>", with: "<total_staff>x</total_staff>")
        #expect(problems(try read(wrongNumber)) == problems(try events(wrongNumber)))

        let plain = FileManager.default.temporaryDirectory.appendingPathComponent("no-all-\(UUID().uuidString).xsd")
            .path
        try String(contentsOfFile: schemaPath, encoding: .utf8).replacingOccurrences(
            of: "xs:all>", with: "xs:sequence>"
        )
        .write(toFile: plain, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: plain) }
        #expect(XMLSchema.allGroupsInDeclaredOrder(path: plain) == nil)
    }

    @Test func wrongNamespaceOrMissingAttributeIsASchemaError() throws {
        let noNamespace = validSubmission.replacingOccurrences(of: " xmlns=\"urn:vksnd:cuc2:ict:1\"", with: "")
        #expect(problems(try events(noNamespace)).first == "schema@2")
        let noPeriod = validSubmission.replacingOccurrences(of: " period=\"2026-Q3\"", with: "")
        #expect(problems(try events(noPeriod)) == ["schema@2"])
    }

    @Test func malformedXMLStopsWithLineAndColumn() throws {
        let text = validSubmission.replacingOccurrences(
            of: "<procurators>40</procurators>", with: "<procurators>40</procurator>")
        let read = try events(text)
        let found = read.compactMap { if case .problem(let p) = $0 { return p } else { return nil } }
        #expect(found.count == 1)
        #expect(found.first?.kind == .malformed)
        #expect(found.first?.line == 4)
        #expect((found.first?.column ?? 0) > 0)
    }

    @Test func truncatedDocumentIsMalformed() throws {
        let text = String(validSubmission.prefix(300))
        #expect(problems(try events(text)).first?.hasPrefix("malformed") == true)
    }

    @Test func declaredEncodingIsHonoured() throws {
        let text = validSubmission.replacingOccurrences(of: "encoding=\"UTF-8\"", with: "encoding=\"windows-1258\"")
        let bytes = try Iconv.encode(text, to: "CP1258")
        let read = try events(bytes)
        #expect(problems(read) == [])
        let spending = read.compactMap {
            if case .row(let row) = $0, row.dataset == "spending" { return row } else { return nil }
        }
        #expect(spending.first?.record.strings[1].precomposedForTest == "An toàn thông tin")
    }

    @Test func anElementWrittenTwiceKeepsItsLastText() throws {
        let text = validSubmission.replacingOccurrences(
            of: "<it_staff>2</it_staff>", with: "<it_staff>2</it_staff><it_staff>3</it_staff>")
        let rows = try events(text, schema: false).compactMap {
            if case .row(let row) = $0 { return row } else { return nil }
        }
        #expect(rows[1].record.strings == ["79-01", "50", "3", ""])
    }

    @Test func cellOverTheLimitStops() throws {
        let long = String(repeating: "x", count: 5000)
        let text = validSubmission.replacingOccurrences(
            of: "<category>An toàn thông tin</category>",
            with: "<category>\(long)</category>")
        #expect(problems(try events(text)) == ["tooLarge@11"])
    }
}

extension String {
    var precomposedForTest: String { precomposedStringWithCanonicalMapping }
}
