// The expression type.
//
// Implementation notes
// --------------------
// `Expr` is a thin struct around an immutable, reference-counted `ExprNode`. The node
// stores the `Kind` (an enum with one case per construct) plus facts computed once at
// construction: a process-independent structural hash, the tree size, the height and the
// kinds of node in the subtree (`NodeKinds`, for walks that look for one kind).
// Sharing a sub-expression shares its node, so derivatives and expansions that reuse
// sub-terms form DAGs rather than exponentially large trees, and equality can stop early
// on identical nodes or on different hashes.
//
// `Expr` is *faithful*: nothing is evaluated, flattened or reordered on construction;
// `a - b` is kept as `a + (-1)*b` and `a / b` as `a * b^-1`, exactly as written. The normal
// form is requested explicitly through `Canonical` (structural) or the rational normal form.

/// A symbolic expression, exactly as written or built.
///
/// Nothing is evaluated on construction: `Expr.sum([x, x])` stays a two-term sum until a
/// normal form is requested. `==` is *structural* identity of the trees (with numbers
/// compared by value); use ``Canonical`` or the equivalence API to compare mathematically.
///
/// The cases of ``Kind`` are the only constructs; every `switch` over them in this package
/// is exhaustive.
public struct Expr: Sendable {
    @usableFromInline
    let node: ExprNode

    /// Creates an expression node of the given kind, as written.
    @inlinable
    public init(_ kind: Kind) {
        node = ExprNode(kind)
    }

    /// What this expression is.
    @inlinable
    public var kind: Kind { node.kind }

    /// A structural hash that is identical in every process and run (unlike `hashValue`),
    /// suitable for content-addressed caches. Never used for ordering.
    @inlinable
    public var stableHash: UInt64 { node.hash }

    /// The number of nodes of the expression as a tree (saturating at `Int.max / 4`).
    /// Shared sub-expressions are counted once per occurrence.
    @inlinable
    public var treeSize: Int { node.treeSize }

    /// The identity of this node, for memo tables over DAGs. Two expressions sharing a node
    /// have the same identity; it is only meaningful while the node is alive (keep the
    /// expression while the identity is used as a key).
    @inlinable
    public var identity: ObjectIdentifier { ObjectIdentifier(node) }

    /// The height of the tree: 1 for atoms.
    @inlinable
    public var height: Int { node.height }

    /// The kinds of node that occur in this expression: its own and every descendant's
    /// (binding subjects and values of big operators included). Exact, computed once at
    /// construction; walks looking for one kind of node skip subtrees without it
    /// (``containsSubexpression(ofKinds:where:)``).
    @inlinable
    public var occurringKinds: NodeKinds { node.kinds }

    /// The constructs an expression can be.
    public enum Kind: Sendable, Equatable {
        /// An exact rational number.
        case number(Rational)
        /// A named variable or parameter.
        case symbol(Symbol)
        /// A named mathematical constant (`pi`, `inf`).
        case constant(MathConstant)
        /// An n-ary sum, as written (`a - b` is `a + (-1)*b`).
        case sum([Expr])
        /// An n-ary product, as written (`a / b` is `a * b^-1`).
        case product([Expr])
        /// `base ^ exponent`.
        case power(base: Expr, exponent: Expr)
        /// A function applied to arguments: a built-in (`log(x)`), or an opaque function or
        /// density (`f(u)`, `p(z | x)`, `f'(u)`).
        case call(Function, [Expr])
        /// An unevaluated derivative `diff(expr, x, order)` as the user wrote it.
        case derivative(of: Expr, variable: Symbol, order: Int)
        /// A big operator `NAME_{bindings}[body]` (`E_{x ~ p}[…]`, `sum_{i = 1..n}[…]`,
        /// `lim_{h -> 0}[…]`). Parsed here; given meaning in `Proofs`.
        case bigOperator(BigOperator)
        /// A bracketed list `[a, b, c]`; nested lists are matrices.
        case list([Expr])
        /// Indexing `base[i]` or `base[i, j]`.
        case subscripted(Expr, [Expr])
        /// An integer range `lower..upper` (inclusive), used in bindings and families.
        case range(Expr, Expr)
    }
}

/// The immutable storage of an ``Expr`` node.
///
/// Facts that every algorithm needs (hash, size, height) are computed once here from the
/// children's cached values, so building a node costs O(number of children).
@usableFromInline
final class ExprNode: Sendable {
    @usableFromInline let kind: Expr.Kind
    @usableFromInline let hash: UInt64
    @usableFromInline let treeSize: Int
    @usableFromInline let height: Int
    @usableFromInline let kinds: NodeKinds

