// Sums, products, powers, postfix indexing and the primaries that nest.
//
// Implementation notes
// --------------------
// Every nesting level of the input (a parenthesis, list, call, `|x|`, big operator) recurses
// through `parseSum → parseFactor → parsePostfix → (bracket) → parseSum`. Those functions
// are kept deliberately small: the bookkeeping of a sum or product lives in a `SumBuilder`
// value and the work in helpers that have returned before the recursion happens, so a
// level costs little stack even in unoptimised builds. Chains that do not nest the input,
// `---x`, `a^b^c^…` and `B[i][j]…`, are loops, not recursion; each `^` and `[…]` still
// counts one level of depth because it deepens the tree.
//
// The `INT / INT` fold: a term remembers whether the factor just appended was a bare
// integer literal (a lone integer token: no parentheses, postfix or exponent) reached by
// `*` or beginning the term. If so and `/` is followed by another bare integer literal with
// a non-zero value, the two become one rational number. `1/2/3` is therefore
// `(1/2) * 3^-1`, and `(1)/2` and `1/2^3` do not fold. The printer relies on this rule.

/// One parsed factor and whether it was a bare integer literal.
struct Operand {
    var expr: Expr
    var isBareInteger: Bool
}

/// The state of one `sum`, outside the recursive frames.
struct SumBuilder {
    var terms: [Expr] = []
    var factors: [Expr] = []
    var previousIsBareInteger = false
    var isDivision = false
    var negations = 0
    /// What came just before the next operand, for "expected expression after …".
    var context: String?

    mutating func startTerm(_ first: Operand) {
        factors = [first.expr]
        previousIsBareInteger = first.isBareInteger
    }

    mutating func addFactor(_ factor: Operand) {
        if isDivision {
            if previousIsBareInteger, factor.isBareInteger, let n = factors.last?.numberValue,
               let d = factor.expr.numberValue, let q = n.dividing(by: d) {
                factors[factors.count - 1] = .number(q)
            } else {
                factors.append(.power(factor.expr, .minusOne))
            }
            previousIsBareInteger = false
        } else {
            factors.append(factor.expr)
            previousIsBareInteger = factor.isBareInteger
        }
    }

    mutating func finishTerm() {
        var term = factors.count == 1 ? factors[0] : Expr.product(factors)
        while negations > 0 {
            term = term.negated()
            negations -= 1
        }
        terms.append(term)
        factors = []
    }

    var result: Expr { terms.count == 1 ? terms[0] : .sum(terms) }
}

extension ParseSession {
    // MARK: Ranges and sums

    /// `range = sum [".." sum]`.
    func parseRangeOrSum(allowsRange: Bool, after context: String?) throws -> Expr {
        let lower = try parseSum(after: context)
        guard token.kind == .dotDot else { return lower }
        return try parseRangeUpperBound(lower, allowsRange: allowsRange)
    }

    /// The `.. sum` of a range whose lower bound is parsed; `token` is the `..`.
    func parseRangeUpperBound(_ lower: Expr, allowsRange: Bool) throws -> Expr {
        guard allowsRange else { throw ParseError.rangeNotAllowed(at: token.range) }
        try advance(expectingOperand: true)
        let upper = try parseSum(after: "'..'")
        if token.kind == .dotDot { throw ParseError.unexpected("'..'", "; a range has one '..'", at: token.range) }
        return Expr(.range(lower, upper))
    }

    /// `sum = signed {("+" | "-") signed}`, `signed = "-" signed | term`,
    /// `term = power {("*" | "/") power}`.
    func parseSum(after context: String?) throws -> Expr {
        var sum = SumBuilder(context: context)
        repeat {
            try parseSigns(&sum)
            sum.startTerm(try parseFactor(after: sum.context))
            while try parseProductOperator(&sum) {
                sum.addFactor(try parseFactor(after: sum.context))
            }
            sum.finishTerm()
        } while try parseSumOperator(&sum)
        return sum.result
    }

    /// Unary minus signs before a term (counted into `sum.negations`); rejects unary plus.
    private func parseSigns(_ sum: inout SumBuilder) throws {
        while token.kind == .minus {
            sum.negations += 1
            sum.context = "'-'"
            try advance(expectingOperand: true)
        }
        if token.kind == .plus {
            throw ParseError.unaryOperatorNotAllowed("unary '+' is not supported", at: token.range)
        }
    }

    /// Consumes `*` or `/` if present; rejects a unary minus right after it.
    private func parseProductOperator(_ sum: inout SumBuilder) throws -> Bool {
        guard token.kind == .star || token.kind == .slash else { return false }
        sum.isDivision = token.kind == .slash
        let op = sum.isDivision ? "/" : "*"
        sum.context = "'\(op)'"
        try advance(expectingOperand: true)
        if token.kind == .minus {
            throw ParseError.unaryOperatorNotAllowed(
                "unary '-' after '\(op)' must be parenthesized: write '\(op)(-…)'", at: token.range)
        }
        return true
    }

    /// Consumes `+` or `-` between terms if present.
    private func parseSumOperator(_ sum: inout SumBuilder) throws -> Bool {
        if token.kind == .plus {
            sum.context = "'+'"
        } else if token.kind == .minus {
            sum.negations = 1
            sum.context = "'-'"
        } else {
            return false
        }
        try advance(expectingOperand: true)
        return true
    }

