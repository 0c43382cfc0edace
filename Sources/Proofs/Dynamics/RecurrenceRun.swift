// Running a recurrence for a fixed number of steps, and comparing the end state or the
// orbit that follows it with stated values.
//
// Implementation notes
// --------------------
// The instance's functions and values (and the claim's `with` values, which win) are bound
// into the update groups; what remains free must be the state, so the run is one
// deterministic floating-point computation (IEEE doubles, the update groups in order, the
// entries of a group assigned together). The run is bounded: at most `maxSteps` steps and
// `maxEvaluations` entry evaluations (steps × entries); hitting either is a
// `LimitExceeded` naming it. A value that is not finite stops the run with the step it
// happened at.
//
// `reaches x = v within tol`: every entry of x after N steps is within tol of v.
// `cycles x in {v1, …, vk} within tol`: the states x_N, …, x_{N+k} are computed; the orbit
// closes (every entry of x_{N+k} within tol of x_N), no proper divisor j of k closes it
// already (else the period is j), and the k values of each named variable match the k stated
// values one to one (each orbit value, in order, takes the nearest unused stated value, which
// must be within tol; for well-separated values this is the optimal matching).
//
// A run of at least `compileThreshold` steps evaluates each update by its compiled program
// over the state (`PointEvaluator`): bit for bit the tree's value wherever the tree has a
// finite one; at a point the program flags (or a non-finite value) the tree is evaluated, so
// the error or value reported is the tree's. The run is the same computation, faster.
import Foundation
import Symbolic

/// One fixed-step run of a recurrence on one instance.
struct RecurrenceRun {
    /// The most steps a run may take.
    static let maxSteps = 1_000_000
    /// The most entry evaluations (steps × state entries) a run may take.
    static let maxEvaluations = 20_000_000
    /// The longest cycle a claim may state.
    static let maxPeriod = 64
    /// Steps from which a run evaluates its updates compiled.
    static let compileThreshold = 16

    let system: RecurrenceSystem
    /// The bound update groups.
    let updates: [[(variable: Symbol, value: Expr)]]
    /// The initial state, one value per entry of `system.state`.
    let initial: [Double]

    /// Binds `binder` into `system`; the initial values come from `initial`.
    init(system: RecurrenceSystem, initial: [DynamicsBinding], binder: InstanceBinder, instanceName: String) throws {
        self.system = system
        let allowed = Set(system.state)
        var ups: [[(Symbol, Expr)]] = []
        for group in system.updates {
            var bound: [(Symbol, Expr)] = []
            for (v, e) in group {
                let b = try binder.bind(e)
                if let free = b.freeSymbols.first(where: { !allowed.contains($0) }) {
                    throw DynamicsError.invalid("'\(free.name)' in the update of \(v.name) has no value"
                        + (instanceName.isEmpty ? "" : " on instance '\(instanceName)'")
                        + (free == system.step ? " (give the step with 'with \(free.name) = …')" : ""))
                }
                bound.append((v, b))
            }
            ups.append(bound)
        }
        updates = ups
        let start = try InstanceBinder.initialState(of: system, initial: initial, bind: binder.bind, allowed: [],
                                                    instanceName: instanceName)
        var values: [Double] = []
        for (i, e) in start.enumerated() {
            let v = try e.evaluate(at: Environment())
            guard v.isFinite else { throw DynamicsError.invalid("the initial value of \(system.state[i].name) is not finite") }
            values.append(v)
        }
        self.initial = values
    }

