// Chains about matrices and vectors whose sizes are symbols, checked at sampled sizes.
//
// Implementation notes
// --------------------
// A chain without a family that mentions a declared matrix or vector whose size is a symbol
// (`vector v[n]`) cannot be expanded into entries. Instead of refusing it, the checker runs it
// as if it had the family `for n in 1..3` (every size symbol in turn, at most
// `maxSampledSizes` values each, skipping values the declarations or `assume` lines rule out,
// at most `maxMembers` members in all). A step proved at every one of those sizes is still
// only evidence for all n — the sizes are a sample — so `proved` and `exact` become `numeric`,
// with a note; refutations stand as they are (one size is a counterexample). A `note`
// diagnostic at the chain says which sizes were used and how to state them with a family.
import Symbolic

extension DerivationChecker {
    /// The most values tried for one size symbol.
    static let maxSampledSizes = 3
    /// The most members (size combinations) a chain is checked at.
    static let maxSampledSizeMembers = 9

    /// Size symbols of declared matrices and vectors the chain mentions, in name order, or
    /// empty when the chain has a family or mentions no matrix of symbolic size.
    func sampledSizeSymbols(_ chain: Chain, context: CheckContext) -> [Symbol] {
        guard chain.family == nil, !context.matrices.isEmpty else { return [] }
        var expressions: [Expr] = [chain.start.value]
        for step in chain.steps { expressions.append(step.rhs.value) }
        var names = Set<String>()
        for e in expressions { for s in e.freeSymbols where context.matrices[s.name] != nil { names.insert(s.name) } }
        var sizes = Set<Symbol>()
        for name in names.sorted() {
            guard let d = context.matrices[name] else { continue }
            var parts = [d.rows, d.columns]
            for p in d.properties { if case .rank(let r) = p { parts.append(r) } }
            for part in parts { for s in part.freeSymbols { sizes.insert(s) } }
        }
        return sizes.sorted { $0.name < $1.name }
    }

    /// The assignments of sampled sizes: 1, 2, 3, … for each symbol, kept only where the
    /// symbol's declared range and every assumed relation among size symbols allow them.
    func sampledSizeAssignments(_ symbols: [Symbol], context: CheckContext) -> [[(Symbol, Int)]] {
        func allowed(_ s: Symbol, _ k: Int) -> Bool {
            let r = context.assumptions.range(of: s)
            let v = Rational(k)
            return !r.isAbove(v, strict: true) && !r.isBelow(v, strict: true)
        }
        var candidates: [[Int]] = []
        for s in symbols {
            candidates.append(Array((1...12).filter { allowed(s, $0) }.prefix(Self.maxSampledSizes)))
        }
        let sizeSet = Set(symbols)
        let relations = context.assumptions.relations.filter { r in
            !r.0.freeSymbols.isEmpty && r.0.freeSymbols.allSatisfy { sizeSet.contains($0) }
        }
        func satisfiesRelations(_ assignment: [(Symbol, Int)]) -> Bool {
            var values: [Symbol: Rational] = [:]
            for (s, k) in assignment { values[s] = Rational(k) }
            for (e, relation) in relations {
                guard let v = try? e.evaluateExactly(at: values) else { return false }
                let holds: Bool
                switch relation {
                case .equal: holds = v.isZero
                case .notEqual: holds = !v.isZero
                case .less: holds = v < .zero
                case .lessEqual: holds = !(Rational.zero < v)
                case .greater: holds = Rational.zero < v
                case .greaterEqual: holds = !(v < .zero)
                }
                if !holds { return false }
            }
            return true
        }
        var out: [[(Symbol, Int)]] = []
        func expand(_ i: Int, _ current: [(Symbol, Int)]) {
            if out.count >= Self.maxSampledSizeMembers { return }
            if i == symbols.count {
                if satisfiesRelations(current) { out.append(current) }
                return
            }
            for k in candidates[i] { expand(i + 1, current + [(symbols[i], k)]) }
        }
        expand(0, [])
        return out
    }

    /// The chain's result at a sampled size, with proofs demoted to numeric evidence.
    static func demotingToSampledSizes(_ result: ChainResult) -> ChainResult {
        var copy = result
        let sizes = result.familyText
        for i in copy.steps.indices {
            switch copy.steps[i].verdict {
            case .proved, .exact:
                copy.steps[i].verdict = .numeric
                copy.steps[i].evidence.notes.insert("holds at the sampled size \(sizes); sizes are sampled, so this is not a proof for every size", at: 0)
            case .numeric, .sampled, .admitted, .unknown, .refuted:
                break
            }
        }
        return copy
    }
}
