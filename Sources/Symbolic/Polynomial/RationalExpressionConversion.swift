// Conversion between pure rational expressions and polynomials / rational functions.
//
// Implementation notes
// --------------------
// `Expr → RationalFunction` folds the tree bottom-up (an explicit stack, no recursion): numbers become constants, symbols get a
// variable index from the table (new symbols are appended), sums and products use the
// rational-function arithmetic (which skips all gcd work while denominators are 1), and
// integer powers use `Polynomial.power` (negative powers invert). Results are memoised per
// distinct sub-expression, so a DAG such as f·(f + 1) converts f once.
// `Polynomial → Expr` emits a sum of products in the engine's term order: for each term the
// coefficient first (omitted when 1, −1 kept as the number −1), then x^e factors in variable
// order (x^1 as the bare symbol). Power nodes x^e are shared between terms.

/// The table from polynomial variable indices to symbols, built during conversion.
public struct PolynomialVariables: Sendable, Hashable {
    /// The symbols, indexed by variable.
    public private(set) var symbols: [Symbol] = []
    private var indices: [Symbol: Int] = [:]

    /// An empty table.
    public init() {}

    /// A table with the given symbols as variables 0, 1, … (duplicates are ignored).
    public init(_ symbols: [Symbol]) {
        for s in symbols { _ = index(adding: s) }
    }

    /// The number of variables.
    public var count: Int { symbols.count }

    /// The index of `symbol`, if it is in the table.
    public func index(of symbol: Symbol) -> Int? { indices[symbol] }

    /// The index of `symbol`, appending it when new.
    public mutating func index(adding symbol: Symbol) -> Int {
        if let i = indices[symbol] { return i }
        indices[symbol] = symbols.count
        symbols.append(symbol)
        return symbols.count - 1
    }
}

/// Why an expression is not a rational function of its symbols.
public enum RationalConversionError: Error, Sendable, Hashable {
    /// A construct other than numbers, symbols, sums, products and integer powers.
    case notRational(Expr)
    /// A power whose exponent is not an integer number.
    case nonIntegerExponent(Expr)
    /// A division by an expression that is identically zero.
    case divisionByZero(Expr)
    /// A denominator that is not constant where a polynomial with integer coefficients was
    /// required, or a non-integer coefficient.
    case notPolynomial(Expr)
}

extension RationalFunction {
    /// Converts a pure rational expression (numbers, symbols, sums, products, integer powers),
    /// adding its symbols to `variables`. Throws ``RationalConversionError`` for anything else
    /// and ``LimitExceeded`` when a limit is hit (including `maxDepth` for deep trees).
    public init(_ expression: Expr, variables: inout PolynomialVariables, limits: Limits = .default) throws {
        if expression.height > limits.maxDepth {
            throw LimitExceeded(limit: "maxDepth", requested: expression.height, maximum: limits.maxDepth)
        }
        var memo: [Expr: RationalFunction] = [:]
        self = try RationalFunction.convert(expression, &variables, &memo, limits)
    }

    /// Post-order conversion with an explicit stack (deep trees do not exhaust the thread's
    /// stack); symbols get indices in left-to-right order of first occurrence.
    static func convert(_ root: Expr, _ variables: inout PolynomialVariables, _ memo: inout [Expr: RationalFunction],
                        _ limits: Limits) throws -> RationalFunction {
        var work: [(expr: Expr, expanded: Bool)] = [(root, false)]
        var results: [RationalFunction] = []
        while let (e, expanded) = work.popLast() {
            switch e.kind {
            case .number(let r):
                results.append(RationalFunction(r))
            case .symbol(let s):
                let i = variables.index(adding: s)
                results.append(RationalFunction(Polynomial.variable(i, variableCount: variables.count)))
            case .sum(let items), .product(let items):
                if let hit = memo[e] {
                    results.append(hit)
                } else if !expanded {
                    work.append((e, true))
                    for item in items.reversed() { work.append((item, false)) }
                } else {
                    let operands = results.suffix(items.count)
                    var result: RationalFunction
                    if case .sum = e.kind {
                        result = .zero
                        for x in operands { result = try result.adding(x, limits: limits) }
                    } else {
                        result = .one
                        for x in operands { result = try result.multiplied(by: x, limits: limits) }
                    }
                    results.removeLast(items.count)
                    memo[e] = result
                    results.append(result)
                }
            case .power(let base, let exponent):
                if let hit = memo[e] {
                    results.append(hit)
                    continue
                }
                guard let r = exponent.numberValue, r.isInteger, let k = r.numerator.asInt else {
                    throw RationalConversionError.nonIntegerExponent(e)
                }
                if k.magnitude > UInt(max(0, limits.maxExponent)) {
                    throw LimitExceeded(limit: "maxExponent", requested: Int(clamping: k.magnitude), maximum: limits.maxExponent)
                }
                if !expanded {
                    work.append((e, true))
                    work.append((base, false))
                } else {
                    guard let b = results.popLast() else { throw RationalConversionError.notRational(e) }
                    if k < 0 && b.isZero { throw RationalConversionError.divisionByZero(e) }
                    let result = try b.power(k, limits: limits)
                    memo[e] = result
                    results.append(result)
                }
            case .constant, .call, .derivative, .bigOperator, .list, .subscripted, .range:
                throw RationalConversionError.notRational(e)
            }
        }
        guard results.count == 1, let result = results.first else { throw RationalConversionError.notRational(root) }
        return result
    }

