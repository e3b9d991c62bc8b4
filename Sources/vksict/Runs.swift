import ArgumentParser
import GRDB
import VKSPipeline
import VKSWarehouse

extension VKSICT {
    struct Runs: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "Các lần chạy gần đây theo nhật ký: thời điểm, các bước, số tệp, số dòng, số bị từ chối, kết quả.",
            discussion: """
                List recent runs from the run log: when, which stages, files, rows, rejected, outcome.
                """)

        @OptionGroup var paths: PathOptions

        @Option(help: "How many runs, newest first.")
        var limit = 20

        func run() throws {
            try withExitCodes {
                let config = try paths.config()
                let warehouse = try config.existingWarehouse()
                let runs = try warehouse.read { db in
                    try Row.fetchAll(
                        db,
                        sql: """
                            -- Files and rows of the run, not of every stage: those the first file stage
                            -- handled (ingest, else validate, else normalize).
                            SELECT run_id, MIN(sequence) AS sequence, MIN(started_at) AS started, MAX(ended_at) AS ended,
                                   group_concat(stage, ',') AS stages,
                                   COALESCE(MAX(CASE stage WHEN 'ingest' THEN files END),
                                            MAX(CASE stage WHEN 'validate' THEN files END),
                                            MAX(CASE stage WHEN 'normalize' THEN files END), 0) AS files,
                                   COALESCE(MAX(CASE stage WHEN 'validate' THEN rows END),
                                            MAX(CASE stage WHEN 'normalize' THEN rows END), 0) AS rows,
                                   SUM(rejected) AS rejected,
                                   CASE WHEN SUM(outcome IS NULL OR outcome <> 'ok') > 0 THEN 'failed' ELSE 'ok' END AS outcome,
                                   MAX(CASE WHEN outcome IS NULL THEN stage || ': bị dừng giữa chừng'
                                            WHEN outcome <> 'ok' THEN stage || ': ' || outcome END) AS reason
                            FROM (SELECT rowid AS sequence, * FROM run_log ORDER BY rowid)
                            GROUP BY run_id ORDER BY sequence DESC LIMIT ?
                            """, arguments: [limit])
                }
                print(
                    "run_id                 started               stages                                     files    rows  rejected  outcome"
                )
                for run in runs {
                    let stages: String = run["stages"]
                    let outcome: String = run["outcome"]
                    let rejected: Int = run["rejected"]
                    print(
                        [
                            run["run_id"] as String, run["started"] as String,
                            stages.padding(toLength: 42, withPad: " ", startingAt: 0),
                            String(run["files"] as Int).leftPadded(5), String(run["rows"] as Int).leftPadded(6),
                            String(rejected).leftPadded(9),
                            outcome == "ok" && rejected > 0
                                ? "ok, rejected some input"
                                : outcome + ((run["reason"] as String?).map { " (\($0))" } ?? ""),
                        ].joined(separator: "  "))
                }
                if runs.isEmpty { print("(chưa có lần chạy nào)") }
            }
        }
    }
}

extension String {
    func leftPadded(_ width: Int) -> String { String(repeating: " ", count: max(0, width - count)) + self }
}
