//! The `math` module: OTP implements it in C on the platform libm, and so do we.
//!
//! Arguments may be floats or integers (bignums too); a non-number is `badarg`, an integer too large
//! for a float and any infinite or NaN result (domain errors, overflow) is `badarith`, as in OTP.
//! Rust's f64 methods call the platform libm (glibc natively, wasi-libc's musl on wasm). Where musl
//! and glibc use different algorithms on top of the functions they share (exp, expm1, log, log1p,
//! pow, sqrt), this file follows glibc's (fdlibm) code so results are bit-identical to OTP on glibc
//! on every target: log10, sinh, cosh, tanh, asinh, acosh, atanh, erf, erfc (std has no erf and
//! computes asinh/acosh/atanh with its own formulas). Still from the platform libm, and so possibly
//! a last-bit different on wasm: sin, cos, tan, asin, acos, atan, atan2 (glibc uses IBM's
//! correctly rounding libm for those, musl fdlibm).

use crate::code::native::Ctx;
use crate::natives::registry::BifEntry;
use crate::natives::results::make_float;
use crate::terms::bignum;
use crate::terms::exception::{BifResult, Exception};
use crate::terms::term::Term;

/// A math argument as f64.
fn arg(t: Term) -> Result<f64, Exception> {
    if t.is_float() {
        return Ok(t.float_value());
    }
    if !t.is_integer() {
        return Err(Exception::badarg());
    }
    bignum::to_f64(t).ok_or_else(Exception::badarith)
}

fn call1(ctx: &mut Ctx, args: &mut [Term], f: fn(f64) -> f64) -> BifResult {
    let x = arg(args[0])?;
    make_float(ctx, args, f(x))
}

fn call2(ctx: &mut Ctx, args: &mut [Term], f: fn(f64, f64) -> f64) -> BifResult {
    // OTP checks both arguments before computing; badarg wins over badarith only per argument order.
    let x = arg(args[0])?;
    let y = arg(args[1])?;
    make_float(ctx, args, f(x, y))
}

/// High 32 bits of a double, as fdlibm compares them.
fn high_word(x: f64) -> u32 {
    (x.to_bits() >> 32) as u32
}

const LN2: f64 = std::f64::consts::LN_2;

/// glibc's asinh (fdlibm s_asinh.c).
fn asinh(x: f64) -> f64 {
    let ix = high_word(x) & 0x7fff_ffff;
    if ix < 0x3e30_0000 {
        // |x| < 2^-28: asinh(x) = x to double precision.
        return x;
    }
    let w = if ix > 0x41b0_0000 {
        if ix >= 0x7ff0_0000 {
            return x + x;
        }
        x.abs().ln() + LN2
    } else {
        let xa = x.abs();
        if ix > 0x4000_0000 {
            (2.0 * xa + 1.0 / ((xa * xa + 1.0).sqrt() + xa)).ln()
        } else {
            let t = xa * xa;
            (xa + t / (1.0 + (1.0 + t).sqrt())).ln_1p()
        }
    };
    w.copysign(x)
}

/// glibc's acosh (fdlibm e_acosh.c, 64-bit word version).
fn acosh(x: f64) -> f64 {
    let hx = x.to_bits() as i64;
    if hx > 0x4000_0000_0000_0000 {
        if hx >= 0x41b0_0000_0000_0000 {
            if hx >= 0x7ff0_0000_0000_0000 {
                return x + x;
            }
            return x.ln() + LN2;
        }
        let t = x * x;
        (2.0 * x - 1.0 / (x + (t - 1.0).sqrt())).ln()
    } else if hx > 0x3ff0_0000_0000_0000 {
        let t = x - 1.0;
        (t + (2.0 * t + t * t).sqrt()).ln_1p()
    } else if hx == 0x3ff0_0000_0000_0000 {
        0.0
    } else {
        f64::NAN
    }
}

/// glibc's log10 (fdlibm e_log10.c, on the libm log; musl computes it differently).
fn log10(x: f64) -> f64 {
    const TWO54: f64 = 18014398509481984.0; // 2^54
    const IVLN10: f64 = std::f64::consts::LOG10_E;
    let log10_2hi = f64::from_bits(0x3FD3_4413_509F_6000);
    let log10_2lo = f64::from_bits(0x3D59_FEF3_11F1_2B36);
    let mut x = x;
    let mut hx = high_word(x) as i32;
    let lx = x.to_bits() as u32;
    let mut k: i32 = 0;
    if hx < 0x0010_0000 {
        if ((hx & 0x7fff_ffff) as u32 | lx) == 0 {
            return f64::NEG_INFINITY;
        }
        if hx < 0 {
            return f64::NAN;
        }
        // Subnormal: scale up.
        k -= 54;
        x *= TWO54;
        hx = high_word(x) as i32;
    }
    if hx >= 0x7ff0_0000 {
        return x + x;
    }
    k += (hx >> 20) - 1023;
    let i = ((k as u32) & 0x8000_0000) >> 31;
    let hx = ((hx as u32) & 0x000f_ffff) | ((0x3ff - i) << 20);
    let y = (k + i as i32) as f64;
    let x = f64::from_bits(((hx as u64) << 32) | (x.to_bits() & 0xffff_ffff));
    let z = y * log10_2lo + IVLN10 * x.ln();
    z + y * log10_2hi
}

