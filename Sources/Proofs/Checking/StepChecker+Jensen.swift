// Steps by Jensen's inequality: `E_C[g(A)] >= g(E_C[A])` for a convex g.
//
// Implementation notes
// --------------------
// With the hint `jensen`, a step is proved symbolically when, after unfolding and
// canonicalisation:
//   1. one side is an expectation `E_C[c·g(A)]` (c a nonzero rational; C any sampling
//      clauses, dependent ones included) and the other side is `c·g(E_C[A])` — equal as
//      rational normal forms;
//   2. g is convex or concave: a function declared `convex`/`concave`, or a built-in whose
//      shape is known on its domain (exp, cosh, softplus, abs convex; log concave, with
//      A ≥ 0 proved: elsewhere the sides are undefined), or a
//      power A^k (k an even natural: convex everywhere; k > 1 or k < 0 with A > 0 proved:
//      convex; 0 < k < 1 with A ≥ 0: concave);
//   3. the direction matches: c·g convex puts the expectation on the larger side, c·g
//      concave on the smaller one. Jensen gives a non-strict inequality only.
// Anything not proved leaves the step to the default pipeline, with a note saying which
// condition failed; the numbers run either way.

import Symbolic

extension StepChecker {
    /// Tries Jensen's inequality on the step; returns the proof's description, or the reason
    /// it did not go through.
    func jensenProof(lhs: Expr, rhs: Expr, relation: Relation) -> (proved: Bool, note: String) {
        let larger: Expr, smaller: Expr
        switch relation {
        case .greaterEqual: (larger, smaller) = (lhs, rhs)
        case .lessEqual: (larger, smaller) = (rhs, lhs)
        case .greater, .less:
            return (false, "Jensen's inequality is not strict; write >= or <=")
        case .equal, .notEqual:
            return (false, "Jensen's inequality proves >= or <=, not \(relation.rawValue)")
        }
        let limits = context.options.limits
        guard let big = try? larger.canonicalized(limits: limits),
              let small = try? smaller.canonicalized(limits: limits) else {
            return (false, "the sides cannot be normalised")
        }
        var reasons: [String] = []
        // The expectation on the larger side needs c·g convex; on the smaller side, concave.
        for (expectationSide, other, needed) in [(big, small, Curvature.convex), (small, big, Curvature.concave)] {
            guard case .bigOperator(let op) = expectationSide.kind, op.name == "E" else { continue }
            switch jensenMatch(op, other: other, needed: needed) {
            case .success(let note): return (true, note)
            case .failure(let reason): reasons.append(reason.message)
            }
        }
        if reasons.isEmpty {
            return (false, "neither side is an expectation E_{…}[g(…)]")
        }
        return (false, reasons.joined(separator: "; "))
    }

    /// Why a Jensen match failed.
    struct JensenMismatch: Error {
        var message: String
    }

    /// Whether `E_op[body]` against `other` is an instance of Jensen with the needed curvature.
    private func jensenMatch(_ op: BigOperator, other: Expr, needed: Curvature) -> Result<String, JensenMismatch> {
        let limits = context.options.limits
        // body = c · core
        var coefficient = Rational.one
        var core = op.body
        if case .product(let factors) = op.body.kind, let c = factors.first?.numberValue {
            coefficient = c
            let rest = Array(factors.dropFirst())
            core = rest.count == 1 ? rest[0] : Expr.product(rest)
        }
        guard let (argument, rebuild, curvature, name) = decompose(core) else {
            return .failure(JensenMismatch(message: "the body \(op.body) is not g(A) for a convex or concave g"))
        }
        // log is concave on [0, ∞) only (log 0 = −∞ keeps the inequality, in the extended
        // reals); where A may be negative the sides are undefined and nothing is proved.
        if case .call(.builtin(.log), _) = core.kind,
           context.assumptions.prove(argument, is: .nonnegative) != .proved {
            return .failure(JensenMismatch(message: "log is concave only for arguments ≥ 0, and \(argument) ≥ 0 is not proved"))
        }
        let effective = coefficient.isNegative ? curvature.flipped : curvature
        guard effective == needed else {
            let side = needed == .convex ? "larger" : "smaller"
            return .failure(JensenMismatch(message: "\(name) is \(effective) here, so E[\(name)(…)] cannot be the \(side) side"))
        }
        let inner = Expr(.bigOperator(BigOperator(name: "E", bindings: op.bindings, body: argument)))
        let expected = Expr.number(coefficient) * rebuild(inner)
        guard let difference = try? RationalNormalForm(expected - other, limits: limits), difference.isZero else {
            return .failure(JensenMismatch(message: "the other side is not \(expected)"))
        }
        return .success("Jensen: \(name) is \(curvature) and the expectation is over \(String(describing: Expr(.bigOperator(BigOperator(name: "E", bindings: op.bindings, body: .one)))).dropLast(3))")
    }