    /// The expression `numerator · denominator^(-1)` (just the numerator for polynomials),
    /// with symbols from `variables`.
    public func expression(variables: PolynomialVariables) -> Expr {
        let n = numerator.expression(variables: variables)
        if denominator.isOne { return n }
        return .product([n, .power(denominator.expression(variables: variables), .minusOne)])
    }
}

extension Polynomial {
    /// Converts a polynomial expression with integer coefficients (numbers, symbols, sums,
    /// products, non-negative integer powers — or anything whose rational normal form has
    /// denominator 1, such as `(x^2 - 1)/(x - 1)`), adding its symbols to `variables`.
    public init(_ expression: Expr, variables: inout PolynomialVariables, limits: Limits = .default) throws {
        let r = try RationalFunction(expression, variables: &variables, limits: limits)
        guard r.denominator.isOne else { throw RationalConversionError.notPolynomial(expression) }
        self = r.numerator
    }

    /// The expanded expression: a sum of products in term order (numbers first in products),
    /// symbols from `variables` (variables beyond the table print as `x<i>` symbols).
    public func expression(variables: PolynomialVariables) -> Expr {
        if isZero { return .zero }
        let w = layout.wordCount
        let symbolNodes: [Expr] = (0..<variableCount).map {
            .symbol($0 < variables.count ? variables.symbols[$0] : Symbol("x\($0)"))
        }
        // Shared x^e nodes: arrays indexed by e for moderate degrees, dictionaries beyond.
        let degrees = maxExponents()
        var powerArrays: [[Expr?]] = degrees.map { $0 <= 4096 ? [Expr?](repeating: nil, count: Int($0) + 1) : [] }
        var powerMaps: [[UInt64: Expr]] = Array(repeating: [:], count: variableCount)
        func powerNode(_ v: Int, _ e: UInt64) -> Expr {
            if !powerArrays[v].isEmpty {
                if let node = powerArrays[v][Int(e)] { return node }
                let node = Expr.power(symbolNodes[v], .integer(Int(e)))
                powerArrays[v][Int(e)] = node
                return node
            }
            if let node = powerMaps[v][e] { return node }
            let node = Expr.power(symbolNodes[v], .integer(Int(e)))
            powerMaps[v][e] = node
            return node
        }
        var terms: [Expr] = []
        terms.reserveCapacity(termCount)
        monomials.withUnsafeBufferPointer { m in
            for t in 0..<termCount {
                var factors: [Expr] = []
                factors.reserveCapacity(variableCount + 1)
                let c = coefficients[t]
                if !c.isOne { factors.append(.number(Rational(c))) }
                for v in 0..<variableCount {
                    let e = layout.exponent(v, in: m, at: t * w)
                    if e == 0 { continue }
                    factors.append(e == 1 ? symbolNodes[v] : powerNode(v, e))
                }
                switch factors.count {
                case 0: terms.append(.one)
                case 1: terms.append(factors[0])
                default: terms.append(.product(factors))
                }
            }
        }
        return terms.count == 1 ? terms[0] : .sum(terms)
    }
}
