//! Arithmetic, bitwise, comparison and boolean BIFs.
//!
//! Small integers take a fast path; anything that overflows becomes a bignum through i128 or dashu,
//! and every integer result is normalised (a value that fits a small is a small), so results are the
//! same with 28-bit and 60-bit smalls. Heap is reserved only when a boxed result is built, and the
//! result is computed into a Rust value first, so no term is held across the reservation.

use crate::code::native::Ctx;
use crate::natives::registry::BifEntry;
use crate::natives::results::make_float;
use crate::natives::results::make_i128;
use crate::natives::results::make_int;
use crate::terms::atom;
use crate::terms::bignum;
use crate::terms::compare::{cmp_terms, eq_arith, eq_exact};
use crate::terms::exception::{BifResult, Exception};
use crate::terms::number::number_to_f64;
use crate::terms::number::MAX_INT_BITS;
use crate::terms::term::{Term, MAX_SMALL, MIN_SMALL};
use dashu_int::IBig;
use std::cmp::Ordering;

// ---------------------------------------------------------------------------------------------
// Result builders (public: other BIF files and the interpreter's arithmetic instructions use them)

fn ibig(t: Term) -> Result<IBig, Exception> {
    bignum::to_ibig(t).ok_or_else(Exception::badarith)
}

/// Both integer operands as i64 when they fit: smalls, and bignums of up to 64 bits, which a
/// wasm32 build (28-bit smalls) meets all the time. i64 arithmetic is native on every target,
/// where i128 multiplication and division are library calls on wasm32.
#[inline(always)]
fn both_i64(args: &[Term]) -> Option<(i64, i64)> {
    Some((bignum::to_i64(args[0])?, bignum::to_i64(args[1])?))
}

/// An i64 result: a small when it fits, else a boxed bignum built without dashu.
#[inline]
fn make_i64(ctx: &mut Ctx, args: &mut [Term], v: i64) -> BifResult {
    if v >= MIN_SMALL as i64 && v <= MAX_SMALL as i64 {
        return Ok(Term::small(v as isize));
    }
    make_i128(ctx, args, v as i128)
}

/// Both integer operands as i128 when they fit (smalls, and bignums of up to 127 bits: a
/// 28-bit-small wasm32 build meets those all the time). The caller computes with checked
/// operations and builds the result with `make_i128`: no call into dashu, no allocation
/// besides the result's heap words.
#[inline]
fn both_i128(args: &[Term]) -> Option<(i128, i128)> {
    Some((bignum::to_i128(args[0])?, bignum::to_i128(args[1])?))
}

#[derive(Copy, Clone)]
enum Op {
    Add,
    Sub,
    Mul,
}

/// + - * beyond two smalls: floats if either side is a float, else exact integers.
fn arith_slow(ctx: &mut Ctx, args: &mut [Term], op: Op) -> BifResult {
    let (a, b) = (args[0], args[1]);
    if !a.is_number() || !b.is_number() {
        return Err(Exception::badarith());
    }
    if a.is_float() || b.is_float() {
        let x = number_to_f64(a).ok_or_else(Exception::badarith)?;
        let y = number_to_f64(b).ok_or_else(Exception::badarith)?;
        let f = match op {
            Op::Add => x + y,
            Op::Sub => x - y,
            Op::Mul => x * y,
        };
        return make_float(ctx, args, f);
    }
    if let Some((x, y)) = both_i128(args) {
        let v = match op {
            Op::Add => x.checked_add(y),
            Op::Sub => x.checked_sub(y),
            Op::Mul => x.checked_mul(y),
        };
        if let Some(v) = v {
            return make_i128(ctx, args, v);
        }
    }
    let (x, y) = (ibig(a)?, ibig(b)?);
    if let Op::Mul = op {
        let bits = bignum::bit_len(&x) + bignum::bit_len(&y);
        if bits > MAX_INT_BITS + 1 {
            return Err(Exception::system_limit());
        }
    }
    let v = match op {
        Op::Add => x + y,
        Op::Sub => x - y,
        Op::Mul => x * y,
    };
    make_int(ctx, args, &v)
}

