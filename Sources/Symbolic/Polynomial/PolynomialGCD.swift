// Greatest common divisors of multivariate polynomials over ℤ.
//
// Implementation notes
// --------------------
// `Polynomial.gcd` reduces the problem, then tries a heuristic, then a guaranteed method:
//   1. Trivial cases (zero, constants), the integer content gcd, and the common monomial
//      factor x^min(exponents) are split off. A variable that occurs in only one operand
//      cannot occur in the gcd, so gcd(a, b) = gcd(content_v(a), b), where content_v is the
//      gcd of the coefficients of a as a polynomial in v — a smaller problem.
//   2. Degree bounds from univariate images modulo a prime (`ModularGCD.swift`): all zero
//      proves gcd 1; variables whose bound is 0 are replaced by small integers and the
//      smaller problem's gcd is kept if it divides both inputs.
//   3. GCDHEU (Char, Geddes & Gonnet 1989; the recursion follows SymPy's
//      `dmp_zz_heu_gcd`): evaluate one variable at a large integer ξ, recurse, rebuild a
//      candidate from the integer/polynomial gcd image by ξ-adic interpolation with
//      symmetric digits, take its primitive part and accept it only if it divides both
//      inputs exactly (or a cofactor image does). With ξ > 2·min(‖a‖∞, ‖b‖∞) + 2 an accepted
//      candidate is the gcd (their Theorem 1); we do not rely on the bound: the result is
//      accepted only with a certificate that the cofactors are coprime (their univariate
//      images modulo a prime have gcd 1 in every variable), else step 4 runs. At most six ξ
//      per level; the estimated size of the evaluated integers is bounded, and beyond it the
//      heuristic gives up.
//   4. Fallback: Brown's modular algorithm (`ModularGCD.swift`), which always succeeds; its
//      result is verified by exact division there.
// Every result is checked to divide both inputs; a failed check throws
// `GCDError.verificationFailed` (it would indicate a bug, never a wrong answer). Limits:
// polynomial sizes and the number of modular images are bounded by `maxTerms`, integers (and
// the product of the primes used) by `maxIntegerBits`, the recursion by `maxDepth`.
// Known cost: the dense modular algorithm grows with the product of the per-variable degrees,
// so gcds of many-variable (≳ 7) polynomials that share a nontrivial factor in all variables
// can take seconds; coprime inputs and factors in few variables stay fast.

extension Polynomial {
    /// Errors of the gcd computation other than limits.
    public enum GCDError: Error, Sendable, Hashable {
        /// A computed gcd failed its verification (an internal error, reported, not hidden).
        case verificationFailed
    }

    /// The greatest common divisor in ℤ[x0, …]: the integer content gcd times the primitive
    /// gcd, normalised to a positive leading coefficient (`gcd(0, 0) = 0`).
    ///
    /// Always correct (a heuristic with a guaranteed fallback, every result verified). Throws
    /// ``LimitExceeded`` when an intermediate exceeds `limits.maxTerms` terms or
    /// `limits.maxIntegerBits` bits, or the recursion exceeds `limits.maxDepth`.
    public static func gcd(_ a: Polynomial, _ b: Polynomial, limits: Limits = .default) throws -> Polynomial {
        var engine = GCDEngine(limits: limits)
        try engine.checkSize(a)
        try engine.checkSize(b)
        return try engine.gcd(a, b, depth: 0)
    }
}

/// The state of one gcd computation (limits and recursion depth).
struct GCDEngine {
    let limits: Limits
    /// Largest estimated bit size of an evaluation image the heuristic may create.
    var heuristicBitBudget: Int
    /// Modular gcd images computed so far; bounded by `limits.maxTerms` (a work bound: the
    /// dense modular algorithm's cost grows with the product of the degrees).
    var modularImages = 0

    init(limits: Limits) {
        self.limits = limits
        self.heuristicBitBudget = min(limits.maxIntegerBits, 20_000)
    }

    func checkDepth(_ depth: Int) throws {
        if depth > limits.maxDepth { throw LimitExceeded(limit: "maxDepth", requested: depth, maximum: limits.maxDepth) }
    }

    func checkSize(_ p: Polynomial) throws {
        if p.termCount > limits.maxTerms {
            throw LimitExceeded(limit: "maxTerms", requested: p.termCount, maximum: limits.maxTerms)
        }
        for c in p.coefficients where c.bitWidth > limits.maxIntegerBits {
            throw LimitExceeded(limit: "maxIntegerBits", requested: c.bitWidth, maximum: limits.maxIntegerBits)
        }
    }

