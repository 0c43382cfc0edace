// Expr → text in the input syntax, with the fewest parentheses that re-parse to the same tree.
//
// Implementation notes
// --------------------
// The printer mirrors the parser level by level (sum, signed term, term, power, postfix,
// primary), and each function's contract is "the text it writes parses, at that level, to
// exactly this tree". Parentheses are added wherever the parser would otherwise build a
// different tree, which is more often than precedence alone suggests, because the parser
// folds and merges:
//
// - Unary minus is `negated()`: `-T` parses to `T.negated()`, which turns a number into its
//   negative and merges into a product's leading number. So a sum term or a signed term is
//   printed as `-T` only for a `T` whose negation is exactly the tree (`negationSource`):
//   `.product([-1, 2, x])` prints as `-1*2*x`, `.product([-1, .product([a, b])])` as
//   `-1*(a*b)`.
// - `INT / INT` of two bare literals folds into one number, so a factor `d^-1` is printed as
//   `/d` only when that cannot happen: `.product([x, 2, .power(3, -1)])` prints as
//   `x*2*3^-1`, never `x*2/3`. A leading `d^-1` factor prints as `d^-1`, never `1/d`.
// - Negative and fractional numbers are parenthesized wherever they are not a whole signed
//   term: `x*(-2)`, `(1/2)^x`, `x^(1/2)`; a negative integer exponent stays `x^-2`.
//
// Nodes go straight to the level they print at (a call inside a sum does not pass through
// the term and power levels), so each level of a deep tree costs few stack frames: trees
// twice as deep as `Limits.maxDepth` print in an unoptimised build on an 8 MB stack.
//
// Trees the grammar cannot express are printed as the nearest expressible text and do not
// round-trip: sums and products with fewer than two operands, ranges other than at the top
// or in call arguments and binding values, empty lists, calls without arguments or with a
// conditioning index outside `1..<count`, derivatives of order < 1, and symbols whose names
// are not identifiers (or are `pi`, `inf`).

/// Writes ``Expr`` trees in the input syntax.
struct TextPrinter {
    private(set) var output = ""

    /// Prints `expr` as a whole expression (a range prints as `a..b`).
    mutating func write(_ expr: Expr) {
        rangeOrSum(expr)
    }

    // MARK: Sums and signed terms

    private mutating func rangeOrSum(_ e: Expr) {
        if case .range(let lower, let upper) = e.kind {
            sum(lower)
            output += ".."
            sum(upper)
        } else {
            sum(e)
        }
    }

    /// Sum level. Nodes that print at primary level skip the intermediate levels, which keeps
    /// the recursion for deeply nested calls and brackets shallow.
    private mutating func sum(_ e: Expr) {
        switch e.kind {
        case .sum: sumTerms(e)
        case .number, .product: signed(e)
        case .power: power(e)
        case .range: parenthesized(e)
        case .symbol, .constant, .call, .derivative, .bigOperator, .list, .subscripted: primary(e)
        }
    }

    private mutating func sumTerms(_ e: Expr) {
        guard case .sum(let terms) = e.kind, let first = terms.first else {
            output += "0"
            return
        }
        signed(first)
        for t in terms.dropFirst() {
            if let positive = TextPrinter.negationSource(t) {
                output += " - "
                term(positive)
            } else {
                output += " + "
                term(t)
            }
        }
    }

    /// A term that may carry a leading minus.
    private mutating func signed(_ e: Expr) {
        if let positive = TextPrinter.negationSource(e) {
            output += "-"
            term(positive)
        } else {
            term(e)
        }
    }

    /// The `T` for which the text `-T` parses to `e` (T printed at term level), if `e` is
    /// best written with a leading minus.
    static func negationSource(_ e: Expr) -> Expr? {
        switch e.kind {
        case .number(let r):
            return r.isNegative ? .number(-r) : nil
        case .product(let factors):
            guard factors.count >= 2, let r = factors[0].numberValue, r.isNegative else { return nil }
            let rest = Array(factors.dropFirst())
            guard r == .minusOne else { return .product([.number(-r)] + rest) }
            switch rest[0].kind {
            case .number, .product:
                return .product([.one] + rest)
            case .symbol, .constant, .sum, .power, .call, .derivative, .bigOperator, .list, .subscripted, .range:
                return rest.count == 1 ? rest[0] : .product(rest)
            }
        case .symbol, .constant, .sum, .power, .call, .derivative, .bigOperator, .list, .subscripted, .range:
            return nil
        }
    }

    // MARK: Terms and products

    /// A term without a leading minus.
    private mutating func term(_ e: Expr) {
        switch e.kind {
        case .product(let factors):
            if factors.count >= 2 {
                product(factors)
            } else if let only = factors.first {
                term(only)
            } else {
                output += "1"
            }
        case .number(let r):
            if r.isNegative {
                parenthesized(e)
            } else {
                output += r.description  // `1/2` folds back into one number at term level
            }
        case .sum, .range:
            parenthesized(e)
        case .symbol, .constant, .power, .call, .derivative, .bigOperator, .list, .subscripted:
            power(e)
        }
    }

