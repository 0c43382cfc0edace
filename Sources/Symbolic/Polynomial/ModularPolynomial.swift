// Polynomials over ℤ/pℤ for the modular gcd.
//
// Implementation notes
// --------------------
// `ModularPolynomial` mirrors `Polynomial` (packed monomials in descending lexicographic
// order) with coefficients in 1..<p stored as `UInt64`, p a prime below 2^62 (`PrimeField`).
// Only what Brown's algorithm needs is here: reduction and symmetric lifting,
// sums, products (all pairwise products, sorted and combined), evaluation of one variable,
// the recursive view as polynomials in the other variables with coefficients in ℤ_p[y] when
// y is the least significant variable in use (then every such coefficient is a contiguous
// run of terms), and exact division by Johnson's heap algorithm over the field.

/// A polynomial over ℤ/pℤ (see the file notes).
struct ModularPolynomial: Equatable {
    var layout: MonomialLayout
    var monomials: [UInt64]
    var coefficients: [UInt64]

    var termCount: Int { coefficients.count }
    var isZero: Bool { coefficients.isEmpty }
    var leadingCoefficient: UInt64 { coefficients.first ?? 0 }
    var isConstant: Bool { coefficients.count == 0 || (coefficients.count == 1 && monomials.allSatisfy { $0 == 0 }) }

    /// The image of an integer polynomial.
    init(_ p: Polynomial, field: PrimeField) {
        layout = p.layout
        let w = layout.wordCount
        var words: [UInt64] = []
        var out: [UInt64] = []
        words.reserveCapacity(p.monomials.count)
        out.reserveCapacity(p.termCount)
        for t in 0..<p.termCount {
            let c = field.reduce(p.coefficients[t])
            if c == 0 { continue }
            for k in 0..<w { words.append(p.monomials[t * w + k]) }
            out.append(c)
        }
        monomials = words
        coefficients = out
    }

    init(layout: MonomialLayout, monomials: [UInt64], coefficients: [UInt64]) {
        self.layout = layout
        self.monomials = monomials
        self.coefficients = coefficients
    }

    /// The constant `c` in the layout.
    static func constant(_ c: UInt64, layout: MonomialLayout) -> ModularPolynomial {
        if c == 0 { return ModularPolynomial(layout: layout, monomials: [], coefficients: []) }
        return ModularPolynomial(layout: layout, monomials: [UInt64](repeating: 0, count: layout.wordCount), coefficients: [c])
    }

    /// The integer polynomial with symmetric representatives in (−p/2, p/2].
    func lifted(field: PrimeField) -> Polynomial {
        let half = field.p / 2
        let out = coefficients.map { $0 > half ? BigInt(Int($0)) - BigInt(Int(field.p)) : BigInt(Int($0)) }
        return Polynomial(layout: layout, monomials: monomials, coefficients: out)
    }

    /// The leading monomial's words.
    var leadingMonomial: ArraySlice<UInt64> { monomials.prefix(layout.wordCount) }

    /// Whether the leading monomial of `self` is below that of `other` (lexicographic).
    static func compareLeading(_ a: ModularPolynomial, _ b: ModularPolynomial) -> Int {
        for k in 0..<a.layout.wordCount where a.monomials[k] != b.monomials[k] {
            return a.monomials[k] < b.monomials[k] ? -1 : 1
        }
        return 0
    }

    func scaled(by factor: UInt64, field: PrimeField) -> ModularPolynomial {
        if factor == 0 { return ModularPolynomial(layout: layout, monomials: [], coefficients: []) }
        if factor == 1 { return self }
        return ModularPolynomial(layout: layout, monomials: monomials, coefficients: coefficients.map { field.multiply($0, factor) })
    }

    /// Divided by its leading coefficient.
    func monic(field: PrimeField) -> ModularPolynomial {
        isZero ? self : scaled(by: field.inverse(leadingCoefficient), field: field)
    }