    /// The full gcd, normalised to a positive leading coefficient.
    mutating func gcd(_ a0: Polynomial, _ b0: Polynomial, depth: Int) throws -> Polynomial {
        try checkDepth(depth)
        let n = max(a0.variableCount, b0.variableCount)
        let a = a0.extended(toVariableCount: n), b = b0.extended(toVariableCount: n)
        if a.isZero { return b.withPositiveLeadingCoefficient }
        if b.isZero { return a.withPositiveLeadingCoefficient }
        if let c = a.constantValue { return .constant(BigInt.gcd(c, b.content), variableCount: n) }
        if let c = b.constantValue { return .constant(BigInt.gcd(c, a.content), variableCount: n) }
        if a == b || a == -b { return a.withPositiveLeadingCoefficient }
        try WorkMeter.charge((a.termCount + b.termCount).saturatingProduct(n))

        let ca = a.content, cb = b.content
        let integerPart = BigInt.gcd(ca, cb)
        var pa = a.exactlyDividingCoefficients(by: ca) ?? a
        var pb = b.exactlyDividingCoefficients(by: cb) ?? b

        // Common monomial factor.
        let minA = pa.minExponents(), minB = pb.minExponents()
        var common = [Int](repeating: 0, count: n)
        var hasMonomial = false
        for v in 0..<n {
            common[v] = Int(min(minA[v], minB[v]))
            if minA[v] > 0 || minB[v] > 0 {
                hasMonomial = true
            }
        }
        if hasMonomial {
            if let ma = Polynomial.monomial(coefficient: 1, exponents: minA.map { Int($0) }, variableCount: n),
               let qa = pa.exactQuotient(dividingBy: ma) { pa = qa }
            if let mb = Polynomial.monomial(coefficient: 1, exponents: minB.map { Int($0) }, variableCount: n),
               let qb = pb.exactQuotient(dividingBy: mb) { pb = qb }
        }
        var g = try primitiveGCD(pa, pb, depth: depth)
        if let m = Polynomial.monomial(coefficient: integerPart, exponents: common, variableCount: n) {
            g = try g.multiplied(by: m, limits: limits)
        }
        g = g.withPositiveLeadingCoefficient
        // Verification: the result divides both inputs.
        guard a.exactQuotient(dividingBy: g) != nil, b.exactQuotient(dividingBy: g) != nil else {
            throw Polynomial.GCDError.verificationFailed
        }
        return g
    }

    /// The gcd of two primitive polynomials without monomial factors (positive leading
    /// coefficient, content 1).
    mutating func primitiveGCD(_ a: Polynomial, _ b: Polynomial, depth: Int) throws -> Polynomial {
        let n = a.variableCount
        if a.isConstant || b.isConstant { return .constant(1, variableCount: n) }
        if a == b || a == -b { return a.withPositiveLeadingCoefficient }
        let va = Set(a.variablesInUse), vb = Set(b.variablesInUse)
        // A variable in one operand only: gcd(a, b) = gcd(content_v(a), b).
        if let v = va.subtracting(vb).min() {
            let c = try contentIn(a, variable: v, depth: depth + 1)
            return try gcd(c, b, depth: depth + 1).primitivePart.withPositiveLeadingCoefficient
        }
        if let v = vb.subtracting(va).min() {
            let c = try contentIn(b, variable: v, depth: depth + 1)
            return try gcd(a, c, depth: depth + 1).primitivePart.withPositiveLeadingCoefficient
        }
        // Degree bounds from univariate images: all zero proves the gcd is 1.
        let bounds = try degreeBounds(a, b)
        let inUse = va.sorted()
        if inUse.allSatisfy({ bounds[$0] == 0 }) { return .constant(1, variableCount: n) }
        // Variables that cannot occur in the gcd: substitute small integers, take the gcd of the
        // smaller problem and keep it if it divides both inputs (it is then the gcd: G divides
        // every such image, and a common divisor of a and b divides G).
        let absent = inUse.filter { bounds[$0] == 0 && a.degree(in: $0) * 10 <= limits.maxIntegerBits / 2 }
        if !absent.isEmpty {
            var rng = RandomSource(seed: 0xab5e_47 ^ UInt64(absent.count))
            for _ in 0..<3 {
                var ra = a, rb = b
                for v in absent {
                    let value = BigInt(rng.nextInt(in: 1...1_000))
                    ra = ra.evaluatingVariable(v, at: value)
                    rb = rb.evaluatingVariable(v, at: value)
                }
                if ra.isZero || rb.isZero { continue }
                let candidate = try gcd(ra, rb, depth: depth + 1).primitivePart
                if !candidate.isZero, a.exactQuotient(dividingBy: candidate) != nil, b.exactQuotient(dividingBy: candidate) != nil {
                    return candidate.withPositiveLeadingCoefficient
                }
            }
        }
        if let (h, cofactorA, cofactorB) = try heuristic(a, b, depth: depth + 1) {
            // Certificate of maximality: the cofactors are coprime when, for every variable,
            // their univariate images have gcd 1 (see `degreeBounds`). An unlucky image only
            // sends the problem to the modular algorithm.
            let cofactorBounds = try degreeBounds(cofactorA, cofactorB)
            if cofactorBounds.allSatisfy({ $0 == 0 }) {
                return h.primitivePart.withPositiveLeadingCoefficient
            }
        }
        return try modularGCD(a, b, bounds: bounds)
    }

