import Foundation
import GRDB
import VKSModel
import VKSReaders

/// Writes the HTML report of a period atomically (a browser never opens half a report).
public enum ReportWriter {
    @discardableResult
    public static func write(
        period: ReportingPeriod, to path: String, reference: ReferenceData, indicators: [IndicatorDefinition],
        _ db: Database
    ) throws -> String {
        let html = HTMLReport(
            data: try ReportData.load(period: period, reference: reference, definitions: indicators, db),
            definitions: indicators
        ).render()
        let folder = (path as NSString).deletingLastPathComponent
        if !folder.isEmpty {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        }
        let file = try AtomicFile(path: path)
        let hashing = HashingSink(destination: file)
        try hashing.write(html)
        try file.commit()
        return hashing.hexDigest
    }
}
