//! Binary terms as every layer reads and builds them: their bytes, new bitstrings, the
//! heap-binary append buffer.

use crate::terms::bits;
use crate::terms::compare::{bitstring_view, BitsView};
use crate::terms::heap::{words, Alloc};
use crate::terms::term::{BoxKind, Term, WORD_BYTES};
use std::borrow::Cow;

/// Is `t` an append buffer (a heap binary with spare room that appends may extend in place)?
/// Such a binary must only ever be seen through sub-binaries: code that unwraps a sub-binary and
/// finds one must not hand the heap binary itself out as a value (make a sub-binary or a copy).
pub fn is_append_buffer(t: Term) -> bool {
    buffer_bits(t).is_some()
}

/// The used bits of an append buffer (None for any other term).
pub fn buffer_bits(t: Term) -> Option<usize> {
    if !t.is_box_of(BoxKind::HeapBin) {
        return None;
    }
    let p = t.payload();
    let used = *p.first()?;
    // An ordinary heap binary has exactly 1 + ceil(used / W) payload words.
    if p.len() < 2 + used.div_ceil(WORD_BYTES) {
        return None;
    }
    let bits = p[p.len() - 1];
    (bits.div_ceil(8) == used).then_some(bits)
}

/// Words of a sub-binary: header + [bit size, bit offset, original].
pub const SUB_WORDS: usize = 4;

/// Largest binary we build: 4 GiB on 64-bit targets (OTP has no limit but memory), 256 MiB on
/// wasm32, whose whole memory is 4 GiB and whose bit counts must fit a 32-bit word. Beyond it
/// `system_limit`, before anything is allocated.
pub const MAX_BYTES: usize = if usize::BITS >= 64 { 1 << 32 } else { 1 << 28 };

/// The bytes of a binary (a bitstring of whole bytes): borrowed when byte-aligned, else copied.
pub fn bytes_of(t: Term) -> Option<Cow<'static, [u8]>> {
    let (bytes, off, n) = bitstring_view(t)?;
    if n % 8 != 0 {
        return None;
    }
    Some(view_bytes((bytes, off, n - n % 8)))
}

/// The whole bytes of a view (its trailing `n % 8` bits left out).
pub fn view_bytes((bytes, off, n): BitsView) -> Cow<'static, [u8]> {
    let len = n / 8;
    if off % 8 == 0 {
        let start = off / 8;
        match bytes.get(start..start + len) {
            Some(s) => Cow::Borrowed(s),
            None => Cow::Owned(vec![0; len]), // unreachable: views stay inside their storage
        }
    } else {
        Cow::Owned(
            (0..len)
                .map(|i| bits::byte_at(bytes, off + 8 * i))
                .collect(),
        )
    }
}

/// Words to build a bitstring of `bits` bits with `build_bitstring`.
pub fn bitstring_words(bits: usize) -> usize {
    words::heap_binary(bits.div_ceil(8)) + if bits.is_multiple_of(8) { 0 } else { SUB_WORDS }
}

/// A new bitstring of the first `bits` bits of `bytes` (unused low bits of a partial last byte
/// must be zero). Needs `bitstring_words(bits)`.
pub fn build_bitstring<A: Alloc + ?Sized>(a: &mut A, bytes: &[u8], bits: usize) -> Term {
    let bin = a.heap_binary(&bytes[..bits.div_ceil(8).min(bytes.len())]);
    if bits.is_multiple_of(8) {
        bin
    } else {
        a.boxed_raw(BoxKind::SubBin, &[bits, 0, bin.raw()])
    }
}

/// The bits a match context has left to match (`[base, position, end, start]` payload, bit
/// offsets). Since OTP 26 the compiler applies `byte_size/1` and `bit_size/1` to a match
/// context, meaning the part of the binary not yet matched.
pub fn match_context_rest_bits(t: Term) -> Option<usize> {
    if !t.is_box_of(BoxKind::MatchCtx) {
        return None;
    }
    match t.payload() {
        [_, pos, end, ..] => end.checked_sub(*pos),
        _ => None,
    }
}

/// The size in bits of a bitstring, or of what a match context has left.
pub fn bit_size_of(t: Term) -> Option<usize> {
    match bitstring_view(t) {
        Some((_, _, n)) => Some(n),
        None => match_context_rest_bits(t),
    }
}
