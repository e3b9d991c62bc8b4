import VKSModel
import VKSWarehouse

/// Whether a file arrived by its quarter's deadline (SPEC §2: 15 days after the quarter ends by default).
struct Lateness {
    let onTime: Bool?
    let finding: Finding?

    init(file: ReceivedFile, deadlineDays: Int) {
        guard let period = file.period,
            let arrived = Clock.parse(file.arrivedAt)
        else {
            onTime = nil
            finding = nil
            return
        }
        let deadline = period.lastDay.adding(days: deadlineDays)
        let arrivalDay = CivilDate.inVietnam(arrived)
        onTime = arrivalDay <= deadline
        finding = onTime! ? nil : Finding(.late, message: Messages.late(deadline: deadline, arrived: arrivalDay))
    }
}
