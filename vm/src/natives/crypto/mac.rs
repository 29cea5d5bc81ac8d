//! MACs: HMAC over every digest, CMAC over AES (`mac/3,4`, `macN/4,5` in `crypto.erl`).

use super::mbed;
use super::{digest_arg, iodata, make_binaries};
use crate::code::native::Ctx;
use crate::natives::registry::BifEntry;
use crate::terms::exception::{BifResult, Exception};
use crate::terms::term::Term;

/// `nif_hmac(Digest, Key, Data)`.
fn hmac_3(ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    let d = digest_arg(args[0])?;
    let key = iodata(args[1])?;
    let data = iodata(args[2])?;
    let out = mbed::hmac(d, &key, &data);
    make_binaries(ctx, args, &[&out])
}

/// `nif_cmac(Key, Data)`: AES-CMAC, the AES variant told by the key's size.
fn cmac_2(ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    let key = iodata(args[0])?;
    let data = iodata(args[1])?;
    let out = mbed::cmac_aes(&key, &data).ok_or_else(Exception::badarg)?;
    make_binaries(ctx, args, &[&out])
}

pub const BIFS: &[BifEntry] = &[
    BifEntry::new("crypto", "nif_hmac", 3, hmac_3),
    BifEntry::new("crypto", "nif_cmac", 2, cmac_2),
];
