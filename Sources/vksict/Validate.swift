import ArgumentParser
import VKSPipeline

extension VKSICT {
    struct Validate: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Kiểm tra các tệp đã nhận, chấp nhận hoặc từ chối từng tệp; các lỗi tìm thấy được lưu lại.",
            discussion: """
                Check received files and accept or reject each; findings are stored.
                """)

        @OptionGroup var paths: PathOptions
        @OptionGroup var scope: ScopeOptions
        @OptionGroup var output: OutputOptions

        @Flag(
            help: """
                Check again the files with errors of the periods and provinces given (after a reference change, \
                the next run does it by itself). Kiểm tra lại các tệp có lỗi; tệp nay đạt được nhận với thời điểm nhận cũ.
                """)
        var recheck = false

        func run() throws {
            try runStages(
                [ValidateStage(recheck: recheck)], command: "validate", paths: paths, scope: scope.scope,
                output: output)
        }
    }
}
