// Derivatives, evaluation (integer, rational, modular) and substitution.
//
// Implementation notes
// --------------------
// Evaluation caches the powers of each variable's value up to its degree (when the degree is
// moderate; beyond `powerTableLimit` it uses binary powering per term). Rational points are
// evaluated over a common denominator: with v_i = n_i/d_i and D_i = deg_i(p),
// p(v) = Σ c·∏ n_i^e_i·d_i^(D_i−e_i) / ∏ d_i^D_i, so the sum is one integer and a single
// reduction at the end. Substitution x_v := q groups the terms by their exponent of x_v (each
// group keeps term order once x_v's field is cleared) and runs Horner's scheme in q.

extension Polynomial {
    static let powerTableLimit: UInt64 = 4096

    /// The partial derivative with respect to `variable` (zero if it does not occur).
    public func derivative(withRespectTo variable: Int) -> Polynomial {
        guard variable >= 0, variable < variableCount else { return Polynomial(variableCount: variableCount) }
        let w = layout.wordCount
        let word = layout.word(of: variable), shift = layout.shift(of: variable)
        var words: [UInt64] = []
        var out: [BigInt] = []
        monomials.withUnsafeBufferPointer { m in
            for t in 0..<termCount {
                let e = layout.exponent(variable, in: m, at: t * w)
                if e == 0 { continue }
                for k in 0..<w { words.append(k == word ? m[t * w + k] &- (UInt64(1) << shift) : m[t * w + k]) }
                out.append(coefficients[t] * BigInt(Int(e)))
            }
        }
        // Lowering one exponent of every remaining term by one keeps their relative order.
        return Polynomial(layout: layout, monomials: words, coefficients: out)
    }

    /// The value at integer `values` (one per variable; extra entries are ignored), or `nil`
    /// when fewer values than variables are given or the value could exceed
    /// `limits.maxIntegerBits` bits.
    public func evaluated(at values: [BigInt], limits: Limits = .default) -> BigInt? {
        guard values.count >= variableCount else { return nil }
        guard evaluationBits(values.map(\.bitWidth)) <= Double(limits.maxIntegerBits) else { return nil }
        let tables = powerTables(values, one: BigInt.one) { $0 * $1 }
        var sum = BigInt.zero
        forEachTermPowers(tables, one: BigInt.one, multiply: { $0 * $1 },
                          power: { values[$0].power(Int($1)) ?? .zero }) { t, product in
            sum += coefficients[t] * product
        }
        return sum
    }

    /// The value at rational `values` (one per variable; extra entries are ignored), or `nil`
    /// when fewer values than variables are given or the value could exceed
    /// `limits.maxIntegerBits` bits.
    public func evaluated(at values: [Rational], limits: Limits = .default) -> Rational? {
        guard values.count >= variableCount else { return nil }
        if values.prefix(variableCount).allSatisfy(\.isInteger) {
            return evaluated(at: values.map(\.numerator), limits: limits).map { Rational($0) }
        }
        let widths = values.map { max($0.numerator.bitWidth, $0.denominator.bitWidth) }
        guard evaluationBits(widths, everyDegree: true) <= Double(limits.maxIntegerBits) else { return nil }
        let degrees = maxExponents()
        // Per variable: numerator powers and complementary denominator powers.
        var numeratorPowers: [[BigInt]] = []
        var denominatorPowers: [[BigInt]] = []
        var common = BigInt.one
        for v in 0..<variableCount {
            let d = Int(degrees[v])
            var np = [BigInt.one], dp = [BigInt.one]
            if d > 0 {
                for _ in 0..<d {
                    np.append(np[np.count - 1] * values[v].numerator)
                    dp.append(dp[dp.count - 1] * values[v].denominator)
                }
            }
            common = common * dp[d]
            numeratorPowers.append(np)
            denominatorPowers.append(dp)
        }
        var sum = BigInt.zero
        let w = layout.wordCount
        monomials.withUnsafeBufferPointer { m in
            for t in 0..<termCount {
                var term = coefficients[t]
                for v in 0..<variableCount {
                    let e = Int(layout.exponent(v, in: m, at: t * w))
                    let d = Int(degrees[v])
                    if d == 0 { continue }
                    term = term * numeratorPowers[v][e] * denominatorPowers[v][d - e]
                }
                sum += term
            }
        }
        return Rational(numerator: sum, denominator: common)
    }

    /// The value modulo `modulus` (> 1, typically a prime) at residues `values` (one per
    /// variable), in `0..<modulus`; `nil` for fewer values than variables or a modulus < 2.
    public func evaluated(at values: [UInt64], modulo modulus: UInt64) -> UInt64? {
        guard values.count >= variableCount, modulus > 1 else { return nil }
        @inline(__always) func mulmod(_ a: UInt64, _ b: UInt64) -> UInt64 {
            let (high, low) = a.multipliedFullWidth(by: b)
            return modulus.dividingFullWidth((high, low)).remainder
        }
        let reduced = values.map { $0 % modulus }
        let tables = powerTables(reduced, one: UInt64(1), multiply: mulmod)
        var sum: UInt64 = 0
        forEachTermPowers(tables, one: UInt64(1), multiply: mulmod, power: { v, e in
            var result: UInt64 = 1, base = reduced[v], k = e
            while k > 0 {
                if k & 1 == 1 { result = mulmod(result, base) }
                base = mulmod(base, base)
                k >>= 1
            }
            return result
        }) { t, product in
            let c = coefficients[t].residue(modulo: modulus)
            let (s, overflow) = sum.addingReportingOverflow(mulmod(c, product))
            sum = overflow || s >= modulus ? s &- modulus : s
        }
        return sum
    }

