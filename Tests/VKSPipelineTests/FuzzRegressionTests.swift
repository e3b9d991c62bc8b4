import Foundation
import Testing
import VKSReaders

@testable import VKSPipeline

/// Replays the inputs kept in Tests/FuzzRegressions/ (edge cases, and any crash the fuzzers of
/// scripts/fuzz.sh found, once fixed) through the same calls as the fuzz targets, without sanitizers.
struct FuzzRegressionTests {
    static func inputs(_ target: String) -> [String] {
        let folder = repositoryRoot + "/Tests/FuzzRegressions/" + target
        return ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).sorted().map { folder + "/" + $0 }
    }

    static func bytes(_ path: String) -> [UInt8] { [UInt8](FileManager.default.contents(atPath: path) ?? Data()) }

    @Test func everyTargetHasKeptInputs() {
        for target in ["FuzzCSV", "FuzzNumbers", "FuzzEncoding", "FuzzXML", "FuzzXLSX"] {
            #expect(!Self.inputs(target).isEmpty, "\(target)")
        }
    }

    @Test(arguments: inputs("FuzzCSV"))
    func csv(_ path: String) throws {
        let input = Self.bytes(path)
        _ = DelimiterSniffer.sniff(input[...])
        let reader = CSVReader(
            source: MemoryByteSource(input),
            limits: CSVLimits(
                maxLineBytes: 512, maxCellBytes: 64,
                maxColumns: 16), chunkSize: 7)
        var cellBytes = 0
        while let record = try? reader.next() {
            cellBytes += (0..<record.count).map { record.bytes(at: $0).count }.reduce(0, +)
        }
        #expect(cellBytes <= input.count)  // cells never hold more than the input gave
    }

    @Test(arguments: inputs("FuzzNumbers"))
    func numbers(_ path: String) {
        let text = String(decoding: Self.bytes(path), as: UTF8.self)
        if let integer = NumberParser.integer(text) {
            #expect(NumberParser.decimal(String(integer))?.mantissa == integer)
        }
        for value in [NumberParser.decimal(text), NumberParser.xmlDecimal(text)] {
            for factor: Int64 in [1, 1_000, 1_000_000] { _ = value?.wholeUnits(times: factor) }
        }
        if let date = DateParser.date(text) { #expect((1...12).contains(date.month)) }
        _ = Text.matchKey(text)
    }

    @Test(arguments: inputs("FuzzEncoding"))
    func encoding(_ path: String) throws {
        let input = Self.bytes(path)
        var detector = EncodingDetector()
        if case .decided(let encoding)? = try? detector.detect({ MemoryByteSource(input) }),
            let name = encoding.iconvName,
            let source = try? TranscodingSource(upstream: MemoryByteSource(input), from: name, chunkSize: 5)
        {
            try? source.forEachChunk(chunkSize: 11) { _ in }
        }
    }

    /// A workbook (`PK…`) opened from a file and its first sheet written out; anything else read as a
    /// sheet part. Neither may crash or hang; what it gives is bounded by its input.
    @Test(arguments: inputs("FuzzXLSX"))
    func xlsx(_ path: String) throws {
        let bytes = Self.bytes(path)
        if bytes.starts(with: [0x50, 0x4B]) {
            guard let workbook = try? XLSXWorkbook(path: path, limits: XLSXLimits(maxUncompressedBytes: 1 << 20)),
                let sheet = workbook.sheets.first
            else { return }
            let sink = MemorySink()
            try? workbook.writeCSV(of: sheet, to: sink)
            #expect(sink.bytes.count < 1 << 22)
        } else {
            let csv = (try? XLSXWorkbook.csv(ofSheetXML: bytes, strings: ["Mã đơn vị", "79"])) ?? []
            #expect(csv.count < 1 << 22)
        }
    }

    @Test(arguments: inputs("FuzzXML"))
    func xml(_ path: String) {
        // With the pipeline's columns, so that rows are laid out as they are in `check`.
        let reader = XMLSubmissionReader(
            source: MemoryByteSource(Self.bytes(path)), schema: nil, columns: FileChecker.xmlColumns,
            limits: XMLLimits(maxCellBytes: 64, maxDepth: 8), chunkSize: 13)
        var events = 0
        while let event = try? reader.next() {
            _ = event
            events += 1
        }
        #expect(events < 10_000)
    }
}
