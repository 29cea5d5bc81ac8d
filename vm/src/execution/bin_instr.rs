//! The bit syntax: construction (`bs_create_bin`, OTP 25) and matching (match contexts,
//! `bs_get_*`, `bs_skip_*`, OTP 26's `bs_match`).
//!
//! Representation:
//! - A construction whose size is a whole number of bytes gives a heap binary; any other size gives
//!   a sub-binary over a heap binary (bitstrings are first-class).
//! - A match context (`BoxKind::MatchCtx`) has the payload `[base, position, end, start]`: `base` is
//!   the underlying binary (sub-binaries are unwrapped, so tails never nest), and the three others
//!   are bit offsets into the base's bits. `position` is updated in place as matching advances
//!   (the context is private to the matching code, as in BEAM); `bs_get_position` hands it out as
//!   a small integer and `bs_set_position` stores it back.
//! - Appending (`<<Acc/binary, ...>>`, the `append`/`private_append` segments) writes into an
//!   *append buffer*: a heap binary with spare capacity, payload
//!   `[used bytes, data words..., used bits]`, always seen through sub-binaries (never handed out
//!   itself). Appending to a sub-binary that starts at 0 and ends exactly at the buffer's used bits
//!   extends the buffer in place (only bytes no term can see are written) and makes a new
//!   sub-binary; otherwise the bits are copied into a new buffer with twice the room. A loop that
//!   appends to its accumulator is therefore linear (amortised). A heap binary with more payload
//!   words than its byte size needs is recognised as such a buffer: other code must not make them.
//!
//! Errors: construction raises `badarg` (or `system_limit` for absurd sizes) unless the instruction
//! has a fail label; a match that cannot proceed jumps to its fail label. Nothing here panics or
//! reads out of bounds on any input: every read goes through `compare::bitstring_view` and
//! `bits` (which read past-the-end bits as zero), and sizes are checked first.

use crate::code::instr::{BinSegment, BsMatchCmd, Dst, Instr, Label, Src, NO_LABEL};
use crate::execution::exec::{ExecCtx, Step};
use crate::terms::atom;
use crate::terms::bignum;
use crate::terms::binary::buffer_bits;
use crate::terms::bits::{self, BitBuf};
use crate::terms::compare::bitstring_view;
use crate::terms::exception::Exception;
use crate::terms::heap::{words, Alloc};
use crate::terms::term::{BoxKind, Term, WORD_BYTES};

/// Segment flags as the loader decodes them.
const FLAG_LITTLE: u32 = 0x02;
const FLAG_SIGNED: u32 = 0x04;
const FLAG_NATIVE: u32 = 0x10;

/// Largest bitstring we build (`binary::MAX_BYTES`): beyond this `system_limit`, before
/// allocating anything.
const MAX_BITS: usize = crate::terms::binary::MAX_BYTES * 8;

/// Words of a match context: header + [base, position, end, start].
const CTX_WORDS: usize = 5;
/// Words of a sub-binary: header + [bit size, bit offset, original].
const SUB_WORDS: usize = 4;

fn little(flags: u32) -> bool {
    flags & FLAG_LITTLE != 0 || (flags & FLAG_NATIVE != 0 && crate::platform::LITTLE_ENDIAN)
}

fn signed(flags: u32) -> bool {
    flags & FLAG_SIGNED != 0
}

/// Continue at `fail`, or raise `e` when there is no fail label.
fn fail_with(fail: Label, e: Exception) -> Result<Step, Exception> {
    if fail == NO_LABEL {
        Err(e)
    } else {
        Ok(Step::Jump(fail))
    }
}

/// A failed match test.
fn miss(fail: Label) -> Result<Step, Exception> {
    fail_with(fail, Exception::badarg())
}