/// glibc's sinh (fdlibm e_sinh.c, on the libm exp and expm1).
fn sinh(x: f64) -> f64 {
    let jx = high_word(x) as i32;
    let ix = jx & 0x7fff_ffff;
    if ix >= 0x7ff0_0000 {
        return x + x;
    }
    let h = if jx < 0 { -0.5 } else { 0.5 };
    let ax = x.abs();
    if ix < 0x4036_0000 {
        if ix < 0x3e30_0000 {
            return x;
        }
        let t = ax.exp_m1();
        if ix < 0x3ff0_0000 {
            return h * (2.0 * t - t * t / (t + 1.0));
        }
        return h * (t + t / (t + 1.0));
    }
    if ix < 0x4086_2e42 {
        return h * ax.exp();
    }
    let lx = x.to_bits() as u32;
    if ix < 0x4086_33ce || (ix == 0x4086_33ce && lx <= 0x8fb9_f87d) {
        let w = (0.5 * ax).exp();
        let t = h * w;
        return t * w;
    }
    x * 1.0e307
}

/// glibc's cosh (fdlibm e_cosh.c, on the libm exp and expm1).
fn cosh(x: f64) -> f64 {
    let ix = (high_word(x) & 0x7fff_ffff) as i32;
    let ax = x.abs();
    if ix < 0x4036_0000 {
        if ix < 0x3fd6_2e43 {
            if ix < 0x3c80_0000 {
                return 1.0;
            }
            let t = ax.exp_m1();
            let w = 1.0 + t;
            return 1.0 + (t * t) / (w + w);
        }
        let t = ax.exp();
        return 0.5 * t + 0.5 / t;
    }
    if ix < 0x4086_2e42 {
        return 0.5 * ax.exp();
    }
    let lx = x.to_bits() as u32;
    if ix < 0x4086_33ce || (ix == 0x4086_33ce && lx <= 0x8fb9_f87d) {
        let w = (0.5 * ax).exp();
        let t = 0.5 * w;
        return t * w;
    }
    if ix >= 0x7ff0_0000 {
        return x * x;
    }
    f64::INFINITY
}

/// glibc's tanh (fdlibm s_tanh.c, on the libm expm1).
fn tanh(x: f64) -> f64 {
    let jx = high_word(x) as i32;
    let ix = jx & 0x7fff_ffff;
    let lx = x.to_bits() as u32;
    if ix >= 0x7ff0_0000 {
        return if jx >= 0 {
            1.0 / x + 1.0
        } else {
            1.0 / x - 1.0
        };
    }
    let z = if ix < 0x4036_0000 {
        if (ix as u32 | lx) == 0 {
            return x;
        }
        if ix < 0x3c80_0000 {
            return x * (1.0 + x);
        }
        if ix >= 0x3ff0_0000 {
            let t = (2.0 * x.abs()).exp_m1();
            1.0 - 2.0 / (t + 2.0)
        } else {
            let t = (-2.0 * x.abs()).exp_m1();
            -t / (t + 2.0)
        }
    } else {
        1.0 - 1.0e-300
    };
    if jx >= 0 {
        z
    } else {
        -z
    }
}

/// glibc's atanh (e_atanh.c).
fn atanh(x: f64) -> f64 {
    let xa = x.abs();
    let t = if xa < 0.5 {
        if xa < f64::from_bits(0x3e30_0000_0000_0000) {
            return x;
        }
        let t = xa + xa;
        0.5 * (t + t * xa / (1.0 - xa)).ln_1p()
    } else if xa < 1.0 {
        0.5 * ((xa + xa) / (1.0 - xa)).ln_1p()
    } else if xa > 1.0 || xa.is_nan() {
        return f64::NAN;
    } else {
        return x / 0.0;
    };
    t.copysign(x)
}

