import Testing
import VKSModel

@testable import VKSPipeline

struct MessagesTests {
    /// A ratio past the W_OUTLIER limit never reads as the limit itself ("gấp 2 lần, vượt ngưỡng 2 lần").
    @Test(arguments: [
        (204.0, 100.0, "gấp 2,04 lần"), (250.0, 100.0, "gấp 2,5 lần"), (200.4, 100.0, "gấp 2,004 lần"),
        (49.0, 100.0, "chỉ bằng 49%"), (49.96, 100.0, "chỉ bằng 49,96%"),
    ])
    func ratiosBeyondTheLimitAreWrittenBeyondIt(_ value: Double, _ previous: Double, _ expected: String) {
        let message = Messages.outlierVersusLastYear(
            "total_staff", value: value, previous: previous,
            lastYear: Period("2025-Q2")!, ratio: value / previous, limit: 2)
        #expect(message.contains(expected + ", vượt ngưỡng 2 lần"), "\(message)")
    }
}
