// Sparse multivariate polynomials over ℤ.
//
// Implementation notes
// --------------------
// Terms are stored as two parallel arrays: `monomials`, the packed exponent vectors
// (`MonomialLayout`, `layout.wordCount` words per term), and `coefficients`, nonzero `BigInt`s.
// Terms are kept sorted in *descending lexicographic order* with x0 > x1 > … > x(n-1): the
// term order of the engine, in which the leading term is the first one. Because the packing
// puts x0 in the most significant field, this order is the unsigned order of the words.
//
// Invariants (checked in debug builds by `checkInvariants()`):
//   * no zero coefficient; no two equal monomials; strictly descending monomials;
//   * every exponent ≤ `layout.largestExponent` (guard bits clear);
//   * `layout.variableCount == variableCount`.
// The layout (field width) is *not* canonical: two equal polynomials may be packed with
// different widths or variable counts. `==` and `hash(into:)` therefore compare the terms
// as mathematical objects (exponent vectors with trailing unused variables ignored), so equal
// polynomials are equal values regardless of packing or `variableCount`.

/// A polynomial with integer coefficients in the variables x0, x1, …, x(variableCount−1).
///
/// Variables are indices; the caller keeps the table from indices to what they stand for.
/// Terms are kept in **descending lexicographic order with x0 > x1 > …** (so `x0^2 > x0·x1^5 >
/// x0 > x1^9 > 1`); the first term is the leading term. Values are canonical: equal
/// polynomials compare equal and hash equally, whatever their internal packing or
/// `variableCount` (a polynomial in fewer variables equals its extension to more).
///
/// Arithmetic between polynomials with different `variableCount` extends the smaller one.
/// Operators never throw; the throwing variants (`multiplied(by:limits:)`,
/// `power(_:limits:)`) enforce ``Limits``.
public struct Polynomial: Sendable {
    /// The number of variables this polynomial is declared in.
    public var variableCount: Int { layout.variableCount }

    @usableFromInline var layout: MonomialLayout
    @usableFromInline var monomials: [UInt64]
    @usableFromInline var coefficients: [BigInt]

    /// Assembles a polynomial from parts already satisfying the invariants.
    @inlinable
    init(layout: MonomialLayout, monomials: [UInt64], coefficients: [BigInt]) {
        self.layout = layout
        self.monomials = monomials
        self.coefficients = coefficients
    }

    /// The zero polynomial in `variableCount` variables.
    public init(variableCount: Int = 0) {
        self.init(layout: MonomialLayout(variableCount: max(0, variableCount), bits: 8), monomials: [], coefficients: [])
    }

    /// The zero polynomial.
    public static let zero = Polynomial()

    /// The constant 1.
    public static let one = Polynomial.constant(1)

    /// The constant polynomial `value`.
    public static func constant(_ value: BigInt, variableCount: Int = 0) -> Polynomial {
        let layout = MonomialLayout(variableCount: max(0, variableCount), bits: 8)
        if value.isZero { return Polynomial(layout: layout, monomials: [], coefficients: []) }
        return Polynomial(layout: layout, monomials: [UInt64](repeating: 0, count: layout.wordCount), coefficients: [value])
    }

    /// The constant polynomial `value`.
    public static func constant(_ value: Int, variableCount: Int = 0) -> Polynomial {
        constant(BigInt(value), variableCount: variableCount)
    }

    /// The polynomial x_index, declared in `max(variableCount, index + 1)` variables.
    /// Returns zero for a negative index.
    public static func variable(_ index: Int, variableCount: Int = 0) -> Polynomial {
        guard index >= 0 else { return Polynomial(variableCount: variableCount) }
        return monomial(coefficient: 1, exponents: [Int](repeating: 0, count: index) + [1],
                        variableCount: max(variableCount, index + 1)) ?? Polynomial(variableCount: variableCount)
    }

    /// The single term `coefficient · ∏ x_i^exponents[i]`, declared in
    /// `max(variableCount, exponents.count)` variables; `nil` for a negative exponent or one
    /// beyond 2^63 − 1 (not representable).
    public static func monomial(coefficient: BigInt, exponents: [Int], variableCount: Int = 0) -> Polynomial? {
        let n = max(variableCount, exponents.count)
        guard exponents.allSatisfy({ $0 >= 0 }) else { return nil }
        let top = UInt64(exponents.max() ?? 0)
        guard let layout = MonomialLayout(variableCount: n, maxExponent: top) else { return nil }
        if coefficient.isZero { return Polynomial(layout: layout, monomials: [], coefficients: []) }
        var words: [UInt64] = []
        layout.pack(exponents.map { UInt64($0) } + [UInt64](repeating: 0, count: n - exponents.count), into: &words)
        return Polynomial(layout: layout, monomials: words, coefficients: [coefficient])
    }

