//! The one module that calls mbedTLS (crate `mbedtls-rs-sys`, mbedTLS 3.6): every `unsafe` of
//! `crypto` is here, behind small safe functions and types. The other files speak Erlang terms
//! and never see a C pointer.
//!
//! Ownership: a context that holds heap memory inside mbedTLS (GCM, CCM, bignums, EC keys, RSA)
//! lives only inside one call here, initialised and freed around it. The stream contexts that
//! outlive a call (`Aes`, `Chacha20`) are plain data (no pointers), boxed so they never move,
//! and wiped by `Drop`. None of them is shared: whoever holds one (a resource under its lock,
//! see `cipher.rs`) is its only user, as mbedTLS contexts are not thread-safe.
//!
//! Randomness: mbedTLS's own entropy sources are compiled out; every random byte it asks for
//! comes from `platform::entropy` through `rng`.

use crate::platform::entropy;
use mbedtls_rs_sys as m;
use std::ffi::{c_int, c_uchar, c_void};
use std::ptr;

/// `info_lib/0`: the library's version text ("3.6.5").
pub fn version() -> &'static str {
    std::str::from_utf8(m::MBEDTLS_VERSION_STRING)
        .unwrap_or("")
        .trim_end_matches('\0')
}

/// mbedTLS's random callback: bytes from the platform's entropy (TLS uses it too).
pub(crate) unsafe extern "C" fn rng(_state: *mut c_void, out: *mut c_uchar, len: usize) -> c_int {
    if len == 0 {
        return 0;
    }
    // SAFETY: mbedTLS passes a writable buffer of `len` bytes.
    let buf = unsafe { std::slice::from_raw_parts_mut(out, len) };
    if entropy::fill(buf) {
        0
    } else {
        m::MBEDTLS_ERR_ENTROPY_SOURCE_FAILED
    }
}

/// Pointer to a slice's bytes for C; an empty slice gives a valid non-null pointer, which
/// mbedTLS may read zero bytes from.
fn cptr(b: &[u8]) -> *const c_uchar {
    b.as_ptr()
}

// ---- digests ----

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Digest {
    Md5,
    Sha1,
    Sha224,
    Sha256,
    Sha384,
    Sha512,
}

impl Digest {
    pub const ALL: [Digest; 6] = [
        Digest::Md5,
        Digest::Sha1,
        Digest::Sha224,
        Digest::Sha256,
        Digest::Sha384,
        Digest::Sha512,
    ];

    /// OTP's name for the digest.
    pub fn name(self) -> &'static str {
        match self {
            Digest::Md5 => "md5",
            Digest::Sha1 => "sha",
            Digest::Sha224 => "sha224",
            Digest::Sha256 => "sha256",
            Digest::Sha384 => "sha384",
            Digest::Sha512 => "sha512",
        }
    }

    pub fn from_name(n: &[u8]) -> Option<Digest> {
        Digest::ALL.into_iter().find(|d| d.name().as_bytes() == n)
    }

    pub fn size(self) -> usize {
        match self {
            Digest::Md5 => 16,
            Digest::Sha1 => 20,
            Digest::Sha224 => 28,
            Digest::Sha256 => 32,
            Digest::Sha384 => 48,
            Digest::Sha512 => 64,
        }
    }

    fn md_type(self) -> m::mbedtls_md_type_t {
        match self {
            Digest::Md5 => m::mbedtls_md_type_t_MBEDTLS_MD_MD5,
            Digest::Sha1 => m::mbedtls_md_type_t_MBEDTLS_MD_SHA1,
            Digest::Sha224 => m::mbedtls_md_type_t_MBEDTLS_MD_SHA224,
            Digest::Sha256 => m::mbedtls_md_type_t_MBEDTLS_MD_SHA256,
            Digest::Sha384 => m::mbedtls_md_type_t_MBEDTLS_MD_SHA384,
            Digest::Sha512 => m::mbedtls_md_type_t_MBEDTLS_MD_SHA512,
        }
    }

    fn info(self) -> *const m::mbedtls_md_info_t {
        // SAFETY: a lookup in mbedTLS's static table; every digest here is compiled in.
        unsafe { m::mbedtls_md_info_from_type(self.md_type()) }
    }
}

/// The digest of `data`.
pub fn digest(d: Digest, data: &[u8]) -> Vec<u8> {
    let mut out = vec![0u8; d.size()];
    // SAFETY: `out` holds the digest's size; the info pointer is non-null for compiled-in digests.
    let r = unsafe { m::mbedtls_md(d.info(), cptr(data), data.len(), out.as_mut_ptr()) };
    debug_assert_eq!(r, 0);
    out
}

/// HMAC of `data` under `key`.
pub fn hmac(d: Digest, key: &[u8], data: &[u8]) -> Vec<u8> {
    let mut out = vec![0u8; d.size()];
    // SAFETY: as `digest`; key and data are live slices of the given lengths.
    let r = unsafe {
        m::mbedtls_md_hmac(
            d.info(),
            cptr(key),
            key.len(),
            cptr(data),
            data.len(),
            out.as_mut_ptr(),
        )
    };
    debug_assert_eq!(r, 0);
    out
}

/// A hash in progress. mbedTLS's per-algorithm contexts are plain integers and bytes, so a
/// state can be written out as bytes and read back: `hash_update` returns a new state and the
/// old one stays valid, as in OTP. Any bytes of the right length make a memory-safe context
/// (mbedTLS masks the buffer index it keeps in `total`).
#[derive(Clone, Copy)]
pub enum HashState {
    Md5(m::mbedtls_md5_context),
    Sha1(m::mbedtls_sha1_context),
    Sha256(m::mbedtls_sha256_context, Digest),
    Sha512(m::mbedtls_sha512_context, Digest),
}