    // MARK: Powers

    /// `power = postfix ["^" exponent]`, `exponent = "-" exponent | power`.
    func parseFactor(after context: String?) throws -> Operand {
        let base = try parsePostfix(after: context)
        guard token.kind == .caret else { return base }
        return try parsePowerChain(base)
    }

    /// `b0 ^ -…b1 ^ -…b2 …` where `token` is the first `^`: collected in a loop and folded
    /// from the right (right-associative).
    private func parsePowerChain(_ base: Operand) throws -> Operand {
        var operands = [base.expr]
        var negations: [Int] = []  // minus signs before operands[i + 1]
        while token.kind == .caret {
            try enter()
            try advance(expectingOperand: true)
            var minuses = 0
            while token.kind == .minus {
                minuses += 1
                try advance(expectingOperand: true)
            }
            negations.append(minuses)
            operands.append(try parsePostfix(after: minuses > 0 ? "'-'" : "'^'").expr)
        }
        var result = operands[operands.count - 1]
        for i in stride(from: operands.count - 2, through: 0, by: -1) {
            for _ in 0..<negations[i] { result = result.negated() }
            result = .power(operands[i], result)
            leave()
        }
        return Operand(expr: result, isBareInteger: false)
    }

    // MARK: Postfix and primaries

    /// `postfix = primary {"[" indices "]"}`, then the check for a missing operator.
    func parsePostfix(after context: String?) throws -> Operand {
        var operand: Operand
        let kind = token.kind
        switch kind {
        case .integer, .decimal:
            operand = try parseNumber()
        case .identifier:
            try checkNotStop(after: context)
            operand = Operand(expr: try parseNamed(), isBareInteger: false)
        case .bigOperatorHead:
            operand = Operand(expr: try parseBigOperator(), isBareInteger: false)
        case .leftParen, .leftBracket, .bar:
            operand = Operand(expr: try parseBracketed(), isBareInteger: false)
        case .plus, .minus, .star, .slash, .caret, .rightParen, .rightBracket, .leftBrace, .rightBrace,
             .comma, .semicolon, .colon, .tilde, .equal, .notEqual, .less, .lessEqual, .greater,
             .greaterEqual, .arrow, .dotDot, .newline, .comment, .end:
            throw missingOperand(after: context)
        }
        if case .leftBracket = token.kind {
            operand = Operand(expr: try parseSubscripts(operand.expr), isBareInteger: false)
        }
        try checkOperatorFollows()
        return operand
    }

    /// An integer or decimal literal.
    private func parseNumber() throws -> Operand {
        let operand = Operand(expr: .number(lexer.numberValue(of: token)), isBareInteger: token.kind == .integer)
        try advance()
        return operand
    }

    /// A caller's stop keyword cannot be an operand.
    private func checkNotStop(after context: String?) throws {
        if atStop() { throw ParseError.expectedExpression(after: context, at: token.range) }
    }

    @inline(never)
    private func missingOperand(after context: String?) -> ParseError {
        if token.kind == .plus {
            return .unaryOperatorNotAllowed("unary '+' is not supported", at: token.range)
        }
        return .expectedExpression(after: context, at: token.range)
    }

    /// Two operands side by side (`2 x`, `(a)(b)`) are an error, not a product.
    private func checkOperatorFollows() throws {
        guard token.beginsOperand, !atStop() else { return }
        if inIsKeyword && token.kind == .identifier && text(token) == "in" { return }
        throw ParseError.implicitMultiplication(before: String(quoted(token).dropFirst().dropLast()), at: token.range)
    }

    /// `( sum )`, `[ items ]` or `| sum |`, where `token` is the opener.
    private func parseBracketed() throws -> Expr {
        let opener = token
        try enter()
        try open()
        let result: Expr
        if opener.kind == .leftBracket {
            result = Expr(.list(try parseItems(after: "'['")))
            try close(.rightBracket, "]", opener: "[", openedAt: opener.range)
        } else if opener.kind == .bar {
            result = .call(.abs, try parseSum(after: "'|'"))
            try close(.bar, "|", opener: "|", openedAt: opener.range)
        } else {
            result = try parseSum(after: "'('")
            try close(.rightParen, ")", opener: "(", openedAt: opener.range)
        }
        leave()
        return result
    }

    /// `base [ items ] [ items ] …`, where `token` is the first `[`. Each index list deepens
    /// the tree, so each counts one level of depth until the chain ends.
    private func parseSubscripts(_ base: Expr) throws -> Expr {
        var result = base
        var levels = 0
        while case .leftBracket = token.kind {
            let opening = token.range
            try enter()
            levels += 1
            try open()
            let indices = try parseItems(after: "'['")
            try close(.rightBracket, "]", opener: "[", openedAt: opening)
            result = Expr(.subscripted(result, indices))
        }
        for _ in 0..<levels { leave() }
        return result
    }

    /// A non-empty comma-separated list of sums (list items, indices).
    func parseItems(after context: String) throws -> [Expr] {
        var items = [try parseSum(after: context)]
        while token.kind == .comma {
            try advance(expectingOperand: true)
            items.append(try parseSum(after: "','"))
        }
        return items
    }
}
