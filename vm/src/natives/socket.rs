//! The otp_socket NIF layer: the `socket:nif_*` and `net:nif_*` functions estdlib's `socket`,
//! `gen_tcp`, `gen_udp`, `inet` and `net` are built on (contract: docs/sockets.md).
//!
//! A socket is a resource (`resource.rs`): an entry in one VM-wide table, named by a reference
//! number; Erlang sees it as `{'$socket', Ref}`. The entry holds the fd (-1 once closed: fd 0 is a legal socket), the
//! owner (closing the socket when it exits) and what it was opened as. Every call is
//! non-blocking; waiting is `nif_select` plus a receive (see `select.rs`).

use crate::code::native::Ctx;
use crate::natives::registry::BifEntry;
use crate::natives::resource::{ResourceTable, Shared};
use crate::platform::socket_sys::{self as sys, AddrInfo, Errno, Opt, Shutdown, SockAddr};
use crate::scheduling::select::{self, Mode};
use crate::terms::atom;
use crate::terms::binary::bytes_of;
use crate::terms::copy;
use crate::terms::exception::{BifResult, Exception};
use crate::terms::heap::{words, Alloc, Arena};
use crate::terms::reference::ref_number;
use crate::terms::term::{Atom, Term};
use crate::terms::text::build_char_list;
use crate::terms::text::char_list;

/// Bytes one `nif_recv` reads at most (fewer when less is there). Len 0 asks for this much.
const RECV_CHUNK: usize = 64 * 1024;
/// The largest UDP payload.
const MAX_DATAGRAM: usize = 65535;

struct Sock {
    /// -1 once closed.
    fd: i32,
    owner: Term,
    domain: i32,
    kind: i32,
    protocol: i32,
    /// Data was sent on it (a close may have to wait for it to leave: see `close_entry`).
    sent: bool,
}

type Entry = Shared<Sock>;

/// Every open socket, with its owner.
static SOCKETS: ResourceTable<Sock> = ResourceTable::new();

/// The socket number of `{'$socket', Ref}`.
fn socket_id(t: Term) -> Option<u64> {
    match t.as_tuple()? {
        [tag, r] if tag.as_atom() == Some(select::dollar_socket()) => ref_number(*r),
        _ => None,
    }
}

/// The open socket `t` names: Ok(None) when it was closed; badarg when `t` is no socket.
fn lookup(t: Term) -> Result<Option<(u64, Entry)>, Exception> {
    let id = socket_id(t).ok_or_else(Exception::badarg)?;
    Ok(SOCKETS.get(id).map(|e| (id, e)))
}

fn register(fd: i32, owner: Term, domain: i32, kind: i32, protocol: i32) -> u64 {
    let sock = Sock {
        fd,
        owner,
        domain,
        kind,
        protocol,
        sent: false,
    };
    SOCKETS.insert(owner, sock)
}

/// Close socket `id` (already taken out of the table) and abort the selects armed on it.
fn close_entry(id: u64, entry: &Entry) {
    let mut s = entry.lock();
    if s.fd != -1 {
        if sys::CLOSE_WHEN_FLUSHED && s.kind == sys::SOCK_STREAM && s.sent {
            // What wasmtime still holds of earlier sends would be dropped by closing now.
            select::close_when_flushed(s.fd);
        } else {
            sys::close(s.fd);
        }
        s.fd = -1;
    }
    drop(s);
    select::abort_socket(id);
}

/// A process exited: close the sockets it owned, as OTP does.
pub fn owner_exited(pid: Term) {
    for (id, e) in SOCKETS.take_owned(pid) {
        close_entry(id, &e);
    }
}

// ---- results ----

/// What a NIF answers, described before anything is built (so the heap need is known first).
enum Reply {
    Ok,
    Value(Value),
    Error(Why),
}

enum Value {
    Int(i64),
    Bytes(Vec<u8>),
    Socket(u64),
    Addr(SockAddr),
    From(Option<SockAddr>, Vec<u8>),
    Bool(bool),
    Atom(Atom),
    Linger(bool, i32),
    Str(String),
    AddrInfos(Vec<AddrInfo>),
}