fn add(ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    if let Some((x, y)) = both_i64(args) {
        if let Some(v) = x.checked_add(y) {
            return make_i64(ctx, args, v);
        }
    }
    arith_slow(ctx, args, Op::Add)
}

fn sub(ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    if let Some((x, y)) = both_i64(args) {
        if let Some(v) = x.checked_sub(y) {
            return make_i64(ctx, args, v);
        }
    }
    arith_slow(ctx, args, Op::Sub)
}

fn mul(ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    if let Some((x, y)) = both_i64(args) {
        // Factors of up to 32 bits cannot overflow: a plain multiplication, where wasm32 checks
        // an i64 product for overflow with a 128-bit library call.
        if i32::try_from(x).is_ok() && i32::try_from(y).is_ok() {
            return make_i64(ctx, args, x * y);
        }
        if let Some(v) = x.checked_mul(y) {
            return make_i64(ctx, args, v);
        }
    }
    arith_slow(ctx, args, Op::Mul)
}

fn fdiv(ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    let x = number_to_f64(args[0]).ok_or_else(Exception::badarith)?;
    let y = number_to_f64(args[1]).ok_or_else(Exception::badarith)?;
    if y == 0.0 {
        return Err(Exception::badarith());
    }
    make_float(ctx, args, x / y)
}

/// Integer operands of div/rem/band/…; `badarith` otherwise.
fn int_args(args: &[Term]) -> Result<(), Exception> {
    if args.iter().all(|t| t.is_integer()) {
        Ok(())
    } else {
        Err(Exception::badarith())
    }
}

fn idiv(ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    int_args(args)?;
    if let Some((x, y)) = both_i64(args) {
        if y == 0 {
            return Err(Exception::badarith());
        }
        // Rust's `/` and `%` truncate toward zero, like Erlang's div and rem; None only for
        // i64::MIN / -1, left to i128.
        if let Some(v) = x.checked_div(y) {
            return make_i64(ctx, args, v);
        }
    }
    if let Some((x, y)) = both_i128(args) {
        if y == 0 {
            return Err(Exception::badarith());
        }
        // None only for i128::MIN / -1, left to dashu.
        if let Some(v) = x.checked_div(y) {
            return make_i128(ctx, args, v);
        }
    }
    let (x, y) = (ibig(args[0])?, ibig(args[1])?);
    if y == IBig::ZERO {
        return Err(Exception::badarith());
    }
    make_int(ctx, args, &(x / y))
}

fn irem(ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    int_args(args)?;
    if let Some((x, y)) = both_i64(args) {
        if y == 0 {
            return Err(Exception::badarith());
        }
        // Rust's `/` and `%` truncate toward zero, like Erlang's div and rem; None only for
        // i64::MIN / -1, left to i128.
        if let Some(v) = x.checked_rem(y) {
            return make_i64(ctx, args, v);
        }
    }
    if let Some((x, y)) = both_i128(args) {
        if y == 0 {
            return Err(Exception::badarith());
        }
        // None only for i128::MIN / -1, left to dashu.
        if let Some(v) = x.checked_rem(y) {
            return make_i128(ctx, args, v);
        }
    }
    let (x, y) = (ibig(args[0])?, ibig(args[1])?);
    if y == IBig::ZERO {
        return Err(Exception::badarith());
    }
    make_int(ctx, args, &(x % y))
}

fn band(ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    int_args(args)?;
    if let (Some(x), Some(y)) = (args[0].as_small(), args[1].as_small()) {
        return Ok(Term::small(x & y));
    }
    // Two's complement on i64/i128 is Erlang's infinite two's complement for values that fit.
    if let Some((x, y)) = both_i64(args) {
        return make_i64(ctx, args, x & y);
    }
    if let Some((x, y)) = both_i128(args) {
        return make_i128(ctx, args, x & y);
    }
    let v = ibig(args[0])? & ibig(args[1])?;
    make_int(ctx, args, &v)
}

