// The public entry points of the `.drv` parser.
import Symbolic

/// Parses `.drv` text into a ``DerivationFile`` and located ``Diagnostic``s.
///
/// The parser never traps on input: invalid UTF-8, oversized files, hostile nesting and
/// unterminated blocks all become located errors. After an error it skips to the next
/// statement (or the next step, binding or `end`), so one run reports several independent
/// errors without a cascade, and it stops after ``Options/maxErrors`` errors.
///
/// A file with parse errors still yields a model of the statements that parsed; items with
/// errors are left out of it. Run the ``SortChecker`` only on files without parse errors
/// (``FrontEnd`` does that).
///
/// ```swift
/// let (file, diagnostics) = DrvParser.parse(text: source, name: "vae-mi.drv")
/// ```
public enum DrvParser {
    /// Resource limits of a parse.
    public struct Options: Sendable, Hashable {
        /// Limits handed to the math parser (nesting depth, derivative orders).
        public var limits: Limits = .default
        /// The largest file accepted, in bytes (default 10 MiB).
        public var maxFileBytes: Int = 10 * 1024 * 1024
        /// Errors reported before the parser stops with a `too-many-errors` error.
        public var maxErrors: Int = 50
        /// The most digits a number literal may need (smaller than the math parser's default:
        /// derivations have no use for huge literals).
        public var maxNumberLiteralDigits: Int = 10_000
        /// The largest `samples N` an instance may ask for.
        public var maxSamples: Int = 100_000_000

        /// The default options.
        public static let `default` = Options()

        /// Creates the default options.
        public init() {}
    }

    /// Parses a `.drv` file given as text.
    ///
    /// - Parameters:
    ///   - text: The file contents.
    ///   - name: The name shown in diagnostics (usually the path as given).
    ///   - options: Resource limits.
    /// - Returns: The model (statements with errors left out) and the diagnostics, in source order.
    public static func parse(text: String, name: String, options: Options = .default) -> (DerivationFile, [Diagnostic]) {
        parse(bytes: Array(text.utf8), name: name, options: options)
    }

    /// Parses a `.drv` file given as raw bytes, validating the encoding first.
    ///
    /// A file over ``Options/maxFileBytes`` yields only a `file-too-large` error, and a file
    /// that is not well-formed UTF-8 only an `invalid-encoding` error at its first bad byte;
    /// in both cases the model is empty.
    ///
    /// - Parameters:
    ///   - bytes: The file contents.
    ///   - name: The name shown in diagnostics.
    ///   - options: Resource limits.
    /// - Returns: The model and the diagnostics, in source order.
    public static func parse(bytes: [UInt8], name: String, options: Options = .default) -> (DerivationFile, [Diagnostic]) {
        if bytes.count > options.maxFileBytes {
            let file = DerivationFile(name: name, text: "")
            let message = "file is \(bytes.count) bytes; the limit is \(options.maxFileBytes) bytes"
            return (file, [Diagnostic(.error, .fileTooLarge, message, at: nil)])
        }
        if let bad = firstInvalidUTF8Offset(bytes) {
            let text = String(decoding: bytes, as: UTF8.self)
            let file = DerivationFile(name: name, text: text)
            let hex = String(bytes[bad], radix: 16, uppercase: true)
            let message = "file is not valid UTF-8: unexpected byte 0x\(hex.count == 1 ? "0" + hex : hex)"
            return (file, [Diagnostic(.error, .invalidEncoding, message, at: SourceRange(bad, bad + 1))])
        }
        let text = String(decoding: bytes, as: UTF8.self)
        let session = DrvParseSession(bytes: bytes, text: text, name: name, options: options)
        session.parseFile()
        return (session.makeFile(), session.diagnostics)
    }
}
