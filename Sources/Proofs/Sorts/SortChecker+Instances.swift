// Checking instances: every binding must fit the declaration of the name it binds.
import Symbolic

extension SortCheckSession {
    func checkInstance(_ instance: Instance) {
        var bound: [String: SourceRange] = [:]
        for binding in instance.bindings where !stopped {
            switch binding {
            case .value(let name, let value, _):
                checkValueBinding(name, value, bound: &bound)
            case .function(let name, let parameters, let body, _):
                checkFunctionBinding(name, parameters, body, bound: &bound)
            case .density(let name, let variables, let conditions, let distribution, _):
                checkDensityBinding(name, variables, conditions, distribution, bound: &bound)
            case .support(let name, let values, _):
                checkSupport(name, values, bound: &bound)
            }
        }
        let unbound = table.entries.filter { entry in
            guard entry.isOpaque, case .density = entry.sort else { return false }
            return bound[entry.name] == nil
        }.map(\.name)
        if !unbound.isEmpty { unboundByInstance.append((instance, unbound)) }
    }

    /// Warns, for each instance, about the densities it leaves unbound that a chain checked on
    /// it uses (directly or through `let`s and defined densities): steps about them get no
    /// numbers from that instance. A density only chains restricted to other instances
    /// (`on "…"`) use needs no binding here.
    func reportUnboundDensities() {
        for (instance, densities) in unboundByInstance {
            let chains = file.chains.filter { $0.instance == nil || $0.instance?.value == instance.name.value }
            var roots: [Expr] = []
            for c in chains {
                roots.append(c.start.value)
                for step in c.steps {
                    roots.append(step.rhs.value)
                    for h in step.hints { roots += h.arguments.map(\.value.value) }
                }
            }
            let reached = namesReached(from: roots)
            let unbound = densities.filter { reached.contains($0) }.map { "'\($0)'" }
            guard !unbound.isEmpty else { continue }
            let list = unbound.count == 1 ? unbound[0]
                : unbound.dropLast().joined(separator: ", ") + " and " + unbound[unbound.count - 1]
            warning(.unboundDensity, "instance '\(instance.name.value)' binds no distribution for \(list)",
                    at: instance.name.range,
                    notes: [Note(unbound.count == 1 ? "it gets only symbolic checks in this instance"
                                                    : "they get only symbolic checks in this instance")])
        }
    }

    /// Every global name the expressions use, following the bodies of `let`s and defined
    /// functions and densities.
    private func namesReached(from roots: [Expr]) -> Set<String> {
        var reached = Set<String>()
        var work = roots
        var visited = IdentitySet()
        while let e = work.popLast() {
            guard visited.insert(e.identity) else { continue }
            var names: [String] = []
            _ = e.containsSubexpression { x in
                switch x.kind {
                case .symbol(let s): names.append(s.name)
                case .call(.opaque(let o), _): names.append(o.name)
                case .number, .constant, .sum, .product, .power, .call, .derivative, .bigOperator, .list, .subscripted, .range: break
                }
                return false
            }
            for n in names where reached.insert(n).inserted {
                if let body = table[n]?.body { work.append(body) }
            }
        }
        return reached
    }

    /// The entry a binding binds, after checking it is bound once, declared and not defined.
    private func boundEntry(_ name: String, at range: SourceRange, bound: inout [String: SourceRange]) -> SymbolTable.Entry? {
        if let first = bound[name] {
            error(.duplicateName, "'\(name)' is bound twice in this instance", at: range,
                  notes: [Note("first bound here", at: first)])
            return nil
        }
        bound[name] = range
        guard case .global(let entry) = resolve(name, at: range, asCall: false, locals: [], defining: nil) else { return nil }
        if entry.body != nil {
            let how = entry.origin == .definition ? "'let'" : "its declaration"
            error(.invalidInstance, "'\(name)' is defined by \(how); an instance cannot bind it", at: range,
                  notes: [Note("defined here", at: entry.range)])
            return nil
        }
        return entry
    }

    private func checkValueBinding(_ name: Located<Symbol>, _ value: LocatedExpr, bound: inout [String: SourceRange]) {
        let entry = boundEntry(name.value.name, at: name.range, bound: &bound)
        let shape = walk(value, locals: [])
        guard let entry else { return }
        switch entry.sort {
        case .scalar, .vector, .matrix:
            if let declared = Shape(entry.sort), Shape.conflict(declared, shape) {
                error(.shapeMismatch, "'\(entry.name)' is declared as \(declared.phrase) but is bound to \(shape.phrase)",
                      at: value.range, notes: [Note("declared here", at: entry.range)])
            }
        case .function:
            error(.invalidInstance, "'\(entry.name)' is a function; bind it with its parameters: '\(signature(of: entry)) = …'",
                  at: name.range)
        case .density:
            error(.invalidInstance, "'\(entry.name)' is a density; bind it to a distribution: "
                  + "'\(signature(of: entry)) = normal(…; 0, 1)'", at: name.range)
        }
    }

