import Foundation
import Testing

@testable import VKSReaders

/// Hostile files: each ends as one problem, at once, without touching the network or the disk.
struct HostileXMLTests {
    @Test func externalEntityToALocalFileIsRefusedAtTheDoctype() throws {
        let text = """
            <?xml version="1.0"?>
            <!DOCTYPE submission [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
            <submission xmlns="urn:vksnd:cuc2:ict:1" province="79" period="2026-Q3" submittedAt="2026-10-05T08:00:00Z">
              <staffing><row><unit_code>&xxe;</unit_code></row></staffing>
            </submission>
            """
        let read = try events(text)
        #expect(problems(read) == ["doctype@2"])
        #expect(!read.contains { if case .row = $0 { return true } else { return false } })
    }

    @Test func externalDTDOnLoopbackIsNeverFetched() throws {
        let text = """
            <?xml version="1.0"?>
            <!DOCTYPE submission SYSTEM "http://127.0.0.1:9/evil.dtd">
            <submission xmlns="urn:vksnd:cuc2:ict:1" province="79" period="2026-Q3" submittedAt="2026-10-05T08:00:00Z"/>
            """
        #expect(problems(try events(text)) == ["doctype@2"])
    }

    @Test func billionLaughsEndsAtOnce() throws {
        var text = "<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [\n<!ENTITY lol \"lol\">\n"
        for level in 1...9 {
            text +=
                "<!ENTITY lol\(level) \"" + String(repeating: "&lol\(level == 1 ? "" : String(level - 1));", count: 10)
                + "\">\n"
        }
        text += "]>\n<submission>&lol9;</submission>\n"
        let started = Date()
        #expect(problems(try events(text)) == ["doctype@2"])
        #expect(Date().timeIntervalSince(started) < 5)
    }

    @Test func undeclaredEntityIsMalformedNotExpanded() throws {
        let text = validSubmission.replacingOccurrences(
            of: "<unit_code>79</unit_code><total_staff>100",
            with: "<unit_code>&xxe;</unit_code><total_staff>100")
        #expect(problems(try events(text)).first?.hasPrefix("malformed") == true)
    }

    @Test func deepNestingStopsAtTheDepthLimit() throws {
        let text =
            "<?xml version=\"1.0\"?>\n<submission>" + String(repeating: "<a>", count: 10_000)
            + String(repeating: "</a>", count: 10_000) + "</submission>"
        let read = try events(text, schema: false, chunkSize: 1 << 16)
        #expect(problems(read) == ["tooDeep@2"])
    }
}
