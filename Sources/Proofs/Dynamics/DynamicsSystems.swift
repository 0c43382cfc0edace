// A recurrence and an ODE system resolved for one claim: relations substituted, definitions
// unfolded, the update lines composed into one map.
//
// Implementation notes
// --------------------
// The update lines of a recurrence run in order, so the one-step map is built by
// substituting, line by line, the current expressions of the state into the next right
// side: after `G <- λG + (1−λ)g²; θ <- θ − γ g/√(G+ε)` the map's θ-component mentions the
// *new* G. The ODE's time variable is renamed to a reserved-looking local so it can never
// collide with a declared name. The relations of `with` (λ = 1 − βγ) are substituted into
// both systems before definitions are unfolded.
import Symbolic

/// The two systems of a dynamics claim, ready for analysis.
struct DynamicsSystems {
    /// The state variables, in the recurrence's update order (variables the recurrence never
    /// updates follow in declaration order).
    let state: [Symbol]
    /// The recurrence's step.
    let step: Symbol
    /// The ODE's time variable.
    let time: Symbol
    /// The update lines in order, after relations and definitions.
    let updates: [(variable: Symbol, value: Expr)]
    /// The ODE's right side per state variable, after relations and definitions.
    let field: [Symbol: Expr]
    /// The recurrence and ODE names, for messages.
    let recurrenceName: String
    let odeName: String

    /// Resolves the claim's systems in `file`; throws a message when they do not fit together.
    init(claim: DynamicsClaim, file: DerivationFile, context: CheckContext) throws(DynamicsResolutionError) {
        guard let recurrence = file.recurrences.first(where: { $0.name.value == claim.recurrence.value }) else {
            throw DynamicsResolutionError("no recurrence named '\(claim.recurrence.value)'")
        }
        guard let ode = file.odes.first(where: { $0.name.value == claim.ode.value }) else {
            throw DynamicsResolutionError("no ODE system named '\(claim.ode.value)'")
        }
        let recState = recurrence.state.map(\.value), odeState = ode.state.map(\.value)
        guard Set(recState) == Set(odeState), recState.count == odeState.count else {
            throw DynamicsResolutionError("the recurrence's state (\(recState.map(\.name).joined(separator: ", "))) and the ODE's (\(odeState.map(\.name).joined(separator: ", "))) differ")
        }
        var order: [Symbol] = []
        for u in recurrence.updates where !order.contains(u.variable.value) { order.append(u.variable.value) }
        for s in recState where !order.contains(s) { order.append(s) }
        state = order
        step = recurrence.step.value
        time = ode.time.value
        recurrenceName = recurrence.name.value
        odeName = ode.name.value
        var relations: [Symbol: Expr] = [:]
        for r in claim.relations { relations[r.name.value] = r.value.value }
        func prepare(_ e: Expr) throws(DynamicsResolutionError) -> Expr {
            do {
                var out = e
                if !relations.isEmpty { out = try out.substituting(relations, limits: context.options.limits) }
                return try context.unfolding(out)
            } catch {
                throw DynamicsResolutionError("could not prepare \(e): \(error)")
            }
        }
        var ups: [(Symbol, Expr)] = []
        for u in recurrence.updates { ups.append((u.variable.value, try prepare(u.value.value))) }
        updates = ups
        var f: [Symbol: Expr] = [:]
        for eq in ode.equations {
            guard f[eq.variable.value] == nil else {
                throw DynamicsResolutionError("the ODE gives \(eq.variable.value.name)' twice")
            }
            f[eq.variable.value] = try prepare(eq.value.value)
        }
        for s in odeState where f[s] == nil {
            throw DynamicsResolutionError("the ODE has no equation for \(s.name)'")
        }
        field = f
    }

    /// The one-step map x ↦ U(x, h): the update lines composed in order.
    func updateMap(limits: Limits) throws -> [Symbol: Expr] {
        var current: [Symbol: Expr] = [:]
        for s in state { current[s] = .symbol(s) }
        for (v, e) in updates {
            current[v] = try e.substituting(current, limits: limits)
        }
        return current
    }

    /// The sequential (semi-implicit) Euler map: in the recurrence's update order, each
    /// variable advances by h·f evaluated at the state as updated so far.
    func sequentialEulerMap(limits: Limits) throws -> [Symbol: Expr] {
        var current: [Symbol: Expr] = [:]
        for s in state { current[s] = .symbol(s) }
        let h = Expr.symbol(step)
        for s in state {
            guard let f = field[s] else { continue }
            current[s] = .symbol(s) + h * (try f.substituting(current, limits: limits))
        }
        return current
    }
}

/// Why a dynamics claim's systems could not be put together.
struct DynamicsResolutionError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
