// Recurrences (`recurrence … end`), ODE systems (`ode … end`) and the claims relating them.
//
// Implementation notes
// --------------------
// Both blocks are line-oriented: a header `KEYWORD NAME(x, y) step|time h`, then one
// equation per line (`x <- expr` or `x' = expr`, the expression continuing while a bracket
// is open or an operator ends the line), then `end`. A dynamics claim is recognised after
// `claim "…":` when the next word names a recurrence declared above; its clauses
// (`with`, `from`, `until`) may each start a new line, and their bindings are expressions
// stopped by `,` and by the clause words, which are stop words only here (not reserved).
import Symbolic

extension DrvParseSession {
    /// The words that start a clause of a dynamics claim.
    static let dynamicsClauseWords: Set<String> = ["with", "from", "until", "comparing"]

    /// `recurrence NAME(x, y) step h` … `end`.
    func parseRecurrence(_ keyword: Located<String>) -> Bool {
        guard let header = parseDynamicsHeader(keyword, parameterWord: "step") else { return false }
        guard let equations = parseDynamicsEquations(keyword, derivative: false) else { return true }
        recurrences.append(Recurrence(name: header.name, state: header.state, step: header.parameter,
                                      updates: equations.list, range: SourceRange(keyword.range.lowerBound, equations.end)))
        return true
    }

    /// `ode NAME(x, y) time t` … `end`.
    func parseODE(_ keyword: Located<String>) -> Bool {
        guard let header = parseDynamicsHeader(keyword, parameterWord: "time") else { return false }
        guard let equations = parseDynamicsEquations(keyword, derivative: true) else { return true }
        odes.append(ODESystem(name: header.name, state: header.state, time: header.parameter,
                              equations: equations.list, range: SourceRange(keyword.range.lowerBound, equations.end)))
        return true
    }

    private func parseDynamicsHeader(_ keyword: Located<String>, parameterWord: String)
        -> (name: Located<String>, state: [Located<Symbol>], parameter: Located<Symbol>)? {
        guard let name = readName(after: "'\(keyword.value)'") else { return nil }
        let taken = recurrences.map(\.name) + odes.map(\.name)
        if let first = taken.first(where: { $0.value == name.value.name }) {
            error(.duplicateName, "'\(name.value.name)' already names a recurrence or ODE system", at: name.range,
                  notes: [Note("first used here", at: first.range)])
            return nil
        }
        guard let list = parameterList(of: name.value.name, allowsBar: false) else { return nil }
        scanner.skipBlanks()
        guard scanner.atWord(parameterWord) else {
            syntaxError("expected '\(parameterWord)' and a name after the state of '\(name.value.name)'",
                        at: tokenRange(at: scanner.position))
            return nil
        }
        scanner.position += parameterWord.utf8.count
        guard let parameter = readName(after: "'\(parameterWord)'") else { return nil }
        guard expectLineEnd(after: "the \(keyword.value)'s header") else { return nil }
        return (Located(name.value.name, name.range), list.names, parameter)
    }

    /// The equation lines up to `end`; `nil` after an error (the block is skipped).
    private func parseDynamicsEquations(_ keyword: Located<String>, derivative: Bool)
        -> (list: [DynamicsEquation], end: Int)? {
        var list: [DynamicsEquation] = []
        var broken = false
        while !stopped {
            scanner.skipTrivia()
            guard let word = scanner.peekWord() else {
                if scanner.isAtEnd {
                    syntaxError("expected 'end' to close '\(keyword.value)'", at: SourceRange(at: scanner.position),
                                notes: [Note("to match this '\(keyword.value)'", at: keyword.range)])
                    return nil
                }
                if !broken {
                    syntaxError(derivative ? "expected an equation such as \"x' = -x\" or 'end'"
                                           : "expected an update such as 'x <- x/2' or 'end'",
                                at: tokenRange(at: scanner.position))
                }
                broken = true
                scanner.skipRestOfLine()
                continue
            }
            if word.value == "end" {
                scanner.position = word.range.upperBound
                if !expectLineEnd(after: "'end'") { scanner.skipRestOfLine() }
                if list.isEmpty && !broken {
                    error(.emptyChain, "'\(keyword.value)' has no equations", at: keyword.range)
                    return nil
                }
                return broken ? nil : (list, word.range.upperBound)
            }
            if DrvVocabulary.statementKeywords.contains(word.value) {
                syntaxError("expected 'end' to close '\(keyword.value)'", at: word.range,
                            notes: [Note("to match this '\(keyword.value)'", at: keyword.range)])
                return nil
            }
            guard let variable = readName(after: "the line start") else {
                broken = true
                scanner.skipRestOfLine()
                continue
            }
            scanner.skipBlanks()
            let ok = derivative
                ? (scanner.consume(UInt8(ascii: "'")) && { scanner.skipBlanks(); return scanner.consume(UInt8(ascii: "=")) }())
                : scanner.consume(UInt8(ascii: "<"), UInt8(ascii: "-"))
            guard ok else {
                syntaxError(derivative ? "expected \"\(variable.value.name)' = …\" (the derivative of a state variable)"
                                       : "expected '\(variable.value.name) <- …' (an update of a state variable)",
                            at: tokenRange(at: scanner.position))
                broken = true
                scanner.skipRestOfLine()
                continue
            }
            guard let value = expression(lineStops, expected: "an expression"), rejectOrderTerm(in: value) else {
                broken = true
                scanner.skipRestOfLine()
                continue
            }
            list.append(DynamicsEquation(variable: variable, value: Located(value.expr, value.range)))
            if !expectLineEnd(after: "the equation") {
                broken = true
                scanner.skipRestOfLine()
            }
        }
        return nil
    }

