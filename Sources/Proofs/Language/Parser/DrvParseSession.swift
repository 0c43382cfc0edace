// The state of one `.drv` parse: the statement loop, error reporting and recovery.
// Statements are in `DrvParseSession+Declarations.swift`, `+Chains.swift`, `+Instances.swift`.
//
// Implementation notes
// --------------------
// The statement layer is line-oriented and scanned by hand (`DrvScanner`); every embedded
// expression is parsed by one `ExprParser` over the whole file, so its ranges and the
// "to close '(' at 3:7" locations in its messages are file positions with no offsetting.
// The words of `DrvVocabulary.stopKeywords` are stop keywords of every expression and so
// are reserved everywhere: an expression never swallows the next statement, even when its
// `end` or `)` is missing.
//
// Recovery: a statement with an error is dropped from the model and the parser skips to
// the next line that starts with a statement keyword (a bare `end` on the way is taken to
// close the broken block and skipped silently). Inside a `derive` block it skips to the
// next line that starts with a relation or `end`; inside an `instance`, to the next line
// that starts with a name. Every loop advances by at least one byte or stops, so parsing is
// linear in the file size, and it stops after `Options.maxErrors` errors.
import Symbolic

final class DrvParseSession {
    let text: String
    let name: String
    let options: DrvParser.Options
    var scanner: DrvScanner
    let expressions: ExprParser
    private(set) var diagnostics: [Diagnostic] = []
    private var errorCount = 0
    /// Set when the error limit is reached; every loop checks it.
    private(set) var stopped = false

    var items: [Item] = []
    var title: Located<String>?
    var source: Located<String>?
    /// Chain and instance names seen so far, with where they were first written.
    var chainNames: [String: SourceRange] = [:]
    var instanceNames: [String: SourceRange] = [:]
    /// A `for` line waiting for its `derive` or `claim`, and its keyword.
    var pendingFamily: (family: Family, keyword: SourceRange)?
    /// `recurrence` and `ode` blocks parsed so far.
    var recurrences: [Recurrence] = []
    var odes: [ODESystem] = []

    /// Stops of a one-line statement: the end of the line (unless continued) and keywords.
    let lineStops: StopSet
    /// Stops of an expression in a `derive` block: relations and keywords; lines continue.
    let chainStops: StopSet
    /// Stops inside brackets the statement layer opened: keywords only; lines continue.
    let bracketStops: StopSet

    init(bytes: [UInt8], text: String, name: String, options: DrvParser.Options) {
        self.text = text
        self.name = name
        self.options = options
        var start = 0
        if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { start = 3 }  // a BOM
        self.scanner = DrvScanner(bytes: bytes, position: start)
        var parser = ExprParser(text: text, limits: options.limits)
        parser.maxNumberLiteralDigits = options.maxNumberLiteralDigits
        self.expressions = parser
        lineStops = StopSet(tokens: [], keywords: DrvVocabulary.stopKeywords, newlines: .stopUnlessContinued)
        chainStops = StopSet.relations.union(StopSet(tokens: [], keywords: DrvVocabulary.stopKeywords, newlines: .ignore))
        bracketStops = StopSet(tokens: [], keywords: DrvVocabulary.stopKeywords, newlines: .ignore)
    }

    func makeFile() -> DerivationFile {
        var file = DerivationFile(name: name, text: text, title: title, source: source, items: items)
        file.recurrences = recurrences
        file.odes = odes
        return file
    }

    // MARK: Diagnostics

    /// Records an error, or the `too-many-errors` error once the limit is reached.
    func error(_ id: DiagnosticID, _ message: String, at range: SourceRange?, notes: [Note] = []) {
        guard !stopped else { return }
        if errorCount >= options.maxErrors {
            diagnostics.append(Diagnostic(.error, .tooManyErrors,
                                          "too many errors (the limit is \(options.maxErrors)); stopping here", at: range))
            stopped = true
            return
        }
        errorCount += 1
        diagnostics.append(Diagnostic(.error, id, message, at: range, notes: notes))
    }

    /// Records a `parse-error`.
    func syntaxError(_ message: String, at range: SourceRange, notes: [Note] = []) {
        error(.parseError, message, at: range, notes: notes)
    }

