import Testing

@testable import VKSPipeline

struct DateParserTests {
    @Test(arguments: [
        ("05/10/2026", "2026-10-05"), ("5/1/2026", "2026-01-05"), ("2026-10-05", "2026-10-05"),
        ("29/02/2024", "2024-02-29"), (" 31-12-2025 ", "2025-12-31"),
    ])
    func dates(_ text: String, _ iso: String) {
        #expect(DateParser.date(text)?.description == iso)
    }

    @Test(arguments: ["29/02/2026", "2026/10/05", "10/2026", "32/01/2026", "05/13/2026", "hôm nay", ""])
    func notDates(_ text: String) {
        #expect(DateParser.date(text) == nil)
    }
}
