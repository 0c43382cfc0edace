// Derivations (`derive … end`), claims, families, steps, order terms and hints.
//
// Implementation notes
// --------------------
// Inside a `derive` block expressions are parsed with line breaks as whitespace and the
// relations as stops, so an expression runs over as many lines as it needs and a line that
// starts with a relation begins the next step. The reserved keywords stop it too, which is
// how a missing `end` is noticed at the next statement rather than at the end of the file.
//
// An order term is parsed as part of the step's right side (`rhs + O(h^2)` is a sum whose
// last term calls `O`) and split off when `as` follows: the right side's range is cut back
// to the end of the token before the `+`, so the range still slices to the text of `rhs`.
import Symbolic

extension DrvParseSession {
    // MARK: Families

    /// `for n in 2..5, k in 1..n`: held until the next statement, which must be a chain.
    func parseFamily(_ keyword: Located<String>) -> Bool {
        if let pending = pendingFamily {
            error(.parseError, "'for' must be followed by a 'claim' or a 'derive'", at: pending.keyword)
            pendingFamily = nil
        }
        var variables: [(name: Located<Symbol>, lower: LocatedExpr, upper: LocatedExpr)] = []
        let stops = lineStops.union(StopSet(tokens: [","]))
        var end = keyword.range.upperBound
        repeat {
            guard let name = readName(after: variables.isEmpty ? "'for'" : "','") else { return false }
            scanner.skipBlanks()
            guard scanner.atWord("in") else {
                syntaxError("expected 'in' and a range after '\(name.value.name)': write 'for \(name.value.name) in 1..5'",
                            at: tokenRange(at: scanner.position))
                return false
            }
            scanner.position += 2
            guard let range = expression(stops, allowsRange: true, expected: "a range such as '1..5' after 'in'")
            else { return false }
            guard case .range(let lower, let upper) = range.expr.kind else {
                syntaxError("expected a range such as '1..5' after 'in'", at: range.range)
                return false
            }
            guard rejectOrderTerm(in: range) else { return false }
            // The bounds' own ranges: split the text at the `..`.
            let dots = rangeOperatorOffset(in: range.range)
            let lowerRange = SourceRange(range.range.lowerBound, scanner.endOfPreviousToken(before: dots))
            var upperStart = dots + 2
            while let b = scanner.byte(at: upperStart), DrvScanner.isBlank(b) || b == DrvScanner.newline { upperStart += 1 }
            variables.append((name, Located(lower, lowerRange), Located(upper, SourceRange(upperStart, range.range.upperBound))))
            end = range.range.upperBound
            scanner.skipBlanks()
        } while scanner.consume(UInt8(ascii: ","))
        guard expectLineEnd(after: "the family") else { return false }
        pendingFamily = (Family(variables: variables, range: SourceRange(keyword.range.lowerBound, end)), keyword.range)
        return true
    }

    /// The offset of the `..` of a range expression occupying `range` (outside brackets).
    private func rangeOperatorOffset(in range: SourceRange) -> Int {
        var depth = 0
        var p = range.lowerBound
        while p + 1 < range.upperBound {
            switch scanner.byte(at: p) {
            case UInt8(ascii: "("), UInt8(ascii: "["), UInt8(ascii: "{"): depth += 1
            case UInt8(ascii: ")"), UInt8(ascii: "]"), UInt8(ascii: "}"): depth -= 1
            case UInt8(ascii: "#"):
                while let b = scanner.byte(at: p), b != DrvScanner.newline { p += 1 }
                continue
            case UInt8(ascii: "."):
                if depth == 0, scanner.byte(at: p + 1) == UInt8(ascii: ".") { return p }
            default: break
            }
            p += 1
        }
        return range.upperBound
    }

    /// The pending family, consumed by the chain that follows it.
    private func takeFamily() -> Family? {
        defer { pendingFamily = nil }
        return pendingFamily?.family
    }

    // MARK: Derivations

