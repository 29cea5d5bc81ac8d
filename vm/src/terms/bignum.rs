//! Boxed bignums (BoxKind::PosBig / NegBig) and conversion to and from `dashu_int::IBig`.
//!
//! Payload: magnitude limbs as machine words, least significant first, with no leading zero limb.
//! A value that fits a small integer is always a small integer, so a bignum never equals a small.

use crate::terms::heap::Alloc;
use crate::terms::term::{BoxKind, Term, MAX_SMALL, MIN_SMALL};
use dashu_int::{IBig, Sign, Word};

// Limbs are stored as usize words and handed to dashu as its `Word`s: they must be the same size.
const _: () = assert!(std::mem::size_of::<Word>() == std::mem::size_of::<usize>());

/// Is `t` a boxed bignum?
#[inline]
pub fn is_big(t: Term) -> bool {
    t.is_boxed() && matches!(t.box_kind(), BoxKind::PosBig | BoxKind::NegBig)
}

/// Magnitude limbs and sign (true = negative) of a boxed bignum. Caller has checked `is_big`.
#[inline]
pub fn limbs(t: Term) -> (&'static [usize], bool) {
    (t.payload(), t.box_kind() == BoxKind::NegBig)
}

/// Any integer term as an IBig; None for non-integers.
pub fn to_ibig(t: Term) -> Option<IBig> {
    if let Some(v) = t.as_small() {
        return Some(IBig::from(v as i64));
    }
    if !is_big(t) {
        return None;
    }
    let (l, neg) = limbs(t);
    let words: Vec<Word> = l.iter().map(|&w| w as Word).collect();
    Some(IBig::from_sign_words(
        if neg { Sign::Negative } else { Sign::Positive },
        &words,
    ))
}

/// The value as a small integer, if it fits.
#[inline]
pub fn small_of(v: &IBig) -> Option<isize> {
    let i = i64::try_from(v).ok()?;
    if i >= MIN_SMALL as i64 && i <= MAX_SMALL as i64 {
        Some(i as isize)
    } else {
        None
    }
}

/// Bits in the magnitude of `v` (0 for zero).
pub fn bit_len(v: &IBig) -> usize {
    let w = v.as_sign_words().1;
    match w.last() {
        None => 0,
        Some(&top) => w.len() * Word::BITS as usize - top.leading_zeros() as usize,
    }
}

/// Heap words `build` needs for `v` (0 when it is a small integer).
pub fn words_for(v: &IBig) -> usize {
    if small_of(v).is_some() {
        0
    } else {
        1 + v.as_sign_words().1.len()
    }
}

/// Make the term for `v`: a small integer when it fits, else a boxed bignum (`words_for(v)` words).
pub fn build<A: Alloc + ?Sized>(alloc: &mut A, v: &IBig) -> Term {
    if let Some(s) = small_of(v) {
        return Term::small(s);
    }
    let (sign, words) = v.as_sign_words();
    let payload: Vec<usize> = words.iter().map(|&w| w as usize).collect();
    let kind = if sign == Sign::Negative {
        BoxKind::NegBig
    } else {
        BoxKind::PosBig
    };
    alloc.boxed_raw(kind, &payload)
}

/// Words needed to represent an i128 (0 when small).
pub fn words_for_i128(v: i128) -> usize {
    if v >= MIN_SMALL as i128 && v <= MAX_SMALL as i128 {
        return 0;
    }
    let mag = v.unsigned_abs();
    let bits = 128 - mag.leading_zeros() as usize;
    1 + bits.div_ceil(usize::BITS as usize)
}

/// Make the term for an i128 (`words_for_i128(v)` words). Avoids dashu on the common overflow path.
pub fn build_i128<A: Alloc + ?Sized>(alloc: &mut A, v: i128) -> Term {
    if v >= MIN_SMALL as i128 && v <= MAX_SMALL as i128 {
        return Term::small(v as isize);
    }
    // The limbs on the stack: this is the path every overflow of a small takes.
    let mut mag = v.unsigned_abs();
    let mut payload = [0usize; (u128::BITS / usize::BITS) as usize];
    let mut n = 0;
    while mag != 0 {
        payload[n] = mag as usize;
        n += 1;
        mag >>= usize::BITS;
    }
    let payload = &payload[..n];
    let kind = if v < 0 {
        BoxKind::NegBig
    } else {
        BoxKind::PosBig
    };
    alloc.boxed_raw(kind, payload)
}

/// An integer term as i64 if it fits (smalls always do; bignums of up to 64 bits).
#[inline(always)]
pub fn to_i64(t: Term) -> Option<i64> {
    if let Some(v) = t.as_small() {
        return Some(v as i64);
    }
    if !is_big(t) {
        return None;
    }
    let (l, neg) = limbs(t);
    // One limb, or two of 32 bits: no loop on this path.
    let mag: u64 = match *l {
        [a] => a as u64,
        [a, b] if usize::BITS == 32 => a as u64 | (b as u64) << 32,
        _ => return None,
    };
    if neg {
        // -2^63 is i64::MIN, whose magnitude i64 cannot hold.
        (mag <= 1 << 63).then(|| (mag as i64).wrapping_neg())
    } else {
        i64::try_from(mag).ok()
    }
}

