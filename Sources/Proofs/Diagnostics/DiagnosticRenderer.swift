// Turning diagnostics into text, swiftc style, with optional snippets and colour.
//
// Implementation notes
// --------------------
// Locations are computed here, late, from byte offsets with one `SourceLocationConverter`
// per file: 1-based lines, 1-based columns counted in UTF-8 bytes (a tab is one column, a
// CRLF line's `\r` belongs to the line it ends). The snippet's marker line copies the tabs
// of the source line and replaces every other character by one space, so the `╰─` lands
// under the offending character in any terminal that expands tabs consistently.
import Symbolic

/// Renders ``Diagnostic``s as text: `file:line:col: error: message`, one note per line,
/// optionally with an annotated source snippet and ANSI colour. It returns strings and
/// never prints; the caller decides whether the terminal is a TTY.
///
/// ```
/// vae-mi.drv:7:7: error: unknown hint 'algebr'
/// 7 │     = x*(2*sin(x))      by algebr
///   │                            ╰─ error: unknown hint 'algebr'
/// vae-mi.drv:7:7: note: did you mean 'algebra'?
/// ```
public struct DiagnosticRenderer: Sendable {
    /// What to include.
    public struct Options: Sendable, Hashable {
        /// Whether to show the source line with a `╰─` marker under each diagnostic.
        public var showsSnippets: Bool
        /// Whether to colour severities and locations with ANSI escapes.
        public var usesColor: Bool
        /// Whether to append the stable ID, as in `error: unknown hint 'algebr' [unknown-hint]`.
        public var showsIDs: Bool

        /// Creates options.
        public init(showsSnippets: Bool = false, usesColor: Bool = false, showsIDs: Bool = false) {
            self.showsSnippets = showsSnippets
            self.usesColor = usesColor
            self.showsIDs = showsIDs
        }

        /// One line per diagnostic and note, no colour: for fixtures, CI and tools.
        public static let plain = Options()
        /// With snippets, for people.
        public static let annotated = Options(showsSnippets: true)
    }

    /// The file name printed before every location.
    public let fileName: String
    /// What to include.
    public var options: Options
    private let bytes: [UInt8]
    private let converter: SourceLocationConverter

    /// Creates a renderer for diagnostics about `text`.
    public init(fileName: String, text: String, options: Options = .plain) {
        self.fileName = fileName
        self.options = options
        self.bytes = Array(text.utf8)
        self.converter = SourceLocationConverter(utf8: bytes)
    }

    /// Creates a renderer for diagnostics about a parsed file.
    public init(file: DerivationFile, options: Options = .plain) {
        self.init(fileName: file.name, text: file.text, options: options)
    }

    /// Diagnostics in the deterministic report order: by position (whole-file diagnostics
    /// first), then severity (errors before warnings before notes), then as given.
    public static func sorted(_ diagnostics: [Diagnostic]) -> [Diagnostic] {
        func rank(_ s: Severity) -> Int {
            switch s {
            case .error: return 0
            case .warning: return 1
            case .note: return 2
            }
        }
        return diagnostics.enumerated().sorted { a, b in
            let pa = a.element.range?.lowerBound ?? -1, pb = b.element.range?.lowerBound ?? -1
            if pa != pb { return pa < pb }
            let sa = rank(a.element.severity), sb = rank(b.element.severity)
            if sa != sb { return sa < sb }
            return a.offset < b.offset
        }.map(\.element)
    }

    /// The diagnostics in report order, each line ending in a newline.
    public func render(_ diagnostics: [Diagnostic]) -> String {
        DiagnosticRenderer.sorted(diagnostics).map(render).joined()
    }

    /// One diagnostic with its snippet (if enabled) and notes, each line ending in a newline.
    public func render(_ diagnostic: Diagnostic) -> String {
        var message = diagnostic.message
        if options.showsIDs { message += " [\(diagnostic.id.rawValue)]" }
        var out = line(at: diagnostic.range, severity: diagnostic.severity.rawValue, message: message)
        if options.showsSnippets, let range = diagnostic.range {
            out += snippet(at: range, label: "\(diagnostic.severity.rawValue): \(diagnostic.message)",
                           severity: diagnostic.severity.rawValue)
        }
        for note in diagnostic.notes {
            out += line(at: note.range ?? diagnostic.range, severity: "note", message: note.message)
        }
        return out
    }

    /// The line and column of a byte offset (1-based, columns in UTF-8 bytes).
    public func location(of offset: Int) -> Symbolic.SourceLocation {
        converter.location(of: offset)
    }

    /// The number of errors and warnings, for a summary line.
    public static func counts(_ diagnostics: [Diagnostic]) -> (errors: Int, warnings: Int) {
        (diagnostics.filter { $0.severity == .error }.count, diagnostics.filter { $0.severity == .warning }.count)
    }

    // MARK: Pieces

    private func line(at range: SourceRange?, severity: String, message: String) -> String {
        var place = fileName
        if let range { place += ":\(location(of: range.lowerBound))" }
        guard options.usesColor else { return "\(place): \(severity): \(message)\n" }
        return "\(ANSI.bold)\(place):\(ANSI.reset) \(ANSI.color(severity))\(severity):\(ANSI.reset) "
            + "\(ANSI.bold)\(message)\(ANSI.reset)\n"
    }

    private func snippet(at range: SourceRange, label: String, severity: String) -> String {
        let location = location(of: range.lowerBound)
        guard let lineRange = converter.range(ofLine: location.line) else { return "" }
        var lineBytes = bytes[lineRange.lowerBound..<lineRange.upperBound]
        if lineBytes.last == UInt8(ascii: "\r") { lineBytes = lineBytes.dropLast() }
        let lineText = String(decoding: lineBytes, as: UTF8.self)
        let prefixEnd = Swift.min(lineRange.lowerBound + location.column - 1, lineRange.upperBound)
        let prefix = String(decoding: bytes[lineRange.lowerBound..<prefixEnd], as: UTF8.self)
        let indent = String(prefix.map { $0 == "\t" ? "\t" : " " })
        let number = String(location.line)
        let gutter = String(repeating: " ", count: number.count)
        var marker = "╰─ \(label)"
        if options.usesColor { marker = "\(ANSI.color(severity))\(marker)\(ANSI.reset)" }
        return "\(number) │ \(lineText)\n\(gutter) │ \(indent)\(marker)\n"
    }

    /// ANSI escape sequences.
    private enum ANSI {
        static let bold = "\u{1B}[1m"
        static let reset = "\u{1B}[0m"

        static func color(_ severity: String) -> String {
            switch severity {
            case "error": return "\u{1B}[1;31m"
            case "warning": return "\u{1B}[1;33m"
            default: return "\u{1B}[1;36m"
            }
        }
    }
}
