import ArgumentParser
import Foundation
import VKSPipeline

extension VKSICT {
    struct Schema: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print the XSD of XML submissions, to send to provinces (schemas/submission-v1.xsd).")

        @Option(help: "Pipeline file whose `schema` key names the XSD.")
        var pipeline = "pipelines/nightly.yaml"

        func run() throws {
            try withExitCodes {
                let config = try PipelineConfig.load(pipeline)
                guard let data = FileManager.default.contents(atPath: config.schema) else {
                    throw PipelineError.inputMissing(config.schema)
                }
                FileHandle.standardOutput.write(data)
            }
        }
    }
}
