// Brown's dense modular gcd, the guaranteed fallback of `Polynomial.gcd`.
//
// Implementation notes
// --------------------
// (W. S. Brown, "On Euclid's algorithm and the computation of polynomial greatest common
// divisors", 1971; Geddes, Czapor & Labahn, Algorithms for Computer Algebra, §7.4.)
// MGCD, over ℤ: for primes p < 2^62 not dividing either leading coefficient (lexicographic
// order), compute the monic gcd image modulo p (PGCD), scale it to the leading coefficient
// γ = gcd(lc(a), lc(b)), and combine images by Chinese remaindering. Images whose leading
// monomial is larger than another image's come from unlucky primes and are dropped; a smaller
// one restarts the combination. After every prime the symmetric lift's primitive part is
// tried by exact division of both inputs; success proves it is the gcd (it divides both, and
// its leading monomial is that of the modular gcds, which is at least the true gcd's).
// PGCD, over ℤ_p, recursive in the least significant variable y in use: remove the contents
// in ℤ_p[y] (their gcd is the content of the result), let g = gcd of the leading coefficients
// in ℤ_p[y]; at random points α with g(α) ≠ 0 compute the gcd image of a(y=α), b(y=α)
// recursively, scale it to g(α), discard or restart on leading-monomial mismatches, and Newton-
// interpolate in y. With deg_y(g) + min(deg_y a, deg_y b) + 1 consistent points the
// interpolant's primitive part is tested by exact division over ℤ_p; a failed test restarts
// the point collection, and a bounded number of attempts ends in "unlucky prime" (`nil`).
// Points come from a `RandomSource` seeded per prime, so results are deterministic.
// Dense univariate arithmetic needs degrees ≤ 4·maxExponent (else `LimitExceeded`), and the
// number of images is bounded by maxTerms, so the algorithm always ends.

extension GCDEngine {
    /// The gcd of two primitive, nonconstant integer polynomials with positive leading
    /// coefficient result.
    mutating func modularGCD(_ a0: Polynomial, _ b0: Polynomial, bounds: [Int]? = nil) throws -> Polynomial {
        let n = max(a0.variableCount, b0.variableCount)
        let a = a0.extended(toVariableCount: n), b = b0.extended(toVariableCount: n)
        let top = max(a.maxExponents().max() ?? 0, b.maxExponents().max() ?? 0)
        // Dense univariate arithmetic: degrees are bounded (memory and time).
        let degreeLimit = UInt64(max(0, limits.maxExponent)).multipliedReportingOverflow(by: 4)
        if !degreeLimit.overflow && top > degreeLimit.partialValue {
            throw LimitExceeded(limit: "maxExponent", requested: Int(clamping: top), maximum: Int(clamping: degreeLimit.partialValue))
        }
        guard top < MonomialLayout.largestRepresentableExponent / 4,
              let layout = MonomialLayout(variableCount: n, maxExponent: 2 * top + 2) else {
            throw LimitExceeded(limit: "maxExponent", requested: Int(clamping: top), maximum: Int(MonomialLayout.largestRepresentableExponent / 4))
        }
        let A = a.repacked(to: layout), B = b.repacked(to: layout)
        let gamma = BigInt.gcd(A.leadingCoefficient, B.leadingCoefficient)
        var accumulated: (monomials: [UInt64], residues: [BigInt])? = nil
        var modulus = BigInt.one
        var primeIndex = 0
        while true {
            try WorkMeter.charge((A.termCount + B.termCount).saturatingProduct(layout.wordCount + modulus.bitWidth / 64 + 1))
            if modulus.bitWidth > limits.maxIntegerBits + 64 {
                throw LimitExceeded(limit: "maxIntegerBits", requested: modulus.bitWidth, maximum: limits.maxIntegerBits)
            }
            let p = PrimeField.prime(primeIndex)
            primeIndex += 1
            let field = PrimeField(p: p)
            if field.reduce(A.leadingCoefficient) == 0 || field.reduce(B.leadingCoefficient) == 0 { continue }
            var rng = RandomSource(seed: p)
            let ap = ModularPolynomial(A, field: field), bp = ModularPolynomial(B, field: field)
            let degreeBounds = bounds ?? [Int](repeating: Int.max, count: n)
            guard let image0 = try modularImage(ap, bp, bounds: degreeBounds, field: field, rng: &rng, depth: 0) else { continue }
            if image0.isConstant { return .constant(1, variableCount: n) }
            let image = image0.monic(field: field).scaled(by: field.reduce(gamma), field: field)
            let w = layout.wordCount
            if let current = accumulated {
                var order = 0
                for k in 0..<w where image.monomials[k] != current.monomials[k] {
                    order = image.monomials[k] < current.monomials[k] ? -1 : 1
                    break
                }
                if order > 0 { continue }  // unlucky prime
                if order < 0 {
                    accumulated = (image.monomials, image.coefficients.map { BigInt(Int($0)) })
                    modulus = BigInt(Int(p))
                } else {
                    accumulated = combine(current, modulus: modulus, image, field: field, words: w)
                    modulus = modulus * BigInt(Int(p))
                }
            } else {
                accumulated = (image.monomials, image.coefficients.map { BigInt(Int($0)) })
                modulus = BigInt(Int(p))
            }
            guard let current = accumulated else { continue }
            // Symmetric lift, primitive part, trial division.
            let half = modulus.shifted(by: -1)
            let lifted = current.residues.map { $0 > half ? $0 - modulus : $0 }
            let candidate = Polynomial(layout: layout, monomials: current.monomials, coefficients: lifted).primitivePart
            if !candidate.isZero, A.exactQuotient(dividingBy: candidate) != nil, B.exactQuotient(dividingBy: candidate) != nil {
                return candidate.withPositiveLeadingCoefficient
            }
        }
    }

