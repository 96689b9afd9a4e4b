import Dispatch
import Foundation

/// Runs two pieces of independent work at the same time, one on the calling thread and one on
/// another core when there is one, and returns both results.
public func sideBySide<A: Sendable, B: Sendable>(_ first: @Sendable () -> A, _ second: @Sendable () -> B) -> (A, B) {
    let results = PairOfResults<A, B>()
    DispatchQueue.concurrentPerform(iterations: 2) { part in
        if part == 0 { results.setFirst(first()) } else { results.setSecond(second()) }
    }
    return results.both
}

/// The two results of `sideBySide`, each written once from its own thread.
private final class PairOfResults<A: Sendable, B: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    // Guarded by `lock` while the work runs, and read after both pieces are done.
    private var first: A?
    private var second: B?

    func setFirst(_ value: A) {
        lock.lock()
        first = value
        lock.unlock()
    }

    func setSecond(_ value: B) {
        lock.lock()
        second = value
        lock.unlock()
    }

    var both: (A, B) {
        lock.lock()
        defer { lock.unlock() }
        return (first!, second!)
    }
}
