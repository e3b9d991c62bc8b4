import Foundation
import Logging
import VKSPipeline

/// Where the stages' events go: one JSON object per line (`--log-format json`, for the sector's log
/// collection) or plain lines. Events carry their fields as logger metadata.
struct EventLogHandler: LogHandler {
    let format: LogFormat
    var logLevel: Logger.Level
    var metadata: Logger.Metadata = [:]

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(
        level: Logger.Level, message: Logger.Message, metadata explicit: Logger.Metadata?, source: String,
        file: String, function: String, line: UInt
    ) {
        let fields = metadata.merging(explicit ?? [:]) { _, new in new }
        switch format {
        case .json:
            var parts = ["\"event\":\(JSON.string(message.description))", "\"level\":\"\(level)\""]
            for key in fields.keys.sorted() { parts.append("\(JSON.string(key)):\(Self.json(fields[key]!))") }
            standardError("{" + parts.joined(separator: ",") + "}")
        case .text:
            // One line per file is for log collection; the text summary names rejected files itself.
            if message.description == "file" { return }
            let details = fields.keys.sorted().map { "\($0)=\(fields[$0]!)" }.joined(separator: " ")
            standardError("\(level): \(message)" + (details.isEmpty ? "" : " " + details))
        }
    }

    /// Numbers stay numbers, everything else is a string.
    private static func json(_ value: Logger.Metadata.Value) -> String {
        if case .stringConvertible(let convertible) = value {
            if let number = convertible as? Int { return String(number) }
            if let number = convertible as? Int64 { return String(number) }
            if let number = convertible as? Double { return String(format: "%.3f", number) }
        }
        return JSON.string(value.description)
    }
}