    /// `derive "name"`, a start expression, steps, `end`.
    func parseDerivation(_ keyword: Located<String>) -> Bool {
        let family = takeFamily()
        var broken = false
        let name = readName(of: "a derivation", after: "'derive'")
        var restrictedInstance: Located<String>?
        if name != nil {
            let restriction = readInstanceRestriction()
            if restriction.present && restriction.name == nil { broken = true }
            restrictedInstance = restriction.name
        }
        if name == nil {
            broken = true
            scanner.skipRestOfLine()
        } else if !expectLineEnd(after: "the derivation's name") {
            broken = true
            scanner.skipRestOfLine()
        }
        var start: LocatedExpr?
        var steps: [Step] = []
        scanner.skipTrivia()
        // The start expression.
        switch scanner.scanRelation(at: scanner.position) {
        case .relation(let r):
            syntaxError("expected the starting expression before the first step", at: r.range)
            broken = true
        case .invalid(let message, let range):
            syntaxError(message, at: range)
            broken = true
            skipToNextChainLine()
        case .none:
            if let word = scanner.peekWord(), DrvVocabulary.statementKeywords.contains(word.value) {
                if word.value == "end" {
                    if let name { error(.emptyChain, "derivation '\(name.value)' has no steps", at: name.range) }
                    scanner.position = word.range.upperBound
                    _ = expectLineEnd(after: "'end'")
                    return true
                }
                reportUnterminated(keyword, at: word.range)
                return true
            }
            if scanner.isAtEnd {
                reportUnterminated(keyword, at: SourceRange(at: scanner.position))
                return true
            }
            if let parsed = expression(chainStops, expected: "the starting expression"), rejectOrderTerm(in: parsed) {
                start = Located(parsed.expr, parsed.range)
            } else {
                broken = true
                skipToNextChainLine()
            }
        }
        // The steps, up to `end`.
        while !stopped {
            scanner.skipTrivia()
            if scanner.isAtEnd {
                reportUnterminated(keyword, at: SourceRange(at: scanner.position))
                return true
            }
            switch scanner.scanRelation(at: scanner.position) {
            case .relation(let relation):
                if let step = parseStep(relation, stops: chainStops) {
                    steps.append(step)
                } else {
                    broken = true
                    skipToNextChainLine()
                }
                continue
            case .invalid(let message, let range):
                syntaxError(message, at: range)
                broken = true
                skipToNextChainLine()
                continue
            case .none:
                break
            }
            if let word = scanner.peekWord() {
                if word.value == "end" {
                    scanner.position = word.range.upperBound
                    if !expectLineEnd(after: "'end'") { scanner.skipRestOfLine() }
                    guard !broken, let name, let start else { return true }
                    guard !steps.isEmpty else {
                        error(.emptyChain, "derivation '\(name.value)' has no steps", at: name.range)
                        return true
                    }
                    addChain(Chain(name: name, isClaim: false, family: family, start: start, steps: steps,
                                   range: SourceRange(keyword.range.lowerBound, word.range.upperBound),
                                   instance: restrictedInstance))
                    return true
                }
                if DrvVocabulary.statementKeywords.contains(word.value) {
                    reportUnterminated(keyword, at: word.range)
                    return true
                }
            }
            if !broken {
                syntaxError("expected a step starting with a relation (=, <, <=, >, >=) or 'end'",
                            at: tokenRange(at: scanner.position))
            }
            broken = true
            skipToNextChainLine()
        }
        return true
    }

    /// "expected 'end' to close 'derive' at 3:1", with a note at the `derive`.
    private func reportUnterminated(_ keyword: Located<String>, at range: SourceRange) {
        let location = SourceLocationConverter(utf8: scanner.bytes).location(of: keyword.range.lowerBound)
        syntaxError("expected 'end' to close '\(keyword.value)' at \(location)", at: range,
                    notes: [Note("to match this '\(keyword.value)'", at: keyword.range)])
    }

