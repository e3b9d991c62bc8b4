/// The composite I14 dt_index (SPEC §8): which indicators, with what weight and direction.
public struct DTIndexConfig: Sendable, Equatable {
    public struct Component: Sendable, Equatable {
        public let indicator: String
        public let weight: Double
        /// I02 (outdated devices): the fewer the better, so its scale is inverted.
        public let lowerIsBetter: Bool
    }

    public let components: [Component]

    /// SPEC §8: I01, I02 (inverted), I04, I05, I06, I07, I11, equally weighted.
    public static let standard = DTIndexConfig(
        components: ["I01", "I02", "I04", "I05", "I06", "I07", "I11"].map {
            Component(indicator: $0, weight: 1, lowerIsBetter: $0 == "I02")
        })

    /// Components that name no indicator definition, each a problem on the pipeline file's key.
    func problems(known: Set<String>, file: String?) -> [ConfigurationProblem] {
        components.filter { !known.contains($0.indicator) }.map {
            ConfigurationProblem(
                file: file ?? "pipeline", key: "dt_index.\($0.indicator)",
                message: "không có chỉ số \($0.indicator) trong pipelines/indicators; "
                    + "các chỉ số có: \(known.sorted().joined(separator: ", "))")
        }
    }
}

/// When a province's figure is implausible against its own history (W_OUTLIER).
public struct OutlierConfig: Sendable, Equatable {
    /// Modified z-score (0.6745 × deviation from the median / MAD) beyond which a figure is flagged.
    public var robustZ = 3.5
    /// A figure more than this many times (or less than one over it) the same quarter last year.
    public var maxChangeVsLastYear = 2.0
    /// How many earlier quarters the median and MAD are taken over.
    public var historyQuarters = 8
    /// Fewer earlier quarters than this: no robust score (too little history to judge).
    public var minHistory = 4

    public init() {}
}