    /// Builds a polynomial from terms in any order; equal exponent vectors are combined and
    /// zero coefficients dropped. Returns `nil` if an exponent vector has the wrong length, a
    /// negative entry, or an entry beyond 2^63 − 1.
    public init?(variableCount: Int, terms: [Term]) {
        guard variableCount >= 0 else { return nil }
        var top: UInt64 = 0
        for t in terms {
            guard t.exponents.count == variableCount else { return nil }
            for e in t.exponents {
                guard e >= 0 else { return nil }
                top = max(top, UInt64(e))
            }
        }
        guard let layout = MonomialLayout(variableCount: variableCount, maxExponent: top) else { return nil }
        var words: [UInt64] = []
        words.reserveCapacity(terms.count * layout.wordCount)
        for t in terms { layout.pack(t.exponents.lazy.map { UInt64($0) }, into: &words) }
        self = Polynomial.fromUnsortedTerms(layout: layout, monomials: words, coefficients: terms.map(\.coefficient))
    }

    /// One term: an exponent vector (one entry per variable) and a nonzero coefficient.
    public struct Term: Hashable, Sendable {
        /// The exponent of each variable, `exponents.count == variableCount`.
        public var exponents: [Int]
        /// The coefficient.
        public var coefficient: BigInt

        /// Creates a term.
        public init(exponents: [Int], coefficient: BigInt) {
            self.exponents = exponents
            self.coefficient = coefficient
        }
    }

    /// The terms in the engine's term order (descending lexicographic, x0 > x1 > …).
    public struct Terms: RandomAccessCollection, Sendable {
        let polynomial: Polynomial

        /// The first index, 0.
        public var startIndex: Int { 0 }
        /// One past the last index, the number of terms.
        public var endIndex: Int { polynomial.coefficients.count }

        /// The term at `position`.
        public subscript(position: Int) -> Term {
            Term(exponents: polynomial.exponents(ofTerm: position), coefficient: polynomial.coefficients[position])
        }
    }

    /// The terms, leading term first (descending lexicographic order, x0 > x1 > …).
    public var terms: Terms { Terms(polynomial: self) }

    /// Number of terms (0 for the zero polynomial).
    @inlinable public var termCount: Int { coefficients.count }

    /// Whether this is the zero polynomial.
    @inlinable public var isZero: Bool { coefficients.isEmpty }

    /// Whether this is a constant (including zero).
    public var isConstant: Bool {
        switch coefficients.count {
        case 0: return true
        case 1: return monomials.allSatisfy { $0 == 0 }
        default: return false
        }
    }

    /// The value of a constant polynomial, `nil` when it is not constant.
    public var constantValue: BigInt? {
        switch coefficients.count {
        case 0: return .zero
        case 1: return monomials.allSatisfy { $0 == 0 } ? coefficients[0] : nil
        default: return nil
        }
    }

    /// Whether this is the constant 1.
    public var isOne: Bool { constantValue?.isOne ?? false }

    /// The coefficient of the term at `index` (in term order).
    public func coefficient(ofTerm index: Int) -> BigInt { coefficients[index] }

    /// The exponent of `variable` in the term at `index`; 0 for variables beyond
    /// `variableCount`.
    public func exponent(ofVariable variable: Int, inTerm index: Int) -> Int {
        guard variable >= 0, variable < variableCount else { return 0 }
        return monomials.withUnsafeBufferPointer {
            Int(layout.exponent(variable, in: $0, at: index * layout.wordCount))
        }
    }

    /// The exponent vector of the term at `index`.
    public func exponents(ofTerm index: Int) -> [Int] {
        monomials.withUnsafeBufferPointer { words in
            (0..<variableCount).map { Int(layout.exponent($0, in: words, at: index * layout.wordCount)) }
        }
    }

    /// The leading coefficient (of the first term in term order); 0 for the zero polynomial.
    public var leadingCoefficient: BigInt { coefficients.first ?? .zero }

