//! The TLS engine natives (`ssl:nif_engine_*`): a TLS context over memory buffers, a resource
//! owned by the process that made it (in `ssl.erl`, the connection process). Erlang moves the
//! ciphertext: each call takes the bytes that came from the peer and returns the bytes to send
//! to it, so the engine never touches a socket and runs the same on every target.
//!
//! Locking rule: the mbedTLS context is used by one caller at a time, under the engine's own
//! lock held for the whole call; the table's lock is never held meanwhile.
//!
//! Results (binaries are new binaries, `Out` the ciphertext to send, possibly empty):
//! - `nif_engine_new(Opts)` → `{ok, Engine}` | `{error, Option}`
//! - `nif_engine_handshake(Engine, In)` → `{done | more, Out}` | `{error, Alert, Out}` |
//!   `busy` (too many handshakes under way in this VM: nothing was done, call again later)
//! - `nif_engine_send(Engine, Data)` → `{ok, Out}` | `{error, Alert, Out}`
//! - `nif_engine_recv(Engine, In)` → `{ok | closed, Plain, Out}` | `{error, Alert, Out}`
//! - `nif_engine_close(Engine)` → `Out` (a close_notify alert)
//! - `nif_engine_info(Engine)` → `{Version, CipherSuite, Alpn | undefined}`
//! - `nif_engine_peercert(Engine)` → `Der` | `undefined`
//! - `nif_engine_free(Engine)` → `ok`
//!
//! `Alert` is `{Description, received | sent}`, the description a TLS alert number.

use super::mbed_tls::{ConfigError, Tls, TlsConfig, TlsError, Verify};
use crate::code::native::Ctx;
use crate::natives::crypto::{atom_name, iodata};
use crate::natives::registry::BifEntry;
use crate::natives::resource::ResourceTable;
use crate::terms::atom;
use crate::terms::binary::{bitstring_words, build_bitstring, MAX_BYTES};
use crate::terms::exception::{BifResult, Exception};
use crate::terms::heap::{words, Alloc};
use crate::terms::reference::{build_ref, ref_number, REF_WORDS};
use crate::terms::term::Term;
use std::sync::atomic::{AtomicUsize, Ordering};

static ENGINES: ResourceTable<Engine> = ResourceTable::new();

/// Handshakes under way at once in the VM, per role. mbedTLS keeps a TLS 1.3 handshake's
/// ephemeral (EC)DHE key in the PSA key store, which has a fixed number of slots (32; the
/// crate builds mbedTLS without `PSA_KEY_STORE_DYNAMIC`); with more handshakes at once key
/// generation fails (an `internal_error` alert). Clients and servers have separate limits so
/// that clients waiting for a server in the same VM never keep it from its own handshakes; a
/// client takes its place at its first call (it sends its key share at once), a server when the
/// ClientHello has come, and both keep it until the handshake ends.
const MAX_HANDSHAKES: usize = 12;
static HANDSHAKES: [AtomicUsize; 2] = [AtomicUsize::new(0), AtomicUsize::new(0)];

/// One of the MAX_HANDSHAKES places of a role, given back when dropped.
struct Gate(&'static AtomicUsize);

impl Gate {
    fn take(server: bool) -> Option<Gate> {
        let count = &HANDSHAKES[usize::from(server)];
        if count.fetch_add(1, Ordering::SeqCst) < MAX_HANDSHAKES {
            Some(Gate(count))
        } else {
            count.fetch_sub(1, Ordering::SeqCst);
            None
        }
    }
}

impl Drop for Gate {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::SeqCst);
    }
}

/// An engine: the TLS context and its place among the handshakes under way.
struct Engine {
    tls: Tls,
    server: bool,
    started: bool,
    gate: Option<Gate>,
}

impl std::ops::Deref for Engine {
    type Target = Tls;
    fn deref(&self) -> &Tls {
        &self.tls
    }
}

impl std::ops::DerefMut for Engine {
    fn deref_mut(&mut self) -> &mut Tls {
        &mut self.tls
    }
}

fn atom_term(name: &str) -> Term {
    Term::atom(atom::intern_str(name))
}

/// The elements of a proper list; `badarg` otherwise.
fn list_items(mut t: Term) -> Result<Vec<Term>, Exception> {
    let mut out = Vec::new();
    while let Some((h, rest)) = t.as_cons() {
        out.push(h);
        t = rest;
    }
    if !t.is_nil() {
        return Err(Exception::badarg());
    }
    Ok(out)
}

fn binaries(t: Term) -> Result<Vec<Vec<u8>>, Exception> {
    list_items(t)?.into_iter().map(iodata).collect()
}

