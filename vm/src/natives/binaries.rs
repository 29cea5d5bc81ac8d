//! `erlang:*` BIFs on binaries and bitstrings: sizes, parts, conversions to and from lists and
//! integers, and iolists. Also the helpers the `binary` and `unicode` modules share.
//!
//! Results are built through `make_binary`/`build_bitstring`, the one place that decides how a
//! new binary is stored (heap binaries today; off-heap refc binaries later switch in here).
//! Parts of an argument (`binary_part`, `split_binary`, `binary:part`) are sub-binaries over the
//! argument's base binary, never copies and never the base itself (it may be an append buffer).
//!
//! iolists are walked with an explicit stack: long or deeply nested lists cost heap, not Rust stack.

use crate::code::native::Ctx;
use crate::natives::atoms::{integer_to_string, parse_integer};
use crate::natives::registry::BifEntry;
use crate::natives::results::make_binary;
use crate::natives::results::make_bitstring;
use crate::terms::binary::bit_size_of;
use crate::terms::binary::bitstring_words;
use crate::terms::binary::build_bitstring;
use crate::terms::binary::bytes_of;
use crate::terms::binary::view_bytes;
use crate::terms::binary::MAX_BYTES;
use crate::terms::binary::SUB_WORDS;
use crate::terms::bits::{self, BitBuf};
use crate::terms::compare::{bitstring_view, BitsView};
use crate::terms::exception::{BifResult, Exception};
use crate::terms::heap::{words, Alloc};
use crate::terms::term::{BoxKind, Term};

// ---------------------------------------------------------------------------------------------
// Reading

/// A small integer argument as usize (negative or boxed: None).
pub fn arg_usize(t: Term) -> Option<usize> {
    t.as_small().and_then(|v| usize::try_from(v).ok())
}

/// `{Start, Len}` with OTP's rules: a negative length counts back from Start. Returns the byte
/// range (start, len) when it lies inside `size` bytes.
pub fn part_range(start: Term, len: Term, size: usize) -> Option<(usize, usize)> {
    let s = start.as_small()?;
    let l = len.as_small()?;
    let (from, n) = if l < 0 {
        (s.checked_add(l)?, -l)
    } else {
        (s, l)
    };
    let from = usize::try_from(from).ok()?;
    let n = usize::try_from(n).ok()?;
    (from.checked_add(n)? <= size).then_some((from, n))
}

// ---------------------------------------------------------------------------------------------
// Building

/// A bitstring term with its sub-binaries unwrapped: the base binary and the term's bit offset in
/// the base's bits. None if `t` is not a bitstring.
fn flatten(t: Term) -> Option<(Term, usize)> {
    bitstring_view(t)?; // validates the whole chain
    let mut off = 0usize;
    let mut cur = t;
    while cur.is_box_of(BoxKind::SubBin) {
        let p = cur.payload();
        off = off.checked_add(p[1])?;
        cur = Term::from_raw(p[2]);
    }
    Some((cur, off))
}

/// Parts up to this many bytes are copied, larger ones share the original (OTP's rule, which
/// `binary:referenced_byte_size` makes visible).
pub const COPY_PART_BYTES: usize = 64;

/// Words `build_part` may need.
pub const PART_WORDS: usize = words::heap_binary(COPY_PART_BYTES);

/// Build `n` bytes of bitstring `t` starting at byte `from`: `t` itself when that is all of it, a
/// copy when small, else a sub-binary. Needs `PART_WORDS`. Caller has checked the range.
pub fn build_part<A: Alloc + ?Sized>(a: &mut A, t: Term, from: usize, n: usize) -> Term {
    let Some(view) = bitstring_view(t) else {
        return a.heap_binary(&[]); // unreachable: callers pass bitstrings
    };
    if from == 0 && view.2 == n * 8 {
        return t;
    }
    if n <= COPY_PART_BYTES {
        let bytes = view_bytes((view.0, view.1 + from * 8, n * 8));
        return a.heap_binary(&bytes);
    }
    match flatten(t) {
        Some((base, off)) => a.boxed_raw(BoxKind::SubBin, &[n * 8, off + from * 8, base.raw()]),
        None => a.heap_binary(&[]),
    }
}

