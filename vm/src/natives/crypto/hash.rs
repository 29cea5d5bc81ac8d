//! Digests: `hash/2` and the streaming `hash_init/update/final`. A stream's state is a value
//! (the mbedTLS context saved as bytes, see `mbed::HashState`) that `crypto.erl` wraps in a
//! tuple: updating returns a new state and the old one stays usable, as OTP's do, and nothing
//! is left to free or to lock.

use super::mbed::{self, HashState};
use super::{digest_arg, iodata, make_binaries};
use crate::code::native::Ctx;
use crate::natives::registry::BifEntry;
use crate::terms::binary::bytes_of;
use crate::terms::exception::{BifResult, Exception};
use crate::terms::term::Term;

/// `nif_hash(Digest, Data)`.
fn hash_2(ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    let d = digest_arg(args[0])?;
    let data = iodata(args[1])?;
    let out = mbed::digest(d, &data);
    make_binaries(ctx, args, &[&out])
}

/// `nif_hash_init(Digest)`: the saved state of an empty stream.
fn hash_init_1(ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    let d = digest_arg(args[0])?;
    let saved = HashState::new(d).save();
    make_binaries(ctx, args, &[&saved])
}

fn restore(d: Term, saved: Term) -> Result<HashState, Exception> {
    let d = digest_arg(d)?;
    let bytes = bytes_of(saved).ok_or_else(Exception::badarg)?;
    HashState::restore(d, &bytes).ok_or_else(Exception::badarg)
}

/// `nif_hash_update(Digest, Saved, Data)`: the saved state after `Data`.
fn hash_update_3(ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    let mut s = restore(args[0], args[1])?;
    let data = iodata(args[2])?;
    s.update(&data);
    let saved = s.save();
    make_binaries(ctx, args, &[&saved])
}

/// `nif_hash_final(Digest, Saved)`.
fn hash_final_2(ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    let out = restore(args[0], args[1])?.finish();
    make_binaries(ctx, args, &[&out])
}

pub const BIFS: &[BifEntry] = &[
    BifEntry::new("crypto", "nif_hash", 2, hash_2),
    BifEntry::new("crypto", "nif_hash_init", 1, hash_init_1),
    BifEntry::new("crypto", "nif_hash_update", 3, hash_update_3),
    BifEntry::new("crypto", "nif_hash_final", 2, hash_final_2),
];
