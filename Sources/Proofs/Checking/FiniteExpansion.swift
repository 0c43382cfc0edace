// Unrolling finite sums and products, and naming indexed entries.
//
// Implementation notes
// --------------------
// `sum_{i = a..b}[body]` and `prod_{i = a..b}[body]` whose bounds are integers (after family
// values are substituted) become explicit sums and products of `body[i := k]`, innermost
// last so inner bounds may use outer indices (`sum_{i = 1..n}[ sum_{j = i+1..n}[…] ]`).
// Entries of vectors and matrices with integer indices, `x[2]` and `B[1, 2]`, become symbols
// named `x[2]` and `B[1,2]` — names no user can write, so they never clash — which the
// normal form treats as independent variables and the numeric check samples like any
// declared real. At most `maxTerms` terms are produced by one unrolling.

import Symbolic

enum FiniteExpansion {
    /// The most terms a single unrolled sum or product may have.
    static let maxTerms = 10_000

    /// Thrown when a sum or product is too long to unroll.
    struct TooManyTerms: Error, CustomStringConvertible {
        var count: Int
        var description: String { "a finite sum or product with \(count) terms exceeds the limit of \(FiniteExpansion.maxTerms)" }
    }

    /// Unrolls every finite sum/product with integer bounds and names integer-indexed entries.
    static func expand(_ e: Expr, limits: Limits) throws -> Expr {
        var memo: IdentityMap<Expr> = [:]
        var retained: [Expr] = []
        func walk(_ x: Expr) throws -> Expr {
            if let hit = memo[x.identity] { return hit }
            var out = try x.mapChildren(walk)
            switch out.kind {
            case .bigOperator(let op) where (op.name == "sum" || op.name == "prod") && op.bindings.count == 1:
                let b = op.bindings[0]
                if b.relation == .equals, let index = b.subject.symbolValue, let value = b.value,
                   case .range(let lo, let hi) = value.kind,
                   let l = try? lo.evaluateExactly(at: [:]), let h = try? hi.evaluateExactly(at: [:]),
                   let li = l.asInt, let hi_ = h.asInt {
                    let count = hi_ - li + 1
                    if count > maxTerms { throw TooManyTerms(count: count) }
                    var items: [Expr] = []
                    if count > 0 {
                        for k in li...hi_ {
                            items.append(try walk(try op.body.substituting(.integer(k), for: index, limits: limits)))
                        }
                    }
                    if op.name == "sum" {
                        out = items.isEmpty ? .zero : (items.count == 1 ? items[0] : .sum(items))
                    } else {
                        out = items.isEmpty ? .one : (items.count == 1 ? items[0] : .product(items))
                    }
                }
            case .subscripted(let base, let indices):
                if let name = base.symbolValue?.name {
                    let values = indices.compactMap { $0.numberValue?.asInt }
                    if values.count == indices.count {
                        out = .symbol(name + "[" + values.map(String.init).joined(separator: ",") + "]")
                    }
                }
            case .number, .symbol, .constant, .sum, .product, .power, .call, .derivative, .bigOperator, .list, .range:
                break
            }
            memo[x.identity] = out
            retained.append(x)
            return out
        }
        return try walk(e)
    }
}
