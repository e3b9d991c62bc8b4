import ArgumentParser
import Foundation
import VKSPipeline
import VKSReaders

extension VKSICT {
    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check files before sending them: every rule that needs no warehouse.",
            discussion: "Prints every finding (file:line: column: code value — message). Exit 0 without errors, 65 with.")

        @Argument(help: "Files to check.")
        var files: [String]

        @OptionGroup var paths: PathOptions

        func run() throws {
            try withExitCodes {
                let config = try paths.config()
                let reference = try ReferenceData.load(from: config.reference)
                let checker = FileChecker(reference: reference,
                                          options: try config.checkOptions(today: Clock.system.today))
                var errors = 0
                var missing = 0
                for file in files {
                    guard FileManager.default.fileExists(atPath: file) else {
                        print("\(file): không tìm thấy tệp")
                        missing += 1
                        continue
                    }
                    let result = try checker.check(deliveredName: file, open: { try FileByteSource(path: file) })
                    for finding in result.findings {
                        print(describe(finding, file: file))
                    }
                    errors += result.errorCount
                    let verdict = result.errorCount == 0 ? "OK" : "\(result.errorCount) lỗi"
                    print("\(file): \(result.rowsTotal) dòng, \(verdict), \(result.warningCount) cảnh báo")
                }
                if missing > 0 { throw ExitStatus.inputMissing }
                if errors > 0 { throw ExitStatus.rejected }
            }
        }
    }
}

/// `file:12: quantity: E_RANGE "-3" — message`
func describe(_ finding: Finding, file: String) -> String {
    var text = file
    if let line = finding.line { text += ":\(line)" }
    text += ":"
    if let column = finding.column { text += " \(column):" }
    text += " \(finding.code.rawValue)"
    if let value = finding.value { text += " \"\(value)\"" }
    return text + " — " + finding.message
}