enum Why {
    Closed,
    Posix(Errno),
    Name(&'static str),
}

impl From<Result<(), Errno>> for Reply {
    fn from(r: Result<(), Errno>) -> Reply {
        match r {
            Ok(()) => Reply::Ok,
            Err(e) => posix(e),
        }
    }
}

/// `{error, Posix}`, with the peer's close spelt `closed`.
fn posix(e: Errno) -> Reply {
    if sys::is_peer_close(e) {
        Reply::Error(Why::Closed)
    } else {
        Reply::Error(Why::Posix(e))
    }
}

fn a(name: &str) -> Term {
    Term::atom(atom::intern_str(name))
}

fn family_name(domain: i32) -> &'static str {
    if domain == sys::AF_INET6 {
        "inet6"
    } else {
        "inet"
    }
}

fn type_name(kind: i32) -> &'static str {
    match kind {
        k if k == sys::SOCK_STREAM => "stream",
        k if k == sys::SOCK_DGRAM => "dgram",
        _ => "raw",
    }
}

fn protocol_name(protocol: i32) -> &'static str {
    match protocol {
        p if p == sys::IPPROTO_TCP => "tcp",
        p if p == sys::IPPROTO_UDP => "udp",
        _ => "ip",
    }
}

/// `#{family, addr, port}` (keys in term order: addr < family < port).
fn build_addr<A: Alloc + ?Sized>(al: &mut A, addr: &SockAddr) -> Term {
    let (family, ip, port) = match addr {
        SockAddr::V4(b, port) => {
            let e: Vec<Term> = b.iter().map(|&x| Term::small(x as isize)).collect();
            ("inet", al.tuple(&e), *port)
        }
        SockAddr::V6(g, port) => {
            let e: Vec<Term> = g.iter().map(|&x| Term::small(x as isize)).collect();
            ("inet6", al.tuple(&e), *port)
        }
    };
    crate::terms::map::build(
        al,
        &[a("addr"), a("family"), a("port")],
        &[ip, a(family), Term::small(port as isize)],
    )
}

impl Value {
    fn build<A: Alloc + ?Sized>(&self, al: &mut A) -> Term {
        match self {
            Value::Int(n) => Term::small(*n as isize),
            Value::Bytes(b) => al.heap_binary(b),
            Value::Socket(id) => select::build_socket_term(al, *id),
            Value::Addr(addr) => build_addr(al, addr),
            Value::From(addr, b) => {
                let bin = al.heap_binary(b);
                let src = match addr {
                    Some(addr) => build_addr(al, addr),
                    None => Term::atom(atom::UNDEFINED),
                };
                al.tuple(&[src, bin])
            }
            Value::Bool(b) => Term::boolean(*b),
            Value::Atom(x) => Term::atom(*x),
            Value::Linger(on, secs) => crate::terms::map::build(
                al,
                &[a("linger"), a("onoff")],
                &[Term::small(*secs as isize), Term::boolean(*on)],
            ),
            Value::Str(s) => build_char_list(al, s),
            Value::AddrInfos(list) => {
                let items: Vec<Term> = list
                    .iter()
                    .map(|ai| {
                        let addr = build_addr(al, &ai.addr);
                        crate::terms::map::build(
                            al,
                            &[a("addr"), a("family"), a("protocol"), a("type")],
                            &[
                                addr,
                                a(family_name(ai.family)),
                                a(protocol_name(ai.protocol)),
                                a(type_name(ai.kind)),
                            ],
                        )
                    })
                    .collect();
                al.list_from(&items, Term::NIL)
            }
        }
    }
}

impl Reply {
    fn build<A: Alloc + ?Sized>(&self, al: &mut A) -> Term {
        match self {
            Reply::Ok => Term::atom(atom::OK),
            Reply::Value(v) => {
                let t = v.build(al);
                al.tuple(&[Term::atom(atom::OK), t])
            }
            Reply::Error(why) => {
                let reason = match why {
                    Why::Closed => a("closed"),
                    Why::Posix(e) => a(sys::errno_name(*e)),
                    Why::Name(n) => a(n),
                };
                al.tuple(&[Term::atom(atom::ERROR), reason])
            }
        }
    }
}

