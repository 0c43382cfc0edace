// The model of a parsed `.drv` file. Every node carries its source range.
import Symbolic

/// A value with the source range it was written at.
public struct Located<Value: Sendable>: Sendable {
    /// The value.
    public var value: Value
    /// Where it was written (UTF-8 byte offsets into the file).
    public var range: SourceRange

    /// Creates a located value.
    public init(_ value: Value, _ range: SourceRange) {
        self.value = value
        self.range = range
    }
}

extension Located: Equatable where Value: Equatable {}
extension Located: Hashable where Value: Hashable {}

/// An expression with the source range of its text.
public typealias LocatedExpr = Located<Expr>

/// A parsed `.drv` file: header, declarations, definitions, derivations and instances, in
/// the order written.
public struct DerivationFile: Sendable {
    /// The name shown in diagnostics (usually the path as given).
    public var name: String
    /// The full source text.
    public var text: String
    /// `title "…"`.
    public var title: Located<String>?
    /// `source "…"`.
    public var source: Located<String>?
    /// Every top-level item, in order.
    public var items: [Item]
    /// `recurrence … end` blocks, in order.
    public var recurrences: [Recurrence] = []
    /// `ode … end` blocks, in order.
    public var odes: [ODESystem] = []

    /// Creates a file model.
    public init(name: String, text: String, title: Located<String>? = nil, source: Located<String>? = nil, items: [Item] = []) {
        self.name = name
        self.text = text
        self.title = title
        self.source = source
        self.items = items
    }

    /// The declarations, in order.
    public var declarations: [Declaration] {
        items.compactMap { if case .declaration(let d) = $0 { return d } else { return nil } }
    }
    /// The assumptions, in order.
    public var assumptions: [Assumption] {
        items.compactMap { if case .assumption(let a) = $0 { return a } else { return nil } }
    }
    /// The `let` definitions, in order.
    public var definitions: [Definition] {
        items.compactMap { if case .definition(let d) = $0 { return d } else { return nil } }
    }
    /// The derivations and claims, in order.
    public var chains: [Chain] {
        items.compactMap { if case .chain(let c) = $0 { return c } else { return nil } }
    }
    /// The instances, in order.
    public var instances: [Instance] {
        items.compactMap { if case .instance(let i) = $0 { return i } else { return nil } }
    }
    /// `latex NAME "…"` overrides, by name.
    public var latexNames: [String: String] {
        var out: [String: String] = [:]
        for case .latexName(let o) in items { out[o.name.value] = o.rendering.value }
        return out
    }
}

/// A top-level item of a `.drv` file.
public enum Item: Sendable {
    /// `real x, z`, `positive s`, `function f(u)`, `density p(z | x)`, `matrix B[4, 2]`, …
    case declaration(Declaration)
    /// `assume a > 0`.
    case assumption(Assumption)
    /// `let I = …`, `let f(u) = …`.
    case definition(Definition)
    /// `derive "…" … end` or `claim "…": lhs REL rhs`.
    case chain(Chain)
    /// `instance "…" … end`.
    case instance(Instance)
    /// `latex NAME "…"`.
    case latexName(LaTeXOverride)
}