fn small(t: Term) -> Result<u8, Exception> {
    t.as_small()
        .and_then(|v| u8::try_from(v).ok())
        .ok_or_else(Exception::badarg)
}

/// `Opts`: a list of `{role, client | server}`, `{verify, verify_none | verify_peer}`,
/// `{cacerts, [Bin]}`, `{certs, [Bin]}`, `{key, Bin}`, `{hostname, Bin}`,
/// `{versions, Min, Max}` (2 = TLS 1.2, 3 = TLS 1.3), `{alpn, [Bin]}`,
/// `{fail_if_no_peer_cert, Bool}` (server with verify_peer).
fn config_of(opts: Term) -> Result<TlsConfig, Exception> {
    let mut cfg = TlsConfig {
        server: false,
        verify: Verify::None,
        cacerts: Vec::new(),
        certs: Vec::new(),
        key: None,
        hostname: None,
        min_version: 2,
        max_version: 3,
        alpn: Vec::new(),
    };
    let mut fail_if_no_peer_cert = false;
    for opt in list_items(opts)? {
        let e = opt.as_tuple().ok_or_else(Exception::badarg)?;
        match (atom_name(e[0])?, e.len()) {
            (b"role", 2) => cfg.server = atom_name(e[1])? == b"server",
            (b"verify", 2) => {
                cfg.verify = match atom_name(e[1])? {
                    b"verify_peer" => Verify::Peer,
                    b"verify_none" => Verify::None,
                    _ => return Err(Exception::badarg()),
                }
            }
            (b"cacerts", 2) => cfg.cacerts = binaries(e[1])?,
            (b"certs", 2) => cfg.certs = binaries(e[1])?,
            (b"key", 2) => cfg.key = Some(iodata(e[1])?),
            (b"hostname", 2) => cfg.hostname = Some(iodata(e[1])?),
            (b"versions", 3) => {
                cfg.min_version = small(e[1])?;
                cfg.max_version = small(e[2])?;
            }
            (b"alpn", 2) => cfg.alpn = binaries(e[1])?,
            (b"fail_if_no_peer_cert", 2) => fail_if_no_peer_cert = atom_name(e[1])? == b"true",
            _ => return Err(Exception::badarg()),
        }
    }
    if cfg.server && cfg.verify == Verify::Peer && !fail_if_no_peer_cert {
        cfg.verify = Verify::PeerIfPresent;
    }
    Ok(cfg)
}

fn config_error_name(e: ConfigError) -> &'static str {
    match e {
        ConfigError::CaCerts => "cacerts",
        ConfigError::Cert => "cert",
        ConfigError::Key => "key",
        ConfigError::Hostname => "server_name_indication",
        ConfigError::Alpn => "alpn",
        ConfigError::Versions => "versions",
        ConfigError::Setup => "setup",
    }
}

fn new_1(ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    let cfg = config_of(args[0])?;
    match Tls::new(&cfg) {
        Ok(tls) => {
            let engine = Engine {
                tls,
                server: cfg.server,
                started: false,
                gate: None,
            };
            let id = ENGINES.insert(ctx.proc.pid, engine);
            let mut r = ctx.reserve(REF_WORDS + words::tuple(2), args);
            let engine = build_ref(&mut r, id);
            Ok(r.tuple(&[Term::atom(atom::OK), engine]))
        }
        Err(e) => {
            let mut r = ctx.reserve(words::tuple(2), args);
            Ok(r.tuple(&[atom_term("error"), atom_term(config_error_name(e))]))
        }
    }
}

fn engine(t: Term) -> Result<crate::natives::resource::Shared<Engine>, Exception> {
    let id = ref_number(t).ok_or_else(Exception::badarg)?;
    ENGINES.get(id).ok_or_else(Exception::badarg)
}

/// One element of a result tuple.
enum Part<'a> {
    Atom(Term),
    Bytes(&'a [u8]),
    Alert(TlsError),
}

/// A tuple of atoms, new binaries and `{Alert, received | sent}` pairs.
fn make_tuple(ctx: &mut Ctx, args: &mut [Term], parts: &[Part]) -> BifResult {
    let mut need = words::tuple(parts.len());
    for p in parts {
        match p {
            Part::Atom(_) => {}
            Part::Bytes(b) if b.len() > MAX_BYTES => return Err(Exception::system_limit()),
            Part::Bytes(b) => need += bitstring_words(b.len() * 8),
            Part::Alert(_) => need += words::tuple(2),
        }
    }
    let mut r = ctx.reserve(need, args);
    let terms: Vec<Term> = parts
        .iter()
        .map(|p| match p {
            Part::Atom(a) => *a,
            Part::Bytes(b) => build_bitstring(&mut r, b, b.len() * 8),
            Part::Alert(e) => {
                let side = if e.received { "received" } else { "sent" };
                r.tuple(&[Term::small(e.alert as isize), atom_term(side)])
            }
        })
        .collect();
    Ok(r.tuple(&terms))
}

