// Running a file's independent checks on several threads, with results in a fixed order.
//
// Implementation notes
// --------------------
// The jobs of a file's check (a chain, or one member of a family) are independent: each is a
// function of the file, the options and its own (chain, family member) — numeric streams are
// keyed by chain, member and step, never by the order of work, and the memo tables return
// exactly what computing again would — so they may run in any order on any thread. The
// results come back indexed by job, and the caller assembles them in file order, so the
// output is byte-identical for any number of threads (tests compare one thread with two on
// every derivation and erratum).
//
// The workers are the calling thread and `threads - 1` dedicated threads with an 8 MiB stack
// (the main thread's: deep expressions recurse); each takes the next job from a shared
// counter, so one long job does not hold up the others. A job may decide not to run (it
// returns `nil`) when the caller can already tell its result would be discarded (a family
// member past an exhausted budget). Each worker gets its index, so the caller can give it
// its own memo tables (they are not thread-safe).

import Foundation

/// Runs indexed jobs on several threads (see the file notes).
enum ParallelJobs {
    /// The stack size of the dedicated worker threads.
    static let stackSize = 8 << 20

    /// Runs `job(i, worker)` for every `i` in `0..<count` on `threads` workers (the calling
    /// thread is worker 0) and returns the results by `i`.
    static func run<Result: Sendable>(count: Int, threads: Int,
                                      _ job: @escaping @Sendable (_ index: Int, _ worker: Int) -> Result?) -> [Result?] {
        let workers = max(1, min(threads, count))
        if workers == 1 {
            return (0..<count).map { job($0, 0) }
        }
        let board = Board<Result>(count: count)
        let work: @Sendable (Int) -> Void = { worker in
            while let i = board.next() {
                board.store(job(i, worker), at: i)
            }
        }
        let done = DispatchSemaphore(value: 0)
        for worker in 1..<workers {
            let thread = Thread {
                work(worker)
                done.signal()
            }
            thread.stackSize = stackSize
            thread.start()
        }
        work(0)
        for _ in 1..<workers { done.wait() }
        return board.results()
    }

    /// The shared counter and result slots, behind a lock.
    private final class Board<Result: Sendable>: @unchecked Sendable {
        private let lock = NSLock()
        private var nextIndex = 0
        private let count: Int
        private var slots: [Result?]

        init(count: Int) {
            self.count = count
            slots = Array(repeating: nil, count: count)
        }

        func next() -> Int? {
            lock.lock()
            defer { lock.unlock() }
            guard nextIndex < count else { return nil }
            nextIndex += 1
            return nextIndex - 1
        }

        func store(_ result: Result?, at i: Int) {
            lock.lock()
            slots[i] = result
            lock.unlock()
        }

        func results() -> [Result?] {
            lock.lock()
            defer { lock.unlock() }
            return slots
        }
    }
}
