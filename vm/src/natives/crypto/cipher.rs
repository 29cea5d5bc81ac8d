//! Cipher streams: `crypto_init/3,4`, `crypto_update/2`, `crypto_final/1` (and through them
//! `crypto_one_time/4,5`) for AES in ECB, CBC, CTR and CFB128, and ChaCha20.
//!
//! A stream is a resource (`resource.rs`): Erlang sees a reference, as OTP's `crypto_init`
//! returns, which any process may use; the process that made it owns it, and its exit (or
//! `crypto_final`) frees it. Locking rule: the mbedTLS context inside is used by one caller at
//! a time, under the stream's own lock, held for the whole of an update; the table's lock is
//! never held meanwhile.
//!
//! ECB and CBC work on whole blocks: a partial block waits for the next update, and what is
//! left at the final is dropped, as OTP does without padding.

use super::mbed::{Aes, Chacha20, Dir};
use super::{atom_name, iodata, make_binaries};
use crate::code::native::Ctx;
use crate::natives::registry::BifEntry;
use crate::natives::resource::ResourceTable;
use crate::terms::exception::{BifResult, Exception};
use crate::terms::reference::{build_ref, ref_number, REF_WORDS};
use crate::terms::term::Term;

enum Engine {
    Ecb {
        aes: Box<Aes>,
        dir: Dir,
        pending: Vec<u8>,
    },
    Cbc {
        aes: Box<Aes>,
        dir: Dir,
        iv: [u8; 16],
        pending: Vec<u8>,
    },
    Ctr {
        aes: Box<Aes>,
        off: usize,
        counter: [u8; 16],
        block: [u8; 16],
    },
    Cfb {
        aes: Box<Aes>,
        dir: Dir,
        off: usize,
        iv: [u8; 16],
    },
    Chacha(Box<Chacha20>),
}

static STREAMS: ResourceTable<Engine> = ResourceTable::new();

/// The modes by OTP's cipher names: (mode, key bytes; 0 when the key tells, as `aes_cbc`).
#[derive(Clone, Copy, PartialEq)]
enum Mode {
    Ecb,
    Cbc,
    Ctr,
    Cfb,
    Chacha,
}

fn mode_of(name: &[u8]) -> Option<(Mode, usize)> {
    let s = std::str::from_utf8(name).ok()?;
    if s == "chacha20" {
        return Some((Mode::Chacha, 32));
    }
    let (key, mode) = match s.strip_prefix("aes_")? {
        m if m.starts_with("128_") => (16, &m[4..]),
        m if m.starts_with("192_") => (24, &m[4..]),
        m if m.starts_with("256_") => (32, &m[4..]),
        m => (0, m),
    };
    let mode = match mode {
        "ecb" => Mode::Ecb,
        "cbc" => Mode::Cbc,
        "ctr" => Mode::Ctr,
        "cfb128" => Mode::Cfb,
        _ => return None,
    };
    Some((mode, key))
}

fn iv16(iv: &[u8]) -> Result<[u8; 16], Exception> {
    iv.try_into().map_err(|_| Exception::badarg())
}

/// `nif_cipher_init(Cipher, Key, IV, Encrypt)` → a stream reference.
fn init_4(ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    let (mode, key_len) = mode_of(atom_name(args[0])?).ok_or_else(Exception::badarg)?;
    let key = iodata(args[1])?;
    let iv = iodata(args[2])?;
    let dir = match args[3].as_atom().map(crate::terms::atom::name) {
        Some(b"true") => Dir::Encrypt,
        Some(b"false") => Dir::Decrypt,
        _ => return Err(Exception::badarg()),
    };
    if key_len != 0 && key.len() != key_len {
        return Err(Exception::badarg());
    }
    let bad = Exception::badarg;
    let engine = match mode {
        Mode::Ecb => Engine::Ecb {
            aes: Aes::new(&key, dir).ok_or_else(bad)?,
            dir,
            pending: Vec::new(),
        },
        Mode::Cbc => Engine::Cbc {
            aes: Aes::new(&key, dir).ok_or_else(bad)?,
            dir,
            iv: iv16(&iv)?,
            pending: Vec::new(),
        },
        Mode::Ctr => Engine::Ctr {
            aes: Aes::new(&key, Dir::Encrypt).ok_or_else(bad)?,
            off: 0,
            counter: iv16(&iv)?,
            block: [0; 16],
        },
        Mode::Cfb => Engine::Cfb {
            aes: Aes::new(&key, Dir::Encrypt).ok_or_else(bad)?,
            dir,
            off: 0,
            iv: iv16(&iv)?,
        },
        Mode::Chacha => Engine::Chacha(Chacha20::new(&key, &iv).ok_or_else(bad)?),
    };
    let id = STREAMS.insert(ctx.proc.pid, engine);
    let mut r = ctx.reserve(REF_WORDS, args);
    Ok(build_ref(&mut r, id))
}

