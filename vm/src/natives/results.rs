//! Building a BIF's result: reserve the words (the arguments stay roots), then build. The
//! one place that decides how a new integer, float, binary or string result is stored.

use crate::code::native::Ctx;
use crate::terms::bignum;
use crate::terms::binary::{bitstring_words, build_bitstring, MAX_BYTES};
use crate::terms::bits::BitBuf;
use crate::terms::exception::{BifResult, Exception};
use crate::terms::heap::{words, Alloc};
use crate::terms::number::MAX_INT_BITS;
use crate::terms::term::Term;
use crate::terms::text::build_char_list;
use dashu_int::IBig;

/// An integer result held in an i128.
pub fn make_i128(ctx: &mut Ctx, args: &mut [Term], v: i128) -> BifResult {
    let n = bignum::words_for_i128(v);
    if n == 0 {
        return Ok(Term::small(v as isize));
    }
    let mut r = ctx.reserve(n, args);
    Ok(bignum::build_i128(&mut r, v))
}

/// An integer result held in an IBig (`system_limit` beyond OTP's largest integer).
pub fn make_int(ctx: &mut Ctx, args: &mut [Term], v: &IBig) -> BifResult {
    if let Some(s) = bignum::small_of(v) {
        return Ok(Term::small(s));
    }
    if bignum::bit_len(v) > MAX_INT_BITS {
        return Err(Exception::system_limit());
    }
    let mut r = ctx.reserve(bignum::words_for(v), args);
    Ok(bignum::build(&mut r, v))
}

/// A float result; `badarith` when it is infinite or NaN.
pub fn make_float(ctx: &mut Ctx, args: &mut [Term], f: f64) -> BifResult {
    if !f.is_finite() {
        return Err(Exception::badarith());
    }
    let mut r = ctx.reserve(words::FLOAT, args);
    Ok(r.float(f))
}

/// A string result as a character list.
pub fn make_char_list(ctx: &mut Ctx, args: &mut [Term], s: &str) -> BifResult {
    let n = s.chars().count();
    let mut r = ctx.reserve(words::list(n), args);
    Ok(build_char_list(&mut r, s))
}

/// A new binary holding `bytes` (`system_limit` past the largest binary we make).
pub fn make_binary(ctx: &mut Ctx, args: &mut [Term], bytes: &[u8]) -> BifResult {
    if bytes.len() > MAX_BYTES {
        return Err(Exception::system_limit());
    }
    let mut r = ctx.reserve(bitstring_words(bytes.len() * 8), args);
    Ok(build_bitstring(&mut r, bytes, bytes.len() * 8))
}

/// A new bitstring holding `buf`.
pub fn make_bitstring(ctx: &mut Ctx, args: &mut [Term], buf: &BitBuf) -> BifResult {
    if buf.bytes.len() > MAX_BYTES {
        return Err(Exception::system_limit());
    }
    let mut r = ctx.reserve(bitstring_words(buf.bits), args);
    Ok(build_bitstring(&mut r, &buf.bytes, buf.bits))
}
