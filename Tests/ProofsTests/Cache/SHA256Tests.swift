// SHA-256 against the FIPS 180-4 vectors and python3's hashlib.
import Foundation
import Testing
@testable import Proofs
import Symbolic

@Suite("SHA-256")
struct SHA256Tests {
    @Test("FIPS 180-4 vectors", arguments: [
        ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
        ("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
         "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"),
        ("abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu",
         "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1"),
    ])
    func vectors(message: String, digest: String) {
        #expect(SHA256.hexDigest(Array(message.utf8)) == digest)
    }

    @Test("a message fed in uneven pieces hashes as in one piece", arguments: [0, 1, 63, 64, 65, 1000, 20_000])
    func pieces(length: Int) {
        var random = RandomSource(seed: UInt64(length))
        let message = (0 ..< length).map { _ in UInt8(truncatingIfNeeded: random.next()) }
        var h = SHA256()
        var fed = 0
        var piece = 1
        while fed < length {
            let n = min(piece, length - fed)
            // Alternate contiguous arrays and a sequence without contiguous storage.
            if piece % 2 == 0 { h.update(Array(message[fed ..< fed + n])) } else { h.update(message[fed ..< fed + n].lazy.map { $0 }) }
            fed += n
            piece = piece * 3 % 97 + 1
        }
        #expect(SHA256.hex(h.finalize()) == SHA256.hexDigest(message))
    }

    @Test("agrees with python3 hashlib on random messages of every length up to 200, and longer",
          .enabled(if: Python3.canImport(["hashlib"])), arguments: [1, 2] as [UInt64])
    func hashlib(seed: UInt64) throws {
        var random = RandomSource(seed: seed)
        var messages: [[UInt8]] = []
        for length in Array(0 ... 200) + [1000, 20_000] {
            messages.append((0 ..< length).map { _ in UInt8(truncatingIfNeeded: random.next()) })
        }
        let hexes = messages.map { SHA256.hex($0) }
        let script = "import hashlib\nfor m in [" + hexes.map { "'\($0)'" }.joined(separator: ",") + "]:\n"
            + "    print(hashlib.sha256(bytes.fromhex(m)).hexdigest())\n"
        let expected = try Python3.run(script).split(separator: "\n").map(String.init)
        #expect(expected == messages.map { SHA256.hexDigest($0) })
    }
}
