import GRDB

extension Database {
    /// Runs `sql` through the connection's statement cache. For the statements run once per file:
    /// parsing one (with GRDB's authorizer) costs more than running it, and `normalize` runs about
    /// fifteen per file (0.4 s of its 5 s over the 544 files of the 1M-row benchmark inbox).
    public func executeCached(_ sql: String, arguments: StatementArguments = StatementArguments()) throws {
        try cachedStatement(sql: sql).execute(arguments: arguments)
    }
}
