// The `verify` command line: output and exit codes of the built binary.
import Foundation
import Testing

@Suite("verify command line", .enabled(if: VerifyBinary.url != nil, "the verify binary is not built"))
struct CommandTests {
    @Test("a derivation that holds exits 0 with a summary line")
    func holds() throws {
        let r = try VerifyBinary.run(["derivations/gan-qp.drv", "--color", "never"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("derivations/gan-qp.drv: "))
        #expect(r.stdout.contains("every step holds"))
        #expect(!r.stdout.contains("\u{1B}["), "no colour codes when --color never")
    }

    @Test("a refuted erratum exits 1 with located diagnostics and a counterexample note")
    func refuted() throws {
        let r = try VerifyBinary.run(["derivations/errata/gan-qp-e4-factor-two.drv"])
        #expect(r.status == 1)
        #expect(r.stderr.contains("derivations/errata/gan-qp-e4-factor-two.drv:10:"))
        #expect(r.stderr.contains(": error: step 1 does not hold"))
        #expect(r.stderr.contains(": note: counterexample:"))
    }

    @Test("usage, parse and sort errors exit 2", arguments: [
        (["--no-such-option"], "unknown option"),
        (["does/not/exist.drv"], "no such file"),
        (["simplify", "(x +"], "<expression>:1:5: error:"),
        (["diff", "x^2", "1x"], "is not a variable name"),
        (["check", "x + 1"], "expected a relation"),
        (["derivations/f-gan.drv", "--threads", "0"], "--threads needs an integer from 1 to 64, not '0'"),
        (["derivations/f-gan.drv", "--threads", "two"], "--threads needs an integer from 1 to 64, not 'two'"),
    ])
    func usage(arguments: [String], message: String) throws {
        let r = try VerifyBinary.run(arguments)
        #expect(r.status == 2)
        #expect(r.stderr.contains(message), "\(r.stderr)")
    }

    @Test("a sort error in a file is located and exits 2")
    func sortError() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("stepwise-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("bad.drv")
        try "title \"t\"\nreal x\nclaim \"c\": x + y = y + x\n".write(to: file, atomically: true, encoding: .utf8)
        let r = try VerifyBinary.run([file.path])
        #expect(r.status == 2)
        #expect(r.stderr.contains("bad.drv:3:16: error: undeclared name 'y'"), "\(r.stderr)")
    }

    @Test("one-off commands", arguments: [
        (["simplify", "(x^2 - 1)/(x - 1)"], "x + 1", Int32(0)),
        (["diff", "x^3", "x"], "3*x^2", 0),
        (["diff", "sin(x)", "x", "2"], "-sin(x)", 0),
        (["series", "exp(x)", "x", "3"], "1/2*x^2 + x + 1 + O(x^3)", 0),
        (["latex", "ptilde(x)/sqrt(2*pi)"], "\\tilde{p}", 0),
        (["check", "log(a/b) = log(a) - log(b)", "--assume", "a > 0", "--assume", "b > 0"], "proved:", 0),
        (["check", "(x + y)^2 = x^2 + y^2"], "refuted:", 1),
        (["check", "exp(x) >= 1 + x"], "numeric:", 0),
        (["check", "sum_{i = 1..n}[i^3] = (n*(n + 1)/2)^2", "--assume", "n natural"], "proved:", 0),
        (["check", "sum_{i = 1..n}[i^3] = (n*(n + 1)/2)^3", "--assume", "n natural"], "counterexample: n = 2", 1),
        (["check", "abs(abs(x) - abs(y)) <= abs(x - y)"], "by cases", 0),
    ])
    func oneOff(arguments: [String], expected: String, status: Int32) throws {
        let r = try VerifyBinary.run(arguments)
        #expect(r.status == status, "\(r.stdout)\(r.stderr)")
        #expect(r.stdout.contains(expected), "\(r.stdout)")
    }

    @Test("the same file and seed give byte-identical output; another seed may differ")
    func deterministic() throws {
        let a = try VerifyBinary.run(["derivations/f-gan.drv", "--seed", "3"])
        let b = try VerifyBinary.run(["derivations/f-gan.drv", "--seed", "3"])
        #expect(a.stdout == b.stdout)
        #expect(a.stderr == b.stderr)
        #expect(a.stdout.contains("(seed 3)"))
    }

    @Test("--threads changes how many threads check, not what is printed", arguments: [["--threads", "1"], ["--threads", "3"]])
    func threads(arguments: [String]) throws {
        let a = try VerifyBinary.run(["derivations/gan-qp.drv", "--seed", "2"])
        let b = try VerifyBinary.run(["derivations/gan-qp.drv", "--seed", "2"] + arguments)
        #expect(a.status == 0 && b.status == 0)
        #expect(a.stdout == b.stdout)
        #expect(a.stderr == b.stderr)
    }

    @Test("--only checks just the named claim, and an unknown name is an error")
    func only() throws {
        let r = try VerifyBinary.run(["derivations/gan-qp.drv", "--only", "QP-9 symmetry"])
        #expect(r.status == 0)
        #expect(r.stdout.contains("1 steps"))
        let bad = try VerifyBinary.run(["derivations/gan-qp.drv", "--only", "QP-9 symetry"])
        #expect(bad.status == 2)
        #expect(bad.stderr.contains("did you mean 'QP-9 symmetry'"))
    }
}