/// Execute one instruction of this family.
pub fn exec(ctx: &mut ExecCtx, instr: &Instr) -> Result<Step, Exception> {
    match instr {
        Instr::BsCreateBin {
            fail,
            alloc,
            live,
            unit,
            dst,
            segments,
        } => match create_bin(ctx, *alloc, *live, *unit, *dst, segments) {
            Ok(()) => Ok(Step::Next),
            Err(e) => fail_with(*fail, e),
        },
        Instr::BsStartMatch3 {
            fail,
            src,
            live,
            dst,
        }
        | Instr::BsStartMatch4 {
            fail,
            live,
            src,
            dst,
        } => start_match(ctx, *fail, *src, *live, *dst),
        Instr::BsGetPosition { ctx: c, dst, live } => {
            let Some(m) = Mc::get(ctx, *c)? else {
                return Err(Exception::badarg());
            };
            // A bignum past 2^27 bits on 32-bit targets (small integers have 28 bits there).
            let v = m.pos as i128;
            let need = bignum::words_for_i128(v);
            let t = if need == 0 {
                Term::small(m.pos as isize)
            } else {
                bignum::build_i128(&mut ctx.reserve(need, *live, &mut []), v)
            };
            ctx.put(*dst, t)?;
            Ok(Step::Next)
        }
        Instr::BsSetPosition { ctx: c, pos } => {
            let Some(m) = Mc::get(ctx, *c)? else {
                return Err(Exception::badarg());
            };
            match bignum::to_i128(ctx.get(*pos)?) {
                Some(p) if p >= 0 && p <= m.end as i128 => {
                    m.set_pos(p as usize);
                    Ok(Step::Next)
                }
                _ => Err(Exception::badarg()),
            }
        }
        Instr::BsGetTail { ctx: c, dst, live } => {
            let Some(m) = Mc::get(ctx, *c)? else {
                return Err(Exception::badarg());
            };
            let t = sub_binary(ctx, *live, m.base, m.pos, m.rest())?;
            ctx.put(*dst, t)?;
            Ok(Step::Next)
        }
        Instr::BsTestTail2 { fail, ctx: c, bits } => {
            let Some(m) = Mc::get(ctx, *c)? else {
                return miss(*fail);
            };
            if m.rest() == *bits as usize {
                Ok(Step::Next)
            } else {
                miss(*fail)
            }
        }
        Instr::BsTestUnit { fail, ctx: c, unit } => {
            let Some(m) = Mc::get(ctx, *c)? else {
                return miss(*fail);
            };
            if m.rest().is_multiple_of((*unit).max(1) as usize) {
                Ok(Step::Next)
            } else {
                miss(*fail)
            }
        }
        Instr::BsMatchString {
            fail,
            ctx: c,
            bits,
            bytes,
        } => {
            let Some(m) = Mc::get(ctx, *c)? else {
                return miss(*fail);
            };
            let n = *bits as usize;
            if m.rest() < n || !m.equals_bytes(n, bytes) {
                return miss(*fail);
            }
            m.set_pos(m.pos + n);
            Ok(Step::Next)
        }
        Instr::BsGetInteger2 {
            fail,
            ctx: c,
            live,
            size,
            unit,
            flags,
            dst,
        } => {
            let Some(m) = Mc::get(ctx, *c)? else {
                return miss(*fail);
            };
            let Some(n) = match_size(ctx, *size, *unit, &m)? else {
                return miss(*fail);
            };
            get_integer(ctx, &m, n, *flags, *live, *dst)?;
            Ok(Step::Next)
        }
        Instr::BsGetFloat2 {
            fail,
            ctx: c,
            live,
            size,
            unit,
            flags,
            dst,
        } => {
            let Some(m) = Mc::get(ctx, *c)? else {
                return miss(*fail);
            };
            let Some(n) = match_size(ctx, *size, *unit, &m)? else {
                return miss(*fail);
            };
            let Some(f) = m.read_float(n, *flags) else {
                return miss(*fail);
            };
            m.set_pos(m.pos + n);
            let t = ctx.reserve(words::FLOAT, *live, &mut []).float(f);
            ctx.put(*dst, t)?;
            Ok(Step::Next)
        }
        Instr::BsGetBinary2 {
            fail,
            ctx: c,
            live,
            size,
            unit,
            dst,
            ..
        } => {
            let Some(m) = Mc::get(ctx, *c)? else {
                return miss(*fail);
            };
            let Some(n) = match_size(ctx, *size, *unit, &m)? else {
                return miss(*fail);
            };
            let start = m.pos;
            m.set_pos(m.pos + n);
            let t = sub_binary(ctx, *live, m.base, start, n)?;
            ctx.put(*dst, t)?;
            Ok(Step::Next)
        }
        Instr::BsSkipBits2 {
            fail,
            ctx: c,
            size,
            unit,
            ..
        } => {
            let Some(m) = Mc::get(ctx, *c)? else {
                return miss(*fail);
            };
            let Some(n) = match_size(ctx, *size, *unit, &m)? else {
                return miss(*fail);
            };
            m.set_pos(m.pos + n);
            Ok(Step::Next)
        }
        Instr::BsGetUtf8 {
            fail,
            ctx: c,
            flags,
            dst,
        }
        | Instr::BsGetUtf16 {
            fail,
            ctx: c,
            flags,
            dst,
        }
        | Instr::BsGetUtf32 {
            fail,
            ctx: c,
            flags,
            dst,
        } => {
            let Some(m) = Mc::get(ctx, *c)? else {
                return miss(*fail);
            };
            let Some((cp, n)) = m.read_utf(utf_width(instr), *flags) else {
                return miss(*fail);
            };
            m.set_pos(m.pos + n);
            ctx.put(*dst, Term::small(cp as isize))?;
            Ok(Step::Next)
        }
        Instr::BsSkipUtf8 {
            fail,
            ctx: c,
            flags,
        }
        | Instr::BsSkipUtf16 {
            fail,
            ctx: c,
            flags,
        }
        | Instr::BsSkipUtf32 {
            fail,
            ctx: c,
            flags,
        } => {
            let Some(m) = Mc::get(ctx, *c)? else {
                return miss(*fail);
            };
            let Some((_, n)) = m.read_utf(utf_width(instr), *flags) else {
                return miss(*fail);
            };
            m.set_pos(m.pos + n);
            Ok(Step::Next)
        }
        Instr::BsMatch {
            fail,
            ctx: c,
            commands,
        } => bs_match(ctx, *fail, *c, commands),
        Instr::BsUtf8Size { fail, src, dst } | Instr::BsUtf16Size { fail, src, dst } => {
            let v = ctx.get(*src)?.as_small();
            let Some(cp) = v.filter(|&v| valid_code_point(v)) else {
                return fail_with(*fail, Exception::badarg());
            };
            let bytes = if matches!(instr, Instr::BsUtf8Size { .. }) {
                utf8_len(cp as u32)
            } else if cp < 0x10000 {
                2
            } else {
                4
            };
            ctx.put(*dst, Term::small(bytes as isize))?;
            Ok(Step::Next)
        }
        Instr::BsAdd {
            fail,
            a,
            b,
            unit,
            dst,
        } => {
            let (ta, tb) = (ctx.get(*a)?, ctx.get(*b)?);
            let huge = |t: Term| bignum::is_big(t) && !bignum::limbs(t).1;
            let sum = match (ta.as_small(), tb.as_small()) {
                (Some(x), Some(y)) if x >= 0 && y >= 0 => (y as usize)
                    .checked_mul(*unit as usize)
                    .and_then(|v| v.checked_add(x as usize))
                    .filter(|&v| v <= MAX_BITS && v <= crate::terms::term::MAX_SMALL as usize),
                // A size too large for any binary.
                _ if huge(ta) || huge(tb) => None,
                _ => return fail_with(*fail, Exception::badarg()),
            };
            let Some(sum) = sum else {
                return fail_with(*fail, Exception::system_limit());
            };
            ctx.put(*dst, Term::small(sum as isize))?;
            Ok(Step::Next)
        }
        Instr::BsContextToBinary { src } => {
            // Pre-OTP-22 code: turn the match context in a register into the binary it matches.
            let t = ctx.get(*src)?;
            // It has no live count: allocate without collecting.
            if let (Some(m), Some(d)) = (Mc::of(t), src_to_dst(*src)) {
                let b = ctx
                    .proc
                    .heap
                    .reserved(SUB_WORDS)
                    .boxed_raw(BoxKind::SubBin, &[m.end - m.start, m.start, m.base.raw()]);
                ctx.put(d, b)?;
            }
            Ok(Step::Next)
        }
        // ---- the pre-OTP-25 construction family ----
        Instr::BsInit2 {
            fail,
            size,
            words: w,
            live,
            dst,
            ..
        }
        | Instr::BsInitBits {
            fail,
            size,
            words: w,
            live,
            dst,
            ..
        } => {
            let unit = if matches!(instr, Instr::BsInit2 { .. }) {
                8
            } else {
                1
            };
            match init_bits(ctx, *size, unit, *w as usize, *live, *dst) {
                Ok(()) => Ok(Step::Next),
                Err(e) => fail_with(*fail, e),
            }
        }
        Instr::BsAppend {
            fail,
            size,
            extra,
            live,
            unit,
            bin,
            dst,
            ..
        } => match old_append(ctx, *size, *extra as usize, Some(*live), *unit, *bin, *dst) {
            Ok(()) => Ok(Step::Next),
            Err(e) => fail_with(*fail, e),
        },
        Instr::BsPrivateAppend {
            fail,
            size,
            unit,
            bin,
            dst,
            ..
        } => match old_append(ctx, *size, 0, None, *unit, *bin, *dst) {
            Ok(()) => Ok(Step::Next),
            Err(e) => fail_with(*fail, e),
        },
        Instr::BsPutInteger {
            fail,
            size,
            unit,
            flags,
            src,
        } => put_old(ctx, *fail, Kind::Integer, *size, *unit, *flags, *src),
        Instr::BsPutBinary {
            fail,
            size,
            unit,
            flags,
            src,
        } => put_old(ctx, *fail, Kind::Binary, *size, *unit, *flags, *src),
        Instr::BsPutFloat {
            fail,
            size,
            unit,
            flags,
            src,
        } => put_old(ctx, *fail, Kind::Float, *size, *unit, *flags, *src),
        Instr::BsPutUtf8 { fail, flags, src } => {
            put_old(ctx, *fail, Kind::Utf8, undefined(), 1, *flags, *src)
        }
        Instr::BsPutUtf16 { fail, flags, src } => {
            put_old(ctx, *fail, Kind::Utf16, undefined(), 1, *flags, *src)
        }
        Instr::BsPutUtf32 { fail, flags, src } => {
            put_old(ctx, *fail, Kind::Utf32, undefined(), 1, *flags, *src)
        }
        Instr::BsPutString { bytes } => {
            let mut data = BitBuf::new();
            data.push_bits(bytes, 0, 8 * bytes.len());
            put_bits(ctx, &data)?;
            Ok(Step::Next)
        }
        _ => Err(crate::execution::interp::unsupported_instruction(instr)),
    }
}

