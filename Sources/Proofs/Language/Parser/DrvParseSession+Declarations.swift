// Header lines, declarations, assumptions and `let` definitions.
import Symbolic

extension DrvParseSession {
    // MARK: Header

    /// `title "…"` or `source "…"`.
    func parseHeader(_ keyword: Located<String>) -> Bool {
        guard let value = readString(after: "'\(keyword.value)'") else { return false }
        guard expectLineEnd(after: "the \(keyword.value)") else { return false }
        let existing = keyword.value == "title" ? title : source
        if let existing {
            error(.duplicateName, "duplicate '\(keyword.value)'", at: keyword.range,
                  notes: [Note("first given here", at: existing.range)])
            return true
        }
        if keyword.value == "title" { title = value } else { source = value }
        return true
    }

    /// `latex NAME "…"`.
    func parseLaTeXOverride(_ keyword: Located<String>) -> Bool {
        guard let name = readName(after: "'latex'") else { return false }
        guard let rendering = readString(after: "'latex \(name.value.name)'", expecting: "the LaTeX") else { return false }
        guard expectLineEnd(after: "the LaTeX rendering") else { return false }
        let override = LaTeXOverride(name: Located(name.value.name, name.range), rendering: rendering,
                                     range: SourceRange(keyword.range.lowerBound, rendering.range.upperBound))
        items.append(.latexName(override))
        return true
    }

    // MARK: Declarations

    /// `real x, z [REL bound]`, `vector v[n]`, `matrix B[r, c] props`, `function f(u) props [= body]`,
    /// `density p(z | x) [= body]`.
    func parseDeclaration(_ keyword: Located<String>) -> Bool {
        if let property = DrvVocabulary.scalarProperty(keyword.value) {
            return parseScalarDeclaration(keyword, property: property)
        }
        switch keyword.value {
        case "vector", "matrix":
            return parseShapedDeclaration(keyword)
        default:
            return parseFunctionDeclaration(keyword)
        }
    }

    private func parseScalarDeclaration(_ keyword: Located<String>, property: Property) -> Bool {
        var names: [Located<Symbol>] = []
        repeat {
            guard let name = readName(after: names.isEmpty ? "'\(keyword.value)'" : "','") else { return false }
            names.append(name)
            scanner.skipBlanks()
        } while scanner.consume(UInt8(ascii: ","))
        if scanner.current == UInt8(ascii: "[") || scanner.current == UInt8(ascii: "(") {
            let what = scanner.current == UInt8(ascii: "[") ? "write 'vector v[n]' or 'matrix B[r, c]'" : "write 'function f(u)'"
            syntaxError("'\(keyword.value)' declares scalars; \(what)", at: scanner.characterRange(at: scanner.position))
            return false
        }
        var constraint: (relation: Located<Relation>, bound: LocatedExpr)?
        switch scanner.scanRelation(at: scanner.position) {
        case .relation(let relation):
            scanner.position = relation.range.upperBound
            guard let bound = expression(lineStops.union(.relations),
                                         expected: "an expression after '\(relation.value.rawValue)'") else { return false }
            guard rejectOrderTerm(in: bound) else { return false }
            constraint = (relation, Located(bound.expr, bound.range))
            scanner.skipBlanks()
            if case .relation = scanner.scanRelation(at: scanner.position) {
                syntaxError("a declaration states one constraint; add an 'assume' line for another",
                            at: tokenRange(at: scanner.position))
                return false
            }
        case .invalid(let message, let range):
            syntaxError(message, at: range)
            return false
        case .none:
            break
        }
        guard expectLineEnd(after: "the declaration") else { return false }
        let end = constraint?.bound.range.upperBound ?? names[names.count - 1].range.upperBound
        items.append(.declaration(Declaration(sort: .scalar(property), keyword: keyword, names: names,
                                              constraint: constraint, range: SourceRange(keyword.range.lowerBound, end))))
        return true
    }

    /// `vector x[n]`, `matrix B[4, 2] fullrank`, or several at once: `vector x[n], y[n]`
    /// (each name with its own shape and properties; one declaration item per name).
    private func parseShapedDeclaration(_ keyword: Located<String>) -> Bool {
        var first = true
        repeat {
            guard parseShapedName(keyword, isFirst: first) else { return false }
            first = false
            scanner.skipBlanks()
        } while scanner.consume(UInt8(ascii: ","))
        return expectLineEnd(after: "the declaration")
    }