/// Put `reply` on the caller's heap: built in a scratch arena, then copied in one reservation.
fn give(ctx: &mut Ctx, args: &mut [Term], reply: Reply) -> BifResult {
    match reply {
        Reply::Ok => Ok(Term::atom(atom::OK)),
        Reply::Value(Value::Bytes(b)) => {
            // The common case, built in place: {ok, Binary}.
            let mut r = ctx.reserve(words::tuple(2) + words::heap_binary(b.len()), args);
            let bin = r.heap_binary(&b);
            Ok(r.tuple(&[Term::atom(atom::OK), bin]))
        }
        reply => {
            let mut arena = Arena::new();
            let t = reply.build(&mut arena);
            let need = copy::size(t, &arena);
            let mut r = ctx.reserve(need, args);
            Ok(copy::copy_into(&mut r, t, &arena))
        }
    }
}

/// Run `f` on the open socket `args[0]` and give its reply; `{error, closed}` once closed.
fn with_socket(
    ctx: &mut Ctx,
    args: &mut [Term],
    f: impl FnOnce(u64, &mut Sock, Term) -> Result<Reply, Exception>,
) -> BifResult {
    let reply = match lookup(args[0])? {
        None => Reply::Error(Why::Closed),
        Some((id, entry)) => {
            let mut s = entry.lock();
            if s.fd == -1 {
                Reply::Error(Why::Closed)
            } else {
                f(id, &mut s, ctx.proc.pid)?
            }
        }
    };
    give(ctx, args, reply)
}

// ---- argument decoding ----

fn atom_name(t: Term) -> Option<&'static [u8]> {
    t.as_atom().map(atom::name)
}

fn small_in(t: Term, lo: i64, hi: i64) -> Option<i64> {
    t.as_small()
        .map(|n| n as i64)
        .filter(|n| (lo..=hi).contains(n))
}

/// An address map (or the atoms `any`/`loopback` for `addr`) in the family of `domain`.
fn parse_addr(t: Term, domain: i32) -> Option<SockAddr> {
    if !crate::terms::map::is_map(t) {
        return None;
    }
    let family = match crate::terms::map::get(t, a("family")) {
        Some(f) => match atom_name(f)? {
            b"inet" => sys::AF_INET,
            b"inet6" => sys::AF_INET6,
            _ => return None,
        },
        None => domain,
    };
    let port = match crate::terms::map::get(t, a("port")) {
        Some(p) => small_in(p, 0, 65535)? as u16,
        None => 0,
    };
    let ip = crate::terms::map::get(t, a("addr")).unwrap_or(a("any"));
    let v6 = family == sys::AF_INET6;
    match (atom_name(ip), v6) {
        (Some(b"any"), false) => return Some(SockAddr::V4([0; 4], port)),
        (Some(b"loopback"), false) => return Some(SockAddr::V4([127, 0, 0, 1], port)),
        (Some(b"any"), true) => return Some(SockAddr::V6([0; 8], port)),
        (Some(b"loopback"), true) => return Some(SockAddr::V6([0, 0, 0, 0, 0, 0, 0, 1], port)),
        (Some(_), _) => return None,
        _ => {}
    }
    let parts = ip.as_tuple()?;
    if v6 {
        let mut g = [0u16; 8];
        if parts.len() != 8 {
            return None;
        }
        for (x, p) in g.iter_mut().zip(parts) {
            *x = small_in(*p, 0, 65535)? as u16;
        }
        Some(SockAddr::V6(g, port))
    } else {
        let mut b = [0u8; 4];
        if parts.len() != 4 {
            return None;
        }
        for (x, p) in b.iter_mut().zip(parts) {
            *x = small_in(*p, 0, 255)? as u8;
        }
        Some(SockAddr::V4(b, port))
    }
}

fn length_arg(t: Term) -> Result<usize, Exception> {
    t.as_small()
        .filter(|&n| n >= 0)
        .map(|n| n as usize)
        .ok_or_else(Exception::badarg)
}