fn put32(out: &mut Vec<u8>, v: &[u32]) {
    for x in v {
        out.extend_from_slice(&x.to_le_bytes());
    }
}
fn put64(out: &mut Vec<u8>, v: &[u64]) {
    for x in v {
        out.extend_from_slice(&x.to_le_bytes());
    }
}

/// Reads fixed-size fields from saved state bytes.
struct Reader<'a>(&'a [u8]);
impl Reader<'_> {
    fn bytes<const N: usize>(&mut self) -> Option<[u8; N]> {
        let (h, t) = self.0.split_at_checked(N)?;
        self.0 = t;
        h.try_into().ok()
    }
    fn u32s<const N: usize>(&mut self) -> Option<[u32; N]> {
        let mut v = [0u32; N];
        for x in v.iter_mut() {
            *x = u32::from_le_bytes(self.bytes::<4>()?);
        }
        Some(v)
    }
    fn u64s<const N: usize>(&mut self) -> Option<[u64; N]> {
        let mut v = [0u64; N];
        for x in v.iter_mut() {
            *x = u64::from_le_bytes(self.bytes::<8>()?);
        }
        Some(v)
    }
    fn done(&self) -> bool {
        self.0.is_empty()
    }
}

impl HashState {
    pub fn new(d: Digest) -> HashState {
        // SAFETY: each context is a local, initialised by its init function before `starts`.
        unsafe {
            match d {
                Digest::Md5 => {
                    let mut c = m::mbedtls_md5_context::default();
                    m::mbedtls_md5_init(&mut c);
                    m::mbedtls_md5_starts(&mut c);
                    HashState::Md5(c)
                }
                Digest::Sha1 => {
                    let mut c = m::mbedtls_sha1_context::default();
                    m::mbedtls_sha1_init(&mut c);
                    m::mbedtls_sha1_starts(&mut c);
                    HashState::Sha1(c)
                }
                Digest::Sha224 | Digest::Sha256 => {
                    let mut c = m::mbedtls_sha256_context::default();
                    m::mbedtls_sha256_init(&mut c);
                    m::mbedtls_sha256_starts(&mut c, (d == Digest::Sha224) as c_int);
                    HashState::Sha256(c, d)
                }
                Digest::Sha384 | Digest::Sha512 => {
                    let mut c = m::mbedtls_sha512_context::default();
                    m::mbedtls_sha512_init(&mut c);
                    m::mbedtls_sha512_starts(&mut c, (d == Digest::Sha384) as c_int);
                    HashState::Sha512(c, d)
                }
            }
        }
    }

    pub fn digest(&self) -> Digest {
        match self {
            HashState::Md5(_) => Digest::Md5,
            HashState::Sha1(_) => Digest::Sha1,
            HashState::Sha256(_, d) | HashState::Sha512(_, d) => *d,
        }
    }

    pub fn update(&mut self, data: &[u8]) {
        let (p, n) = (cptr(data), data.len());
        // SAFETY: the context is initialised (by `new` or `restore`); data is a live slice.
        unsafe {
            match self {
                HashState::Md5(c) => m::mbedtls_md5_update(c, p, n),
                HashState::Sha1(c) => m::mbedtls_sha1_update(c, p, n),
                HashState::Sha256(c, _) => m::mbedtls_sha256_update(c, p, n),
                HashState::Sha512(c, _) => m::mbedtls_sha512_update(c, p, n),
            };
        }
    }

    /// The digest; `self` is a copy, so the state it came from can go on.
    pub fn finish(mut self) -> Vec<u8> {
        let mut out = [0u8; 64];
        // SAFETY: `out` holds 64 bytes, the largest digest; contexts are initialised.
        unsafe {
            match &mut self {
                HashState::Md5(c) => m::mbedtls_md5_finish(c, out.as_mut_ptr()),
                HashState::Sha1(c) => m::mbedtls_sha1_finish(c, out.as_mut_ptr()),
                HashState::Sha256(c, _) => m::mbedtls_sha256_finish(c, out.as_mut_ptr()),
                HashState::Sha512(c, _) => m::mbedtls_sha512_finish(c, out.as_mut_ptr()),
            };
        }
        out[..self.digest().size()].to_vec()
    }

    /// The state as bytes (field by field, little-endian).
    pub fn save(&self) -> Vec<u8> {
        let mut o = Vec::with_capacity(220);
        match self {
            HashState::Md5(c) => {
                put32(&mut o, &c.private_total);
                put32(&mut o, &c.private_state);
                o.extend_from_slice(&c.private_buffer);
            }
            HashState::Sha1(c) => {
                put32(&mut o, &c.private_total);
                put32(&mut o, &c.private_state);
                o.extend_from_slice(&c.private_buffer);
            }
            HashState::Sha256(c, _) => {
                put32(&mut o, &c.private_total);
                put32(&mut o, &c.private_state);
                o.extend_from_slice(&c.private_buffer);
            }
            HashState::Sha512(c, _) => {
                put64(&mut o, &c.private_total);
                put64(&mut o, &c.private_state);
                o.extend_from_slice(&c.private_buffer);
            }
        }
        o
    }

