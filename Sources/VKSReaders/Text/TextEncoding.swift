/// The encodings provinces' office software writes CSV in (SPEC §4).
public enum TextEncoding: String, Sendable, CaseIterable, Codable {
    case utf8 = "UTF-8"
    case utf8WithBOM = "UTF-8 (BOM)"
    case utf16LittleEndian = "UTF-16LE"
    case utf16BigEndian = "UTF-16BE"
    /// Windows-1258, Windows' Vietnamese code page (tone marks often as combining characters).
    case windows1258 = "CP1258"
    /// TCVN 5712:1993 "VN3", the pre-Unicode Vietnamese standard of .VnTime fonts.
    case tcvn3 = "TCVN3"

    /// The name glibc's iconv knows it by; nil when the bytes are already UTF-8.
    public var iconvName: String? {
        switch self {
        case .utf8, .utf8WithBOM: nil
        case .utf16LittleEndian: "UTF-16LE"
        case .utf16BigEndian: "UTF-16BE"
        case .windows1258: "CP1258"
        case .tcvn3: "TCVN5712-1"
        }
    }

    /// Legacy Vietnamese code pages put tone marks in as separate combining characters: such text is
    /// composed (NFC) before anything compares it.
    public var needsComposition: Bool { self == .windows1258 || self == .tcvn3 }

    /// Reads the names a pipeline file may use: `UTF-8`, `UTF-16LE`, `CP1258`, `Windows-1258`, `TCVN3`…
    public init?(name: String) {
        switch String(name.uppercased().map { $0 == "_" ? "-" : $0 }) {
        case "UTF-8", "UTF8": self = .utf8
        case "UTF-16LE", "UTF-16": self = .utf16LittleEndian
        case "UTF-16BE": self = .utf16BigEndian
        case "CP1258", "WINDOWS-1258": self = .windows1258
        case "TCVN3", "TCVN", "TCVN5712-1", "VN3": self = .tcvn3
        default: return nil
        }
    }
}
