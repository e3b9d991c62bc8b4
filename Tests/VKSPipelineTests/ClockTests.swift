import Foundation
import Testing

@testable import VKSPipeline

/// Timestamps are written into the ledger and the run log and read back for lateness (SPEC §2):
/// the formatter-free writer and reader must agree with ISO 8601 as `ISO8601DateFormatter` has it.
struct ClockTests {
    @Test(arguments: [
        (1_791_590_400.0, "2026-10-10T00:00:00Z"),
        (946_684_799.9, "1999-12-31T23:59:59Z"),  // fractions of a second are dropped, not rounded up
        (0.0, "1970-01-01T00:00:00Z"),
    ])
    func formatsUTCToTheSecond(_ seconds: Double, _ text: String) {
        #expect(Clock.format(Date(timeIntervalSince1970: seconds)) == text)
    }

    @Test func readsWhatItWritesAndOtherOffsets() {
        #expect(Clock.parse("2026-10-10T00:00:00Z") == Date(timeIntervalSince1970: 1_791_590_400))
        #expect(Clock.parse("2026-10-10T07:00:00+07:00") == Date(timeIntervalSince1970: 1_791_590_400))
        #expect(Clock.parse("2026-13-10T00:00:00Z") == nil)
        #expect(Clock.parse("2026-02-30T00:00:00Z") == nil)  // not rolled over to 2 March
        #expect(Clock.parse("2026-10-10T23:59:60Z") == nil)
        #expect(Clock.parse("2026-10-10T10:60:00Z") == nil)
        #expect(Clock.parse("hôm nay") == nil)
    }
}
