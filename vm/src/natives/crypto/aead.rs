//! AEAD ciphers, one shot: `crypto_one_time_aead/6,7` for AES-GCM, AES-CCM and
//! ChaCha20-Poly1305. A tag that does not match gives the atom `error`, as in OTP.

use super::mbed::{self, Aead, AeadError};
use super::{atom_name, iodata, make_binaries, size_arg};
use crate::code::native::Ctx;
use crate::natives::registry::BifEntry;
use crate::terms::atom;
use crate::terms::exception::{BifResult, Exception};
use crate::terms::term::Term;

/// OTP's AEAD names: (kind, key bytes; 0 when the key tells).
fn kind_of(name: &[u8]) -> Option<(Aead, usize)> {
    Some(match name {
        b"aes_128_gcm" => (Aead::Gcm, 16),
        b"aes_192_gcm" => (Aead::Gcm, 24),
        b"aes_256_gcm" => (Aead::Gcm, 32),
        b"aes_gcm" => (Aead::Gcm, 0),
        b"aes_128_ccm" => (Aead::Ccm, 16),
        b"aes_192_ccm" => (Aead::Ccm, 24),
        b"aes_256_ccm" => (Aead::Ccm, 32),
        b"aes_ccm" => (Aead::Ccm, 0),
        b"chacha20_poly1305" => (Aead::ChachaPoly, 32),
        _ => return None,
    })
}

fn bad(_: AeadError) -> Exception {
    Exception::badarg()
}

/// `nif_aead(Cipher, Key, IV, Data, AAD, TagOrTagLength, Encrypt)`: `{Out, Tag}` when
/// encrypting (the tag of the given length), `Out` or `error` when decrypting.
fn aead_7(ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    let (kind, key_len) = kind_of(atom_name(args[0])?).ok_or_else(Exception::badarg)?;
    let key = iodata(args[1])?;
    if key_len != 0 && key.len() != key_len {
        return Err(Exception::badarg());
    }
    let iv = iodata(args[2])?;
    let data = iodata(args[3])?;
    let aad = iodata(args[4])?;
    match args[6].as_atom().map(atom::name) {
        Some(b"true") => {
            let tag_len = size_arg(args[5])?;
            let (out, tag) =
                mbed::aead_encrypt(kind, &key, &iv, &aad, &data, tag_len).map_err(bad)?;
            make_binaries(ctx, args, &[&out, &tag])
        }
        Some(b"false") => {
            let tag = iodata(args[5])?;
            match mbed::aead_decrypt(kind, &key, &iv, &aad, &data, &tag).map_err(bad)? {
                Some(out) => make_binaries(ctx, args, &[&out]),
                None => Ok(Term::atom(atom::intern_str("error"))),
            }
        }
        _ => Err(Exception::badarg()),
    }
}

pub const BIFS: &[BifEntry] = &[BifEntry::new("crypto", "nif_aead", 7, aead_7)];
