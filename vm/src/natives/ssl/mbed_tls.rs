//! The one module of `ssl` that calls mbedTLS: a TLS 1.2/1.3 client or server context over
//! memory buffers. Every `unsafe` of `ssl` is here, each with its `// SAFETY:` reason; the other
//! files speak Erlang terms and never see a C pointer.
//!
//! No socket is inside: mbedTLS's BIO callbacks read the ciphertext the caller fed in and
//! append what mbedTLS writes to an outbound buffer the caller drains, so the same code runs on
//! every target. Reading from an empty inbound buffer is `WANT_READ`: the handshake or read
//! stops and resumes at the next call, once more bytes came in.
//!
//! Ownership: `Tls` boxes the SSL context together with everything it points to (its config,
//! the CA chain, the own certificate and key, the ALPN list, the buffers), so none of it moves
//! while mbedTLS holds pointers into it, and `Drop` frees it all. mbedTLS contexts are not
//! thread-safe: a `Tls` is used by one caller at a time (a resource under its lock).
//!
//! Time: mbedTLS is built without a clock (`HAVE_TIME_DATE` off), so it never checks validity
//! dates; the verify callback here checks them against the platform's system time.

use crate::natives::calendar::days_from_civil;
use crate::natives::crypto::mbed::rng;
use crate::platform::entropy;
use mbedtls_rs_sys as m;
use std::ffi::{c_char, c_int, c_uchar, c_void, CStr, CString};
use std::ptr;
use std::sync::{Mutex, MutexGuard, OnceLock};

/// mbedTLS is built without `MBEDTLS_THREADING_C`, so its PSA key store, global to the VM, has
/// no lock of its own: a TLS 1.3 handshake creates its ephemeral key there and destroys it
/// (or `mbedtls_ssl_free` does). Every call that may create or destroy a PSA key holds this
/// lock: the handshake steps and freeing a context. (Without it, handshakes on several
/// scheduler threads at once corrupted the heap.)
static PSA_KEYS: Mutex<()> = Mutex::new(());

fn psa_keys() -> MutexGuard<'static, ()> {
    PSA_KEYS.lock().unwrap_or_else(|e| e.into_inner())
}

/// TLS alert descriptions (RFC 8446 section 6) that this module reports itself.
pub mod alert {
    pub const UNEXPECTED_MESSAGE: u8 = 10;
    pub const BAD_RECORD_MAC: u8 = 20;
    pub const RECORD_OVERFLOW: u8 = 22;
    pub const HANDSHAKE_FAILURE: u8 = 40;
    pub const BAD_CERTIFICATE: u8 = 42;
    pub const CERTIFICATE_EXPIRED: u8 = 45;
    pub const ILLEGAL_PARAMETER: u8 = 47;
    pub const UNKNOWN_CA: u8 = 48;
    pub const DECODE_ERROR: u8 = 50;
    pub const PROTOCOL_VERSION: u8 = 70;
    pub const INTERNAL_ERROR: u8 = 80;
    pub const CERTIFICATE_REQUIRED: u8 = 116;
    pub const NO_APPLICATION_PROTOCOL: u8 = 120;
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Verify {
    None,
    Peer,
    /// Server side: ask for a client certificate, accept none, but refuse a bad one.
    PeerIfPresent,
}

/// What a context is made from (certificates and keys as DER or PEM).
pub struct TlsConfig {
    pub server: bool,
    pub verify: Verify,
    pub cacerts: Vec<Vec<u8>>,
    /// The own certificate first, then its chain.
    pub certs: Vec<Vec<u8>>,
    pub key: Option<Vec<u8>>,
    /// SNI and the name the peer's certificate must carry (client only).
    pub hostname: Option<Vec<u8>>,
    /// 2 for TLS 1.2, 3 for TLS 1.3.
    pub min_version: u8,
    pub max_version: u8,
    pub alpn: Vec<Vec<u8>>,
}

/// Which part of a configuration mbedTLS refused.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum ConfigError {
    CaCerts,
    Cert,
    Key,
    Hostname,
    Alpn,
    Versions,
    Setup,
}

/// A failed handshake or record: the alert, and whether the peer sent it (`received`) or this
/// side did.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct TlsError {
    pub alert: u8,
    pub received: bool,
}

/// Plain text read from the records fed in so far, and whether the peer closed (close_notify).
pub struct Received {
    pub data: Vec<u8>,
    pub closed: bool,
}

