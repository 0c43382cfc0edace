// Content, primitive part and exact division.
//
// Implementation notes
// --------------------
// Exact division uses Johnson's heap algorithm (as in Monagan & Pearce, "Sparse polynomial
// division using a heap", 2011). The remainder is never stored: the heap holds, for every
// quotient term q_i, its next product q_i·b_j (j ≥ 1), keyed by the packed product monomial.
// Each round takes the largest monomial M among the next dividend term and the heap top,
// sums all contributions to M, and — since the division must be exact — requires that LM(b)
// divides M and lc(b) divides the coefficient; otherwise the answer is `nil` at once. M
// strictly decreases, so the quotient comes out in term order. Termination and size are
// bounded a priori: in an exact division deg_v(q) = deg_v(a) − deg_v(b) for every variable,
// so any quotient term outside that box also means "not exact". Cost O(|q|·|b|·log|q|).

extension Polynomial {
    /// The gcd of the coefficients, non-negative (0 for the zero polynomial).
    public var content: BigInt {
        var g = BigInt.zero
        for c in coefficients {
            g = BigInt.gcd(g, c)
            if g.isOne { break }
        }
        return g
    }

    /// `self` divided by its ``content`` (the sign is kept); zero stays zero.
    public var primitivePart: Polynomial {
        let c = content
        if c.isZero || c.isOne { return self }
        return exactlyDividingCoefficients(by: c) ?? self
    }

    /// `self` or `-self`, whichever has a positive leading coefficient (zero stays zero).
    public var withPositiveLeadingCoefficient: Polynomial {
        leadingCoefficient.isNegative ? -self : self
    }

    /// The quotient `self / divisor` when `divisor` divides `self` exactly in ℤ[x0, …], else
    /// `nil` (also for a zero divisor). Always terminates; see the file notes for the bound.
    public func exactQuotient(dividingBy divisor: Polynomial) -> Polynomial? {
        if divisor.isZero { return nil }
        let n = max(variableCount, divisor.variableCount)
        if isZero { return Polynomial(variableCount: n) }
        if let c = divisor.constantValue {
            return extended(toVariableCount: n).exactlyDividingCoefficients(by: c)
        }
        let (a, b) = Polynomial.unified(self, divisor)
        let maxA = a.maxExponents(), maxB = b.maxExponents()
        var quotientBox = [UInt64](repeating: 0, count: n)
        for v in 0..<n {
            if maxA[v] < maxB[v] { return nil }
            quotientBox[v] = maxA[v] - maxB[v]
        }
        if b.termCount == 1 { return a.dividedByTerm(b) }
        return a.heapQuotient(b, box: quotientBox)
    }

    /// Division by a single term, `nil` unless every term is divisible.
    func dividedByTerm(_ b: Polynomial) -> Polynomial? {
        let w = layout.wordCount
        let g = layout.guardMask
        let c = b.coefficients[0]
        var words = monomials
        var quotients: [BigInt] = []
        quotients.reserveCapacity(termCount)
        let ok = b.monomials.withUnsafeBufferPointer { d -> Bool in
            monomials.withUnsafeBufferPointer { m -> Bool in
                for t in 0..<termCount {
                    guard Monomials.divides(d, 0, m, t * w, words: w, guardMask: g) else { return false }
                    for k in 0..<w { words[t * w + k] = m[t * w + k] &- d[k] }
                }
                return true
            }
        }
        guard ok else { return nil }
        for coefficient in coefficients {
            guard let q = coefficient.exactlyDivided(by: c) else { return nil }
            quotients.append(q)
        }
        return Polynomial(layout: layout, monomials: words, coefficients: quotients)
    }

