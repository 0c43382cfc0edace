// `verify --cache FILE`: the same reports, the cache line on stderr, corrupt files survived.
import Foundation
import Testing

@Suite("verify --cache", .enabled(if: VerifyBinary.url != nil, "the verify binary is not built"))
struct CacheOptionTests {
    /// Two quick files: one that holds, one refuted (its diagnostics must come back located).
    static let files = ["derivations/errata/gan-qp-e4-factor-two.drv", "derivations/errata/gram-det-e5-sign.drv"]

    static func temporaryCache() throws -> (directory: URL, path: String) {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("stepwise-cache-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return (dir, dir.appendingPathComponent("verdicts.cache").path)
    }

    /// stderr without the `cache:` line.
    static func diagnostics(_ stderr: String) -> String {
        stderr.split(separator: "\n", omittingEmptySubsequences: false).filter { !$0.hasPrefix("cache: ") }.joined(separator: "\n")
    }

    @Test("cold, warm and corrupt caches print what no cache prints", arguments: [[], ["--json"]] as [[String]])
    func sameOutput(extra: [String]) throws {
        let (dir, cache) = try Self.temporaryCache()
        defer { try? FileManager.default.removeItem(at: dir) }
        let arguments = Self.files + ["--seed", "3", "--color", "never"] + extra
        let plain = try VerifyBinary.run(arguments)
        #expect(!plain.stderr.contains("cache:"))
        let cold = try VerifyBinary.run(arguments + ["--cache", cache])
        let warm = try VerifyBinary.run(arguments + ["--cache", cache])
        for (name, run) in [("cold", cold), ("warm", warm)] {
            #expect(run.stdout == plain.stdout, "\(name)")
            #expect(Self.diagnostics(run.stderr) == plain.stderr, "\(name)")
            #expect(run.status == plain.status, "\(name)")
        }
        #expect(cold.stderr.contains("cache: 0 of 3 steps reused"), "\(cold.stderr)")
        #expect(warm.stderr.contains("cache: 3 of 3 steps reused"), "\(warm.stderr)")

        try Data("stepwise-verdict-cache 2\nnot a key\n".utf8).write(to: URL(fileURLWithPath: cache))
        let corrupt = try VerifyBinary.run(arguments + ["--cache", cache])
        #expect(corrupt.stdout == plain.stdout)
        #expect(corrupt.status == plain.status)
        #expect(corrupt.stderr.contains("verify: warning: ignoring the cache '\(cache)': malformed cache file"), "\(corrupt.stderr)")
        #expect(corrupt.stderr.contains("cache: 0 of 3 steps reused"))
        // The corrupt file was replaced by a good one.
        let again = try VerifyBinary.run(arguments + ["--cache", cache])
        #expect(again.stderr.contains("cache: 3 of 3 steps reused"), "\(again.stderr)")
    }

    @Test("a cache that is a directory is a warning, not a crash")
    func unreadable() throws {
        let (dir, _) = try Self.temporaryCache()
        defer { try? FileManager.default.removeItem(at: dir) }
        let plain = try VerifyBinary.run([Self.files[0]])
        let r = try VerifyBinary.run([Self.files[0], "--cache", dir.path])
        #expect(r.stdout == plain.stdout)
        #expect(r.status == plain.status)
        #expect(r.stderr.contains("verify: warning: cannot read the cache"), "\(r.stderr)")
        #expect(r.stderr.contains("verify: warning: cannot write the cache"), "\(r.stderr)")
    }

    @Test("the help lists --cache")
    func help() throws {
        let r = try VerifyBinary.run(["--help"])
        #expect(r.stdout.contains("[--cache FILE]"))
    }
}