    /// Records an error of the math parser, with its notes and a hint for non-ASCII text.
    func report(_ e: ParseError) {
        var notes = e.notes.map { Note($0.message, at: $0.range) }
        if e.id == .unknownCharacter, let first = scanner.byte(at: e.range.lowerBound), first >= 0x80 {
            notes.append(Note(DrvParseSession.nonASCIIAdvice(scanner.text(of: e.range))))
        }
        syntaxError(e.message, at: e.range, notes: notes)
    }

    /// What to write instead of a non-ASCII character.
    static func nonASCIIAdvice(_ character: String) -> String {
        if let name = greekNames[character] {
            return "names are ASCII letters, digits and '_'; write '\(name)' (it is rendered as \(character))"
        }
        switch character {
        case "≤": return "write '<='"
        case "≥": return "write '>='"
        case "≠": return "write '!='"
        case "−": return "write '-' (ASCII hyphen-minus)"
        case "×", "·": return "write '*'"
        default: return "names and operators are ASCII: letters, digits, '_' and + - * / ^"
        }
    }

    private static let greekNames: [String: String] = [
        "α": "alpha", "β": "beta", "γ": "gamma", "δ": "delta", "ε": "epsilon", "ζ": "zeta", "η": "eta",
        "θ": "theta", "ι": "iota", "κ": "kappa", "λ": "lambda", "μ": "mu", "ν": "nu", "ξ": "xi", "π": "pi",
        "ρ": "rho", "σ": "sigma", "τ": "tau", "υ": "upsilon", "φ": "phi", "χ": "chi", "ψ": "psi", "ω": "omega",
        "Γ": "Gamma", "Δ": "Delta", "Θ": "Theta", "Λ": "Lambda", "Ξ": "Xi", "Π": "Pi", "Σ": "Sigma",
        "Φ": "Phi", "Ψ": "Psi", "Ω": "Omega",
    ]

    // MARK: The statement loop

    func parseFile() {
        while !stopped {
            scanner.skipTrivia()
            if scanner.isAtEnd { break }
            let before = scanner.position
            if !parseStatement() { recoverToNextStatement() }
            if scanner.position <= before { scanner.skipRestOfLine() }  // always make progress
        }
        if let pending = pendingFamily {
            error(.parseError, "'for' must be followed by a 'claim' or a 'derive'", at: pending.keyword)
            pendingFamily = nil
        }
        if errorCount == 0, !items.contains(where: { if case .chain = $0 { return true } else { return false } }) {
            error(.nothingToCheck, "the file has no 'derive' or 'claim', so there is nothing to check", at: nil)
        }
    }

    /// Parses one top-level statement; returns `false` after an error that needs recovery.
    private func parseStatement() -> Bool {
        guard let word = scanner.peekWord() else {
            reportNonStatement()
            return false
        }
        if word.value != "for", word.value != "derive", word.value != "claim", let pending = pendingFamily {
            error(.parseError, "'for' must be followed by a 'claim' or a 'derive'", at: pending.keyword)
            pendingFamily = nil
        }
        scanner.position = word.range.upperBound
        switch word.value {
        case "title", "source":
            return parseHeader(word)
        case "latex":
            return parseLaTeXOverride(word)
        case "assume":
            return parseAssumption(word)
        case "let":
            return parseDefinition(word)
        case "derive":
            return parseDerivation(word)
        case "claim":
            return parseClaim(word)
        case "for":
            return parseFamily(word)
        case "instance":
            return parseInstance(word)
        case "recurrence":
            return parseRecurrence(word)
        case "ode":
            return parseODE(word)
        case "end":
            error(.parseError, "'end' without a matching 'derive' or 'instance'", at: word.range)
            scanner.skipRestOfLine()
            return true
        default:
            if DrvVocabulary.scalarProperty(word.value) != nil || DrvVocabulary.structuredSorts.contains(word.value) {
                return parseDeclaration(word)
            }
            var notes: [Note] = []
            if let suggestion = DrvVocabulary.synonyms[word.value]
                ?? DrvVocabulary.suggestion(for: word.value, among: DrvVocabulary.statementKeywords) {
                notes.append(Note("did you mean '\(suggestion)'?"))
            }
            error(.unknownStatement, "unknown statement '\(word.value)'", at: word.range, notes: notes)
            return false
        }
    }

