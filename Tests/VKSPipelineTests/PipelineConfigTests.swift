import Foundation
import Testing
import VKSReaders

@testable import VKSPipeline

struct PipelineConfigTests {
    func write(_ yaml: String) throws -> String {
        let folder = NSTemporaryDirectory() + "vksict-config-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try yaml.write(toFile: folder + "/p.yaml", atomically: true, encoding: .utf8)
        return folder + "/p.yaml"
    }

    @Test func pathsAreRelativeToTheFileAndDefaultsApply() throws {
        let path = try write("inbox: in\nwarehouse: ../w.sqlite\n")
        let config = try PipelineConfig.load(path)
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent()
        #expect(config.inbox == folder.appendingPathComponent("in").path)
        #expect(config.warehouse == folder.deletingLastPathComponent().appendingPathComponent("w.sqlite").path)
        #expect(config.onRowError == .rejectFile)
        #expect(config.deadlineDays == 15)
        #expect(config.limits.maxCellBytes == 4096)
    }

    @Test func fileOverridesAreRead() throws {
        let config = try PipelineConfig.load(
            try write(
                """
                file_overrides:
                  - pattern: "52_*"
                    encoding: tcvn3
                  - pattern: "*_spending.csv"
                    delimiter: semicolon
                    encoding: Windows-1258
                """))
        #expect(
            config.fileOverrides == [
                FileOverride(pattern: "52_*", encoding: .tcvn3),
                FileOverride(
                    pattern: "*_spending.csv", encoding: .windows1258,
                    delimiter: UInt8(ascii: ";")),
            ])
        #expect(
            FileOverride.resolve(config.fileOverrides, for: "52_2026-Q3_SPENDING.csv")
                == CSVOverrides(encoding: .tcvn3, delimiter: UInt8(ascii: ";")))
        #expect(FileOverride.resolve(config.fileOverrides, for: "79_2026-Q3_hardware.csv") == CSVOverrides())
    }

    @Test(arguments: [
        "file_overrides:\n  - pattern: x\n    encoding: KOI8-R\n",
        "file_overrides:\n  - pattern: x\n    delimiter: '|'\n",
        "limits:\n  max_cells: 3\n", "on_row_error: ignore\n",
    ])
    func invalidFilesAreRefused(_ yaml: String) throws {
        #expect(throws: PipelineConfig.ConfigError.self) { try PipelineConfig.load(try write(yaml)) }
    }
}