    /// A state saved by `save` for digest `d`; None when the bytes cannot be one.
    pub fn restore(d: Digest, bytes: &[u8]) -> Option<HashState> {
        let mut r = Reader(bytes);
        // Fields in the order `save` writes them (a struct literal evaluates in written order).
        let s = match d {
            Digest::Md5 => HashState::Md5(m::mbedtls_md5_context {
                private_total: r.u32s()?,
                private_state: r.u32s()?,
                private_buffer: r.bytes()?,
            }),
            Digest::Sha1 => HashState::Sha1(m::mbedtls_sha1_context {
                private_total: r.u32s()?,
                private_state: r.u32s()?,
                private_buffer: r.bytes()?,
            }),
            Digest::Sha224 | Digest::Sha256 => HashState::Sha256(
                m::mbedtls_sha256_context {
                    private_total: r.u32s()?,
                    private_state: r.u32s()?,
                    private_buffer: r.bytes()?,
                    private_is224: (d == Digest::Sha224) as c_int,
                },
                d,
            ),
            Digest::Sha384 | Digest::Sha512 => HashState::Sha512(
                m::mbedtls_sha512_context {
                    private_total: r.u64s()?,
                    private_state: r.u64s()?,
                    private_buffer: r.bytes()?,
                    private_is384: (d == Digest::Sha384) as c_int,
                },
                d,
            ),
        };
        r.done().then_some(s)
    }
}

// ---- MACs and key derivation ----

fn aes_ecb_info(key_len: usize) -> Option<*const m::mbedtls_cipher_info_t> {
    let t = match key_len {
        16 => m::mbedtls_cipher_type_t_MBEDTLS_CIPHER_AES_128_ECB,
        24 => m::mbedtls_cipher_type_t_MBEDTLS_CIPHER_AES_192_ECB,
        32 => m::mbedtls_cipher_type_t_MBEDTLS_CIPHER_AES_256_ECB,
        _ => return None,
    };
    // SAFETY: a lookup in mbedTLS's static table.
    let info = unsafe { m::mbedtls_cipher_info_from_type(t) };
    (!info.is_null()).then_some(info)
}

/// AES-CMAC of `data`; None for a key that is not 16, 24 or 32 bytes.
pub fn cmac_aes(key: &[u8], data: &[u8]) -> Option<Vec<u8>> {
    let info = aes_ecb_info(key.len())?;
    let mut out = vec![0u8; 16];
    // SAFETY: `info` is a valid AES-ECB descriptor for this key size; `out` holds one block.
    let r = unsafe {
        m::mbedtls_cipher_cmac(
            info,
            cptr(key),
            key.len() * 8,
            cptr(data),
            data.len(),
            out.as_mut_ptr(),
        )
    };
    (r == 0).then_some(out)
}

/// PBKDF2 with HMAC-`d`.
pub fn pbkdf2(d: Digest, pass: &[u8], salt: &[u8], iterations: u32, len: u32) -> Option<Vec<u8>> {
    let mut out = vec![0u8; len as usize];
    // SAFETY: `out` holds `len` bytes; the inputs are live slices.
    let r = unsafe {
        m::mbedtls_pkcs5_pbkdf2_hmac_ext(
            d.md_type(),
            cptr(pass),
            pass.len(),
            cptr(salt),
            salt.len(),
            iterations,
            len,
            out.as_mut_ptr(),
        )
    };
    (r == 0).then_some(out)
}

// ---- stream ciphers and block modes ----

/// An AES key schedule. Boxed, never moved once keyed, wiped when dropped.
pub struct Aes(m::mbedtls_aes_context);

/// An AES direction for the block modes.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Dir {
    Encrypt,
    Decrypt,
}

impl Dir {
    fn mode(self) -> c_int {
        match self {
            Dir::Encrypt => m::MBEDTLS_AES_ENCRYPT as c_int,
            Dir::Decrypt => m::MBEDTLS_AES_DECRYPT as c_int,
        }
    }
}

impl Aes {
    /// A key schedule for `dir` (ECB and CBC decrypt with the inverse schedule; CTR and CFB
    /// use the encryption one both ways). None for a key not of 16, 24 or 32 bytes.
    pub fn new(key: &[u8], dir: Dir) -> Option<Box<Aes>> {
        if !matches!(key.len(), 16 | 24 | 32) {
            return None;
        }
        let mut a = Box::new(Aes(m::mbedtls_aes_context::default()));
        let bits = (key.len() * 8) as u32;
        // SAFETY: the context is boxed (it stays where it is keyed) and initialised first.
        let r = unsafe {
            m::mbedtls_aes_init(&mut a.0);
            match dir {
                Dir::Encrypt => m::mbedtls_aes_setkey_enc(&mut a.0, cptr(key), bits),
                Dir::Decrypt => m::mbedtls_aes_setkey_dec(&mut a.0, cptr(key), bits),
            }
        };
        (r == 0).then_some(a)
    }

    /// ECB over whole blocks (`data.len()` a multiple of 16), appended to `out`.
    pub fn ecb(&mut self, dir: Dir, data: &[u8], out: &mut Vec<u8>) {
        for block in data.chunks_exact(16) {
            let mut o = [0u8; 16];
            // SAFETY: input and output are 16-byte blocks; the context is keyed.
            unsafe {
                m::mbedtls_aes_crypt_ecb(&mut self.0, dir.mode(), block.as_ptr(), o.as_mut_ptr())
            };
            out.extend_from_slice(&o);
        }
    }

    /// CBC over whole blocks, chaining through `iv`, appended to `out`.
    pub fn cbc(&mut self, dir: Dir, iv: &mut [u8; 16], data: &[u8], out: &mut Vec<u8>) {
        let n = data.len() - data.len() % 16;
        if n == 0 {
            return;
        }
        let at = out.len();
        out.resize(at + n, 0);
        // SAFETY: n is a multiple of 16 within `data`; `out` has n writable bytes at `at`.
        unsafe {
            m::mbedtls_aes_crypt_cbc(
                &mut self.0,
                dir.mode(),
                n,
                iv.as_mut_ptr(),
                data.as_ptr(),
                out.as_mut_ptr().add(at),
            )
        };
    }