    /// Sorts, combines equal monomials (mod p) and drops zeros.
    static func fromUnsorted(layout: MonomialLayout, monomials: [UInt64], coefficients: [UInt64],
                             field: PrimeField) -> ModularPolynomial {
        let w = layout.wordCount
        let n = coefficients.count
        var order = Array(0..<n)
        monomials.withUnsafeBufferPointer { m in
            order.sort { Monomials.compare(m, $0 * w, m, $1 * w, words: w) > 0 }
        }
        var words: [UInt64] = []
        var out: [UInt64] = []
        monomials.withUnsafeBufferPointer { m in
            var i = 0
            while i < n {
                let t = order[i]
                var c = coefficients[t]
                var j = i + 1
                while j < n && Monomials.equal(m, order[j] * w, m, t * w, words: w) {
                    c = field.add(c, coefficients[order[j]])
                    j += 1
                }
                if c != 0 {
                    for k in 0..<w { words.append(m[t * w + k]) }
                    out.append(c)
                }
                i = j
            }
        }
        return ModularPolynomial(layout: layout, monomials: words, coefficients: out)
    }

    /// `self + sign·other` (same layout), by merging.
    func adding(_ other: ModularPolynomial, negated: Bool = false, field: PrimeField) -> ModularPolynomial {
        let w = layout.wordCount
        var words: [UInt64] = []
        var out: [UInt64] = []
        var i = 0, j = 0
        func take(_ c: UInt64) -> UInt64 { negated ? field.negate(c) : c }
        while i < termCount || j < other.termCount {
            var c = 0
            if i >= termCount { c = -1 } else if j >= other.termCount { c = 1 } else {
                for k in 0..<w where monomials[i * w + k] != other.monomials[j * w + k] {
                    c = monomials[i * w + k] > other.monomials[j * w + k] ? 1 : -1
                    break
                }
            }
            if c > 0 {
                for k in 0..<w { words.append(monomials[i * w + k]) }
                out.append(coefficients[i])
                i += 1
            } else if c < 0 {
                for k in 0..<w { words.append(other.monomials[j * w + k]) }
                out.append(take(other.coefficients[j]))
                j += 1
            } else {
                let s = field.add(coefficients[i], take(other.coefficients[j]))
                if s != 0 {
                    for k in 0..<w { words.append(monomials[i * w + k]) }
                    out.append(s)
                }
                i += 1
                j += 1
            }
        }
        return ModularPolynomial(layout: layout, monomials: words, coefficients: out)
    }

    /// The product (the caller guarantees the exponent fields hold the result).
    func multiplied(by other: ModularPolynomial, field: PrimeField) -> ModularPolynomial {
        let w = layout.wordCount
        var words: [UInt64] = []
        var out: [UInt64] = []
        words.reserveCapacity(termCount * other.termCount * w)
        out.reserveCapacity(termCount * other.termCount)
        for i in 0..<termCount {
            for j in 0..<other.termCount {
                for k in 0..<w { words.append(monomials[i * w + k] &+ other.monomials[j * w + k]) }
                out.append(field.multiply(coefficients[i], other.coefficients[j]))
            }
        }
        return ModularPolynomial.fromUnsorted(layout: layout, monomials: words, coefficients: out, field: field)
    }

    /// Largest exponent of `variable` (0 for zero).
    func degree(in variable: Int) -> Int {
        var best: UInt64 = 0
        monomials.withUnsafeBufferPointer { m in
            for t in 0..<termCount { best = max(best, layout.exponent(variable, in: m, at: t * layout.wordCount)) }
        }
        return Int(best)
    }

    /// The variables with a positive exponent somewhere, ascending.
    var variablesInUse: [Int] {
        var used = [Bool](repeating: false, count: layout.variableCount)
        monomials.withUnsafeBufferPointer { m in
            for t in 0..<termCount {
                for v in 0..<layout.variableCount where !used[v] && layout.exponent(v, in: m, at: t * layout.wordCount) != 0 {
                    used[v] = true
                }
            }
        }
        return used.enumerated().compactMap { $0.element ? $0.offset : nil }
    }