    /// Skips the rest of the line and every line that does not start with a relation, `end`
    /// or a statement keyword.
    private func skipToNextChainLine() {
        if atLineStartKeyword() { return }
        scanner.skipRestOfLine()
        while !stopped {
            scanner.skipTrivia()
            if scanner.isAtEnd { return }
            if case .none = scanner.scanRelation(at: scanner.position) {
                if let word = scanner.peekWord(), DrvVocabulary.statementKeywords.contains(word.value) { return }
                scanner.skipRestOfLine()
                continue
            }
            return
        }
    }

    /// Records a chain, rejecting a duplicate name.
    func addChain(_ chain: Chain) {
        if let first = chainNames[chain.name.value] {
            error(.duplicateName, "duplicate derivation name '\(chain.name.value)'", at: chain.name.range,
                  notes: [Note("first used here", at: first)])
            return
        }
        chainNames[chain.name.value] = chain.name.range
        items.append(.chain(chain))
    }

    // MARK: Steps

    /// `REL rhs [+ O(m) as h -> a] [by HINT, …]` with the cursor at the relation.
    private func parseStep(_ relation: Located<Relation>, stops: StopSet) -> Step? {
        scanner.position = relation.range.upperBound
        guard let tail = parseRightSide(stops: stops, after: relation.value.rawValue) else { return nil }
        let end = tail.hints.last?.range.upperBound ?? tail.orderTerm?.range.upperBound ?? tail.rhs.range.upperBound
        return Step(relation: relation, rhs: tail.rhs, orderTerm: tail.orderTerm, hints: tail.hints,
                    range: SourceRange(relation.range.lowerBound, end))
    }

    /// The right side of a step or claim with its order term and hints; the line must end
    /// after the hints.
    private func parseRightSide(stops: StopSet, after relation: String)
        -> (rhs: LocatedExpr, orderTerm: OrderTerm?, hints: [Hint])? {
        guard let parsed = expression(stops, expected: "an expression after '\(relation)'") else { return nil }
        var rhs = Located(parsed.expr, parsed.range)
        var orderTerm: OrderTerm?
        skipToKeyword("as", acrossLines: stops.newlines == .ignore)
        if scanner.atWord("as") {
            guard let split = splitOrderTerm(parsed, stops: stops) else { return nil }
            rhs = split.rhs
            orderTerm = split.orderTerm
        } else if !rejectOrderTerm(in: parsed) {
            return nil
        }
        var hints: [Hint] = []
        skipToKeyword("by", acrossLines: stops.newlines == .ignore)
        if scanner.atWord("by") {
            guard let list = parseHints() else { return nil }
            hints = list
            guard expectLineEnd(after: "the hints") else { return nil }
        }
        return (rhs, orderTerm, hints)
    }

    /// Skips blanks, and in a `derive` block line breaks and comments too, if `keyword` follows.
    private func skipToKeyword(_ keyword: String, acrossLines: Bool) {
        scanner.skipBlanks()
        guard acrossLines else { return }
        var probe = scanner
        probe.skipTrivia()
        if probe.atWord(keyword) { scanner = probe }
    }