/// The ciphertext buffers between mbedTLS and the caller.
#[derive(Default)]
struct Io {
    inbound: Vec<u8>,
    /// Bytes of `inbound` already given to mbedTLS.
    consumed: usize,
    outbound: Vec<u8>,
}

struct Inner {
    ssl: m::mbedtls_ssl_context,
    conf: m::mbedtls_ssl_config,
    ca: m::mbedtls_x509_crt,
    own: m::mbedtls_x509_crt,
    key: m::mbedtls_pk_context,
    /// The ALPN names and the NULL-terminated array mbedTLS keeps a pointer to.
    alpn_names: Vec<CString>,
    alpn_list: Vec<*const c_char>,
    io: Io,
    /// `Verify::PeerIfPresent`: mbedTLS's optional mode lets a bad certificate through, so the
    /// end of the handshake checks it.
    verify_if_present: bool,
}

pub struct Tls(Box<Inner>);

// SAFETY: the raw pointers inside point into the same box (or to mbedTLS's static tables) and
// are used only through `&mut Tls`, by one caller at a time (the resource's lock); mbedTLS
// keeps no thread-local state for a context.
unsafe impl Send for Tls {}

impl Drop for Tls {
    fn drop(&mut self) {
        let _psa = psa_keys();
        let i = &mut *self.0;
        // SAFETY: every context was initialised in `Tls::new` before anything could fail, and
        // freeing an initialised context that was never used is allowed.
        unsafe {
            m::mbedtls_ssl_free(&mut i.ssl);
            m::mbedtls_ssl_config_free(&mut i.conf);
            m::mbedtls_x509_crt_free(&mut i.ca);
            m::mbedtls_x509_crt_free(&mut i.own);
            m::mbedtls_pk_free(&mut i.key);
        }
    }
}

/// The PSA core's random source (the crate builds mbedTLS with `PSA_CRYPTO_EXTERNAL_RNG`, and
/// TLS 1.3 goes through PSA): the platform's entropy.
///
/// # Safety
/// Called by mbedTLS with a writable buffer of `size` bytes and a writable `out_len`.
#[no_mangle]
pub unsafe extern "C" fn mbedtls_psa_external_get_random(
    _ctx: *mut c_void,
    out: *mut u8,
    size: usize,
    out_len: *mut usize,
) -> i32 {
    if size > 0 {
        // SAFETY: mbedTLS passes a writable buffer of `size` bytes.
        let buf = unsafe { std::slice::from_raw_parts_mut(out, size) };
        if !entropy::fill(buf) {
            return -148; // PSA_ERROR_INSUFFICIENT_ENTROPY
        }
    }
    // SAFETY: mbedTLS passes a writable `size_t`.
    unsafe { *out_len = size };
    0
}

/// `psa_crypto_init`, once per VM: TLS 1.3 (and mbedTLS's TLS 1.2 with PSA inside) needs it.
fn psa_ready() -> bool {
    static READY: OnceLock<bool> = OnceLock::new();
    // SAFETY: psa_crypto_init takes no arguments and may be called more than once.
    *READY.get_or_init(|| unsafe { m::psa_crypto_init() } == 0)
}

unsafe extern "C" fn bio_send(ctx: *mut c_void, buf: *const c_uchar, len: usize) -> c_int {
    // SAFETY: `ctx` is the `Io` of a boxed `Inner` (set in `Tls::new`), alive and borrowed by
    // no one else while mbedTLS runs inside a `&mut Tls` method; `buf` holds `len` bytes.
    let (io, data) = unsafe { (&mut *(ctx as *mut Io), std::slice::from_raw_parts(buf, len)) };
    let n = len.min(i32::MAX as usize);
    io.outbound.extend_from_slice(&data[..n]);
    n as c_int
}

unsafe extern "C" fn bio_recv(ctx: *mut c_void, buf: *mut c_uchar, len: usize) -> c_int {
    // SAFETY: as `bio_send`; `buf` is writable for `len` bytes.
    let (io, out) = unsafe {
        (
            &mut *(ctx as *mut Io),
            std::slice::from_raw_parts_mut(buf, len),
        )
    };
    let pending = &io.inbound[io.consumed..];
    if pending.is_empty() {
        return m::MBEDTLS_ERR_SSL_WANT_READ;
    }
    let n = pending.len().min(out.len()).min(i32::MAX as usize);
    out[..n].copy_from_slice(&pending[..n]);
    io.consumed += n;
    if io.consumed == io.inbound.len() {
        io.inbound.clear();
        io.consumed = 0;
    }
    n as c_int
}