    /// One `NAME[sizes] properties` of a `vector` or `matrix` declaration.
    private func parseShapedName(_ keyword: Located<String>, isFirst: Bool) -> Bool {
        let isMatrix = keyword.value == "matrix"
        guard let name = readName(after: isFirst ? "'\(keyword.value)'" : "','") else { return false }
        scanner.skipBlanks()
        let open = scanner.position
        guard scanner.consume(UInt8(ascii: "[")) else {
            let example = isMatrix ? "'matrix \(name.value.name)[rows, columns]'" : "'vector \(name.value.name)[length]'"
            syntaxError("expected '[' and the shape after '\(name.value.name)': write \(example)", at: tokenRange(at: open))
            return false
        }
        let stops = bracketStops.union(StopSet(tokens: [",", "]"]))
        var sizes: [LocatedExpr] = []
        while !stopped {
            guard let size = expression(stops, expected: "a size") else { return false }
            guard rejectOrderTerm(in: size) else { return false }
            sizes.append(Located(size.expr, size.range))
            scanner.skipTrivia()
            if scanner.consume(UInt8(ascii: ",")) { continue }
            if scanner.consume(UInt8(ascii: "]")) { break }
            syntaxError("expected ',' or ']' in the shape of '\(name.value.name)'", at: tokenRange(at: scanner.position),
                        notes: [Note("to match this '['", at: SourceRange(open, open + 1))])
            return false
        }
        let shapeEnd = scanner.position
        let expected = isMatrix ? 2 : 1
        guard sizes.count == expected else {
            let message = isMatrix ? "a matrix has two sizes: write '[rows, columns]'"
                                   : "a vector has one size: write '[length]'; declare a matrix with 'matrix'"
            syntaxError(message, at: SourceRange(open, scanner.position))
            return false
        }
        guard let properties = readProperties(of: keyword.value, allowed: isMatrix ? DrvVocabulary.matrixProperties : [])
        else { return false }
        let sort: Sort = isMatrix ? .matrix(rows: sizes[0].value, columns: sizes[1].value) : .vector(length: sizes[0].value)
        let end = properties.last?.range.upperBound ?? shapeEnd
        let start = isFirst ? keyword.range.lowerBound : name.range.lowerBound
        items.append(.declaration(Declaration(sort: sort, keyword: keyword, names: [name], properties: properties,
                                              sizes: sizes, range: SourceRange(start, end))))
        return true
    }

    private func parseFunctionDeclaration(_ keyword: Located<String>) -> Bool {
        let isDensity = keyword.value == "density"
        guard let name = readName(after: "'\(keyword.value)'") else { return false }
        guard let (parameters, conditions) = parameterList(of: name.value.name, allowsBar: isDensity) else { return false }
        let afterParameters = scanner.position
        guard let properties = readProperties(of: keyword.value, allowed: isDensity ? [] : DrvVocabulary.functionProperties)
        else { return false }
        var body: LocatedExpr?
        scanner.skipBlanks()
        if scanner.current == UInt8(ascii: "=") {
            scanner.position += 1
            guard let parsed = expression(lineStops, expected: "an expression after '='") else { return false }
            guard rejectOrderTerm(in: parsed) else { return false }
            body = Located(parsed.expr, parsed.range)
        }
        guard expectLineEnd(after: "the declaration") else { return false }
        let sort: Sort = isDensity
            ? .density(variables: parameters.map(\.value), conditions: conditions.map(\.value))
            : .function(parameters: parameters.map(\.value))
        let end = body?.range.upperBound ?? properties.last?.range.upperBound ?? afterParameters
        items.append(.declaration(Declaration(sort: sort, keyword: keyword, names: [name], properties: properties,
                                              body: body, parameters: parameters + conditions,
                                              range: SourceRange(keyword.range.lowerBound, end))))
        return true
    }

    /// Words after a declaration up to `=` or the end of the line, each checked against `allowed`.
    private func readProperties(of sort: String, allowed: [String]) -> [Located<String>]? {
        var properties: [Located<String>] = []
        while !stopped {
            scanner.skipBlanks()
            guard let word = scanner.readWord() else { return properties }
            // `rank(r)`: the one property with an argument, an integer or a name.
            if word.value == "rank" && allowed.contains("rank(r)") {
                guard let ranked = readRankArgument(word) else { return nil }
                properties.append(ranked)
                continue
            }
            if !allowed.contains(word.value) {
                var notes: [Note] = []
                if allowed.isEmpty {
                    notes.append(Note("a \(sort) declaration takes no properties"))
                } else {
                    if let suggestion = DrvVocabulary.suggestion(for: word.value, among: allowed) {
                        notes.append(Note("did you mean '\(suggestion)'?"))
                    }
                    notes.append(Note("the properties of a \(sort) are " + allowed.map { "'\($0)'" }.joined(separator: ", ")))
                }
                error(.unknownProperty, "unknown property '\(word.value)' for a \(sort)", at: word.range, notes: notes)
                return nil
            }
            properties.append(word)
        }
        return nil
    }

