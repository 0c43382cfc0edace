// Sort checking of recurrences, ODE systems and the claims relating them.
//
// Implementation notes
// --------------------
// State variables and the step/time parameter are local to their block; a state variable
// that is also declared (`nonnegative G`) takes that declaration's domain, which the
// symbolic checks use. Blocks are checked after the other statements, so they may use any
// declared name of the file.
import Symbolic

extension SortCheckSession {
    /// Checks every `recurrence` and `ode` block.
    func checkDynamicsBlocks() {
        for r in file.recurrences where !stopped {
            let locals = dynamicsLocals(r.state, parameter: r.step, owner: "recurrence '\(r.name.value)'")
            for u in r.updates {
                if !locals.dropLast().contains(u.variable.value.name) {
                    error(.sortMismatch, "'\(u.variable.value.name)' is not a state variable of recurrence '\(r.name.value)'",
                          at: u.variable.range)
                }
                scalarOnly(walk(u.value, locals: locals), at: u.value.range)
            }
        }
        for o in file.odes where !stopped {
            let locals = dynamicsLocals(o.state, parameter: o.time, owner: "ODE '\(o.name.value)'")
            var seen: [String: SourceRange] = [:]
            for eq in o.equations {
                let name = eq.variable.value.name
                if !locals.dropLast().contains(name) {
                    error(.sortMismatch, "'\(name)' is not a state variable of ODE '\(o.name.value)'", at: eq.variable.range)
                } else if let first = seen[name] {
                    error(.duplicateDeclaration, "\(name)' is given twice", at: eq.variable.range,
                          notes: [Note("first given here", at: first)])
                }
                seen[name] = seen[name] ?? eq.variable.range
                scalarOnly(walk(eq.value, locals: locals), at: eq.value.range)
            }
            for s in o.state where seen[s.value.name] == nil {
                error(.sortMismatch, "ODE '\(o.name.value)' has no equation for \(s.value.name)'", at: s.range)
            }
        }
    }

    private func scalarOnly(_ shape: Shape, at range: SourceRange) {
        if Shape.conflict(shape, .scalar) {
            error(.shapeMismatch, "a state variable is a scalar; this is \(shape.phrase)", at: range)
        }
    }

    /// The block's locals (state, then the parameter); reports repeats and reserved names.
    private func dynamicsLocals(_ state: [Located<Symbol>], parameter: Located<Symbol>, owner: String) -> [String] {
        var seen: [String: SourceRange] = [:]
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
                if case .scalar = entry.sort {} else {
                    error(.sortMismatch, "'\(name)' is declared \(entry.keyword); a variable of \(owner) must be a scalar",
                          at: s.range, notes: [Note("declared here", at: entry.range)])
                }
            }
        }
        return state.map(\.value.name) + [parameter.value.name]
    }

    /// Checks a `steps`/`converges` claim (the parser has resolved both names).
    func checkDynamicsClaim(_ claim: DynamicsClaim) {
        guard let r = file.recurrences.first(where: { $0.name.value == claim.recurrence.value }),
              let o = file.odes.first(where: { $0.name.value == claim.ode.value }) else { return }
        let recurrenceLocals = r.state.map(\.value.name) + [r.step.value.name]
        let stateNames = Set(r.state.map(\.value.name))
        if stateNames != Set(o.state.map(\.value.name)) {
            error(.sortMismatch, "recurrence '\(r.name.value)' and ODE '\(o.name.value)' have different state variables",
                  at: claim.ode.range, notes: [Note("the recurrence's state is declared here", at: r.name.range)])
        }
        for b in claim.relations {
            let name = b.name.value.name
            if let entry = table[name] {
                used.insert(name)
                if case .scalar = entry.sort {} else {
                    error(.sortMismatch, "'with' relates scalars; '\(name)' is \(sortPhrase(entry.sort))", at: b.name.range)
                }
            } else {
                error(.undeclaredName, "'\(name)' in 'with' is not a declared name", at: b.name.range,
                      notes: suggestion(for: name, among: table.names))
            }
            walk(b.value, locals: recurrenceLocals)
        }
        guard case .converges(let order, let initial, let horizon) = claim.kind else { return }
        walk(order, locals: [])
        var given: Set<String> = []
        for b in initial {
            let name = b.name.value.name
            if !stateNames.contains(name) {
                error(.sortMismatch, "'\(name)' is not a state variable of '\(r.name.value)'", at: b.name.range)
            }
            given.insert(name)
            walk(b.value, locals: [r.step.value.name])
        }
        for c in claim.compared where !stateNames.contains(c.value.name) {
            error(.sortMismatch, "'\(c.value.name)' is not a state variable of '\(r.name.value)'", at: c.range)
        }
        for s in r.state where !given.contains(s.value.name) {
            error(.sortMismatch, "the initial value of '\(s.value.name)' is missing in 'from'", at: claim.recurrence.range)
        }
        if horizon.name.value != o.time.value {
            error(.sortMismatch, "'until' names the time of '\(o.name.value)', which is '\(o.time.value.name)'",
                  at: horizon.name.range)
        }
        walk(horizon.value, locals: [])
    }
}