    /// Whether the word at the cursor (or, at the end of a line, at the start of the next)
    /// names a recurrence declared above; moves to it if so.
    func atRecurrenceName() -> Located<String>? {
        if scanner.atLineEnd() {
            var probe = scanner
            probe.skipTrivia()
            guard let word = probe.peekWord(), recurrences.contains(where: { $0.name.value == word.value }) else { return nil }
            scanner = probe
            return word
        }
        guard let word = scanner.peekWord(), recurrences.contains(where: { $0.name.value == word.value }) else { return nil }
        return word
    }

    /// `REC steps ODE [with …]`,
    /// `REC converges order p to ODE as h -> 0 [with …] from x = …, … until t = T`, or
    /// `REC runs N steps [with …] from x = …, … (reaches x = v, … | cycles x in {v, …}, …) within tol`,
    /// after `claim "NAME":`.
    func parseDynamicsClaim(_ keyword: Located<String>, name: Located<String>, family: Family?,
                            instance: Located<String>?, recurrence: Located<String>) -> Bool {
        scanner.position = recurrence.range.upperBound
        scanner.skipBlanks()
        guard let verb = scanner.readWord(), ["steps", "converges", "runs"].contains(verb.value) else {
            syntaxError("expected 'steps', 'converges' or 'runs' after the recurrence '\(recurrence.value)'",
                        at: tokenRange(at: scanner.position))
            return false
        }
        let clauseWords: Set<String>
        switch verb.value {
        case "runs": clauseWords = Self.runClauseWords
        case "converges": clauseWords = Self.dynamicsClauseWords
        default: clauseWords = ["with"]
        }
        let clauseStops = lineStops.union(StopSet(tokens: [","], keywords: Self.dynamicsClauseWords.union(Self.runClauseWords)
                                                    .union(["to", "steps"])))
        var order: LocatedExpr?
        var runSteps: LocatedExpr?
        if verb.value == "converges" {
            scanner.skipBlanks()
            guard scanner.atWord("order") else {
                syntaxError("expected 'order p' after 'converges'", at: tokenRange(at: scanner.position))
                return false
            }
            scanner.position += 5
            guard let p = expression(clauseStops, expected: "an order after 'order'") else { return false }
            order = Located(p.expr, p.range)
            scanner.skipBlanks()
            guard scanner.atWord("to") else {
                syntaxError("expected 'to' and an ODE system after the order", at: tokenRange(at: scanner.position))
                return false
            }
            scanner.position += 2
        }
        var end = verb.range.upperBound
        var odeName = Located(recurrence.value, recurrence.range)
        if verb.value == "runs" {
            let countStops = clauseStops.union(StopSet(tokens: [], keywords: ["step"]))
            guard let n = expression(countStops, expected: "a number of steps after 'runs'"), rejectOrderTerm(in: n) else {
                return false
            }
            runSteps = Located(n.expr, n.range)
            scanner.skipBlanks()
            // `runs 1 step` reads as English; `steps` otherwise.
            guard let word = scanner.peekWord(), word.value == "steps" || word.value == "step" else {
                syntaxError("expected 'steps' after the number of steps: '\(recurrence.value) runs N steps'",
                            at: tokenRange(at: scanner.position))
                return false
            }
            scanner.position = word.range.upperBound
            end = word.range.upperBound
        } else {
            guard let ode = readName(after: "'\(verb.value)'") else { return false }
            guard odes.contains(where: { $0.name.value == ode.value.name }) else {
                error(.undeclaredName, "no ODE system named '\(ode.value.name)' is declared above", at: ode.range,
                      notes: DrvVocabulary.suggestion(for: ode.value.name, among: odes.map(\.name.value))
                        .map { [Note("did you mean '\($0)'?")] } ?? [])
                return false
            }
            odeName = Located(ode.value.name, ode.range)
            end = ode.range.upperBound
        }
        if verb.value == "converges" {
            scanner.skipBlanks()
            guard scanner.atWord("as") else {
                syntaxError("expected 'as h -> 0' naming the step that tends to 0", at: tokenRange(at: scanner.position))
                return false
            }
            scanner.position += 2
            guard let h = readName(after: "'as'") else { return false }
            scanner.skipBlanks()
            guard scanner.consume(UInt8(ascii: "-"), UInt8(ascii: ">")) else {
                syntaxError("expected '-> 0' after 'as \(h.value.name)'", at: tokenRange(at: scanner.position))
                return false
            }
            guard let point = expression(clauseStops, expected: "'0' after '->'") else { return false }
            guard point.expr.isZero else {
                syntaxError("a convergence claim is about the step tending to 0: write 'as \(h.value.name) -> 0'",
                            at: point.range)
                return false
            }
            end = point.range.upperBound
        }
        var clauses: [String: [DynamicsBinding]] = [:]
        var compared: [Located<Symbol>] = []
        var cycles: [DynamicsCycleValues] = []
        var tolerance: LocatedExpr?
        let wordList = clauseWords.sorted().map { "'\($0)'" }.joined(separator: ", ")
        while !stopped {
            scanner.skipBlanks()
            if scanner.atLineEnd() {
                var probe = scanner
                probe.skipTrivia()
                guard let w = probe.peekWord(), clauseWords.contains(w.value) else { break }
                scanner = probe
            }
            guard let clause = scanner.peekWord(), clauseWords.contains(clause.value) else {
                syntaxError("expected \(wordList) or the end of the claim", at: tokenRange(at: scanner.position))
                return false
            }
            if clauses[clause.value] != nil || (clause.value == "reaches" && clauses["cycles"] != nil)
                || (clause.value == "cycles" && clauses["reaches"] != nil) {
                syntaxError(clauses[clause.value] != nil ? "'\(clause.value)' is given twice"
                                                         : "a run either 'reaches' a state or 'cycles', not both",
                            at: clause.range)
                return false
            }
            scanner.position = clause.range.upperBound
            switch clause.value {
            case "comparing":
                var names: [Located<Symbol>] = []
                repeat {
                    guard let n = readName(after: names.isEmpty ? "'comparing'" : "','") else { return false }
                    names.append(n)
                    end = n.range.upperBound
                    scanner.skipBlanks()
                } while scanner.consume(UInt8(ascii: ","))
                compared = names
                clauses[clause.value] = []
                continue
            case "within":
                guard let v = expression(clauseStops, expected: "a tolerance after 'within'"), rejectOrderTerm(in: v) else {
                    return false
                }
                tolerance = Located(v.expr, v.range)
                end = v.range.upperBound
                clauses[clause.value] = []
                continue
            case "cycles":
                guard let parsed = parseCycleValues() else { return false }
                cycles = parsed.values
                end = parsed.end
                clauses[clause.value] = []
                continue
            default:
                break
            }
            var bindings: [DynamicsBinding] = []
            repeat {
                guard let n = readName(after: bindings.isEmpty ? "'\(clause.value)'" : "','") else { return false }
                scanner.skipBlanks()
                guard scanner.consume(UInt8(ascii: "=")) else {
                    syntaxError("expected '=' after '\(n.value.name)'", at: tokenRange(at: scanner.position))
                    return false
                }
                guard let v = expression(clauseStops, expected: "an expression after '='"), rejectOrderTerm(in: v) else {
                    return false
                }
                bindings.append(DynamicsBinding(name: n, value: Located(v.expr, v.range)))
                end = v.range.upperBound
                scanner.skipBlanks()
            } while scanner.consume(UInt8(ascii: ","))
            clauses[clause.value] = bindings
        }
        guard expectLineEnd(after: "the claim") else { return false }
        let kind: DynamicsClaim.Kind
        var rhs = Expr.symbol(Symbol(odeName.value))
        var start = Expr.symbol(Symbol(recurrence.value))
        if let runSteps {
            guard let initial = clauses["from"] else {
                syntaxError("a run needs 'from x = …, …' (the initial state)", at: SourceRange(at: end))
                return false
            }
            let target: RunTarget
            if let reached = clauses["reaches"] {
                target = .reaches(reached)
            } else if !cycles.isEmpty {
                target = .cycles(cycles)
            } else {
                syntaxError("a run needs 'reaches x = …' (the state after the steps) or 'cycles x in {…}' (the orbit)",
                            at: SourceRange(at: end))
                return false
            }
            guard let tolerance else {
                syntaxError("a run needs 'within tol' (how close the simulated state must be)", at: SourceRange(at: end))
                return false
            }
            kind = .runs(steps: runSteps, initial: initial, target: target, tolerance: tolerance)
            let sides = Self.runSides(steps: runSteps.value, target: target)
            start = sides.start
            rhs = sides.rhs
        } else if let order {
            guard let initial = clauses["from"] else {
                syntaxError("a convergence claim needs 'from x = …, …' (the initial state)", at: SourceRange(at: end))
                return false
            }
            guard let until = clauses["until"], until.count == 1 else {
                syntaxError("a convergence claim needs 'until t = T' (the time horizon)", at: SourceRange(at: end))
                return false
            }
            kind = .converges(order: order, initial: initial, horizon: until[0])
        } else {
            kind = .steps
        }
        var step = Step(relation: Located(.equal, verb.range), rhs: Located(rhs, odeName.range),
                        range: SourceRange(verb.range.lowerBound, end))
        step.dynamics = DynamicsClaim(recurrence: recurrence, ode: odeName, kind: kind, relations: clauses["with"] ?? [])
        step.dynamics?.compared = compared
        addChain(Chain(name: name, isClaim: true, family: family,
                       start: Located(start, recurrence.range), steps: [step],
                       range: SourceRange(keyword.range.lowerBound, end), instance: instance))
        return true
    }