    /// The degree in `variable`; −1 for the zero polynomial, 0 if the variable does not occur.
    public func degree(in variable: Int) -> Int {
        if isZero { return -1 }
        guard variable >= 0, variable < variableCount else { return 0 }
        if variable == 0 { return exponent(ofVariable: 0, inTerm: 0) }
        var best: UInt64 = 0
        monomials.withUnsafeBufferPointer { words in
            let w = layout.wordCount
            for t in 0..<termCount { best = max(best, layout.exponent(variable, in: words, at: t * w)) }
        }
        return Int(best)
    }

    /// The total degree (largest sum of exponents of a term); −1 for the zero polynomial
    /// (saturating at `Int.max`).
    public var totalDegree: Int {
        if isZero { return -1 }
        var best: UInt64 = 0
        monomials.withUnsafeBufferPointer { words in
            let w = layout.wordCount
            for t in 0..<termCount {
                var s: UInt64 = 0
                for v in 0..<variableCount {
                    let (sum, overflow) = s.addingReportingOverflow(layout.exponent(v, in: words, at: t * w))
                    s = overflow ? UInt64.max : sum
                }
                best = max(best, s)
            }
        }
        return Int(clamping: best)
    }

    /// The largest exponent of each variable (all 0 for the zero polynomial).
    @usableFromInline
    func maxExponents() -> [UInt64] {
        var out = [UInt64](repeating: 0, count: variableCount)
        if isZero || variableCount == 0 { return out }
        monomials.withUnsafeBufferPointer { words in
            let w = layout.wordCount
            out[0] = layout.exponent(0, in: words, at: 0)
            if variableCount == 1 { return }
            for t in 0..<termCount {
                for v in 1..<variableCount { out[v] = max(out[v], layout.exponent(v, in: words, at: t * w)) }
            }
        }
        return out
    }

    /// The smallest exponent of each variable (all 0 for the zero polynomial).
    @usableFromInline
    func minExponents() -> [UInt64] {
        if isZero { return [UInt64](repeating: 0, count: variableCount) }
        var out = [UInt64](repeating: UInt64.max, count: variableCount)
        monomials.withUnsafeBufferPointer { words in
            let w = layout.wordCount
            for t in 0..<termCount {
                for v in 0..<variableCount { out[v] = min(out[v], layout.exponent(v, in: words, at: t * w)) }
            }
        }
        return out
    }

    /// The variables that occur with a positive exponent, ascending.
    public var variablesInUse: [Int] {
        maxExponents().enumerated().compactMap { $0.element > 0 ? $0.offset : nil }
    }

    /// Whether `variable` occurs with a positive exponent.
    public func contains(variable: Int) -> Bool { degree(in: variable) > 0 }

    /// Verifies the representation invariants (debug aid for tests).
    func checkInvariants() -> Bool {
        let w = layout.wordCount
        guard monomials.count == coefficients.count * w else { return false }
        if coefficients.contains(where: \.isZero) { return false }
        return monomials.withUnsafeBufferPointer { words in
            for t in 0..<termCount {
                for k in 0..<w where words[t * w + k] & layout.guardMask != 0 { return false }
                if t > 0 && Monomials.compare(words, (t - 1) * w, words, t * w, words: w) <= 0 { return false }
            }
            return true
        }
    }
}

// MARK: - Layout changes

extension Polynomial {
    /// This polynomial declared in `count` variables (at least its current count); the new
    /// variables do not occur. Returns `self` unchanged when `count <= variableCount`.
    public func extended(toVariableCount count: Int) -> Polynomial {
        if count <= variableCount { return self }
        return repacked(to: MonomialLayout(variableCount: count, bits: layout.bits))
    }

    /// The same terms packed in `target` (at least as many variables, wide enough fields).
    @usableFromInline
    func repacked(to target: MonomialLayout) -> Polynomial {
        if target == layout { return self }
        return Polynomial(layout: target, monomials: layout.repack(monomials, to: target), coefficients: coefficients)
    }

    /// Brings two polynomials to one layout (the larger variable count, the wider fields).
    @usableFromInline
    static func unified(_ a: Polynomial, _ b: Polynomial) -> (Polynomial, Polynomial) {
        if a.layout == b.layout { return (a, b) }
        let target = MonomialLayout(variableCount: max(a.variableCount, b.variableCount), bits: max(a.layout.bits, b.layout.bits))
        return (a.repacked(to: target), b.repacked(to: target))
    }