    /// The error for a line that does not start with a word.
    private func reportNonStatement() {
        let offset = scanner.position
        switch scanner.scanRelation(at: offset) {
        case .relation(let r):
            error(.parseError, "a step must be inside a 'derive \"…\" … end' block", at: r.range)
            return
        case .invalid(_, let range):
            error(.parseError, "a step must be inside a 'derive \"…\" … end' block", at: range)
            return
        case .none:
            break
        }
        let range = scanner.characterRange(at: offset)
        let character = scanner.text(of: range)
        if let b = scanner.current, b >= 0x80 {
            error(.parseError, "unexpected character '\(character)'", at: range,
                  notes: [Note(DrvParseSession.nonASCIIAdvice(character))])
        } else {
            error(.parseError, "expected a statement such as 'real x', 'let …', 'derive \"…\"' or 'instance \"…\"'",
                  at: range)
        }
    }

    /// Skips the rest of the line, then every line until one that starts with a statement
    /// keyword; a bare `end` line on the way is consumed silently.
    func recoverToNextStatement() {
        if atLineStartKeyword() { return }
        scanner.skipRestOfLine()
        while !stopped {
            scanner.skipTrivia()
            guard let word = scanner.peekWord() else {
                if scanner.isAtEnd { return }
                scanner.skipRestOfLine()
                continue
            }
            if word.value == "end" {
                scanner.skipRestOfLine()
                return
            }
            if DrvVocabulary.statementKeywords.contains(word.value) { return }
            scanner.skipRestOfLine()
        }
    }

    // MARK: Shared pieces

    /// Whether the cursor (after blanks) is at a statement keyword that begins its line: the
    /// place to resume after an error that was found while looking ahead.
    func atLineStartKeyword() -> Bool {
        scanner.skipBlanks()
        guard let word = scanner.peekWord(), DrvVocabulary.statementKeywords.contains(word.value) else { return false }
        let start = scanner.lineStart(of: scanner.position)
        return scanner.bytes[start..<scanner.position].allSatisfy(DrvScanner.isBlank)
    }

    /// Requires the rest of the line to be blank or a comment.
    func expectLineEnd(after what: String) -> Bool {
        if scanner.atLineEnd() { return true }
        let range = tokenRange(at: scanner.position)
        syntaxError("expected end of line after \(what), found '\(scanner.text(of: range))'", at: range)
        return false
    }

    /// The bytes of the word, relation or character at `offset`, for messages.
    func tokenRange(at offset: Int) -> SourceRange {
        let end = scanner.identifierEnd(at: offset)
        if end > offset { return SourceRange(offset, end) }
        if case .relation(let r) = scanner.scanRelation(at: offset) { return r.range }
        if case .invalid(_, let range) = scanner.scanRelation(at: offset) { return range }
        return scanner.characterRange(at: offset)
    }

    /// A quoted string `"…"` on one line, without escapes.
    func readString(after what: String, expecting noun: String = "a name") -> Located<String>? {
        scanner.skipBlanks()
        let start = scanner.position
        guard scanner.consume(DrvScanner.quote) else {
            syntaxError("expected \(noun) in double quotes after \(what)", at: tokenRange(at: start))
            return nil
        }
        while let b = scanner.current, b != DrvScanner.quote, b != DrvScanner.newline {
            scanner.position += 1
        }
        guard scanner.consume(DrvScanner.quote) else {
            syntaxError("unterminated string; a string ends with '\"' on the same line", at: SourceRange(start, start + 1))
            return nil
        }
        let range = SourceRange(start, scanner.position)
        return Located(scanner.text(of: SourceRange(start + 1, scanner.position - 1)), range)
    }

    /// A chain's or instance's name: a string that is not blank.
    func readName(of what: String, after keyword: String) -> Located<String>? {
        guard let name = readString(after: keyword) else { return nil }
        if name.value.utf8.allSatisfy({ DrvScanner.isBlank($0) }) {
            syntaxError("\(what) needs a name that is not blank", at: name.range)
            return nil
        }
        return name
    }

