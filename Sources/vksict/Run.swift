import ArgumentParser
import VKSPipeline

extension VKSICT {
    struct Run: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Chạy mọi bước theo thứ tự: nhận tệp, kiểm tra, chuẩn hóa, tính chỉ tiêu, xuất số liệu.",
            discussion: """
                Run every stage in order: ingest, validate, normalize, aggregate, export.
                What arrived since the last run goes through; a second run over the same inbox changes nothing.
                Những gì đến sau lần chạy trước được xử lý; chạy lại trên cùng thư mục nhận không thay đổi gì.
                """)

        @Argument(help: "Pipeline file (default pipelines/nightly.yaml).")
        var pipelineFile: String?

        @OptionGroup var paths: PathOptions
        @OptionGroup var scope: ScopeOptions
        @OptionGroup var output: OutputOptions

        func run() throws {
            try runStages(
                [
                    IngestStage(), ValidateAndLoadStage(), NormalizeStage(),
                    AggregateStage(), ExportStage(),
                ], command: "run",
                paths: paths, pipelineFile: pipelineFile, scope: scope.scope, output: output)
        }
    }
}