fn data_arg(t: Term) -> Result<std::borrow::Cow<'static, [u8]>, Exception> {
    bytes_of(t).ok_or_else(Exception::badarg)
}

// ---- the NIFs ----

fn nif_open(ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    let domain = match atom_name(args[0]) {
        Some(b"inet") => sys::AF_INET,
        Some(b"inet6") => sys::AF_INET6,
        _ => return Err(Exception::badarg()),
    };
    let kind = match atom_name(args[1]) {
        Some(b"stream") => sys::SOCK_STREAM,
        Some(b"dgram") => sys::SOCK_DGRAM,
        _ => return Err(Exception::badarg()),
    };
    let protocol = match (atom_name(args[2]), args[2].as_small()) {
        (Some(b"default") | Some(b"ip"), _) | (_, Some(0)) => {
            if kind == sys::SOCK_STREAM {
                sys::IPPROTO_TCP
            } else {
                sys::IPPROTO_UDP
            }
        }
        (Some(b"tcp"), _) => sys::IPPROTO_TCP,
        (Some(b"udp"), _) => sys::IPPROTO_UDP,
        _ => return Err(Exception::badarg()),
    };
    let reply = match sys::open(domain, kind, protocol) {
        Ok(fd) => Reply::Value(Value::Socket(register(
            fd,
            ctx.proc.pid,
            domain,
            kind,
            protocol,
        ))),
        Err(e) => Reply::Error(Why::Posix(e)),
    };
    give(ctx, args, reply)
}

fn nif_close(ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    let id = socket_id(args[0]).ok_or_else(Exception::badarg)?;
    let reply = match SOCKETS.remove(id) {
        Some(e) => {
            close_entry(id, &e);
            Reply::Ok
        }
        None => Reply::Error(Why::Closed),
    };
    give(ctx, args, reply)
}

fn nif_bind(ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    let addr = args[1];
    with_socket(ctx, args, |_, s, _| {
        let addr = parse_addr(addr, s.domain).ok_or_else(Exception::badarg)?;
        Ok(sys::bind(s.fd, &addr).into())
    })
}

fn nif_listen(ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    let backlog = small_in(args[1], 0, i32::MAX as i64).ok_or_else(Exception::badarg)? as i32;
    with_socket(ctx, args, |_, s, _| Ok(sys::listen(s.fd, backlog).into()))
}

fn nif_accept(ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    with_socket(ctx, args, |_, s, caller| {
        Ok(match sys::accept(s.fd) {
            Ok(fd) => Reply::Value(Value::Socket(register(
                fd, caller, s.domain, s.kind, s.protocol,
            ))),
            Err(e) => posix(e),
        })
    })
}

fn nif_connect(ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    let addr = args[1];
    with_socket(ctx, args, |_, s, _| {
        let addr = parse_addr(addr, s.domain).ok_or_else(Exception::badarg)?;
        Ok(match sys::connect(s.fd, &addr) {
            Ok(()) => Reply::Ok,
            // A stream connect in progress: wait for writability, then ask connect_result.
            Err(e) => Reply::Error(Why::Posix(e)),
        })
    })
}

fn nif_connect_result(ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    with_socket(ctx, args, |_, s, _| {
        Ok(match sys::pending_error(s.fd) {
            Ok(()) => Reply::Ok,
            Err(e) => Reply::Error(Why::Posix(e)),
        })
    })
}

fn nif_send(ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    let data = data_arg(args[1])?;
    with_socket(ctx, args, |_, s, _| {
        if data.is_empty() {
            return Ok(Reply::Value(Value::Int(0)));
        }
        Ok(match sys::send(s.fd, &data) {
            Ok(n) => {
                s.sent = true;
                Reply::Value(Value::Int(n as i64))
            }
            Err(e) => posix(e),
        })
    })
}

fn nif_sendto(ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    let data = data_arg(args[1])?;
    let dest = args[2];
    with_socket(ctx, args, |_, s, _| {
        let addr = parse_addr(dest, s.domain).ok_or_else(Exception::badarg)?;
        Ok(match sys::send_to(s.fd, &data, &addr) {
            Ok(n) => Reply::Value(Value::Int(n as i64)),
            Err(e) => posix(e),
        })
    })
}

