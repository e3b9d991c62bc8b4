import ArgumentParser
import VKSPipeline

extension VKSICT {
    struct Ingest: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Take in every new delivery: a file at an inbox path whose bytes are new for that path.")

        @OptionGroup var paths: PathOptions
        @OptionGroup var output: OutputOptions

        func run() throws {
            try runStages([IngestStage()], command: "ingest", paths: paths, scope: .everything, output: output)
        }
    }
}
