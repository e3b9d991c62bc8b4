import VKSPipeline

/// Any text through the number and date parsers, money at every unit, and the text normalisers.
func fuzzOne(_ input: UnsafeBufferPointer<UInt8>) {
    let text = String(decoding: input, as: UTF8.self)
    _ = NumberParser.integer(text)
    _ = NumberParser.xmlInteger(text)
    _ = DateParser.date(text)
    for value in [NumberParser.decimal(text), NumberParser.xmlDecimal(text)] {
        for factor: Int64 in [1, 1_000, 1_000_000] { _ = value?.wholeUnits(times: factor) }
    }
    _ = Text.matchKey(text)
    _ = Text.normalized(text)
    _ = Period(text)
}
