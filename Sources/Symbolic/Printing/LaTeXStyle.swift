// The knobs of the LaTeX printer.

/// How ``Expr/latex(style:)`` renders expressions. The defaults suit an article; every
/// choice is deterministic and needs only `amsmath` and `amssymb`.
public struct LaTeXStyle: Sendable, Hashable {
    /// How factors of a product are joined.
    public enum Multiplication: Sendable, Hashable {
        /// `2 x y`, with `\cdot` only before a factor that starts with a digit or a fraction
        /// (`x \cdot 2`, `2 \cdot \frac{1}{3}`), where juxtaposition would misread.
        case juxtaposition
        /// `2 \cdot x \cdot y` everywhere.
        case cdot
    }

    /// How `exp(u)` is written.
    public enum Exponential: Sendable, Hashable {
        /// `e^{u}` (the default).
        case power
        /// `\exp(u)`.
        case function
    }

    /// How factors of a product are joined. Default: juxtaposition.
    public var multiplication: Multiplication = .juxtaposition
    /// How `exp(u)` is written. Default: `e^{u}`.
    public var exponential: Exponential = .power
    /// The operator name printed for `sigmoid`. Default: `\operatorname{sigmoid}`, so that it
    /// never collides with a variable named `sigma`; set it to `\sigma` for the article style.
    public var sigmoid: String = "\\operatorname{sigmoid}"
    /// Per-name renderings that win over every rule (the future `latex NAME "…"` declaration):
    /// keys are symbol names, opaque function names and big operator names as written.
    public var names: [String: String] = [:]

    /// The default style.
    public init() {}
}
