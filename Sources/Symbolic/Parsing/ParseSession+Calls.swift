// Names, calls, derivative heads (`f'(u)`, `f'[1,0](u, v)`) and `diff(…)`.
//
// As in `ParseSession+Arithmetic.swift`, the functions on the recursive path (`parseNamed`,
// `parseArguments`, `parseDiff`) only sequence helpers, so that deeply nested calls cost
// little stack.

/// A name as written before its arguments: `f`, `f''`, `f'[1, 0]`.
struct NameHead {
    /// The name without primes.
    var name: String
    /// The name with its primes, as spelled.
    var spelled: String
    /// The bytes of `name`.
    var nameRange: SourceRange
    /// The bytes of the whole head, primes and orders included.
    var headRange: SourceRange
    /// The number of primes (0 when orders are given in brackets).
    var primes: Int
    /// The orders of `f'[1, 0]`, if given.
    var partialOrders: [Int]?
    /// Whether arguments follow.
    var isCall: Bool

    var isDifferentiated: Bool { primes > 0 || partialOrders != nil }
}

/// The arguments of a call as they are parsed.
struct CallArguments {
    var items: [Expr] = []
    var conditioningIndex: Int?
    var context = "'('"
}

extension ParseSession {
    /// A name: a constant, a symbol, a call, or a derivative head followed by a call.
    func parseNamed() throws -> Expr {
        let head = try parseNameHead()
        guard head.isCall else { return nameWithoutArguments(head) }
        if head.name == "diff" && !head.isDifferentiated { return try parseDiff() }
        let builtin = try callee(head)
        let arguments = try parseArguments(isBuiltin: builtin != nil)
        return try makeCall(head, builtin: builtin, arguments: arguments)
    }

    /// Consumes the name, and `'[orders]` when a partial-derivative call follows.
    private func parseNameHead() throws -> NameHead {
        let nameToken = token
        let spelled = text(nameToken)
        let name = String(decoding: spelled.utf8.prefix { $0 != UInt8(ascii: "'") }, as: UTF8.self)
        let primes = spelled.utf8.count - name.utf8.count
        let nameRange = SourceRange(nameToken.range.lowerBound, nameToken.range.lowerBound + name.utf8.count)
        var head = NameHead(name: name, spelled: spelled, nameRange: nameRange, headRange: nameToken.range,
                            primes: primes, partialOrders: nil, isCall: false)
        try advance()
        if token.kind == .leftParen {
            head.isCall = true
        } else if primes > 0, token.kind == .leftBracket, derivativeHeadFollows() {
            if primes != 1 {
                throw ParseError.badDerivativeHead("write a single prime before derivative orders: '\(name)'[…]'",
                                                   at: nameToken.range)
            }
            head.partialOrders = try parseDerivativeOrders()
            head.primes = 0
            head.headRange = SourceRange(nameToken.range.lowerBound, lastEnd)
            head.isCall = true
        }
        return head
    }

    /// A constant or a symbol.
    private func nameWithoutArguments(_ head: NameHead) -> Expr {
        if head.primes == 0, let constant = MathConstant(rawValue: head.spelled) {
            return Expr(.constant(constant))
        }
        names.append(NameOccurrence(name: head.spelled, role: .symbol, range: head.headRange))
        return .symbol(head.spelled)
    }

    /// Whether the tokens ahead are `[ INT {, INT} ] (`, the partial-derivative head.
    private func derivativeHeadFollows() -> Bool {
        var probe = lexer
        func next() -> Token? {
            while true {
                guard let t = try? probe.next() else { return nil }
                if t.kind == .newline || t.kind == .comment { continue }
                return t
            }
        }
        // `token` is the `[`.
        while true {
            guard next()?.kind == .integer, let separator = next() else { return false }
            if separator.kind == .comma { continue }
            guard separator.kind == .rightBracket else { return false }
            return next()?.kind == .leftParen
        }
    }

    /// `[ INT {, INT} ]` after a primed name; each order is at most `limits.maxOrder`.
    private func parseDerivativeOrders() throws -> [Int] {
        let opening = token.range
        try open()
        var orders: [Int] = []
        while true {
            let value = lexer.numberValue(of: token)
            guard let k = value.asInt, k <= limits.maxOrder else {
                throw ParseError.badDerivativeHead("derivative order exceeds the limit of \(limits.maxOrder)",
                                                   at: token.range)
            }
            orders.append(k)
            try advance()
            guard token.kind == .comma else { break }
            try advance(expectingOperand: true)
        }
        try close(.rightBracket, "]", opener: "[", openedAt: opening)
        return orders
    }

    /// Checks the head and records the name; returns the built-in it names, if any.
    private func callee(_ head: NameHead) throws -> Builtin? {
        let builtin = Builtin(named: head.name)
        if builtin != nil && head.isDifferentiated {
            throw ParseError.badDerivativeHead(
                "cannot differentiate built-in '\(head.name)' with a prime; write 'diff(\(head.name)(u), u)'",
                at: head.headRange)
        }
        if head.primes > limits.maxOrder {
            throw ParseError.badDerivativeHead("derivative order exceeds the limit of \(limits.maxOrder)",
                                               at: head.headRange)
        }
        if builtin == nil {
            names.append(NameOccurrence(name: head.name, role: .function, range: head.nameRange))
        }
        return builtin
    }