    /// An upper bound on the bit size of an evaluation: per term bits(c) + Σ e_v·w_v, where
    /// w_v bounds the bits of value v (values of magnitude ≤ 1 add nothing); with
    /// `everyDegree`, every term is charged the full degree D_v (the common-denominator
    /// evaluation multiplies n^e·d^(D−e)).
    func evaluationBits(_ widths: [Int], everyDegree: Bool = false) -> Double {
        let w = layout.wordCount
        let degrees = maxExponents()
        var best = 0.0
        monomials.withUnsafeBufferPointer { m in
            for t in 0..<termCount {
                var bits = Double(coefficients[t].bitWidth)
                for v in 0..<variableCount where widths[v] > 1 {
                    let e = everyDegree ? degrees[v] : layout.exponent(v, in: m, at: t * w)
                    bits += Double(e) * Double(widths[v])
                }
                best = max(best, bits)
            }
        }
        return best + Double(Int.bitWidth - termCount.leadingZeroBitCount)
    }

    /// Power tables value_v^0...value_v^deg_v for variables of moderate degree (empty otherwise).
    func powerTables<T>(_ values: [T], one: T, multiply: (T, T) -> T) -> [[T]] {
        let degrees = maxExponents()
        return (0..<variableCount).map { v in
            let d = degrees[v]
            if d == 0 || d > Polynomial.powerTableLimit { return [] }
            var row = [one]
            row.reserveCapacity(Int(d) + 1)
            for _ in 0..<Int(d) { row.append(multiply(row[row.count - 1], values[v])) }
            return row
        }
    }

    /// Calls `body(term, ∏ value_v^e_v)` for every term.
    func forEachTermPowers<T>(_ tables: [[T]], one: T, multiply: (T, T) -> T, power: (Int, UInt64) -> T,
                              _ body: (Int, T) -> Void) {
        let w = layout.wordCount
        monomials.withUnsafeBufferPointer { m in
            for t in 0..<termCount {
                var product = one
                for v in 0..<variableCount {
                    let e = layout.exponent(v, in: m, at: t * w)
                    if e == 0 { continue }
                    product = multiply(product, tables[v].isEmpty ? power(v, e) : tables[v][Int(e)])
                }
                body(t, product)
            }
        }
    }

    /// The coefficients of `self` as a polynomial in `variable`: pairs (exponent, coefficient)
    /// by descending exponent, each coefficient free of `variable`.
    public func coefficients(in variable: Int) -> [(exponent: Int, coefficient: Polynomial)] {
        guard variable >= 0, variable < variableCount else { return isZero ? [] : [(0, self)] }
        let w = layout.wordCount
        let word = layout.word(of: variable), shift = layout.shift(of: variable)
        let clear = ~(layout.fieldMask << shift)
        var groups: [UInt64: (words: [UInt64], coefficients: [BigInt])] = [:]
        var order: [UInt64] = []
        monomials.withUnsafeBufferPointer { m in
            for t in 0..<termCount {
                let e = layout.exponent(variable, in: m, at: t * w)
                if groups[e] == nil {
                    groups[e] = ([], [])
                    order.append(e)
                }
                for k in 0..<w { groups[e]!.words.append(k == word ? m[t * w + k] & clear : m[t * w + k]) }
                groups[e]!.coefficients.append(coefficients[t])
            }
        }
        order.sort(by: >)
        // Terms with one exponent of `variable` keep their relative order once it is cleared.
        return order.map { e in
            let g = groups[e]!
            return (Int(e), Polynomial(layout: layout, monomials: g.words, coefficients: g.coefficients))
        }
    }

    /// `self` with `variable` replaced by `replacement` (Horner's scheme in `replacement`).
    /// Throws ``LimitExceeded`` when an intermediate exceeds `limits.maxTerms` or a degree
    /// overflows.
    public func substituting(variable: Int, with replacement: Polynomial, limits: Limits = .default) throws -> Polynomial {
        let parts = coefficients(in: variable)
        let n = max(variableCount, replacement.variableCount)
        guard let first = parts.first else { return Polynomial(variableCount: n) }
        if first.exponent == 0 { return extended(toVariableCount: n) }
        var result = first.coefficient
        var previous = first.exponent
        var powerCache: [Int: Polynomial] = [1: replacement]
        func power(_ k: Int) throws -> Polynomial {
            if let p = powerCache[k] { return p }
            let p = try replacement.power(k, limits: limits)
            powerCache[k] = p
            return p
        }
        for part in parts.dropFirst() {
            result = try result.multiplied(by: try power(previous - part.exponent), limits: limits) + part.coefficient
            previous = part.exponent
        }
        if previous > 0 { result = try result.multiplied(by: try power(previous), limits: limits) }
        return result.extended(toVariableCount: n)
    }
}
