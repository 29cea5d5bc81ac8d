//! Bit-level reading and writing for the bit syntax (`bin_instr.rs`).
//!
//! Bits are numbered big-endian within bytes: bit 0 is the most significant bit of byte 0.
//! Readers never index out of range: bits past the end of a slice read as 0 (callers check sizes
//! first; this is only the last line of defence). Integers wider than 64 bits go through
//! little-endian byte vectors and `dashu_int`.

use dashu_int::ops::BitTest;
use dashu_int::{IBig, UBig};

/// 8 bits starting at bit `pos`; bits past the end read as 0.
#[inline]
pub fn byte_at(bytes: &[u8], pos: usize) -> u8 {
    let i = pos / 8;
    let s = pos % 8;
    let hi = bytes.get(i).copied().unwrap_or(0);
    if s == 0 {
        return hi;
    }
    let lo = bytes.get(i + 1).copied().unwrap_or(0);
    (hi << s) | (lo >> (8 - s))
}

/// The `n` (≤ 64) bits at `pos`, big-endian, as an unsigned number.
pub fn read_uint(bytes: &[u8], mut pos: usize, mut n: usize) -> u64 {
    debug_assert!(n <= 64);
    let n0 = n.min(64);
    n = n0;
    let mut v: u64 = 0;
    while n >= 8 {
        v = (v << 8) | byte_at(bytes, pos) as u64;
        pos += 8;
        n -= 8;
    }
    if n > 0 {
        v = (v << n) | (byte_at(bytes, pos) >> (8 - n)) as u64;
    }
    v
}

/// The `n` bits at `pos` of an integer segment as little-endian bytes of the unsigned value
/// (`ceil(n / 8)` bytes). Big-endian segments hold the most significant `n % 8` bits first;
/// little-endian ones hold whole bytes least significant first and the top `n % 8` bits last.
pub fn read_int_le_bytes(bytes: &[u8], pos: usize, n: usize, little: bool) -> Vec<u8> {
    let k = n.div_ceil(8);
    let r = n % 8;
    let mut le = vec![0u8; k];
    if little {
        let full = n / 8;
        for (i, b) in le.iter_mut().take(full).enumerate() {
            *b = byte_at(bytes, pos + 8 * i);
        }
        if r > 0 {
            le[k - 1] = read_uint(bytes, pos + 8 * full, r) as u8;
        }
    } else {
        let mut p = pos;
        let mut i = k;
        if r > 0 {
            le[k - 1] = read_uint(bytes, p, r) as u8;
            p += r;
            i -= 1;
        }
        while i > 0 {
            le[i - 1] = byte_at(bytes, p);
            p += 8;
            i -= 1;
        }
    }
    le
}

/// The integer value of `n` bits given as little-endian bytes (from `read_int_le_bytes`).
pub fn int_from_le_bytes(le: &[u8], n: usize, signed: bool) -> IBig {
    let u = UBig::from_le_bytes(le);
    if signed && n > 0 && u.bit(n - 1) {
        IBig::from(u) - (IBig::ONE << n)
    } else {
        IBig::from(u)
    }
}

/// Sign-extend the low `n` (1..=64) bits of `v`.
#[inline]
pub fn sign_extend(v: u64, n: usize) -> i64 {
    if n == 0 {
        return 0;
    }
    if n >= 64 {
        return v as i64;
    }
    let shift = 64 - n;
    ((v << shift) as i64) >> shift
}

/// `v` modulo 2^(8·k) as `k` little-endian bytes (two's complement for negative values).
pub fn int_to_le_bytes(v: &IBig, k: usize) -> Vec<u8> {
    let raw = v.to_le_bytes();
    let fill = if *v < IBig::ZERO { 0xFF } else { 0 };
    (0..k)
        .map(|i| raw.get(i).copied().unwrap_or(fill))
        .collect()
}

/// A growing bitstring.
#[derive(Default, Debug, Clone)]
pub struct BitBuf {
    pub bytes: Vec<u8>,
    pub bits: usize,
}