    /// `self` with `variable` set to `value`.
    func evaluating(_ variable: Int, at value: UInt64, field: PrimeField) -> ModularPolynomial {
        let w = layout.wordCount
        let word = layout.word(of: variable), shift = layout.shift(of: variable)
        let clear = ~(layout.fieldMask << shift)
        let degree = self.degree(in: variable)
        // A power table for moderate degrees, binary powering beyond.
        var powers = [UInt64](repeating: 1, count: degree <= 4096 ? degree + 1 : 0)
        if degree > 0 && degree <= 4096 { for k in 1...degree { powers[k] = field.multiply(powers[k - 1], value) } }
        var words = monomials
        var out = coefficients
        for t in 0..<termCount {
            let e = Int((monomials[t * w + word] >> shift) & layout.fieldMask)
            words[t * w + word] &= clear
            if e > 0 { out[t] = field.multiply(out[t], powers.isEmpty ? field.power(value, UInt64(e)) : powers[e]) }
        }
        return ModularPolynomial.fromUnsorted(layout: layout, monomials: words, coefficients: out, field: field)
    }

    /// The recursive view in `y`, the least significant variable in use: runs of terms with
    /// equal exponents in the other variables, each with its dense univariate coefficient in
    /// `y`. Runs come in descending order of their monomial in the other variables.
    func runs(in y: Int) -> [(start: Int, end: Int, coefficient: [UInt64])] {
        let w = layout.wordCount
        let word = layout.word(of: y), shift = layout.shift(of: y)
        let clear = ~(layout.fieldMask << shift)
        var out: [(start: Int, end: Int, coefficient: [UInt64])] = []
        var start = 0
        while start < termCount {
            var end = start + 1
            while end < termCount {
                var same = true
                for k in 0..<w {
                    let a = k == word ? monomials[start * w + k] & clear : monomials[start * w + k]
                    let b = k == word ? monomials[end * w + k] & clear : monomials[end * w + k]
                    if a != b { same = false; break }
                }
                if !same { break }
                end += 1
            }
            let top = Int((monomials[start * w + word] >> shift) & layout.fieldMask)
            var u = [UInt64](repeating: 0, count: top + 1)
            for t in start..<end { u[Int((monomials[t * w + word] >> shift) & layout.fieldMask)] = coefficients[t] }
            out.append((start, end, u))
            start = end
        }
        return out
    }

    /// Rebuilds from runs: each run's monomial (with `y` cleared) times its univariate.
    func replacingRuns(in y: Int, _ runs: [(start: Int, end: Int, coefficient: [UInt64])]) -> ModularPolynomial {
        let w = layout.wordCount
        let word = layout.word(of: y), shift = layout.shift(of: y)
        let clear = ~(layout.fieldMask << shift)
        var words: [UInt64] = []
        var out: [UInt64] = []
        for run in runs {
            var k = run.coefficient.count - 1
            while k >= 0 {
                if run.coefficient[k] != 0 {
                    for i in 0..<w {
                        let base = i == word ? monomials[run.start * w + i] & clear : monomials[run.start * w + i]
                        words.append(i == word ? base | (UInt64(k) << shift) : base)
                    }
                    out.append(run.coefficient[k])
                }
                k -= 1
            }
        }
        return ModularPolynomial(layout: layout, monomials: words, coefficients: out)
    }

    /// `self · u(y)` for a polynomial `self` free of `y` and a dense univariate `u`: the
    /// terms come out sorted because `y` is less significant than every variable of `self`.
    func timesUnivariate(_ u: [UInt64], in y: Int, field: PrimeField) -> ModularPolynomial {
        let w = layout.wordCount
        let word = layout.word(of: y), shift = layout.shift(of: y)
        var words: [UInt64] = []
        var out: [UInt64] = []
        for t in 0..<termCount {
            var k = u.count - 1
            while k >= 0 {
                if u[k] != 0 {
                    for i in 0..<w { words.append(i == word ? monomials[t * w + i] | (UInt64(k) << shift) : monomials[t * w + i]) }
                    out.append(field.multiply(coefficients[t], u[k]))
                }
                k -= 1
            }
        }
        return ModularPolynomial(layout: layout, monomials: words, coefficients: out)
    }