    /// CTR: `counter` is the next counter block, `block` its keystream, `off` the bytes of
    /// it already used (all carried between calls).
    pub fn ctr(
        &mut self,
        off: &mut usize,
        counter: &mut [u8; 16],
        block: &mut [u8; 16],
        data: &[u8],
    ) -> Vec<u8> {
        let mut out = vec![0u8; data.len()];
        // SAFETY: `out` and `data` have the same length; off < 16 is kept by mbedTLS.
        unsafe {
            m::mbedtls_aes_crypt_ctr(
                &mut self.0,
                data.len(),
                off,
                counter.as_mut_ptr(),
                block.as_mut_ptr(),
                cptr(data),
                out.as_mut_ptr(),
            )
        };
        out
    }

    /// CFB128, with the feedback register `iv` and its used bytes `off` carried between calls.
    pub fn cfb128(&mut self, dir: Dir, off: &mut usize, iv: &mut [u8; 16], data: &[u8]) -> Vec<u8> {
        let mut out = vec![0u8; data.len()];
        // SAFETY: as `ctr`.
        unsafe {
            m::mbedtls_aes_crypt_cfb128(
                &mut self.0,
                dir.mode(),
                data.len(),
                off,
                iv.as_mut_ptr(),
                cptr(data),
                out.as_mut_ptr(),
            )
        };
        out
    }
}

impl Drop for Aes {
    fn drop(&mut self) {
        // SAFETY: the context was initialised in `new`; free wipes the key schedule.
        unsafe { m::mbedtls_aes_free(&mut self.0) };
    }
}

/// A ChaCha20 stream, wiped when dropped.
pub struct Chacha20(m::mbedtls_chacha20_context);

impl Chacha20 {
    /// OTP's `chacha20`: a 32-byte key and a 16-byte IV, whose first 4 bytes are the initial
    /// block counter (little-endian) and the other 12 the nonce.
    pub fn new(key: &[u8], iv: &[u8]) -> Option<Box<Chacha20>> {
        if key.len() != 32 || iv.len() != 16 {
            return None;
        }
        let counter = u32::from_le_bytes([iv[0], iv[1], iv[2], iv[3]]);
        let mut c = Box::new(Chacha20(m::mbedtls_chacha20_context::default()));
        // SAFETY: key is 32 bytes, the nonce 12; the context is initialised first.
        let r = unsafe {
            m::mbedtls_chacha20_init(&mut c.0);
            let r = m::mbedtls_chacha20_setkey(&mut c.0, key.as_ptr());
            if r != 0 {
                r
            } else {
                m::mbedtls_chacha20_starts(&mut c.0, iv[4..].as_ptr(), counter)
            }
        };
        (r == 0).then_some(c)
    }

    pub fn update(&mut self, data: &[u8]) -> Vec<u8> {
        let mut out = vec![0u8; data.len()];
        // SAFETY: `out` and `data` have the same length; the context is keyed.
        unsafe {
            m::mbedtls_chacha20_update(&mut self.0, data.len(), cptr(data), out.as_mut_ptr())
        };
        out
    }
}

impl Drop for Chacha20 {
    fn drop(&mut self) {
        // SAFETY: initialised in `new`; free wipes the key.
        unsafe { m::mbedtls_chacha20_free(&mut self.0) };
    }
}

// ---- AEAD ----

#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Aead {
    Gcm,
    Ccm,
    ChachaPoly,
}

/// What an AEAD call refuses.
#[derive(Debug, PartialEq, Eq)]
pub enum AeadError {
    /// Key length, IV length or tag length not allowed.
    BadArg,
}

/// Encrypt and tag. Returns (ciphertext, tag of `tag_len` bytes).
pub fn aead_encrypt(
    kind: Aead,
    key: &[u8],
    iv: &[u8],
    aad: &[u8],
    data: &[u8],
    tag_len: usize,
) -> Result<(Vec<u8>, Vec<u8>), AeadError> {
    let mut out = vec![0u8; data.len()];
    let mut tag = vec![0u8; tag_len];
    let r = match kind {
        Aead::Gcm => {
            if !(1..=16).contains(&tag_len) {
                return Err(AeadError::BadArg);
            }
            let (out, full) = gcm(Dir::Encrypt, key, iv, aad, data)?;
            return Ok((out, full[..tag_len].to_vec()));
        }
        Aead::Ccm => {
            if !matches!(key.len(), 16 | 24 | 32)
                || !(7..=13).contains(&iv.len())
                || !ccm_tag_ok(tag_len)
            {
                return Err(AeadError::BadArg);
            }
            // SAFETY: as for GCM.
            unsafe {
                let mut c = m::mbedtls_ccm_context::default();
                m::mbedtls_ccm_init(&mut c);
                let mut r = m::mbedtls_ccm_setkey(
                    &mut c,
                    m::mbedtls_cipher_id_t_MBEDTLS_CIPHER_ID_AES,
                    key.as_ptr(),
                    (key.len() * 8) as u32,
                );
                if r == 0 {
                    r = m::mbedtls_ccm_encrypt_and_tag(
                        &mut c,
                        data.len(),
                        cptr(iv),
                        iv.len(),
                        cptr(aad),
                        aad.len(),
                        cptr(data),
                        out.as_mut_ptr(),
                        tag.as_mut_ptr(),
                        tag_len,
                    );
                }
                m::mbedtls_ccm_free(&mut c);
                r
            }
        }
        Aead::ChachaPoly => {
            if key.len() != 32 || iv.len() != 12 || tag_len != 16 {
                return Err(AeadError::BadArg);
            }
            // SAFETY: as for GCM; the key is 32 bytes, the nonce 12, the tag 16.
            unsafe {
                let mut c = m::mbedtls_chachapoly_context::default();
                m::mbedtls_chachapoly_init(&mut c);
                let mut r = m::mbedtls_chachapoly_setkey(&mut c, key.as_ptr());
                if r == 0 {
                    r = m::mbedtls_chachapoly_encrypt_and_tag(
                        &mut c,
                        data.len(),
                        iv.as_ptr(),
                        cptr(aad),
                        aad.len(),
                        cptr(data),
                        out.as_mut_ptr(),
                        tag.as_mut_ptr(),
                    );
                }
                m::mbedtls_chachapoly_free(&mut c);
                r
            }
        }
    };
    if r == 0 {
        Ok((out, tag))
    } else {
        Err(AeadError::BadArg)
    }
}

