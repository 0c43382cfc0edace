// Sort checking of recurrences, ODE systems and the claims relating them.
//
// Implementation notes
// --------------------
// State variables and the step/time parameter are local to their block; a state variable
// that is also declared (`nonnegative G`) takes that declaration's domain, which the
// symbolic checks use. A state variable declared `vector theta[n]` (n a fixed integer) is a
// vector state: it stays the declared vector (not a local), and a line about it is checked
// as its first entry (`EntrywiseLines`), so `theta` there is `theta[1]` and every operation
// is entrywise. Blocks are checked after the other statements, so they may use any declared
// name of the file.
import Symbolic

extension SortCheckSession {
    /// Checks every `recurrence` and `ode` block.
    func checkDynamicsBlocks() {
        for r in file.recurrences where !stopped {
            let (locals, vectors) = dynamicsLocals(r.state, parameter: r.step, owner: "recurrence '\(r.name.value)'")
            let stateNames = Set(r.state.map(\.value.name))
            for u in r.updates {
                if !stateNames.contains(u.variable.value.name) {
                    error(.sortMismatch, "'\(u.variable.value.name)' is not a state variable of recurrence '\(r.name.value)'",
                          at: u.variable.range)
                }
                checkLine(u.value, of: u.variable.value.name, locals: locals, vectors: vectors)
            }
        }
        for o in file.odes where !stopped {
            let (locals, vectors) = dynamicsLocals(o.state, parameter: o.time, owner: "ODE '\(o.name.value)'")
            let stateNames = Set(o.state.map(\.value.name))
            var seen: [String: SourceRange] = [:]
            for eq in o.equations {
                let name = eq.variable.value.name
                if !stateNames.contains(name) {
                    error(.sortMismatch, "'\(name)' is not a state variable of ODE '\(o.name.value)'", at: eq.variable.range)
                } else if let first = seen[name] {
                    error(.duplicateDeclaration, "\(name)' is given twice", at: eq.variable.range,
                          notes: [Note("first given here", at: first)])
                }
                seen[name] = seen[name] ?? eq.variable.range
                checkLine(eq.value, of: name, locals: locals, vectors: vectors)
            }
            for s in o.state where seen[s.value.name] == nil {
                error(.sortMismatch, "ODE '\(o.name.value)' has no equation for \(s.value.name)'", at: s.range)
            }
        }
    }

    /// A line about a scalar is a scalar; a line about a vector of length n is checked as its
    /// first entry.
    private func checkLine(_ value: LocatedExpr, of variable: String, locals: [String], vectors: [String: Int]) {
        guard let n = vectors[variable] else {
            scalarOnly(walk(value, locals: locals), at: value.range)
            return
        }
        let (same, others) = declaredVectors(length: n)
        do {
            let first = try EntrywiseLines.entry(value.value, 1, length: n, vectors: same, others: others)
            scalarOnly(walk(Located(first, value.range), locals: locals), at: value.range)
        } catch let problem {
            error(.shapeMismatch, "the line of the vector '\(variable)' is read entry by entry: \(problem)", at: value.range)
        }
    }

    /// The declared vectors of fixed length `n`, and those of other fixed lengths.
    private func declaredVectors(length n: Int) -> (same: Set<String>, others: [String: Int]) {
        var same: Set<String> = [], others: [String: Int] = [:]
        for name in table.names {
            guard let entry = table[name], case .vector(let length) = entry.sort, let m = fixedLength(length) else { continue }
            if m == n { same.insert(name) } else { others[name] = m }
        }
        return (same, others)
    }

    private func fixedLength(_ e: Expr) -> Int? {
        guard let r = try? e.evaluateExactly(at: [:]), let k = r.asInt, k >= 1 else { return nil }
        return k
    }

    private func scalarOnly(_ shape: Shape, at range: SourceRange) {
        if Shape.conflict(shape, .scalar) {
            error(.shapeMismatch, "a line about a scalar state variable is a scalar; this is \(shape.phrase)", at: range)
        }
    }

    /// The block's locals (scalar state, then the parameter) and its vector state variables
    /// with their lengths; reports repeats, reserved names and non-scalar, non-vector state.
    private func dynamicsLocals(_ state: [Located<Symbol>], parameter: Located<Symbol>, owner: String)
        -> (locals: [String], vectors: [String: Int]) {
        var seen: [String: SourceRange] = [:]
        var vectors: [String: Int] = [:]
        for s in state + [parameter] {
            let name = s.value.name
            if let reason = KnownNames.reservation(of: name) {
                error(.reservedName, "\(reason) and cannot be a variable of \(owner)", at: s.range)
            } else if let first = seen[name] {
                error(.duplicateDeclaration, "'\(name)' appears twice in \(owner)", at: s.range,
                      notes: [Note("first written here", at: first)])
            }
            seen[name] = seen[name] ?? s.range
            if let entry = table[name] {
                used.insert(name)
                switch entry.sort {
                case .scalar:
                    break
                case .vector(let length) where s.range != parameter.range:
                    if let n = fixedLength(length), n <= EntrywiseLines.maxLength {
                        vectors[name] = n
                    } else {
                        error(.sortMismatch, "the vector state '\(name)' of \(owner) needs a fixed length of 1 to \(EntrywiseLines.maxLength), not \(length)",
                              at: s.range, notes: [Note("declared here", at: entry.range)])
                    }
                case .vector, .matrix, .function, .density:
                    error(.sortMismatch, "'\(name)' is declared \(entry.keyword); a variable of \(owner) must be a scalar or a vector",
                          at: s.range, notes: [Note("declared here", at: entry.range)])
                }
            }
        }
        let locals = state.map(\.value.name).filter { vectors[$0] == nil } + [parameter.value.name]
        return (locals, vectors)
    }