// fdlibm's erf/erfc coefficients (s_erf.c), evaluated in glibc's order.
const ERX: f64 = 8.450_629_115_104_675e-1;
const EFX: f64 = 1.283_791_670_955_126e-1;
const PP: [f64; 5] = [
    1.283_791_670_955_125_6e-1,
    -3.250_421_072_470_015e-1,
    -2.848_174_957_559_851e-2,
    -5.770_270_296_489_442e-3,
    -2.376_301_665_665_016_3e-5,
];
const QQ: [f64; 6] = [
    0.0,
    3.979_172_239_591_553_5e-1,
    6.502_224_998_876_73e-2,
    5.081_306_281_875_766e-3,
    1.324_947_380_043_216_4e-4,
    -3.960_228_278_775_368e-6,
];
const PA: [f64; 7] = [
    -2.362_118_560_752_659_4e-3,
    4.148_561_186_837_483_3e-1,
    -3.722_078_760_357_013e-1,
    3.183_466_199_011_617_5e-1,
    -1.108_946_942_823_966_8e-1,
    3.547_830_432_561_823_6e-2,
    -2.166_375_594_868_791e-3,
];
const QA: [f64; 7] = [
    0.0,
    1.064_208_804_008_442_3e-1,
    5.403_979_177_021_71e-1,
    7.182_865_441_419_627e-2,
    1.261_712_198_087_616_4e-1,
    1.363_708_391_202_905e-2,
    1.198_449_984_679_910_7e-2,
];
const RA: [f64; 8] = [
    -9.864_944_034_847_148e-3,
    -6.938_585_727_071_818e-1,
    -1.055_862_622_532_329_1e1,
    -6.237_533_245_032_600_6e1,
    -1.623_966_694_625_734_7e2,
    -1.846_050_929_067_110_4e2,
    -8.128_743_550_630_66e1,
    -9.814_329_344_169_145,
];
const SA: [f64; 9] = [
    0.0,
    1.965_127_166_743_925_7e1,
    1.376_577_541_435_190_4e2,
    4.345_658_774_752_292_3e2,
    6.453_872_717_332_679e2,
    4.290_081_400_275_678_3e2,
    1.086_350_055_417_794_4e2,
    6.570_249_770_319_282,
    -6.042_441_521_485_81e-2,
];
const RB: [f64; 7] = [
    -9.864_942_924_700_1e-3,
    -7.992_832_376_805_23e-1,
    -1.775_795_491_775_475_2e1,
    -1.606_363_848_558_219_2e2,
    -6.375_664_433_683_896e2,
    -1.025_095_131_611_077_2e3,
    -4.835_191_916_086_514e2,
];
const SB: [f64; 8] = [
    0.0,
    3.033_806_074_348_246e1,
    3.257_925_129_965_739e2,
    1.536_729_586_084_437e3,
    3.199_858_219_508_595_5e3,
    2.553_050_406_433_164_4e3,
    4.745_285_412_069_553_7e2,
    -2.244_095_244_658_582e1,
];
const TINY: f64 = 1e-300;

/// erf(x) - x over x on |x| < 0.84375.
fn erf_small_ratio(x: f64) -> f64 {
    let z = x * x;
    let r1 = PP[0] + z * PP[1];
    let z2 = z * z;
    let r2 = PP[2] + z * PP[3];
    let z4 = z2 * z2;
    let s1 = 1.0 + z * QQ[1];
    let s2 = QQ[2] + z * QQ[3];
    let s3 = QQ[4] + z * QQ[5];
    let r = r1 + z2 * r2 + z4 * PP[4];
    let s = s1 + z2 * s2 + z4 * s3;
    r / s
}

/// P/Q on 0.84375 ≤ |x| < 1.25.
fn erf_mid(x: f64) -> (f64, f64) {
    let s = x.abs() - 1.0;
    let p1 = PA[0] + s * PA[1];
    let s2 = s * s;
    let q1 = 1.0 + s * QA[1];
    let s4 = s2 * s2;
    let p2 = PA[2] + s * PA[3];
    let s6 = s4 * s2;
    let q2 = QA[2] + s * QA[3];
    let p3 = PA[4] + s * PA[5];
    let q3 = QA[4] + s * QA[5];
    let p = p1 + s2 * p2 + s4 * p3 + s6 * PA[6];
    let q = q1 + s2 * q2 + s4 * q3 + s6 * QA[6];
    (p, q)
}

