// The C math library, imported once for the whole module.
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Thin wrappers over the platform's libm, so the rest of the module need not import it.
enum LibM {
    @inlinable static func exp(_ x: Double) -> Double { Glibc_exp(x) }
    @inlinable static func log(_ x: Double) -> Double { Glibc_log(x) }
    @inlinable static func log1p(_ x: Double) -> Double { Glibc_log1p(x) }
    @inlinable static func pow(_ x: Double, _ y: Double) -> Double { Glibc_pow(x, y) }
    @inlinable static func atan(_ x: Double) -> Double { Glibc_atan(x) }
    @inlinable static func asin(_ x: Double) -> Double { Glibc_asin(x) }
    @inlinable static func tanh(_ x: Double) -> Double { Glibc_tanh(x) }
    @inlinable static func sinh(_ x: Double) -> Double { Glibc_sinh(x) }
    @inlinable static func erf(_ x: Double) -> Double { Glibc_erf(x) }
    @inlinable static func sin(_ x: Double) -> Double { Glibc_sin(x) }
    @inlinable static func cos(_ x: Double) -> Double { Glibc_cos(x) }
}

@usableFromInline func Glibc_exp(_ x: Double) -> Double { exp(x) }
@usableFromInline func Glibc_log(_ x: Double) -> Double { log(x) }
@usableFromInline func Glibc_log1p(_ x: Double) -> Double { log1p(x) }
@usableFromInline func Glibc_pow(_ x: Double, _ y: Double) -> Double { pow(x, y) }
@usableFromInline func Glibc_atan(_ x: Double) -> Double { atan(x) }
@usableFromInline func Glibc_asin(_ x: Double) -> Double { asin(x) }
@usableFromInline func Glibc_tanh(_ x: Double) -> Double { tanh(x) }
@usableFromInline func Glibc_sinh(_ x: Double) -> Double { sinh(x) }
@usableFromInline func Glibc_erf(_ x: Double) -> Double { erf(x) }
@usableFromInline func Glibc_sin(_ x: Double) -> Double { sin(x) }
@usableFromInline func Glibc_cos(_ x: Double) -> Double { cos(x) }