fn src_to_dst(s: Src) -> Option<Dst> {
    match s.kind() {
        crate::code::instr::SrcKind::X(i) => Some(Dst::X(i)),
        crate::code::instr::SrcKind::Y(i) => Some(Dst::Y(i)),
        crate::code::instr::SrcKind::C(_) => None,
    }
}

fn utf_width(instr: &Instr) -> u32 {
    match instr {
        Instr::BsGetUtf8 { .. } | Instr::BsSkipUtf8 { .. } => 8,
        Instr::BsGetUtf16 { .. } | Instr::BsSkipUtf16 { .. } => 16,
        _ => 32,
    }
}

// ---------------------------------------------------------------------------------------------
// Bitstrings as (base binary, bit offset, bit size)

/// A bitstring term with its sub-binaries unwrapped: the base binary (heap or off-heap), and the
/// bit offset and size of the term's bits within the base's bits.
fn flatten(t: Term) -> Option<(Term, usize, usize)> {
    // bitstring_view validates the whole chain (offsets stay inside the base).
    let (_, _, size) = bitstring_view(t)?;
    let mut off = 0usize;
    let mut cur = t;
    while cur.is_box_of(BoxKind::SubBin) {
        let p = cur.payload();
        off = off.saturating_add(p[1]);
        cur = Term::from_raw(p[2]);
    }
    Some((cur, off, size))
}

/// A term for `n` bits of `base` at bit `off`: the base itself when that is all of an ordinary
/// heap binary, else a sub-binary.
fn sub_binary(
    ctx: &mut ExecCtx,
    live: u32,
    base: Term,
    off: usize,
    n: usize,
) -> Result<Term, Exception> {
    if off == 0
        && base.is_box_of(BoxKind::HeapBin)
        && buffer_bits(base).is_none()
        && bitstring_view(base).is_some_and(|(_, _, size)| size == n)
    {
        return Ok(base);
    }
    let mut roots = [base];
    let mut r = ctx.reserve(SUB_WORDS, live, &mut roots);
    Ok(r.boxed_raw(BoxKind::SubBin, &[n, off, roots[0].raw()]))
}

/// What the inline path of `BsGetIntegerBytes` found.
pub enum FastInt {
    /// The field, read and the position advanced.
    Value(Term),
    /// No match: not a match context, or too few bits left.
    Miss,
    /// Not byte-aligned, or the value needs a bignum: use the general instruction.
    Slow,
}

/// `BsGetIntegerBytes` when `get_integer_bytes` could not take it (an unaligned position or a
/// bignum result): the general reader, as `bs_get_integer2` with a literal size and unit 1.
pub fn get_integer_bytes_slow(
    ctx: &mut ExecCtx,
    c: Src,
    n: u32,
    flags: u32,
    live: u32,
    dst: Dst,
    fail: Label,
) -> Result<Step, Exception> {
    let Some(m) = Mc::get(ctx, c)? else {
        return miss(fail);
    };
    if m.rest() < n as usize {
        return miss(fail);
    }
    get_integer(ctx, &m, n as usize, flags, live, dst)?;
    Ok(Step::Next)
}

/// Read an `n`-bit integer (`n` a multiple of 8, at most 64) at a byte-aligned position of the
/// match context `t`, when the result is a small integer. Leaves the context unchanged unless it
/// returns a value.
#[inline]
pub fn get_integer_bytes(t: Term, n: u32, flags: u32) -> FastInt {
    let Some(m) = Mc::of(t) else {
        return FastInt::Miss;
    };
    let n = n as usize;
    if m.rest() < n {
        return FastInt::Miss;
    }
    let (b, at) = m.bytes();
    if !at.is_multiple_of(8) {
        return FastInt::Slow;
    }
    let Some(field) = b.get(at / 8..at / 8 + n / 8) else {
        return FastInt::Slow;
    };
    let u = if little(flags) {
        field
            .iter()
            .rev()
            .fold(0u64, |acc, &x| (acc << 8) | x as u64)
    } else {
        field.iter().fold(0u64, |acc, &x| (acc << 8) | x as u64)
    };
    let v = if signed(flags) {
        bits::sign_extend(u, n)
    } else if u > i64::MAX as u64 {
        return FastInt::Slow;
    } else {
        u as i64
    };
    if !Term::fits_small(v) {
        return FastInt::Slow;
    }
    m.set_pos(m.pos + n);
    FastInt::Value(Term::small(v as isize))
}

// ---------------------------------------------------------------------------------------------
// Match contexts

/// A match context, read out of its term.
/// Valid until the next reservation (which may move the base and the context).
struct Mc {
    term: Term,
    base: Term,
    pos: usize,
    end: usize,
    start: usize,
}

impl Mc {
    fn of(t: Term) -> Option<Mc> {
        if !t.is_box_of(BoxKind::MatchCtx) {
            return None;
        }
        let p = t.payload();
        if p.len() < 4 {
            return None;
        }
        let base = Term::from_raw(p[0]);
        let (pos, end, start) = (p[1], p[2], p[3]);
        // `end` never exceeds the base's size: start_match sets it from the base and nothing
        // else writes it. Bytes are resolved only by the instructions that read them.
        if pos > end || start > end {
            return None;
        }
        Some(Mc {
            term: t,
            base,
            pos,
            end,
            start,
        })
    }

    /// The match context in register `s` (None: not a match context).
    fn get(ctx: &ExecCtx, s: Src) -> Result<Option<Mc>, Exception> {
        Ok(Mc::of(ctx.get(s)?))
    }

    fn rest(&self) -> usize {
        self.end - self.pos
    }

    /// Move the position (in place: the context is private to the matching code).
    fn set_pos(&self, pos: usize) {
        debug_assert!(pos <= self.end);
        self.term.set_payload_word_fresh(1, pos.min(self.end));
    }

    /// The base's bytes and the absolute bit index of the current position.
    /// (Reading past the slice yields zero bits, so a base that could not be viewed reads as an
    /// empty slice rather than out of bounds.)
    fn bytes(&self) -> (&'static [u8], usize) {
        let (bytes, boff) = if self.base.is_box_of(BoxKind::HeapBin) {
            (crate::terms::heap::heap_binary_bytes(self.base), 0)
        } else {
            bitstring_view(self.base).map_or((&[][..], 0), |(b, off, _)| (b, off))
        };
        (bytes, boff + self.pos)
    }

    fn equals_bytes(&self, n: usize, want: &[u8]) -> bool {
        let (b, at) = self.bytes();
        let full = n / 8;
        for i in 0..full {
            if bits::byte_at(b, at + 8 * i) != want.get(i).copied().unwrap_or(0) {
                return false;
            }
        }
        let r = n % 8;
        r == 0
            || bits::read_uint(b, at + 8 * full, r)
                == (want.get(full).copied().unwrap_or(0) >> (8 - r)) as u64
    }

