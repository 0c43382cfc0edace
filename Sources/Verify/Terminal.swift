// Writing to the terminal: stdout/stderr, colour only on a TTY.
import Foundation

/// Output streams and the colour decision.
struct Terminal {
    /// Whether ANSI colour may be used on stdout.
    var colorStdout: Bool
    /// Whether ANSI colour may be used on stderr.
    var colorStderr: Bool

    /// Decides colour from `--color auto|always|never` and whether the streams are TTYs.
    init(colorMode: String) {
        switch colorMode {
        case "always":
            colorStdout = true
            colorStderr = true
        case "never":
            colorStdout = false
            colorStderr = false
        default:
            let noColor = ProcessInfo.processInfo.environment["NO_COLOR"] != nil
            colorStdout = !noColor && isatty(STDOUT_FILENO) != 0
            colorStderr = !noColor && isatty(STDERR_FILENO) != 0
        }
    }

    func out(_ text: String) {
        FileHandle.standardOutput.write(Data((text.hasSuffix("\n") ? text : text + "\n").utf8))
    }

    func err(_ text: String) {
        FileHandle.standardError.write(Data((text.hasSuffix("\n") ? text : text + "\n").utf8))
    }
}

/// Process exit codes.
enum ExitCode: Int32 {
    /// Everything held.
    case success = 0
    /// A check was refuted or could not be decided.
    case failure = 1
    /// Bad usage, or a parse or sort error in the input.
    case usage = 2
}
