// A rule list indexed by the node heads its rules can match, built once per list.
//
// Implementation notes
// --------------------
// The rewriter tries, at each node, only the rules whose left side can match the node's
// head (`Expr.headKey`), in rule order; rules that can match any head are in every bucket.
// The index depends only on the rule list, so it is built once and shared by every rewriter
// over that list (an `EquivalenceChecker` keeps one for its rules and rebuilds it only when
// the rules change) instead of once per rewrite. The candidates of a head are exactly those
// the rewriter computed before it kept the index: the same rules in the same order.

/// A list of rewrite rules with its index by head (immutable; share it between rewriters).
public final class IndexedRules: Sendable {
    /// The rules, in the order they are tried at each node.
    public let rules: [RewriteRule]
    /// Rule positions by the head they can match, in rule order (rules that can match any
    /// head are included in every bucket).
    private let byHead: [String: [Int]]
    /// Positions of the rules that can match any head.
    private let anywhere: [Int]

    /// Indexes `rules`.
    public init(_ rules: [RewriteRule]) {
        self.rules = rules
        var index: [String: [Int]] = [:]
        var anywhere: [Int] = []
        for (i, r) in rules.enumerated() {
            if let heads = r.heads {
                for h in heads { index[h, default: []].append(i) }
            } else {
                anywhere.append(i)
            }
        }
        // Keep the rules' order within each bucket.
        for (h, list) in index { index[h] = (list + anywhere).sorted() }
        self.byHead = index
        self.anywhere = anywhere
    }

    /// The built-in rules of the default strategy (`RuleSet.standardRules`), indexed once.
    public static let standard = IndexedRules(RuleSet.standardRules)

    /// The positions of the rules that can apply at a node with this head, in rule order.
    func candidates(for node: Expr) -> [Int] {
        byHead[node.headKey] ?? anywhere
    }
}