    /// The gcd of the coefficients of `p` as a polynomial in `variable`.
    mutating func contentIn(_ p: Polynomial, variable: Int, depth: Int) throws -> Polynomial {
        let parts = p.coefficients(in: variable)
        var g = Polynomial(variableCount: p.variableCount)
        // Smallest coefficients first make an early 1 likely.
        for part in parts.sorted(by: { $0.coefficient.termCount < $1.coefficient.termCount }) {
            g = try gcd(g, part.coefficient, depth: depth)
            if g.isConstant { return g }
        }
        return g
    }

    // MARK: Heuristic

    /// GCDHEU: `(h, a/h, b/h)` or `nil` when the heuristic gives up.
    mutating func heuristic(_ f0: Polynomial, _ g0: Polynomial, depth: Int) throws -> (Polynomial, Polynomial, Polynomial)? {
        try checkDepth(depth)
        let n = f0.variableCount
        if f0.isZero && g0.isZero { return (f0, f0, f0) }
        if f0.isZero {
            let h = g0.withPositiveLeadingCoefficient
            return (h, f0, .constant(g0.leadingCoefficient.signum() < 0 ? -1 : 1, variableCount: n))
        }
        if g0.isZero {
            let h = f0.withPositiveLeadingCoefficient
            return (h, .constant(f0.leadingCoefficient.signum() < 0 ? -1 : 1, variableCount: n), g0)
        }
        let integerPart = BigInt.gcd(f0.content, g0.content)
        guard let f = f0.exactlyDividingCoefficients(by: integerPart),
              let g = g0.exactlyDividingCoefficients(by: integerPart) else { return nil }
        if f.isConstant || g.isConstant {
            // gcd of the contents was split off, so the remaining gcd is 1.
            return (.constant(integerPart, variableCount: n), f, g)
        }
        let used = Set(f.variablesInUse).union(g.variablesInUse)
        guard let v = used.max() else { return nil }
        let fNorm = f.coefficients.map(\.magnitude).max() ?? .one
        let gNorm = g.coefficients.map(\.magnitude).max() ?? .one
        let bound = BigInt(2) * min(fNorm, gNorm) + BigInt(29)
        let byLeading = min(fNorm.quotientAndRemainder(dividingBy: f.leadingCoefficient.magnitude)?.quotient ?? fNorm,
                            gNorm.quotientAndRemainder(dividingBy: g.leadingCoefficient.magnitude)?.quotient ?? gNorm)
        var xi = max(min(bound, BigInt(99) * (bound.squareRoot() ?? bound)), BigInt(2) * byLeading + BigInt(4))
        let degree = max(f.degree(in: v), g.degree(in: v))
        let termBits = Int.bitWidth - max(f.termCount, g.termCount).leadingZeroBitCount
        for _ in 0..<6 {
            try WorkMeter.charge((f.termCount + g.termCount).saturatingProduct(f.layout.wordCount + xi.bitWidth / 64 + 1))
            let estimate = max(fNorm.bitWidth, gNorm.bitWidth) + degree * xi.bitWidth + termBits
            if estimate > heuristicBitBudget { return nil }
            let ff = f.evaluatingVariable(v, at: xi), gg = g.evaluatingVariable(v, at: xi)
            if !ff.isZero && !gg.isZero {
                try checkSize(ff)
                try checkSize(gg)
                guard let (h0, cff0, cfg0) = try heuristic(ff, gg, depth: depth + 1) else { return nil }
                if let h = h0.interpolating(variable: v, radix: xi)?.primitivePart, !h.isZero,
                   let qf = f.exactQuotient(dividingBy: h), let qg = g.exactQuotient(dividingBy: h) {
                    return (h.scaled(by: integerPart), qf, qg)
                }
                if let cff = cff0.interpolating(variable: v, radix: xi), !cff.isZero,
                   let h = f.exactQuotient(dividingBy: cff), let qg = g.exactQuotient(dividingBy: h) {
                    return (h.scaled(by: integerPart), cff, qg)
                }
                if let cfg = cfg0.interpolating(variable: v, radix: xi), !cfg.isZero,
                   let h = g.exactQuotient(dividingBy: cfg), let qf = f.exactQuotient(dividingBy: h) {
                    return (h.scaled(by: integerPart), qf, cfg)
                }
            }
            // ξ ← ⌊73794·ξ·ξ^(1/4) / 27011⌋, as in the reference implementation.
            let root = (xi.squareRoot() ?? .one).squareRoot() ?? .one
            xi = (BigInt(73794) * xi * root).quotientAndRemainder(dividingBy: BigInt(27011))?.quotient ?? xi + xi
        }
        return nil
    }
}

