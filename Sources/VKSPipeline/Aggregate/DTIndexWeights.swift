import GRDB

/// The components of I14 dt_index, copied from the pipeline file for its SQL to read.
enum DTIndexWeights {
    /// The weights as text, part of a composite's digest: changed weights recompute it in every open period.
    static func digestText(_ index: DTIndexConfig) -> String {
        index.components.map { "\($0.indicator)=\($0.weight)\($0.lowerIsBetter ? "-" : "+")" }.joined(separator: ";")
            + "\n"
    }

    static func store(_ index: DTIndexConfig, _ db: Database) throws {
        try db.execute(sql: "DELETE FROM dt_index_weight")
        for component in index.components {
            try db.execute(
                sql: "INSERT INTO dt_index_weight (component, weight, direction) VALUES (?, ?, ?)",
                arguments: [
                    component.indicator, component.weight,
                    component.lowerIsBetter ? "lower_is_better" : "higher_is_better",
                ])
        }
    }
}