    /// Renames the variables: variable `i` becomes `mapping[i]` in a polynomial declared in
    /// `variableCount` variables. Returns `nil` if `mapping` has fewer than `self.variableCount`
    /// entries, sends an occurring variable outside `0..<variableCount`, or sends two
    /// occurring variables to the same index.
    public func renamingVariables(_ mapping: [Int], variableCount newCount: Int) -> Polynomial? {
        guard mapping.count >= variableCount, newCount >= 0 else { return nil }
        let used = variablesInUse
        var seen = Set<Int>()
        for v in used {
            let t = mapping[v]
            guard t >= 0, t < newCount, seen.insert(t).inserted else { return nil }
        }
        let target = MonomialLayout(variableCount: newCount, bits: layout.bits)
        let w = layout.wordCount
        var words = [UInt64](repeating: 0, count: termCount * target.wordCount)
        monomials.withUnsafeBufferPointer { src in
            for t in 0..<termCount {
                for v in used {
                    let e = layout.exponent(v, in: src, at: t * w)
                    words[t * target.wordCount + target.word(of: mapping[v])] |= e << target.shift(of: mapping[v])
                }
            }
        }
        return Polynomial.fromUnsortedTerms(layout: target, monomials: words, coefficients: coefficients)
    }
}

// MARK: - Building from unsorted terms

extension Polynomial {
    /// Sorts terms into term order, combines equal monomials and drops zeros.
    @usableFromInline
    static func fromUnsortedTerms(layout: MonomialLayout, monomials: [UInt64], coefficients: [BigInt]) -> Polynomial {
        let w = layout.wordCount
        let n = coefficients.count
        if n == 0 { return Polynomial(layout: layout, monomials: [], coefficients: []) }
        var order = Array(0..<n)
        monomials.withUnsafeBufferPointer { words in
            if w == 1 {
                order.sort { words[$0] > words[$1] }
            } else {
                order.sort { Monomials.compare(words, $0 * w, words, $1 * w, words: w) > 0 }
            }
        }
        var outWords: [UInt64] = []
        var outCoefficients: [BigInt] = []
        outWords.reserveCapacity(n * w)
        outCoefficients.reserveCapacity(n)
        monomials.withUnsafeBufferPointer { words in
            var i = 0
            while i < n {
                let t = order[i]
                var c = coefficients[t]
                var j = i + 1
                while j < n && Monomials.equal(words, order[j] * w, words, t * w, words: w) {
                    c += coefficients[order[j]]
                    j += 1
                }
                if !c.isZero {
                    for k in 0..<w { outWords.append(words[t * w + k]) }
                    outCoefficients.append(c)
                }
                i = j
            }
        }
        return Polynomial(layout: layout, monomials: outWords, coefficients: outCoefficients)
    }
}

// MARK: - Equality and hashing

extension Polynomial: Hashable {
    /// Mathematical equality: the same terms, whatever the packing or declared variable count.
    public static func == (lhs: Polynomial, rhs: Polynomial) -> Bool {
        if lhs.termCount != rhs.termCount { return false }
        if lhs.coefficients != rhs.coefficients { return false }
        if lhs.layout == rhs.layout { return lhs.monomials == rhs.monomials }
        let (a, b) = unified(lhs, rhs)
        return a.monomials == b.monomials
    }

    /// Hashes the terms (exponents of occurring variables and coefficients), independent of
    /// packing and declared variable count.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(termCount)
        let w = layout.wordCount
        monomials.withUnsafeBufferPointer { words in
            for t in 0..<termCount {
                hasher.combine(coefficients[t])
                for v in 0..<variableCount {
                    let e = layout.exponent(v, in: words, at: t * w)
                    if e != 0 {
                        hasher.combine(v)
                        hasher.combine(e)
                    }
                }
            }
        }
    }
}

extension Polynomial: CustomStringConvertible {
    /// A readable form such as `3*x0^2*x1 - x1 + 7`, in term order.
    public var description: String {
        if isZero { return "0" }
        var text = ""
        for t in 0..<termCount {
            let c = coefficients[t]
            let exps = exponents(ofTerm: t)
            var factors: [String] = []
            for (v, e) in exps.enumerated() where e > 0 { factors.append(e == 1 ? "x\(v)" : "x\(v)^\(e)") }
            let magnitude = c.magnitude
            var body: String
            if factors.isEmpty {
                body = magnitude.description
            } else if magnitude.isOne {
                body = factors.joined(separator: "*")
            } else {
                body = magnitude.description + "*" + factors.joined(separator: "*")
            }
            if t == 0 {
                text = c.isNegative ? "-" + body : body
            } else {
                text += c.isNegative ? " - " + body : " + " + body
            }
        }
        return text
    }
}
