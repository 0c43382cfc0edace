// Binding an instance's values and functions into the lines of a recurrence or ODE system.
//
// Implementation notes
// --------------------
// Functions (`L(u) = u^2/2`, whose derivatives `L'(theta)` follow) are substituted first, then
// values, so a function body may mention the instance's constants. A value given to a
// declared vector (`m = [1, 2]`) also gives its entries `m[1]`, `m[2]`, which is how entrywise
// lines see it. `overrides` (the `with` values of a `runs` claim) win over the instance's.
import Symbolic

/// Substitutes one instance's values and functions into expressions.
struct InstanceBinder {
    let values: [Symbol: Expr]
    let functions: [(String, [Symbol], Expr)]
    let limits: Limits

    /// The binder of `instance` (none when `nil`), with `overrides` taking precedence.
    init(instance: Instance?, overrides: [Symbol: Expr] = [:], limits: Limits) {
        var values: [Symbol: Expr] = [:]
        var functions: [(String, [Symbol], Expr)] = []
        for b in instance?.bindings ?? [] {
            switch b {
            case .value(let n, let v, _):
                values[n.value] = v.value
                if case .list(let items) = v.value.kind,
                   !items.contains(where: { if case .list = $0.kind { return true }; return false }) {
                    for (i, item) in items.enumerated() { values[EntrywiseLines.entrySymbol(n.value, i + 1)] = item }
                }
            case .function(let n, let ps, let body, _): functions.append((n.value, ps.map(\.value), body.value))
            case .density, .support: break
            }
        }
        for (k, v) in overrides { values[k] = v }
        self.values = values
        self.functions = functions
        self.limits = limits
    }

    /// `e` with the functions, then the values, substituted (values may appear in function
    /// bodies), in canonical form.
    func bind(_ e: Expr) throws -> Expr {
        var out = e
        for (n, ps, body) in functions { out = try out.substituting(function: n, parameters: ps, body: body, limits: limits) }
        if !values.isEmpty {
            out = try out.substituting(values, limits: limits)
            // A second pass reaches values that a function body or another value brought in.
            out = try out.substituting(values, limits: limits)
        }
        return try out.canonicalized(limits: limits)
    }

    /// The initial state entries of `system` as expressions, from `from x = …` bindings (a
    /// vector state takes a list of its entries or one value for all of them). Each may
    /// mention only the names in `allowed` (the step).
    static func initialState(of system: RecurrenceSystem, initial: [DynamicsBinding], bind: (Expr) throws -> Expr,
                             allowed: Set<Symbol>, instanceName: String) throws -> [Expr] {
        var start: [Expr] = []
        for x in system.state {
            let owner = system.layout.variables.first(where: { $0.entries.contains(x) })
            let name = owner?.name ?? x
            guard let given = initial.first(where: { $0.name.value == name }) else {
                throw DynamicsError.invalid("the initial value of \(name.name) is missing ('from \(name.name) = …')")
            }
            var value = given.value.value
            if let owner, owner.entries != [owner.name], let i = owner.entries.firstIndex(of: x) {
                do {
                    value = try EntrywiseLines.value(value, i + 1, length: owner.entries.count)
                } catch {
                    throw DynamicsError.invalid("the initial value of \(name.name): \(error)")
                }
            }
            let e = try bind(value)
            if let free = e.freeSymbols.first(where: { !allowed.contains($0) }) {
                throw DynamicsError.invalid("'\(free.name)' in the initial value of \(x.name) has no value on instance '\(instanceName)'")
            }
            start.append(e)
        }
        return start
    }
}
