// Instances: `instance "name"`, bindings separated by line breaks or `;`, settings, `end`.
//
// Implementation notes
// --------------------
// A binding's right side is a distribution exactly when it has the shape
// `FAMILY(expr; …)`: a name, `(`, one expression, then `;`. The math parser has no `;`, so
// the parser probes for that shape (parsing the first argument with `;` as a stop) and
// otherwise parses the right side as an ordinary expression, whose errors are then reported.
import Symbolic

extension DrvParseSession {
    /// `instance "name" … end`.
    func parseInstance(_ keyword: Located<String>) -> Bool {
        var broken = false
        let name = readName(of: "an instance", after: "'instance'")
        if name == nil || !expectLineEnd(after: "the instance's name") {
            broken = true
        }
        scanner.skipRestOfLine()
        var bindings: [InstanceBinding] = []
        var samples: Located<Int>?
        var seed: Located<UInt64>?
        while !stopped {
            scanner.skipTrivia()
            if scanner.isAtEnd {
                reportUnterminatedInstance(keyword, at: SourceRange(at: scanner.position))
                return true
            }
            if let word = scanner.peekWord() {
                if word.value == "end" {
                    scanner.position = word.range.upperBound
                    if !expectLineEnd(after: "'end'") { scanner.skipRestOfLine() }
                    guard !broken, let name else { return true }
                    addInstance(Instance(name: name, bindings: bindings, samples: samples, seed: seed,
                                         range: SourceRange(keyword.range.lowerBound, word.range.upperBound)))
                    return true
                }
                if DrvVocabulary.statementKeywords.contains(word.value) {
                    reportUnterminatedInstance(keyword, at: word.range)
                    return true
                }
            }
            // One line of bindings separated by `;`.
            var lineOK = true
            while lineOK, !stopped {
                lineOK = parseBinding(into: &bindings, samples: &samples, seed: &seed)
                guard lineOK else { break }
                scanner.skipBlanks()
                if scanner.consume(UInt8(ascii: ";")) {
                    if scanner.atLineEnd() { break }
                    continue
                }
                if !scanner.atLineEnd() {
                    syntaxError("expected ';' or end of line after the binding", at: tokenRange(at: scanner.position))
                    lineOK = false
                }
                break
            }
            if !lineOK {
                broken = true
                skipToNextBindingLine()
            }
        }
        return true
    }

    private func reportUnterminatedInstance(_ keyword: Located<String>, at range: SourceRange) {
        let location = SourceLocationConverter(utf8: scanner.bytes).location(of: keyword.range.lowerBound)
        syntaxError("expected 'end' to close 'instance' at \(location)", at: range,
                    notes: [Note("to match this 'instance'", at: keyword.range)])
    }

    /// Skips the rest of the line and every line that does not start with a name.
    private func skipToNextBindingLine() {
        scanner.skipRestOfLine()
        while !stopped {
            scanner.skipTrivia()
            if scanner.isAtEnd || scanner.peekWord() != nil { return }
            scanner.skipRestOfLine()
        }
    }

    private func addInstance(_ instance: Instance) {
        if let first = instanceNames[instance.name.value] {
            error(.duplicateName, "duplicate instance name '\(instance.name.value)'", at: instance.name.range,
                  notes: [Note("first used here", at: first)])
            return
        }
        instanceNames[instance.name.value] = instance.name.range
        items.append(.instance(instance))
    }

    // MARK: Bindings

