import Foundation
import VKSModel
import VKSPipeline
import VKSReaders

/// The repository root, from this file's place in it.
let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().path

/// The repository's own reference data, loaded once.
let referenceData: ReferenceData = try! ReferenceData.load(from: repositoryRoot + "/pipelines/reference")

/// Checks a CSV text as if it had been delivered under `name`, on 2026-11-29.
func check(
    _ name: String, _ text: String, today: CivilDate = CivilDate(year: 2026, month: 11, day: 29),
    limits: Limits = Limits()
) throws -> (result: FileCheckResult, rows: [CheckedRow]) {
    let checker = FileChecker(reference: referenceData, options: CheckOptions(limits: limits, today: today))
    var rows: [CheckedRow] = []
    let bytes = Array(text.utf8)
    let result = try checker.check(deliveredName: name, open: { MemoryByteSource(bytes) }, onRow: { rows.append($0) })
    return (result, rows)
}

/// `code@line:column` for each finding, the way tests compare them.
func summary(_ result: FileCheckResult) -> [String] {
    result.findings.map { "\($0.code.rawValue)@\($0.line.map(String.init) ?? "-"):\($0.column ?? "-")" }
}
