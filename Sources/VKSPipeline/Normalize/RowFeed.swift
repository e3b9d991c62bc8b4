import Dispatch
import Synchronization
import VKSReaders
import VKSWarehouse

/// Reads and checks the accepted files on a second thread while the caller loads the rows of the
/// files before them into SQLite: the two halves of `normalize` each get a core.
///
/// Rows come out exactly as one thread would give them, file by file in order, so the warehouse is
/// the same. At most `capacity` batches wait between the two threads, which bounds the memory.
final class RowFeed: Sendable {
    private enum Item: Sendable {
        case rows([CheckedRow])
        /// The file is done; its check's error, if it failed, is rethrown to the caller.
        case end((any Error)?)
    }

    private let waiting = Mutex<[Item]>([])
    private let filled = DispatchSemaphore(value: 0)
    private let free: DispatchSemaphore
    private let stopped = Atomic<Bool>(false)
    private let producer = DispatchGroup()

    private struct Stopped: Error {}

    /// Starts checking `files` (read from `archive`) in the background.
    init(files: [ReceivedFile], checker: FileChecker, archive: Archive, batchSize: Int = 2048, capacity: Int = 4) {
        free = DispatchSemaphore(value: capacity)
        producer.enter()
        DispatchQueue.global().async { [self] in
            defer { producer.leave() }
            for file in files {
                var batch: [CheckedRow] = []
                var failure: (any Error)?
                do {
                    let path = archive.path(of: file.sha256)
                    _ = try checker.check(deliveredName: file.name, open: { try FileByteSource(path: path) }) { row in
                        batch.append(row)
                        if batch.count == batchSize {
                            try send(.rows(batch))
                            batch.removeAll(keepingCapacity: true)
                        }
                    }
                    if !batch.isEmpty { try send(.rows(batch)) }
                } catch is Stopped {
                    return
                } catch {
                    failure = error
                }
                do { try send(.end(failure)) } catch { return }
            }
        }
    }

    /// Hands every row of the next file to `body`, in order; rethrows the error its check met.
    func rowsOfNextFile(_ body: (CheckedRow) throws -> Void) throws {
        while true {
            filled.wait()
            let item = waiting.withLock { $0.removeFirst() }
            free.signal()
            switch item {
            case .rows(let rows):
                for row in rows { try body(row) }
            case .end(let failure):
                if let failure { throw failure }
                return
            }
        }
    }

    /// Stops the background check (the caller gave up, or is done) and waits for it to end.
    func stop() {
        stopped.store(true, ordering: .sequentiallyConsistent)
        free.signal()   // wakes the producer if it waits for room
        producer.wait()
        // Give back the room of batches never taken: libdispatch traps when a semaphore is
        // released with a lower count than it began with.
        let left = waiting.withLock { $0.count }
        for _ in 0..<left { free.signal() }
    }

    private func send(_ item: Item) throws {
        free.wait()
        guard !stopped.load(ordering: .sequentiallyConsistent) else { throw Stopped() }
        waiting.withLock { $0.append(item) }
        filled.signal()
    }
}
