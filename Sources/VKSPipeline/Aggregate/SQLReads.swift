import Crypto
import Foundation

/// Which datasets a definition's SQL reads, from its text: a night that brought only a hardware
/// file need not run the spending figures again.
///
/// Conservative by design: a dataset counts as read when its view, fact table or rollup is named anywhere
/// (a comment too), and SQL naming the ledger, the returns or the findings reads "everything" (nil),
/// since any new file changes those.
enum SQLReads {
    static let everything = ["received_file", "file_return", "current_return", "return_scope", "expected_return",
                             "reporting_quarter", "finding", "indicator_value", "period_"]

    static func datasets(_ sql: String) -> Set<String>? {
        let text = sql.lowercased()
        if everything.contains(where: text.contains) { return nil }
        return Set(Dataset.allCases.map(\.rawValue).filter { dataset in
            ["_in_scope", "_fact", "_rollup"].contains { text.contains(dataset + $0) }
        })
    }
}

/// The SHA-256 of a definition's SQL (with the format its results are kept in): results stored by
/// another version of it are not reused for a night that recomputes some provinces only.
enum SQLDigest {
    static func of(_ sql: String, format: String = "") -> String {
        SHA256.hash(data: Data((format + sql).utf8)).lowercaseHex
    }
}