thread_local! {
    /// Each scheduler's receive buffer: a read lands here and only what arrived is copied out.
    static RECV_BUF: std::cell::RefCell<Vec<u8>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// Run `f` on a receive buffer of `want` bytes.
fn with_recv_buf<T>(want: usize, f: impl FnOnce(&mut [u8]) -> T) -> T {
    RECV_BUF.with(|b| {
        let mut b = b.borrow_mut();
        if b.len() < want {
            b.resize(want, 0);
        }
        f(&mut b[..want])
    })
}

fn nif_recv(ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    let len = length_arg(args[1])?;
    with_socket(ctx, args, |_, s, _| {
        let want = if len == 0 {
            RECV_CHUNK
        } else {
            len.min(RECV_CHUNK)
        };
        Ok(with_recv_buf(want, |buf| match sys::recv(s.fd, buf) {
            Ok(0) if s.kind == sys::SOCK_STREAM => Reply::Error(Why::Closed),
            Ok(n) => Reply::Value(Value::Bytes(buf[..n].to_vec())),
            Err(e) => posix(e),
        }))
    })
}

fn nif_recvfrom(ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    let len = length_arg(args[1])?;
    with_socket(ctx, args, |_, s, _| {
        let want = if len == 0 {
            MAX_DATAGRAM
        } else {
            len.min(MAX_DATAGRAM)
        };
        Ok(with_recv_buf(want, |buf| match sys::recv_from(s.fd, buf) {
            Ok((0, _)) if s.kind == sys::SOCK_STREAM => Reply::Error(Why::Closed),
            Ok((n, from)) => Reply::Value(Value::From(from, buf[..n].to_vec())),
            Err(e) => posix(e),
        }))
    })
}

fn nif_shutdown(ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    let how = match atom_name(args[1]) {
        Some(b"read") => Shutdown::Read,
        Some(b"write") => Shutdown::Write,
        Some(b"read_write") => Shutdown::Both,
        _ => return Err(Exception::badarg()),
    };
    with_socket(ctx, args, |_, s, _| Ok(sys::shutdown(s.fd, how).into()))
}

fn address_reply(r: Result<SockAddr, Errno>) -> Reply {
    match r {
        Ok(addr) => Reply::Value(Value::Addr(addr)),
        Err(e) => posix(e),
    }
}

fn nif_sockname(ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    with_socket(ctx, args, |_, s, _| Ok(address_reply(sys::sockname(s.fd))))
}

fn nif_peername(ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    with_socket(ctx, args, |_, s, _| Ok(address_reply(sys::peername(s.fd))))
}

/// `{Level, Name}` of an option: the integer option it is, or its name for the others.
enum OptName {
    Int(Opt, bool),
    Linger,
    Type,
    Domain,
    Protocol,
    ControllingProcess,
    Fd,
}

fn opt_name(t: Term) -> Result<OptName, Exception> {
    let [level, name] = t.as_tuple().ok_or_else(Exception::badarg)? else {
        return Err(Exception::badarg());
    };
    let level = atom_name(*level).ok_or_else(Exception::badarg)?;
    let name = atom_name(*name).ok_or_else(Exception::badarg)?;
    Ok(match (level, name) {
        (b"socket", b"reuseaddr") => OptName::Int(Opt::ReuseAddr, true),
        (b"socket", b"keepalive") => OptName::Int(Opt::KeepAlive, true),
        (b"socket", b"rcvbuf") => OptName::Int(Opt::RcvBuf, false),
        (b"socket", b"sndbuf") => OptName::Int(Opt::SndBuf, false),
        (b"socket", b"linger") => OptName::Linger,
        (b"socket", b"type") => OptName::Type,
        (b"socket", b"domain") => OptName::Domain,
        (b"socket", b"protocol") => OptName::Protocol,
        (b"tcp", b"nodelay") => OptName::Int(Opt::NoDelay, true),
        (b"otp", b"controlling_process") => OptName::ControllingProcess,
        (b"otp", b"fd") => OptName::Fd,
        _ => return Err(Exception::badarg()),
    })
}

/// `{error, invalid_option}`: socket.erl makes it OTP's `{error, {invalid, {socket_option, Opt}}}`.
const INVALID_OPTION: Reply = Reply::Error(Why::Name("invalid_option"));
/// `{error, invalid_value}`: socket.erl makes it `{error, {invalid, {socket_option, Opt, Value}}}`.
const INVALID_VALUE: Reply = Reply::Error(Why::Name("invalid_value"));

fn nif_getopt(ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    let Ok(opt) = opt_name(args[1]) else {
        return give(ctx, args, INVALID_OPTION);
    };
    with_socket(ctx, args, |_, s, _| {
        Ok(match opt {
            OptName::Int(o, boolean) => match sys::get_int(s.fd, o) {
                Ok(v) if boolean => Reply::Value(Value::Bool(v != 0)),
                Ok(v) => Reply::Value(Value::Int(v as i64)),
                Err(e) => posix(e),
            },
            OptName::Linger => match sys::get_linger(s.fd) {
                Ok((on, secs)) => Reply::Value(Value::Linger(on, secs)),
                Err(e) => posix(e),
            },
            OptName::Type => Reply::Value(Value::Atom(atom::intern_str(type_name(s.kind)))),
            OptName::Domain => Reply::Value(Value::Atom(atom::intern_str(family_name(s.domain)))),
            OptName::Protocol => {
                Reply::Value(Value::Atom(atom::intern_str(protocol_name(s.protocol))))
            }
            OptName::ControllingProcess => Reply::Value(Value::Atom(atom::UNDEFINED)),
            OptName::Fd => Reply::Value(Value::Int(s.fd as i64)),
        })
    })
}

/// A boolean or integer option value as the integer setsockopt takes.
fn int_value(t: Term, boolean: bool) -> Option<i32> {
    if boolean {
        match t.as_atom()? {
            atom::TRUE => Some(1),
            atom::FALSE => Some(0),
            _ => None,
        }
    } else {
        small_in(t, 0, i32::MAX as i64).map(|n| n as i32)
    }
}

fn nif_setopt(ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    let Ok(opt) = opt_name(args[1]) else {
        return give(ctx, args, INVALID_OPTION);
    };
    let value = args[2];
    with_socket(ctx, args, |id, s, caller| {
        let r = match opt {
            OptName::Int(o, boolean) => {
                let Some(v) = int_value(value, boolean) else {
                    return Ok(INVALID_VALUE);
                };
                sys::set_int(s.fd, o, v).or_else(|e| no_op_on_wasi(o == Opt::ReuseAddr, e))
            }
            OptName::Linger => {
                let on = crate::terms::map::get(value, a("onoff")).and_then(|t| int_value(t, true));
                let secs =
                    crate::terms::map::get(value, a("linger")).and_then(|t| int_value(t, false));
                let (Some(on), Some(secs)) = (on, secs) else {
                    return Ok(INVALID_VALUE);
                };
                sys::set_linger(s.fd, on != 0, secs).or_else(|e| no_op_on_wasi(true, e))
            }
            OptName::ControllingProcess => {
                if !value.is_pid() {
                    return Ok(INVALID_VALUE);
                }
                if s.owner != caller {
                    return Ok(Reply::Error(Why::Name("not_owner")));
                }
                SOCKETS.set_owner(id, value);
                s.owner = value;
                Ok(())
            }
            // Read-only: what the socket is cannot be set.
            OptName::Type | OptName::Domain | OptName::Protocol | OptName::Fd => {
                return Ok(INVALID_OPTION)
            }
        };
        Ok(r.into())
    })
}

/// Where the target lacks SO_REUSEADDR and SO_LINGER (wasi-libc), asking for them is a no-op.
fn no_op_on_wasi(unsupported_there: bool, e: Errno) -> Result<(), Errno> {
    if unsupported_there && sys::MISSING_OPTIONS_ARE_NO_OPS && e == sys::ENOPROTOOPT {
        Ok(())
    } else {
        Err(e)
    }
}

fn nif_select(ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    let mode = match atom_name(args[1]) {
        Some(b"read") => Mode::Read,
        Some(b"write") => Mode::Write,
        _ => return Err(Exception::badarg()),
    };
    let reference = ref_number(args[2]).ok_or_else(Exception::badarg)?;
    with_socket(ctx, args, |id, s, caller| {
        select::arm(s.fd, mode, caller, id, reference);
        Ok(Reply::Ok)
    })
}

fn nif_select_stop(_ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    let id = socket_id(args[0]).ok_or_else(Exception::badarg)?;
    let reference = ref_number(args[1]).ok_or_else(Exception::badarg)?;
    select::disarm(id, reference);
    Ok(Term::atom(atom::OK))
}

// ---- net ----

/// A host or service name: a string, a binary, or `undefined` for none.
fn name_arg(t: Term) -> Result<Option<String>, Exception> {
    if t.as_atom() == Some(atom::UNDEFINED) {
        return Ok(None);
    }
    if let Some(b) = bytes_of(t) {
        return String::from_utf8(b.into_owned())
            .map(Some)
            .map_err(|_| Exception::badarg());
    }
    char_list(t)
        .map(|cs| Some(cs.into_iter().collect()))
        .ok_or_else(Exception::badarg)
}

/// OTP's names for getaddrinfo's EAI_* codes (values glibc and musl share).
fn eai_name(code: i32) -> &'static str {
    match code {
        -1 => "ebadflags",
        -2 => "enoname",
        -3 => "eagain",
        -4 => "efail",
        -5 => "enodata",
        -6 => "efamily",
        -7 => "esocktype",
        -8 => "eservice",
        -9 => "eaddrfamily",
        -10 => "emem",
        -11 => "esystem",
        -12 => "eoverflow",
        _ => "efail",
    }
}

