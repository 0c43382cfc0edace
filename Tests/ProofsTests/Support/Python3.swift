// The one python3 runner of the Proofs tests (the oracles — linear algebra's fractions and
// numpy, probability's scipy and mpmath — build on it). Used only by tests, never by the
// product; tests that need it are skipped cleanly when python3 or a module is missing.
import Foundation

enum Python3 {
    /// Why a script failed: its standard error.
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// Runs a script with `python3` and returns its standard output. Standard error goes to a
    /// file (so a chatty script cannot fill a pipe and block) and becomes the error's text
    /// when the script exits non-zero.
    static func run(_ script: String) throws -> String {
        let directory = FileManager.default.temporaryDirectory
        let id = UUID().uuidString
        let url = directory.appendingPathComponent("stepwise-oracle-\(id).py")
        let errURL = directory.appendingPathComponent("stepwise-oracle-\(id).err")
        try script.write(to: url, atomically: true, encoding: .utf8)
        guard FileManager.default.createFile(atPath: errURL.path, contents: nil) else { throw Failure(description: "cannot create \(errURL.path)") }
        defer {
            try? FileManager.default.removeItem(at: url)
            try? FileManager.default.removeItem(at: errURL)
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", url.path]
        let out = Pipe()
        process.standardOutput = out
        process.standardError = try FileHandle(forWritingTo: errURL)
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw Failure(description: (try? String(contentsOf: errURL, encoding: .utf8)) ?? "python3 exited with \(process.terminationStatus)")
        }
        return String(decoding: data, as: UTF8.self)
    }

    /// Whether python3 runs here and can import every module named.
    static func canImport(_ modules: [String]) -> Bool {
        let imports = modules.map { "import \($0)\n" }.joined()
        return (try? run(imports + "print('ok')"))?.trimmingCharacters(in: .whitespacesAndNewlines) == "ok"
    }
}
