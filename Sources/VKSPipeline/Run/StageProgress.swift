/// Told how a long stage moves; the command line draws it on a terminal. Stages know nothing more.
public protocol StageProgress: Sendable {
    func advance(stage: String, done: Int, total: Int, rows: Int)
    func finish(stage: String)
}