    /// An `n`-bit float at the position (None: bad size, too few bits, or not finite).
    fn read_float(&self, n: usize, flags: u32) -> Option<f64> {
        if !matches!(n, 16 | 32 | 64) || self.rest() < n {
            return None;
        }
        let (b, at) = self.bytes();
        let raw = if little(flags) {
            let le = bits::read_int_le_bytes(b, at, n, true);
            le.iter().rev().fold(0u64, |acc, &x| (acc << 8) | x as u64)
        } else {
            bits::read_uint(b, at, n)
        };
        let f = match n {
            16 => f16_to_f64(raw as u16),
            32 => f32::from_bits(raw as u32) as f64,
            _ => f64::from_bits(raw),
        };
        f.is_finite().then_some(f)
    }

    /// A UTF-8/16/32 code point at the position and the bits it takes.
    fn read_utf(&self, width: u32, flags: u32) -> Option<(u32, usize)> {
        let (b, at) = self.bytes();
        let rest = self.rest();
        let little = little(flags);
        let read16 = |p: usize| {
            let v = bits::read_uint(b, p, 16) as u16;
            if little {
                v.swap_bytes()
            } else {
                v
            }
        };
        match width {
            8 => decode_utf8(b, at, rest),
            16 => {
                if rest < 16 {
                    return None;
                }
                let w1 = read16(at) as u32;
                match w1 {
                    0xD800..=0xDBFF => {
                        if rest < 32 {
                            return None;
                        }
                        let w2 = read16(at + 16) as u32;
                        if !(0xDC00..=0xDFFF).contains(&w2) {
                            return None;
                        }
                        Some((0x10000 + ((w1 - 0xD800) << 10) + (w2 - 0xDC00), 32))
                    }
                    0xDC00..=0xDFFF => None,
                    _ => Some((w1, 16)),
                }
            }
            _ => {
                if rest < 32 {
                    return None;
                }
                let mut v = bits::read_uint(b, at, 32) as u32;
                if little {
                    v = v.swap_bytes();
                }
                valid_code_point(v as isize).then_some((v, 32))
            }
        }
    }
}

fn decode_utf8(b: &[u8], at: usize, rest: usize) -> Option<(u32, usize)> {
    if rest < 8 {
        return None;
    }
    let b0 = bits::byte_at(b, at) as u32;
    let (len, init) = match b0 {
        0x00..=0x7F => return Some((b0, 8)),
        0xC2..=0xDF => (2, b0 & 0x1F),
        0xE0..=0xEF => (3, b0 & 0x0F),
        0xF0..=0xF4 => (4, b0 & 0x07),
        _ => return None,
    };
    if rest < 8 * len {
        return None;
    }
    let mut cp = init;
    for i in 1..len {
        let c = bits::byte_at(b, at + 8 * i) as u32;
        if c & 0xC0 != 0x80 {
            return None;
        }
        cp = (cp << 6) | (c & 0x3F);
    }
    let ok = match len {
        3 => cp >= 0x800 && !(0xD800..=0xDFFF).contains(&cp),
        4 => (0x10000..=0x10FFFF).contains(&cp),
        _ => true,
    };
    ok.then_some((cp, 8 * len))
}

fn valid_code_point(v: isize) -> bool {
    (0..=0x10FFFF).contains(&v) && !(0xD800..=0xDFFF).contains(&v)
}

fn utf8_len(cp: u32) -> usize {
    match cp {
        0..=0x7F => 1,
        0x80..=0x7FF => 2,
        0x800..=0xFFFF => 3,
        _ => 4,
    }
}

fn f16_to_f64(h: u16) -> f64 {
    let sign = if h & 0x8000 != 0 { -1.0 } else { 1.0 };
    let exp = ((h >> 10) & 0x1F) as i32;
    let mant = (h & 0x3FF) as f64;
    match exp {
        0 => sign * mant * 2f64.powi(-24),
        31 => {
            if mant == 0.0 {
                sign * f64::INFINITY
            } else {
                f64::NAN
            }
        }
        _ => sign * (1.0 + mant / 1024.0) * 2f64.powi(exp - 15),
    }
}

/// f64 to half precision, rounding to nearest even (overflow gives infinity, as in OTP); None
/// for infinities and NaN, which no Erlang float is.
fn f64_to_f16(f: f64) -> Option<u16> {
    if !f.is_finite() {
        return None;
    }
    let sign: u16 = if f.is_sign_negative() { 0x8000 } else { 0 };
    let a = f.abs();
    if a == 0.0 {
        return Some(sign);
    }
    // Scale to units of the smallest subnormal (2^-24) for tiny values, else of the mantissa ulp.
    // The exponent, exactly (values below 2^-1022 are far below the half-precision range).
    let e = ((a.to_bits() >> 52) & 0x7FF) as i32 - 1023;
    let (exp_field, ulp_exp) = if e < -14 { (0, -24) } else { (e + 15, e - 10) };
    let scaled = a / 2f64.powi(ulp_exp);
    let mut m = scaled.round_ties_even();
    let mut exp_field = exp_field;
    if exp_field == 0 {
        // Subnormal (may round up into the normal range: 1024 = exponent field 1, mantissa 0).
        if m >= 1024.0 {
            return Some(sign | (1 << 10) | ((m as u16) - 1024));
        }
        return Some(sign | m as u16);
    }
    if m >= 2048.0 {
        m /= 2.0;
        exp_field += 1;
    }
    if exp_field >= 31 {
        // Too large: infinity, as OTP writes it.
        return Some(sign | 0x7C00);
    }
    Some(sign | ((exp_field as u16) << 10) | ((m as u16) - 1024))
}

fn start_match(
    ctx: &mut ExecCtx,
    fail: Label,
    src: Src,
    live: u32,
    dst: Dst,
) -> Result<Step, Exception> {
    let t = ctx.get(src)?;
    if Mc::of(t).is_some() {
        // A context passed on from an earlier match (OTP 22+ reuses it).
        ctx.put(dst, t)?;
        return Ok(Step::Next);
    }
    let Some((base, off, size)) = flatten(t) else {
        return fail_with(fail, Exception::badarg());
    };
    let mut roots = [base];
    let m = {
        let mut r = ctx.reserve(CTX_WORDS, live, &mut roots);
        r.boxed_raw(BoxKind::MatchCtx, &[roots[0].raw(), off, off + size, off])
    };
    ctx.put(dst, m)?;
    Ok(Step::Next)
}

/// Bits of a matching segment: size × unit, or the rest for `all` (which must be a multiple of
/// the unit). None (the match fails) for a bad size or more bits than remain.
fn match_size(ctx: &ExecCtx, size: Src, unit: u32, m: &Mc) -> Result<Option<usize>, Exception> {
    let s = ctx.get(size)?;
    let n = if let Some(v) = s.as_small() {
        if v < 0 {
            return Ok(None);
        }
        match (v as usize).checked_mul(unit as usize) {
            Some(n) => n,
            None => return Ok(None),
        }
    } else if s.as_atom() == Some(atom::ALL) {
        let rest = m.rest();
        if !rest.is_multiple_of(unit.max(1) as usize) {
            return Ok(None);
        }
        rest
    } else {
        return Ok(None);
    };
    Ok((n <= m.rest()).then_some(n))
}

