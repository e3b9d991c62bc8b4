import Crypto
import Foundation

/// The SHA-256 of a definition's file (with the format its results are kept in): results stored by
/// another version of it are stale, and are not reused for a night that recomputes some provinces only.
enum SQLDigest {
    static func of(_ sql: String, format: String = "") -> String {
        SHA256.hash(data: Data((format + sql).utf8)).lowercaseHex
    }
}