    /// Checks a `steps`/`converges`/`runs` claim (the parser has resolved the names).
    func checkDynamicsClaim(_ claim: DynamicsClaim) {
        guard let r = file.recurrences.first(where: { $0.name.value == claim.recurrence.value }) else { return }
        let stateNames = Set(r.state.map(\.value.name))
        if case .runs(let steps, let initial, let target, let tolerance) = claim.kind {
            checkRun(claim, recurrence: r, steps: steps, initial: initial, target: target, tolerance: tolerance)
            return
        }
        guard let o = file.odes.first(where: { $0.name.value == claim.ode.value }) else { return }
        let recurrenceLocals = r.state.map(\.value.name) + [r.step.value.name]
        if stateNames != Set(o.state.map(\.value.name)) {
            error(.sortMismatch, "recurrence '\(r.name.value)' and ODE '\(o.name.value)' have different state variables",
                  at: claim.ode.range, notes: [Note("the recurrence's state is declared here", at: r.name.range)])
        }
        checkRelations(claim.relations, locals: recurrenceLocals, step: nil)
        guard case .converges(let order, let initial, let horizon) = claim.kind else { return }
        walk(order, locals: [])
        checkInitial(initial, recurrence: r, locals: [r.step.value.name])
        for c in claim.compared where !stateNames.contains(c.value.name) {
            error(.sortMismatch, "'\(c.value.name)' is not a state variable of '\(r.name.value)'", at: c.range)
        }
        if horizon.name.value != o.time.value {
            error(.sortMismatch, "'until' names the time of '\(o.name.value)', which is '\(o.time.value.name)'",
                  at: horizon.name.range)
        }
        walk(horizon.value, locals: [])
    }

    /// `with NAME = expr`: declared scalars (and, for a run, the recurrence's step).
    private func checkRelations(_ relations: [DynamicsBinding], locals: [String], step: String?) {
        for b in relations {
            let name = b.name.value.name
            if name == step { walk(b.value, locals: []); continue }
            if let entry = table[name] {
                used.insert(name)
                if case .scalar = entry.sort {} else {
                    error(.sortMismatch, "'with' relates scalars; '\(name)' is \(sortPhrase(entry.sort))", at: b.name.range)
                }
            } else {
                error(.undeclaredName, "'\(name)' in 'with' is not a declared name", at: b.name.range,
                      notes: suggestion(for: name, among: table.names + (step.map { [$0] } ?? [])))
            }
            walk(b.value, locals: locals)
        }
    }

    /// `from x = …`: every state variable once, a scalar value (or a list of n values, or one
    /// value for every entry, for a vector state).
    private func checkInitial(_ initial: [DynamicsBinding], recurrence r: Recurrence, locals: [String]) {
        let stateNames = Set(r.state.map(\.value.name))
        var given: Set<String> = []
        for b in initial {
            let name = b.name.value.name
            if !stateNames.contains(name) {
                error(.sortMismatch, "'\(name)' is not a state variable of '\(r.name.value)'", at: b.name.range)
            }
            given.insert(name)
            checkStateValue(b.value, of: name, locals: locals)
        }
        for s in r.state where !given.contains(s.value.name) {
            error(.sortMismatch, "the initial value of '\(s.value.name)' is missing in 'from'", at: r.name.range)
        }
    }

    /// A value of a state variable: a scalar, or for a vector state of length n a list of n
    /// scalars (or one scalar for every entry).
    private func checkStateValue(_ value: LocatedExpr, of name: String, locals: [String]) {
        let shape = walk(value, locals: locals)
        guard let entry = table[name], case .vector(let length) = entry.sort, let n = fixedLength(length) else {
            if Shape.conflict(shape, .scalar) {
                error(.shapeMismatch, "the value of the scalar '\(name)' is \(shape.phrase)", at: value.range)
            }
            return
        }
        if case .list(let items) = value.value.kind, items.count != n {
            error(.shapeMismatch, "'\(name)' has \(n) entries; this list has \(items.count)", at: value.range)
        }
    }

    /// `REC runs N steps [with …] from … (reaches … | cycles …) within tol`.
    private func checkRun(_ claim: DynamicsClaim, recurrence r: Recurrence, steps: LocatedExpr, initial: [DynamicsBinding],
                          target: RunTarget, tolerance: LocatedExpr) {
        let stateNames = Set(r.state.map(\.value.name))
        walk(steps, locals: [])
        walk(tolerance, locals: [])
        let stepLocal = [r.step.value.name]
        checkRelations(claim.relations, locals: stepLocal, step: r.step.value.name)
        checkInitial(initial, recurrence: r, locals: stepLocal)
        switch target {
        case .reaches(let bindings):
            var seen: Set<String> = []
            for b in bindings {
                let name = b.name.value.name
                if !stateNames.contains(name) {
                    error(.sortMismatch, "'\(name)' is not a state variable of '\(r.name.value)'", at: b.name.range)
                } else if !seen.insert(name).inserted {
                    error(.duplicateDeclaration, "'\(name)' is given twice in 'reaches'", at: b.name.range)
                }
                checkStateValue(b.value, of: name, locals: stepLocal)
            }
        case .cycles(let cycles):
            let period = cycles.first?.values.count ?? 0
            for c in cycles {
                let name = c.name.value.name
                if !stateNames.contains(name) {
                    error(.sortMismatch, "'\(name)' is not a state variable of '\(r.name.value)'", at: c.name.range)
                }
                if c.values.count != period {
                    error(.shapeMismatch, "every variable of a cycle lists one value per step of the period: '\(name)' has \(c.values.count), '\(cycles[0].name.value.name)' \(period)",
                          at: c.name.range)
                }
                for v in c.values { checkStateValue(v, of: name, locals: stepLocal) }
            }
        }
    }
}
