import Dispatch
import Foundation
import Synchronization
import VKSReaders
import VKSWarehouse

/// Reads and checks files on background threads while the caller loads the rows of the files before
/// them into SQLite: the accepted files in `normalize`, every received file in `validate` when it
/// loads (`vksict run`), where each file's check result follows its last row. The reading threads
/// also sum the rows (`FileSums`), which the loading thread stores with the file.
///
/// Each reading thread has a lane of its own and, whenever it is done with a file, claims the next
/// file no lane has claimed (files differ in size by the dataset: a fixed share per lane would give
/// one lane every hardware and spending file). The caller takes each file's rows from the lane that
/// claimed it, in the files' order, so they come out exactly as one thread would give them and the
/// warehouse is the same. With two lanes, the file after the one being loaded is read beside it:
/// reading and checking a row costs more than loading it, so one reading thread could not keep the
/// loading thread busy. At most `capacity` batches wait in a lane, which bounds the memory.
final class RowFeed: Sendable {
    private let lanes: [Lane]
    /// Which lane claimed each file so far, and a signal per claim.
    private let owners = Mutex<[Int]>([])
    private let claimed = DispatchSemaphore(value: 0)
    /// The next file `rowsOfNextFile` hands out (only the caller's thread moves it).
    private let next = Atomic<Int>(0)
    private let stopped = Atomic<Bool>(false)
    private let producers = DispatchGroup()

    /// Checks file `index` of the feed: hands the rows that passed to its second argument and returns
    /// the file's result.
    typealias CheckFile = @Sendable (_ index: Int, _ onRow: (CheckedRow) throws -> Void) throws -> FileCheckResult

    /// Reads the archived copy of each file with `checker`.
    convenience init(
        files: [ReceivedFile], checker: FileChecker, archive: Archive, batchSize: Int = 2048, capacity: Int = 4,
        readers: Int = InOrderParallel.defaultThreads
    ) {
        self.init(count: files.count, batchSize: batchSize, capacity: capacity, readers: readers) { index, onRow in
            let path = archive.path(of: files[index].sha256)
            return try checker.check(
                deliveredName: files[index].name, open: { try FileByteSource(path: path) }, onRow: onRow)
        }
    }

    /// Starts `check`ing files `0..<count` in the background, on `readers` threads.
    init(
        count: Int, batchSize: Int = 2048, capacity: Int = 4, readers: Int = InOrderParallel.defaultThreads,
        check: @escaping CheckFile
    ) {
        lanes = (0..<max(1, min(readers, count))).map { _ in Lane(capacity: capacity) }
        for (laneIndex, lane) in lanes.enumerated() {
            producers.enter()
            // A thread of its own, not a block on a dispatch queue: libdispatch does not promise a
            // second worker while the first waits on a semaphore.
            let thread = Thread { [self] in
                defer { producers.leave() }
                Self.yieldToTheLoadingThread()
                while !stopped.load(ordering: .sequentiallyConsistent), let file = claim(lane: laneIndex, of: count) {
                    guard read(file, with: check, batchSize: batchSize, into: lane) else { return }
                }
            }
            thread.start()
        }
    }

    /// Readers at a lower priority (5 nice steps below the process's, this thread only): with two
    /// lanes and the loading thread on two cores, the loading thread is the one that must not wait.
    private static func yieldToTheLoadingThread() {
        #if os(Linux)
            let which = __priority_which_t(PRIO_PROCESS.rawValue)
            errno = 0
            let current = getpriority(which, 0)  // 0: the calling thread, on Linux
            guard errno == 0 else { return }
            _ = setpriority(which, 0, min(19, current + 5))
        #endif
    }

    /// The next unclaimed file, now `lane`'s; nil when none is left.
    private func claim(lane: Int, of count: Int) -> Int? {
        let file: Int? = owners.withLock { owners in
            guard owners.count < count else { return nil }
            owners.append(lane)
            return owners.count - 1
        }
        if file != nil { claimed.signal() }
        return file
    }

