import Testing
@testable import Symbolic

@Test func bigIntSmoke() throws {
    let a = BigInt("123456789012345678901234567890123456789")!
    let b = BigInt("-987654321098765432109876543210")!
    #expect((a * b).description == "-121932631137021795226185032733744855963362292333223746380111126352690")
    let (q, r) = a.quotientAndRemainder(dividingBy: b)!
    #expect(q.description == "-124999998")
    #expect(r.description == "850308642085030864208626543209")
    #expect(BigInt.gcd(a, b).description == "9")
    #expect(BigInt(2).power(200)!.description == "1606938044258990275541962092341162602522202993782792835301376")
    #expect(Rational(parsing: "0.125")! == Rational(1, 8)!)
}