/// GCM both ways with the full 16-byte tag: OTP allows tags of 1 to 16 bytes, mbedTLS 4 to
/// 16, and a shorter tag is the full one's prefix. Decrypting gives the tag the data should
/// have; the caller compares.
fn gcm(
    dir: Dir,
    key: &[u8],
    iv: &[u8],
    aad: &[u8],
    data: &[u8],
) -> Result<(Vec<u8>, [u8; 16]), AeadError> {
    if !matches!(key.len(), 16 | 24 | 32) || iv.is_empty() {
        return Err(AeadError::BadArg);
    }
    let mut out = vec![0u8; data.len()];
    let mut tag = [0u8; 16];
    let mode = match dir {
        Dir::Encrypt => m::MBEDTLS_GCM_ENCRYPT,
        Dir::Decrypt => m::MBEDTLS_GCM_DECRYPT,
    } as c_int;
    // SAFETY: the context lives in this block, initialised and freed here; all buffers are
    // live with the lengths given.
    let r = unsafe {
        let mut c = m::mbedtls_gcm_context::default();
        m::mbedtls_gcm_init(&mut c);
        let mut r = m::mbedtls_gcm_setkey(
            &mut c,
            m::mbedtls_cipher_id_t_MBEDTLS_CIPHER_ID_AES,
            key.as_ptr(),
            (key.len() * 8) as u32,
        );
        if r == 0 {
            r = m::mbedtls_gcm_crypt_and_tag(
                &mut c,
                mode,
                data.len(),
                cptr(iv),
                iv.len(),
                cptr(aad),
                aad.len(),
                cptr(data),
                out.as_mut_ptr(),
                tag.len(),
                tag.as_mut_ptr(),
            );
        }
        m::mbedtls_gcm_free(&mut c);
        r
    };
    if r == 0 {
        Ok((out, tag))
    } else {
        Err(AeadError::BadArg)
    }
}

fn ccm_tag_ok(n: usize) -> bool {
    matches!(n, 4 | 6 | 8 | 10 | 12 | 14 | 16)
}

/// Check the tag and decrypt: Ok(None) when the tag does not match.
pub fn aead_decrypt(
    kind: Aead,
    key: &[u8],
    iv: &[u8],
    aad: &[u8],
    data: &[u8],
    tag: &[u8],
) -> Result<Option<Vec<u8>>, AeadError> {
    let mut out = vec![0u8; data.len()];
    let (r, auth_failed) = match kind {
        Aead::Gcm => {
            if !(1..=16).contains(&tag.len()) {
                return Err(AeadError::BadArg);
            }
            let (out, full) = gcm(Dir::Decrypt, key, iv, aad, data)?;
            let diff = full.iter().zip(tag).fold(0u8, |acc, (x, y)| acc | (x ^ y));
            return Ok((diff == 0).then_some(out));
        }
        Aead::Ccm => {
            if !matches!(key.len(), 16 | 24 | 32)
                || !(7..=13).contains(&iv.len())
                || !ccm_tag_ok(tag.len())
            {
                return Err(AeadError::BadArg);
            }
            // SAFETY: as in `aead_encrypt`.
            let r = unsafe {
                let mut c = m::mbedtls_ccm_context::default();
                m::mbedtls_ccm_init(&mut c);
                let mut r = m::mbedtls_ccm_setkey(
                    &mut c,
                    m::mbedtls_cipher_id_t_MBEDTLS_CIPHER_ID_AES,
                    key.as_ptr(),
                    (key.len() * 8) as u32,
                );
                if r == 0 {
                    r = m::mbedtls_ccm_auth_decrypt(
                        &mut c,
                        data.len(),
                        cptr(iv),
                        iv.len(),
                        cptr(aad),
                        aad.len(),
                        cptr(data),
                        out.as_mut_ptr(),
                        cptr(tag),
                        tag.len(),
                    );
                }
                m::mbedtls_ccm_free(&mut c);
                r
            };
            (r, m::MBEDTLS_ERR_CCM_AUTH_FAILED)
        }
        Aead::ChachaPoly => {
            if key.len() != 32 || iv.len() != 12 || tag.len() != 16 {
                return Err(AeadError::BadArg);
            }
            // SAFETY: as in `aead_encrypt`; the tag is 16 bytes.
            let r = unsafe {
                let mut c = m::mbedtls_chachapoly_context::default();
                m::mbedtls_chachapoly_init(&mut c);
                let mut r = m::mbedtls_chachapoly_setkey(&mut c, key.as_ptr());
                if r == 0 {
                    r = m::mbedtls_chachapoly_auth_decrypt(
                        &mut c,
                        data.len(),
                        iv.as_ptr(),
                        cptr(aad),
                        aad.len(),
                        tag.as_ptr(),
                        cptr(data),
                        out.as_mut_ptr(),
                    );
                }
                m::mbedtls_chachapoly_free(&mut c);
                r
            };
            (r, m::MBEDTLS_ERR_CHACHAPOLY_AUTH_FAILED)
        }
    };
    match r {
        0 => Ok(Some(out)),
        e if e == auth_failed => Ok(None),
        _ => Err(AeadError::BadArg),
    }
}

