//! Random bytes, key derivation and byte helpers: `strong_rand_bytes/1`, `pbkdf2_hmac/5`,
//! `exor/2`, `hash_equals/2`, `info_lib/0`.

use super::mbed;
use super::{digest_arg, iodata, make_binaries, size_arg};
use crate::code::native::Ctx;
use crate::natives::registry::BifEntry;
use crate::platform::entropy;
use crate::terms::binary::MAX_BYTES;
use crate::terms::exception::{BifResult, Exception};
use crate::terms::term::Term;

/// `nif_strong_rand_bytes(N)`: N bytes from the system's entropy (`low_entropy` if it refuses,
/// as OTP).
fn strong_rand_bytes_1(ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    let n = size_arg(args[0])?;
    if n > MAX_BYTES {
        return Err(Exception::system_limit());
    }
    let mut buf = vec![0u8; n];
    if !entropy::fill(&mut buf) {
        return Err(Exception::error_atom(crate::terms::atom::intern_str(
            "low_entropy",
        )));
    }
    make_binaries(ctx, args, &[&buf])
}

/// `nif_pbkdf2(Digest, Password, Salt, Iterations, KeyLen)`.
fn pbkdf2_5(ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    let d = digest_arg(args[0])?;
    let pass = iodata(args[1])?;
    let salt = iodata(args[2])?;
    let iterations = u32::try_from(size_arg(args[3])?).map_err(|_| Exception::badarg())?;
    let len = size_arg(args[4])?;
    if iterations == 0 || len == 0 || len > MAX_BYTES {
        return Err(Exception::badarg());
    }
    let out =
        mbed::pbkdf2(d, &pass, &salt, iterations, len as u32).ok_or_else(Exception::badarg)?;
    make_binaries(ctx, args, &[&out])
}

/// `nif_exor(A, B)`: byte-wise xor of two iodata of the same size.
fn exor_2(ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    let a = iodata(args[0])?;
    let b = iodata(args[1])?;
    if a.len() != b.len() {
        return Err(Exception::badarg());
    }
    let out: Vec<u8> = a.iter().zip(&b).map(|(x, y)| x ^ y).collect();
    make_binaries(ctx, args, &[&out])
}

/// `nif_hash_equals(A, B)`: equal binaries of the same size, compared in constant time.
fn hash_equals_2(_ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    let a = crate::terms::binary::bytes_of(args[0]).ok_or_else(Exception::badarg)?;
    let b = crate::terms::binary::bytes_of(args[1]).ok_or_else(Exception::badarg)?;
    if a.len() != b.len() {
        return Err(Exception::badarg());
    }
    let diff = a
        .iter()
        .zip(b.iter())
        .fold(0u8, |acc, (x, y)| acc | (x ^ y));
    Ok(Term::boolean(diff == 0))
}

/// `nif_info_lib()`: mbedTLS's version text ("3.6.5"; `crypto.erl` makes OTP's tuple).
fn info_lib_0(ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    let text = mbed::version();
    make_binaries(ctx, args, &[text.as_bytes()])
}

pub const BIFS: &[BifEntry] = &[
    BifEntry::new("crypto", "nif_strong_rand_bytes", 1, strong_rand_bytes_1),
    BifEntry::new("crypto", "nif_pbkdf2", 5, pbkdf2_5),
    BifEntry::new("crypto", "nif_exor", 2, exor_2),
    BifEntry::new("crypto", "nif_hash_equals", 2, hash_equals_2),
    BifEntry::new("crypto", "nif_info_lib", 0, info_lib_0),
];
