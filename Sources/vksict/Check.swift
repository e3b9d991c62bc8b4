import ArgumentParser
import Foundation
import Synchronization
import VKSModel
import VKSPipeline
import VKSReaders

extension VKSICT {
    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Kiểm tra tệp trước khi gửi: mọi quy tắc không cần kho dữ liệu.",
            discussion: """
                Check files before sending them: every rule that needs no warehouse. Prints every finding \
                (file:line: column: code value — message). Exit 0 without errors, 65 with.
                In từng lỗi (tệp:dòng: cột: mã "giá trị" — nội dung). Chạy được ở bất kỳ thư mục nào. Mã thoát 0 khi \
                không có lỗi, 65 khi có.
                """)

        @Argument(help: "Files to check.")
        var files: [String]

        @Option(
            help:
                "Also write, gzipped, the rows without errors (even in files with errors) and each dataset's main figure per province, quarter, dataset and category (staff, devices, accounts, đồng spent)."
        )
        var totals: String?

        @Option(
            help:
                "Pipeline file for the reference data, XSD and limits (default: pipelines/nightly.yaml if present, else the ones built into vksict)."
        )
        var pipeline: String?

        func run() throws {
            try withExitCodes {
                let defaults = try CheckDefaults(pipeline: pipeline)
                let checker = FileChecker(
                    reference: try defaults.reference(), options: try defaults.checkOptions(today: Clock.system.today))
                // Files are checked two at a time (one per core) and reported in the order given.
                // A report keeps its findings, not their lines, until its turn: a file waiting for
                // the one before it holds one copy of them, not two.
                struct Report: Sendable {
                    var file: String
                    var findings: [Finding] = []
                    var summary: String
                    var errors = 0
                    var missing = false
                    var totals: SubmissionTotals.FileTotals?
                }
                let counts = Mutex((errors: 0, missing: 0, totals: SubmissionTotals()))
                let wantsTotals = totals != nil
                let files = self.files
                try InOrderParallel.forEach(
                    files.count,
                    work: { index in
                        let file = files[index]
                        guard FileManager.default.fileExists(atPath: file) else {
                            return Report(file: file, summary: "\(file): không tìm thấy tệp", missing: true)
                        }
                        var totals = wantsTotals ? SubmissionTotals.forFile(file) : nil
                        let result = try checker.check(deliveredName: file, open: { try FileByteSource(path: file) }) {
                            row in
                            totals?.add(row)
                        }
                        let verdict = result.errorCount == 0 ? "OK" : "\(result.errorCount) lỗi"
                        return Report(
                            file: file, findings: result.findings,
                            summary: "\(file): \(result.rowsTotal) dòng, \(verdict), \(result.warningCount) cảnh báo",
                            errors: result.errorCount, totals: totals)
                    },
                    deliver: { _, report in
                        for line in FindingLines.lines(report.findings.map { .init($0, file: report.file) }) {
                            print(line)
                        }
                        print(report.summary.showingInvisibles)
                        counts.withLock {
                            $0.errors += report.errors
                            if report.missing { $0.missing += 1 }
                            if let totals = report.totals { $0.totals.merge(totals) }
                        }
                    })
                let (errors, missing, sums) = counts.withLock { $0 }
                if let totals {
                    let writer = try CSVExportWriter(path: totals, columns: SubmissionTotals.columns)
                    for row in sums.rows { try writer.append(row) }
                    _ = try writer.commit()
                }
                if missing > 0 { throw ExitStatus.inputMissing }
                if errors > 0 { throw ExitStatus.rejected }
            }
        }
    }
}
