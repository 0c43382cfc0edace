// Runs the built `verify` binary, in the manner of argument-parser's AssertExecuteCommand.
import Foundation

enum VerifyBinary {
    static let root: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The built executable: next to the test bundle, or in `.build/debug`.
    static let url: URL? = {
        var candidates: [URL] = []
        if let explicit = ProcessInfo.processInfo.environment["STEPWISE_VERIFY"] {
            candidates.append(URL(fileURLWithPath: explicit))
        }
        let bundleDir = URL(fileURLWithPath: CommandLine.arguments.first ?? "").deletingLastPathComponent()
        candidates.append(bundleDir.appendingPathComponent("verify"))
        for dir in ["debug", "release"] {
            candidates.append(root.appendingPathComponent(".build/\(dir)/verify"))
        }
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) }
    }()

    struct Output {
        var stdout: String
        var stderr: String
        var status: Int32
    }

    /// Runs `verify` with arguments from the repository root.
    static func run(_ arguments: [String], stdin: String? = nil) throws -> Output {
        guard let url else { throw CocoaError(.fileNoSuchFile) }
        let process = Process()
        process.executableURL = url
        process.arguments = arguments
        process.currentDirectoryURL = root
        var env = ProcessInfo.processInfo.environment
        env.removeValue(forKey: "NO_COLOR")
        process.environment = env
        // Files, not pipes: a full pipe cannot block the child.
        let dir = FileManager.default.temporaryDirectory
        let outURL = dir.appendingPathComponent("verify-out-\(UUID().uuidString)")
        let errURL = dir.appendingPathComponent("verify-err-\(UUID().uuidString)")
        FileManager.default.createFile(atPath: outURL.path, contents: nil)
        FileManager.default.createFile(atPath: errURL.path, contents: nil)
        defer {
            try? FileManager.default.removeItem(at: outURL)
            try? FileManager.default.removeItem(at: errURL)
        }
        process.standardOutput = try FileHandle(forWritingTo: outURL)
        process.standardError = try FileHandle(forWritingTo: errURL)
        try process.run()
        process.waitUntilExit()
        let outData = (try? Data(contentsOf: outURL)) ?? Data()
        let errData = (try? Data(contentsOf: errURL)) ?? Data()
        return Output(stdout: String(decoding: outData, as: UTF8.self), stderr: String(decoding: errData, as: UTF8.self),
                      status: process.terminationStatus)
    }
}
