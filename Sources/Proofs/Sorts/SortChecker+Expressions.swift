// Checking the names and shapes inside one expression.
//
// Implementation notes
// --------------------
// `ExprWalker` visits the tree in source order (the order of `Expr.children`, which is the
// order the math parser records name occurrences) and consumes one occurrence per name it
// meets, so each error is located on the name that caused it. Locals (parameters, family
// variables, big-operator bindings) are a stack of names; a binding is pushed before its
// value is checked, because `z ~ p(z | x)` mentions the variable it binds. Recursion is
// bounded by `Limits.maxDepth`; the math parser already bounds expression depth, so the
// guard only matters for models built in code.
import Symbolic

/// How a name resolved.
enum Resolution {
    /// A parameter, family variable or big-operator binding.
    case local
    /// A declared or defined name.
    case global(SymbolTable.Entry)
    /// Not resolved; the error has been reported.
    case unresolved
}

extension SortCheckSession {
    /// Checks `e` with `locals` in scope and returns its shape. `defining` names the entity
    /// whose definition `e` is (it may not refer to itself).
    @discardableResult
    func walk(_ e: LocatedExpr, locals: [String], defining: String? = nil, densityAllowed: Bool = false) -> Shape {
        let walker = ExprWalker(session: self, occurrences: occurrences(in: e), fallback: e.range, locals: locals,
                                defining: defining)
        return walker.walk(e.value, densityAllowed: densityAllowed)
    }

    /// The name occurrences of `e`, found by re-parsing the text of its range; empty if that
    /// text does not parse to the same tree.
    func occurrences(in e: LocatedExpr) -> [NameOccurrence] {
        let r = e.range
        guard r.lowerBound >= 0, r.upperBound <= bytes.count, r.lowerBound < r.upperBound else { return [] }
        let text = String(decoding: bytes[r.lowerBound..<r.upperBound], as: UTF8.self)
        guard let parsed = try? ExprParser(text: text, limits: limits).parse(allowsRange: true),
              parsed.expr == e.value else { return [] }
        return parsed.names.map {
            NameOccurrence(name: $0.name, role: $0.role,
                           range: SourceRange($0.range.lowerBound + r.lowerBound, $0.range.upperBound + r.lowerBound))
        }
    }

    /// Resolves a name used at `range`, reporting undeclared names (once per name) with a suggestion.
    func resolve(_ name: String, at range: SourceRange, asCall: Bool, locals: [String], defining: String?) -> Resolution {
        if locals.contains(name) { return .local }
        if let entry = table[name] {
            used.insert(name)
            return .global(entry)
        }
        if name == defining {
            error(.undeclaredName, "'\(name)' cannot refer to itself in its own definition", at: range)
            return .unresolved
        }
        if let declared = firstDeclarations[name] {
            used.insert(name)
            if declared.lowerBound > range.lowerBound, !reportedUndeclared.contains(name) {
                reportedUndeclared.insert(name)
                error(.undeclaredName, "'\(name)' is used before its declaration", at: range,
                      notes: [Note("declared here", at: declared)])
            }
            return .unresolved
        }
        guard !reportedUndeclared.contains(name) else { return .unresolved }
        reportedUndeclared.insert(name)
        var candidates = table.names + locals
        if asCall { candidates += KnownNames.builtinFunctions.filter { $0 != "ln" } + KnownNames.specialFunctions.map(\.name) }
        let what = asCall ? "function" : "name"
        error(.undeclaredName, "undeclared \(what) '\(name)'", at: range,
              notes: suggestion(for: name, among: candidates))
        return .unresolved
    }

    /// `f(u, v)` or `p(z | x)` as declared, for messages.
    func signature(of entry: SymbolTable.Entry) -> String {
        switch entry.sort {
        case .function(let ps):
            return "\(entry.name)(\(ps.map(\.name).joined(separator: ", ")))"
        case .density(let vs, let cs):
            let variables = vs.map(\.name).joined(separator: ", ")
            return cs.isEmpty ? "\(entry.name)(\(variables))"
                              : "\(entry.name)(\(variables) | \(cs.map(\.name).joined(separator: ", ")))"
        case .scalar, .vector, .matrix:
            return entry.name
        }
    }