    /// Hands every row of the next file to `body`, in order, and returns the file's check result and
    /// what its rows add up to; rethrows the error its check met.
    @discardableResult
    func rowsOfNextFile(_ body: (CheckedRow) throws -> Void) throws -> (result: FileCheckResult, sums: FileSums) {
        let file = next.add(1, ordering: .relaxed).oldValue
        claimed.wait()  // the file's claim: there is one per file, in the files' order
        let lane = lanes[owners.withLock { $0[file] }]
        while true {
            switch lane.take() {
            case .rows(let rows):
                for row in rows { try body(row) }
                lane.giveBack(rows)
            case .end(let result, let sums):
                return (try result.get(), sums)
            }
        }
    }

    /// Stops the background checks (the caller gave up, or is done) and waits for them to end.
    func stop() {
        stopped.store(true, ordering: .sequentiallyConsistent)
        for lane in lanes { lane.wakeSender() }
        producers.wait()
        for lane in lanes { lane.giveBackRoom() }
    }

    /// Checks one file into `lane`, batch by batch, then its end; false once the feed was stopped.
    /// The rows are summed here, on the reading thread.
    private func read(_ file: Int, with check: CheckFile, batchSize: Int, into lane: Lane) -> Bool {
        var batch: [CheckedRow] = []
        var sums = FileSums()
        let result: Result<FileCheckResult, any Error>
        do {
            let checked = try check(file) { row in
                sums.add(row)
                batch.append(row)
                if batch.count == batchSize {
                    try lane.send(.rows(batch), unless: stopped)
                    batch.removeAll(keepingCapacity: true)
                }
            }
            if !batch.isEmpty { try lane.send(.rows(batch), unless: stopped) }
            result = .success(checked)
        } catch is Lane.Stopped {
            return false
        } catch {
            result = .failure(error)
        }
        do { try lane.send(.end(result, sums), unless: stopped) } catch { return false }
        return true
    }
}

/// One reading thread's hand-over queue to the loading thread: at most `capacity` items wait in it.
private final class Lane: Sendable {
    enum Item: Sendable {
        case rows([CheckedRow])
        /// The file is done: its check's result, or the error it failed with (rethrown to the caller),
        /// and what the rows sent add up to.
        case end(Result<FileCheckResult, any Error>, FileSums)
    }

    struct Stopped: Error {}

    private let waiting = Mutex<[Item]>([])
    private let filled = DispatchSemaphore(value: 0)
    private let free: DispatchSemaphore
    /// Batches the loading thread is done with, freed by the reading thread that made them: freeing
    /// a million rows' arrays on the loading thread (in another thread's heap, too) took a tenth of it.
    private let spent = Mutex<[[CheckedRow]]>([])

    init(capacity: Int) { free = DispatchSemaphore(value: capacity) }

    /// Waits for room, then queues `item`; throws `Stopped` instead once `stopped` is set.
    func send(_ item: Item, unless stopped: borrowing Atomic<Bool>) throws {
        var done: [[CheckedRow]] = []
        spent.withLock { swap(&$0, &done) }
        done.removeAll()  // here, on the reading thread, outside the lock
        free.wait()
        guard !stopped.load(ordering: .sequentiallyConsistent) else { throw Stopped() }
        waiting.withLock { $0.append(item) }
        filled.signal()
    }

    /// Hands a batch that was taken back to the reading thread, to free.
    func giveBack(_ rows: [CheckedRow]) {
        spent.withLock { $0.append(rows) }
    }

    /// Waits for the next item and takes it.
    func take() -> Item {
        filled.wait()
        let item = waiting.withLock { $0.removeFirst() }
        free.signal()
        return item
    }

    /// Wakes a sender waiting for room, so that it sees the feed stopped.
    func wakeSender() { free.signal() }

    /// Gives back the room of items never taken: libdispatch traps when a semaphore is released
    /// with a lower count than it began with.
    func giveBackRoom() {
        let left = waiting.withLock { $0.count }
        for _ in 0..<left { free.signal() }
    }
}