    /// Chinese remaindering of residues mod `modulus` with an image mod p (same leading
    /// monomial; the supports may differ).
    func combine(_ current: (monomials: [UInt64], residues: [BigInt]), modulus: BigInt,
                 _ image: ModularPolynomial, field: PrimeField, words w: Int) -> (monomials: [UInt64], residues: [BigInt]) {
        let inverse = field.inverse(field.reduce(modulus))
        var monomials: [UInt64] = []
        var residues: [BigInt] = []
        var i = 0, j = 0
        let ni = current.residues.count, nj = image.termCount
        func lift(_ h: BigInt, _ c: UInt64) -> BigInt {
            // x ≡ h (mod M), x ≡ c (mod p): x = h + M·((c − h)·M⁻¹ mod p).
            let t = field.multiply(field.subtract(c, field.reduce(h)), inverse)
            return h + modulus * BigInt(Int(t))
        }
        while i < ni || j < nj {
            var order = 0
            if i >= ni { order = -1 } else if j >= nj { order = 1 } else {
                for k in 0..<w where current.monomials[i * w + k] != image.monomials[j * w + k] {
                    order = current.monomials[i * w + k] > image.monomials[j * w + k] ? 1 : -1
                    break
                }
            }
            if order > 0 {
                for k in 0..<w { monomials.append(current.monomials[i * w + k]) }
                residues.append(lift(current.residues[i], 0))
                i += 1
            } else if order < 0 {
                for k in 0..<w { monomials.append(image.monomials[j * w + k]) }
                residues.append(lift(.zero, image.coefficients[j]))
                j += 1
            } else {
                for k in 0..<w { monomials.append(current.monomials[i * w + k]) }
                residues.append(lift(current.residues[i], image.coefficients[j]))
                i += 1
                j += 1
            }
        }
        // Drop terms whose combined residue is zero.
        var keptMonomials: [UInt64] = []
        var kept: [BigInt] = []
        for t in 0..<residues.count where !residues[t].isZero {
            for k in 0..<w { keptMonomials.append(monomials[t * w + k]) }
            kept.append(residues[t])
        }
        return (keptMonomials, kept)
    }