    /// `a scalar`, `a vector`, `a matrix`, `a function`, `a density`.
    func sortPhrase(_ sort: Sort) -> String {
        switch sort {
        case .scalar: return "a scalar"
        case .vector: return "a vector"
        case .matrix: return "a matrix"
        case .function: return "a function"
        case .density: return "a density"
        }
    }
}

/// Walks one expression, resolving names and computing shapes.
final class ExprWalker {
    let session: SortCheckSession
    let occurrences: [NameOccurrence]
    var cursor = 0
    let fallback: SourceRange
    var locals: [String]
    let defining: String?
    private var depth = 0
    private var tooDeep = false

    init(session: SortCheckSession, occurrences: [NameOccurrence], fallback: SourceRange, locals: [String],
         defining: String?) {
        self.session = session
        self.occurrences = occurrences
        self.fallback = fallback
        self.locals = locals
        self.defining = defining
    }

    /// Consumes the next occurrence of `name` in `role` and returns its range.
    func range(of name: String, role: NameOccurrence.Role) -> SourceRange {
        var i = cursor
        while i < occurrences.count {
            if occurrences[i].name == name && occurrences[i].role == role {
                cursor = i + 1
                return occurrences[i].range
            }
            i += 1
        }
        return fallback
    }

    /// The range of the first name consumed since `mark` (a sub-expression's first name).
    func anchor(since mark: Int) -> SourceRange {
        mark < cursor && mark < occurrences.count ? occurrences[mark].range : fallback
    }

    func walk(_ e: Expr, densityAllowed: Bool = false) -> Shape {
        depth += 1
        defer { depth -= 1 }
        if depth > session.limits.maxDepth {
            if !tooDeep {
                tooDeep = true
                session.error(.limitExceeded, "expression nested too deeply to check (limit is \(session.limits.maxDepth) levels)",
                              at: fallback)
            }
            return .unknown
        }
        switch e.kind {
        case .number, .constant:
            return .scalar
        case .symbol(let s):
            return symbol(s.name, densityAllowed: densityAllowed)
        case .sum(let terms):
            return sum(terms)
        case .product(let factors):
            return product(factors)
        case .power(let base, let exponent):
            return power(base, exponent)
        case .call(let function, let arguments):
            return call(function, arguments)
        case .derivative(let body, let variable, _):
            return derivative(body, variable)
        case .bigOperator(let op):
            return bigOperator(op)
        case .list(let items):
            return list(items)
        case .subscripted(let base, let indices):
            return subscripted(base, indices)
        case .range(let lower, let upper):
            _ = walk(lower)
            _ = walk(upper)
            return .unknown
        }
    }

    // MARK: Names

    private func symbol(_ name: String, densityAllowed: Bool) -> Shape {
        let r = range(of: name, role: .symbol)
        guard case .global(let entry) = session.resolve(name, at: r, asCall: false, locals: locals, defining: defining)
        else { return .unknown }
        switch entry.sort {
        case .scalar, .vector, .matrix:
            return Shape(entry.sort) ?? .unknown
        case .function:
            session.error(.sortMismatch, "function '\(name)' is used without arguments; write '\(session.signature(of: entry))'",
                          at: r)
        case .density:
            if !densityAllowed {
                session.error(.densityUsedAsNumber,
                              "density '\(name)' is used as a number; write '\(session.signature(of: entry))', "
                              + "or use it after '~' or inside KL(…) or H(…)", at: r)
            }
        }
        return .unknown
    }

    private func call(_ function: Function, _ arguments: [Expr]) -> Shape {
        switch function {
        case .builtin:
            for a in arguments { _ = walk(a) }
            return .scalar
        case .opaque(let head):
            let r = range(of: head.name, role: .function)
            if !locals.contains(head.name), let special = KnownNames.specialFunction(named: head.name) {
                return specialCall(special, head, arguments, at: r)
            }
            let resolution = session.resolve(head.name, at: r, asCall: true, locals: locals, defining: defining)
            var result = Shape.unknown
            switch resolution {
            case .local:
                session.error(.sortMismatch, "'\(head.name)' is a variable and cannot be called", at: r)
            case .unresolved:
                break
            case .global(let entry):
                result = checkCall(entry, head, argumentCount: arguments.count, at: r)
            }
            for a in arguments { _ = walk(a) }
            return result
        }
    }