// ---- elliptic curves ----

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Curve {
    P256,
    P384,
    P521,
    X25519,
}

impl Curve {
    pub const ALL: [Curve; 4] = [Curve::P256, Curve::P384, Curve::P521, Curve::X25519];

    /// OTP's names for the curve.
    pub fn names(self) -> &'static [&'static str] {
        match self {
            Curve::P256 => &["secp256r1", "prime256v1"],
            Curve::P384 => &["secp384r1"],
            Curve::P521 => &["secp521r1"],
            Curve::X25519 => &["x25519"],
        }
    }

    pub fn from_name(n: &[u8]) -> Option<Curve> {
        Curve::ALL
            .into_iter()
            .find(|c| c.names().iter().any(|x| x.as_bytes() == n))
    }

    fn id(self) -> m::mbedtls_ecp_group_id {
        match self {
            Curve::P256 => m::mbedtls_ecp_group_id_MBEDTLS_ECP_DP_SECP256R1,
            Curve::P384 => m::mbedtls_ecp_group_id_MBEDTLS_ECP_DP_SECP384R1,
            Curve::P521 => m::mbedtls_ecp_group_id_MBEDTLS_ECP_DP_SECP521R1,
            Curve::X25519 => m::mbedtls_ecp_group_id_MBEDTLS_ECP_DP_CURVE25519,
        }
    }

    /// Bytes of a private key / a field element.
    pub fn size(self) -> usize {
        match self {
            Curve::P256 | Curve::X25519 => 32,
            Curve::P384 => 48,
            Curve::P521 => 66,
        }
    }
}

/// A big-endian NIST private key modulo the curve's order, as `c.size()` bytes.
fn reduce_mod_order(c: Curve, private: &[u8]) -> Option<Vec<u8>> {
    let mut out = vec![0u8; c.size()];
    // SAFETY: the group and the two bignums are locals, initialised and freed here; the
    // slices are live with the lengths given.
    let r = unsafe {
        let mut grp = m::mbedtls_ecp_group::default();
        let mut d = m::mbedtls_mpi::default();
        let mut rd = m::mbedtls_mpi::default();
        m::mbedtls_ecp_group_init(&mut grp);
        m::mbedtls_mpi_init(&mut d);
        m::mbedtls_mpi_init(&mut rd);
        let mut r = m::mbedtls_ecp_group_load(&mut grp, c.id());
        if r == 0 {
            r = m::mbedtls_mpi_read_binary(&mut d, cptr(private), private.len());
        }
        if r == 0 {
            r = m::mbedtls_mpi_mod_mpi(&mut rd, &d, &grp.N);
        }
        if r == 0 {
            r = m::mbedtls_mpi_write_binary(&rd, out.as_mut_ptr(), out.len());
        }
        m::mbedtls_mpi_free(&mut rd);
        m::mbedtls_mpi_free(&mut d);
        m::mbedtls_ecp_group_free(&mut grp);
        r
    };
    (r == 0).then_some(out)
}

/// An EC key pair held by mbedTLS (bignums on its heap): freed when dropped.
struct KeyPair(m::mbedtls_ecp_keypair);

impl KeyPair {
    fn new() -> Box<KeyPair> {
        let mut k = Box::new(KeyPair(m::mbedtls_ecp_keypair::default()));
        // SAFETY: initialising a fresh, boxed context.
        unsafe { m::mbedtls_ecp_keypair_init(&mut k.0) };
        k
    }

    /// A key pair from a private key (OTP's raw bytes: big-endian for the NIST curves,
    /// little-endian for x25519), with its public point computed.
    fn from_private(c: Curve, private: &[u8]) -> Option<Box<KeyPair>> {
        let mut k = KeyPair::new();
        // The NIST curves' scalar is taken modulo the group order, as OpenSSL does (OTP accepts
        // a private key at or above the order; d·G is (d mod n)·G); mbedTLS wants it reduced.
        let reduced;
        let key = if c == Curve::X25519 {
            private
        } else {
            reduced = reduce_mod_order(c, private)?;
            &reduced[..]
        };
        // SAFETY: `k` is initialised; `key` is a live slice; rng is our callback.
        let r = unsafe {
            let r = m::mbedtls_ecp_read_key(c.id(), &mut k.0, cptr(key), key.len());
            if r != 0 {
                r
            } else {
                m::mbedtls_ecp_keypair_calc_public(&mut k.0, Some(rng), ptr::null_mut())
            }
        };
        (r == 0).then_some(k)
    }

    /// A key pair with only a public point (checked to be on the curve).
    fn from_public(c: Curve, public: &[u8]) -> Option<Box<KeyPair>> {
        let mut k = KeyPair::new();
        // SAFETY: `k` is initialised; its group is loaded before the point is read into it.
        let r = unsafe {
            let mut r = m::mbedtls_ecp_group_load(&mut k.0.private_grp, c.id());
            if r == 0 {
                r = m::mbedtls_ecp_point_read_binary(
                    &k.0.private_grp,
                    &mut k.0.private_Q,
                    cptr(public),
                    public.len(),
                );
            }
            if r == 0 {
                r = m::mbedtls_ecp_check_pubkey(&k.0.private_grp, &k.0.private_Q);
            }
            r
        };
        (r == 0).then_some(k)
    }

