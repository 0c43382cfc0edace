// A small command-line parser: options with values, flags, repeated options, positionals.
//
// Implementation notes
// --------------------
// Options are declared up front (`OptionSpec`), so an unknown option is a usage error
// rather than a positional. `--name=value` and `--name value` are both accepted; `--`
// ends option parsing. Nothing here prints or exits: errors are values the caller renders.

/// A declared option.
struct OptionSpec {
    /// The long name without dashes (`seed`).
    var name: String
    /// Whether the option takes a value.
    var takesValue: Bool
    /// Whether it may be given more than once.
    var repeatable: Bool = false
    /// The help line.
    var help: String
    /// Placeholder for the value in help (`N`, `FILE`).
    var valueName: String = "VALUE"
}

/// The parsed command line.
struct ParsedArguments {
    /// Positional arguments, in order.
    var positionals: [String] = []
    /// Option values by name (flags map to `["true"]`), in order of appearance.
    var options: [String: [String]] = [:]

    func flag(_ name: String) -> Bool { options[name] != nil }
    func value(_ name: String) -> String? { options[name]?.last }
    func values(_ name: String) -> [String] { options[name] ?? [] }
}

/// A command-line usage error.
struct UsageError: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}

/// Parses `arguments` against `specs`.
func parseArguments(_ arguments: [String], specs: [OptionSpec]) throws(UsageError) -> ParsedArguments {
    var result = ParsedArguments()
    var i = 0
    var onlyPositionals = false
    while i < arguments.count {
        let arg = arguments[i]
        i += 1
        if onlyPositionals || !arg.hasPrefix("--") || arg == "-" {
            // Options are long (`--name`); a single dash starts an expression such as `-x + 1`,
            // except `-h`.
            if !onlyPositionals && arg == "-h" {
                result.options["help", default: []].append("true")
                continue
            }
            result.positionals.append(arg)
            continue
        }
        if arg == "--" {
            onlyPositionals = true
            continue
        }
        var name = String(arg.dropFirst(2))
        var inlineValue: String?
        if let eq = name.firstIndex(of: "=") {
            inlineValue = String(name[name.index(after: eq)...])
            name = String(name[..<eq])
        }
        guard let spec = specs.first(where: { $0.name == name }) else {
            let close = specs.map(\.name).min { editDistance($0, name) < editDistance($1, name) }
            let hint = close.map { editDistance($0, name) <= 2 ? " (did you mean '--\($0)'?)" : "" } ?? ""
            throw UsageError(message: "unknown option '--\(name)'\(hint)")
        }
        if spec.takesValue {
            let value: String
            if let v = inlineValue {
                value = v
            } else {
                guard i < arguments.count else { throw UsageError(message: "option '--\(name)' needs a value (\(spec.valueName))") }
                value = arguments[i]
                i += 1
            }
            if !spec.repeatable && result.options[name] != nil {
                throw UsageError(message: "option '--\(name)' given more than once")
            }
            result.options[name, default: []].append(value)
        } else {
            if inlineValue != nil { throw UsageError(message: "option '--\(name)' takes no value") }
            result.options[name, default: []].append("true")
        }
    }
    return result
}

/// Levenshtein distance, for "did you mean" suggestions.
func editDistance(_ a: String, _ b: String) -> Int {
    let a = Array(a.utf8), b = Array(b.utf8)
    if a.isEmpty { return b.count }
    if b.isEmpty { return a.count }
    var previous = Array(0...b.count)
    var current = [Int](repeating: 0, count: b.count + 1)
    for i in 1...a.count {
        current[0] = i
        for j in 1...b.count {
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
        }
        swap(&previous, &current)
    }
    return previous[b.count]
}