    /// Splits `rhs + O(m)` followed by `as h -> a` into the right side and the order term.
    private func splitOrderTerm(_ parsed: ParsedExpr, stops: StopSet) -> (rhs: LocatedExpr, orderTerm: OrderTerm)? {
        let asRange = tokenRange(at: scanner.position)
        let occurrences = parsed.names.filter { $0.name == "O" }
        guard case .sum(let terms) = parsed.expr.kind, terms.count >= 2,
              case .call(.opaque(let head), let arguments) = terms[terms.count - 1].kind,
              head.name == "O", head.conditioningIndex == nil, head.derivativeOrders.isEmpty, arguments.count == 1,
              occurrences.count == 1, let o = occurrences.first, o.role == .function else {
            if let o = occurrences.first {
                error(.invalidOrderTerm, "an order term must be the last term, written '+ O(…)', before 'as'", at: o.range)
            } else {
                error(.invalidOrderTerm, "'as' must follow an order term: write '= f + O(h^2) as h -> 0'", at: asRange)
            }
            return nil
        }
        // The `+` before `O` and the end of the term before it.
        let plusEnd = scanner.endOfPreviousToken(before: o.range.lowerBound)
        guard plusEnd > 0, scanner.byte(at: plusEnd - 1) == UInt8(ascii: "+") else {
            error(.invalidOrderTerm, "an order term must be added: write '+ O(…)'", at: o.range)
            return nil
        }
        let rhsEnd = scanner.endOfPreviousToken(before: plusEnd - 1)
        let rest = terms.count == 2 ? terms[0] : Expr.sum(Array(terms.dropLast()))
        // The magnitude's own range: parse the argument of `O(` again.
        var open = o.range.upperBound
        while let b = scanner.byte(at: open), b != UInt8(ascii: "(") { open += 1 }
        let magnitudeRange: SourceRange
        if let inner = try? expressions.parse(from: open + 1, stoppingAt: bracketStops.union(StopSet(tokens: [")"]))) {
            magnitudeRange = inner.range
        } else {
            magnitudeRange = SourceRange(open + 1, parsed.range.upperBound - 1)
        }
        // `as h -> a`.
        scanner.position = asRange.upperBound
        guard let variable = readName(after: "'as'") else { return nil }
        scanner.skipBlanks()
        guard scanner.consume(UInt8(ascii: "-"), UInt8(ascii: ">")) else {
            syntaxError("expected '->' and a limit point after 'as \(variable.value.name)'",
                        at: tokenRange(at: scanner.position))
            return nil
        }
        guard let point = expression(stops, expected: "a limit point after '->'") else { return nil }
        guard rejectOrderTerm(in: point) else { return nil }
        let term = OrderTerm(magnitude: Located(arguments[0], magnitudeRange), variable: variable,
                             point: Located(point.expr, point.range),
                             range: SourceRange(o.range.lowerBound, point.range.upperBound))
        return (Located(rest, SourceRange(parsed.range.lowerBound, rhsEnd)), term)
    }

    // MARK: Hints

    /// `by HINT {, HINT}` with `HINT = name [ "(" NAME = expr {, NAME = expr} ")" ]`; a
    /// comma at the end of a line continues the list on the next.
    private func parseHints() -> [Hint]? {
        let by = tokenRange(at: scanner.position)
        scanner.position = by.upperBound
        if scanner.atLineEnd() {
            syntaxError("expected a hint after 'by', such as 'by algebra'", at: SourceRange(at: scanner.position))
            return nil
        }
        var hints: [Hint] = []
        while !stopped {
            scanner.skipBlanks()
            let nameStart = scanner.position
            guard let name = scanner.readHintName(), !DrvVocabulary.stopKeywords.contains(name.value) else {
                scanner.position = nameStart
                syntaxError("expected a hint name after \(hints.isEmpty ? "'by'" : "','")", at: tokenRange(at: nameStart))
                return nil
            }
            var arguments: [(name: Located<Symbol>, value: LocatedExpr)] = []
            var end = name.range.upperBound
            if scanner.current == UInt8(ascii: "(") {
                let open = scanner.position
                scanner.position += 1
                guard let list = parseHintArguments(of: name.value, openedAt: open) else { return nil }
                arguments = list
                end = scanner.position
            }
            hints.append(Hint(name: name, arguments: arguments, range: SourceRange(name.range.lowerBound, end)))
            scanner.skipBlanks()
            guard scanner.consume(UInt8(ascii: ",")) else { return hints }
            scanner.skipTrivia()
        }
        return nil
    }

