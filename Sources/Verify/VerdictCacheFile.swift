// `verify --cache FILE`: loading and saving the verdict cache.
import Foundation
import Proofs

enum VerdictCacheFile {
    /// Identifies this build: the version and a SHA-256 of the running executable, so a
    /// rebuilt checker never reuses another build's results.
    static func toolIdentity() -> String {
        let executable = FileManager.default.contents(atPath: "/proc/self/exe")
            ?? CommandLine.arguments.first.flatMap { FileManager.default.contents(atPath: $0) }
        let digest = executable.map { SHA256.hexDigest([UInt8]($0)) } ?? "unknown-build"
        return "stepwise \(StepwiseVersion.string) \(digest)"
    }

    /// The cache at `path`: empty when the file does not exist; empty with a warning when it
    /// cannot be read or is not a valid cache.
    static func load(_ path: String, terminal: Terminal) -> VerdictCache {
        let identity = toolIdentity()
        guard FileManager.default.fileExists(atPath: path) else { return VerdictCache(toolIdentity: identity) }
        guard let data = FileManager.default.contents(atPath: path) else {
            terminal.err("verify: warning: cannot read the cache '\(path)'; starting a fresh cache")
            return VerdictCache(toolIdentity: identity)
        }
        do {
            return try VerdictCache(decoding: [UInt8](data), toolIdentity: identity)
        } catch {
            terminal.err("verify: warning: ignoring the cache '\(path)': \(error); starting a fresh cache")
            return VerdictCache(toolIdentity: identity)
        }
    }

    /// Writes `cache` to `path` atomically and prints how many steps it supplied; a failure
    /// to write is a warning.
    static func save(_ cache: VerdictCache, to path: String, terminal: Terminal) {
        let s = cache.statistics
        terminal.err("cache: \(s.reused) of \(s.steps) steps reused")
        do {
            try Data(cache.encoded()).write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            terminal.err("verify: warning: cannot write the cache '\(path)': \(error.localizedDescription)")
        }
    }
}
