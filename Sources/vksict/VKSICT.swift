import ArgumentParser
import CMalloc
import CSQLiteConfig
import Glibc

/// `vksict`: the ICT statistics pipeline of the Supreme People's Procuracy.
///
/// Each subcommand lives in its own file as an extension of this type; commands parse and
/// delegate to the pipeline target, which knows nothing of the command line.
@main
struct VKSICT: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "vksict",
        abstract: "Thống kê CNTT ngành Kiểm sát: nhận tệp → kiểm tra → chuẩn hóa → tính chỉ tiêu → xuất số liệu.",
        discussion: """
            ICT statistics pipeline: ingest → validate → normalize → aggregate → export. Exit codes (sysexits): \
            0 done; 64 usage; 65 done but some input rejected; 66 an input missing; 74 I/O error; 75 another run \
            holds the lock; 70 internal error.

            Mã thoát: 0 xong; 64 sai cách gọi lệnh; 65 xong nhưng có tệp bị từ chối; 66 thiếu tệp đầu vào; \
            74 lỗi đọc/ghi; 75 một lần chạy khác đang giữ khóa; 70 lỗi nội bộ.
            """,
        version: "0.1.0",
        subcommands: [
            Run.self, Ingest.self, Validate.self, Normalize.self, Aggregate.self, Export.self,
            Status.self, Rejections.self, History.self, Runs.self, PeriodCommand.self, Inspect.self, Check.self,
            Sample.self,
            Schema.self, Report.self,
        ]
    )

    /// A file-size limit (ulimit -f) must end in a write error we report (exit 74), not in SIGXFSZ
    /// killing the process half-way.
    static func main() {
        signal(SIGXFSZ, SIG_IGN)
        returnLargeBlocksToTheSystem()
        configureSQLiteForOneWriter()
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch {
            exit(withError: error)
        }
    }
}

/// Memory stays flat from 100k to 10M input rows (issue 8) only if a large file's buffers (its key
/// set, its findings), once freed, go back to the system. glibc raises its mmap threshold to the
/// size of each large block freed, so later blocks of that size come from the heap, where they are
/// kept; fixed thresholds keep blocks over 128 KiB in their own mappings and trim the heap above
/// 128 KiB. Measured: `check` over the 10M inbox peaks at 41 MiB instead of 48, with no change in
/// time on the 1M inbox (docs/BENCHMARKS.md).
private func returnLargeBlocksToTheSystem() {
    mallopt(M_MMAP_THRESHOLD, 128 * 1024)
    mallopt(M_TRIM_THRESHOLD, 128 * 1024)
}

/// Loading facts makes SQLite allocate for a million values a night, and with its allocation
/// statistics on, every `malloc` and `free` it makes takes a global mutex (6% of `normalize`'s
/// samples on the 1M-row inbox: docs/BENCHMARKS.md). GRDB already opens its connections without a
/// mutex of their own. The setting fails only once SQLite has started, which nothing does before `main`.
private func configureSQLiteForOneWriter() {
    _ = vksict_sqlite3_no_memstatus()
}
