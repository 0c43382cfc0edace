// `verify --cache FILE`: loading and saving the verdict cache.
import Foundation
import Proofs

enum VerdictCacheFile {
    /// Identifies this build: the version and the running executable's path, size and
    /// modification time (nanoseconds), so a rebuilt checker never reuses another build's
    /// results. (Cheap: hashing the 30 MB executable took longer than a warm check.)
    static func toolIdentity() -> String {
        var parts = ["stepwise", StepwiseVersion.string]
        let executable = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
            ?? CommandLine.arguments.first ?? ""
        if let attributes = try? FileManager.default.attributesOfItem(atPath: executable),
           let size = attributes[.size] as? NSNumber, let modified = attributes[.modificationDate] as? Date {
            parts += [executable, size.stringValue, String(modified.timeIntervalSince1970.bitPattern, radix: 16)]
        } else {
            // Unknown build: a fresh identity per run, so nothing is ever reused.
            parts.append(UUID().uuidString)
        }
        return parts.joined(separator: " ")
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
