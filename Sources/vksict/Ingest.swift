import ArgumentParser
import VKSPipeline

extension VKSICT {
    struct Ingest: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Archive every new inbox file (by SHA-256) and record it in the ledger.")

        @OptionGroup var paths: PathOptions
        @OptionGroup var output: OutputOptions

        func run() throws {
            try runStages([IngestStage()], command: "ingest", paths: paths, scope: .everything, output: output)
        }
    }
}
