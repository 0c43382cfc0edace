// Simulating a recurrence at halving steps against an accurate ODE solution on one instance.
//
// Implementation notes
// --------------------
// The instance's functions (`L(u) = u^2/2`, whose derivatives `L'(theta)` follow) and values
// are substituted into the update lines and the ODE's right side, and the initial state and
// horizon are evaluated. What remains free must be the state, the step (in the updates) and
// the time (in the ODE); anything else is reported by name, never sampled, because a
// trajectory at one random parameter would be a different claim. The reference is
// Dormand–Prince to rtol 1e-11; errors at or below 1e-9·(1 + |x(T)|) are dropped as the
// reference's own noise before the order is fitted.
import Foundation
import Symbolic

/// One convergence study: a recurrence against the ODE on one instance.
struct ConvergenceStudy {
    let systems: DynamicsSystems
    /// The update groups with the instance bound (the entries of a group are assigned together).
    let updates: [[(variable: Symbol, value: Expr)]]
    let field: [Symbol: Expr]
    /// The initial state as expressions in the step (usually constants).
    let initial: [Expr]
    /// The indices of the state components whose error is measured.
    let compared: [Int]
    let horizon: Double
    let instanceName: String

    struct Outcome {
        var names: [String]
        var reference: [Double]
        var steps: [Double]
        var errors: [Double]
        var fit: ConvergenceOrder?
        var summary: String {
            let ref = "at T: " + zip(names, reference).map { "\($0) = \(formatDouble($1))" }.joined(separator: ", ")
            let pairs = zip(steps, errors).map { "h = \(formatDouble($0)): error \(formatDouble($1))" }.joined(separator: "; ")
            return ref + "; " + pairs + (fit.map { "; " + $0.summary } ?? "; too few usable errors to fit an order")
        }
    }

    init(systems: DynamicsSystems, instance: Instance, initial: [DynamicsBinding], horizon: DynamicsBinding,
         compared: [Symbol], context: CheckContext) throws {
        self.systems = systems
        instanceName = instance.name.value
        let limits = context.options.limits
        let binder = InstanceBinder(instance: instance, limits: limits)
        func bind(_ e: Expr) throws -> Expr { try binder.bind(e) }
        let allowedUpdate = Set(systems.state + [systems.step])
        let allowedField = Set(systems.state + [systems.time])
        var ups: [[(Symbol, Expr)]] = []
        for group in systems.updates {
            var bound: [(Symbol, Expr)] = []
            for (v, e) in group {
                let b = try bind(e)
                if let free = b.freeSymbols.first(where: { !allowedUpdate.contains($0) }) {
                    throw DynamicsError.invalid("'\(free.name)' in the update of \(v.name) has no value on instance '\(instance.name.value)'")
                }
                bound.append((v, b))
            }
            ups.append(bound)
        }
        updates = ups
        var f: [Symbol: Expr] = [:]
        for (x, e) in systems.field {
            let b = try bind(e)
            if let free = b.freeSymbols.first(where: { !allowedField.contains($0) }) {
                throw DynamicsError.invalid("'\(free.name)' in \(x.name)' has no value on instance '\(instance.name.value)'")
            }
            f[x] = b
        }
        field = f
        self.initial = try InstanceBinder.initialState(of: systems.recurrence, initial: initial, bind: bind,
                                                       allowed: [systems.step], instanceName: instance.name.value)
        let comparedEntries = Set(compared.flatMap { systems.layout.entries(of: $0) ?? [$0] })
        self.compared = compared.isEmpty ? Array(systems.state.indices)
            : systems.state.indices.filter { comparedEntries.contains(systems.state[$0]) }
        let T = try bind(horizon.value.value).evaluate(at: Environment())
        guard T.isFinite, T > 0 else { throw DynamicsError.invalid("the horizon must be a positive number") }
        self.horizon = T
    }

    /// The ODE's right side as a closure over the state vector.
    func rightSide() -> DormandPrince.RightSide {
        let state = systems.state, time = systems.time, field = self.field
        return { t, y in
            var env = Environment()
            for (i, s) in state.enumerated() { env.values[s] = y[i] }
            env.values[time] = t
            return try state.map { s in
                guard let e = field[s] else { throw DynamicsError.invalid("no equation for \(s.name)'") }
                return try e.evaluate(at: env)
            }
        }
    }

    /// The initial state at step `h` (0 for the ODE's).
    func initialState(step h: Double) throws -> [Double] {
        var env = Environment()
        env.values[systems.step] = h
        return try initial.enumerated().map { i, e in
            let v = try e.evaluate(at: env)
            guard v.isFinite else { throw DynamicsError.invalid("the initial value of \(systems.state[i].name) is not finite") }
            return v
        }
    }

    /// Iterates the recurrence `n` times with step `h` from the initial state.
    func iterate(steps n: Int, h: Double) throws -> [Double] {
        var env = Environment()
        env.values[systems.step] = h
        let start = try initialState(step: h)
        for (i, s) in systems.state.enumerated() { env.values[s] = start[i] }
        for k in 0..<n {
            for group in updates {
                var values: [(Symbol, Double)] = []
                for (v, e) in group {
                    let value = try e.evaluate(at: env)
                    guard value.isFinite else { throw DynamicsError.notFinite(time: Double(k) * h, detail: "\(v.name) = \(value)") }
                    values.append((v, value))
                }
                for (v, value) in values { env.values[v] = value }
            }
        }
        return systems.state.map { env.values[$0] ?? .nan }
    }

    /// The most steps the reference solution may take (a smooth problem over a moderate
    /// horizon needs a few hundred at rtol 1e-11; more means a stiff or exploding system).
    static let maxReferenceSteps = 50_000

    /// Runs the recurrence at h = T/(base·2^k) for k < levels and fits the order.
    func run(baseSteps: Int, levels: Int) throws -> Outcome {
        var integrator = DormandPrince()
        integrator.maxSteps = Self.maxReferenceSteps
        let reference = try integrator.integrate(rightSide(), from: 0, try initialState(step: 0), to: horizon).state
        var steps: [Double] = [], errors: [Double] = []
        for k in 0..<levels {
            let n = baseSteps << k
            let h = horizon / Double(n)
            let x = try iterate(steps: n, h: h)
            steps.append(h)
            errors.append(compared.map { abs(x[$0] - reference[$0]) }.max() ?? .nan)
        }
        let scale = 1 + (reference.map { abs($0) }.max() ?? 0)
        return Outcome(names: systems.state.map(\.name), reference: reference, steps: steps, errors: errors,
                       fit: ConvergenceOrder(steps: steps, errors: errors, floor: 1e-9 * scale))
    }
}