    @usableFromInline
    init(_ kind: Expr.Kind) {
        self.kind = kind
        var h: UInt64
        var size = 1
        var height = 0
        var kinds: NodeKinds
        func absorb(_ child: Expr) {
            h = StableHash.combine(h, child.node.hash)
            size = min(size &+ child.node.treeSize, Int.max / 4)
            height = max(height, child.node.height)
            kinds.formUnion(child.node.kinds)
        }
        switch kind {
        case .number(let r):
            h = StableHash.combine(1, r.stableHash)
            kinds = .number
        case .symbol(let s):
            h = StableHash.combine(2, s.stableHash)
            kinds = .symbol
        case .constant(let c):
            h = StableHash.combine(3, StableHash.of(c.rawValue))
            kinds = .constant
        case .sum(let terms):
            h = 4
            kinds = .sum
            for t in terms { absorb(t) }
        case .product(let factors):
            h = 5
            kinds = .product
            for f in factors { absorb(f) }
        case .power(let base, let exponent):
            h = 6
            kinds = .power
            absorb(base)
            absorb(exponent)
        case .call(let function, let arguments):
            h = StableHash.combine(7, function.stableHash)
            switch function {
            case .builtin: kinds = .builtinCall
            case .opaque: kinds = .opaqueCall
            }
            for a in arguments { absorb(a) }
        case .derivative(let of, let variable, let order):
            h = StableHash.combine(StableHash.combine(8, variable.stableHash), UInt64(order))
            kinds = .derivative
            absorb(of)
        case .bigOperator(let op):
            h = StableHash.combine(9, StableHash.of(op.name))
            kinds = .bigOperator
            for b in op.bindings {
                h = StableHash.combine(h, UInt64(b.relation.hashCode))
                absorb(b.subject)
                if let v = b.value { absorb(v) }
            }
            absorb(op.body)
        case .list(let items):
            h = 10
            kinds = .list
            for i in items { absorb(i) }
        case .subscripted(let base, let indices):
            h = 11
            kinds = .subscripted
            absorb(base)
            for i in indices { absorb(i) }
        case .range(let lower, let upper):
            h = 12
            kinds = .range
            absorb(lower)
            absorb(upper)
        }
        self.hash = h
        self.treeSize = size
        self.height = height + 1
        self.kinds = kinds
    }
}

extension Expr: Hashable {
    /// Structural identity: same construct, same children, numbers equal by value.
    @inlinable
    public static func == (lhs: Expr, rhs: Expr) -> Bool {
        if lhs.node === rhs.node { return true }
        if lhs.node.hash != rhs.node.hash { return false }
        return lhs.node.kind == rhs.node.kind
    }

    @inlinable
    public func hash(into hasher: inout Hasher) {
        hasher.combine(node.hash)
    }

    /// The hash a `Dictionary` or `Set` uses: the node's structural hash mixed with the
    /// table's seed, without running `Hasher` over it (the structural hash is already well
    /// mixed; see `StableHash`).
    @inlinable
    public func _rawHashValue(seed: Int) -> Int {
        StableHash.tableHash(node.hash, seed: seed)
    }
}

/// A named variable.
///
/// A symbol carries the stable hash of its name, computed once when it is made: dictionaries
/// and sets keyed by symbols (environments, substitutions, bindings) then hash a word instead
/// of the name's bytes, and unequal symbols usually differ at the first comparison.
public struct Symbol: Hashable, Comparable, Sendable, ExpressibleByStringLiteral, CustomStringConvertible {
    /// The name as written, e.g. `x`, `sigma`, `ptilde`, `x_1`.
    public let name: String
    /// `StableHash.of(name)`: the same in every process and run.
    public let stableHash: UInt64

    /// Creates a symbol with the given name.
    public init(_ name: String) {
        self.name = name
        self.stableHash = StableHash.of(name)
    }

    /// Creates a symbol from a string literal.
    public init(stringLiteral value: String) { self.init(value) }

    /// Equal names, compared as written (byte for byte, as expression nodes compare them:
    /// a composed and a decomposed "é" are different symbols). The hashes are compared first.
    @inlinable
    public static func == (lhs: Symbol, rhs: Symbol) -> Bool {
        lhs.stableHash == rhs.stableHash && lhs.name == rhs.name
    }

    /// Feeds the name's stable hash.
    @inlinable
    public func hash(into hasher: inout Hasher) {
        hasher.combine(stableHash)
    }

    /// The hash a `Dictionary` or `Set` uses: the name's stable hash mixed with the table's
    /// seed, without running `Hasher` over it (the stable hash is already well mixed).
    @inlinable
    public func _rawHashValue(seed: Int) -> Int {
        StableHash.tableHash(stableHash, seed: seed)
    }

    /// Orders symbols by name, byte-wise (deterministic across platforms and locales).
    public static func < (lhs: Symbol, rhs: Symbol) -> Bool {
        Symbol.bytewiseLess(lhs.name, rhs.name)
    }

    /// Byte-wise order of the UTF-8 encodings, over the strings' contiguous UTF-8 storage
    /// (`withUTF8` makes it contiguous if it is not).
    static func bytewiseLess(_ a: String, _ b: String) -> Bool {
        var a = a, b = b
        return a.withUTF8 { x in
            b.withUTF8 { y in
                let n = min(x.count, y.count)
                var i = 0
                while i < n {
                    if x[i] != y[i] { return x[i] < y[i] }
                    i += 1
                }
                return x.count < y.count
            }
        }
    }

    /// The name.
    public var description: String { name }
}

/// Named constants.
public enum MathConstant: String, CaseIterable, Sendable, Hashable {
    /// π.
    case pi
    /// Positive infinity, meaningful only as a limit point or range end (`h -> inf`).
    case infinity = "inf"
}