/// Read an `n`-bit integer at the position, advance, and put it in `dst`.
fn get_integer(
    ctx: &mut ExecCtx,
    m: &Mc,
    n: usize,
    flags: u32,
    live: u32,
    dst: Dst,
) -> Result<(), Exception> {
    let (b, at) = m.bytes();
    let little = little(flags);
    let signed = signed(flags);
    let t = if n <= 64 {
        let u = if little {
            let le = bits::read_int_le_bytes(b, at, n, true);
            le.iter().rev().fold(0u64, |acc, &x| (acc << 8) | x as u64)
        } else {
            bits::read_uint(b, at, n)
        };
        let v: i128 = if signed {
            bits::sign_extend(u, n) as i128
        } else {
            u as i128
        };
        m.set_pos(m.pos + n);
        let need = bignum::words_for_i128(v);
        if need == 0 {
            Term::small(v as isize)
        } else {
            bignum::build_i128(&mut ctx.reserve(need, live, &mut []), v)
        }
    } else {
        let le = bits::read_int_le_bytes(b, at, n, little);
        let v = bits::int_from_le_bytes(&le, n, signed);
        m.set_pos(m.pos + n);
        let need = bignum::words_for(&v);
        bignum::build(&mut ctx.reserve(need, live, &mut []), &v)
    };
    ctx.put(dst, t)
}

fn bs_match(
    ctx: &mut ExecCtx,
    fail: Label,
    c: Src,
    commands: &[BsMatchCmd],
) -> Result<Step, Exception> {
    let Some(mut m) = Mc::get(ctx, c)? else {
        return miss(fail);
    };
    for (i, cmd) in commands.iter().enumerate() {
        match cmd {
            BsMatchCmd::EnsureAtLeast { size, unit } => {
                let (size, unit) = (*size as usize, (*unit).max(1) as usize);
                if m.rest() < size || !(m.rest() - size).is_multiple_of(unit) {
                    return miss(fail);
                }
            }
            BsMatchCmd::EnsureExactly { size } => {
                if m.rest() != *size as usize {
                    return miss(fail);
                }
            }
            BsMatchCmd::Integer {
                live,
                flags,
                size,
                unit,
                dst,
            } => {
                let Some(n) = match_size(ctx, *size, *unit, &m)? else {
                    return miss(fail);
                };
                get_integer(ctx, &m, n, *flags, *live, *dst)?;
            }
            BsMatchCmd::Binary {
                live,
                size,
                unit,
                dst,
                ..
            } => {
                let Some(n) = match_size(ctx, *size, *unit, &m)? else {
                    return miss(fail);
                };
                let start = m.pos;
                m.set_pos(start + n);
                let t = sub_binary(ctx, *live, m.base, start, n)?;
                ctx.put(*dst, t)?;
            }
            BsMatchCmd::Skip { size, unit } => {
                let Some(n) = match_size(ctx, *size, *unit, &m)? else {
                    return miss(fail);
                };
                m.set_pos(m.pos + n);
            }
            BsMatchCmd::GetTail { live, dst, .. } => {
                let t = sub_binary(ctx, *live, m.base, m.pos, m.rest())?;
                ctx.put(*dst, t)?;
            }
            BsMatchCmd::EqualValue { size, value } => {
                let n = *size as usize;
                if m.rest() < n {
                    return miss(fail);
                }
                let (b, at) = m.bytes();
                let le = bits::read_int_le_bytes(b, at, n, false);
                let got = bits::int_from_le_bytes(&le, n, false);
                if bignum::to_ibig(*value) != Some(got) {
                    return miss(fail);
                }
                m.set_pos(m.pos + n);
            }
        }
        // The last command may write its result over the context's register (OTP 26+
        // compilers do when the context dies there): nothing reads the context after it.
        if i + 1 == commands.len() {
            break;
        }
        // A collection may have moved the context: read it again (its position is in it).
        m = match Mc::get(ctx, c)? {
            Some(m) => m,
            None => {
                return Err(crate::execution::interp::internal_error(
                    "bs_match lost its context",
                ))
            }
        };
    }
    Ok(Step::Next)
}

// ---------------------------------------------------------------------------------------------
// Construction

/// Size operand of a construction segment, in bits (size × unit), or `all`.
enum SegSize {
    Bits(usize),
    All,
    Undefined,
}

fn seg_size(ctx: &ExecCtx, seg: &BinSegment) -> Result<SegSize, Exception> {
    let s = ctx.get(seg.size)?;
    if let Some(v) = s.as_small() {
        if v < 0 {
            return Err(Exception::badarg());
        }
        return (v as usize)
            .checked_mul(seg.unit.max(1) as usize)
            .filter(|&n| n <= MAX_BITS)
            .map(SegSize::Bits)
            .ok_or_else(Exception::system_limit);
    }
    if bignum::is_big(s) {
        return Err(if bignum::limbs(s).1 {
            Exception::badarg()
        } else {
            Exception::system_limit()
        });
    }
    match s.as_atom() {
        Some(atom::ALL) => Ok(SegSize::All),
        Some(atom::UNDEFINED) => Ok(SegSize::Undefined),
        _ => Err(Exception::badarg()),
    }
}

fn bits_of(size: SegSize) -> Result<usize, Exception> {
    match size {
        SegSize::Bits(n) => Ok(n),
        _ => Err(Exception::badarg()),
    }
}

/// Kinds of construction segments.
#[derive(Copy, Clone, PartialEq, Eq)]
enum Kind {
    Integer,
    Float,
    Binary,
    Utf8,
    Utf16,
    Utf32,
    String,
    Append,
    PrivateAppend,
    Unknown,
}

const KIND_NAMES: [(&str, Kind); 9] = [
    ("integer", Kind::Integer),
    ("float", Kind::Float),
    ("binary", Kind::Binary),
    ("utf8", Kind::Utf8),
    ("utf16", Kind::Utf16),
    ("utf32", Kind::Utf32),
    ("string", Kind::String),
    ("append", Kind::Append),
    ("private_append", Kind::PrivateAppend),
];

/// The kind of a segment, from its atom (interned once, so no atom-table lookup per execution).
fn seg_kind(a: crate::terms::term::Atom) -> Kind {
    use std::sync::OnceLock;
    const KINDS: [(&str, Kind); 9] = KIND_NAMES;
    static ATOMS: OnceLock<Vec<(crate::terms::term::Atom, Kind)>> = OnceLock::new();
    ATOMS
        .get_or_init(|| {
            KINDS
                .iter()
                .map(|&(n, k)| (atom::intern_str(n), k))
                .collect()
        })
        .iter()
        .find(|&&(x, _)| x == a)
        .map_or(Kind::Unknown, |&(_, k)| k)
}

/// The atom naming a segment kind (`undefined` for `Unknown`).
fn kind_atom(k: Kind) -> crate::terms::term::Atom {
    KIND_NAMES
        .iter()
        .find(|&&(_, kk)| kk == k)
        .map_or(atom::UNDEFINED, |&(n, _)| atom::intern_str(n))
}