fn net_getaddrinfo(ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    let host = name_arg(args[0])?;
    let service = name_arg(args[1])?;
    let reply = if !sys::AVAILABLE {
        Reply::Error(Why::Posix(sys::EAFNOSUPPORT))
    } else if host.is_none() && service.is_none() {
        return Err(Exception::badarg());
    } else {
        match sys::getaddrinfo(host.as_deref(), service.as_deref()) {
            Ok(list) => Reply::Value(Value::AddrInfos(list)),
            Err(code) => Reply::Error(Why::Name(eai_name(code))),
        }
    };
    give(ctx, args, reply)
}

fn net_gethostname(ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    let reply = match sys::hostname() {
        Some(h) => Reply::Value(Value::Str(h)),
        None => Reply::Error(Why::Posix(sys::EAFNOSUPPORT)),
    };
    give(ctx, args, reply)
}

const fn nif(function: &'static str, arity: u32, f: crate::code::native::BifFn) -> BifEntry {
    BifEntry::new("socket", function, arity, f)
}

pub const BIFS: &[BifEntry] = &[
    nif("nif_open", 3, nif_open),
    nif("nif_close", 1, nif_close),
    nif("nif_bind", 2, nif_bind),
    nif("nif_listen", 2, nif_listen),
    nif("nif_accept", 1, nif_accept),
    nif("nif_connect", 2, nif_connect),
    nif("nif_connect_result", 1, nif_connect_result),
    nif("nif_send", 2, nif_send),
    nif("nif_sendto", 3, nif_sendto),
    nif("nif_recv", 2, nif_recv),
    nif("nif_recvfrom", 2, nif_recvfrom),
    nif("nif_shutdown", 2, nif_shutdown),
    nif("nif_sockname", 1, nif_sockname),
    nif("nif_peername", 1, nif_peername),
    nif("nif_getopt", 2, nif_getopt),
    nif("nif_setopt", 3, nif_setopt),
    nif("nif_select", 3, nif_select),
    nif("nif_select_stop", 2, nif_select_stop),
    BifEntry::new("net", "nif_getaddrinfo", 2, net_getaddrinfo),
    BifEntry::new("net", "nif_gethostname", 0, net_gethostname),
];