    /// The `(r)` of `rank(r)` after the word `rank`: an integer literal or a name, stored as
    /// the property `rank(r)`.
    private func readRankArgument(_ word: Located<String>) -> Located<String>? {
        scanner.skipBlanks()
        let open = scanner.position
        guard scanner.consume(UInt8(ascii: "(")) else {
            syntaxError("expected '(' after 'rank': write 'rank(2)' or 'rank(r)'", at: tokenRange(at: open))
            return nil
        }
        scanner.skipBlanks()
        var end = scanner.position
        while let b = scanner.byte(at: end), DrvScanner.isLetter(b) || DrvScanner.isDigit(b) || b == UInt8(ascii: "_") {
            end += 1
        }
        let argument = SourceRange(scanner.position, end)
        let text = scanner.text(of: argument)
        scanner.position = end
        scanner.skipBlanks()
        guard !text.isEmpty else {
            syntaxError("the rank is an integer or a name: write 'rank(2)' or 'rank(r)'",
                        at: tokenRange(at: scanner.position))
            return nil
        }
        guard scanner.consume(UInt8(ascii: ")")) else {
            syntaxError("expected ')' after the rank '\(text)'", at: tokenRange(at: scanner.position),
                        notes: [Note("to match this '('", at: SourceRange(open, open + 1))])
            return nil
        }
        return Located("rank(\(text))", SourceRange(word.range.lowerBound, scanner.position))
    }

    // MARK: Assumptions and definitions

    /// `assume LHS REL RHS`.
    func parseAssumption(_ keyword: Located<String>) -> Bool {
        let stops = lineStops.union(.relations)
        guard let lhs = expression(stops, expected: "a relation after 'assume'") else { return false }
        guard rejectOrderTerm(in: lhs) else { return false }
        scanner.skipBlanks()
        let relation: Located<Relation>
        switch scanner.scanRelation(at: scanner.position) {
        case .relation(let r):
            relation = r
        case .invalid(let message, let range):
            syntaxError(message, at: range)
            return false
        case .none:
            syntaxError("expected a relation (=, !=, <, <=, >, >=) after the left side of the assumption",
                        at: tokenRange(at: scanner.position))
            return false
        }
        scanner.position = relation.range.upperBound
        guard let rhs = expression(stops, expected: "an expression after '\(relation.value.rawValue)'") else { return false }
        guard rejectOrderTerm(in: rhs) else { return false }
        scanner.skipBlanks()
        if case .relation = scanner.scanRelation(at: scanner.position) {
            syntaxError("an assumption states one relation; write two 'assume' lines for 'a < x < b'",
                        at: tokenRange(at: scanner.position))
            return false
        }
        guard expectLineEnd(after: "the assumption") else { return false }
        items.append(.assumption(Assumption(lhs: Located(lhs.expr, lhs.range), relation: relation,
                                            rhs: Located(rhs.expr, rhs.range),
                                            range: SourceRange(keyword.range.lowerBound, rhs.range.upperBound))))
        return true
    }

    /// `let NAME = body` or `let f(u, v) = body`.
    func parseDefinition(_ keyword: Located<String>) -> Bool {
        guard let name = readName(after: "'let'") else { return false }
        var parameters: [Located<Symbol>] = []
        scanner.skipBlanks()
        if scanner.current == UInt8(ascii: "(") {
            guard let list = parameterList(of: name.value.name, allowsBar: false) else { return false }
            parameters = list.names
        }
        scanner.skipBlanks()
        guard scanner.consume(UInt8(ascii: "=")) else {
            syntaxError("expected '=' after '\(name.value.name)' in the definition", at: tokenRange(at: scanner.position))
            return false
        }
        guard let body = expression(lineStops, expected: "an expression after '='") else { return false }
        guard rejectOrderTerm(in: body) else { return false }
        guard expectLineEnd(after: "the definition") else { return false }
        items.append(.definition(Definition(name: name, parameters: parameters, body: Located(body.expr, body.range),
                                            range: SourceRange(keyword.range.lowerBound, body.range.upperBound))))
        return true
    }
}
