// The justifications a step may cite with `by …`.
import Symbolic

/// The catalogue of hints: built-in strategies plus every named rewrite rule and rule set.
///
/// A hint tells the checker where to look first; a step without hints is still checked by
/// the default pipeline. Citing a name that is not in the catalogue is an error (with a
/// suggestion), never silently ignored.
public enum HintCatalogue {
    /// Strategy hints and what they ask for.
    public static let strategies: [(name: String, summary: String, takesArguments: Bool)] = [
        ("admit", "accept the step without evidence; always reported", false),
        ("algebra", "normal form of lhs − rhs (rational functions over the atoms)", false),
        ("bayes", "Bayes: a declared posterior P(x | z) = A(x) B(z | x)/D(z) unfolds, and z ~ D, x ~ P(x | z) resamples as x ~ A, z ~ B(z | x)", false),
        ("cauchy-binet", "the Cauchy–Binet formula det(XᵀX) = sum_{S in subsets(1..n, k)}[det(rows(X, S))^2] for a declared n × k matrix X, matched as written (the numbers still run)", false),
        ("cauchy-schwarz", "the Cauchy–Schwarz inequality", false),
        ("change-of-measure", "E_{v ~ q}[p(v)/q(v) g] = E_{v ~ p}[g]", false),
        ("complete-square", "complete the square in a quadratic", false),
        ("definition", "unfold `let` definitions and defined functions", false),
        ("differentiate", "evaluate derivatives", false),
        ("discrete-expectation", "E over inline finite distributions (bernoulli(p), categorical(p0, …)), conditioned or not, as an exact weighted sum", false),
        ("expand", "expand products and powers", false),
        ("expectation-of-power", "E[(a + b)^n] as the sum of the expectations of the expanded terms (n ≤ 4)", false),
        ("entropy-definition", "H(p) = -E_{v ~ p}[log p(v)]", false),
        ("gibbs", "KL(p, q) ≥ 0 (Gibbs' inequality)", false),
        ("independence", "E over independent clauses of a product is the product of the expectations (Fubini)", false),
        ("jensen", "Jensen: E[g(A)] ≥ g(E[A]) for a convex g (declared, exp, cosh, softplus, |·|, even powers), ≤ for a concave one (declared, log with A ≥ 0 proved)", false),
        ("kl-definition", "KL(p, q) = E_{v ~ p}[log(p(v)/q(v))]", false),
        ("linearity", "linearity of expectations, integrals and sums", false),
        ("marginal", "marginalise a declared marginal density", false),
        ("numeric", "the author expects only numeric evidence", false),
        ("series", "series expansion (for order terms and limits)", false),
        ("stationary", "the maximiser of a max/sup step, given as stationary(t = …); for an inequality, the point where the convex difference of the sides is smallest", true),
        ("substitute", "substitute a value, given as substitute(x = …)", true),
    ]

    /// Every name that may be cited: strategies, rule names and rule-set names, sorted.
    public static var allNames: [String] {
        var names = Set(strategies.map(\.name))
        for set in RuleSet.all {
            names.insert(set.name)
            for r in set.rules { names.insert(r.name) }
        }
        return names.sorted()
    }

    /// Whether `name` is a known hint.
    public static func contains(_ name: String) -> Bool { allNames.contains(name) }

    /// The closest known hint to a misspelt one, if it is close enough to suggest.
    public static func suggestion(for name: String) -> String? {
        closestName(to: name, in: allNames)
    }
}

/// The candidate closest to `name` by edit distance, if within a third of its length (at
/// least 2 edits).
public func closestName(to name: String, in candidates: [String]) -> String? {
    var best: (String, Int)?
    for c in candidates {
        let d = levenshtein(name, c)
        if best == nil || d < best!.1 || (d == best!.1 && c < best!.0) { best = (c, d) }
    }
    guard let (c, d) = best, d <= max(2, name.count / 3) else { return nil }
    return c
}

/// The Levenshtein edit distance between two strings (by Unicode scalars).
public func levenshtein(_ a: String, _ b: String) -> Int {
    let a = Array(a.unicodeScalars), b = Array(b.unicodeScalars)
    if a.isEmpty { return b.count }
    if b.isEmpty { return a.count }
    var previous = Array(0...b.count)
    var current = [Int](repeating: 0, count: b.count + 1)
    for i in 1...a.count {
        current[0] = i
        for j in 1...b.count {
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
        }
        swap(&previous, &current)
    }
    return previous[b.count]
}
