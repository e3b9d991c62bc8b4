import Foundation
import Testing
import VKSModel

@testable import VKSPipeline

struct TextTests {
    @Test func normalisedIsNFCTrimmedSingleSpaced() {
        let nfd = "Ma\u{0301}y  ti\u{0301}nh\t"
        #expect(Text.normalized(nfd) == "Máy tính")
        #expect(Text.normalized("  ") == "")
    }

    @Test(arguments: [
        ("Máy tính để bàn", "MÁY TÍNH ĐỂ BÀN"),
        ("Máy tính để bàn", "  máy   tính để bàn "),
        ("Máy tính để bàn", "Ma\u{0301}y ti\u{0301}nh đê\u{0309} ba\u{0300}n"),  // NFD
        ("Hóa", "Hoá"),  // tone placement
        ("Thủy", "Thuỷ"),
        ("Đồng", "\u{00D0}ồng"),  // Ð typed for Đ
    ])
    func sameKey(_ a: String, _ b: String) {
        #expect(Text.matchKey(a) == Text.matchKey(b))
    }

    @Test(arguments: [("Máy in", "Máy ín"), ("Hỏng", "Hong"), ("ban", "bàn")])
    func differentKey(_ a: String, _ b: String) {
        #expect(Text.matchKey(a) != Text.matchKey(b))
    }
}