/// The base binary's byte size of a bitstring (for `binary:referenced_byte_size`).
pub fn base_byte_size(t: Term) -> Option<usize> {
    let (base, _) = flatten(t)?;
    let (_, _, n) = bitstring_view(base)?;
    Some(n.div_ceil(8))
}

// ---------------------------------------------------------------------------------------------
// iolists

/// What an iolist walk may meet besides bytes.
#[derive(Copy, Clone, PartialEq, Eq)]
pub enum IoMode {
    /// Bytes and binaries (list_to_binary, iolist_size, iolist_to_binary).
    Binary,
    /// Bytes and bitstrings of any size (list_to_bitstring).
    Bits,
}

/// One piece of an iolist: a byte, or the bits of a binary.
pub enum Piece {
    Byte(u8),
    Bits(BitsView),
}

/// The term given to `walk_iolist` is not an iolist.
#[derive(Debug)]
pub struct NotIolist;

/// Walk the iolist `t` (a list; a binary tail is allowed) calling `f` for each byte and each
/// binary met, in order. Err if it is not one (in `mode`).
pub fn walk_iolist(t: Term, mode: IoMode, mut f: impl FnMut(Piece)) -> Result<(), NotIolist> {
    // Pending list tails, innermost last.
    let mut stack: Vec<Term> = Vec::new();
    let mut cur = t;
    loop {
        // `cur` is in tail position: a list, nil, or a binary.
        if let Some((h, tl)) = cur.as_cons() {
            if let Some(v) = h.as_small() {
                f(Piece::Byte(u8::try_from(v).map_err(|_| NotIolist)?));
                cur = tl;
            } else if h.is_list() {
                stack.push(tl);
                cur = h;
            } else if h.is_nil() {
                cur = tl;
            } else {
                f(Piece::Bits(binary_view(h, mode).ok_or(NotIolist)?));
                cur = tl;
            }
        } else if cur.is_nil() {
            match stack.pop() {
                Some(t) => cur = t,
                None => return Ok(()),
            }
        } else {
            f(Piece::Bits(binary_view(cur, mode).ok_or(NotIolist)?));
            match stack.pop() {
                Some(t) => cur = t,
                None => return Ok(()),
            }
        }
    }
}

fn binary_view(t: Term, mode: IoMode) -> Option<BitsView> {
    let v = bitstring_view(t)?;
    (mode == IoMode::Bits || v.2 % 8 == 0).then_some(v)
}

/// The bits of an iolist, concatenated.
pub fn iolist_bits(t: Term, mode: IoMode) -> Option<BitBuf> {
    let mut buf = BitBuf::new();
    walk_iolist(t, mode, |p| match p {
        Piece::Byte(b) if buf.bits.is_multiple_of(8) => {
            buf.bytes.push(b);
            buf.bits += 8;
        }
        Piece::Byte(b) => buf.push_small(b, 8),
        Piece::Bits((bytes, off, n)) => buf.push_bits(bytes, off, n),
    })
    .ok()?;
    Some(buf)
}

// ---------------------------------------------------------------------------------------------
// BIFs

fn byte_size(_ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    let n = bit_size_of(args[0]).ok_or_else(Exception::badarg)?;
    size_term(n.div_ceil(8))
}

fn bit_size(_ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    let n = bit_size_of(args[0]).ok_or_else(Exception::badarg)?;
    size_term(n)
}

/// A size as a small integer (sizes stay far below the small range: binaries are ≤ 2^31 bits).
fn size_term(n: usize) -> BifResult {
    isize::try_from(n)
        .ok()
        .filter(|&v| v <= crate::terms::term::MAX_SMALL)
        .map(Term::small)
        .ok_or_else(Exception::system_limit)
}

/// `binary_part(args[0], start, len)`, also `binary:part/2,3`. As OTP 27+, the subject must
/// be a binary: a bitstring with a partial last byte is badarg.
pub(crate) fn binary_part_of(
    ctx: &mut Ctx,
    args: &mut [Term],
    start: Term,
    len: Term,
) -> BifResult {
    let (_, _, n) = bitstring_view(args[0])
        .filter(|&(_, _, n)| n % 8 == 0)
        .ok_or_else(Exception::badarg)?;
    let (from, len) = part_range(start, len, n / 8).ok_or_else(Exception::badarg)?;
    let mut r = ctx.reserve(PART_WORDS, args);
    Ok(build_part(&mut r, args[0], from, len))
}

