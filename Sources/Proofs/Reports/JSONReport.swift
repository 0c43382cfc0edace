// The machine-readable report (`verify --json`), following `docs/json-schema.json`.
import Symbolic

/// Renders check results as JSON that validates against `docs/json-schema.json`.
///
/// The output is deterministic: the same results give the same bytes (keys sorted, two-space
/// indentation, exact integers, shortest round-trip doubles, a trailing newline). Its shape
/// is the same for one file or several: `{schemaVersion, version, files: […], summary}`.
public enum JSONReport {
    /// The version of the JSON shape; bumped on any incompatible change to the schema.
    public static let schemaVersion = 1

    /// The report of one checked file.
    public static func render(_ result: FileCheckResult) -> String {
        render([result])
    }

    /// The report of several checked files, with a summary over all of them.
    public static func render(_ results: [FileCheckResult]) -> String {
        let root: JSONValue = .object([
            ("schemaVersion", .int(schemaVersion)),
            ("version", .string(StepwiseVersion.string)),
            ("files", .array(results.map(file))),
            ("summary", summary(of: results)),
        ])
        return root.serialized()
    }

    // MARK: - Files

    private static func file(_ result: FileCheckResult) -> JSONValue {
        let converter = SourceLocationConverter(text: result.file.text)
        var style = LaTeXStyle()
        style.names = result.file.latexNames
        return .object([
            ("name", .string(result.file.name)),
            ("title", .string(result.file.title?.value)),
            ("source", .string(result.file.source?.value)),
            ("seed", .uint(result.seed)),
            ("holds", .bool(result.holds)),
            ("inputErrors", .bool(result.hasInputErrors)),
            ("chains", .array(result.chains.map { chain($0, converter: converter, style: style) })),
            ("diagnostics", .array(result.diagnostics.map { diagnostic($0, file: result.file.name, converter: converter) })),
            ("summary", summary(of: [result])),
        ])
    }

    // MARK: - Chains and steps

    private static func chain(_ c: ChainResult, converter: SourceLocationConverter, style: LaTeXStyle) -> JSONValue {
        let start = converter.location(of: c.range.lowerBound)
        return .object([
            ("name", .string(c.name)),
            ("kind", .string(c.isClaim ? "claim" : "derive")),
            ("family", .array(c.familyAssignment.map { .object([("name", .string($0.0.name)), ("value", .int($0.1))]) })),
            ("line", .int(start.line)),
            ("column", .int(start.column)),
            ("start", expression(c.start, style: style)),
            ("composedRelation", .string(c.composedRelation?.rawValue)),
            ("verdict", .string(c.verdict.rawValue)),
            ("holds", .bool(c.holds)),
            ("steps", .array(c.steps.map { step($0, converter: converter, style: style) })),
        ])
    }

    private static func step(_ s: StepResult, converter: SourceLocationConverter, style: LaTeXStyle) -> JSONValue {
        let start = converter.location(of: s.range.lowerBound)
        return .object([
            ("index", .int(s.index)),
            ("relation", .string(s.relation.rawValue)),
            ("lhs", expression(s.lhs, style: style)),
            ("rhs", expression(s.rhs, style: style)),
            ("orderTerm", .string(s.orderTerm)),
            ("hints", .strings(s.hints)),
            ("line", .int(start.line)),
            ("column", .int(start.column)),
            ("verdict", .string(s.verdict.rawValue)),
            ("holds", .bool(s.verdict.holds)),
            ("evidence", evidence(s.evidence)),
            ("instances", .array(s.instances.map { i in
                .object([("instance", .string(i.instance)), ("verdict", .string(i.verdict.rawValue)),
                         ("summary", .string(i.summary))])
            })),
        ])
    }

    private static func expression(_ e: Expr, style: LaTeXStyle) -> JSONValue {
        .object([("text", .string(e.description)), ("latex", .string(e.latex(style: style)))])
    }

    private static func evidence(_ e: Evidence) -> JSONValue {
        .object([
            ("method", .string(e.method)),
            ("rules", .strings(e.rules)),
            ("assumedConditions", .strings(e.assumedConditions)),
            ("points", .int(e.points)),
            ("tolerance", .double(e.tolerance)),
            ("seed", .uint(e.seed)),
            ("maxDeviation", .double(e.maxDeviation)),
            ("residual", .string(e.residual)),
            ("margin", .string(e.margin)),
            ("errorBound", .string(e.errorBound)),
            ("counterexample", e.counterexample.map(counterexample) ?? .null),
            ("samples", .strings(e.samples)),
            ("notes", .strings(e.notes)),
        ])
    }

    private static func counterexample(_ c: Counterexample) -> JSONValue {
        .object([
            ("assignment", .array(c.assignment.map { .object([("name", .string($0.name)), ("value", .string($0.value))]) })),
            ("instance", .string(c.instance)),
            ("lhsValue", .string(c.lhsValue)),
            ("rhsValue", .string(c.rhsValue)),
            ("exact", .bool(c.isExact)),
        ])
    }

    // MARK: - Diagnostics

    private static func diagnostic(_ d: Diagnostic, file: String, converter: SourceLocationConverter) -> JSONValue {
        var members: [(String, JSONValue)] = [
            ("severity", .string(d.severity.rawValue)),
            ("id", .string(d.id.rawValue)),
            ("message", .string(d.message)),
            ("file", .string(file)),
        ]
        members += location(d.range, converter: converter)
        members.append(("notes", .array(d.notes.map { n in
            .object([("message", .string(n.message))] + location(n.range ?? d.range, converter: converter))
        })))
        return .object(members)
    }

    /// `line`, `column`, `endLine`, `endColumn` (1-based, columns in UTF-8 bytes), or nulls.
    private static func location(_ range: SourceRange?, converter: SourceLocationConverter) -> [(String, JSONValue)] {
        guard let range else {
            return [("line", .null), ("column", .null), ("endLine", .null), ("endColumn", .null)]
        }
        let (start, end) = converter.locations(of: range)
        return [("line", .int(start.line)), ("column", .int(start.column)),
                ("endLine", .int(end.line)), ("endColumn", .int(end.column))]
    }

    // MARK: - Summary

    private static func summary(of results: [FileCheckResult]) -> JSONValue {
        var counts: [Verdict: Int] = [:]
        for r in results { for (v, n) in r.counts { counts[v, default: 0] += n } }
        let diagnostics = results.flatMap(\.diagnostics)
        func count(_ s: Severity) -> Int { diagnostics.filter { $0.severity == s }.count }
        return .object([
            ("counts", .object(Verdict.allCases.map { ($0.rawValue, .int(counts[$0] ?? 0)) })),
            ("files", .int(results.count)),
            ("chains", .int(results.reduce(0) { $0 + $1.chains.count })),
            ("steps", .int(results.reduce(0) { $0 + $1.stepCount })),
            ("errors", .int(count(.error))),
            ("warnings", .int(count(.warning))),
            ("notes", .int(count(.note))),
            ("holds", .bool(results.allSatisfy(\.holds))),
        ])
    }
}
