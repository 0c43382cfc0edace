// Conversion of magnitudes to and from digit strings.
//
// Implementation notes
// --------------------
// Radices that are powers of two (2, 4, 8, 16, 32) pack or unpack bits directly, in linear
// time.
//
// Other radices work in "chunks": `R = radix^c`, the largest power of the radix that fits
// in a limb (c = 19 for radix 10). Both directions are divide and conquer over the powers
// `P[k] = R^(2^k)`, computed by repeated squaring:
//
// * printing splits `x < P[k+1]` into `x = q·P[k] + r` (one division, which is itself
//   subquadratic for long operands), prints `r` padded to exactly `2^k` chunks and `q`
//   above it; short pieces use repeated single-limb division;
// * parsing cuts the digits into chunk values, then combines a run of chunks as
//   `high·P[k] + low` with `2^k` chunks in `low`; short runs use Horner's rule.
//
// With Karatsuba multiplication and recursive division both directions are
// O(M(n) log n) instead of the O(n²) of the chunk-at-a-time methods.

extension Magnitude {
    /// Length in limbs below which printing divides chunk by chunk (measured crossover).
    static let radixConversionThreshold = 32
    /// Length in chunks up to which parsing uses Horner's rule (measured crossover; the
    /// quadratic method's constant is small).
    static let radixParseThreshold = 120

    /// The lowercase ASCII digits of radix 36.
    static let digitCharacters: [UInt8] = Array("0123456789abcdefghijklmnopqrstuvwxyz".utf8)

    /// `(radix^c, c)` for the largest `c` with `radix^c` representable in a limb.
    @inline(__always)
    static func chunkPower(radix: Int) -> (power: UInt, digits: Int) {
        chunkPowerTable[radix]
    }

    /// `chunkPower` for every radix in 0...36 (entries below 2 are unused).
    static let chunkPowerTable: [(power: UInt, digits: Int)] = (0...36).map { radix in
        radix < 2 ? (1, 0) : computeChunkPower(radix: radix)
    }

    static func computeChunkPower(radix: Int) -> (power: UInt, digits: Int) {
        var power: UInt = 1, digits = 0
        while true {
            let (p, o) = power.multipliedReportingOverflow(by: UInt(radix))
            if o { return (power, digits) }
            power = p
            digits += 1
        }
    }

    /// `[R, R^2, R^4, …]` up to the first power that is greater than `limit`.
    static func chunkPowers(_ chunk: UInt, exceeding limit: [UInt]) -> [[UInt]] {
        var powers: [[UInt]] = [[chunk]]
        while compare(powers[powers.count - 1], limit) <= 0 {
            powers.append(square(powers[powers.count - 1]))
        }
        return powers
    }

    /// `[R, R^2, R^4, …, R^(2^levels)]`.
    static func chunkPowers(_ chunk: UInt, levels: Int) -> [[UInt]] {
        var powers: [[UInt]] = [[chunk]]
        while powers.count <= levels {
            powers.append(square(powers[powers.count - 1]))
        }
        return powers
    }

    // MARK: Printing

    /// The ASCII digits (lowercase, most significant first) of a nonzero normalised
    /// magnitude in `radix` (2...36).
    static func digits(_ a: [UInt], radix: Int) -> [UInt8] {
        assert(!a.isEmpty && (2...36).contains(radix))
        if radix & (radix - 1) == 0 { return powerOfTwoDigits(a, bitsPerDigit: radix.trailingZeroBitCount) }
        let (chunk, chunkDigits) = chunkPower(radix: radix)
        var chunks: [UInt] = []
        chunks.reserveCapacity(a.count + a.count / 8 + 2)
        if a.count < radixConversionThreshold {
            appendChunks(a, chunk, exactCount: nil, to: &chunks)
        } else {
            let powers = chunkPowers(chunk, exceeding: a)
            appendChunks(a, level: powers.count - 2, powers, chunk, exactCount: nil, to: &chunks)
        }
        // Render: the top chunk without padding, every other one padded to `chunkDigits`.
        var text: [UInt8] = []
        text.reserveCapacity(chunks.count * chunkDigits)
        let r = UInt(radix)
        var scratch = [UInt8](repeating: 0, count: chunkDigits)
        for (index, value) in chunks.enumerated().reversed() {
            var v = value
            var i = chunkDigits
            repeat {
                i -= 1
                let (q, d) = v.quotientAndRemainder(dividingBy: r)
                scratch[i] = digitCharacters[Int(d)]
                v = q
            } while v != 0 && i > 0
            if index == chunks.count - 1 {
                text.append(contentsOf: scratch[i...])
            } else {
                text.append(contentsOf: repeatElement(UInt8(ascii: "0"), count: i))
                text.append(contentsOf: scratch[i...])
            }
        }
        return text
    }

    /// Appends the base-`chunk` digits of `x` (least significant first), padded with zero
    /// chunks to `exactCount` when given, by repeated single-limb division.
    static func appendChunks(_ x: [UInt], _ chunk: UInt, exactCount: Int?, to out: inout [UInt]) {
        var rest = x
        var produced = 0
        while !rest.isEmpty {
            let (q, r) = divide(rest, by: chunk)
            out.append(r)
            rest = q
            produced += 1
        }
        if let exactCount {
            assert(produced <= exactCount)
            while produced < exactCount {
                out.append(0)
                produced += 1
            }
        }
    }