    private mutating func product(_ factors: [Expr]) {
        var previousIsBareInteger = false
        for (i, f) in factors.enumerated() {
            let step = TextPrinter.productStep(f, isFirst: i == 0, afterBareInteger: previousIsBareInteger)
            output += step.separator
            factor(step.operand, isFirst: i == 0)
            previousIsBareInteger = step.isBareInteger
        }
    }

    /// How factor `f` is written in a product: `*f`, `/d` for `f = d^-1` (unless that would
    /// fold `INT/INT`), or the first factor; and whether it is a bare integer literal.
    private static func productStep(_ f: Expr, isFirst: Bool, afterBareInteger: Bool)
        -> (separator: String, operand: Expr, isBareInteger: Bool) {
        if isFirst {
            if let r = f.numberValue, !r.isNegative {
                return ("", f, r.isInteger)  // a leading fraction prints as `1/2` and folds back
            }
            return ("", f, false)
        }
        if case .power(let d, let exponent) = f.kind, exponent.numberValue == .minusOne,
           !(afterBareInteger && isBareInteger(d)) {
            return ("/", d, false)
        }
        return ("*", f, isBareInteger(f))
    }

    /// A factor at power level; a non-negative number is bare (a fraction only as the first
    /// factor, where `1/2*x` folds back into one number).
    private mutating func factor(_ e: Expr, isFirst: Bool) {
        switch e.kind {
        case .number(let r) where !r.isNegative && (r.isInteger || isFirst):
            output += r.description
        case .sum, .product, .range, .number:
            parenthesized(e)
        case .power:
            power(e)
        case .symbol, .constant, .call, .derivative, .bigOperator, .list, .subscripted:
            primary(e)
        }
    }

    /// Whether `e` prints as a lone integer literal (a non-negative integer number).
    private static func isBareInteger(_ e: Expr) -> Bool {
        guard let r = e.numberValue else { return false }
        return r.isInteger && !r.isNegative
    }

    // MARK: Powers and postfix

    /// Power level: `postfix` or `postfix^exponent`.
    private mutating func power(_ e: Expr) {
        switch e.kind {
        case .power(let base, let exponent):
            postfix(base)
            output += "^"
            self.exponent(exponent)
        case .number, .sum, .product, .range:
            postfix(e)
        case .symbol, .constant, .call, .derivative, .bigOperator, .list, .subscripted:
            primary(e)
        }
    }

    private mutating func exponent(_ e: Expr) {
        switch e.kind {
        case .number(let r):
            if r.isInteger {
                output += r.description  // `x^-2` parses as x^(-2)
            } else {
                parenthesized(e)
            }
        case .product(let factors):
            if factors.count == 2, factors[0].numberValue == .minusOne, TextPrinter.isPowerLevel(factors[1]) {
                output += "-"
                power(factors[1])
            } else {
                parenthesized(e)
            }
        case .power:
            power(e)  // right-associative
        case .sum, .range:
            parenthesized(e)
        case .symbol, .constant, .call, .derivative, .bigOperator, .list, .subscripted:
            primary(e)
        }
    }

    /// Whether `-e` in an exponent parses to `.product([-1, e])`: `e` prints at power level
    /// without parentheses and `negated()` does not fold it.
    private static func isPowerLevel(_ e: Expr) -> Bool {
        switch e.kind {
        case .power, .symbol, .constant, .call, .derivative, .bigOperator, .list, .subscripted:
            return true
        case .number, .sum, .product, .range:
            return false
        }
    }

    /// Postfix level: what may stand before `^` or `[…]`.
    private mutating func postfix(_ e: Expr) {
        switch e.kind {
        case .number(let r):
            if r.isInteger && !r.isNegative {
                output += r.description
            } else {
                parenthesized(e)
            }
        case .sum, .product, .power, .range:
            parenthesized(e)
        case .symbol, .constant, .call, .derivative, .bigOperator, .list, .subscripted:
            primary(e)
        }
    }

    private mutating func parenthesized(_ e: Expr) {
        output += "("
        if case .range = e.kind { rangeOrSum(e) } else { sum(e) }
        output += ")"
    }

    // MARK: Primaries

    private mutating func primary(_ e: Expr) {
        switch e.kind {
        case .symbol, .constant: atom(e)
        case .call: call(e)
        case .derivative: derivative(e)
        case .bigOperator: bigOperator(e)
        case .list: list(e)
        case .subscripted: subscripted(e)
        case .number, .sum, .product, .power, .range: parenthesized(e)
        }
    }

    private mutating func atom(_ e: Expr) {
        switch e.kind {
        case .symbol(let s): output += s.name
        case .constant(let c): output += c.rawValue
        case .number, .sum, .product, .power, .call, .derivative, .bigOperator, .list, .subscripted, .range: break
        }
    }