fn binary_part2(ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    match args[1].as_tuple() {
        Some(&[s, l]) => binary_part_of(ctx, args, s, l),
        _ => Err(Exception::badarg()),
    }
}

fn binary_part3(ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    binary_part_of(ctx, args, args[1], args[2])
}

fn split_binary(ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    let (_, _, n) = bitstring_view(args[0]).ok_or_else(Exception::badarg)?;
    let pos = arg_usize(args[1])
        .filter(|&p| p <= n / 8)
        .ok_or_else(Exception::badarg)?;
    let mut r = ctx.reserve(PART_WORDS + SUB_WORDS + words::tuple(2), args);
    let t = args[0];
    let a = build_part(&mut r, t, 0, pos);
    // The rest keeps the trailing bits: a sub-binary of the remaining bit size.
    let b = match flatten(t) {
        Some((base, off)) if pos > 0 => {
            r.boxed_raw(BoxKind::SubBin, &[n - pos * 8, off + pos * 8, base.raw()])
        }
        _ => t,
    };
    Ok(r.tuple(&[a, b]))
}

/// A list of the byte values `bytes`, ending in `tail`. Needs `words::list(bytes.len())`.
pub fn build_byte_list<A: Alloc + ?Sized>(a: &mut A, bytes: &[u8], tail: Term) -> Term {
    let mut acc = tail;
    for &b in bytes.iter().rev() {
        acc = a.cons(Term::small(b as isize), acc);
    }
    acc
}

/// A new list of `bytes` (copied out of a view first: the reservation may move the argument).
pub fn make_byte_list(ctx: &mut Ctx, args: &mut [Term], bytes: &[u8]) -> BifResult {
    let mut r = ctx.reserve(words::list(bytes.len()), args);
    Ok(build_byte_list(&mut r, bytes, Term::NIL))
}

fn binary_to_list1(ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    let bytes = bytes_of(args[0])
        .ok_or_else(Exception::badarg)?
        .into_owned();
    make_byte_list(ctx, args, &bytes)
}

/// As OTP 27+, only a binary (no partial last byte) has bytes to list.
fn binary_to_list3(ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    let v = bitstring_view(args[0])
        .filter(|&(_, _, n)| n % 8 == 0)
        .ok_or_else(Exception::badarg)?;
    let all = view_bytes(v);
    let (start, stop) = (arg_usize(args[1]), arg_usize(args[2]));
    let (start, stop) = match (start, stop) {
        (Some(a), Some(b)) if 1 <= a && a <= b && b <= all.len() => (a, b),
        _ => return Err(Exception::badarg()),
    };
    let bytes = all[start - 1..stop].to_vec();
    make_byte_list(ctx, args, &bytes)
}

fn bitstring_to_list(ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    let v = bitstring_view(args[0]).ok_or_else(Exception::badarg)?;
    let bytes = view_bytes(v).into_owned();
    let rest = v.2 % 8;
    let last = (rest > 0).then(|| bits::byte_at(v.0, v.1 + v.2 - rest) & !(0xFFu8 >> rest));
    let need = words::list(bytes.len() + 1) + bitstring_words(rest);
    let mut r = ctx.reserve(need, args);
    let tail = match last {
        Some(b) => {
            let bs = build_bitstring(&mut r, &[b], rest);
            r.cons(bs, Term::NIL)
        }
        None => Term::NIL,
    };
    Ok(build_byte_list(&mut r, &bytes, tail))
}

fn list_to_binary(ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    if !args[0].is_list_or_nil() {
        return Err(Exception::badarg());
    }
    let buf = iolist_bits(args[0], IoMode::Binary).ok_or_else(Exception::badarg)?;
    make_bitstring(ctx, args, &buf)
}

fn list_to_bitstring(ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    if !args[0].is_list_or_nil() {
        return Err(Exception::badarg());
    }
    let buf = iolist_bits(args[0], IoMode::Bits).ok_or_else(Exception::badarg)?;
    make_bitstring(ctx, args, &buf)
}