/// Append one segment's bits to `out`.
fn put_segment(ctx: &ExecCtx, seg: &BinSegment, out: &mut BitBuf) -> Result<(), Exception> {
    let src = ctx.get(seg.src)?;
    let kind = seg_kind(seg.kind);
    let check = |out: &BitBuf, n: usize| {
        if out.bits.saturating_add(n) > MAX_BITS {
            Err(Exception::system_limit())
        } else {
            Ok(())
        }
    };
    match kind {
        Kind::Integer => {
            let n = bits_of(seg_size(ctx, seg)?)?;
            if let Some(v) = src.as_small() {
                check(out, n)?;
                out.push_i64(v as i64, n, little(seg.flags));
            } else if let Some(v) = bignum::to_ibig(src).filter(|_| bignum::is_big(src)) {
                check(out, n)?;
                let le = bits::int_to_le_bytes(&v, n.div_ceil(8));
                out.push_int_le_bytes(&le, n, little(seg.flags));
            } else {
                return Err(Exception::badarg());
            }
        }
        Kind::Float => {
            let n = bits_of(seg_size(ctx, seg)?)?;
            let f = if src.is_float() {
                src.float_value()
            } else if let Some(v) = src.as_small() {
                v as f64
            } else if bignum::is_big(src) {
                bignum::to_f64(src)
                    .filter(|f| f.is_finite())
                    .ok_or_else(Exception::badarg)?
            } else {
                return Err(Exception::badarg());
            };
            let raw: u64 = match n {
                16 => f64_to_f16(f).ok_or_else(Exception::badarg)? as u64,
                // Out of range: infinity, as OTP writes it.
                32 => (f as f32).to_bits() as u64,
                64 => f.to_bits(),
                _ => return Err(Exception::badarg()),
            };
            out.push_i64(raw as i64, n, little(seg.flags));
        }
        Kind::Binary | Kind::Append | Kind::PrivateAppend | Kind::String => {
            let Some((bytes, off, size)) = bitstring_view(src) else {
                return Err(Exception::badarg());
            };
            let n = match seg_size(ctx, seg)? {
                SegSize::All | SegSize::Undefined => {
                    if !size.is_multiple_of(seg.unit.max(1) as usize) {
                        return Err(Exception::badarg());
                    }
                    size
                }
                SegSize::Bits(n) if n <= size => n,
                SegSize::Bits(_) => return Err(Exception::badarg()),
            };
            check(out, n)?;
            out.push_bits(bytes, off, n);
        }
        Kind::Utf8 | Kind::Utf16 | Kind::Utf32 => {
            let cp = src
                .as_small()
                .filter(|&v| valid_code_point(v))
                .ok_or_else(Exception::badarg)? as u32;
            let little = little(seg.flags);
            match kind {
                Kind::Utf8 => {
                    let mut buf = [0u8; 4];
                    let s = char::from_u32(cp)
                        .ok_or_else(Exception::badarg)?
                        .encode_utf8(&mut buf);
                    out.push_bits(s.as_bytes(), 0, 8 * s.len());
                }
                Kind::Utf16 => {
                    let mut buf = [0u16; 2];
                    let units = char::from_u32(cp)
                        .ok_or_else(Exception::badarg)?
                        .encode_utf16(&mut buf);
                    for &u in units.iter() {
                        out.push_i64(u as i64, 16, little);
                    }
                }
                _ => out.push_i64(cp as i64, 32, little),
            }
        }
        _ => return Err(Exception::badarg()),
    }
    Ok(())
}

fn create_bin(
    ctx: &mut ExecCtx,
    alloc: u32,
    live: u32,
    _unit: u32,
    dst: Dst,
    segments: &[BinSegment],
) -> Result<(), Exception> {
    let alloc = alloc as usize;
    let appending = segments
        .first()
        .is_some_and(|s| matches!(seg_kind(s.kind), Kind::Append | Kind::PrivateAppend));
    let rest = if appending { &segments[1..] } else { segments };
    // The segments are gathered in this thread's scratch buffer: no allocation per instruction
    // (an append loop runs one per element).
    let mut tail = SCRATCH.take();
    tail.bytes.clear();
    tail.bits = 0;
    let r = create_bin_with(ctx, alloc, live, dst, segments, appending, rest, &mut tail);
    if tail.bytes.capacity() <= MAX_SCRATCH_BYTES {
        SCRATCH.set(tail);
    }
    r
}

thread_local! {
    static SCRATCH: std::cell::Cell<BitBuf> = std::cell::Cell::new(BitBuf::new());
}

/// A larger scratch buffer is freed rather than kept for the thread's lifetime.
const MAX_SCRATCH_BYTES: usize = 64 * 1024;

#[allow(clippy::too_many_arguments)]
fn create_bin_with(
    ctx: &mut ExecCtx,
    alloc: usize,
    live: u32,
    dst: Dst,
    segments: &[BinSegment],
    appending: bool,
    rest: &[BinSegment],
    tail: &mut BitBuf,
) -> Result<(), Exception> {
    for seg in rest.iter() {
        put_segment(ctx, seg, tail)?;
    }
    if !appending {
        let t = finish(ctx, tail, alloc, live);
        return ctx.put(dst, t);
    }
    let seg = &segments[0];
    let acc = ctx.get(seg.src)?;
    let (t, _, _) = append_bits(ctx, acc, seg.unit, tail, alloc, Some(live))?;
    ctx.put(dst, t)
}

/// Room on the heap: collecting with x0..live as roots, or (`None`, for instructions that have no
/// live count) without collecting.
fn room<'a>(
    ctx: &'a mut ExecCtx,
    need: usize,
    live: Option<u32>,
    roots: &mut [Term],
) -> crate::terms::heap::Reservation<'a> {
    match live {
        Some(l) => ctx.reserve(need, l, roots),
        None => ctx.proc.heap.reserved(need),
    }
}

/// `acc` followed by `tail`, as a sub-binary over an append buffer: returns it, the buffer and
/// the bit offset in the buffer where `tail` starts.
fn append_bits(
    ctx: &mut ExecCtx,
    acc: Term,
    unit: u32,
    tail: &BitBuf,
    alloc: usize,
    live: Option<u32>,
) -> Result<(Term, Term, usize), Exception> {
    let Some((base, off, size)) = flatten(acc) else {
        return Err(Exception::badarg());
    };
    if !size.is_multiple_of(unit.max(1) as usize) {
        return Err(Exception::badarg());
    }
    let total = size
        .checked_add(tail.bits)
        .filter(|&n| n <= MAX_BITS)
        .ok_or_else(Exception::system_limit)?;
    // In place: the accumulator is a sub-binary covering exactly the used bits of an append
    // buffer in our own heap with room for the new bits.
    let in_place = off == 0
        && acc.is_box_of(BoxKind::SubBin)
        && buffer_bits(base) == Some(size)
        && buffer_capacity(base) >= total.div_ceil(8)
        && own_heap(ctx, base);
    if in_place {
        let mut roots = [base];
        let mut r = room(ctx, SUB_WORDS + alloc, live, &mut roots);
        let buf = roots[0];
        buffer_append(buf, size, tail);
        let t = r.boxed_raw(BoxKind::SubBin, &[total, 0, buf.raw()]);
        return Ok((t, buf, size));
    }
    let mut all = BitBuf::with_capacity_bits(total);
    if let Some((bytes, o, n)) = bitstring_view(acc) {
        all.push_bits(bytes, o, n);
    }
    all.push_bits(&tail.bytes, 0, tail.bits);
    let payload = buffer_payload(&all);
    let mut r = room(ctx, 1 + payload.len() + SUB_WORDS + alloc, live, &mut []);
    let buf = r.boxed_raw(BoxKind::HeapBin, &payload);
    let t = r.boxed_raw(BoxKind::SubBin, &[all.bits, 0, buf.raw()]);
    Ok((t, buf, size))
}