    fn generate(c: Curve) -> Option<Box<KeyPair>> {
        let mut k = KeyPair::new();
        // SAFETY: `k` is initialised; rng is our callback.
        let r = unsafe { m::mbedtls_ecp_gen_key(c.id(), &mut k.0, Some(rng), ptr::null_mut()) };
        (r == 0).then_some(k)
    }

    /// The public point: uncompressed (0x04, X, Y) for the NIST curves, 32 bytes for x25519.
    fn public(&self) -> Option<Vec<u8>> {
        let mut out = vec![0u8; 1 + 2 * 66];
        let mut n = 0usize;
        // SAFETY: the group and point are set; `out` is large enough for any curve here.
        let r = unsafe {
            m::mbedtls_ecp_point_write_binary(
                &self.0.private_grp,
                &self.0.private_Q,
                m::MBEDTLS_ECP_PF_UNCOMPRESSED as c_int,
                &mut n,
                out.as_mut_ptr(),
                out.len(),
            )
        };
        out.truncate(n);
        (r == 0).then_some(out)
    }

    fn private(&self) -> Option<Vec<u8>> {
        let mut out = vec![0u8; 66];
        let mut n = 0usize;
        // SAFETY: the key is set; `out` holds the largest private key here.
        let r =
            unsafe { m::mbedtls_ecp_write_key_ext(&self.0, &mut n, out.as_mut_ptr(), out.len()) };
        out.truncate(n);
        (r == 0).then_some(out)
    }
}

impl Drop for KeyPair {
    fn drop(&mut self) {
        // SAFETY: initialised in `new`; free releases the bignums and wipes the key.
        unsafe { m::mbedtls_ecp_keypair_free(&mut self.0) };
    }
}

/// A new key pair: (public, private).
pub fn ec_generate(c: Curve) -> Option<(Vec<u8>, Vec<u8>)> {
    let k = KeyPair::generate(c)?;
    Some((k.public()?, k.private()?))
}

/// The key pair of a given private key: (public, private). The private key comes back as
/// OTP returns it: as given (x25519's unclamped, a NIST one at or above the order), a short
/// NIST one padded on the left.
pub fn ec_from_private(c: Curve, private: &[u8]) -> Option<(Vec<u8>, Vec<u8>)> {
    let k = KeyPair::from_private(c, private)?;
    let mut given = Vec::with_capacity(c.size());
    if c != Curve::X25519 {
        given.resize(c.size().saturating_sub(private.len()), 0);
    }
    given.extend_from_slice(private);
    Some((k.public()?, given))
}

/// ECDH: the shared secret of our private key and the peer's public key (the X coordinate,
/// big-endian for the NIST curves; little-endian for x25519). None for a bad key.
pub fn ecdh(c: Curve, peer_public: &[u8], private: &[u8]) -> Option<Vec<u8>> {
    let mut me = KeyPair::from_private(c, private)?;
    let peer = KeyPair::from_public(c, peer_public)?;
    let mut out = vec![0u8; c.size()];
    // SAFETY: both key pairs are set up on curve `c`; z is a local bignum, initialised and
    // freed here; `out` holds a field element.
    let r = unsafe {
        let mut z = m::mbedtls_mpi::default();
        m::mbedtls_mpi_init(&mut z);
        let mut r = m::mbedtls_ecdh_compute_shared(
            &mut me.0.private_grp,
            &mut z,
            &peer.0.private_Q,
            &me.0.private_d,
            Some(rng),
            ptr::null_mut(),
        );
        if r == 0 {
            r = if c == Curve::X25519 {
                m::mbedtls_mpi_write_binary_le(&z, out.as_mut_ptr(), out.len())
            } else {
                m::mbedtls_mpi_write_binary(&z, out.as_mut_ptr(), out.len())
            };
        }
        m::mbedtls_mpi_free(&mut z);
        r
    };
    (r == 0).then_some(out)
}

/// The longest DER ECDSA signature here (P-521: two 66-byte integers, their headers and a
/// sign byte each, in a sequence).
const ECDSA_MAX_DER: usize = 160;

/// ECDSA signature (DER) of a message digest. None for a bad key.
pub fn ecdsa_sign(c: Curve, private: &[u8], d: Digest, hash: &[u8]) -> Option<Vec<u8>> {
    if c == Curve::X25519 {
        return None;
    }
    let mut k = KeyPair::from_private(c, private)?;
    let mut sig = vec![0u8; ECDSA_MAX_DER];
    let mut n = 0usize;
    // SAFETY: the key pair is set; `sig` holds the largest signature; rng is our callback.
    let r = unsafe {
        m::mbedtls_ecdsa_write_signature(
            &mut k.0,
            d.md_type(),
            cptr(hash),
            hash.len(),
            sig.as_mut_ptr(),
            sig.len(),
            &mut n,
            Some(rng),
            ptr::null_mut(),
        )
    };
    sig.truncate(n);
    (r == 0).then_some(sig)
}

