//! Checksums and digests of iodata: `erlang:crc32/1,2`, `crc32_combine/3`, `adler32/1,2`,
//! `adler32_combine/3` (zlib's), and `md5/1`, `md5_init/0`, `md5_update/2`, `md5_final/1`.

use crate::code::md5::Md5;
use crate::code::native::Ctx;
use crate::natives::binaries::{walk_iolist, IoMode, Piece};
use crate::natives::registry::BifEntry;
use crate::natives::results::make_binary;
use crate::natives::results::make_i128;
use crate::terms::bignum;
use crate::terms::binary::bytes_of;
use crate::terms::binary::view_bytes;
use crate::terms::exception::{BifResult, Exception};
use crate::terms::term::Term;

/// Feed the bytes of the iodata `t` to `f`, a run at a time.
fn each_run(t: Term, mut f: impl FnMut(&[u8])) -> Result<(), Exception> {
    walk_iolist(t, IoMode::Binary, |p| match p {
        Piece::Byte(b) => f(&[b]),
        Piece::Bits(v) => f(&view_bytes(v)),
    })
    .map_err(|_| Exception::badarg())
}

/// A 32-bit unsigned argument.
fn arg_u32(t: Term) -> Result<u32, Exception> {
    bignum::to_i128(t)
        .and_then(|v| u32::try_from(v).ok())
        .ok_or_else(Exception::badarg)
}

/// A non-negative size argument.
fn arg_len(t: Term) -> Result<u64, Exception> {
    bignum::to_i128(t)
        .and_then(|v| u64::try_from(v).ok())
        .ok_or_else(Exception::badarg)
}

// ---- CRC-32 (the reflected polynomial 0xEDB88320, as zlib) ----

const CRC_POLY: u32 = 0xEDB8_8320;

const fn crc_table() -> [u32; 256] {
    let mut t = [0u32; 256];
    let mut i = 0;
    while i < 256 {
        let mut c = i as u32;
        let mut k = 0;
        while k < 8 {
            c = if c & 1 != 0 {
                CRC_POLY ^ (c >> 1)
            } else {
                c >> 1
            };
            k += 1;
        }
        t[i] = c;
        i += 1;
    }
    t
}

static CRC_TABLE: [u32; 256] = crc_table();

/// Continue the CRC `crc` (a finished value, as crc32/2 takes it) over `bytes`.
pub fn crc32_update(crc: u32, bytes: &[u8]) -> u32 {
    let mut c = !crc;
    for &b in bytes {
        c = CRC_TABLE[((c ^ b as u32) & 0xFF) as usize] ^ (c >> 8);
    }
    !c
}

/// A 32×32 matrix over GF(2) (one column a word) times a vector.
fn gf2_times(mat: &[u32; 32], mut vec: u32) -> u32 {
    let mut sum = 0;
    let mut i = 0;
    while vec != 0 {
        if vec & 1 != 0 {
            sum ^= mat[i];
        }
        vec >>= 1;
        i += 1;
    }
    sum
}

fn gf2_square(mat: &[u32; 32]) -> [u32; 32] {
    let mut sq = [0u32; 32];
    for (n, s) in sq.iter_mut().enumerate() {
        *s = gf2_times(mat, mat[n]);
    }
    sq
}

/// The CRC of A ++ B from crc(A), crc(B) and the length of B: crc(A) is run through
/// `len2` zero bytes by repeated squaring of the one-zero-bit operator.
pub fn crc32_combine(crc1: u32, crc2: u32, mut len2: u64) -> u32 {
    // The operator for one zero bit, then two, then four.
    let mut op = [0u32; 32];
    op[0] = CRC_POLY;
    for (n, o) in op.iter_mut().enumerate().skip(1) {
        *o = 1 << (n - 1);
    }
    op = gf2_square(&gf2_square(&op));
    let mut crc = crc1;
    // Each step squares the operator (8 zero bits the first time: one byte).
    while len2 != 0 {
        op = gf2_square(&op);
        if len2 & 1 != 0 {
            crc = gf2_times(&op, crc);
        }
        len2 >>= 1;
    }
    crc ^ crc2
}

fn crc32_1(ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    let mut c = 0;
    each_run(args[0], |b| c = crc32_update(c, b))?;
    make_i128(ctx, args, c as i128)
}

fn crc32_2(ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    let mut c = arg_u32(args[0])?;
    each_run(args[1], |b| c = crc32_update(c, b))?;
    make_i128(ctx, args, c as i128)
}

fn crc32_combine3(ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    let c = crc32_combine(arg_u32(args[0])?, arg_u32(args[1])?, arg_len(args[2])?);
    make_i128(ctx, args, c as i128)
}

