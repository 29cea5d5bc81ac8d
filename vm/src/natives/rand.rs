//! The steps of rand's 58-bit generators (`rand:exsss_next/1`, `exsp_next/1`, `exrop_next/1`)
//! as natives: estdlib's `rand.erl` holds the algorithms; these replace the few functions that
//! run per number. Their 58-bit words are bignums on wasm32 (small integers have 28 bits there),
//! where every shift and xor in Erlang would build one; here a step is one allocation.
//! The states are OTP's: improper lists `[S1 | S0]` (Xorshift116) and `[S0 | S1]` (Xoroshiro116).

use crate::code::native::Ctx;
use crate::natives::registry::BifEntry;
use crate::terms::bignum;
use crate::terms::exception::{BifResult, Exception};
use crate::terms::heap::{words, Alloc};
use crate::terms::term::Term;

const M58: u64 = (1 << 58) - 1;

fn shl58(x: u64, n: u32) -> u64 {
    (x << n) & M58
}

fn rotl58(x: u64, n: u32) -> u64 {
    shl58(x, n) | (x >> (58 - n))
}

/// The two words of `[A | B]`, each a non-negative integer below 2^64.
fn pair(t: Term) -> Result<(u64, u64), Exception> {
    let (a, b) = t.as_cons().ok_or_else(Exception::badarg)?;
    let word = |w: Term| {
        bignum::to_i128(w)
            .and_then(|v| u64::try_from(v).ok())
            .ok_or_else(Exception::badarg)
    };
    Ok((word(a)?, word(b)?))
}

/// `{V, [A | B]}`.
fn reply(ctx: &mut Ctx, args: &mut [Term], v: u64, a: u64, b: u64) -> BifResult {
    let (v, a, b) = (v as i128, a as i128, b as i128);
    let need = words::tuple(2)
        + words::CONS
        + bignum::words_for_i128(v)
        + bignum::words_for_i128(a)
        + bignum::words_for_i128(b);
    let mut r = ctx.reserve(need, args);
    let int = |r: &mut dyn Alloc, x: i128| {
        if bignum::words_for_i128(x) == 0 {
            Term::small(x as isize)
        } else {
            bignum::build_i128(r, x)
        }
    };
    let tv = int(&mut r, v);
    let ta = int(&mut r, a);
    let tb = int(&mut r, b);
    let state = r.cons(ta, tb);
    Ok(r.tuple(&[tv, state]))
}

/// Xorshift116's state step: the new S1 from S0 and S1.
fn exs_step(s0: u64, s1: u64) -> u64 {
    let s1b = (s1 & M58) ^ shl58(s1, 24);
    s1b ^ s0 ^ (s1b >> 11) ^ (s0 >> 41)
}

/// The ** scrambler: ((S * 5) rotl 7) * 9, modulo 2^58.
fn starstar(s: u64) -> u64 {
    let a = s.wrapping_add(shl58(s, 2)) & ((1 << 60) - 1);
    let b = shl58(a, 7) | ((a >> 51) & 0x7f);
    b.wrapping_add(shl58(b, 3)) & M58
}

fn exsss_next_1(ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    let (s1, s0) = pair(args[0])?;
    let s0 = s0 & M58;
    let new = exs_step(s0, s1);
    reply(ctx, args, starstar(s0), s0, new)
}

fn exsp_next_1(ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    let (s1, s0) = pair(args[0])?;
    let s0 = s0 & M58;
    let new = exs_step(s0, s1);
    reply(ctx, args, s0.wrapping_add(new) & M58, s0, new)
}

fn exrop_next_1(ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    let (s0, s1) = pair(args[0])?;
    if s0 > M58 || s1 > M58 {
        return Err(Exception::badarg());
    }
    let s1a = s1 ^ s0;
    let n0 = rotl58(s0, 24) ^ s1a ^ shl58(s1a, 2);
    let n1 = rotl58(s1a, 35);
    reply(ctx, args, (s0 + s1) & M58, n0, n1)
}

pub const BIFS: &[BifEntry] = &[
    BifEntry::new("rand", "exsss_next", 1, exsss_next_1),
    BifEntry::new("rand", "exsp_next", 1, exsp_next_1),
    BifEntry::new("rand", "exrop_next", 1, exrop_next_1),
];

#[cfg(test)]
mod tests {
    use super::*;

    // The sequences themselves are checked against OTP by tests/libs/test_rand.erl.
    #[test]
    fn steps_follow_the_formulas() {
        let s0 = 2u64;
        let s1 = 1u64;
        let new = exs_step(s0, s1);
        assert_eq!(new, (1 ^ (1 << 24)) ^ 2 ^ ((1 ^ (1 << 24)) >> 11));
        assert_eq!(starstar(1), ((5u64 << 7) * 9) & M58);
    }
}