    /// Arity, bar and sort of a call of a declared name.
    private func checkCall(_ entry: SymbolTable.Entry, _ head: OpaqueFunction, argumentCount count: Int,
                           at r: SourceRange) -> Shape {
        var declared = [Note("declared as '\(session.signature(of: entry))'", at: entry.range)]
        if Shape(entry.sort) != nil { declared = [Note("declared here", at: entry.range)] }
        switch entry.sort {
        case .function(let ps):
            if head.conditioningIndex != nil {
                session.error(.sortMismatch, "'\(head.name)' is a function; the bar '|' is only for densities", at: r,
                              notes: declared)
            } else if count != ps.count {
                session.error(.arityMismatch, "'\(head.name)' takes \(plural(ps.count, "argument")), got \(count)", at: r,
                              notes: declared)
            }
            // A defined function whose body is a list literal is matrix-valued (`let J(t) = [[…]]`).
            if let body = entry.body, case .list = body.kind { return .unknown }
            return .scalar
        case .density(let vs, let cs):
            let before = head.conditioningIndex ?? count
            let after = count - before
            if before != vs.count || after != cs.count {
                let shape = after == 0 && head.conditioningIndex == nil
                    ? "\(plural(count, "argument")) and no '|'"
                    : "\(plural(before, "argument")) before '|' and \(after) after"
                session.error(.arityMismatch, "density '\(head.name)' is declared as '\(session.signature(of: entry))'; "
                              + "this call has \(shape)", at: r, notes: declared)
            }
            return .scalar
        case .scalar:
            session.error(.sortMismatch, "'\(head.name)' is a scalar and cannot be called", at: r, notes: declared)
        case .vector, .matrix:
            session.error(.sortMismatch, "'\(head.name)' is \(session.sortPhrase(entry.sort)) and cannot be called; "
                          + "index it with '\(head.name)[…]'", at: r, notes: declared)
        }
        return .unknown
    }

    private func specialCall(_ special: KnownNames.SpecialFunction, _ head: OpaqueFunction, _ arguments: [Expr],
                             at r: SourceRange) -> Shape {
        let takesDensities = special.name == "KL" || special.name == "H"
        let shapes = arguments.map { walk($0, densityAllowed: takesDensities) }
        if head.conditioningIndex != nil {
            session.error(.sortMismatch, "'\(special.name)' takes no conditioning bar '|'", at: r)
            return .unknown
        }
        guard arguments.count == special.arity else {
            session.error(.arityMismatch, "'\(special.name)' takes \(plural(special.arity, "argument")), got \(arguments.count)",
                          at: r)
            return .unknown
        }
        switch special.name {
        case "det", "trace", "inverse":
            if shapes[0].isDefinitelyNonSquare {
                session.error(.shapeMismatch, "'\(special.name)' needs a square matrix, not \(shapes[0].phrase)", at: r)
                return .unknown
            }
            return special.name == "inverse" ? shapes[0] : .scalar
        case "transpose":
            return shapes[0].transposed
        case "rows":
            // As many rows as S has elements (unknown here), the columns of B.
            guard let d = shapes[0].dimensions else { return .unknown }
            return .matrix(rows: .symbol("|S|"), columns: d.columns)
        case "hadamard":
            if Shape.conflict(shapes[0], shapes[1]) {
                session.error(.shapeMismatch, "'hadamard' needs two matrices of one shape, not \(shapes[0].phrase) "
                              + "and \(shapes[1].phrase)", at: r)
                return .unknown
            }
            return shapes[0] == .unknown ? shapes[1] : shapes[0]
        case "identity":
            if Shape.conflict(shapes[0], .scalar) {
                session.error(.shapeMismatch, "'identity' takes a size, not \(shapes[0].phrase)", at: r)
                return .unknown
            }
            return .matrix(rows: arguments[0], columns: arguments[0])
        case "norm":
            if let d = shapes[0].dimensions, Shape.conflict(d.rows, .one), Shape.conflict(d.columns, .one) {
                session.error(.shapeMismatch, "'norm' takes a vector, not \(shapes[0].phrase); "
                              + "use 'normF' or 'norm2' for a matrix", at: r)
            }
            return .scalar
        case "subsets":
            return .unknown
        default:
            return .scalar
        }
    }

