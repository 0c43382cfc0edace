// The fixed words of the `.drv` language: statement keywords, sorts and their properties.
import Symbolic

/// The keywords and fixed vocabularies of the `.drv` language, in one place so that the
/// parser, the sort checker and the language reference (`docs/drv-language.md`) agree.
public enum DrvVocabulary {
    /// The scalar sort keywords and the property each one declares, in documentation order.
    public static let scalarSorts: [(keyword: String, property: Property)] = [
        ("real", .real),
        ("positive", .positive),
        ("nonnegative", .nonnegative),
        ("negative", .negative),
        ("nonpositive", .nonpositive),
        ("nonzero", .nonzero),
        ("integer", .integer),
        ("natural", .natural),
        ("probability", .probability),
    ]

    /// The sort keywords that are not scalars.
    public static let structuredSorts = ["vector", "matrix", "function", "density"]

    /// Every keyword that starts a top-level statement (sorts included), sorted.
    public static let statementKeywords: [String] = (
        scalarSorts.map(\.keyword) + structuredSorts
            + ["assume", "claim", "derive", "end", "for", "instance", "latex", "let", "ode", "recurrence", "source", "title"]
    ).sorted()

    /// Words that end an expression wherever they appear: the statement keywords plus `by`
    /// (hints) and `as` (order terms). They are reserved: never names, not even inside
    /// brackets, so a missing `end` or `)` is reported where the next statement begins.
    public static let stopKeywords: Set<String> = Set(statementKeywords).union(["as", "by"])

    /// Properties a `matrix` declaration may list after its shape (`rank(r)` takes an integer
    /// or a name).
    public static let matrixProperties = ["diagonal", "fullrank", "orthogonal", "psd", "rank(r)", "symmetric"]

    /// Properties a `function` declaration may list after its parameters.
    public static let functionProperties = ["concave", "convex", "decreasing", "increasing", "nonnegative", "positive"]

    /// Words from other languages and habits, and the keyword to suggest instead.
    public static let synonyms: [String: String] = [
        "assumption": "assume", "chain": "derive", "def": "let", "define": "let", "derivation": "derive",
        "distribution": "density", "example": "instance", "fn": "function", "func": "function", "given": "assume",
        "int": "integer", "lemma": "claim", "nat": "natural", "proof": "derive", "scalar": "real", "suppose": "assume",
        "theorem": "claim", "var": "real", "variable": "real",
    ]

    /// The property a scalar sort keyword declares, if `keyword` is one.
    public static func scalarProperty(_ keyword: String) -> Property? {
        scalarSorts.first { $0.keyword == keyword }?.property
    }

    /// The candidate to suggest for a misspelt `name`: the closest by edit distance
    /// (``closestName(to:in:)``), and only if it keeps at least one character of `name` in
    /// place, so that `b` does not suggest `a`.
    public static func suggestion(for name: String, among candidates: [String]) -> String? {
        guard let best = closestName(to: name, in: candidates.filter { $0 != name }) else { return nil }
        return levenshtein(name, best) < name.unicodeScalars.count ? best : nil
    }
}
