import Foundation
import Testing

@testable import VKSPipeline

/// The reference data and XSD built into the executable are the repository's, byte for byte: run
/// `scripts/embed-defaults.py` after changing either.
struct EmbeddedDefaultsTests {
    @Test func theBuiltInCopiesAreTheRepositorysFiles() throws {
        let folder = repositoryRoot + "/pipelines/reference"
        let names = try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasSuffix(".csv") }.sorted()
        #expect(EmbeddedDefaults.reference.keys.sorted() == names)
        for name in names {
            let file = try String(contentsOfFile: folder + "/" + name, encoding: .utf8)
            #expect(EmbeddedDefaults.reference[name] == file, "\(name): run scripts/embed-defaults.py")
        }
        let xsd = try String(contentsOfFile: repositoryRoot + "/schemas/submission-v1.xsd", encoding: .utf8)
        #expect(EmbeddedDefaults.submissionSchema == xsd, "run scripts/embed-defaults.py")
        #expect(try ReferenceData.embedded().sha256 == referenceData.sha256)
    }
}