/// The finished bitstring for `out`: a heap binary, or a sub-binary over one for a size that is not
/// a whole number of bytes.
fn finish(ctx: &mut ExecCtx, out: &BitBuf, alloc: usize, live: u32) -> Term {
    let aligned = out.bits.is_multiple_of(8);
    let need = words::heap_binary(out.bytes.len()) + if aligned { 0 } else { SUB_WORDS };
    let mut r = ctx.reserve(need + alloc, live, &mut []);
    let bin = r.heap_binary(&out.bytes);
    if aligned {
        bin
    } else {
        r.boxed_raw(BoxKind::SubBin, &[out.bits, 0, bin.raw()])
    }
}

// ---- the pre-OTP-25 family: bs_init2/bs_init_bits/bs_append, then bs_put_* ----
//
// The puts write into the binary the last init or append made. BEAM keeps it in the process; here
// it is kept per scheduler thread, with the owning process and its collection count: nothing can
// run or collect between an init and its puts (the compiler emits them together and reserves heap
// up front), and a put that finds anything else raises instead of writing.

#[derive(Copy, Clone)]
struct Building {
    pid: Term,
    collections: u64,
    bin: Term,
    /// Payload words the puts may write below (data words only).
    limit: usize,
    pos: usize,
    end: usize,
}

thread_local! {
    static BUILDING: std::cell::Cell<Option<Building>> = const { std::cell::Cell::new(None) };
}

fn undefined() -> Src {
    Src::c(Term::atom(atom::UNDEFINED))
}

/// Bits of an old-style size operand (× unit).
fn old_size(ctx: &ExecCtx, size: Src, unit: u32) -> Result<usize, Exception> {
    let s = ctx.get(size)?;
    match s.as_small() {
        Some(v) if v >= 0 => (v as usize)
            .checked_mul(unit as usize)
            .filter(|&n| n <= MAX_BITS)
            .ok_or_else(Exception::system_limit),
        None if bignum::is_big(s) && !bignum::limbs(s).1 => Err(Exception::system_limit()),
        _ => Err(Exception::badarg()),
    }
}

fn start_building(ctx: &ExecCtx, bin: Term, limit: usize, pos: usize, end: usize) {
    let b = Building {
        pid: ctx.proc.pid,
        collections: ctx.proc.heap.collections,
        bin,
        limit,
        pos,
        end,
    };
    BUILDING.with(|c| c.set(Some(b)));
}

fn init_bits(
    ctx: &mut ExecCtx,
    size: Src,
    unit: u32,
    extra: usize,
    live: u32,
    dst: Dst,
) -> Result<(), Exception> {
    let bits = old_size(ctx, size, unit)?;
    let bytes = bits.div_ceil(8);
    let aligned = bits.is_multiple_of(8);
    let need = words::heap_binary(bytes) + if aligned { 0 } else { SUB_WORDS };
    let zeros = vec![0u8; bytes];
    let (bin, t) = {
        let mut r = ctx.reserve(need + extra, live, &mut []);
        let bin = r.heap_binary(&zeros);
        let t = if aligned {
            bin
        } else {
            r.boxed_raw(BoxKind::SubBin, &[bits, 0, bin.raw()])
        };
        (bin, t)
    };
    start_building(ctx, bin, bin.payload().len(), 0, bits);
    ctx.put(dst, t)
}

fn old_append(
    ctx: &mut ExecCtx,
    size: Src,
    extra: usize,
    live: Option<u32>,
    unit: u32,
    bin: Src,
    dst: Dst,
) -> Result<(), Exception> {
    let bits = old_size(ctx, size, 1)?;
    let acc = ctx.get(bin)?;
    let room_bits = BitBuf {
        bytes: vec![0u8; bits.div_ceil(8)],
        bits,
    };
    let (t, buf, at) = append_bits(ctx, acc, unit, &room_bits, extra, live)?;
    let limit = buf.payload().len() - 1;
    start_building(ctx, buf, limit, at, at + bits);
    ctx.put(dst, t)
}

/// Write `data` at the position of the binary under construction.
fn put_bits(ctx: &ExecCtx, data: &BitBuf) -> Result<(), Exception> {
    let Some(b) = BUILDING.with(|c| c.get()) else {
        return Err(crate::execution::interp::internal_error(
            "bs_put without a binary under construction",
        ));
    };
    if b.pid != ctx.proc.pid || b.collections != ctx.proc.heap.collections {
        return Err(crate::execution::interp::internal_error(
            "bs_put after its binary moved",
        ));
    }
    let end = b
        .pos
        .checked_add(data.bits)
        .filter(|&e| e <= b.end)
        .ok_or_else(Exception::badarg)?;
    write_at(b.bin, b.pos, data, b.limit);
    BUILDING.with(|c| c.set(Some(Building { pos: end, ..b })));
    Ok(())
}

fn put_old(
    ctx: &mut ExecCtx,
    fail: Label,
    kind: Kind,
    size: Src,
    unit: u32,
    flags: u32,
    src: Src,
) -> Result<Step, Exception> {
    let seg = BinSegment {
        kind: kind_atom(kind),
        unit,
        flags,
        src,
        size,
    };
    let mut data = BitBuf::new();
    if let Err(e) = put_segment(ctx, &seg, &mut data) {
        return fail_with(fail, e);
    }
    put_bits(ctx, &data)?;
    Ok(Step::Next)
}

// ---- append buffers ----

/// Payload of a new append buffer holding `data`, with as much room again (at least two words).
fn buffer_payload(data: &BitBuf) -> Vec<usize> {
    let used = data.bytes.len();
    let data_words = used.div_ceil(WORD_BYTES);
    let cap_words = data_words + data_words.max(2);
    let mut payload = vec![0usize; 1 + cap_words + 1];
    payload[0] = used;
    for (i, chunk) in data.bytes.chunks(WORD_BYTES).enumerate() {
        let mut w = [0u8; WORD_BYTES];
        w[..chunk.len()].copy_from_slice(chunk);
        payload[1 + i] = usize::from_ne_bytes(w);
    }
    payload[1 + cap_words] = data.bits;
    payload
}

/// Bytes an append buffer can hold.
fn buffer_capacity(t: Term) -> usize {
    t.payload().len().saturating_sub(2) * WORD_BYTES
}

fn own_heap(ctx: &ExecCtx, t: Term) -> bool {
    let block = &ctx.proc.heap.block;
    let start = block.as_ptr() as usize;
    let end = start + block.len() * WORD_BYTES;
    (start..end).contains(&(t.ptr() as usize))
}

