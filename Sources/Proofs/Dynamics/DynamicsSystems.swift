// A recurrence and an ODE system resolved for one claim: relations substituted, definitions
// unfolded, vector states read entry by entry, the update lines composed into one map.
//
// Implementation notes
// --------------------
// The update lines of a recurrence run in order, so the one-step map is built by
// substituting, line by line, the current expressions of the state into the next right
// side: after `G <- λG + (1−λ)g²; θ <- θ − γ g/√(G+ε)` the map's θ-component mentions the
// *new* G. A line about a vector state is a group of entry lines (`EntrywiseLines`) that are
// assigned together from the values before the line. The ODE's time variable is renamed to a
// reserved-looking local so it can never collide with a declared name. The relations of
// `with` (λ = 1 − βγ) are substituted into both systems before definitions are unfolded.
import Symbolic

/// A recurrence resolved for one claim: its entries, its step and its update groups.
struct RecurrenceSystem {
    /// The state's layout (vector variables with their entries).
    let layout: DynamicsStateLayout
    /// The state entries, in the recurrence's update order (variables the recurrence never
    /// updates follow in declaration order).
    let state: [Symbol]
    /// The recurrence's step.
    let step: Symbol
    /// The update lines in order, each a group of entry lines assigned together, after
    /// relations and definitions.
    let updates: [[(variable: Symbol, value: Expr)]]
    /// The recurrence's name, for messages.
    let name: String

    /// Resolves `recurrence` with the relations `relations` substituted.
    init(_ recurrence: Recurrence, relations: [Symbol: Expr], context: CheckContext) throws(DynamicsResolutionError) {
        layout = try DynamicsStateLayout(state: recurrence.state.map(\.value), context: context)
        var order: [Symbol] = []
        for u in recurrence.updates where !order.contains(u.variable.value) { order.append(u.variable.value) }
        for s in recurrence.state.map(\.value) where !order.contains(s) { order.append(s) }
        let stateLayout = layout
        state = order.flatMap { stateLayout.entries(of: $0) ?? [$0] }
        step = recurrence.step.value
        name = recurrence.name.value
        var groups: [[(Symbol, Expr)]] = []
        for u in recurrence.updates {
            var group: [(Symbol, Expr)] = []
            for (v, e) in try layout.lines(for: u.variable.value, u.value.value, context: context) {
                group.append((v, try Self.prepare(e, relations: relations, context: context)))
            }
            groups.append(group)
        }
        updates = groups
    }

    /// Substitutes the relations and unfolds definitions.
    static func prepare(_ e: Expr, relations: [Symbol: Expr], context: CheckContext) throws(DynamicsResolutionError) -> Expr {
        do {
            var out = e
            if !relations.isEmpty { out = try out.substituting(relations, limits: context.options.limits) }
            return try context.unfolding(out)
        } catch {
            throw DynamicsResolutionError("could not prepare \(e): \(error)")
        }
    }

    /// The one-step map x ↦ U(x, h): the update groups composed in order.
    func updateMap(limits: Limits) throws -> [Symbol: Expr] {
        var current: [Symbol: Expr] = [:]
        for s in state { current[s] = .symbol(s) }
        for group in updates {
            var next = current
            for (v, e) in group { next[v] = try e.substituting(current, limits: limits) }
            current = next
        }
        return current
    }
}

/// The two systems of a dynamics claim, ready for analysis.
struct DynamicsSystems {
    /// The recurrence.
    let recurrence: RecurrenceSystem
    /// The ODE's time variable.
    let time: Symbol
    /// The ODE's right side per state entry, after relations and definitions.
    let field: [Symbol: Expr]
    /// The ODE's name, for messages.
    let odeName: String

    /// The state entries, in the recurrence's update order.
    var state: [Symbol] { recurrence.state }
    /// The recurrence's step.
    var step: Symbol { recurrence.step }
    /// The update groups.
    var updates: [[(variable: Symbol, value: Expr)]] { recurrence.updates }
    /// The recurrence's name.
    var recurrenceName: String { recurrence.name }
    /// The state's layout.
    var layout: DynamicsStateLayout { recurrence.layout }

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
        var relations: [Symbol: Expr] = [:]
        for r in claim.relations { relations[r.name.value] = r.value.value }
        let system = try RecurrenceSystem(recurrence, relations: relations, context: context)
        self.recurrence = system
        time = ode.time.value
        odeName = ode.name.value
        var f: [Symbol: Expr] = [:]
        var given: Set<Symbol> = []
        for eq in ode.equations {
            guard given.insert(eq.variable.value).inserted else {
                throw DynamicsResolutionError("the ODE gives \(eq.variable.value.name)' twice")
            }
            for (v, e) in try system.layout.lines(for: eq.variable.value, eq.value.value, context: context) {
                f[v] = try RecurrenceSystem.prepare(e, relations: relations, context: context)
            }
        }
        for s in odeState where !given.contains(s) {
            throw DynamicsResolutionError("the ODE has no equation for \(s.name)'")
        }
        field = f
    }

    /// The one-step map x ↦ U(x, h): the update lines composed in order.
    func updateMap(limits: Limits) throws -> [Symbol: Expr] {
        try recurrence.updateMap(limits: limits)
    }

    /// The sequential (semi-implicit) Euler map: in the recurrence's update order, each
    /// group of entries advances by h·f evaluated at the state as updated before it (entries
    /// the recurrence never updates follow, one by one).
    func sequentialEulerMap(limits: Limits) throws -> [Symbol: Expr] {
        var current: [Symbol: Expr] = [:]
        for s in state { current[s] = .symbol(s) }
        let h = Expr.symbol(step)
        var groups: [[Symbol]] = updates.map { $0.map(\.variable) }
        let updated = Set(groups.joined())
        for s in state where !updated.contains(s) { groups.append([s]) }
        var done: Set<Symbol> = []
        for group in groups {
            var next = current
            for s in group where done.insert(s).inserted {
                guard let f = field[s] else { continue }
                next[s] = .symbol(s) + h * (try f.substituting(current, limits: limits))
            }
            current = next
        }
        return current
    }
}

/// Why a dynamics claim's systems could not be put together.
struct DynamicsResolutionError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
