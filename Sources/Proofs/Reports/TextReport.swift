// The terminal report: one line per step, the chain's conclusion, a summary line.
import Symbolic

/// Renders a file's check result as text for a terminal (no printing: returns the text).
public struct TextReport: Sendable {
    /// Use ANSI colours (only when the caller knows stdout is a terminal).
    public var color: Bool
    /// Show per-instance lines under each step.
    public var showInstances: Bool

    /// Creates a renderer.
    public init(color: Bool = false, showInstances: Bool = true) {
        self.color = color
        self.showInstances = showInstances
    }

    /// The mark shown before a step with this verdict.
    public static func mark(_ v: Verdict) -> String {
        switch v {
        case .proved, .exact: return "✓"
        case .numeric, .sampled: return "~"
        case .admitted: return "!"
        case .unknown: return "?"
        case .refuted: return "✗"
        }
    }

    private func paint(_ text: String, _ v: Verdict) -> String {
        guard color else { return text }
        let code: String
        switch v {
        case .proved, .exact: code = "32"
        case .numeric, .sampled, .admitted: code = "33"
        case .unknown, .refuted: code = "31"
        }
        return "\u{1B}[\(code)m\(text)\u{1B}[0m"
    }

    /// The whole report.
    public func render(_ result: FileCheckResult) -> String {
        var lines: [String] = []
        let title = result.file.title.map { " — \"\($0.value)\"" } ?? ""
        lines.append("\(result.file.name)\(title) (seed \(result.seed))")
        for chain in result.chains {
            let family = chain.familyText.isEmpty ? "" : " (\(chain.familyText))"
            lines.append("  \(chain.isClaim ? "claim" : "derive") \"\(chain.name)\"\(family)")
            let width = String(chain.steps.count).count
            for step in chain.steps {
                let number = String(repeating: " ", count: width - String(step.index).count) + String(step.index)
                let rel = step.relation.rawValue.padding(toLength: 2, withPad: " ", startingAt: 0)
                let verdict = step.verdict.rawValue.padding(toLength: 8, withPad: " ", startingAt: 0)
                lines.append("    " + paint("\(Self.mark(step.verdict)) step \(number) \(rel) \(verdict)", step.verdict)
                             + " " + Self.evidenceSummary(step))
                if showInstances {
                    for i in step.instances {
                        lines.append("        instance \"\(i.instance)\": \(i.summary)")
                    }
                }
            }
            if let rel = chain.composedRelation, let last = chain.steps.last {
                let ok = chain.holds ? "holds" : "does not hold"
                lines.append("    conclusion (\(ok)): \(chain.start) \(rel.rawValue) \(last.rhs)")
            }
        }
        lines.append(Self.summaryLine(result))
        return lines.joined(separator: "\n") + "\n"
    }

    /// A short account of the evidence for one step.
    public static func evidenceSummary(_ step: StepResult) -> String {
        let e = step.evidence
        var parts: [String] = []
        switch step.verdict {
        case .proved:
            var how = e.method ?? "symbolic"
            if !e.rules.isEmpty { how += " (" + e.rules.joined(separator: ", ") + ")" }
            parts.append(how)
            if e.points > 0 { parts.append("\(e.points) numeric points agree") }
        case .exact where e.points == 0 && !e.samples.isEmpty:
            parts.append(contentsOf: e.samples)
        case .exact:
            parts.append(e.errorBound ?? "exact evaluation")
        case .numeric:
            if e.points == 0 && !e.samples.isEmpty {
                parts.append(contentsOf: e.samples)
            } else {
                parts.append("\(e.points) seeded points agree" + (e.tolerance.map { " (rel. tol. \(formatDouble($0)))" } ?? ""))
            }
            parts.append("not proved symbolically")
        case .sampled:
            parts.append(contentsOf: e.samples)
        case .admitted:
            parts.append("by admit")
        case .refuted:
            if let cx = e.counterexample {
                let at = cx.assignment.map { "\($0.name) = \($0.value)" }.joined(separator: ", ")
                let inst = cx.instance.map { "instance \($0)" }
                let location = [inst, at.isEmpty ? nil : at].compactMap { $0 }.joined(separator: ", ")
                parts.append("counterexample\(location.isEmpty ? "" : " " + location): left \(cx.lhsValue), right \(cx.rhsValue)")
            } else if let r = e.residual {
                parts.append("residual \(r)")
            }
        case .unknown:
            parts.append(e.notes.first ?? "undecided")
        }
        if let m = e.margin, step.relation != .equal { parts.append("margin \(m)") }
        if !e.assumedConditions.isEmpty { parts.append("assuming " + e.assumedConditions.joined(separator: ", ")) }
        if step.orderTerm != nil, let n = e.notes.first, step.verdict != .unknown { parts.append(n) }
        return parts.joined(separator: "; ")
    }

    /// `12 steps: 9 proved, 1 exact, 2 numeric — all hold`.
    public static func summaryLine(_ result: FileCheckResult) -> String {
        let counts = result.counts
        let order: [Verdict] = [.proved, .exact, .numeric, .sampled, .admitted, .unknown, .refuted]
        let parts = order.compactMap { v -> String? in
            let n = counts[v] ?? 0
            return n == 0 ? nil : "\(n) \(v.rawValue)"
        }
        let errors = result.diagnostics.filter { $0.severity == .error }.count
        let warnings = result.diagnostics.filter { $0.severity == .warning }.count
        let status = result.holds ? "every step holds" : "NOT every step holds"
        return "\(result.file.name): \(result.stepCount) steps" + (parts.isEmpty ? "" : ": " + parts.joined(separator: ", "))
            + " — \(status) (\(errors) error\(errors == 1 ? "" : "s"), \(warnings) warning\(warnings == 1 ? "" : "s"))"
    }
}
