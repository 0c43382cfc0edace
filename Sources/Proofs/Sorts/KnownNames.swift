// Names every `.drv` file knows without declaring them.
import Symbolic

/// The functions, big operators and reserved names that need no declaration.
public enum KnownNames {
    /// A function the language knows that the math parser treats as an opaque call.
    public struct SpecialFunction: Sendable, Hashable {
        /// The name.
        public var name: String
        /// The number of arguments.
        public var arity: Int
        /// What it means, for the language reference.
        public var summary: String
    }

    /// Linear-algebra and information-theory functions, sorted by name.
    public static let specialFunctions: [SpecialFunction] = [
        SpecialFunction(name: "H", arity: 1, summary: "entropy of a density: H(p)"),
        SpecialFunction(name: "KL", arity: 2, summary: "Kullback–Leibler divergence of two densities over the same variable: KL(p, q)"),
        SpecialFunction(name: "det", arity: 1, summary: "determinant of a square matrix"),
        SpecialFunction(name: "hadamard", arity: 2, summary: "entrywise product of two matrices of one shape: hadamard(A, B)"),
        SpecialFunction(name: "identity", arity: 1, summary: "the n×n identity matrix: identity(n)"),
        SpecialFunction(name: "inverse", arity: 1, summary: "inverse of a square matrix (also B^-1)"),
        SpecialFunction(name: "norm", arity: 1, summary: "Euclidean norm of a vector"),
        SpecialFunction(name: "norm2", arity: 1, summary: "spectral norm of a matrix"),
        SpecialFunction(name: "normF", arity: 1, summary: "Frobenius norm of a matrix"),
        SpecialFunction(name: "rows", arity: 2, summary: "the rows of B indexed by the set S: rows(B, S)"),
        SpecialFunction(name: "subsets", arity: 2, summary: "the k-element subsets of a range: subsets(1..n, k)"),
        SpecialFunction(name: "trace", arity: 1, summary: "trace of a square matrix"),
        SpecialFunction(name: "transpose", arity: 1, summary: "transpose of a matrix or vector (also B^T)"),
    ]

    /// The special function called `name`, if any.
    public static func specialFunction(named name: String) -> SpecialFunction? {
        specialFunctions.first { $0.name == name }
    }

    /// The big operators `NAME_{bindings}[body]` and what they mean, sorted by name.
    public static let bigOperators: [(name: String, summary: String)] = [
        ("E", "expectation: E_{x ~ p, z ~ q(z|x)}[ … ]"),
        ("argmax", "a maximiser: argmax_{t}[ … ]"),
        ("argmin", "a minimiser: argmin_{t}[ … ]"),
        ("inf", "infimum: inf_{u > 0}[ … ]"),
        ("integral", "integral over the whole real line: integral_{x}[ … ]"),
        ("lim", "limit: lim_{h -> 0}[ … ]"),
        ("max", "maximum: max_{t}[ … ]"),
        ("min", "minimum: min_{t}[ … ]"),
        ("prod", "product: prod_{i = 1..n}[ … ]"),
        ("series", "series expansion: series_{h -> 0, order 2}[ … ]"),
        ("sum", "sum: sum_{i = 1..n}[ … ], sum_{S in subsets(1..4, 2)}[ … ]"),
        ("sup", "supremum: sup_{u > 0}[ … ]"),
    ]

    /// Whether `name` is a big operator.
    public static func isBigOperator(_ name: String) -> Bool {
        bigOperators.contains { $0.name == name }
    }

    /// Names of the math parser's built-in functions (`log`, `ln`, `exp`, …) and `diff`.
    public static let builtinFunctions: [String] = (Builtin.allCases.map(\.rawValue) + ["diff", "ln"]).sorted()

    /// Why `name` cannot be declared, if it is reserved: a keyword, a built-in or special
    /// function, a constant, `T` (transposes), `O` (order terms) or `in` (bindings).
    public static func reservation(of name: String) -> String? {
        if DrvVocabulary.stopKeywords.contains(name) { return "'\(name)' is a keyword" }
        if builtinFunctions.contains(name) || specialFunction(named: name) != nil {
            return "'\(name)' is a built-in function"
        }
        switch name {
        case "pi", "inf": return "'\(name)' is a built-in constant"
        case "T": return "'T' is reserved for transposes (B^T)"
        case "O": return "'O' is reserved for order terms (+ O(h^2) as h -> 0)"
        case "in": return "'in' is reserved for bindings (x in {0, 1})"
        default: return nil
        }
    }
}
