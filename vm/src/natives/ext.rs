//! External term format, hashing and unique integers: `term_to_binary/1,2`,
//! `term_to_iovec/1,2`, `external_size/1,2`, `binary_to_term/1,2`, `phash/2`, `phash2/1,2`, `unique_integer/0,1`.

use crate::code::native::Ctx;
use crate::natives::registry::BifEntry;
use crate::terms::atom;
use crate::terms::bignum;
use crate::terms::compare::bitstring_view;
use crate::terms::exception::{BifResult, Exception};
use crate::terms::ext_encode::{self, EncodeOptions};
use crate::terms::ext_term;
use crate::terms::hash;
use crate::terms::heap::{words, Alloc};
use crate::terms::term::Term;
use std::sync::atomic::{AtomicU64, Ordering};

/// The elements of a proper list, or None.
fn list_items(mut t: Term) -> Option<Vec<Term>> {
    let mut out = Vec::new();
    while let Some((h, tl)) = t.as_cons() {
        out.push(h);
        t = tl;
    }
    t.is_nil().then_some(out)
}

fn is_atom(t: Term, name: &str) -> bool {
    t.as_atom()
        .is_some_and(|a| atom::name(a) == name.as_bytes())
}

/// A small integer in `lo..=hi`.
fn int_in(t: Term, lo: isize, hi: isize) -> Option<isize> {
    t.as_small().filter(|v| (lo..=hi).contains(v))
}

fn parse_encode_options(opts: Term) -> Option<EncodeOptions> {
    let mut o = EncodeOptions::default();
    for item in list_items(opts)? {
        if is_atom(item, "compressed") {
            o.compression = 6;
        } else if is_atom(item, "deterministic") {
            // Our encoding is deterministic already (maps are written in key order).
        } else {
            let e = item.as_tuple().filter(|e| e.len() == 2)?;
            if is_atom(e[0], "compressed") {
                o.compression = int_in(e[1], 0, 9)? as u32;
            } else if is_atom(e[0], "minor_version") {
                o.minor_version = int_in(e[1], 0, 2)? as u8;
            } else {
                return None;
            }
        }
    }
    Some(o)
}

fn to_binary(ctx: &mut Ctx, args: &mut [Term], opts: EncodeOptions) -> BifResult {
    let pid = ctx.proc.pid;
    let bytes = ext_encode::encode(args[0], &opts, pid).map_err(|_| Exception::badarg())?;
    let mut r = ctx.reserve(words::heap_binary(bytes.len()), args);
    Ok(r.heap_binary(&bytes))
}

fn term_to_binary_1(ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    to_binary(ctx, args, EncodeOptions::default())
}

fn term_to_binary_2(ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    let opts = parse_encode_options(args[1]).ok_or_else(Exception::badarg)?;
    to_binary(ctx, args, opts)
}

/// `term_to_iovec/1,2`: the encoding as a list of one binary.
fn to_iovec(ctx: &mut Ctx, args: &mut [Term], opts: EncodeOptions) -> BifResult {
    let pid = ctx.proc.pid;
    let bytes = ext_encode::encode(args[0], &opts, pid).map_err(|_| Exception::badarg())?;
    let mut r = ctx.reserve(words::heap_binary(bytes.len()) + words::CONS, args);
    let b = r.heap_binary(&bytes);
    Ok(r.cons(b, Term::NIL))
}

fn term_to_iovec_1(ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    to_iovec(ctx, args, EncodeOptions::default())
}

fn term_to_iovec_2(ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    let opts = parse_encode_options(args[1]).ok_or_else(Exception::badarg)?;
    to_iovec(ctx, args, opts)
}

/// `external_size/1,2`: the byte size of the uncompressed encoding.
fn external_size(ctx: &mut Ctx, args: &mut [Term], opts: EncodeOptions) -> BifResult {
    let opts = EncodeOptions {
        compression: 0,
        ..opts
    };
    let pid = ctx.proc.pid;
    let bytes = ext_encode::encode(args[0], &opts, pid).map_err(|_| Exception::badarg())?;
    crate::natives::results::make_i128(ctx, args, bytes.len() as i128)
}

fn external_size_1(ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    external_size(ctx, args, EncodeOptions::default())
}

fn external_size_2(ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    let opts = parse_encode_options(args[1]).ok_or_else(Exception::badarg)?;
    external_size(ctx, args, opts)
}

/// The bytes of a binary (whole bytes only), copied: the heap may move while the term is built.
fn binary_copy(t: Term) -> Option<Vec<u8>> {
    let (bytes, off, bits) = bitstring_view(t)?;
    if bits % 8 != 0 {
        return None;
    }
    if off % 8 == 0 {
        return bytes.get(off / 8..off / 8 + bits / 8).map(|s| s.to_vec());
    }
    let mut b = crate::terms::bits::BitBuf::with_capacity_bits(bits);
    b.push_bits(bytes, off, bits);
    Some(b.bytes)
}

