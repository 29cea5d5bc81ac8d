//! `crypto` on mbedTLS: the natives under estdlib's `crypto` module (`crypto:nif_*`), a file per
//! family. `crypto.erl` holds OTP's API: it checks names and sizes and raises OTP's error terms
//! (`{badarg, {File, Line}, Description}`, `{notsup, ...}`); the natives take checked atoms and
//! bytes and raise a plain `badarg` for anything else. `mbed.rs` is the only file that calls C.

use crate::code::native::Ctx;
use crate::natives::binaries::{walk_iolist, IoMode, Piece};
use crate::terms::binary::{bitstring_words, build_bitstring, view_bytes, MAX_BYTES};
use crate::terms::exception::{BifResult, Exception};
use crate::terms::heap::{words, Alloc};
use crate::terms::term::Term;

pub mod aead;
pub mod cipher;
pub mod hash;
pub mod mac;
pub mod mbed;
pub mod pk;
pub mod random;

use mbed::{Curve, Digest};

/// The bytes of iodata (a binary or an iolist); `badarg` for anything else.
pub(crate) fn iodata(t: Term) -> Result<Vec<u8>, Exception> {
    if let Some(b) = crate::terms::binary::bytes_of(t) {
        return Ok(b.into_owned());
    }
    let mut out = Vec::new();
    walk_iolist(t, IoMode::Binary, |p| match p {
        Piece::Byte(b) => out.push(b),
        Piece::Bits(v) => out.extend_from_slice(&view_bytes(v)),
    })
    .map_err(|_| Exception::badarg())?;
    Ok(out)
}

/// The name of an atom argument.
pub(crate) fn atom_name(t: Term) -> Result<&'static [u8], Exception> {
    let a = t.as_atom().ok_or_else(Exception::badarg)?;
    Ok(crate::terms::atom::name(a))
}

pub(crate) fn digest_arg(t: Term) -> Result<Digest, Exception> {
    Digest::from_name(atom_name(t)?).ok_or_else(Exception::badarg)
}

pub(crate) fn curve_arg(t: Term) -> Result<Curve, Exception> {
    Curve::from_name(atom_name(t)?).ok_or_else(Exception::badarg)
}

/// A non-negative small integer argument.
pub(crate) fn size_arg(t: Term) -> Result<usize, Exception> {
    t.as_small()
        .and_then(|v| usize::try_from(v).ok())
        .ok_or_else(Exception::badarg)
}

/// A tuple of new binaries (one binary when `parts` has one element).
pub(crate) fn make_binaries(ctx: &mut Ctx, args: &mut [Term], parts: &[&[u8]]) -> BifResult {
    if parts.iter().any(|p| p.len() > MAX_BYTES) {
        return Err(Exception::system_limit());
    }
    let tuple = if parts.len() == 1 {
        0
    } else {
        words::tuple(parts.len())
    };
    let need = tuple
        + parts
            .iter()
            .map(|p| bitstring_words(p.len() * 8))
            .sum::<usize>();
    let mut r = ctx.reserve(need, args);
    let terms: Vec<Term> = parts
        .iter()
        .map(|p| build_bitstring(&mut r, p, p.len() * 8))
        .collect();
    if parts.len() == 1 {
        Ok(terms[0])
    } else {
        Ok(r.tuple(&terms))
    }
}

/// A process exited: free the cipher streams it owned.
pub fn owner_exited(pid: Term) {
    cipher::owner_exited(pid);
}