    private func checkFunctionBinding(_ name: Located<String>, _ parameters: [Located<Symbol>], _ body: LocatedExpr,
                                      bound: inout [String: SourceRange]) {
        let entry = boundEntry(name.value, at: name.range, bound: &bound)
        walk(body, locals: parameters.map(\.value.name))
        guard let entry else { return }
        switch entry.sort {
        case .function(let ps):
            if ps.count != parameters.count {
                error(.arityMismatch, "'\(entry.name)' takes \(plural(ps.count, "argument")), but this binding has "
                      + "\(plural(parameters.count, "parameter"))", at: name.range,
                      notes: [Note("declared as '\(signature(of: entry))'", at: entry.range)])
            }
        case .density:
            error(.invalidInstance, "'\(entry.name)' is a density; bind it to a distribution such as "
                  + "'normal(\(parameters.first?.value.name ?? "x"); 0, 1)'", at: name.range)
        case .scalar, .vector, .matrix:
            error(.invalidInstance, "'\(entry.name)' is \(sortPhrase(entry.sort)) and takes no parameters; "
                  + "bind it as '\(entry.name) = …'", at: name.range)
        }
    }

    private func checkDensityBinding(_ name: Located<String>, _ variables: [Located<Symbol>],
                                     _ conditions: [Located<Symbol>], _ distribution: DistributionSpec,
                                     bound: inout [String: SourceRange]) {
        let entry = boundEntry(name.value, at: name.range, bound: &bound)
        let locals = (variables + conditions).map(\.value.name)
        let family = DistributionFamily(rawValue: distribution.family.value)
        if family == nil {
            error(.unknownDistribution, "unknown distribution '\(distribution.family.value)'", at: distribution.family.range,
                  notes: suggestion(for: distribution.family.value, among: DistributionFamily.allCases.map(\.rawValue))
                    + [Note("the families are " + DistributionFamily.allCases.map { "'\($0.rawValue)'" }.joined(separator: ", "))])
        } else if let family, !family.accepts(parameterCount: distribution.parameters.count) {
            let expected = family.parameterNames.map { plural($0.count, "parameter") } ?? "at least \(family.minimumParameterCount) parameters"
            error(.arityMismatch, "'\(family.rawValue)' takes \(expected) (\(family.signature)), "
                  + "got \(distribution.parameters.count)", at: distribution.family.range)
        }
        walk(distribution.variable, locals: locals)
        for p in distribution.parameters { walk(p, locals: locals) }
        guard let entry else { return }
        guard case .density(let vs, let cs) = entry.sort else {
            let advice = Shape(entry.sort) != nil
                ? "bind it as '\(entry.name) = …'" : "bind it as '\(signature(of: entry)) = …'"
            error(.invalidInstance, "'\(entry.name)' is \(sortPhrase(entry.sort)), not a density; \(advice)", at: name.range)
            return
        }
        if vs.count != variables.count || cs.count != conditions.count {
            error(.arityMismatch, "density '\(entry.name)' is declared as '\(signature(of: entry))'; this binding's head "
                  + "has \(plural(variables.count, "variable")) and \(plural(conditions.count, "condition"))", at: name.range,
                  notes: [Note("declared here", at: entry.range)])
            return
        }
        if variables.count != 1 {
            error(.invalidInstance, "distribution families are univariate; '\(entry.name)' has \(variables.count) variables",
                  at: name.range)
            return
        }
        if distribution.variable.value.symbolValue != variables[0].value {
            error(.invalidInstance, "the distribution's variable must be '\(variables[0].value.name)', the variable of "
                  + "'\(name.value)'", at: distribution.variable.range)
        }
    }

    private func checkSupport(_ name: Located<Symbol>, _ values: [LocatedExpr], bound: inout [String: SourceRange]) {
        let entry = boundEntry(name.value.name, at: name.range, bound: &bound)
        for v in values {
            let shape = walk(v, locals: [])
            if Shape.conflict(shape, .scalar) {
                error(.shapeMismatch, "the values of a finite support are scalars, not \(shape.phrase)", at: v.range)
            }
        }
        guard let entry else { return }
        if case .scalar = entry.sort { return }
        error(.invalidInstance, "only a scalar variable can range over a finite set; '\(entry.name)' is "
              + "\(sortPhrase(entry.sort))", at: name.range)
    }
}