fn handshake_2(ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    let e = engine(args[0])?;
    let input = iodata(args[1])?;
    let (result, out) = {
        let mut tls = e.lock();
        // A server takes its place when the ClientHello is there: before, it holds no key, and
        // a place held while a client waits for one of its own could stall both.
        let key_share_now = !tls.server || !input.is_empty();
        if !tls.started && key_share_now {
            match Gate::take(tls.server) {
                Some(gate) => {
                    tls.gate = Some(gate);
                    tls.started = true;
                }
                None => return Ok(atom_term("busy")),
            }
        }
        tls.feed(&input);
        let result = tls.handshake();
        if !matches!(result, Ok(false)) {
            tls.gate = None;
        }
        (result, tls.take_outbound())
    };
    match result {
        Ok(done) => {
            let tag = atom_term(if done { "done" } else { "more" });
            make_tuple(ctx, args, &[Part::Atom(tag), Part::Bytes(&out)])
        }
        Err(err) => error_result(ctx, args, err, &out),
    }
}

fn error_result(ctx: &mut Ctx, args: &mut [Term], err: TlsError, out: &[u8]) -> BifResult {
    make_tuple(
        ctx,
        args,
        &[
            Part::Atom(atom_term("error")),
            Part::Alert(err),
            Part::Bytes(out),
        ],
    )
}

fn send_2(ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    let e = engine(args[0])?;
    let data = iodata(args[1])?;
    let (result, out) = {
        let mut tls = e.lock();
        let result = tls.write(&data);
        (result, tls.take_outbound())
    };
    match result {
        Ok(()) => make_tuple(
            ctx,
            args,
            &[Part::Atom(Term::atom(atom::OK)), Part::Bytes(&out)],
        ),
        Err(err) => error_result(ctx, args, err, &out),
    }
}

fn recv_2(ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    let e = engine(args[0])?;
    let input = iodata(args[1])?;
    let (result, out) = {
        let mut tls = e.lock();
        tls.feed(&input);
        let result = tls.read();
        (result, tls.take_outbound())
    };
    match result {
        Ok(got) => {
            let tag = if got.closed {
                atom_term("closed")
            } else {
                Term::atom(atom::OK)
            };
            make_tuple(
                ctx,
                args,
                &[Part::Atom(tag), Part::Bytes(&got.data), Part::Bytes(&out)],
            )
        }
        Err(err) => error_result(ctx, args, err, &out),
    }
}

fn close_1(ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    let e = engine(args[0])?;
    let out = {
        let mut tls = e.lock();
        tls.close_notify();
        tls.take_outbound()
    };
    crate::natives::results::make_binary(ctx, args, &out)
}

fn info_1(ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    let e = engine(args[0])?;
    let (version, suite, alpn) = e.lock().info();
    let alpn_part = match &alpn {
        Some(a) => Part::Bytes(a),
        None => Part::Atom(Term::atom(atom::UNDEFINED)),
    };
    make_tuple(
        ctx,
        args,
        &[
            Part::Bytes(version.as_bytes()),
            Part::Bytes(suite.as_bytes()),
            alpn_part,
        ],
    )
}

fn peercert_1(ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    let e = engine(args[0])?;
    let cert = e.lock().peer_cert();
    match cert {
        Some(der) => crate::natives::results::make_binary(ctx, args, &der),
        None => Ok(Term::atom(atom::UNDEFINED)),
    }
}

fn free_1(_ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    let id = ref_number(args[0]).ok_or_else(Exception::badarg)?;
    drop(ENGINES.remove(id));
    Ok(Term::atom(atom::OK))
}

/// A process exited: free the engines it owned.
pub fn owner_exited(pid: Term) {
    drop(ENGINES.take_owned(pid));
}

pub const BIFS: &[BifEntry] = &[
    BifEntry::new("ssl", "nif_engine_new", 1, new_1),
    BifEntry::new("ssl", "nif_engine_handshake", 2, handshake_2),
    BifEntry::new("ssl", "nif_engine_send", 2, send_2),
    BifEntry::new("ssl", "nif_engine_recv", 2, recv_2),
    BifEntry::new("ssl", "nif_engine_close", 1, close_1),
    BifEntry::new("ssl", "nif_engine_info", 1, info_1),
    BifEntry::new("ssl", "nif_engine_peercert", 1, peercert_1),
    BifEntry::new("ssl", "nif_engine_free", 1, free_1),
];
