import ArgumentParser
import Foundation
import VKSPipeline

extension VKSICT {
    struct Schema: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "In lược đồ XSD của báo cáo XML, để gửi các tỉnh (schemas/submission-v1.xsd).",
            discussion: """
                Print the XSD of XML submissions, to send to provinces (schemas/submission-v1.xsd).
                Không cần thư mục pipeline: khi không có, dùng bản dựng sẵn trong chương trình.
                """)

        @Option(
            help:
                "Pipeline file whose `schema` key names the XSD (default: pipelines/nightly.yaml if present, else the built-in XSD)."
        )
        var pipeline: String?

        func run() throws {
            try withExitCodes {
                print(try CheckDefaults(pipeline: pipeline).schemaText(), terminator: "")
            }
        }
    }
}
