// Checking derivations and claims: families, expressions, relation composition, order
// terms and hints.
import Symbolic

extension SortCheckSession {
    func checkChain(_ chain: Chain) {
        if let instance = chain.instance {
            let names = file.instances.map(\.name.value)
            if !names.contains(instance.value) {
                let hint = closestName(to: instance.value, in: names).map { [Note("did you mean '\($0)'?")] } ?? []
                error(.invalidInstance, "no instance named '\(instance.value)'", at: instance.range, notes: hint)
            }
        }
        if let dynamics = chain.steps.first?.dynamics {
            checkDynamicsClaim(dynamics)
            return
        }
        let locals = checkFamily(chain.family)
        var previousShape = walk(chain.start, locals: locals)
        var previous = chain.start.value
        var composed: (relation: Relation, step: Int, range: SourceRange)?
        for (index, step) in chain.steps.enumerated() where !stopped {
            let shape = walk(step.rhs, locals: locals)
            checkStepShapes(previousShape, shape, previous: previous, step: step, index: index)
            previousShape = shape
            composed = compose(composed, step, index: index)
            if let term = step.orderTerm { checkOrderTerm(term, of: step, locals: locals) }
            checkHints(step.hints, locals: locals, bound: boundNames(in: previous) + boundNames(in: step.rhs.value))
            previous = step.rhs.value
        }
    }

    /// The two sides of a step must have one shape (a literal 0 stands for any zero matrix),
    /// and only scalars are ordered.
    private func checkStepShapes(_ left: Shape, _ right: Shape, previous: Expr, step: Step, index: Int) {
        let relation = step.relation.value
        if relation != .equal && relation != .notEqual {
            for shape in [left, right] where Shape.conflict(shape, .scalar) {
                error(.shapeMismatch, "'\(relation.rawValue)' compares scalars, not \(shape.phrase)", at: step.rhs.range)
                return
            }
        }
        if Shape.conflict(left, right) && !previous.isZero && !step.rhs.value.isZero {
            error(.shapeMismatch, "the sides of step \(index + 1) have different shapes: \(left.phrase) and \(right.phrase)",
                  at: step.rhs.range)
        }
    }

    /// Checks the family's variables and bounds; returns the variables as locals.
    private func checkFamily(_ family: Family?) -> [String] {
        guard let family else { return [] }
        var locals: [String] = []
        var seen: [String: SourceRange] = [:]
        for v in family.variables {
            walk(v.lower, locals: locals)
            walk(v.upper, locals: locals)
            let name = v.name.value.name
            if let reason = KnownNames.reservation(of: name) {
                error(.reservedName, "\(reason) and cannot be a family variable", at: v.name.range)
            } else if let first = seen[name] {
                error(.duplicateDeclaration, "family variable '\(name)' appears twice", at: v.name.range,
                      notes: [Note("first written here", at: first)])
            } else if let entry = table[name] {
                used.insert(name)
                var isInteger = false
                if case .scalar(let p) = entry.sort { isInteger = p == .integer || p == .natural }
                if !isInteger {
                    error(.sortMismatch, "family variable '\(name)' is declared '\(entry.keyword)'; a family ranges "
                          + "over integers, so declare it 'integer' or 'natural', or not at all", at: v.name.range,
                          notes: [Note("declared here", at: entry.range)])
                }
            }
            seen[name] = seen[name] ?? v.name.range
            locals.append(name)
        }
        return locals
    }

