import Foundation
import VKSModel
import VKSPipeline

/// What `check`, `inspect` and `schema` read files against (SPEC §10): the pipeline folder's
/// reference data, XSD and limits when there is one (the `--pipeline` given, or
/// `pipelines/nightly.yaml` in the working folder), else those built into the executable, so that
/// a province runs the one file from any folder.
struct CheckDefaults {
    static let defaultPipeline = "pipelines/nightly.yaml"

    /// The pipeline file in force; nil when none was given and there is none where it is looked for.
    let config: PipelineConfig?

    /// A pipeline file given on the command line must be there; the default one may be missing.
    init(pipeline given: String?) throws {
        let path = given ?? Self.defaultPipeline
        if given == nil && !FileManager.default.fileExists(atPath: path) {
            config = nil
        } else {
            config = try PipelineConfig.load(path)
        }
    }

    func reference() throws -> ReferenceData {
        if let config { return try ReferenceData.load(from: config.reference) }
        return try ReferenceData.embedded()
    }

    func checkOptions(today: CivilDate) throws -> CheckOptions {
        if let config { return try config.checkOptions(today: today) }
        return CheckOptions(limits: Limits(), today: today, schema: SubmissionSchema.builtIn())
    }

    /// The XSD's text.
    func schemaText() throws -> String {
        guard let config else { return SubmissionSchema.builtInText }
        guard let data = FileManager.default.contents(atPath: config.schema) else {
            throw PipelineError.inputMissing(config.schema)
        }
        return String(decoding: data, as: UTF8.self)
    }
}