/// Seconds since 1970 of an X.509 time (UTC).
fn x509_seconds(t: &m::mbedtls_x509_time) -> i64 {
    let days = days_from_civil(t.year as i64, t.mon as i64, t.day as i64);
    days * 86_400 + t.hour as i64 * 3600 + t.min as i64 * 60 + t.sec as i64
}

/// Verify callback: the validity dates mbedTLS cannot check without a clock.
unsafe extern "C" fn check_dates(
    _ctx: *mut c_void,
    crt: *mut m::mbedtls_x509_crt,
    _depth: c_int,
    flags: *mut u32,
) -> c_int {
    if crt.is_null() || flags.is_null() {
        return 0;
    }
    let now = crate::platform::get().system_time_ns() / 1_000_000_000;
    // SAFETY: mbedTLS passes the certificate being verified and its flags word.
    unsafe {
        let c = &*crt;
        if x509_seconds(&c.valid_to) < now {
            *flags |= m::MBEDTLS_X509_BADCERT_EXPIRED;
        }
        if x509_seconds(&c.valid_from) > now {
            *flags |= m::MBEDTLS_X509_BADCERT_FUTURE;
        }
    }
    0
}

/// PEM must reach mbedTLS NUL-terminated; DER as it is.
fn pem_or_der(data: &[u8]) -> Vec<u8> {
    let mut v = data.to_vec();
    if data.windows(10).any(|w| w == b"-----BEGIN") && data.last() != Some(&0) {
        v.push(0);
    }
    v
}

/// Parse certificates (each DER or PEM, PEM possibly holding several) into `chain`.
fn parse_certs(chain: &mut m::mbedtls_x509_crt, certs: &[Vec<u8>]) -> bool {
    certs.iter().all(|c| {
        let buf = pem_or_der(c);
        // SAFETY: `chain` is an initialised chain; `buf` is a live buffer of the given length.
        unsafe { m::mbedtls_x509_crt_parse(chain, buf.as_ptr(), buf.len()) == 0 }
    })
}

fn version_of(v: u8) -> m::mbedtls_ssl_protocol_version {
    if v >= 3 {
        m::mbedtls_ssl_protocol_version_MBEDTLS_SSL_VERSION_TLS1_3
    } else {
        m::mbedtls_ssl_protocol_version_MBEDTLS_SSL_VERSION_TLS1_2
    }
}