    /// One binding or setting at the cursor; returns `false` after an error.
    private func parseBinding(into bindings: inout [InstanceBinding], samples: inout Located<Int>?,
                              seed: inout Located<UInt64>?) -> Bool {
        scanner.skipBlanks()
        let start = scanner.position
        if let word = scanner.peekWord(), word.value == "samples" || word.value == "seed" {
            var probe = scanner
            probe.position = word.range.upperBound
            probe.skipBlanks()
            if DrvScanner.isDigit(probe.current) {
                scanner = probe
                return parseSetting(word, samples: &samples, seed: &seed)
            }
        }
        guard let name = readName(after: "the start of a binding") else { return false }
        scanner.skipBlanks()
        if scanner.atWord("in") {
            scanner.position += 2
            return parseSupport(name, start: start, into: &bindings)
        }
        if scanner.current == UInt8(ascii: "(") {
            guard let (parameters, conditions) = parameterList(of: name.value.name, allowsBar: true) else { return false }
            scanner.skipBlanks()
            guard scanner.consume(UInt8(ascii: "=")) else {
                syntaxError("expected '=' after '\(name.value.name)(…)' in the binding", at: tokenRange(at: scanner.position))
                return false
            }
            return parseFunctionBinding(name, parameters: parameters, conditions: conditions, start: start, into: &bindings)
        }
        guard scanner.consume(UInt8(ascii: "=")) else {
            syntaxError("expected '=', '(' or 'in' after '\(name.value.name)': write '\(name.value.name) = 1', "
                        + "'\(name.value.name)(u) = …' or '\(name.value.name) in {0, 1}'",
                        at: tokenRange(at: scanner.position))
            return false
        }
        guard let value = expression(lineStops.union(StopSet(tokens: [";"])), expected: "a value after '='") else {
            return false
        }
        guard rejectOrderTerm(in: value) else { return false }
        bindings.append(.value(name: name, value: Located(value.expr, value.range),
                               range: SourceRange(start, value.range.upperBound)))
        return true
    }

    /// `samples N` or `seed N`, with the cursor at the digits.
    private func parseSetting(_ word: Located<String>, samples: inout Located<Int>?, seed: inout Located<UInt64>?) -> Bool {
        let digitsStart = scanner.position
        while DrvScanner.isDigit(scanner.current) { scanner.position += 1 }
        if DrvScanner.isLetter(scanner.current) || scanner.current == UInt8(ascii: ".") {
            syntaxError("'\(word.value)' takes a whole number", at: tokenRange(at: scanner.position))
            return false
        }
        let range = SourceRange(digitsStart, scanner.position)
        let digits = scanner.text(of: range)
        let whole = SourceRange(word.range.lowerBound, scanner.position)
        if word.value == "samples" {
            guard let n = Int(digits), n >= 1, n <= options.maxSamples else {
                syntaxError("'samples' must be between 1 and \(options.maxSamples)", at: range)
                return false
            }
            if let first = samples {
                error(.duplicateName, "'samples' is set twice in this instance", at: word.range,
                      notes: [Note("first set here", at: first.range)])
                return false
            }
            samples = Located(n, whole)
        } else {
            guard let n = UInt64(digits) else {
                syntaxError("'seed' must be a whole number from 0 to \(UInt64.max)", at: range)
                return false
            }
            if let first = seed {
                error(.duplicateName, "'seed' is set twice in this instance", at: word.range,
                      notes: [Note("first set here", at: first.range)])
                return false
            }
            seed = Located(n, whole)
        }
        return true
    }

    /// `x in {v, v, …}`, with the cursor after `in`.
    private func parseSupport(_ name: Located<Symbol>, start: Int, into bindings: inout [InstanceBinding]) -> Bool {
        scanner.skipBlanks()
        let open = scanner.position
        guard scanner.consume(UInt8(ascii: "{")) else {
            syntaxError("expected '{' and a list of values after 'in': write '\(name.value.name) in {0, 1}'",
                        at: tokenRange(at: open))
            return false
        }
        let stops = bracketStops.union(StopSet(tokens: [",", "}"]))
        var values: [LocatedExpr] = []
        while !stopped {
            guard let value = expression(stops, expected: "a value") else { return false }
            guard rejectOrderTerm(in: value) else { return false }
            values.append(Located(value.expr, value.range))
            scanner.skipTrivia()
            if scanner.consume(UInt8(ascii: ",")) { continue }
            if scanner.consume(UInt8(ascii: "}")) { break }
            syntaxError("expected ',' or '}' in the values of '\(name.value.name)'", at: tokenRange(at: scanner.position),
                        notes: [Note("to match this '{'", at: SourceRange(open, open + 1))])
            return false
        }
        bindings.append(.support(name: name, values: values, range: SourceRange(start, scanner.position)))
        return true
    }