    /// PGCD: the gcd of `a` and `b` over ℤ_p (any normalisation), or `nil` after too many
    /// unlucky evaluation points.
    mutating func modularImage(_ a: ModularPolynomial, _ b: ModularPolynomial, bounds: [Int], field: PrimeField,
                               rng: inout RandomSource, depth: Int) throws -> ModularPolynomial? {
        try checkDepth(depth)
        modularImages += 1
        if modularImages > limits.maxTerms {
            throw LimitExceeded(limit: "maxTerms", requested: modularImages, maximum: limits.maxTerms)
        }
        let layout = a.layout
        if a.isZero { return b }
        if b.isZero { return a }
        let variables = Array(Set(a.variablesInUse).union(b.variablesInUse)).sorted()
        guard let y = variables.last else { return .constant(1, layout: layout) }
        let shift = layout.shift(of: y), word = layout.word(of: y)
        func fromUnivariate(_ u: [UInt64]) -> ModularPolynomial {
            var words: [UInt64] = []
            var out: [UInt64] = []
            var k = u.count - 1
            while k >= 0 {
                if u[k] != 0 {
                    for i in 0..<layout.wordCount { words.append(i == word ? UInt64(k) << shift : 0) }
                    out.append(u[k])
                }
                k -= 1
            }
            return ModularPolynomial(layout: layout, monomials: words, coefficients: out)
        }
        // Contents in ℤ_p[y] (for a single variable: the whole polynomials).
        let runsA = a.runs(in: y), runsB = b.runs(in: y)
        var contentA: [UInt64] = []
        for run in runsA {
            contentA = Univariate.gcd(contentA, run.coefficient, field: field)
            if contentA.count == 1 { break }
        }
        var contentB: [UInt64] = []
        for run in runsB {
            contentB = Univariate.gcd(contentB, run.coefficient, field: field)
            if contentB.count == 1 { break }
        }
        let content = Univariate.gcd(contentA, contentB, field: field)
        if variables.count == 1 { return fromUnivariate(content) }
        func primitive(_ p: ModularPolynomial, _ runs: [(start: Int, end: Int, coefficient: [UInt64])],
                       _ c: [UInt64]) -> (ModularPolynomial, [(start: Int, end: Int, coefficient: [UInt64])]) {
            if c.count == 1 { return (p, runs) }
            let divided = runs.map { ($0.start, $0.end, Univariate.exactQuotient($0.coefficient, c, field: field) ?? []) }
            let q = p.replacingRuns(in: y, divided)
            return (q, q.runs(in: y))
        }
        let (a1, runs1) = primitive(a, runsA, contentA)
        let (b1, runs2) = primitive(b, runsB, contentB)
        // A primitive part free of the other variables is a unit: the gcd is the content.
        if a1.isConstant || b1.isConstant { return fromUnivariate(content) }
        let g = Univariate.gcd(runs1[0].coefficient, runs2[0].coefficient, field: field)
        let bound = min(a1.degree(in: y), b1.degree(in: y), bounds[y]) + g.count - 1
        var interpolant: ModularPolynomial? = nil
        var modulus: [UInt64] = [1]
        var points = 0
        var used = Set<UInt64>()
        var changed = true
        let attempts = 2 * (bound + 1) + 24
        for _ in 0..<attempts {
            let alpha = rng.nextUInt64(below: field.p - 1) + 1
            if !used.insert(alpha).inserted { continue }
            let gAlpha = Univariate.evaluate(g, at: alpha, field: field)
            if gAlpha == 0 { continue }
            let aa = a1.evaluating(y, at: alpha, field: field), bb = b1.evaluating(y, at: alpha, field: field)
            guard let image0 = try modularImage(aa, bb, bounds: bounds, field: field, rng: &rng, depth: depth + 1) else { return nil }
            if image0.isConstant { return fromUnivariate(content) }
            let image = image0.monic(field: field).scaled(by: gAlpha, field: field)
            if let h = interpolant {
                var order = 0
                for k in 0..<layout.wordCount {
                    let hk = k == word ? h.monomials[k] & ~(layout.fieldMask << shift) : h.monomials[k]
                    if image.monomials[k] != hk {
                        order = image.monomials[k] < hk ? -1 : 1
                        break
                    }
                }
                if order > 0 { continue }
                if order < 0 {
                    interpolant = image
                    modulus = [field.negate(alpha), 1]
                    points = 1
                    changed = true
                } else {
                    let atAlpha = h.evaluating(y, at: alpha, field: field)
                    let difference = image.adding(atAlpha, negated: true, field: field)
                    changed = !difference.isZero
                    if changed {
                        let scale = field.inverse(Univariate.evaluate(modulus, at: alpha, field: field))
                        let correction = difference.timesUnivariate(modulus.map { field.multiply($0, scale) }, in: y, field: field)
                        interpolant = h.adding(correction, field: field)
                    }
                    modulus = Univariate.multiply(modulus, [field.negate(alpha), 1], field: field)
                    points += 1
                }
            } else {
                interpolant = image
                modulus = [field.negate(alpha), 1]
                points = 1
                changed = true
            }
            // Complete after bound + 1 points, or (early termination) when a new point did
            // not change the interpolant.
            if points > bound || (!changed && points >= 2), let h = interpolant {
                // Primitive part in y, then the trial division.
                let runsH = h.runs(in: y)
                var contentH: [UInt64] = []
                for run in runsH { contentH = Univariate.gcd(contentH, run.coefficient, field: field) }
                let (candidate, _) = primitive(h, runsH, contentH)
                if a1.exactQuotient(dividingBy: candidate, field: field) != nil,
                   b1.exactQuotient(dividingBy: candidate, field: field) != nil {
                    return content.count == 1 ? candidate : candidate.multiplied(by: fromUnivariate(content), field: field)
                }
                if points > bound {
                    interpolant = nil
                    points = 0
                    modulus = [1]
                }
            }
        }
        return nil
    }

