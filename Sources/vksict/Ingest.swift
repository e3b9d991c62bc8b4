import ArgumentParser
import VKSPipeline

extension VKSICT {
    struct Ingest: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "Nhận mọi tệp mới trong thư mục nhận: tệp có nội dung mới với đường dẫn của nó, lưu nguyên bản vào kho lưu trữ.",
            discussion: """
                Take in every new delivery: a file at an inbox path whose bytes are new for that path.
                """)

        @OptionGroup var paths: PathOptions
        @OptionGroup var output: OutputOptions

        func run() throws {
            try runStages([IngestStage()], command: "ingest", paths: paths, scope: .everything, output: output)
        }
    }
}