/// An integer term as i128 if it fits (smalls always do; bignums of up to 127 bits).
#[inline]
pub fn to_i128(t: Term) -> Option<i128> {
    if let Some(v) = t.as_small() {
        return Some(v as i128);
    }
    if !is_big(t) {
        return None;
    }
    let (l, neg) = limbs(t);
    if l.len() * usize::BITS as usize > 128 {
        return None;
    }
    let mut mag: u128 = 0;
    for &w in l.iter().rev() {
        mag = (mag << (usize::BITS - 1) << 1) | w as u128;
    }
    if mag > i128::MAX as u128 {
        return None;
    }
    Some(if neg { -(mag as i128) } else { mag as i128 })
}

/// Integer term to f64 as OTP 29 converts it (float/1, mixed arithmetic): correctly rounded, to
/// nearest with ties to even; None if not an integer or too large for a float. (OTP 25 folded
/// 64-bit digits with a rounding at each step, which is sometimes one unit off.)
pub fn to_f64(t: Term) -> Option<f64> {
    if let Some(v) = t.as_small() {
        return Some(v as f64);
    }
    if !is_big(t) {
        return None;
    }
    let (l, neg) = limbs(t);
    let word = usize::BITS as usize;
    let Some(top_limb) = l.iter().rposition(|&w| w != 0) else {
        return Some(0.0);
    };
    let bits = top_limb * word + (word - l[top_limb].leading_zeros() as usize);
    let bit = |i: usize| (l[i / word] >> (i % word)) & 1 == 1;
    // The 64 most significant bits; the lowest of them also records whether any bit below is
    // set (a sticky bit), so converting them rounds exactly as the whole magnitude would.
    let shift = bits.saturating_sub(64);
    let mut top: u64 = 0;
    for i in (shift..bits).rev() {
        top = (top << 1) | bit(i) as u64;
    }
    let (whole, part) = (shift / word, shift % word);
    let sticky =
        l[..whole].iter().any(|&w| w != 0) || (part != 0 && l[whole] << (word - part) != 0);
    if sticky {
        top |= 1;
    }
    let exp = i32::try_from(shift).ok()?;
    let d = top as f64 * 2f64.powi(exp);
    if !d.is_finite() {
        return None;
    }
    Some(if neg { -d } else { d })
}

/// The integer part of a finite float, exactly.
pub fn ibig_from_f64_trunc(f: f64) -> IBig {
    let t = f.trunc();
    if t.abs() < 9.0e18 {
        return IBig::from(t as i64);
    }
    // |t| >= 2^53 here, so it is an integer: mantissa * 2^exp with exp >= 0.
    let bits = t.to_bits();
    let exp = ((bits >> 52) & 0x7ff) as usize;
    let mant = (bits & ((1u64 << 52) - 1)) | (1u64 << 52);
    let mag = IBig::from(mant) << (exp - 1075);
    if t < 0.0 {
        -mag
    } else {
        mag
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::terms::heap::Arena;

    #[test]
    fn round_trip() {
        let mut a = Arena::new();
        let vals = [
            IBig::from(0),
            IBig::from(MAX_SMALL as i64),
            IBig::from(MAX_SMALL as i64) + 1,
            IBig::from(MIN_SMALL as i64),
            IBig::from(MIN_SMALL as i64) - 1,
            IBig::from(1) << 200,
            -(IBig::from(1) << 200) + 7,
        ];
        for v in vals.iter() {
            let t = build(&mut a, v);
            assert_eq!(to_ibig(t).as_ref(), Some(v));
            assert_eq!(t.is_small(), words_for(v) == 0);
        }
        for v in [
            0i128,
            MAX_SMALL as i128 + 1,
            i128::MAX,
            i128::MIN + 1,
            -(1i128 << 100),
        ] {
            let t = build_i128(&mut a, v);
            assert_eq!(to_i128(t), Some(v));
            assert_eq!(to_ibig(t), Some(IBig::from(v)));
        }
        // i64 exactly at its limits, and just past them.
        for v in [
            0i128,
            MAX_SMALL as i128 + 1,
            MIN_SMALL as i128 - 1,
            1 << 32,
            -(1 << 32),
            i64::MAX as i128,
            i64::MIN as i128,
            i64::MAX as i128 + 1,
            i64::MIN as i128 - 1,
            u64::MAX as i128,
            -(u64::MAX as i128),
        ] {
            let t = build_i128(&mut a, v);
            assert_eq!(to_i64(t), i64::try_from(v).ok(), "{v}");
        }
        assert_eq!(to_i64(Term::NIL), None);
        assert_eq!(
            ibig_from_f64_trunc(-1.5e30),
            IBig::from(-1_499_999_999_999_999_889_089_448_902_656i128)
        );
        assert_eq!(ibig_from_f64_trunc(2f64.powi(100)), IBig::from(1) << 100);
        assert_eq!(ibig_from_f64_trunc(2.75), IBig::from(2));
        // Correctly rounded (OTP 29; OTP 25's digit-wise conversion gave -4.0211326074997693e54).
        let t = build(
            &mut a,
            &"-4021132607499769819247919729628127215227722411378999296"
                .parse()
                .unwrap(),
        );
        assert_eq!(to_f64(t), Some(-4.02113260749977e54));
        let t = build(&mut a, &(IBig::from(1) << 1024));
        assert_eq!(to_f64(t), None);
    }
}