// ---- Adler-32 ----

const ADLER_BASE: u32 = 65521;

pub fn adler32_update(adler: u32, bytes: &[u8]) -> u32 {
    let (mut a, mut b) = (adler & 0xFFFF, adler >> 16);
    // 5552 bytes keep the sums below 2^32 between reductions.
    for chunk in bytes.chunks(5552) {
        for &x in chunk {
            a += x as u32;
            b += a;
        }
        a %= ADLER_BASE;
        b %= ADLER_BASE;
    }
    (b << 16) | a
}

/// The Adler-32 of A ++ B from those of A and B and the length of B.
pub fn adler32_combine(adler1: u32, adler2: u32, len2: u64) -> u32 {
    let base = ADLER_BASE as u64;
    let rem = len2 % base;
    let (a1, b1) = ((adler1 & 0xFFFF) as u64, (adler1 >> 16) as u64);
    let (a2, b2) = ((adler2 & 0xFFFF) as u64, (adler2 >> 16) as u64);
    let a = (a1 + a2 + base - 1) % base;
    let b = (rem * a1 + b1 + b2 + base - rem) % base;
    ((b << 16) | a) as u32
}

fn adler32_1(ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    let mut a = 1;
    each_run(args[0], |b| a = adler32_update(a, b))?;
    make_i128(ctx, args, a as i128)
}

fn adler32_2(ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    let mut a = arg_u32(args[0])?;
    each_run(args[1], |b| a = adler32_update(a, b))?;
    make_i128(ctx, args, a as i128)
}

fn adler32_combine3(ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    let a = adler32_combine(arg_u32(args[0])?, arg_u32(args[1])?, arg_len(args[2])?);
    make_i128(ctx, args, a as i128)
}

// ---- MD5 (RFC 1321, `code::md5`) ----

fn md5_context(t: Term) -> Result<Md5, Exception> {
    bytes_of(t)
        .and_then(|b| Md5::from_bytes(&b))
        .ok_or_else(Exception::badarg)
}

fn md5(ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    let mut m = Md5::new();
    each_run(args[0], |b| m.update(b))?;
    make_binary(ctx, args, &m.finish())
}

fn md5_init(ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    make_binary(ctx, args, &Md5::new().to_bytes())
}

fn md5_update(ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    let mut m = md5_context(args[0])?;
    each_run(args[1], |b| m.update(b))?;
    make_binary(ctx, args, &m.to_bytes())
}

fn md5_final(ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    let m = md5_context(args[0])?;
    make_binary(ctx, args, &m.finish())
}

pub const BIFS: &[BifEntry] = &[
    BifEntry::erlang("crc32", 1, crc32_1),
    BifEntry::erlang("crc32", 2, crc32_2),
    BifEntry::erlang("crc32_combine", 3, crc32_combine3),
    BifEntry::erlang("adler32", 1, adler32_1),
    BifEntry::erlang("adler32", 2, adler32_2),
    BifEntry::erlang("adler32_combine", 3, adler32_combine3),
    BifEntry::erlang("md5", 1, md5),
    BifEntry::erlang("md5_init", 0, md5_init),
    BifEntry::erlang("md5_update", 2, md5_update),
    BifEntry::erlang("md5_final", 1, md5_final),
];

#[cfg(test)]
mod tests {
    use super::*;

    fn hex(b: &[u8]) -> String {
        b.iter().map(|x| format!("{x:02x}")).collect()
    }

    #[test]
    fn md5_vectors() {
        let digest = |s: &[u8]| {
            let mut m = Md5::new();
            m.update(s);
            hex(&m.finish())
        };
        assert_eq!(digest(b""), "d41d8cd98f00b204e9800998ecf8427e");
        assert_eq!(digest(b"abc"), "900150983cd24fb0d6963f7d28e17f72");
        let long =
            b"12345678901234567890123456789012345678901234567890123456789012345678901234567890";
        assert_eq!(digest(long), "57edf4a22be3c955ac49da2e2107b67a");
    }

    #[test]
    fn crc_and_adler() {
        assert_eq!(crc32_update(0, b"123456789"), 0xCBF4_3926);
        assert_eq!(adler32_update(1, b"Wikipedia"), 0x11E6_0398);
        let (a, b) = (b"hello ".as_slice(), b"world, and more".as_slice());
        let whole = [a, b].concat();
        assert_eq!(
            crc32_combine(crc32_update(0, a), crc32_update(0, b), b.len() as u64),
            crc32_update(0, &whole)
        );
        assert_eq!(
            adler32_combine(adler32_update(1, a), adler32_update(1, b), b.len() as u64),
            adler32_update(1, &whole)
        );
    }
}