    /// `( range {, range} [| range {, range}] )`, where `token` is the `(`.
    private func parseArguments(isBuiltin: Bool) throws -> CallArguments {
        let opening = token.range
        try enter()
        try open()
        var arguments = CallArguments()
        repeat {
            let argument = try parseSum(after: arguments.context)
            try appendArgument(argument, to: &arguments, isBuiltin: isBuiltin)
        } while try parseArgumentSeparator(&arguments, isBuiltin: isBuiltin)
        try close(.rightParen, ")", opener: "(", openedAt: opening)
        leave()
        return arguments
    }

    /// Appends an argument, completing it to a range `a..b` if one follows.
    private func appendArgument(_ argument: Expr, to arguments: inout CallArguments,
                                         isBuiltin: Bool) throws {
        if token.kind == .dotDot {
            arguments.items.append(try parseRangeUpperBound(argument, allowsRange: !isBuiltin))
        } else {
            arguments.items.append(argument)
        }
    }

    /// Consumes `,` or a conditioning bar `|` between arguments, if present.
    private func parseArgumentSeparator(_ arguments: inout CallArguments, isBuiltin: Bool) throws -> Bool {
        if token.kind == .comma {
            arguments.context = "','"
        } else if token.kind == .bar {
            if isBuiltin {
                throw ParseError.badConditioningBar(
                    "conditioning bar '|' is only allowed in calls of opaque functions and densities", at: token.range)
            }
            if arguments.conditioningIndex != nil {
                throw ParseError.badConditioningBar("a call can have only one conditioning bar '|'", at: token.range)
            }
            arguments.conditioningIndex = arguments.items.count
            arguments.context = "'|'"
        } else {
            return false
        }
        try advance(expectingOperand: true)
        return true
    }

    /// Builds the call node, checking arity and derivative orders.
    private func makeCall(_ head: NameHead, builtin: Builtin?, arguments: CallArguments) throws -> Expr {
        let callRange = SourceRange(head.headRange.lowerBound, lastEnd)
        let count = arguments.items.count
        let name = head.name
        if let builtin {
            if let arity = builtin.arity {
                if count != arity {
                    let noun = arity == 1 ? "argument" : "arguments"
                    throw ParseError.wrongArgumentCount("'\(name)' expects \(arity) \(noun), got \(count)", at: callRange)
                }
            } else if count < 2 {
                throw ParseError.wrongArgumentCount("'\(name)' expects at least 2 arguments, got \(count)", at: callRange)
            }
            return Expr(.call(.builtin(builtin), arguments.items))
        }
        var orders: [Int] = []
        if let partialOrders = head.partialOrders {
            if partialOrders.count != count {
                throw ParseError.badDerivativeHead(
                    "'\(name)'[…]' lists \(partialOrders.count) derivative orders for \(count) arguments",
                    at: head.headRange)
            }
            orders = partialOrders
        } else if head.primes > 0 {
            if count != 1 {
                throw ParseError.badDerivativeHead(
                    "a primed call takes one argument; write '\(name)'[1, 0](u, v)' for partial derivatives",
                    at: head.headRange)
            }
            orders = [head.primes]
        }
        let function = OpaqueFunction(name: name, conditioningIndex: arguments.conditioningIndex, derivativeOrders: orders)
        return Expr(.call(.opaque(function), arguments.items))
    }

    // MARK: diff

    /// `diff(expr, x)` or `diff(expr, x, k)`, where `token` is the `(`.
    private func parseDiff() throws -> Expr {
        let opening = token.range
        try enter()
        try open()
        let body = try parseSum(after: "'('")
        try expectDiffComma()
        let variableStart = token.range.lowerBound
        let variable = try diffVariable(try parseSum(after: "','"), start: variableStart)
        var order = 1
        if token.kind == .comma {
            try advance(expectingOperand: true)
            let orderStart = token.range.lowerBound
            order = try diffOrder(try parseSum(after: "','"), start: orderStart)
        }
        try close(.rightParen, ")", opener: "(", openedAt: opening)
        leave()
        return Expr(.derivative(of: body, variable: variable, order: order))
    }

    private func expectDiffComma() throws {
        guard token.kind == .comma else {
            throw ParseError.badDerivative("expected ',' and a variable after the expression in 'diff'", at: token.range)
        }
        try advance(expectingOperand: true)
    }

    private func diffVariable(_ e: Expr, start: Int) throws -> Symbol {
        guard let variable = e.symbolValue else {
            throw ParseError.badDerivative("expected a variable as the second argument of 'diff'",
                                           at: SourceRange(start, lastEnd))
        }
        return variable
    }

    private func diffOrder(_ e: Expr, start: Int) throws -> Int {
        let range = SourceRange(start, lastEnd)
        guard let k = e.numberValue?.asInt, k >= 1 else {
            throw ParseError.badDerivative("expected a positive integer as the order of 'diff'", at: range)
        }
        guard k <= limits.maxOrder else {
            throw ParseError.badDerivative("derivative order \(k) exceeds the limit of \(limits.maxOrder)", at: range)
        }
        return k
    }
}