    /// The states after `n` steps and after each of the `extra` steps that follow (so
    /// `extra + 1` states, the first after `n` steps).
    func run(steps n: Int, extra: Int = 0) throws -> [[Double]] {
        guard n >= 0 else { throw DynamicsError.invalid("the number of steps must be a natural number") }
        guard n + extra <= Self.maxSteps else {
            throw DynamicsError.limit(LimitExceeded(limit: "maxRunSteps", requested: n + extra, maximum: Self.maxSteps))
        }
        let work = (n + extra).multipliedReportingOverflow(by: max(1, system.state.count))
        guard !work.overflow, work.partialValue <= Self.maxEvaluations else {
            throw DynamicsError.limit(LimitExceeded(limit: "maxRunEvaluations", requested: work.overflow ? Int.max : work.partialValue,
                                                    maximum: Self.maxEvaluations))
        }
        if n + extra >= Self.compileThreshold, let compiled = compiledUpdates() {
            return try runCompiled(compiled, steps: n, extra: extra)
        }
        var env = Environment()
        for (s, v) in zip(system.state, initial) { env.values[s] = v }
        func snapshot() -> [Double] { system.state.map { env.values[$0] ?? .nan } }
        var out: [[Double]] = []
        if n == 0 { out.append(snapshot()) }
        var values: [(Symbol, Double)] = []
        for k in 0..<(n + extra) {
            for group in updates {
                values.removeAll(keepingCapacity: true)
                for (v, e) in group {
                    let value: Double
                    do { value = try e.evaluate(at: env) } catch {
                        throw DynamicsError.invalid("step \(k + 1) of the run: \(v.name) cannot be evaluated: \(error)")
                    }
                    guard value.isFinite else { throw DynamicsError.invalid("step \(k + 1) of the run: \(v.name) = \(value) is not finite") }
                    values.append((v, value))
                }
                for (v, value) in values { env.values[v] = value }
            }
            if k + 1 >= n { out.append(snapshot()) }
        }
        return out
    }

    /// `run(steps:extra:)` with every update compiled over the state: the state is one
    /// array in `system.state` order (each update assigns a distinct state entry, so it holds
    /// exactly what the environment of the tree path holds). Where a program flags a point,
    /// the tree is evaluated in that environment for the precise error or value.
    private func runCompiled(_ compiled: [[(slot: Int, program: PointEvaluator)]], steps n: Int, extra: Int) throws -> [[Double]] {
        var state = initial
        var out: [[Double]] = []
        if n == 0 { out.append(state) }
        var values: [Double] = []
        // Indexed loops over the groups and updates (the pairs `zip` would form, without an
        // iterator and its reference counting per update and step).
        let groupCount = min(updates.count, compiled.count)
        for k in 0..<(n + extra) {
            for g in 0..<groupCount {
                let group = updates[g], programs = compiled[g]
                values.removeAll(keepingCapacity: true)
                for j in 0..<min(group.count, programs.count) {
                    let value: Double
                    if let fast = programs[j].program.value(at: state) {
                        value = fast
                    } else {
                        let (v, e) = group[j]
                        var env = Environment()
                        for (s, x) in zip(system.state, state) { env.values[s] = x }
                        do { value = try e.evaluate(at: env) } catch {
                            throw DynamicsError.invalid("step \(k + 1) of the run: \(v.name) cannot be evaluated: \(error)")
                        }
                    }
                    guard value.isFinite else {
                        throw DynamicsError.invalid("step \(k + 1) of the run: \(group[j].0.name) = \(value) is not finite")
                    }
                    values.append(value)
                }
                for j in 0..<min(programs.count, values.count) { state[programs[j].slot] = values[j] }
            }
            if k + 1 >= n { out.append(state) }
        }
        return out
    }

    /// The update expressions compiled over the state with the state entry each assigns, or
    /// `nil` (then the run is evaluated by tree) when the state has a repeated entry, an update
    /// assigns something outside the state, or an update cannot be compiled.
    private func compiledUpdates() -> [[(slot: Int, program: PointEvaluator)]]? {
        var slots: [Symbol: Int] = [:]
        for (i, s) in system.state.enumerated() {
            guard slots[s] == nil else { return nil }
            slots[s] = i
        }
        var out: [[(slot: Int, program: PointEvaluator)]] = []
        for group in updates {
            var programs: [(slot: Int, program: PointEvaluator)] = []
            for (v, e) in group {
                guard let slot = slots[v],
                      let program = try? PointEvaluator(compiling: e, variables: system.state, environment: Environment()) else { return nil }
                programs.append((slot, program))
            }
            out.append(programs)
        }
        return out
    }

    /// The entries' indices in `system.state` of the state variable `name`.
    func indices(of name: Symbol) -> [Int] {
        let entries = system.layout.entries(of: name) ?? [name]
        return entries.compactMap { system.state.firstIndex(of: $0) }
    }
}