    private func derivative(_ body: Expr, _ variable: Symbol) -> Shape {
        let shape = walk(body)
        let r = range(of: variable.name, role: .symbol)
        if case .global(let entry) = session.resolve(variable.name, at: r, asCall: false, locals: locals, defining: defining) {
            if case .scalar = entry.sort {} else {
                session.error(.sortMismatch, "'diff' needs a scalar variable; '\(variable.name)' is \(session.sortPhrase(entry.sort))",
                              at: r)
            }
        }
        return shape
    }

    private func bigOperator(_ op: BigOperator) -> Shape {
        let r = range(of: op.name, role: .bigOperator)
        if !KnownNames.isBigOperator(op.name) {
            session.error(.undeclaredName, "unknown big operator '\(op.name)_{…}'", at: r,
                          notes: session.suggestion(for: op.name, among: KnownNames.bigOperators.map(\.name)))
        }
        let saved = locals.count
        for b in op.bindings {
            if b.relation == .option {
                if let v = b.value { _ = walk(v) }
                continue
            }
            if case .symbol(let s) = b.subject.kind {
                let sr = range(of: s.name, role: .symbol)
                if let reason = KnownNames.reservation(of: s.name) {
                    session.error(.reservedName, "\(reason) and cannot be bound", at: sr)
                }
                locals.append(s.name)
                if session.table.contains(s.name) { session.used.insert(s.name) }
            } else {
                _ = walk(b.subject)
            }
            guard let value = b.value else { continue }
            let mark = cursor
            if b.relation == .distributedAs, inlineDistribution(value) { continue }
            _ = walk(value, densityAllowed: b.relation == .distributedAs)
            if b.relation == .distributedAs { checkDistributed(value, at: anchor(since: mark)) }
        }
        let shape = walk(op.body)
        locals.removeLast(locals.count - saved)
        return op.name == "argmax" || op.name == "argmin" ? .unknown : shape
    }

    /// `bernoulli(p)` or `categorical(p0, …)` after `~` (a finite family written inline, when
    /// no declared name is called so): checks its parameters and arity and returns true.
    private func inlineDistribution(_ value: Expr) -> Bool {
        guard case .call(.opaque(let head), let arguments) = value.kind,
              InlineDistribution.familyNames.contains(head.name), !locals.contains(head.name),
              session.table[head.name] == nil else { return false }
        let r = range(of: head.name, role: .function)
        for a in arguments {
            let mark = cursor
            if Shape.conflict(walk(a), .scalar) {
                session.error(.shapeMismatch, "the parameters of '\(head.name)' are scalars", at: anchor(since: mark))
            }
        }
        if head.conditioningIndex != nil || head.isDifferentiated {
            session.error(.sortMismatch, "'\(head.name)(…)' takes its parameters without a bar '|'", at: r)
        } else if InlineDistribution(value) == nil {
            let expected = head.name == "bernoulli" ? "1 parameter (the probability of 1)"
                : "1 to \(InlineDistribution.maxCategories) probabilities"
            session.error(.arityMismatch, "'\(head.name)' takes \(expected), got \(arguments.count)", at: r)
        }
        return true
    }

    /// The value after `~` must be a density (a name or a call).
    private func checkDistributed(_ value: Expr, at r: SourceRange) {
        let name: String
        switch value.kind {
        case .symbol(let s): name = s.name
        case .call(.opaque(let head), _): name = head.name
        case .number, .constant, .sum, .product, .power, .call(.builtin, _), .derivative, .bigOperator, .list,
             .subscripted, .range:
            session.error(.sortMismatch, "expected a density after '~', such as 'x ~ p' or 'z ~ p(z | x)'", at: r)
            return
        }
        guard !locals.contains(name), let entry = session.table[name] else { return }
        if case .density = entry.sort { return }
        session.error(.sortMismatch, "'\(name)' is \(session.sortPhrase(entry.sort)), not a density; "
                      + "'~' needs a density", at: r)
    }

    // MARK: Arithmetic and shapes

    private func sum(_ terms: [Expr]) -> Shape {
        var known: Shape?
        var knownAnchor = fallback
        var reported = false
        for t in terms {
            let mark = cursor
            let s = walk(t)
            if case .unknown = s { continue }
            guard let k = known else {
                known = s
                knownAnchor = anchor(since: mark)
                continue
            }
            if !reported, Shape.conflict(k, s) {
                reported = true
                // On the term's first name, or on the first term's if this one has none (`A + 1`).
                let at = mark < cursor ? anchor(since: mark) : knownAnchor
                session.error(.shapeMismatch, "cannot add \(k.phrase) and \(s.phrase)", at: at)
            }
        }
        return reported ? .unknown : (known ?? .unknown)
    }