fn iolist_to_binary(ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    if let Some((_, _, n)) = bitstring_view(args[0]) {
        return if n % 8 == 0 {
            Ok(args[0])
        } else {
            Err(Exception::badarg())
        };
    }
    list_to_binary(ctx, args)
}

/// `iolist_to_iovec/1`: the bytes as a list of one binary (none when there are none).
fn iolist_to_iovec(ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    let buf = iolist_bits(args[0], IoMode::Binary).ok_or_else(Exception::badarg)?;
    if buf.bits == 0 {
        return Ok(Term::NIL);
    }
    if buf.bytes.len() > MAX_BYTES {
        return Err(Exception::system_limit());
    }
    let mut r = ctx.reserve(bitstring_words(buf.bits) + words::CONS, args);
    let b = build_bitstring(&mut r, &buf.bytes, buf.bits);
    Ok(r.cons(b, Term::NIL))
}

fn iolist_size(ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    let mut n = 0usize;
    walk_iolist(args[0], IoMode::Binary, |p| match p {
        Piece::Byte(_) => n += 1,
        Piece::Bits(v) => n += v.2 / 8,
    })
    .map_err(|_| Exception::badarg())?;
    // Shared sub-lists are counted each time, so the sum may pass the small range on wasm32.
    crate::natives::results::make_int(ctx, args, &dashu_int::IBig::from(n))
}

fn integer_to_binary1(ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    let s = integer_to_string(args[0], 10).ok_or_else(Exception::badarg)?;
    make_binary(ctx, args, s.as_bytes())
}

fn integer_to_binary2(ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    let base = base_arg(args[1])?;
    let s = integer_to_string(args[0], base).ok_or_else(Exception::badarg)?;
    make_binary(ctx, args, s.as_bytes())
}

fn base_arg(t: Term) -> Result<u32, Exception> {
    match t.as_small() {
        Some(b) if (2..=36).contains(&b) => Ok(b as u32),
        _ => Err(Exception::badarg()),
    }
}

fn binary_to_integer_base(ctx: &mut Ctx, args: &mut [Term], base: u32) -> BifResult {
    let bytes = bytes_of(args[0]).ok_or_else(Exception::badarg)?;
    // Digits are ASCII: any other byte makes the text invalid.
    let chars: Vec<char> = bytes.iter().map(|&b| b as char).collect();
    if !bytes.is_ascii() {
        return Err(Exception::badarg());
    }
    let v = parse_integer(&chars, base).ok_or_else(Exception::badarg)?;
    crate::natives::results::make_int(ctx, args, &v)
}

fn binary_to_integer1(ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    binary_to_integer_base(ctx, args, 10)
}

fn binary_to_integer2(ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    let base = base_arg(args[1])?;
    binary_to_integer_base(ctx, args, base)
}