/// Does `sig` (DER) sign `hash` under the public key? None for a bad key.
pub fn ecdsa_verify(c: Curve, public: &[u8], hash: &[u8], sig: &[u8]) -> Option<bool> {
    if c == Curve::X25519 {
        return None;
    }
    let mut k = KeyPair::from_public(c, public)?;
    // SAFETY: the key pair has its group and public point; the slices are live.
    let r = unsafe {
        m::mbedtls_ecdsa_read_signature(&mut k.0, cptr(hash), hash.len(), cptr(sig), sig.len())
    };
    Some(r == 0)
}

// ---- RSA ----

/// An RSA key held by mbedTLS: freed when dropped.
struct Rsa(m::mbedtls_rsa_context);

impl Rsa {
    /// From big-endian N, E and (for a private key) D; P and Q are derived.
    fn new(n: &[u8], e: &[u8], d: Option<&[u8]>, pss: Option<Digest>) -> Option<Box<Rsa>> {
        let mut k = Box::new(Rsa(m::mbedtls_rsa_context::default()));
        let (dp, dl) = d.map_or((ptr::null(), 0), |d| (cptr(d), d.len()));
        // SAFETY: the boxed context is initialised first; absent parts are null with length 0,
        // which mbedtls_rsa_import_raw skips.
        let r = unsafe {
            m::mbedtls_rsa_init(&mut k.0);
            let mut r = m::mbedtls_rsa_import_raw(
                &mut k.0,
                cptr(n),
                n.len(),
                ptr::null(),
                0,
                ptr::null(),
                0,
                dp,
                dl,
                cptr(e),
                e.len(),
            );
            if r == 0 {
                r = m::mbedtls_rsa_complete(&mut k.0);
            }
            if r == 0 {
                r = if d.is_some() {
                    m::mbedtls_rsa_check_privkey(&k.0)
                } else {
                    m::mbedtls_rsa_check_pubkey(&k.0)
                };
            }
            if r == 0 {
                if let Some(h) = pss {
                    r = m::mbedtls_rsa_set_padding(
                        &mut k.0,
                        m::MBEDTLS_RSA_PKCS_V21 as c_int,
                        h.md_type(),
                    );
                }
            }
            r
        };
        (r == 0).then_some(k)
    }

    fn len(&self) -> usize {
        // SAFETY: the context is set up.
        unsafe { m::mbedtls_rsa_get_len(&self.0) }
    }
}

impl Drop for Rsa {
    fn drop(&mut self) {
        // SAFETY: initialised in `new`; free releases the bignums and wipes the key.
        unsafe { m::mbedtls_rsa_free(&mut self.0) };
    }
}

/// RSA signature (PKCS#1 v1.5, or PSS when `pss`) of a message digest. None for a bad key.
pub fn rsa_sign(
    n: &[u8],
    e: &[u8],
    priv_d: &[u8],
    d: Digest,
    hash: &[u8],
    pss: bool,
) -> Option<Vec<u8>> {
    let mut k = Rsa::new(n, e, Some(priv_d), pss.then_some(d))?;
    if hash.len() != d.size() {
        return None;
    }
    let mut sig = vec![0u8; k.len()];
    // SAFETY: `sig` holds the modulus length; the hash matches the digest's size.
    let r = unsafe {
        m::mbedtls_rsa_pkcs1_sign(
            &mut k.0,
            Some(rng),
            ptr::null_mut(),
            d.md_type(),
            hash.len() as u32,
            cptr(hash),
            sig.as_mut_ptr(),
        )
    };
    (r == 0).then_some(sig)
}

/// Does `sig` sign `hash` under (N, E)? None for a bad key.
pub fn rsa_verify(
    n: &[u8],
    e: &[u8],
    d: Digest,
    hash: &[u8],
    sig: &[u8],
    pss: bool,
) -> Option<bool> {
    let mut k = Rsa::new(n, e, None, pss.then_some(d))?;
    if sig.len() != k.len() || hash.len() != d.size() {
        return Some(false);
    }
    // SAFETY: the signature is exactly the modulus length, the hash the digest's size.
    let r = unsafe {
        m::mbedtls_rsa_pkcs1_verify(
            &mut k.0,
            d.md_type(),
            hash.len() as u32,
            cptr(hash),
            cptr(sig),
        )
    };
    Some(r == 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn saved_hash_states_go_on() {
        for d in Digest::ALL {
            let mut s = HashState::new(d);
            s.update(b"hello, ");
            let mut back = HashState::restore(d, &s.save()).unwrap();
            back.update(b"world");
            assert_eq!(back.finish(), digest(d, b"hello, world"));
            assert!(HashState::restore(d, &s.save()[1..]).is_none());
        }
    }

    #[test]
    fn any_saved_bytes_are_safe() {
        for d in Digest::ALL {
            let n = HashState::new(d).save().len();
            let mut s = HashState::restore(d, &vec![0xff; n]).unwrap();
            s.update(&[7; 300]);
            assert_eq!(s.finish().len(), d.size());
        }
    }

    #[test]
    fn known_answers() {
        let hex = |b: &[u8]| b.iter().map(|x| format!("{x:02x}")).collect::<String>();
        assert_eq!(
            hex(&digest(Digest::Sha256, b"abc")),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
        let (c, t) = aead_encrypt(Aead::Gcm, &[0; 16], &[0; 12], b"", b"", 16).unwrap();
        assert!(c.is_empty());
        assert_eq!(hex(&t), "58e2fccefa7e3061367f1d57a4e7455a");
        assert_eq!(
            aead_decrypt(Aead::Gcm, &[0; 16], &[0; 12], b"", b"", &t),
            Ok(Some(vec![]))
        );
        assert_eq!(
            aead_decrypt(Aead::Gcm, &[0; 16], &[0; 12], b"x", b"", &t),
            Ok(None)
        );
    }
}