impl Tls {
    pub fn new(cfg: &TlsConfig) -> Result<Tls, ConfigError> {
        if !psa_ready() {
            return Err(ConfigError::Setup);
        }
        if !(2..=3).contains(&cfg.min_version) || !(cfg.min_version..=3).contains(&cfg.max_version)
        {
            return Err(ConfigError::Versions);
        }
        // SAFETY: all-zero is a valid value for these C structs (integers and null pointers);
        // each is initialised by its `_init` just below, before any other use.
        let mut tls = Tls(Box::new(unsafe {
            Inner {
                ssl: std::mem::zeroed(),
                conf: std::mem::zeroed(),
                ca: std::mem::zeroed(),
                own: std::mem::zeroed(),
                key: std::mem::zeroed(),
                alpn_names: Vec::new(),
                alpn_list: Vec::new(),
                io: Io::default(),
                verify_if_present: false,
            }
        }));
        let i = &mut *tls.0;
        // SAFETY: initialising the boxed contexts in place; from here `Drop` may free them.
        unsafe {
            m::mbedtls_ssl_init(&mut i.ssl);
            m::mbedtls_ssl_config_init(&mut i.conf);
            m::mbedtls_x509_crt_init(&mut i.ca);
            m::mbedtls_x509_crt_init(&mut i.own);
            m::mbedtls_pk_init(&mut i.key);
        }
        let endpoint = if cfg.server {
            m::MBEDTLS_SSL_IS_SERVER
        } else {
            m::MBEDTLS_SSL_IS_CLIENT
        };
        // SAFETY: `conf` is initialised; the constants are mbedTLS's own.
        let r = unsafe {
            m::mbedtls_ssl_config_defaults(
                &mut i.conf,
                endpoint as c_int,
                m::MBEDTLS_SSL_TRANSPORT_STREAM as c_int,
                m::MBEDTLS_SSL_PRESET_DEFAULT as c_int,
            )
        };
        if r != 0 {
            return Err(ConfigError::Setup);
        }
        i.conf.private_min_tls_version = version_of(cfg.min_version);
        i.conf.private_max_tls_version = version_of(cfg.max_version);
        if !parse_certs(&mut i.ca, &cfg.cacerts) {
            return Err(ConfigError::CaCerts);
        }
        if !parse_certs(&mut i.own, &cfg.certs) {
            return Err(ConfigError::Cert);
        }
        if let Some(key) = &cfg.key {
            let buf = pem_or_der(key);
            // SAFETY: `key` is initialised; no password; `rng` is this module's callback.
            let r = unsafe {
                m::mbedtls_pk_parse_key(
                    &mut i.key,
                    buf.as_ptr(),
                    buf.len(),
                    ptr::null(),
                    0,
                    Some(rng),
                    ptr::null_mut(),
                )
            };
            if r != 0 {
                return Err(ConfigError::Key);
            }
        }
        let authmode = match cfg.verify {
            Verify::None => m::MBEDTLS_SSL_VERIFY_NONE,
            Verify::Peer => m::MBEDTLS_SSL_VERIFY_REQUIRED,
            Verify::PeerIfPresent => m::MBEDTLS_SSL_VERIFY_OPTIONAL,
        };
        i.verify_if_present = cfg.verify == Verify::PeerIfPresent;
        for name in &cfg.alpn {
            if name.is_empty() || name.len() > 255 {
                return Err(ConfigError::Alpn);
            }
            i.alpn_names
                .push(CString::new(name.clone()).map_err(|_| ConfigError::Alpn)?);
        }
        i.alpn_list = i.alpn_names.iter().map(|n| n.as_ptr()).collect();
        i.alpn_list.push(ptr::null());
        // SAFETY: every pointer handed to the config points into this box (chains, key, ALPN
        // list: none moves or is freed before the config); the callbacks are this module's.
        unsafe {
            m::mbedtls_ssl_conf_rng(&mut i.conf, Some(rng), ptr::null_mut());
            m::mbedtls_ssl_conf_authmode(&mut i.conf, authmode as c_int);
            m::mbedtls_ssl_conf_verify(&mut i.conf, Some(check_dates), ptr::null_mut());
            if !cfg.cacerts.is_empty() {
                m::mbedtls_ssl_conf_ca_chain(&mut i.conf, &mut i.ca, ptr::null_mut());
            }
            if !cfg.certs.is_empty()
                && cfg.key.is_some()
                && m::mbedtls_ssl_conf_own_cert(&mut i.conf, &mut i.own, &mut i.key) != 0
            {
                return Err(ConfigError::Cert);
            }
            if !cfg.alpn.is_empty()
                && m::mbedtls_ssl_conf_alpn_protocols(&mut i.conf, i.alpn_list.as_mut_ptr()) != 0
            {
                return Err(ConfigError::Alpn);
            }
            if m::mbedtls_ssl_setup(&mut i.ssl, &i.conf) != 0 {
                return Err(ConfigError::Setup);
            }
            let io: *mut Io = &mut i.io;
            m::mbedtls_ssl_set_bio(
                &mut i.ssl,
                io as *mut c_void,
                Some(bio_send),
                Some(bio_recv),
                None,
            );
        }
        if let Some(host) = &cfg.hostname {
            let host = CString::new(host.clone()).map_err(|_| ConfigError::Hostname)?;
            // SAFETY: `ssl` is set up; mbedTLS copies the NUL-terminated name.
            if unsafe { m::mbedtls_ssl_set_hostname(&mut i.ssl, host.as_ptr()) } != 0 {
                return Err(ConfigError::Hostname);
            }
        }
        Ok(tls)
    }

    /// Ciphertext received from the peer.
    pub fn feed(&mut self, bytes: &[u8]) {
        self.0.io.inbound.extend_from_slice(bytes);
    }

    /// Ciphertext to send to the peer (and the buffer is emptied).
    pub fn take_outbound(&mut self) -> Vec<u8> {
        std::mem::take(&mut self.0.io.outbound)
    }

