// Parsing and sort checking in one call.
import Symbolic

/// The result of reading a `.drv` file: its model, symbol table and diagnostics.
public struct FrontEndResult: Sendable {
    /// The parsed model (statements with parse errors left out).
    public var file: DerivationFile
    /// The resolved names; `nil` when parse errors kept the sort checker from running.
    public var symbols: SymbolTable?
    /// Every diagnostic of parsing and sort checking, in report order
    /// (``DiagnosticRenderer/sorted(_:)``).
    public var diagnostics: [Diagnostic]

    /// Whether any diagnostic is an error (the file must not be checked further).
    public var hasErrors: Bool { diagnostics.contains { $0.severity == .error } }
}

/// Parses a `.drv` file and, if it parsed without errors, sort-checks it.
///
/// Sort checking is skipped after a parse error so that a statement that failed to parse
/// (a declaration, say) does not cause a cascade of "undeclared name" errors.
public enum FrontEnd {
    /// Reads a file given as bytes (validating UTF-8 and the size limit first).
    public static func analyze(bytes: [UInt8], name: String, options: DrvParser.Options = .default) -> FrontEndResult {
        let (file, parseDiagnostics) = DrvParser.parse(bytes: bytes, name: name, options: options)
        return finish(file, parseDiagnostics, options: options)
    }

    /// Reads a file given as text.
    public static func analyze(text: String, name: String, options: DrvParser.Options = .default) -> FrontEndResult {
        let (file, parseDiagnostics) = DrvParser.parse(text: text, name: name, options: options)
        return finish(file, parseDiagnostics, options: options)
    }

    private static func finish(_ file: DerivationFile, _ parseDiagnostics: [Diagnostic],
                               options: DrvParser.Options) -> FrontEndResult {
        guard !parseDiagnostics.contains(where: { $0.severity == .error }) else {
            return FrontEndResult(file: file, symbols: nil, diagnostics: DiagnosticRenderer.sorted(parseDiagnostics))
        }
        let result = SortChecker.analyze(file, maxErrors: options.maxErrors, limits: options.limits)
        return FrontEndResult(file: file, symbols: result.symbols,
                              diagnostics: DiagnosticRenderer.sorted(parseDiagnostics + result.diagnostics))
    }
}
