// The `verify` executable: thin front end over Proofs and Symbolic.
import Foundation
import Proofs
import Symbolic

@main
struct VerifyMain {
    static let options: [OptionSpec] = [
        OptionSpec(name: "help", takesValue: false, help: "show this help"),
        OptionSpec(name: "version", takesValue: false, help: "print the version"),
        OptionSpec(name: "seed", takesValue: true, help: "seed of the numeric checks (default 0)", valueName: "N"),
        OptionSpec(name: "assume", takesValue: true, repeatable: true, help: "an assumption for `check`/`series`, e.g. \"x > 0\" or \"n natural\"", valueName: "REL"),
        OptionSpec(name: "at", takesValue: true, help: "expansion point for `series` (default 0)", valueName: "POINT"),
        OptionSpec(name: "color", takesValue: true, help: "auto|always|never (default auto: only on a terminal)", valueName: "WHEN"),
        OptionSpec(name: "strict", takesValue: false, help: "undischarged side conditions and admitted steps are errors"),
        OptionSpec(name: "only", takesValue: true, repeatable: true, help: "check only the derivation or claim with this name", valueName: "NAME"),
        OptionSpec(name: "json", takesValue: false, help: "print the report as JSON (schema: docs/json-schema.json)"),
        OptionSpec(name: "latex", takesValue: true, help: "write a LaTeX document of the checked steps", valueName: "FILE"),
        OptionSpec(name: "markdown", takesValue: true, help: "write a Markdown report with $$ math", valueName: "FILE"),
        OptionSpec(name: "cache", takesValue: true, help: "reuse step results stored in FILE (created if absent; the report is the same)", valueName: "FILE"),
        OptionSpec(name: "threads", takesValue: true, help: "check chains and family members on N threads (default: the processors, at most 8; the report is the same)", valueName: "N"),
        OptionSpec(name: "diagnostics-format", takesValue: true, help: "plain|annotated (default: annotated on a terminal)", valueName: "FORMAT"),
        OptionSpec(name: "mutate", takesValue: false, help: "mutation testing: check wrong variants of every step, report the kill rate"),
        OptionSpec(name: "max-mutants", takesValue: true, help: "with --mutate: the most mutants per step (default 24)", valueName: "N"),
        OptionSpec(name: "sample", takesValue: true, help: "with --mutate: check only about N mutants per file (every k-th, deterministic); the rate is then a sample", valueName: "N"),
        OptionSpec(name: "all-mutants", takesValue: false, help: "with --mutate: list every mutant, not only the survivors"),
        OptionSpec(name: "progress", takesValue: false, help: "with --mutate: print each mutant to stderr as it is decided"),
    ]

    static let help = """
    usage: verify FILE.drv... [--seed N] [--strict] [--only NAME] [--json]
                  [--latex FILE] [--markdown FILE] [--color auto|always|never]
                  [--cache FILE] [--threads N]
                                               check derivations (the main job)
           verify simplify EXPR                rational normal form of EXPR
           verify diff EXPR VAR [N]            N-th derivative (default 1)
           verify series EXPR VAR ORDER [--at POINT]
           verify check "LHS REL RHS" [--assume "x > 0" | "n natural"]... [--seed N]
           verify latex EXPR                   LaTeX of EXPR
           verify --mutate FILE.drv... [--seed N] [--max-mutants N] [--sample N] [--all-mutants]
                                               mutation testing: the kill rate and survivors

    exit codes: 0 all held; 1 refuted or unknown; 2 usage, parse or sort errors
    """

    static func main() {
        let arguments = Array(CommandLine.arguments.dropFirst())
        let parsed: ParsedArguments
        do {
            parsed = try parseArguments(arguments, specs: options)
        } catch {
            FileHandle.standardError.write(Data("verify: \(error.message)\n\(help)\n".utf8))
            exit(ExitCode.usage.rawValue)
        }
        let terminal = Terminal(colorMode: parsed.value("color") ?? "auto")
        if parsed.flag("help") {
            terminal.out(help)
            exit(ExitCode.success.rawValue)
        }
        if parsed.flag("version") {
            terminal.out("verify \(StepwiseVersion.string)")
            exit(ExitCode.success.rawValue)
        }
        guard let command = parsed.positionals.first else {
            terminal.err("verify: missing a file or command\n\(help)")
            exit(ExitCode.usage.rawValue)
        }
        if parsed.flag("mutate") {
            exit(MutateCommand.run(files: parsed.positionals, args: parsed, terminal: terminal).rawValue)
        }
        let outcome: Result<String, CommandError>
        switch command {
        case "simplify": outcome = OneOffCommands.simplify(parsed)
        case "diff": outcome = OneOffCommands.differentiate(parsed)
        case "series": outcome = OneOffCommands.series(parsed)
        case "latex": outcome = OneOffCommands.latex(parsed)
        case "check":
            let (text, code) = OneOffCommands.check(parsed)
            if code == .usage { terminal.err(text) } else { terminal.out(text) }
            exit(code.rawValue)
        default:
            exit(CheckCommand.run(files: parsed.positionals, args: parsed, terminal: terminal).rawValue)
        }
        switch outcome {
        case .success(let text):
            terminal.out(text)
            exit(ExitCode.success.rawValue)
        case .failure(let error):
            terminal.err(error.message)
            exit(error.code.rawValue)
        }
    }
}