    /// The exact quotient over the field, or `nil` if `divisor` does not divide `self`
    /// (Johnson's heap division, as for integer polynomials).
    func exactQuotient(dividingBy b: ModularPolynomial, field: PrimeField) -> ModularPolynomial? {
        if b.isZero { return nil }
        if isZero { return self }
        let w = layout.wordCount
        let g = layout.guardMask
        let nb = b.termCount
        let inverseLead = field.inverse(b.coefficients[0])
        // Degree box of an exact quotient.
        var box = [UInt64](repeating: 0, count: layout.variableCount)
        for v in 0..<layout.variableCount {
            let da = degree(in: v), db = b.degree(in: v)
            if da < db { return nil }
            box[v] = UInt64(da - db)
        }
        var qWords: [UInt64] = []
        var qCoefficients: [UInt64] = []
        var heap: [Int] = []
        var next: [Int] = []
        var keys: [UInt64] = []
        var scratch = [UInt64](repeating: 0, count: w)
        var k = 0
        func greater(_ x: Int, _ y: Int) -> Bool {
            for t in 0..<w where keys[x * w + t] != keys[y * w + t] { return keys[x * w + t] > keys[y * w + t] }
            return false
        }
        func siftDown(_ start: Int) {
            var i = start
            while true {
                let l = 2 * i + 1
                if l >= heap.count { return }
                var c = l
                if l + 1 < heap.count && greater(heap[l + 1], heap[l]) { c = l + 1 }
                if !greater(heap[c], heap[i]) { return }
                heap.swapAt(c, i)
                i = c
            }
        }
        func siftUp(_ start: Int) {
            var i = start
            while i > 0 {
                let parent = (i - 1) / 2
                if !greater(heap[i], heap[parent]) { return }
                heap.swapAt(i, parent)
                i = parent
            }
        }
        while true {
            var fromDividend = false
            if k < termCount, let top = heap.first {
                var c = 0
                for t in 0..<w where monomials[k * w + t] != keys[top * w + t] {
                    c = monomials[k * w + t] > keys[top * w + t] ? 1 : -1
                    break
                }
                fromDividend = c >= 0
                for t in 0..<w { scratch[t] = c >= 0 ? monomials[k * w + t] : keys[top * w + t] }
            } else if k < termCount {
                fromDividend = true
                for t in 0..<w { scratch[t] = monomials[k * w + t] }
            } else if let top = heap.first {
                for t in 0..<w { scratch[t] = keys[top * w + t] }
            } else {
                break
            }
            var sum: UInt64 = 0
            if fromDividend {
                sum = coefficients[k]
                k += 1
            }
            while let top = heap.first {
                var same = true
                for t in 0..<w where keys[top * w + t] != scratch[t] { same = false; break }
                if !same { break }
                sum = field.subtract(sum, field.multiply(qCoefficients[top], b.coefficients[next[top]]))
                next[top] += 1
                if next[top] < nb {
                    for t in 0..<w { keys[top * w + t] = qWords[top * w + t] &+ b.monomials[next[top] * w + t] }
                    siftDown(0)
                } else {
                    heap[0] = heap[heap.count - 1]
                    heap.removeLast()
                    if !heap.isEmpty { siftDown(0) }
                }
            }
            if sum == 0 { continue }
            let divisible = scratch.withUnsafeBufferPointer { s in
                b.monomials.withUnsafeBufferPointer { Monomials.divides($0, 0, s, 0, words: w, guardMask: g) }
            }
            guard divisible else { return nil }
            let q = qCoefficients.count
            for t in 0..<w { qWords.append(scratch[t] &- b.monomials[t]) }
            let inBox = qWords.withUnsafeBufferPointer { qw -> Bool in
                for v in 0..<layout.variableCount where layout.exponent(v, in: qw, at: q * w) > box[v] { return false }
                return true
            }
            guard inBox else { return nil }
            qCoefficients.append(field.multiply(sum, inverseLead))
            next.append(1)
            for _ in 0..<w { keys.append(0) }
            if nb > 1 {
                for t in 0..<w { keys[q * w + t] = qWords[q * w + t] &+ b.monomials[w + t] }
                heap.append(q)
                siftUp(heap.count - 1)
            }
        }
        return ModularPolynomial(layout: layout, monomials: qWords, coefficients: qCoefficients)
    }
}