/// Write `data` into the binary `bin` at bit `at`, keeping the bits before `at` (the rest of that
/// byte is overwritten). Writes only data words below payload index `limit`.
fn write_at(bin: Term, at: usize, data: &BitBuf, limit: usize) {
    let first = at / 8;
    let r = at % 8;
    let shifted;
    // Whole bytes at a byte boundary are written as they are (no copy).
    let src: &[u8] = if r == 0 && data.bits.is_multiple_of(8) && data.bytes.len() == data.bits / 8 {
        &data.bytes
    } else {
        let mut w = BitBuf::with_capacity_bits(r + data.bits);
        if r > 0 {
            let word = bin
                .payload()
                .get(1 + first / WORD_BYTES)
                .copied()
                .unwrap_or(0);
            w.push_small(word.to_ne_bytes()[first % WORD_BYTES] >> (8 - r), r);
        }
        w.push_bits(&data.bytes, 0, data.bits);
        shifted = w;
        &shifted.bytes
    };
    let mut i = 0;
    while i < src.len() {
        let byte = first + i;
        let wi = byte / WORD_BYTES;
        if 1 + wi >= limit.min(bin.payload().len()) {
            break; // never reached: callers check the room first
        }
        let mut word = bin.payload_word(1 + wi).to_ne_bytes();
        let mut j = byte % WORD_BYTES;
        while j < WORD_BYTES && i < src.len() {
            word[j] = src[i];
            j += 1;
            i += 1;
        }
        bin.set_payload_word_fresh(1 + wi, usize::from_ne_bytes(word));
    }
}

/// Write `tail` after the first `used` bits of buffer `buf` and record the new size. Only bytes
/// past the used bits change (plus the unused low bits of a partial last byte).
fn buffer_append(buf: Term, used: usize, tail: &BitBuf) {
    let n = buf.payload().len();
    write_at(buf, used, tail, n - 1);
    let total = used + tail.bits;
    buf.set_payload_word_fresh(0, total.div_ceil(8));
    buf.set_payload_word_fresh(n - 1, total);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn half_floats() {
        for f in [
            0.0,
            1.5,
            -2.0,
            65504.0,
            6.103515625e-5,
            5.960464477539063e-8,
            0.333251953125,
        ] {
            let h = f64_to_f16(f).unwrap();
            assert_eq!(f16_to_f64(h), f, "{}", f);
        }
        assert_eq!(f64_to_f16(1.5), Some(0x3E00));
        assert_eq!(f64_to_f16(70000.0), Some(0x7C00));
    }

    #[test]
    fn utf8_decoding_rejects_bad_sequences() {
        assert_eq!(decode_utf8(&[0xCE, 0xB4], 0, 16), Some((0x3B4, 16)));
        assert_eq!(decode_utf8(&[0xC0, 0x80], 0, 16), None);
        assert_eq!(decode_utf8(&[0xED, 0xA0, 0x80], 0, 24), None);
        assert_eq!(decode_utf8(&[0xF0, 0x9F, 0x98], 0, 24), None);
        assert_eq!(
            decode_utf8(&[0xF0, 0x9F, 0x98, 0x80], 0, 32),
            Some((0x1F600, 32))
        );
    }

    #[test]
    fn append_buffer_layout() {
        let mut b = BitBuf::new();
        b.push_uint(0xABCD, 16);
        b.push_uint(1, 1);
        let p = buffer_payload(&b);
        let mut a = crate::terms::heap::Arena::new();
        let t = a.boxed_raw(BoxKind::HeapBin, &p);
        assert_eq!(buffer_bits(t), Some(17));
        assert_eq!(
            crate::terms::heap::heap_binary_bytes(t),
            &[0xAB, 0xCD, 0x80]
        );
        let mut tail = BitBuf::new();
        tail.push_uint(0x7F, 7);
        buffer_append(t, 17, &tail);
        assert_eq!(buffer_bits(t), Some(24));
        assert_eq!(
            crate::terms::heap::heap_binary_bytes(t),
            &[0xAB, 0xCD, 0xFF]
        );
        let plain = a.heap_binary(&[1, 2, 3]);
        assert_eq!(buffer_bits(plain), None);
    }

    /// OTP 26's bs_match (no OTP 26 compiler here): run a command list by hand, under GC stress.
    #[test]
    fn bs_match_commands() {
        use crate::processes::process::Process;
        let mut lit = crate::terms::heap::Arena::new();
        let bin = lit.heap_binary(&[1, 2, 0xAB, 5, 6]);
        let mut p = Process::new(1, 0);
        p.heap.stress = true;
        let mut x = vec![Term::NIL; 8];
        x[0] = bin;
        let run = |x: &mut Vec<Term>, p: &mut Process, i: &Instr| {
            let mut c = ExecCtx {
                proc: p,
                x: &mut x[..],
            };
            match exec(&mut c, i) {
                Ok(Step::Next) => None,
                Ok(Step::Jump(l)) => Some(l),
                Err(_) => Some(u32::MAX - 1),
            }
        };
        let start = Instr::BsStartMatch3 {
            fail: 9,
            src: Src::x(0),
            live: 1,
            dst: Dst::X(1),
        };
        assert_eq!(run(&mut x, &mut p, &start), None);
        let small = |v| Src::c(Term::small(v));
        let cmds = vec![
            BsMatchCmd::EnsureAtLeast { size: 24, unit: 8 },
            BsMatchCmd::Integer {
                live: 2,
                flags: 0,
                size: small(8),
                unit: 1,
                dst: Dst::X(2),
            },
            BsMatchCmd::EqualValue {
                size: 8,
                value: Term::small(2),
            },
            BsMatchCmd::Skip {
                size: small(4),
                unit: 1,
            },
            BsMatchCmd::Binary {
                live: 3,
                flags: 0,
                size: small(4),
                unit: 1,
                dst: Dst::X(3),
            },
            BsMatchCmd::GetTail {
                live: 4,
                unit: 8,
                dst: Dst::X(4),
            },
        ];
        let m = Instr::BsMatch {
            fail: 7,
            ctx: Src::x(1),
            commands: cmds.into(),
        };
        assert_eq!(run(&mut x, &mut p, &m), None);
        assert_eq!(x[2], Term::small(1));
        assert_eq!(
            bitstring_view(x[3]).map(|(b, o, n)| (bits::read_uint(b, o, n), n)),
            Some((0xB, 4))
        );
        let tail = bitstring_view(x[4]).unwrap();
        assert_eq!((bits::read_uint(tail.0, tail.1, 16), tail.2), (0x0506, 16));
        // 16 bits remain: exactly 8 fails, a wrong value fails.
        let exactly = Instr::BsMatch {
            fail: 7,
            ctx: Src::x(1),
            commands: vec![BsMatchCmd::EnsureExactly { size: 8 }].into(),
        };
        assert_eq!(run(&mut x, &mut p, &exactly), Some(7));
        let wrong = Instr::BsMatch {
            fail: 7,
            ctx: Src::x(1),
            commands: vec![BsMatchCmd::EqualValue {
                size: 8,
                value: Term::small(6),
            }]
            .into(),
        };
        assert_eq!(run(&mut x, &mut p, &wrong), Some(7));
        // Not a binary: the fail label.
        x[0] = Term::small(3);
        assert_eq!(run(&mut x, &mut p, &start), Some(9));
    }
}