    /// Johnson's heap division (see the file notes). Same layout for `self` and `b`.
    func heapQuotient(_ b: Polynomial, box: [UInt64]) -> Polynomial? {
        let w = layout.wordCount
        let g = layout.guardMask
        let nb = b.termCount
        let leading = b.coefficients[0]
        var qWords: [UInt64] = []
        var qCoefficients: [BigInt] = []
        // Heap of quotient-term indices; key of entry i is qWords[i] + bWords[next[i]].
        var heap: [Int] = []
        var next: [Int] = []
        var keys: [UInt64] = []
        var scratch = [UInt64](repeating: 0, count: w)
        var k = 0  // next dividend term

        return b.monomials.withUnsafeBufferPointer { bm -> Polynomial? in
            monomials.withUnsafeBufferPointer { am -> Polynomial? in
                func greater(_ x: Int, _ y: Int) -> Bool {
                    for t in 0..<w where keys[x * w + t] != keys[y * w + t] { return keys[x * w + t] > keys[y * w + t] }
                    return false
                }
                func siftDown(_ start: Int) {
                    var i = start
                    let count = heap.count
                    while true {
                        let l = 2 * i + 1
                        if l >= count { return }
                        var c = l
                        if l + 1 < count && greater(heap[l + 1], heap[l]) { c = l + 1 }
                        if greater(heap[c], heap[i]) {
                            heap.swapAt(c, i)
                            i = c
                        } else {
                            return
                        }
                    }
                }
                func siftUp(_ start: Int) {
                    var i = start
                    while i > 0 {
                        let p = (i - 1) / 2
                        if greater(heap[i], heap[p]) {
                            heap.swapAt(i, p)
                            i = p
                        } else {
                            return
                        }
                    }
                }
                func setKey(_ q: Int) {
                    for t in 0..<w { keys[q * w + t] = qWords[q * w + t] &+ bm[next[q] * w + t] }
                }

                while true {
                    // The largest monomial M among the dividend and the heap.
                    var fromDividend = false
                    if k < termCount {
                        if let top = heap.first {
                            var c = 0
                            for t in 0..<w where am[k * w + t] != keys[top * w + t] {
                                c = am[k * w + t] > keys[top * w + t] ? 1 : -1
                                break
                            }
                            fromDividend = c >= 0
                            if c >= 0 { for t in 0..<w { scratch[t] = am[k * w + t] } }
                            else { for t in 0..<w { scratch[t] = keys[top * w + t] } }
                        } else {
                            fromDividend = true
                            for t in 0..<w { scratch[t] = am[k * w + t] }
                        }
                    } else if let top = heap.first {
                        for t in 0..<w { scratch[t] = keys[top * w + t] }
                    } else {
                        break
                    }
                    var sum = BigInt.zero
                    if fromDividend {
                        sum = coefficients[k]
                        k += 1
                    }
                    while let top = heap.first {
                        var same = true
                        for t in 0..<w where keys[top * w + t] != scratch[t] { same = false; break }
                        if !same { break }
                        sum -= qCoefficients[top] * b.coefficients[next[top]]
                        next[top] += 1
                        if next[top] < nb {
                            setKey(top)
                            siftDown(0)
                        } else {
                            heap[0] = heap[heap.count - 1]
                            heap.removeLast()
                            if !heap.isEmpty { siftDown(0) }
                        }
                    }
                    if sum.isZero { continue }
                    // A new quotient term: M / LM(b) with coefficient sum / lc(b).
                    let divisible = scratch.withUnsafeBufferPointer {
                        Monomials.divides(bm, 0, $0, 0, words: w, guardMask: g)
                    }
                    guard divisible, let c = sum.exactlyDivided(by: leading) else { return nil }
                    let q = qCoefficients.count
                    for t in 0..<w { qWords.append(scratch[t] &- bm[t]) }
                    // Stay inside the quotient's degree box.
                    let inBox = qWords.withUnsafeBufferPointer { qw -> Bool in
                        for v in 0..<variableCount where layout.exponent(v, in: qw, at: q * w) > box[v] { return false }
                        return true
                    }
                    guard inBox else { return nil }
                    qCoefficients.append(c)
                    next.append(1)
                    for _ in 0..<w { keys.append(0) }
                    if nb > 1 {
                        setKey(q)
                        heap.append(q)
                        siftUp(heap.count - 1)
                    }
                }
                return Polynomial(layout: layout, monomials: qWords, coefficients: qCoefficients)
            }
        }
    }
}