fn bor(ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    int_args(args)?;
    if let (Some(x), Some(y)) = (args[0].as_small(), args[1].as_small()) {
        return Ok(Term::small(x | y));
    }
    // Two's complement on i64/i128 is Erlang's infinite two's complement for values that fit.
    if let Some((x, y)) = both_i64(args) {
        return make_i64(ctx, args, x | y);
    }
    if let Some((x, y)) = both_i128(args) {
        return make_i128(ctx, args, x | y);
    }
    let v = ibig(args[0])? | ibig(args[1])?;
    make_int(ctx, args, &v)
}

fn bxor(ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    int_args(args)?;
    if let (Some(x), Some(y)) = (args[0].as_small(), args[1].as_small()) {
        return Ok(Term::small(x ^ y));
    }
    // Two's complement on i64/i128 is Erlang's infinite two's complement for values that fit.
    if let Some((x, y)) = both_i64(args) {
        return make_i64(ctx, args, x ^ y);
    }
    if let Some((x, y)) = both_i128(args) {
        return make_i128(ctx, args, x ^ y);
    }
    let v = ibig(args[0])? ^ ibig(args[1])?;
    make_int(ctx, args, &v)
}

fn bnot(ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    int_args(args)?;
    if let Some(x) = args[0].as_small() {
        return Ok(Term::small(!x));
    }
    if let Some(x) = bignum::to_i128(args[0]) {
        return make_i128(ctx, args, !x);
    }
    let v = -ibig(args[0])? - 1;
    make_int(ctx, args, &v)
}

/// `v bsl shift` (a negative shift shifts right).
fn shift(ctx: &mut Ctx, args: &mut [Term], left: bool) -> BifResult {
    int_args(args)?;
    let v = args[0];
    // A shift count beyond any sensible size: the result is 0/-1 (right) or too large (left).
    let count: i64 = match args[1].as_small() {
        Some(c) => c as i64,
        None => {
            let neg = bignum::limbs(args[1]).1;
            if neg {
                i64::MIN / 2
            } else {
                i64::MAX / 2
            }
        }
    };
    let count = if left { count } else { -count };
    if let Some(x) = bignum::to_i128(v) {
        if x == 0 {
            return Ok(Term::small(0));
        }
        if count <= 0 {
            let s = (-count).min(127) as u32;
            return make_i128(ctx, args, x >> s);
        }
        if count < 127 {
            let r = x << count;
            if r >> count == x {
                return make_i128(ctx, args, r);
            }
        }
    }
    let x = ibig(v)?;
    if count >= 0 {
        let bits = bignum::bit_len(&x) as u64 + count as u64;
        if bits > MAX_INT_BITS as u64 {
            return Err(Exception::system_limit());
        }
        make_int(ctx, args, &(x << count as usize))
    } else {
        let s = count.unsigned_abs();
        let r = if s > bignum::bit_len(&x) as u64 {
            if x < IBig::ZERO {
                IBig::from(-1)
            } else {
                IBig::ZERO
            }
        } else {
            // dashu's >> on IBig rounds toward negative infinity, as Erlang's bsr does.
            x >> s as usize
        };
        make_int(ctx, args, &r)
    }
}

fn bsl(ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    shift(ctx, args, true)
}

fn bsr(ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    shift(ctx, args, false)
}

fn neg(ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    let a = args[0];
    if let Some(x) = a.as_small() {
        return make_i128(ctx, args, -(x as i128));
    }
    if a.is_float() {
        // A true negation: -(0.0) is -0.0 (unlike the fnegate instruction, see interp.rs).
        return make_float(ctx, args, -a.float_value());
    }
    if let Some(x) = bignum::to_i128(a) {
        return make_i128(ctx, args, -x);
    }
    let v = -ibig(a)?;
    make_int(ctx, args, &v)
}

fn plus1(_ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    if args[0].is_number() {
        Ok(args[0])
    } else {
        Err(Exception::badarith())
    }
}

