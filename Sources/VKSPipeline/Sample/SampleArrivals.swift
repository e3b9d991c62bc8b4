import Foundation
import VKSModel
import VKSReaders

/// When each sample file "arrived", as the transport that fills a real inbox records it (SPEC §4,
/// `arrivals`): without it every file of a freshly cloned sample would arrive today, so every return
/// would be late and the demo's timeliness (I13T) zero everywhere.
///
/// A province sends its quarter's files on one day, minutes apart. Most provinces send within the
/// two weeks before the deadline, one in twenty late on the deadline day itself (the case a 01:30
/// cron must not call late), and one in eight after it. Drawn from streams of their own, so the
/// sample's files are the same bytes with or without arrival times.
struct SampleArrivals {
    static let fileName = "arrivals.csv"

    let seed: UInt64
    let deadlineDays: Int
    private var lines: [String] = []
    private var filesSoFar: [String: Int] = [:]
    private(set) var late = 0

    init(seed: UInt64, deadlineDays: Int) {
        self.seed = seed
        self.deadlineDays = deadlineDays
    }

    mutating func add(_ relativePath: String, province: String, period: Period) {
        let key = "\(province)_\(period)"
        var random = SplitMix64(seed: seed, label: "arrival:" + key)
        let deadline = period.lastDay.adding(days: deadlineDays)
        let draw = Double.random(in: 0..<1, using: &random)
        let day: CivilDate
        var minutes: Int  // after midnight, Vietnam time
        if draw < 0.125 {
            day = deadline.adding(days: random.int(1...20))
            minutes = random.int(8 * 60...17 * 60)
        } else if draw < 0.175 {
            day = deadline
            minutes = random.int(22 * 60...23 * 60 + 30)
        } else {
            day = deadline.adding(days: -random.int(0...14))
            minutes = random.int(8 * 60...17 * 60)
        }
        // The province's next file comes a few minutes after the one before.
        let order = filesSoFar[key, default: 0]
        filesSoFar[key] = order + 1
        minutes += 3 * order
        if day > deadline { late += 1 }
        func twoDigits(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
        lines.append("\(relativePath),\(day)T\(twoDigits(minutes / 60)):\(twoDigits(minutes % 60)):00+07:00")
    }

    func write(to path: String) throws {
        let file = try AtomicFile(path: path)
        try file.write((["path,arrived_at"] + lines.sorted()).joined(separator: "\n") + "\n")
        try file.commit()
    }
}