impl BitBuf {
    pub fn new() -> BitBuf {
        BitBuf::default()
    }

    pub fn with_capacity_bits(n: usize) -> BitBuf {
        BitBuf {
            bytes: Vec::with_capacity(n.div_ceil(8)),
            bits: 0,
        }
    }

    /// Append the low `n` (≤ 8) bits of `v`.
    pub fn push_small(&mut self, v: u8, n: usize) {
        if n == 0 {
            return;
        }
        let n = n.min(8);
        let v = (v as u16) & ((1u16 << n) - 1);
        let used = self.bits % 8;
        if used == 0 {
            self.bytes.push((v << (8 - n)) as u8);
        } else {
            let free = 8 - used;
            if let Some(last) = self.bytes.last_mut() {
                if n <= free {
                    *last |= (v << (free - n)) as u8;
                } else {
                    *last |= (v >> (n - free)) as u8;
                    self.bytes.push((v << (8 - (n - free))) as u8);
                }
            }
        }
        self.bits += n;
    }

    /// Append the low `n` (≤ 64) bits of `v`, most significant first.
    pub fn push_uint(&mut self, v: u64, n: usize) {
        let n = n.min(64);
        let r = n % 8;
        if r > 0 {
            self.push_small((v >> (n - r)) as u8, r);
        }
        let mut left = n - r;
        while left > 0 {
            left -= 8;
            self.push_small((v >> left) as u8, 8);
        }
    }

    /// Append `n` bits of `src` starting at bit `off` (bits past its end read as 0).
    pub fn push_bits(&mut self, src: &[u8], off: usize, n: usize) {
        let full = n / 8;
        if self.bits.is_multiple_of(8) && off.is_multiple_of(8) {
            let start = (off / 8).min(src.len());
            let end = (off / 8 + full).min(src.len());
            self.bytes.extend_from_slice(&src[start..end]);
            // Anything missing (only if the caller asked past the end) reads as zeros.
            self.bytes
                .resize(self.bytes.len() + full - (end - start), 0);
            self.bits += 8 * full;
        } else {
            self.bytes.reserve(full + 1);
            for i in 0..full {
                self.push_small(byte_at(src, off + 8 * i), 8);
            }
        }
        let r = n % 8;
        if r > 0 {
            self.push_small(byte_at(src, off + 8 * full) >> (8 - r), r);
        }
    }

    /// Append an integer segment of `n` bits whose value modulo 2^(8·ceil(n/8)) is given as
    /// little-endian bytes (see `read_int_le_bytes` for the layout).
    pub fn push_int_le_bytes(&mut self, le: &[u8], n: usize, little: bool) {
        let k = n.div_ceil(8);
        let r = n % 8;
        let at = |i: usize| le.get(i).copied().unwrap_or(0);
        if little {
            let full = n / 8;
            for i in 0..full {
                self.push_small(at(i), 8);
            }
            if r > 0 {
                self.push_small(at(k - 1), r);
            }
        } else {
            let mut i = k;
            if r > 0 {
                self.push_small(at(k - 1), r);
                i -= 1;
            }
            while i > 0 {
                self.push_small(at(i - 1), 8);
                i -= 1;
            }
        }
    }