    private func product(_ factors: [Expr]) -> Shape {
        var accumulated = Shape.scalar
        for f in factors {
            let mark = cursor
            let s = walk(f)
            switch (accumulated, s) {
            case (.unknown, _), (_, .unknown):
                accumulated = .unknown
            case (.scalar, _):
                accumulated = s
            case (_, .scalar):
                break
            case (.vector, .vector), (.vector, .matrix), (.matrix, .vector), (.matrix, .matrix):
                guard let left = accumulated.dimensions, let right = s.dimensions else {
                    accumulated = .unknown
                    continue
                }
                if Shape.conflict(left.columns, right.rows) {
                    session.error(.shapeMismatch, "cannot multiply \(accumulated.phrase) by \(s.phrase): the left side has "
                                  + "\(plural(left.columns, "column")) but the right side has \(plural(right.rows, "row"))",
                                  at: anchor(since: mark))
                    accumulated = .unknown
                } else if left.rows.numberValue == .one, right.columns.numberValue == .one {
                    accumulated = .scalar
                } else {
                    accumulated = .matrix(rows: left.rows, columns: right.columns)
                }
            }
        }
        return accumulated
    }

    private func power(_ base: Expr, _ exponent: Expr) -> Shape {
        let mark = cursor
        let b = walk(base)
        if case .symbol(let s) = exponent.kind, s.name == "T", !locals.contains("T") {
            _ = range(of: "T", role: .symbol)
            return b.transposed
        }
        let e = walk(exponent)
        if Shape.conflict(e, .scalar) {
            session.error(.shapeMismatch, "an exponent must be a scalar, not \(e.phrase)", at: anchor(since: mark))
            return .unknown
        }
        guard b.dimensions != nil else { return b == .scalar ? .scalar : .unknown }
        if b.isDefinitelyNonSquare {
            let message = exponent.numberValue == .minusOne ? "cannot invert \(b.phrase)" : "cannot raise \(b.phrase) to a power"
            session.error(.shapeMismatch, message + "; only square matrices can be", at: anchor(since: mark))
            return .unknown
        }
        return b
    }

    private func list(_ items: [Expr]) -> Shape {
        let mark = cursor
        let shapes = items.map { walk($0) }
        let rows = items.compactMap { item -> Int? in
            if case .list(let row) = item.kind { return row.count }
            return nil
        }
        if rows.count == items.count, let first = rows.first {
            if rows.contains(where: { $0 != first }) {
                session.error(.shapeMismatch, "the rows of a matrix literal have different lengths", at: anchor(since: mark))
                return .unknown
            }
            return .matrix(rows: .integer(items.count), columns: .integer(first))
        }
        if rows.isEmpty, !shapes.contains(where: { $0.dimensions != nil }) {
            return .vector(.integer(items.count))
        }
        return .unknown
    }

    private func subscripted(_ base: Expr, _ indices: [Expr]) -> Shape {
        let mark = cursor
        let b = walk(base)
        for i in indices { _ = walk(i) }
        switch b {
        case .vector:
            if indices.count != 1 {
                session.error(.shapeMismatch, "a vector takes one index, not \(indices.count)", at: anchor(since: mark))
            }
            return .scalar
        case .matrix:
            if indices.count > 2 {
                session.error(.shapeMismatch, "a matrix takes at most two indices, not \(indices.count)", at: anchor(since: mark))
            }
            return indices.count == 2 ? .scalar : .unknown
        case .scalar:
            session.error(.shapeMismatch, "a scalar cannot be indexed", at: anchor(since: mark))
            return .unknown
        case .unknown:
            return .unknown
        }
    }
}

/// `1 argument`, `2 arguments`.
func plural(_ n: Int, _ noun: String) -> String {
    n == 1 ? "1 \(noun)" : "\(n) \(noun)s"
}

/// `1 column`, `n columns`.
func plural(_ n: Expr, _ noun: String) -> String {
    n.numberValue == .one ? "1 \(noun)" : "\(n) \(noun)s"
}
