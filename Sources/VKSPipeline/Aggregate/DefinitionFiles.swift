import Foundation

/// The `.sql` files of a definitions folder, in name order, each with its text or why it has none.
enum DefinitionFiles {
    static func read(_ folder: String) throws -> [(file: String, text: Result<String, ConfigurationProblem>)] {
        guard FileManager.default.fileExists(atPath: folder) else { throw PipelineError.inputMissing(folder) }
        return try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasSuffix(".sql") }.sorted().map
        { file in
            guard let data = FileManager.default.contents(atPath: folder + "/" + file) else {
                return (file, .failure(ConfigurationProblem(file: file, key: nil, message: "không đọc được tệp")))
            }
            guard let text = String(validating: data, as: UTF8.self) else {
                return (
                    file,
                    .failure(
                        ConfigurationProblem(
                            file: file, key: nil,
                            message: "tệp không phải UTF-8: lưu lại với bảng mã UTF-8"))
                )
            }
            return (file, .success(text))
        }
    }
}