fn abs(ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    let a = args[0];
    if let Some(x) = a.as_small() {
        return make_i128(ctx, args, (x as i128).abs());
    }
    if a.is_float() {
        let f = a.float_value();
        // -0.0 too: abs(-0.0) is 0.0.
        return if f.is_sign_negative() {
            make_float(ctx, args, -f)
        } else {
            Ok(a)
        };
    }
    if bignum::is_big(a) {
        if !bignum::limbs(a).1 {
            return Ok(a);
        }
        let v = -ibig(a)?;
        return make_int(ctx, args, &v);
    }
    Err(Exception::badarg())
}

fn float(ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    let a = args[0];
    if a.is_float() {
        return Ok(a);
    }
    if !a.is_integer() {
        return Err(Exception::badarg());
    }
    let f = bignum::to_f64(a).ok_or_else(Exception::badarg)?;
    make_float(ctx, args, f)
}

/// trunc/round/floor/ceil: an integer is returned unchanged; a float is converted with `f`.
fn to_int_with(ctx: &mut Ctx, args: &mut [Term], f: fn(f64) -> f64) -> BifResult {
    let a = args[0];
    if a.is_integer() {
        return Ok(a);
    }
    if !a.is_float() {
        return Err(Exception::badarg());
    }
    let v = f(a.float_value());
    if v.abs() < 1.0e18 {
        return make_i128(ctx, args, v as i128);
    }
    make_int(ctx, args, &bignum::ibig_from_f64_trunc(v))
}

fn trunc(ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    to_int_with(ctx, args, f64::trunc)
}
fn round(ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    // f64::round rounds half away from zero, as erlang:round does.
    to_int_with(ctx, args, f64::round)
}
fn floor(ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    to_int_with(ctx, args, f64::floor)
}
fn ceil(ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    to_int_with(ctx, args, f64::ceil)
}

/// min/max: the first argument wins when they compare equal.
fn min(_ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    Ok(if cmp_terms(args[1], args[0]) == Ordering::Less {
        args[1]
    } else {
        args[0]
    })
}
fn max(_ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    Ok(if cmp_terms(args[1], args[0]) == Ordering::Greater {
        args[1]
    } else {
        args[0]
    })
}

// ---- comparisons ----

fn eq(_ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    Ok(Term::boolean(eq_arith(args[0], args[1])))
}
fn ne(_ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    Ok(Term::boolean(!eq_arith(args[0], args[1])))
}
fn exact_eq(_ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    Ok(Term::boolean(eq_exact(args[0], args[1])))
}
fn exact_ne(_ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    Ok(Term::boolean(!eq_exact(args[0], args[1])))
}
fn lt(_ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    Ok(Term::boolean(cmp_terms(args[0], args[1]) == Ordering::Less))
}
fn gt(_ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    Ok(Term::boolean(
        cmp_terms(args[0], args[1]) == Ordering::Greater,
    ))
}
fn le(_ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    Ok(Term::boolean(
        cmp_terms(args[0], args[1]) != Ordering::Greater,
    ))
}
fn ge(_ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    Ok(Term::boolean(cmp_terms(args[0], args[1]) != Ordering::Less))
}

// ---- booleans ----

fn boolean(t: Term) -> Result<bool, Exception> {
    match t.as_atom() {
        Some(atom::TRUE) => Ok(true),
        Some(atom::FALSE) => Ok(false),
        _ => Err(Exception::badarg()),
    }
}

fn and(_ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    let (a, b) = (boolean(args[0])?, boolean(args[1])?);
    Ok(Term::boolean(a && b))
}
fn or(_ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    let (a, b) = (boolean(args[0])?, boolean(args[1])?);
    Ok(Term::boolean(a || b))
}
fn xor(_ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    let (a, b) = (boolean(args[0])?, boolean(args[1])?);
    Ok(Term::boolean(a ^ b))
}
fn not(_ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    Ok(Term::boolean(!boolean(args[0])?))
}