    /// `NAME = expr {, NAME = expr} )` after a hint's `(`.
    private func parseHintArguments(of hint: String, openedAt open: Int) -> [(name: Located<Symbol>, value: LocatedExpr)]? {
        var arguments: [(name: Located<Symbol>, value: LocatedExpr)] = []
        let stops = bracketStops.union(StopSet(tokens: [",", ")"]))
        while !stopped {
            scanner.skipTrivia()
            guard let name = readName(after: arguments.isEmpty ? "'\(hint)('" : "','") else { return nil }
            scanner.skipTrivia()
            guard scanner.consume(UInt8(ascii: "=")) else {
                syntaxError("expected '=' after '\(name.value.name)': write '\(hint)(\(name.value.name) = …)'",
                            at: tokenRange(at: scanner.position))
                return nil
            }
            guard let value = expression(stops, expected: "an expression after '='") else { return nil }
            guard rejectOrderTerm(in: value) else { return nil }
            arguments.append((name, Located(value.expr, value.range)))
            scanner.skipTrivia()
            if scanner.consume(UInt8(ascii: ",")) { continue }
            if scanner.consume(UInt8(ascii: ")")) { return arguments }
            syntaxError("expected ',' or ')' after the argument of '\(hint)'", at: tokenRange(at: scanner.position),
                        notes: [Note("to match this '('", at: SourceRange(open, open + 1))])
            return nil
        }
        return nil
    }

    // MARK: Claims

    /// `claim "name": LHS REL RHS [+ O(…) as h -> a] [by …]`.
    /// `on "instance"` after a chain's name, if present.
    func readInstanceRestriction() -> (present: Bool, name: Located<String>?) {
        scanner.skipBlanks()
        guard let word = scanner.peekWord(), word.value == "on" else { return (false, nil) }
        scanner.position = word.range.upperBound
        guard let instance = readName(of: "an instance", after: "'on'") else { return (true, nil) }
        return (true, instance)
    }

    func parseClaim(_ keyword: Located<String>) -> Bool {
        let family = takeFamily()
        guard let name = readName(of: "a claim", after: "'claim'") else { return false }
        let restriction = readInstanceRestriction()
        if restriction.present && restriction.name == nil { return false }
        scanner.skipBlanks()
        guard scanner.consume(UInt8(ascii: ":")) else {
            syntaxError("expected ':' after the claim's name", at: tokenRange(at: scanner.position))
            return false
        }
        scanner.skipBlanks()
        // The statement may start on the next line, indented (`claim "long":` then the claim).
        if scanner.atLineEnd() {
            var probe = scanner
            probe.skipTrivia()
            if !probe.isAtEnd, probe.position > probe.lineStart(of: probe.position) { scanner = probe }
        }
        if let recurrence = atRecurrenceName() {
            return parseDynamicsClaim(keyword, name: name, family: family, instance: restriction.name, recurrence: recurrence)
        }
        let stops = lineStops.union(.relations)
        let expected = scanner.atLineEnd() ? "the claim after ':' (on this line, or on the next line indented)" : "the claim after ':'"
        guard let lhs = expression(stops, expected: expected) else { return false }
        guard rejectOrderTerm(in: lhs) else { return false }
        // The relation may start the next line.
        if scanner.atLineEnd() {
            var probe = scanner
            probe.skipTrivia()
            if case .none = probe.scanRelation(at: probe.position) {} else { scanner = probe }
        }
        let relation: Located<Relation>
        switch scanner.scanRelation(at: scanner.position) {
        case .relation(let r):
            relation = r
        case .invalid(let message, let range):
            syntaxError(message, at: range)
            return false
        case .none:
            syntaxError("expected a relation (=, <, <=, >, >=) after the left side of the claim",
                        at: tokenRange(at: scanner.position))
            return false
        }
        scanner.position = relation.range.upperBound
        guard let tail = parseRightSide(stops: stops, after: relation.value.rawValue) else { return false }
        if case .relation(let next) = scanner.scanRelation(at: scanner.position) {
            syntaxError("a claim states one relation; write a 'derive' block for a chain", at: next.range)
            return false
        }
        guard expectLineEnd(after: "the claim") else { return false }
        let end = tail.hints.last?.range.upperBound ?? tail.orderTerm?.range.upperBound ?? tail.rhs.range.upperBound
        let step = Step(relation: relation, rhs: tail.rhs, orderTerm: tail.orderTerm, hints: tail.hints,
                        range: SourceRange(relation.range.lowerBound, end))
        addChain(Chain(name: name, isClaim: true, family: family, start: Located(lhs.expr, lhs.range), steps: [step],
                       range: SourceRange(keyword.range.lowerBound, end), instance: restriction.name))
        return true
    }
}