    /// A declared or bound name: an identifier that is not a keyword, not followed by a
    /// non-ASCII letter and not ending in `_`.
    func readName(after what: String) -> Located<Symbol>? {
        scanner.skipBlanks()
        let start = scanner.position
        guard let word = scanner.readWord() else {
            if let b = scanner.current, b >= 0x80 {
                let range = scanner.characterRange(at: start)
                let character = scanner.text(of: range)
                syntaxError("unexpected character '\(character)' in a name", at: range,
                            notes: [Note(DrvParseSession.nonASCIIAdvice(character))])
            } else {
                syntaxError("expected a name after \(what)", at: tokenRange(at: start))
            }
            return nil
        }
        if let b = scanner.current, b >= 0x80 {
            let range = scanner.characterRange(at: scanner.position)
            let character = scanner.text(of: range)
            syntaxError("unexpected character '\(character)' in a name", at: range,
                        notes: [Note(DrvParseSession.nonASCIIAdvice(character))])
            return nil
        }
        if word.value.utf8.last == UInt8(ascii: "_") {
            syntaxError("a name cannot end with '_'", at: word.range)
            return nil
        }
        if DrvVocabulary.stopKeywords.contains(word.value) {
            syntaxError("'\(word.value)' is a keyword and cannot be a name", at: word.range)
            return nil
        }
        return Located(Symbol(word.value), word.range)
    }

    /// Parses an embedded expression at the cursor and moves past it; reports and returns
    /// `nil` on error. `what` names what was expected for an empty line ("an expression
    /// after '='").
    func expression(_ stops: StopSet, allowsRange: Bool = false, expected what: String) -> ParsedExpr? {
        scanner.skipBlanks()
        if stops.newlines != .ignore, scanner.atLineEnd() {
            syntaxError("expected \(what)", at: SourceRange(at: scanner.position))
            return nil
        }
        do {
            let parsed = try expressions.parse(from: scanner.position, stoppingAt: stops, allowsRange: allowsRange)
            scanner.position = parsed.range.upperBound
            return parsed
        } catch {
            report(error)
            return nil
        }
    }

    /// Reports an order term `O(…)` where none may be; returns whether there was none.
    func rejectOrderTerm(in parsed: ParsedExpr) -> Bool {
        guard let o = parsed.names.first(where: { $0.name == "O" }) else { return true }
        error(.invalidOrderTerm,
              "an order term 'O(…)' may only end an equality step, as in '= f + O(h^2) as h -> 0'", at: o.range)
        return false
    }

    /// Parses `( NAME {, NAME} [| NAME {, NAME}] )` at the cursor; `allowsBar` for densities.
    func parameterList(of owner: String, allowsBar: Bool) -> (names: [Located<Symbol>], conditions: [Located<Symbol>])? {
        scanner.skipBlanks()
        let open = scanner.position
        guard scanner.consume(UInt8(ascii: "(")) else {
            syntaxError("expected '(' and the parameters of '\(owner)'", at: tokenRange(at: open))
            return nil
        }
        var names: [Located<Symbol>] = []
        var conditions: [Located<Symbol>] = []
        var afterBar = false
        var separator = "'('"
        while !stopped {
            scanner.skipTrivia()
            guard let name = readName(after: separator) else { return nil }
            if afterBar { conditions.append(name) } else { names.append(name) }
            scanner.skipTrivia()
            if scanner.consume(UInt8(ascii: ",")) {
                separator = "','"
                continue
            }
            if scanner.current == UInt8(ascii: "|") {
                let bar = SourceRange(scanner.position, scanner.position + 1)
                guard allowsBar else {
                    syntaxError("the conditioning bar '|' is only for densities", at: bar)
                    return nil
                }
                guard !afterBar else {
                    syntaxError("a density has only one conditioning bar '|'", at: bar)
                    return nil
                }
                scanner.position += 1
                afterBar = true
                separator = "'|'"
                continue
            }
            if scanner.consume(UInt8(ascii: ")")) { return (names, conditions) }
            let at = tokenRange(at: scanner.position)
            syntaxError("expected ',' or ')' in the parameters of '\(owner)'", at: at,
                        notes: [Note("to match this '('", at: SourceRange(open, open + 1))])
            return nil
        }
        return nil
    }
}