    /// Append an `n`-bit integer segment holding `v` (an i64), two's complement, truncated.
    pub fn push_i64(&mut self, v: i64, n: usize, little: bool) {
        if n <= 64 && !little {
            self.push_uint(v as u64, n);
            return;
        }
        if n <= 64 {
            // Little-endian without a temporary: the low bytes in order, then the top `r` bits
            // of the next byte (as `push_int_le_bytes` does).
            let full = n / 8;
            for i in 0..full {
                self.push_small((v >> (8 * i)) as u8, 8);
            }
            let r = n % 8;
            if r > 0 {
                self.push_small((v >> (8 * full)) as u8, r);
            }
            return;
        }
        let k = n.div_ceil(8);
        let mut le = Vec::with_capacity(k);
        for i in 0..k {
            le.push(if i < 8 {
                (v >> (8 * i)) as u8
            } else if v < 0 {
                0xFF
            } else {
                0
            });
        }
        self.push_int_le_bytes(&le, n, little);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn push_i64_little_matches_le_bytes() {
        for &v in &[
            0i64,
            1,
            -1,
            0x1234_5678_9abc_def0,
            i64::MIN,
            i64::MAX,
            -300,
            255,
        ] {
            for n in 1..=64 {
                let mut a = BitBuf::new();
                a.push_small(0b101, 3);
                a.push_i64(v, n, true);
                let mut b = BitBuf::new();
                b.push_small(0b101, 3);
                b.push_int_le_bytes(&v.to_le_bytes(), n, true);
                assert_eq!((a.bytes, a.bits), (b.bytes, b.bits), "v={} n={}", v, n);
            }
        }
    }

    #[test]
    fn push_and_read_unaligned() {
        let mut b = BitBuf::new();
        b.push_uint(5, 3);
        b.push_uint(0x1FF, 9);
        b.push_uint(1, 1);
        assert_eq!(b.bits, 13);
        assert_eq!(read_uint(&b.bytes, 0, 3), 5);
        assert_eq!(read_uint(&b.bytes, 3, 9), 0x1FF);
        assert_eq!(read_uint(&b.bytes, 12, 1), 1);
        // Past the end reads as zero, never panics.
        assert_eq!(read_uint(&b.bytes, 1000, 64), 0);
    }

    #[test]
    fn little_endian_odd_sizes_like_otp() {
        // <<16#123:12/little>> =:= <<16#23, 1:4>>
        let mut b = BitBuf::new();
        b.push_i64(0x123, 12, true);
        assert_eq!(b.bits, 12);
        assert_eq!(b.bytes, vec![0x23, 0x10]);
        let le = read_int_le_bytes(&b.bytes, 0, 12, true);
        assert_eq!(int_from_le_bytes(&le, 12, false), IBig::from(0x123));
        // <<B:20/little-signed>> = <<16#45,16#23,16#F:4>> gives -56507
        let mut c = BitBuf::new();
        c.push_uint(0x45, 8);
        c.push_uint(0x23, 8);
        c.push_uint(0xF, 4);
        let le = read_int_le_bytes(&c.bytes, 0, 20, true);
        assert_eq!(int_from_le_bytes(&le, 20, true), IBig::from(-56507));
    }

    #[test]
    fn big_integers_round_trip() {
        let v = (IBig::ONE << 200) - IBig::from(12345);
        for little in [false, true] {
            for n in [201usize, 203, 256] {
                let mut b = BitBuf::new();
                b.push_uint(1, 3);
                b.push_int_le_bytes(&int_to_le_bytes(&v, n.div_ceil(8)), n, little);
                let le = read_int_le_bytes(&b.bytes, 3, n, little);
                assert_eq!(int_from_le_bytes(&le, n, false), v);
            }
        }
        let neg = -v.clone();
        let mut b = BitBuf::new();
        b.push_int_le_bytes(&int_to_le_bytes(&neg, 26), 201, false);
        let le = read_int_le_bytes(&b.bytes, 0, 201, false);
        assert_eq!(int_from_le_bytes(&le, 201, true), neg);
    }

    #[test]
    fn copy_bit_ranges() {
        let src = [0b1010_1100u8, 0b0101_0011, 0xFF];
        let mut b = BitBuf::new();
        b.push_uint(1, 1);
        b.push_bits(&src, 2, 13);
        assert_eq!(b.bits, 14);
        assert_eq!(read_uint(&b.bytes, 1, 13), read_uint(&src, 2, 13));
        let mut a = BitBuf::new();
        a.push_bits(&src, 8, 16);
        assert_eq!(a.bytes, vec![0b0101_0011, 0xFF]);
        assert_eq!(sign_extend(0b101, 3), -3);
    }
}