fn from_binary(ctx: &mut Ctx, args: &mut [Term], safe: bool, used: bool) -> BifResult {
    let input = binary_copy(args[0]).ok_or_else(Exception::badarg)?;
    let m = ext_term::measure_with(&input, safe).map_err(|_| Exception::badarg())?;
    let extra = if used { words::tuple(2) + 3 } else { 0 };
    let mut r = ctx.reserve(m.heap_words() + extra, args);
    let t = m.build(&mut r).map_err(|_| Exception::badarg())?;
    if !used {
        return Ok(t);
    }
    let n = bignum::build_i128(&mut r, m.consumed() as i128);
    Ok(r.tuple(&[t, n]))
}

fn binary_to_term_1(ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    from_binary(ctx, args, false, false)
}

fn binary_to_term_2(ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    let (mut safe, mut used) = (false, false);
    for item in list_items(args[1]).ok_or_else(Exception::badarg)? {
        if is_atom(item, "safe") {
            safe = true;
        } else if is_atom(item, "used") {
            used = true;
        } else {
            return Err(Exception::badarg());
        }
    }
    from_binary(ctx, args, safe, used)
}

// ---- hashing ----

/// A hash range argument: 1..=2^32 (2^32 is returned as 0, meaning "the whole 32 bits").
fn hash_range(t: Term) -> Option<u64> {
    let v = bignum::to_i128(t)?;
    if v == 1i128 << 32 {
        return Some(0);
    }
    (1..(1i128 << 32)).contains(&v).then_some(v as u64)
}

fn integer_result(ctx: &mut Ctx, args: &mut [Term], v: u64) -> BifResult {
    let v = v as i128;
    let mut r = ctx.reserve(bignum::words_for_i128(v), args);
    Ok(bignum::build_i128(&mut r, v))
}

fn phash_2(ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    let range = hash_range(args[1]).ok_or_else(Exception::badarg)?;
    let h = hash::make_hash(args[0]) as u64;
    let v = if range == 0 { h + 1 } else { 1 + h % range };
    integer_result(ctx, args, v)
}

fn phash2_1(_ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    let h = hash::make_hash2(args[0]) & ((1 << 27) - 1);
    Ok(Term::small(h as isize))
}

fn phash2_2(ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    let range = hash_range(args[1]).ok_or_else(Exception::badarg)?;
    let h = hash::make_hash2(args[0]) as u64;
    let v = if range == 0 { h } else { h % range };
    integer_result(ctx, args, v)
}

// ---- unique integers ----

/// One counter for every kind of unique integer: each call takes the next value, so values are
/// unique across the VM and `monotonic` ones strictly increase in call order across processes.
static UNIQUE: AtomicU64 = AtomicU64::new(0);

/// Where plain and monotonic values start (as OTP's 64-bit emulator: the most negative small
/// integer, so the first values are small on 64-bit builds).
const UNIQUE_BASE: i128 = -(1i128 << 59);

fn unique(ctx: &mut Ctx, args: &mut [Term], positive: bool) -> BifResult {
    let n = UNIQUE.fetch_add(1, Ordering::Relaxed) as i128;
    let v = if positive { n + 1 } else { UNIQUE_BASE + n };
    let mut r = ctx.reserve(bignum::words_for_i128(v), args);
    Ok(bignum::build_i128(&mut r, v))
}

fn unique_integer_0(ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    unique(ctx, args, false)
}

fn unique_integer_1(ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    let mut positive = false;
    for item in list_items(args[0]).ok_or_else(Exception::badarg)? {
        if is_atom(item, "positive") {
            positive = true;
        } else if !is_atom(item, "monotonic") {
            return Err(Exception::badarg());
        }
    }
    unique(ctx, args, positive)
}

pub const BIFS: &[BifEntry] = &[
    BifEntry::erlang("term_to_binary", 1, term_to_binary_1),
    BifEntry::erlang("term_to_binary", 2, term_to_binary_2),
    BifEntry::erlang("term_to_iovec", 1, term_to_iovec_1),
    BifEntry::erlang("term_to_iovec", 2, term_to_iovec_2),
    BifEntry::erlang("external_size", 1, external_size_1),
    BifEntry::erlang("external_size", 2, external_size_2),
    BifEntry::erlang("binary_to_term", 1, binary_to_term_1),
    BifEntry::erlang("binary_to_term", 2, binary_to_term_2),
    BifEntry::erlang("phash", 2, phash_2),
    BifEntry::erlang("phash2", 1, phash2_1),
    BifEntry::erlang("phash2", 2, phash2_2),
    BifEntry::erlang("unique_integer", 0, unique_integer_0),
    BifEntry::erlang("unique_integer", 1, unique_integer_1),
];
