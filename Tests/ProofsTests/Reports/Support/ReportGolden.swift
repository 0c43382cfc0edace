// Golden files for the reports, and a pdflatex runner. Test support only.
import Foundation
import Testing

/// Compares text with `Reports/Golden/NAME` next to the tests; `UPDATE_GOLDEN=1` rewrites it.
enum ReportGolden {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Golden")

    static var isUpdating: Bool { ProcessInfo.processInfo.environment["UPDATE_GOLDEN"] == "1" }

    /// Records an issue with the first differing lines unless `actual` equals the golden file.
    static func check(_ name: String, actual: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let url = directory.appendingPathComponent(name)
        if isUpdating {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            try actual.write(to: url, atomically: true, encoding: .utf8)
            return
        }
        guard let expected = try? String(contentsOf: url, encoding: .utf8) else {
            Issue.record(Comment(rawValue: "missing golden file Golden/\(name); run with UPDATE_GOLDEN=1"),
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
        Issue.record(Comment(rawValue: "Golden/\(name) differs (run with UPDATE_GOLDEN=1 and review the diff):\n"
                             + diff.joined(separator: "\n")), sourceLocation: sourceLocation)
    }
}

/// Finds an executable on PATH.
enum Executable {
    static func find(_ name: String) -> URL? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for directory in path.split(separator: ":") {
            let candidate = URL(fileURLWithPath: String(directory)).appendingPathComponent(name)
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
        }
        return nil
    }

    /// Runs a process, returning its exit status and combined output.
    static func run(_ executable: URL, _ arguments: [String], in directory: URL? = nil, input: Data? = nil) throws -> (Int32, String) {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = directory }
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        let stdin = Pipe()
        process.standardInput = stdin
        try process.run()
        if let input { stdin.fileHandleForWriting.write(input) }
        try? stdin.fileHandleForWriting.close()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }
}

/// Compiles documents with pdflatex when it is installed.
enum PDFLaTeX {
    static let executable = Executable.find("pdflatex")

    static var isAvailable: Bool { executable != nil }

    /// Compiles a standalone document in a fresh temporary directory. Returns `nil` on
    /// success, or what went wrong: a non-zero exit, or a log with an undefined control
    /// sequence, a LaTeX error or a missing `$`.
    static func problems(compiling document: String) throws -> String? {
        guard let executable else { return "pdflatex is not installed" }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("stepwise-report-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let source = directory.appendingPathComponent("report.tex")
        try document.write(to: source, atomically: true, encoding: .utf8)
        let (status, output) = try Executable.run(executable, ["-interaction=nonstopmode", "-halt-on-error", "-no-shell-escape",
                                                              "report.tex"], in: directory)
        let logData = (try? Data(contentsOf: directory.appendingPathComponent("report.log"))) ?? Data()
        let log = String(decoding: logData, as: UTF8.self)
        let bad = ["Undefined control sequence", "LaTeX Error", "Missing $", "Missing character"]
        let found = bad.filter { log.contains($0) }
        if status == 0 && found.isEmpty { return nil }
        let tail = String(log.suffix(3000).isEmpty ? output.suffix(3000) : log.suffix(3000))
        return "pdflatex exit \(status); found \(found)\n" + tail
    }
}
