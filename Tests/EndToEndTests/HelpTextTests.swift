import Testing

/// Every command says in Vietnamese what it is for, with the English beside it (issue 18: one
/// language per audience; a Vietnamese official reads `--help` first).
struct HelpTextTests {
    static let commands = [
        [], ["run"], ["ingest"], ["validate"], ["normalize"], ["aggregate"], ["export"], ["status"], ["rejections"],
        ["history"], ["runs"], ["period"], ["period", "close"], ["period", "reopen"], ["inspect"], ["check"],
        ["sample"], ["schema"], ["report"],
    ]

    static let vietnameseLetters = Set("ăâđêôơưạảấầẩậắằặẹẻếềểệịỉọỏốồổộớờởợụủứừửựỳỹỷỵáàãéèẽíìĩóòõúùũý")

    @Test(arguments: commands)
    func saysWhatTheCommandIsForInVietnameseAndEnglish(_ command: [String]) throws {
        let workdir = try Workdir()
        let help = try workdir.run(command + ["--help"]).stdout
        let overview = help.components(separatedBy: "\n\n").first ?? ""
        #expect(overview.hasPrefix("OVERVIEW: "))
        #expect(overview.contains(where: Self.vietnameseLetters.contains), "\(overview)")
        // The English beside it: a sentence of words without Vietnamese letters after the overview.
        let english = help.split(separator: "\n").dropFirst().contains { line in
            !line.contains(where: Self.vietnameseLetters.contains) && line.split(separator: " ").count >= 5
                && !line.hasPrefix(" ") && !line.hasPrefix("USAGE")
        }
        #expect(english, "\(help)")
    }
}