    /// Run the handshake as far as the bytes fed in allow: `Ok(true)` once complete.
    pub fn handshake(&mut self) -> Result<bool, TlsError> {
        let psa = psa_keys();
        // SAFETY: `ssl` is set up and its BIO points into this box.
        let r = unsafe { m::mbedtls_ssl_handshake(&mut self.0.ssl) };
        drop(psa);
        match r {
            0 if self.0.verify_if_present && self.peer_cert().is_some() => {
                // SAFETY: reads the verification flags of a set-up context.
                let flags = unsafe { m::mbedtls_ssl_get_verify_result(&self.0.ssl) };
                if flags == 0 {
                    return Ok(true);
                }
                let err = self.error_of(m::MBEDTLS_ERR_X509_CERT_VERIFY_FAILED);
                // SAFETY: `ssl` is set up; the alert record goes to the outbound buffer.
                unsafe {
                    m::mbedtls_ssl_send_alert_message(
                        &mut self.0.ssl,
                        m::MBEDTLS_SSL_ALERT_LEVEL_FATAL as c_uchar,
                        err.alert,
                    )
                };
                Err(err)
            }
            0 => Ok(true),
            m::MBEDTLS_ERR_SSL_WANT_READ | m::MBEDTLS_ERR_SSL_WANT_WRITE => Ok(false),
            _ => Err(self.error_of(r)),
        }
    }

    /// Encrypt `data` into records (appended to the outbound buffer).
    pub fn write(&mut self, data: &[u8]) -> Result<(), TlsError> {
        let mut off = 0;
        while off < data.len() {
            let rest = &data[off..];
            // SAFETY: `ssl` is set up; `rest` is a live slice of the given length.
            let r = unsafe { m::mbedtls_ssl_write(&mut self.0.ssl, rest.as_ptr(), rest.len()) };
            if r > 0 {
                off += r as usize;
            } else if r == m::MBEDTLS_ERR_SSL_WANT_WRITE || r == m::MBEDTLS_ERR_SSL_WANT_READ {
                // The outbound buffer takes everything, so this is mbedTLS waiting on the
                // peer (a pending handshake message): a protocol error for us.
                return Err(self.error_of(m::MBEDTLS_ERR_SSL_UNEXPECTED_MESSAGE));
            } else {
                return Err(self.error_of(r));
            }
        }
        Ok(())
    }

    /// Decrypt every whole record fed in so far.
    pub fn read(&mut self) -> Result<Received, TlsError> {
        let mut data = Vec::new();
        let mut buf = vec![0u8; 16 * 1024];
        loop {
            // SAFETY: `ssl` is set up; `buf` is writable for its length.
            let r = unsafe { m::mbedtls_ssl_read(&mut self.0.ssl, buf.as_mut_ptr(), buf.len()) };
            match r {
                n if n > 0 => data.extend_from_slice(&buf[..n as usize]),
                0 | m::MBEDTLS_ERR_SSL_PEER_CLOSE_NOTIFY => {
                    return Ok(Received { data, closed: true })
                }
                m::MBEDTLS_ERR_SSL_WANT_READ | m::MBEDTLS_ERR_SSL_WANT_WRITE => {
                    return Ok(Received {
                        data,
                        closed: false,
                    })
                }
                // TLS 1.3 tickets after the handshake: we keep no sessions, read on.
                m::MBEDTLS_ERR_SSL_RECEIVED_NEW_SESSION_TICKET => {}
                _ => return Err(self.error_of(r)),
            }
        }
    }

    /// Queue a close_notify alert.
    pub fn close_notify(&mut self) {
        // SAFETY: `ssl` is set up; the alert goes to the outbound buffer.
        unsafe { m::mbedtls_ssl_close_notify(&mut self.0.ssl) };
    }

    /// The negotiated version ("TLSv1.2", "TLSv1.3") and cipher suite (IANA name in mbedTLS's
    /// spelling), and the ALPN protocol if one was agreed.
    pub fn info(&self) -> (String, String, Option<Vec<u8>>) {
        let s = &self.0.ssl;
        // SAFETY: these return NUL-terminated static strings, or NULL, for a set-up context.
        unsafe {
            let text = |p: *const c_char| {
                if p.is_null() {
                    String::new()
                } else {
                    CStr::from_ptr(p).to_string_lossy().into_owned()
                }
            };
            let alpn = m::mbedtls_ssl_get_alpn_protocol(s);
            let alpn = (!alpn.is_null()).then(|| CStr::from_ptr(alpn).to_bytes().to_vec());
            (
                text(m::mbedtls_ssl_get_version(s)),
                text(m::mbedtls_ssl_get_ciphersuite(s)),
                alpn,
            )
        }
    }

