// Machine-readable and document reports (filled in by the Proofs report renderers).
import Proofs

enum ReportWriters {
    static func json(_ results: [FileCheckResult]) -> String {
        "{\"error\": \"the JSON report is not available in this build\"}"
    }

    static func latex(_ results: [FileCheckResult]) -> String {
        "% the LaTeX report is not available in this build\n"
    }

    static func markdown(_ results: [FileCheckResult]) -> String {
        "the Markdown report is not available in this build\n"
    }
}