/// exp(-x²-0.5625+R/S) for 1.25 ≤ x (positive); `near` selects the [1.25, 1/0.35) fit.
fn erfc_tail(x: f64, near: bool) -> f64 {
    let s = 1.0 / (x * x);
    let s2 = s * s;
    let s4 = s2 * s2;
    let s6 = s4 * s2;
    let (r, q) = if near {
        let s8 = s4 * s4;
        let r = (RA[0] + s * RA[1])
            + s2 * (RA[2] + s * RA[3])
            + s4 * (RA[4] + s * RA[5])
            + s6 * (RA[6] + s * RA[7]);
        let q = (1.0 + s * SA[1])
            + s2 * (SA[2] + s * SA[3])
            + s4 * (SA[4] + s * SA[5])
            + s6 * (SA[6] + s * SA[7])
            + s8 * SA[8];
        (r, q)
    } else {
        let r =
            (RB[0] + s * RB[1]) + s2 * (RB[2] + s * RB[3]) + s4 * (RB[4] + s * RB[5]) + s6 * RB[6];
        let q = (1.0 + s * SB[1])
            + s2 * (SB[2] + s * SB[3])
            + s4 * (SB[4] + s * SB[5])
            + s6 * (SB[6] + s * SB[7]);
        (r, q)
    };
    // z = x with the low word cleared, so z*z is exact.
    let z = f64::from_bits(x.to_bits() & 0xffff_ffff_0000_0000);
    (-z * z - 0.5625).exp() * ((z - x) * (z + x) + r / q).exp()
}

/// glibc's erf.
fn erf(x: f64) -> f64 {
    let hx = high_word(x) as i32;
    let ix = hx & 0x7fff_ffff;
    if ix >= 0x7ff0_0000 {
        let i = ((hx as u32 >> 31) << 1) as i32;
        return (1 - i) as f64 + 1.0 / x;
    }
    if ix < 0x3feb_0000 {
        if ix < 0x3e30_0000 {
            if ix < 0x0080_0000 {
                return 0.0625 * (16.0 * x + (16.0 * EFX) * x);
            }
            return x + EFX * x;
        }
        return x + x * erf_small_ratio(x);
    }
    if ix < 0x3ff4_0000 {
        let (p, q) = erf_mid(x);
        return if hx >= 0 { ERX + p / q } else { -ERX - p / q };
    }
    if ix >= 0x4018_0000 {
        return if hx >= 0 { 1.0 - TINY } else { TINY - 1.0 };
    }
    let ax = x.abs();
    let r = erfc_tail(ax, ix < 0x4006_DB6E);
    if hx >= 0 {
        1.0 - r / ax
    } else {
        r / ax - 1.0
    }
}

/// glibc's erfc.
fn erfc(x: f64) -> f64 {
    let hx = high_word(x) as i32;
    let ix = hx & 0x7fff_ffff;
    if ix >= 0x7ff0_0000 {
        return ((hx as u32 >> 31) << 1) as f64 + 1.0 / x;
    }
    if ix < 0x3feb_0000 {
        if ix < 0x3c70_0000 {
            return 1.0 - x;
        }
        let y = erf_small_ratio(x);
        if hx < 0x3fd0_0000 {
            return 1.0 - (x + x * y);
        }
        let r = x * y + (x - 0.5);
        return 0.5 - r;
    }
    if ix < 0x3ff4_0000 {
        let (p, q) = erf_mid(x);
        return if hx >= 0 {
            (1.0 - ERX) - p / q
        } else {
            1.0 + (ERX + p / q)
        };
    }
    if ix < 0x403c_0000 {
        let near = ix < 0x4006_DB6D;
        if !near && hx < 0 && ix >= 0x4018_0000 {
            return 2.0 - TINY;
        }
        let ax = x.abs();
        let r = erfc_tail(ax, near);
        return if hx > 0 { r / ax } else { 2.0 - r / ax };
    }
    if hx > 0 {
        TINY * TINY
    } else {
        2.0 - TINY
    }
}

macro_rules! math1 {
    ($($name:ident => $f:expr),* $(,)?) => {
        $(fn $name(ctx: &mut Ctx, args: &mut [Term]) -> BifResult { call1(ctx, args, $f) })*
    };
}

math1! {
    sqrt => f64::sqrt,
    exp => f64::exp,
    log => f64::ln,
    log2 => f64::log2,
    log10_bif => log10,
    sin => f64::sin,
    cos => f64::cos,
    tan => f64::tan,
    asin => f64::asin,
    acos => f64::acos,
    atan => f64::atan,
    sinh_bif => sinh,
    cosh_bif => cosh,
    tanh_bif => tanh,
    asinh_bif => asinh,
    acosh_bif => acosh,
    atanh_bif => atanh,
    erf_bif => erf,
    erfc_bif => erfc,
    floor => f64::floor,
    ceil => f64::ceil,
}