    /// Composes the chain's relation with one more step, reporting a step that breaks it.
    private func compose(_ composed: (relation: Relation, step: Int, range: SourceRange)?, _ step: Step,
                         index: Int) -> (relation: Relation, step: Int, range: SourceRange)? {
        let relation = step.relation.value
        func direction(_ r: Relation) -> Int {
            switch r {
            case .less, .lessEqual: return -1
            case .greater, .greaterEqual: return 1
            case .equal, .notEqual: return 0
            }
        }
        func isStrict(_ r: Relation) -> Bool { r == .less || r == .greater }
        switch relation {
        case .notEqual:
            error(.chainRelationMismatch, "'!=' cannot be a step; a derivation shows =, <, <=, > or >=",
                  at: step.relation.range)
            return composed
        case .equal:
            return composed
        case .less, .lessEqual, .greater, .greaterEqual:
            guard let current = composed else { return (relation, index, step.relation.range) }
            if direction(current.relation) != direction(relation) {
                error(.chainRelationMismatch,
                      "'\(relation.rawValue)' does not compose with the chain so far, which shows '\(current.relation.rawValue)'",
                      at: step.relation.range,
                      notes: [Note("the chain became '\(current.relation.rawValue)' at step \(current.step + 1)",
                                   at: current.range)])
                return composed
            }
            if isStrict(relation) && !isStrict(current.relation) {
                return (relation, current.step, current.range)
            }
            return current
        }
    }

    private func checkOrderTerm(_ term: OrderTerm, of step: Step, locals: [String]) {
        if step.relation.value != .equal {
            error(.invalidOrderTerm, "an order term needs an equality step, not '\(step.relation.value.rawValue)'",
                  at: term.range)
        }
        let name = term.variable.value.name
        if case .global(let entry) = resolve(name, at: term.variable.range, asCall: false, locals: locals, defining: nil) {
            if case .scalar = entry.sort {} else {
                error(.sortMismatch, "the variable of an order term must be a scalar; '\(name)' is \(sortPhrase(entry.sort))",
                      at: term.variable.range)
            }
        }
        walk(term.magnitude, locals: locals + [name])
        walk(term.point, locals: locals)
    }

    private func checkHints(_ hints: [Hint], locals: [String], bound: [String]) {
        for hint in hints where !stopped {
            let name = hint.name.value
            guard SortCheckSession.hintNames.contains(name) else {
                var notes: [Note] = []
                if let s = HintCatalogue.suggestion(for: name) { notes.append(Note("did you mean '\(s)'?")) }
                error(.unknownHint, "unknown hint '\(name)'", at: hint.name.range, notes: notes)
                continue
            }
            let takesArguments = HintCatalogue.strategies.first { $0.name == name }?.takesArguments ?? false
            if takesArguments && hint.arguments.isEmpty {
                error(.invalidHintArgument, "'\(name)' needs an argument: write '\(name)(x = …)'", at: hint.name.range)
            } else if !takesArguments && !hint.arguments.isEmpty {
                error(.invalidHintArgument, "'\(name)' takes no arguments", at: hint.range)
            }
            var seen: [String: SourceRange] = [:]
            for argument in hint.arguments {
                let argumentName = argument.name.value.name
                if let first = seen[argumentName] {
                    error(.invalidHintArgument, "'\(argumentName)' is given twice in '\(name)(…)'", at: argument.name.range,
                          notes: [Note("first given here", at: first)])
                }
                seen[argumentName] = seen[argumentName] ?? argument.name.range
                if table.contains(argumentName) {
                    used.insert(argumentName)
                } else if !locals.contains(argumentName) && !bound.contains(argumentName) {
                    error(.undeclaredName, "'\(argumentName)' in '\(name)(…)' is neither declared nor bound in this step",
                          at: argument.name.range,
                          notes: suggestion(for: argumentName, among: table.names + locals + bound))
                }
                walk(argument.value, locals: locals + bound)
            }
        }
    }

    /// Every citable hint name (``HintCatalogue/allNames`` computes the list on each call).
    static let hintNames = Set(HintCatalogue.allNames)

    /// The variables bound by big operators anywhere in `e`, in first-seen order.
    func boundNames(in e: Expr) -> [String] {
        var names: [String] = []
        var stack = [e]
        var visited = 0
        while let top = stack.popLast(), visited < 1_000_000 {
            visited += 1
            if case .bigOperator(let op) = top.kind {
                for s in op.boundSymbols where !names.contains(s.name) { names.append(s.name) }
            }
            stack.append(contentsOf: top.children.reversed())
        }
        return names
    }
}