/// Whole blocks of `pending` + `data`, the rest kept in `pending`.
fn whole_blocks(pending: &mut Vec<u8>, data: &[u8]) -> Vec<u8> {
    pending.extend_from_slice(data);
    let n = pending.len() - pending.len() % 16;
    let rest = pending.split_off(n);
    std::mem::replace(pending, rest)
}

fn update(e: &mut Engine, data: &[u8]) -> Vec<u8> {
    match e {
        Engine::Ecb { aes, dir, pending } => {
            let blocks = whole_blocks(pending, data);
            let mut out = Vec::with_capacity(blocks.len());
            aes.ecb(*dir, &blocks, &mut out);
            out
        }
        Engine::Cbc {
            aes,
            dir,
            iv,
            pending,
        } => {
            let blocks = whole_blocks(pending, data);
            let mut out = Vec::with_capacity(blocks.len());
            aes.cbc(*dir, iv, &blocks, &mut out);
            out
        }
        Engine::Ctr {
            aes,
            off,
            counter,
            block,
        } => aes.ctr(off, counter, block, data),
        Engine::Cfb { aes, dir, off, iv } => aes.cfb128(*dir, off, iv, data),
        Engine::Chacha(c) => c.update(data),
    }
}

/// `nif_cipher_update(Ref, Data)`.
fn update_2(ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    let id = ref_number(args[0]).ok_or_else(Exception::badarg)?;
    let stream = STREAMS.get(id).ok_or_else(Exception::badarg)?;
    let data = iodata(args[1])?;
    let out = update(&mut stream.lock(), &data);
    make_binaries(ctx, args, &[&out])
}

/// `nif_cipher_final(Ref)`: ends the stream (a partial ECB/CBC block is dropped).
fn final_1(ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    let id = ref_number(args[0]).ok_or_else(Exception::badarg)?;
    STREAMS.remove(id).ok_or_else(Exception::badarg)?;
    make_binaries(ctx, args, &[&[]])
}

/// `nif_cipher_valid(Ref)`: is this a live stream?
fn valid_1(_ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    let live = ref_number(args[0]).is_some_and(|id| STREAMS.get(id).is_some());
    Ok(Term::boolean(live))
}

pub fn owner_exited(pid: Term) {
    drop(STREAMS.take_owned(pid));
}

pub const BIFS: &[BifEntry] = &[
    BifEntry::new("crypto", "nif_cipher_init", 4, init_4),
    BifEntry::new("crypto", "nif_cipher_update", 2, update_2),
    BifEntry::new("crypto", "nif_cipher_final", 1, final_1),
    BifEntry::new("crypto", "nif_cipher_valid", 1, valid_1),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names() {
        assert!(mode_of(b"aes_128_cbc").is_some_and(|(m, k)| m == Mode::Cbc && k == 16));
        assert!(mode_of(b"aes_cbc").is_some_and(|(m, k)| m == Mode::Cbc && k == 0));
        assert!(mode_of(b"aes_256_cfb128").is_some_and(|(m, k)| m == Mode::Cfb && k == 32));
        assert!(mode_of(b"aes_128_gcm").is_none());
        assert!(mode_of(b"des_cbc").is_none());
    }

    #[test]
    fn partial_blocks_wait() {
        let mut p = Vec::new();
        assert!(whole_blocks(&mut p, b"abc").is_empty());
        assert_eq!(whole_blocks(&mut p, &[0; 13]).len(), 16);
        assert!(p.is_empty());
    }
}