    /// The DER of the peer's certificate, once the handshake got it.
    pub fn peer_cert(&self) -> Option<Vec<u8>> {
        // SAFETY: the returned certificate (or NULL) lives as long as the context; `raw` is
        // its DER, `len` bytes at `p`.
        unsafe {
            let c = m::mbedtls_ssl_get_peer_cert(&self.0.ssl);
            if c.is_null() || (*c).raw.p.is_null() {
                return None;
            }
            Some(std::slice::from_raw_parts((*c).raw.p, (*c).raw.len).to_vec())
        }
    }

    /// The alert behind mbedTLS error `r`: the one the peer sent, or the one this side sent.
    fn error_of(&self, r: c_int) -> TlsError {
        let s = &self.0.ssl;
        if r == m::MBEDTLS_ERR_SSL_FATAL_ALERT_MESSAGE
            && !s.private_in_msg.is_null()
            && s.private_in_msglen >= 2
        {
            // SAFETY: `in_msg` holds the alert record just read, `in_msglen` (≥ 2) bytes.
            let desc = unsafe { *s.private_in_msg.add(1) };
            return TlsError {
                alert: desc,
                received: true,
            };
        }
        // A TLS 1.3 peer that refuses our certificate may send its alert before it switches to
        // its handshake keys (mbedTLS's client does): a plaintext alert record, which fails
        // decryption here. No protected record can be 2 bytes long (the AEAD tag alone is 16),
        // so a 2-byte alert record that failed is that plaintext alert.
        if r == m::MBEDTLS_ERR_SSL_INVALID_MAC && !s.private_in_hdr.is_null() {
            // SAFETY: `in_hdr` points at the start of mbedTLS's input buffer (TLS, no CID),
            // which is zero-allocated and at least 16 KB long, so 7 bytes are in bounds; it
            // holds the record just read: its 5-byte header, then the body its header
            // announces (read whole before decryption was tried).
            let hdr = unsafe { std::slice::from_raw_parts(s.private_in_hdr, 7) };
            if hdr[0] == 21 && hdr[3] == 0 && hdr[4] == 2 {
                return TlsError {
                    alert: hdr[6],
                    received: true,
                };
            }
        }
        // SAFETY: reads the verification flags of a set-up context.
        let flags = unsafe { m::mbedtls_ssl_get_verify_result(s) };
        let alert = if r == m::MBEDTLS_ERR_X509_CERT_VERIFY_FAILED
            || r == m::MBEDTLS_ERR_SSL_BAD_CERTIFICATE
        {
            if flags & m::MBEDTLS_X509_BADCERT_NOT_TRUSTED != 0 {
                alert::UNKNOWN_CA
            } else if flags & m::MBEDTLS_X509_BADCERT_EXPIRED != 0 {
                alert::CERTIFICATE_EXPIRED
            } else {
                // A name mismatch too: OTP 29 reports bad_certificate for it.
                alert::BAD_CERTIFICATE
            }
        } else {
            match r {
                m::MBEDTLS_ERR_SSL_NO_CLIENT_CERTIFICATE => alert::CERTIFICATE_REQUIRED,
                m::MBEDTLS_ERR_SSL_BAD_PROTOCOL_VERSION => alert::PROTOCOL_VERSION,
                m::MBEDTLS_ERR_SSL_DECODE_ERROR => alert::DECODE_ERROR,
                m::MBEDTLS_ERR_SSL_ILLEGAL_PARAMETER => alert::ILLEGAL_PARAMETER,
                m::MBEDTLS_ERR_SSL_UNEXPECTED_MESSAGE | m::MBEDTLS_ERR_SSL_INVALID_RECORD => {
                    alert::UNEXPECTED_MESSAGE
                }
                m::MBEDTLS_ERR_SSL_INVALID_MAC => alert::BAD_RECORD_MAC,
                m::MBEDTLS_ERR_SSL_BUFFER_TOO_SMALL => alert::RECORD_OVERFLOW,
                m::MBEDTLS_ERR_SSL_ALLOC_FAILED | m::MBEDTLS_ERR_SSL_INTERNAL_ERROR => {
                    alert::INTERNAL_ERROR
                }
                m::MBEDTLS_ERR_SSL_NO_APPLICATION_PROTOCOL => alert::NO_APPLICATION_PROTOCOL,
                _ => alert::HANDSHAKE_FAILURE,
            }
        };
        TlsError {
            alert,
            received: false,
        }
    }
}