    private mutating func derivative(_ e: Expr) {
        guard case .derivative(let of, let variable, let order) = e.kind else { return }
        output += "diff("
        sum(of)
        output += TextPrinter.derivativeTail(variable, order)
    }

    private static func derivativeTail(_ variable: Symbol, _ order: Int) -> String {
        order == 1 ? ", \(variable.name))" : ", \(variable.name), \(order))"
    }

    private mutating func list(_ e: Expr) {
        guard case .list(let items) = e.kind else { return }
        output += "["
        commaSeparated(items, ranges: false)
        output += "]"
    }

    private mutating func subscripted(_ e: Expr) {
        guard case .subscripted(let base, let indices) = e.kind else { return }
        postfix(base)
        output += "["
        commaSeparated(indices, ranges: false)
        output += "]"
    }

    private mutating func commaSeparated(_ items: [Expr], ranges: Bool) {
        for (i, item) in items.enumerated() {
            if i > 0 { output += ", " }
            if ranges { rangeOrSum(item) } else { sum(item) }
        }
    }

    private mutating func call(_ e: Expr) {
        guard case .call(let function, let arguments) = e.kind else { return }
        output += TextPrinter.callHead(function, arity: arguments.count)
        if let bar = TextPrinter.barPosition(function, arity: arguments.count) {
            commaSeparated(Array(arguments[..<bar]), ranges: true)
            output += " | "
            commaSeparated(Array(arguments[bar...]), ranges: true)
        } else {
            commaSeparated(arguments, ranges: !TextPrinter.isBuiltin(function))
        }
        output += ")"
    }

    private static func isBuiltin(_ function: Function) -> Bool {
        switch function {
        case .builtin: return true
        case .opaque: return false
        }
    }

    /// `log(`, `f'(`, `f'[1, 0](`.
    private static func callHead(_ function: Function, arity: Int) -> String {
        switch function {
        case .builtin(let b): return b.rawValue + "("
        case .opaque(let f): return f.name + derivativeMarks(f.derivativeOrders, arity: arity) + "("
        }
    }

    /// Where the conditioning bar goes, if the call has one that the syntax can express.
    private static func barPosition(_ function: Function, arity: Int) -> Int? {
        switch function {
        case .builtin: return nil
        case .opaque(let f):
            guard let bar = f.conditioningIndex, bar >= 1, bar < arity else { return nil }
            return bar
        }
    }

    /// `'`, `''`, `'''` for a one-argument derivative of order 1 to 3; `'[1, 0]` otherwise.
    static func derivativeMarks(_ orders: [Int], arity: Int) -> String {
        if orders.isEmpty { return "" }
        if orders.count == 1, arity == 1, (1...3).contains(orders[0]) {
            return String(repeating: "'", count: orders[0])
        }
        return "'[" + orders.map(String.init).joined(separator: ", ") + "]"
    }

    private mutating func bigOperator(_ e: Expr) {
        guard case .bigOperator(let op) = e.kind else { return }
        output += op.name + "_{"
        for (i, b) in op.bindings.enumerated() {
            if i > 0 { output += ", " }
            binding(b)
        }
        output += "}["
        sum(op.body)
        output += "]"
    }

    private mutating func binding(_ b: Binding) {
        guard let value = b.value else {
            subject(b.subject)
            return
        }
        switch b.relation {
        case .option:
            sum(b.subject)
            output += " "
            var inner = TextPrinter()
            inner.sum(value)
            // A value starting with '-' would read as `order - 2`.
            output += inner.output.hasPrefix("-") ? "(" + inner.output + ")" : inner.output
        case .bare:
            subject(b.subject)
        case .distributedAs, .equals, .member, .less, .lessEqual, .greater, .greaterEqual, .notEqual, .tendsTo:
            subject(b.subject)
            output += " " + b.relation.rawValue + " "
            rangeOrSum(value)
        }
    }

    /// A clause's subject; parenthesized when it starts with an option keyword but is more
    /// than that name (`(order[1]) > 0` would otherwise read as the option `order [1] > 0`).
    private mutating func subject(_ e: Expr) {
        var inner = TextPrinter()
        inner.sum(e)
        let text = inner.output
        let keyword = text.prefix { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "'" }
        if e.symbolValue == nil, TextPrinter.optionKeywords.contains(String(keyword)) {
            output += "(" + text + ")"
        } else {
            output += text
        }
    }

    /// The option keywords of the default parser (`ExprParser.optionKeywords`).
    static let optionKeywords: Set<String> = ["order"]
}

extension Expr: CustomStringConvertible {
    /// The expression in the input syntax, with minimal parentheses: `x - 2*y`, `a/b`,
    /// `x^-2`, `p(z | x)`, `E_{x ~ p}[log(x)]`.
    ///
    /// `Expr(parsing: e.description) == e` for every tree the grammar can express (see
    /// `TextPrinter` for the few it cannot, such as one-term sums).
    public var description: String {
        var printer = TextPrinter()
        printer.write(self)
        return printer.output
    }
}