    /// Divide-and-conquer form of `appendChunks` for `x < powers[level + 1]`.
    static func appendChunks(_ x: [UInt], level: Int, _ powers: [[UInt]], _ chunk: UInt, exactCount: Int?,
                             to out: inout [UInt]) {
        if level < 0 || x.count < radixConversionThreshold {
            appendChunks(x, chunk, exactCount: exactCount, to: &out)
            return
        }
        if compare(x, powers[level]) < 0 {
            appendChunks(x, level: level - 1, powers, chunk, exactCount: exactCount, to: &out)
            return
        }
        let (q, r) = divide(x, powers[level])
        let half = 1 << level
        appendChunks(r, level: level - 1, powers, chunk, exactCount: half, to: &out)
        appendChunks(q, level: level - 1, powers, chunk, exactCount: exactCount.map { $0 - half }, to: &out)
    }

    /// Digits for a radix `2^bitsPerDigit`.
    static func powerOfTwoDigits(_ a: [UInt], bitsPerDigit b: Int) -> [UInt8] {
        let count = (bitWidth(a) + b - 1) / b
        let mask: UInt = (1 << UInt(b)) - 1
        return [UInt8](unsafeUninitializedCapacity: count) { text, initialized in
            for i in 0..<count {
                let bit = i * b
                let limb = bit / UInt.bitWidth, offset = bit % UInt.bitWidth
                var v = a[limb] >> UInt(offset)
                if offset + b > UInt.bitWidth && limb + 1 < a.count {
                    v |= a[limb + 1] << UInt(UInt.bitWidth - offset)
                }
                text[count - 1 - i] = digitCharacters[Int(v & mask)]
            }
            initialized = count
        }
    }

    // MARK: Parsing

    /// The magnitude written by `digits` (digit values, each below `radix`, most
    /// significant first).
    static func fromDigits(_ digits: [UInt8], radix: Int) -> [UInt] {
        if digits.isEmpty { return [] }
        if radix & (radix - 1) == 0 { return fromPowerOfTwoDigits(digits, bitsPerDigit: radix.trailingZeroBitCount) }
        let (chunk, chunkDigits) = chunkPower(radix: radix)
        // Chunk values, least significant first; the top chunk may be shorter.
        let count = digits.count
        let chunkCount = (count + chunkDigits - 1) / chunkDigits
        var chunks = [UInt](repeating: 0, count: chunkCount)
        let r = UInt(radix)
        for c in 0..<chunkCount {
            let end = count - c * chunkDigits
            let start = max(0, end - chunkDigits)
            var v: UInt = 0
            for i in start..<end { v = v * r + UInt(digits[i]) }
            chunks[c] = v
        }
        var result: [UInt]
        if chunkCount <= radixParseThreshold {
            result = horner(chunks[...], chunk)
        } else {
            var levels = 0
            while (1 << (levels + 1)) < chunkCount { levels += 1 }
            let powers = chunkPowers(chunk, levels: levels)
            result = combine(chunks[...], powers, chunk)
        }
        normalize(&result)
        return result
    }

    /// `Σ chunks[i]·R^(i − start)` by Horner's rule.
    static func horner(_ chunks: ArraySlice<UInt>, _ chunk: UInt) -> [UInt] {
        var acc: [UInt] = []
        acc.reserveCapacity(chunks.count + 1)
        for value in chunks.reversed() {
            acc = multiplyAdd(acc, chunk, value)
        }
        return acc
    }

    /// `Σ chunks[i]·R^(i − start)` by divide and conquer.
    static func combine(_ chunks: ArraySlice<UInt>, _ powers: [[UInt]], _ chunk: UInt) -> [UInt] {
        let n = chunks.count
        if n <= radixParseThreshold {
            var r = horner(chunks, chunk)
            normalize(&r)
            return r
        }
        var k = 0
        while (1 << (k + 1)) < n { k += 1 }
        let mid = chunks.startIndex + (1 << k)
        let low = combine(chunks[..<mid], powers, chunk)
        let high = combine(chunks[mid...], powers, chunk)
        return add(multiply(high, powers[k]), low)
    }

    /// The magnitude for a radix `2^bitsPerDigit`.
    static func fromPowerOfTwoDigits(_ digits: [UInt8], bitsPerDigit b: Int) -> [UInt] {
        var limbs: [UInt] = []
        limbs.reserveCapacity(digits.count * b / UInt.bitWidth + 1)
        var acc: UInt = 0
        var accBits = 0
        for d in digits.reversed() {
            let value = UInt(d)
            acc |= value << UInt(accBits)
            accBits += b
            if accBits >= UInt.bitWidth {
                limbs.append(acc)
                accBits -= UInt.bitWidth
                acc = accBits == 0 ? 0 : value >> UInt(b - accBits)
            }
        }
        if accBits > 0 { limbs.append(acc) }
        normalize(&limbs)
        return limbs
    }
}