    /// The words that start a clause of a `runs` claim.
    static let runClauseWords: Set<String> = ["with", "from", "reaches", "cycles", "within"]

    /// How a run reads as a step in the reports: the state after N steps, `theta_20000` (a
    /// list for several variables), against the stated values (for a cycle, the list of the
    /// values over one period).
    static func runSides(steps: Expr, target: RunTarget) -> (start: Expr, rhs: Expr) {
        let n = steps.numberValue.map { "\($0)" } ?? "N"
        func after(_ name: Symbol) -> Expr { .symbol(Symbol("\(name.name)_\(n)")) }
        let pairs: [(Expr, Expr)]
        switch target {
        case .reaches(let bindings):
            pairs = bindings.map { (after($0.name.value), $0.value.value) }
        case .cycles(let values):
            pairs = values.map { (after($0.name.value), Expr(.list($0.values.map(\.value)))) }
        }
        if pairs.count == 1 { return pairs[0] }
        return (Expr(.list(pairs.map(\.0))), Expr(.list(pairs.map(\.1))))
    }

    /// `x in {v1, …, vk}, y in {…}` after `cycles`; `nil` after an error.
    private func parseCycleValues() -> (values: [DynamicsCycleValues], end: Int)? {
        var out: [DynamicsCycleValues] = []
        var end = scanner.position
        repeat {
            guard let n = readName(after: out.isEmpty ? "'cycles'" : "','") else { return nil }
            scanner.skipBlanks()
            guard scanner.atWord("in") else {
                syntaxError("expected '\(n.value.name) in {v1, v2, …}' (the values over one period)",
                            at: tokenRange(at: scanner.position))
                return nil
            }
            scanner.position += 2
            scanner.skipBlanks()
            let open = scanner.position
            guard scanner.consume(UInt8(ascii: "{")) else {
                syntaxError("expected '{' and the values over one period after 'in'", at: tokenRange(at: open))
                return nil
            }
            let stops = bracketStops.union(StopSet(tokens: [",", "}"]))
            var values: [LocatedExpr] = []
            while !stopped {
                guard let value = expression(stops, expected: "a value") else { return nil }
                guard rejectOrderTerm(in: value) else { return nil }
                values.append(Located(value.expr, value.range))
                scanner.skipTrivia()
                if scanner.consume(UInt8(ascii: ",")) { continue }
                if scanner.consume(UInt8(ascii: "}")) { break }
                syntaxError("expected ',' or '}' in the values of '\(n.value.name)'", at: tokenRange(at: scanner.position),
                            notes: [Note("to match this '{'", at: SourceRange(open, open + 1))])
                return nil
            }
            end = scanner.position
            out.append(DynamicsCycleValues(name: n, values: values))
            scanner.skipBlanks()
        } while scanner.consume(UInt8(ascii: ","))
        return (out, end)
    }
}
