import Foundation
import Testing

/// Every case of csv-spectrum through `vksict inspect FILE --json` (SPEC §12).
struct CSVSpectrumTests {
    static let folder = repositoryRoot + "/Tests/EndToEndTests/Fixtures/csv-spectrum"
    static let names =
        (try? FileManager.default.contentsOfDirectory(atPath: folder + "/csvs"))?
        .filter { $0.hasSuffix(".csv") }.map { String($0.dropLast(4)) }.sorted() ?? []

    @Test func theWholeSuiteIsHere() {
        #expect(Self.names.count == 12)
    }

    @Test(arguments: names)
    func inspectReadsTheCase(_ name: String) throws {
        let workdir = try Workdir()
        let outcome = try workdir.run(["inspect", Self.folder + "/csvs/" + name + ".csv", "--json"])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(outcome.stdout.utf8)) as? [String: Any])
        let header = try #require(object["header"] as? [String])
        let records = try #require(object["records"] as? [[String]])
        #expect(object["dataset"] is NSNull)
        #expect(object["encoding"] as? String == "UTF-8")
        #expect(object["delimiter"] as? String == ",")

        let expectedData = try Data(contentsOf: URL(fileURLWithPath: Self.folder + "/json/" + name + ".json"))
        let expected = try #require(try JSONSerialization.jsonObject(with: expectedData) as? [[String: String]])
        let actual = records.map { record in
            Dictionary(uniqueKeysWithValues: zip(header, record).map { ($0, $1) })
        }
        #expect(actual == expected)
    }
}
