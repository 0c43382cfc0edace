// An S-expression rendering of the exact tree, for debugging and test failure messages.

extension Expr: CustomDebugStringConvertible {
    /// The tree as an S-expression, e.g. `(+ x (* -1 y))`: shows the structure exactly,
    /// which the readable ``description`` deliberately does not.
    public var debugDescription: String {
        switch kind {
        case .number(let r): return r.description
        case .symbol(let s): return s.name
        case .constant(let c): return c.rawValue
        case .sum(let terms): return "(+ " + terms.map(\.debugDescription).joined(separator: " ") + ")"
        case .product(let factors): return "(* " + factors.map(\.debugDescription).joined(separator: " ") + ")"
        case .power(let b, let e): return "(^ \(b.debugDescription) \(e.debugDescription))"
        case .call(let f, let args):
            var head = f.name
            if case .opaque(let o) = f {
                if o.isDifferentiated { head += "'" + o.derivativeOrders.map(String.init).joined(separator: ",") }
                if let c = o.conditioningIndex { head += "|\(c)" }
            }
            return "(" + head + (args.isEmpty ? "" : " ") + args.map(\.debugDescription).joined(separator: " ") + ")"
        case .derivative(let of, let v, let n): return "(diff \(of.debugDescription) \(v.name) \(n))"
        case .bigOperator(let op):
            let b = op.bindings.map { b in
                "[\(b.subject.debugDescription) \(b.relation.rawValue)\(b.value.map { " " + $0.debugDescription } ?? "")]"
            }.joined(separator: " ")
            return "(\(op.name)_ \(b) \(op.body.debugDescription))"
        case .list(let items): return "(list " + items.map(\.debugDescription).joined(separator: " ") + ")"
        case .subscripted(let base, let idx):
            return "(at \(base.debugDescription) " + idx.map(\.debugDescription).joined(separator: " ") + ")"
        case .range(let l, let u): return "(.. \(l.debugDescription) \(u.debugDescription))"
        }
    }
}