    /// Upper bounds on deg_v gcd(a, b) for every variable (see the file notes); variables
    /// without a usable image keep the trivial bound min(deg_v a, deg_v b).
    ///
    /// One random point serves every variable at once: the image in v of a term is its value
    /// at the whole point divided by point[v]^e (points are nonzero), so all images cost one
    /// pass over the terms, O(terms × variables), instead of one pass per variable. Variables
    /// whose leading coefficient vanishes at the point are retried at a fresh point (3 tries).
    func degreeBounds(_ a: Polynomial, _ b: Polynomial) throws(LimitExceeded) -> [Int] {
        let n = max(a.variableCount, b.variableCount)
        try WorkMeter.charge((a.termCount + b.termCount).saturatingProduct(n))
        let A = a.extended(toVariableCount: n), B = b.extended(toVariableCount: n)
        let degreesA = (0..<n).map { A.degree(in: $0) }, degreesB = (0..<n).map { B.degree(in: $0) }
        var bounds = (0..<n).map { min(degreesA[$0], degreesB[$0]) }
        var primeIndex = 0
        var field = PrimeField(p: PrimeField.prime(0))
        while field.reduce(A.leadingCoefficient) == 0 || field.reduce(B.leadingCoefficient) == 0 {
            primeIndex += 1
            field = PrimeField(p: PrimeField.prime(primeIndex))
        }
        let ap = ModularPolynomial(A, field: field), bp = ModularPolynomial(B, field: field)
        var rng = RandomSource(seed: 0x5eed_0f_b0_0d5 ^ UInt64(n))
        // Dense univariate images only for moderate degrees (others keep the trivial bound).
        let degreeCap = 4 * max(1, limits.maxExponent)
        var pending = (0..<n).filter { bounds[$0] > 0 && max(degreesA[$0], degreesB[$0]) <= degreeCap }
        for _ in 0..<3 where !pending.isEmpty {
            try WorkMeter.charge((A.termCount + B.termCount).saturatingProduct(n))
            let point = (0..<n).map { _ in rng.nextUInt64(below: field.p - 1) + 1 }
            let imagesA = univariateImages(ap, in: pending, at: point, field: field)
            let imagesB = univariateImages(bp, in: pending, at: point, field: field)
            var unlucky: [Int] = []
            for (k, v) in pending.enumerated() {
                // The leading coefficients in v must not vanish at the point.
                guard imagesA[k].count - 1 == degreesA[v], imagesB[k].count - 1 == degreesB[v] else {
                    unlucky.append(v)
                    continue
                }
                bounds[v] = min(bounds[v], Univariate.gcd(imagesA[k], imagesB[k], field: field).count - 1)
            }
            pending = unlucky
        }
        return bounds
    }

    /// For each variable v of `variables`, the univariate polynomial in v obtained by
    /// evaluating every other variable at `point` (whose entries must be nonzero).
    func univariateImages(_ p: ModularPolynomial, in variables: [Int], at point: [UInt64], field: PrimeField) -> [[UInt64]] {
        let layout = p.layout
        let w = layout.wordCount
        var slot = [Int](repeating: -1, count: layout.variableCount)
        for (k, v) in variables.enumerated() where v < layout.variableCount { slot[v] = k }
        var out = variables.map { [UInt64](repeating: 0, count: p.degree(in: $0) + 1) }
        let inverses = point.map { field.inverse($0) }
        // Σ of the terms' values at the point, and the same over the terms containing v.
        var total: UInt64 = 0
        var containing = [UInt64](repeating: 0, count: variables.count)
        p.monomials.withUnsafeBufferPointer { m in
            for t in 0..<p.termCount {
                var value = p.coefficients[t]
                for u in 0..<layout.variableCount {
                    let e = layout.exponent(u, in: m, at: t * w)
                    if e > 0 { value = field.multiply(value, field.power(point[u], e)) }
                }
                total = field.add(total, value)
                for u in 0..<layout.variableCount where slot[u] >= 0 {
                    let e = layout.exponent(u, in: m, at: t * w)
                    guard e > 0 else { continue }
                    let k = slot[u]
                    out[k][Int(e)] = field.add(out[k][Int(e)], field.multiply(value, field.power(inverses[u], e)))
                    containing[k] = field.add(containing[k], value)
                }
            }
        }
        for k in out.indices {
            out[k][0] = field.add(out[k][0], field.subtract(total, containing[k]))
            Univariate.trim(&out[k])
        }
        return out
    }
}
