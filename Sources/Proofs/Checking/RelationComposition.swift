// How the relations of a chain compose (Lean's `Trans` instances as a table).
import Symbolic

extension Relation {
    /// The relation of `a R b` and `b S c` between a and c, or `nil` when they do not compose
    /// (`<=` then `>=`, or anything with `!=`).
    public func composed(with next: Relation) -> Relation? {
        switch (self, next) {
        case (.equal, let r), (let r, .equal):
            return r
        case (.lessEqual, .lessEqual): return .lessEqual
        case (.lessEqual, .less), (.less, .lessEqual), (.less, .less): return .less
        case (.greaterEqual, .greaterEqual): return .greaterEqual
        case (.greaterEqual, .greater), (.greater, .greaterEqual), (.greater, .greater): return .greater
        case (.notEqual, _), (_, .notEqual): return nil
        case (.lessEqual, .greaterEqual), (.lessEqual, .greater), (.less, .greaterEqual), (.less, .greater),
             (.greaterEqual, .lessEqual), (.greaterEqual, .less), (.greater, .lessEqual), (.greater, .less):
            return nil
        }
    }
}