pub const BIFS: &[BifEntry] = &[
    BifEntry::erlang("byte_size", 1, byte_size),
    BifEntry::erlang("bit_size", 1, bit_size),
    BifEntry::erlang("binary_part", 2, binary_part2),
    BifEntry::erlang("binary_part", 3, binary_part3),
    BifEntry::erlang("split_binary", 2, split_binary),
    BifEntry::erlang("binary_to_list", 1, binary_to_list1),
    BifEntry::erlang("binary_to_list", 3, binary_to_list3),
    BifEntry::erlang("bitstring_to_list", 1, bitstring_to_list),
    BifEntry::erlang("list_to_binary", 1, list_to_binary),
    BifEntry::erlang("list_to_bitstring", 1, list_to_bitstring),
    BifEntry::erlang("iolist_to_binary", 1, iolist_to_binary),
    BifEntry::erlang("iolist_size", 1, iolist_size),
    BifEntry::erlang("iolist_to_iovec", 1, iolist_to_iovec),
    BifEntry::erlang("integer_to_binary", 1, integer_to_binary1),
    BifEntry::erlang("integer_to_binary", 2, integer_to_binary2),
    BifEntry::erlang("binary_to_integer", 1, binary_to_integer1),
    BifEntry::erlang("binary_to_integer", 2, binary_to_integer2),
];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::natives::arith::testing::show;
    use crate::terms::heap::Arena;

    fn at(s: &str) -> Term {
        Term::atom(crate::terms::atom::intern_str(s))
    }

    #[test]
    fn iolists_deep_and_long_do_not_recurse() {
        let mut ar = Arena::new();
        // 200k levels of nesting: [[[...[1]...]]]
        let mut t = ar.list_from(&[Term::small(1)], Term::NIL);
        for _ in 0..200_000 {
            t = ar.cons(t, Term::NIL);
        }
        assert_eq!(show(iolist_size, &[t]), "1");
        assert_eq!(show(list_to_binary, &[t]), "<<1>>");
        let items: Vec<Term> = (0..100_000).map(|i| Term::small(i % 256)).collect();
        let long = ar.list_from(&items, Term::NIL);
        assert_eq!(show(iolist_size, &[long]), "100000");
    }

    #[test]
    fn iolist_shapes() {
        let mut ar = Arena::new();
        let b = ar.heap_binary(&[5]);
        let bits = ar.boxed_raw(BoxKind::SubBin, &[3, 0, b.raw()]);
        let tail_bin = ar.list_from(&[Term::small(1)], b);
        assert_eq!(show(list_to_binary, &[tail_bin]), "<<1,5>>");
        let tail_int = ar.list_from(&[Term::small(1)], Term::small(2));
        assert_eq!(show(list_to_binary, &[tail_int]), "{error,badarg}");
        let with_bits = ar.list_from(&[Term::small(1)], bits);
        assert_eq!(show(list_to_binary, &[with_bits]), "{error,badarg}");
        assert_eq!(show(list_to_bitstring, &[with_bits]), "<<1,0:3>>");
        assert_eq!(show(list_to_binary, &[b]), "{error,badarg}");
        assert_eq!(show(iolist_to_binary, &[b]), "<<5>>");
        assert_eq!(show(iolist_to_binary, &[bits]), "{error,badarg}");
        let neg = ar.list_from(&[Term::small(-1)], Term::NIL);
        assert_eq!(show(iolist_size, &[neg]), "{error,badarg}");
        assert_eq!(show(iolist_size, &[at("a")]), "{error,badarg}");
    }

    #[test]
    fn parts() {
        let mut ar = Arena::new();
        let b = ar.heap_binary(&[1, 2, 3]);
        let cases = [
            (1, -1, "<<1>>"),
            (3, -3, "<<1,2,3>>"),
            (0, 4, "{error,badarg}"),
            (-1, 1, "{error,badarg}"),
            (3, 0, "<<>>"),
            (1, 2, "<<2,3>>"),
        ];
        for (s, l, want) in cases {
            assert_eq!(
                show(binary_part3, &[b, Term::small(s), Term::small(l)]),
                want
            );
        }
        let odd = ar.boxed_raw(BoxKind::SubBin, &[20, 0, b.raw()]);
        assert_eq!(
            show(split_binary, &[odd, Term::small(1)]),
            "{<<1>>,<<2,0:4>>}"
        );
        assert_eq!(show(split_binary, &[odd, Term::small(3)]), "{error,badarg}");
        assert_eq!(show(bitstring_to_list, &[odd]), "[1,2,<<0:4>>]");
        assert_eq!(show(binary_to_list1, &[odd]), "{error,badarg}");
        let three = [b, Term::small(2), Term::small(3)];
        assert_eq!(show(binary_to_list3, &three), "[2,3]");
        assert_eq!(show(byte_size, &[odd]), "3");
        assert_eq!(show(bit_size, &[odd]), "20");
    }

    #[test]
    fn integers() {
        let mut ar = Arena::new();
        let t = ar.heap_binary(b"-ff");
        assert_eq!(show(binary_to_integer2, &[t, Term::small(16)]), "-255");
        assert_eq!(show(binary_to_integer1, &[t]), "{error,badarg}");
        let u = ar.heap_binary("1é".as_bytes());
        assert_eq!(show(binary_to_integer1, &[u]), "{error,badarg}");
        assert_eq!(
            show(integer_to_binary2, &[Term::small(-255), Term::small(16)]),
            "<<\"-FF\">>"
        );
    }
}
