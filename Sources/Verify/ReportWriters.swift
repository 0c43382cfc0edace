// Machine-readable and document reports, rendered by Proofs.
import Proofs

enum ReportWriters {
    static func json(_ results: [FileCheckResult]) -> String { JSONReport.render(results) }
    static func latex(_ results: [FileCheckResult]) -> String { LaTeXReport.render(results) }
    static func markdown(_ results: [FileCheckResult]) -> String { MarkdownReport.render(results) }
}
