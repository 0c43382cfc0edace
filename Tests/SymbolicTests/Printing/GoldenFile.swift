// Golden files for printer output, and a pdflatex runner. Test support only.
import Foundation
import Testing

/// Compares text with `Golden/NAME.tex` next to this file; `UPDATE_GOLDEN=1` rewrites it.
enum GoldenFile {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden")

    static var isUpdating: Bool { ProcessInfo.processInfo.environment["UPDATE_GOLDEN"] == "1" }

    static func url(_ name: String) -> URL { directory.appendingPathComponent(name + ".tex") }

    /// The golden text, or `nil` if the file does not exist.
    static func read(_ name: String) -> String? {
        try? String(contentsOf: url(name), encoding: .utf8)
    }

    /// Records an issue with a line diff unless `actual` equals the golden file.
    static func check(_ name: String, actual: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        if isUpdating {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            try actual.write(to: url(name), atomically: true, encoding: .utf8)
            return
        }
        guard let expected = read(name) else {
            Issue.record(Comment(rawValue: "missing golden file Golden/\(name).tex; run with UPDATE_GOLDEN=1"),
                         sourceLocation: sourceLocation)
            return
        }
        if expected == actual { return }
        let e = expected.split(separator: "\n", omittingEmptySubsequences: false)
        let a = actual.split(separator: "\n", omittingEmptySubsequences: false)
        var diff: [String] = []
        for i in 0..<max(e.count, a.count) where diff.count < 24 {
            let el = i < e.count ? String(e[i]) : "<none>"
            let al = i < a.count ? String(a[i]) : "<none>"
            if el != al { diff.append("line \(i + 1):\n  - \(el)\n  + \(al)") }
        }
        let message = "Golden/\(name).tex differs (run with UPDATE_GOLDEN=1 and review the diff):\n"
            + diff.joined(separator: "\n")
        Issue.record(Comment(rawValue: message), sourceLocation: sourceLocation)
    }
}

/// Runs pdflatex when it is installed.
enum LaTeXCompiler {
    static let executable: URL? = {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for directory in path.split(separator: ":") {
            let candidate = URL(fileURLWithPath: String(directory)).appendingPathComponent("pdflatex")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
        }
        return nil
    }()

    static var isAvailable: Bool { executable != nil }

    /// Compiles a standalone document; returns `nil` on success or the end of the log.
    static func compile(_ document: String) throws -> String? {
        guard let executable else { return "pdflatex is not installed" }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("stepwise-latex-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let source = directory.appendingPathComponent("goldens.tex")
        try document.write(to: source, atomically: true, encoding: .utf8)
        let process = Process()
        process.executableURL = executable
        process.arguments = ["-halt-on-error", "-interaction=nonstopmode", "-output-directory", directory.path, source.path]
        process.currentDirectoryURL = directory
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        if process.terminationStatus == 0 { return nil }
        return String(decoding: data.suffix(4000), as: UTF8.self)
    }
}
