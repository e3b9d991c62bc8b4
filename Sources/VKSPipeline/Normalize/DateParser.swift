import VKSModel

/// Reads dates as provinces write them (SPEC §4): `dd/mm/yyyy` (also `d/m/yyyy` and `dd-mm-yyyy`,
/// the Vietnamese order) or ISO `yyyy-mm-dd`. Nil for anything else or an impossible date.
public enum DateParser {
    public static func date(_ text: String) -> CivilDate? {
        let trimmed = String(text.trimmingWhitespace())
        if let iso = CivilDate(iso: trimmed) { return iso }
        let parts = trimmed.split(whereSeparator: { $0 == "/" || $0 == "-" || $0 == "." }).map(String.init)
        guard parts.count == 3, (1...2).contains(parts[0].count), (1...2).contains(parts[1].count),
            parts[2].count == 4, let day = Int(parts[0]), let month = Int(parts[1]), let year = Int(parts[2]),
            (1...12).contains(month), (1...CivilDate.daysIn(month: month, year: year)).contains(day)
        else { return nil }
        return CivilDate(year: year, month: month, day: day)
    }
}
