import Synchronization
import Testing
import VKSModel
import VKSReaders

@testable import VKSPipeline

struct SubmissionSchemaTests {
    /// CSV files are checked without ever compiling the XSD; the first XML file compiles it, and a
    /// schema that cannot be compiled fails that file's check loudly instead of passing it unchecked.
    @Test func compiledOnlyWhenAnXMLFileNeedsIt() throws {
        let broken = SubmissionSchema(path: repositoryRoot + "/no-such-schema.xsd")
        let checker = FileChecker(
            reference: referenceData,
            options: CheckOptions(today: CivilDate(year: 2026, month: 11, day: 29), schema: broken))
        let csv = Array("unit_code,total_staff,procurators,it_staff,it_engineers\n79,120,60,5,2\n".utf8)
        let result = try checker.check(deliveredName: "79_2026-Q3_staffing.csv", open: { MemoryByteSource(csv) })
        #expect(result.rowsTotal == 1 && result.errorCount == 0)
        let xml = Array("<?xml version=\"1.0\"?><submission/>".utf8)
        #expect(throws: (any Error).self) {
            try checker.check(deliveredName: "79_2026-Q3.xml", open: { MemoryByteSource(xml) })
        }
        let schema = SubmissionSchema(path: repositoryRoot + "/schemas/submission-v1.xsd")
        #expect(try schema.schema() === schema.schema())  // compiled once
    }
}