    /// `f(u) = body` or `p(z | x) = FAMILY(z; params)`, with the cursor after `=`.
    private func parseFunctionBinding(_ name: Located<Symbol>, parameters: [Located<Symbol>],
                                      conditions: [Located<Symbol>], start: Int,
                                      into bindings: inout [InstanceBinding]) -> Bool {
        scanner.skipBlanks()
        if let distribution = probeDistribution() {
            guard let spec = parseDistribution(distribution.family, open: distribution.open) else { return false }
            bindings.append(.density(name: Located(name.value.name, name.range), variables: parameters,
                                     conditions: conditions, distribution: spec,
                                     range: SourceRange(start, spec.range.upperBound)))
            return true
        }
        if !conditions.isEmpty {
            syntaxError("bind a conditional density to a distribution such as "
                        + "'normal(\(parameters.first?.value.name ?? "z"); 0, 1)'",
                        at: tokenRange(at: scanner.position))
            return false
        }
        guard let body = expression(lineStops.union(StopSet(tokens: [";"])), expected: "an expression after '='") else {
            return false
        }
        guard rejectOrderTerm(in: body) else { return false }
        bindings.append(.function(name: Located(name.value.name, name.range), parameters: parameters,
                                  body: Located(body.expr, body.range), range: SourceRange(start, body.range.upperBound)))
        return true
    }

    /// The family name and `(` offset if the cursor is at `FAMILY(expr;`.
    private func probeDistribution() -> (family: Located<String>, open: Int)? {
        guard let family = scanner.peekWord() else { return nil }
        var probe = scanner
        probe.position = family.range.upperBound
        probe.skipBlanks()
        let open = probe.position
        guard probe.consume(UInt8(ascii: "(")) else { return nil }
        let stops = bracketStops.union(StopSet(tokens: [";", ",", ")", "|"]))
        guard let first = try? expressions.parse(from: probe.position, stoppingAt: stops) else { return nil }
        probe.position = first.range.upperBound
        probe.skipTrivia()
        return probe.current == UInt8(ascii: ";") ? (family, open) : nil
    }

    /// `FAMILY(variable; param, …)` with the cursor at the family name.
    private func parseDistribution(_ family: Located<String>, open: Int) -> DistributionSpec? {
        scanner.position = open + 1
        let stops = bracketStops.union(StopSet(tokens: [";", ",", ")", "|"]))
        guard let variable = expression(stops, expected: "the variable") else { return nil }
        guard rejectOrderTerm(in: variable) else { return nil }
        scanner.skipTrivia()
        guard scanner.consume(UInt8(ascii: ";")) else { return nil }  // the probe saw it
        var parameters: [LocatedExpr] = []
        let parameterStops = bracketStops.union(StopSet(tokens: [",", ")"]))
        while !stopped {
            guard let parameter = expression(parameterStops, expected: "a parameter") else { return nil }
            guard rejectOrderTerm(in: parameter) else { return nil }
            parameters.append(Located(parameter.expr, parameter.range))
            scanner.skipTrivia()
            if scanner.consume(UInt8(ascii: ",")) { continue }
            if scanner.consume(UInt8(ascii: ")")) { break }
            syntaxError("expected ',' or ')' in the parameters of '\(family.value)'", at: tokenRange(at: scanner.position),
                        notes: [Note("to match this '('", at: SourceRange(open, open + 1))])
            return nil
        }
        return DistributionSpec(family: family, variable: Located(variable.expr, variable.range), parameters: parameters,
                                range: SourceRange(family.range.lowerBound, scanner.position))
    }
}