fn pow(ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    call2(ctx, args, f64::powf)
}
fn atan2(ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    call2(ctx, args, f64::atan2)
}
fn fmod(ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    // Rust's % on f64 is C's fmod (exact).
    call2(ctx, args, |x, y| x % y)
}
fn pi(ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    make_float(ctx, args, std::f64::consts::PI)
}
fn tau(ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    make_float(ctx, args, std::f64::consts::TAU)
}

const fn m(function: &'static str, arity: u32, f: crate::code::native::BifFn) -> BifEntry {
    BifEntry::new("math", function, arity, f)
}

pub const BIFS: &[BifEntry] = &[
    m("sqrt", 1, sqrt),
    m("exp", 1, exp),
    m("log", 1, log),
    m("log2", 1, log2),
    m("log10", 1, log10_bif),
    m("sin", 1, sin),
    m("cos", 1, cos),
    m("tan", 1, tan),
    m("asin", 1, asin),
    m("acos", 1, acos),
    m("atan", 1, atan),
    m("sinh", 1, sinh_bif),
    m("cosh", 1, cosh_bif),
    m("tanh", 1, tanh_bif),
    m("asinh", 1, asinh_bif),
    m("acosh", 1, acosh_bif),
    m("atanh", 1, atanh_bif),
    m("erf", 1, erf_bif),
    m("erfc", 1, erfc_bif),
    m("floor", 1, floor),
    m("ceil", 1, ceil),
    m("pow", 2, pow),
    m("atan2", 2, atan2),
    m("fmod", 2, fmod),
    m("pi", 0, pi),
    m("tau", 0, tau),
];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::natives::arith::testing::show;
    use crate::terms::heap::{Alloc, Arena};

    #[test]
    fn errors_and_integers() {
        let mut ar = Arena::new();
        let a = Term::atom(crate::terms::atom::intern_str("a"));
        assert_eq!(show(sqrt, &[Term::small(-1)]), "{error,badarith}");
        assert_eq!(show(sqrt, &[Term::small(4)]), "2.0");
        assert_eq!(show(sqrt, &[a]), "{error,badarg}");
        let huge = bignum::build(&mut ar, &(dashu_int::IBig::from(1) << 2000));
        assert_eq!(show(sqrt, &[huge]), "{error,badarith}");
        assert_eq!(show(log, &[Term::small(0)]), "{error,badarith}");
        let negz = ar.float(-0.0);
        assert_eq!(show(log10_bif, &[negz]), "{error,badarith}");
        assert_eq!(show(sqrt, &[negz]), "-0.0");
        let ten = ar.float(10.0);
        assert_eq!(show(pow, &[ten, Term::small(400)]), "{error,badarith}");
        assert_eq!(show(pow, &[Term::small(2), Term::small(10)]), "1024.0");
        assert_eq!(show(pow, &[a, Term::small(1)]), "{error,badarg}");
        assert_eq!(show(exp, &[Term::small(-1000)]), "0.0");
        assert_eq!(
            show(fmod, &[Term::small(5), Term::small(0)]),
            "{error,badarith}"
        );
        let m55 = ar.float(-5.5);
        assert_eq!(show(fmod, &[m55, Term::small(2)]), "-1.5");
        assert_eq!(show(atanh_bif, &[Term::small(1)]), "{error,badarith}");
        assert_eq!(show(acosh_bif, &[Term::small(1)]), "0.0");
        assert_eq!(show(pi, &[]), "3.141592653589793");
    }

    #[test]
    fn glibc_algorithms() {
        // Values printed by OTP 25 on glibc.
        type Case = (fn(f64) -> f64, f64, f64);
        let cases: &[Case] = &[
            (erf, 0.5, 0.5204998778130465),
            (erfc, 0.5, 0.4795001221869535),
            (erfc, 30.0, 0.0),
            (erf, 0.0, 0.0),
            (erfc, -30.0, 2.0),
            (log10, std::f64::consts::PI, 0.4971498726941338),
            (log10, 5.0e-324, -323.3062153431158),
            (sinh, 710.0, 1.1169973830808557e308),
            (cosh, 710.0, 1.1169973830808557e308),
            (cosh, -1.0e-20, 1.0),
            (tanh, -0.5, -0.46211715726000974),
        ];
        for &(f, x, want) in cases {
            assert_eq!(f(x), want, "{x}");
        }
        assert_eq!(atanh(0.0), 0.0);
        assert_eq!(asinh(0.0), 0.0);
        assert!(acosh(0.5).is_nan());
        assert_eq!(erf(f64::INFINITY), 1.0);
        assert_eq!(erfc(f64::NEG_INFINITY), 2.0);
    }
}