pub const BIFS: &[BifEntry] = &[
    BifEntry::erlang("+", 2, add),
    BifEntry::erlang("-", 2, sub),
    BifEntry::erlang("*", 2, mul),
    BifEntry::erlang("/", 2, fdiv),
    BifEntry::erlang("div", 2, idiv),
    BifEntry::erlang("rem", 2, irem),
    BifEntry::erlang("band", 2, band),
    BifEntry::erlang("bor", 2, bor),
    BifEntry::erlang("bxor", 2, bxor),
    BifEntry::erlang("bsl", 2, bsl),
    BifEntry::erlang("bsr", 2, bsr),
    BifEntry::erlang("bnot", 1, bnot),
    BifEntry::erlang("-", 1, neg),
    BifEntry::erlang("+", 1, plus1),
    BifEntry::erlang("abs", 1, abs),
    BifEntry::erlang("float", 1, float),
    BifEntry::erlang("trunc", 1, trunc),
    BifEntry::erlang("round", 1, round),
    BifEntry::erlang("floor", 1, floor),
    BifEntry::erlang("ceil", 1, ceil),
    BifEntry::erlang("min", 2, min),
    BifEntry::erlang("max", 2, max),
    BifEntry::erlang("==", 2, eq),
    BifEntry::erlang("/=", 2, ne),
    BifEntry::erlang("=:=", 2, exact_eq),
    BifEntry::erlang("=/=", 2, exact_ne),
    BifEntry::erlang("<", 2, lt),
    BifEntry::erlang(">", 2, gt),
    BifEntry::erlang("=<", 2, le),
    BifEntry::erlang(">=", 2, ge),
    BifEntry::erlang("and", 2, and),
    BifEntry::erlang("or", 2, or),
    BifEntry::erlang("xor", 2, xor),
    BifEntry::erlang("not", 1, not),
];

/// Test support shared by the BIF files: a process whose heap collects at every reservation, so
/// tests also check that BIFs re-read their arguments after reserving.
#[cfg(test)]
pub(crate) mod testing {
    use crate::code::native::{BifFn, Ctx};
    use crate::processes::process::Process;
    use crate::terms::exception::BifResult;
    use crate::terms::term::Term;

    /// Call in a throwaway process: only for immediate results (anything boxed dies with it).
    pub fn call(f: BifFn, args: &[Term]) -> BifResult {
        let mut p = Process::new(1, 0);
        p.heap.stress = true;
        call_in(&mut p, f, args)
    }

    /// Call in a given process; the result is valid until that process next collects.
    pub fn call_in(p: &mut Process, f: BifFn, args: &[Term]) -> BifResult {
        let mut x = vec![Term::NIL; 4];
        let mut ctx = Ctx {
            proc: p,
            x: &mut x,
            live: 0,
            may_collect: true,
        };
        let mut a = args.to_vec();
        f(&mut ctx, &mut a)
    }