    /// Curvature of a function of one argument.
    enum Curvature: String {
        case convex, concave
        var flipped: Curvature { self == .convex ? .concave : .convex }
    }

    /// `core` as g(A): the argument, a way to rebuild g at another argument, g's curvature
    /// and a name for messages.
    private func decompose(_ core: Expr) -> (Expr, (Expr) -> Expr, Curvature, String)? {
        switch core.kind {
        case .call(let function, let args):
            guard args.count == 1 else { return nil }
            let curvature: Curvature
            switch function {
            case .builtin(let b):
                switch b {
                case .exp, .cosh, .softplus, .abs: curvature = .convex
                case .log: curvature = .concave
                case .acos, .asin, .atan, .cos, .erf, .lambertw, .max, .min, .sigmoid, .sign, .sin, .sinh, .sqrt, .tan, .tanh:
                    return nil
                }
            case .opaque(let o):
                guard !o.isDifferentiated, let shape = context.functionShapes[o.name] else { return nil }
                switch shape {
                case .convex: curvature = .convex
                case .concave: curvature = .concave
                case .generic, .increasing, .positive: return nil
                }
            }
            return (args[0], { Expr(.call(function, [$0])) }, curvature, function.name)
        case .power(let base, let exponent):
            guard let k = exponent.numberValue, !k.isZero, k != .one else { return nil }
            let curvature: Curvature
            if k.isInteger, k.numerator.isEven, !k.isNegative {
                curvature = .convex
            } else if k > .one || k.isNegative {
                guard context.assumptions.prove(base, is: .positive) == .proved else { return nil }
                curvature = .convex
            } else {
                guard context.assumptions.prove(base, is: .nonnegative) == .proved else { return nil }
                curvature = .concave
            }
            return (base, { Expr.power($0, exponent) }, curvature, "u^\(k)")
        case .product(let factors):
            // (a/b)^2 is canonically a^2·b^-2: a product of integer powers whose exponents
            // share a factor k ≥ 2 is (∏ f_i^(e_i/k))^k.
            var exponents: [BigInt] = []
            for factor in factors {
                guard case .power(_, let e) = factor.kind, let r = e.numberValue, r.isInteger else { return nil }
                exponents.append(r.numerator)
            }
            let k = exponents.dropFirst().reduce(exponents[0].magnitude) { BigInt.gcd($0, $1.magnitude) }
            guard k > BigInt(1) else { return nil }
            let base = Expr.product(factors.map { factor -> Expr in
                guard case .power(let b, let e) = factor.kind, let r = e.numberValue else { return factor }
                return Expr.power(b, .number(r.dividing(by: Rational(k)) ?? r))
            })
            return decompose(Expr.power(base, .number(Rational(k))))
        case .number, .symbol, .constant, .sum, .derivative, .bigOperator, .list, .subscripted, .range:
            return nil
        }
    }
}
