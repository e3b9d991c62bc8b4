import ArgumentParser
import VKSPipeline

extension VKSICT {
    struct Normalize: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Nạp các tệp được chấp nhận vào kho dữ liệu, đã chuẩn hóa, mỗi dòng gắn với tệp và dòng gốc.",
            discussion: """
                Load accepted files into the warehouse facts, normalised, each row linked to its file and line.
                """)

        @OptionGroup var paths: PathOptions
        @OptionGroup var scope: ScopeOptions
        @OptionGroup var output: OutputOptions

        func run() throws {
            try runStages([NormalizeStage()], command: "normalize", paths: paths, scope: scope.scope, output: output)
        }
    }
}