    /// Call and render the result (or `{error, Reason}`) with print_term.
    pub fn show(f: BifFn, args: &[Term]) -> String {
        let mut p = Process::new(1, 0);
        p.heap.stress = true;
        match call_in(&mut p, f, args) {
            Ok(t) => crate::terms::print::print_term(t),
            Err(e) => format!("{{error,{}}}", crate::terms::print::print_term(e.reason)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::testing::show;
    use super::*;
    use crate::terms::heap::Alloc;
    use crate::terms::heap::Arena;

    fn int(ar: &mut Arena, s: &str) -> Term {
        bignum::build(ar, &s.parse::<IBig>().unwrap())
    }
    fn at(s: &str) -> Term {
        Term::atom(atom::intern_str(s))
    }

    #[test]
    fn integer_ops() {
        let mut ar = Arena::new();
        let max = Term::small(crate::terms::term::MAX_SMALL);
        let p = show(add, &[max, Term::small(1)]);
        assert_eq!(p, (crate::terms::term::MAX_SMALL as i128 + 1).to_string());
        let big = int(&mut ar, "340282366920938463463374607431768211456"); // 2^128
        assert_eq!(
            show(mul, &[big, big]),
            "115792089237316195423570985008687907853269984665640564039457584007913129639936"
        );
        assert_eq!(show(sub, &[big, big]), "0");
        let b60 = int(&mut ar, "1152921504606846976"); // 2^60
        let r = show(sub, &[b60, Term::small(1)]);
        assert_eq!(r, "1152921504606846975");
        // Normalisation: a bignum result that fits a small is a small.
        let t = super::testing::call(sub, &[b60, b60]).unwrap();
        assert_eq!(t, Term::small(0));
        assert_eq!(show(idiv, &[Term::small(-5), Term::small(2)]), "-2");
        assert_eq!(show(irem, &[Term::small(-5), Term::small(2)]), "-1");
        assert_eq!(show(irem, &[Term::small(5), Term::small(-2)]), "1");
        let nb = int(&mut ar, "-340282366920938463463374607431768211457");
        assert_eq!(
            show(idiv, &[nb, Term::small(10)]),
            "-34028236692093846346337460743176821145"
        );
        assert_eq!(show(irem, &[nb, Term::small(10)]), "-7");
        assert_eq!(
            show(idiv, &[Term::small(5), Term::small(0)]),
            "{error,badarith}"
        );
        assert_eq!(show(irem, &[big, Term::small(0)]), "{error,badarith}");
        let m = Term::small(crate::terms::term::MIN_SMALL);
        assert_eq!(
            show(idiv, &[m, Term::small(-1)]),
            (-(crate::terms::term::MIN_SMALL as i128)).to_string()
        );
        assert_eq!(
            show(neg, &[m]),
            (-(crate::terms::term::MIN_SMALL as i128)).to_string()
        );
        assert_eq!(show(abs, &[nb]), "340282366920938463463374607431768211457");
        assert_eq!(show(abs, &[at("a")]), "{error,badarg}");
        assert_eq!(show(neg, &[at("a")]), "{error,badarith}");
        assert_eq!(show(add, &[at("a"), Term::small(1)]), "{error,badarith}");
    }

    #[test]
    fn bit_ops() {
        let mut ar = Arena::new();
        let one = Term::small(1);
        assert_eq!(
            show(bsl, &[one, Term::small(100)]),
            "1267650600228229401496703205376"
        );
        let huge = int(&mut ar, "18446744073709551616");
        assert_eq!(show(bsl, &[one, huge]), "{error,system_limit}");
        assert_eq!(show(bsl, &[Term::small(0), huge]), "0");
        assert_eq!(show(bsr, &[Term::small(-1), huge]), "-1");
        assert_eq!(show(bsr, &[Term::small(5), huge]), "0");
        assert_eq!(show(bsl, &[Term::small(5), Term::small(-1)]), "2");
        assert_eq!(show(bsr, &[Term::small(-5), Term::small(1)]), "-3");
        assert_eq!(
            show(bsl, &[Term::small(-1), Term::small(40)]),
            "-1099511627776"
        );
        let p100 = int(&mut ar, "1267650600228229401496703205376");
        let n100 = int(&mut ar, "-1267650600228229401496703205376");
        assert_eq!(
            show(bxor, &[n100, Term::small(7)]),
            "-1267650600228229401496703205369"
        );
        assert_eq!(show(bor, &[p100, Term::small(-1)]), "-1");
        assert_eq!(show(bnot, &[p100]), "-1267650600228229401496703205377");
        assert_eq!(
            show(band, &[n100, Term::small(-1)]),
            "-1267650600228229401496703205376"
        );
        assert_eq!(show(bsr, &[n100, Term::small(99)]), "-2");
        let n100m1 = int(&mut ar, "-1267650600228229401496703205377");
        assert_eq!(show(bsr, &[n100m1, Term::small(99)]), "-3");
        assert_eq!(show(bsr, &[p100, Term::small(100)]), "1");
        let mut p = crate::processes::process::Process::new(1, 0);
        // OTP 29's limit: 4,194,240 bits.
        let t = super::testing::call_in(&mut p, bsl, &[one, Term::small(4_194_239)]).unwrap();
        assert_eq!(
            bignum::to_ibig(t).map(|v| bignum::bit_len(&v)),
            Some(4_194_240)
        );
        assert_eq!(
            show(bsl, &[one, Term::small(4_194_240)]),
            "{error,system_limit}"
        );
        let f = ar.float(1.0);
        assert_eq!(show(band, &[Term::small(5), f]), "{error,badarith}");
        assert_eq!(show(bnot, &[at("a")]), "{error,badarith}");
    }

    #[test]
    fn floats() {
        let mut ar = Arena::new();
        let f = ar.float(1.5);
        assert_eq!(show(add, &[f, Term::small(1)]), "2.5");
        assert_eq!(
            show(fdiv, &[Term::small(1), Term::small(3)]),
            "0.3333333333333333"
        );
        assert_eq!(show(fdiv, &[Term::small(4), Term::small(2)]), "2.0");
        assert_eq!(
            show(fdiv, &[Term::small(1), Term::small(0)]),
            "{error,badarith}"
        );
        let z = ar.float(0.0);
        assert_eq!(show(fdiv, &[z, z]), "{error,badarith}");
        let big = ar.float(1.0e308);
        assert_eq!(show(mul, &[big, Term::small(10)]), "{error,badarith}");
        let b1024 = int(&mut ar, &(IBig::from(1) << 1024).to_string());
        assert_eq!(show(float, &[b1024]), "{error,badarg}");
        assert_eq!(show(mul, &[b1024, f]), "{error,badarith}");
        assert_eq!(show(fdiv, &[b1024, Term::small(2)]), "{error,badarith}");
        let e20 = ar.float(1.0e20);
        assert_eq!(show(trunc, &[e20]), "100000000000000000000");
        let m25 = ar.float(-2.5);
        assert_eq!(show(round, &[m25]), "-3");
        let p25 = ar.float(2.5);
        assert_eq!(show(round, &[p25]), "3");
        let m15 = ar.float(-1.5);
        assert_eq!(show(floor, &[m15]), "-2");
        assert_eq!(show(ceil, &[m15]), "-1");
        assert_eq!(show(trunc, &[at("a")]), "{error,badarg}");
        assert_eq!(show(float, &[Term::small(3)]), "3.0");
        assert_eq!(show(float, &[at("a")]), "{error,badarg}");
        assert_eq!(show(neg, &[f]), "-1.5");
        assert_eq!(show(abs, &[m15]), "1.5");
        let big_f = ar.float(1.0e30);
        assert_eq!(show(trunc, &[big_f]), "1000000000000000019884624838656");
    }

    #[test]
    fn comparisons_and_booleans() {
        let mut ar = Arena::new();
        let one_f = ar.float(1.0);
        let one = Term::small(1);
        assert_eq!(show(max, &[one, one_f]), "1");
        assert_eq!(show(max, &[one_f, one]), "1.0");
        assert_eq!(show(min, &[one, one_f]), "1");
        assert_eq!(show(min, &[one_f, one]), "1.0");
        assert_eq!(show(min, &[at("a"), one]), "1");
        assert_eq!(show(eq, &[one, one_f]), "true");
        assert_eq!(show(exact_eq, &[one, one_f]), "false");
        assert_eq!(show(exact_ne, &[one, one_f]), "true");
        assert_eq!(show(ne, &[one, one_f]), "false");
        assert_eq!(show(lt, &[one, at("a")]), "true");
        assert_eq!(show(ge, &[one, one_f]), "true");
        assert_eq!(show(le, &[one, one_f]), "true");
        assert_eq!(show(gt, &[one, one_f]), "false");
        assert_eq!(show(and, &[at("true"), at("false")]), "false");
        assert_eq!(show(or, &[at("true"), at("false")]), "true");
        assert_eq!(show(xor, &[at("true"), at("true")]), "false");
        assert_eq!(show(not, &[at("false")]), "true");
        assert_eq!(show(and, &[one, Term::small(2)]), "{error,badarg}");
        assert_eq!(show(not, &[Term::small(3)]), "{error,badarg}");
        assert_eq!(show(plus1, &[at("a")]), "{error,badarith}");
    }
}