// MARK: - Evaluation at a big integer and ξ-adic interpolation

extension Polynomial {
    /// `self` with `variable` set to the integer `value` (the variable's field becomes 0).
    func evaluatingVariable(_ variable: Int, at value: BigInt) -> Polynomial {
        let w = layout.wordCount
        let word = layout.word(of: variable), shift = layout.shift(of: variable)
        let clear = ~(layout.fieldMask << shift)
        var powers: [UInt64: BigInt] = [0: .one]
        func power(_ e: UInt64) -> BigInt {
            if let p = powers[e] { return p }
            let p = value.power(Int(e)) ?? .zero
            powers[e] = p
            return p
        }
        var words = monomials
        var out: [BigInt] = []
        out.reserveCapacity(termCount)
        monomials.withUnsafeBufferPointer { m in
            for t in 0..<termCount {
                let e = layout.exponent(variable, in: m, at: t * w)
                words[t * w + word] = m[t * w + word] & clear
                out.append(e == 0 ? coefficients[t] : coefficients[t] * power(e))
            }
        }
        return Polynomial.fromUnsortedTerms(layout: layout, monomials: words, coefficients: out)
    }

    /// Rebuilds a polynomial in `variable` from a value at `variable = radix`: each
    /// coefficient is written in base `radix` with symmetric digits in (−radix/2, radix/2],
    /// digit k becoming the coefficient of variable^k. `nil` for a radix below 3 or a
    /// degree that cannot be represented.
    func interpolating(variable: Int, radix: BigInt) -> Polynomial? {
        guard radix >= BigInt(3) else { return nil }
        let half = radix.shifted(by: -1)
        var digitsPerTerm: [[BigInt]] = []
        var top = 0
        for c in coefficients {
            var digits: [BigInt] = []
            var rest = c
            while !rest.isZero {
                guard var (_, d) = rest.flooredDivision(by: radix) else { return nil }
                if d > half { d = d - radix }
                digits.append(d)
                rest = (rest - d).exactlyDivided(by: radix) ?? .zero
            }
            top = max(top, digits.count)
            digitsPerTerm.append(digits)
        }
        let currentTop = maxExponents().max() ?? 0
        guard let target = MonomialLayout(variableCount: variableCount, maxExponent: max(currentTop, UInt64(top)), atLeast: layout.bits) else {
            return nil
        }
        let base = repacked(to: target)
        let w = target.wordCount
        let word = target.word(of: variable), shift = target.shift(of: variable)
        var words: [UInt64] = []
        var out: [BigInt] = []
        for t in 0..<termCount {
            for (k, d) in digitsPerTerm[t].enumerated() where !d.isZero {
                for i in 0..<w { words.append(i == word ? base.monomials[t * w + i] | (UInt64(k) << shift) : base.monomials[t * w + i]) }
                out.append(d)
            }
        }
        return Polynomial.fromUnsortedTerms(layout: target, monomials: words, coefficients: out)
    }
}
