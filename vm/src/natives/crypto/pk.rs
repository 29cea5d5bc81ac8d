//! Public-key operations: ECDH (`generate_key/2,3`, `compute_key/4`) on x25519, P-256, P-384
//! and P-521, ECDSA and RSA (PKCS#1 v1.5, PSS) `sign/4,5` and `verify/5,6`. `crypto.erl`
//! hashes the message and turns OTP's key lists into the big-endian byte strings used here.

use super::mbed;
use super::{curve_arg, digest_arg, iodata, make_binaries};
use crate::code::native::Ctx;
use crate::natives::registry::BifEntry;
use crate::terms::atom;
use crate::terms::exception::{BifResult, Exception};
use crate::terms::term::Term;

fn flag(t: Term) -> Result<bool, Exception> {
    match t.as_atom().map(atom::name) {
        Some(b"true") => Ok(true),
        Some(b"false") => Ok(false),
        _ => Err(Exception::badarg()),
    }
}

/// `nif_ec_generate(Curve)` → `{Public, Private}`.
fn ec_generate_1(ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    let c = curve_arg(args[0])?;
    let (public, private) = mbed::ec_generate(c).ok_or_else(Exception::badarg)?;
    make_binaries(ctx, args, &[&public, &private])
}

/// `nif_ec_from_private(Curve, Private)` → `{Public, Private}`.
fn ec_from_private_2(ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    let c = curve_arg(args[0])?;
    let private = iodata(args[1])?;
    let (public, private) = mbed::ec_from_private(c, &private).ok_or_else(Exception::badarg)?;
    make_binaries(ctx, args, &[&public, &private])
}

/// `nif_ecdh(Curve, PeerPublic, Private)` → the shared secret.
fn ecdh_3(ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    let c = curve_arg(args[0])?;
    let peer = iodata(args[1])?;
    let private = iodata(args[2])?;
    let z = mbed::ecdh(c, &peer, &private).ok_or_else(Exception::badarg)?;
    make_binaries(ctx, args, &[&z])
}

/// `nif_ecdsa_sign(Curve, Private, Digest, Hash)` → a DER signature.
fn ecdsa_sign_4(ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    let c = curve_arg(args[0])?;
    let private = iodata(args[1])?;
    let d = digest_arg(args[2])?;
    let hash = iodata(args[3])?;
    let sig = mbed::ecdsa_sign(c, &private, d, &hash).ok_or_else(Exception::badarg)?;
    make_binaries(ctx, args, &[&sig])
}

/// `nif_ecdsa_verify(Curve, Public, Hash, Signature)` → boolean.
fn ecdsa_verify_4(_ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    let c = curve_arg(args[0])?;
    let public = iodata(args[1])?;
    let hash = iodata(args[2])?;
    let sig = iodata(args[3])?;
    let ok = mbed::ecdsa_verify(c, &public, &hash, &sig).ok_or_else(Exception::badarg)?;
    Ok(Term::boolean(ok))
}

/// `nif_rsa_sign(N, E, D, Digest, Hash, Pss)` → the signature.
fn rsa_sign_6(ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    let n = iodata(args[0])?;
    let e = iodata(args[1])?;
    let priv_d = iodata(args[2])?;
    let d = digest_arg(args[3])?;
    let hash = iodata(args[4])?;
    let pss = flag(args[5])?;
    let sig = mbed::rsa_sign(&n, &e, &priv_d, d, &hash, pss).ok_or_else(Exception::badarg)?;
    make_binaries(ctx, args, &[&sig])
}

/// `nif_rsa_verify(N, E, Digest, Hash, Signature, Pss)` → boolean.
fn rsa_verify_6(_ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    let n = iodata(args[0])?;
    let e = iodata(args[1])?;
    let d = digest_arg(args[2])?;
    let hash = iodata(args[3])?;
    let sig = iodata(args[4])?;
    let pss = flag(args[5])?;
    let ok = mbed::rsa_verify(&n, &e, d, &hash, &sig, pss).ok_or_else(Exception::badarg)?;
    Ok(Term::boolean(ok))
}

pub const BIFS: &[BifEntry] = &[
    BifEntry::new("crypto", "nif_ec_generate", 1, ec_generate_1),
    BifEntry::new("crypto", "nif_ec_from_private", 2, ec_from_private_2),
    BifEntry::new("crypto", "nif_ecdh", 3, ecdh_3),
    BifEntry::new("crypto", "nif_ecdsa_sign", 4, ecdsa_sign_4),
    BifEntry::new("crypto", "nif_ecdsa_verify", 4, ecdsa_verify_4),
    BifEntry::new("crypto", "nif_rsa_sign", 6, rsa_sign_6),
    BifEntry::new("crypto", "nif_rsa_verify", 6, rsa_verify_6),
];
