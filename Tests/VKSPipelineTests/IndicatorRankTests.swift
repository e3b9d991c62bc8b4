import Testing

@testable import VKSPipeline

/// Ranks and quartiles of `indicators_detail.csv.gz` (SPEC §9): 1 is the best by the definition's
/// `better`, ties share a rank, quartiles over the provinces with a value.
struct IndicatorRankTests {
    @Test func tiesShareARankAndTheNextSkips() {
        let ranks = IndicatorDetail.ranks([("01", 4), ("79", 4), ("48", 2), ("92", 1)], better: .higher)
        #expect(ranks.mapValues(\.rank) == ["01": 1, "79": 1, "48": 3, "92": 4])
    }

    @Test func lowerIsBetterRanksTheSmallestFirst() {
        let ranks = IndicatorDetail.ranks([("01", 0.3), ("79", 0.1), ("48", 0.2)], better: .lower)
        #expect(ranks.mapValues(\.rank) == ["79": 1, "48": 2, "01": 3])
    }

    @Test func noBetterDirectionNoRank() {
        #expect(IndicatorDetail.ranks([("01", 0.3), ("79", 0.1)], better: .none).isEmpty)
    }

    /// 34 provinces: quartiles of 9, 8, 9 and 8, the best first.
    @Test func quartilesSplitThirtyFourProvinces() {
        let values = (1...34).map { (String($0), Double($0)) }
        let ranks = IndicatorDetail.ranks(values, better: .higher)
        let sizes = (1...4).map { quartile in ranks.values.filter { $0.quartile == quartile }.count }
        #expect(sizes == [9, 8, 9, 8])
        #expect(ranks["34"]?.quartile == 1)
        #expect(ranks["1"]?.quartile == 4)
    }
}
