//! Erlang distribution, the VM's half: this node's name, the table of connections to other
//! nodes, and the signals that cross them.
//!
//! As in AtomVM and OTP, the connection itself is an Erlang process (the controller, estdlib's
//! `atomvm_dist_conn`) that did the handshake and owns the socket. A signal to a remote process
//! is encoded here into a packet (`<<Len:32, 112, Control, Message>>`: pass-through, no atom
//! cache, each term with its version byte) and queued on the connection; the controller is told
//! with `{dist_data, Handle}` when its queue stops being empty and takes everything with
//! `get_data/1`. What it reads from the socket it hands to `put_data/2`, which decodes the
//! control message and delivers it.
//!
//! Remote links and monitors live in the connection's entry, not in the processes' tables (whose
//! keys are immediate pids): when the connection goes down, each local end gets its `noconnection`
//! exit or `'DOWN'`, and each `monitor_node/2` watcher `{nodedown, Node}`.
//!
//! Locking: one mutex over the table. Held while queueing a packet and while delivering signals
//! to local inboxes (whose locks are taken after it, never before), never while waiting.

use crate::code::native::Ctx;
use crate::natives::registry::BifEntry;
use crate::platform::sync::Mutex;
use crate::processes::process::{MonitorEntry, Process};
use crate::processes::process_table;
use crate::processes::remote::{self, RemoteHooks};
use crate::processes::signal::{self, Signal};
use crate::scheduling::scheduler;
use crate::terms::atom;
use crate::terms::compare::bitstring_view;
use crate::terms::copy::{self, Copied};
use crate::terms::exception::{BifResult, Exception};
use crate::terms::ext_encode;
use crate::terms::ext_term::{self, VERSION};
use crate::terms::heap::{words, Alloc, Arena, Heap};
use crate::terms::local_node;
use crate::terms::reference::{build_ref, next_ref_number, ref_number, REF_WORDS};
use crate::terms::term::{Atom, BoxKind, Term};
use std::collections::VecDeque;
use std::sync::atomic::{AtomicU64, Ordering};

/// The pass-through marker that starts every packet when no atom cache was negotiated.
const PASS_THROUGH: u8 = 112;

// Control message operations (OTP's `DOP_*`).
const LINK: isize = 1;
const SEND: isize = 2;
const EXIT: isize = 3;
const UNLINK: isize = 4;
const REG_SEND: isize = 6;
const EXIT2: isize = 8;
const SEND_TT: isize = 12;
const EXIT_TT: isize = 13;
const REG_SEND_TT: isize = 16;
const EXIT2_TT: isize = 18;
const MONITOR_P: isize = 19;
const DEMONITOR_P: isize = 20;
const MONITOR_P_EXIT: isize = 21;
const SEND_SENDER: isize = 22;
const SEND_SENDER_TT: isize = 23;
const PAYLOAD_EXIT: isize = 24;
const PAYLOAD_EXIT_TT: isize = 25;
const PAYLOAD_EXIT2: isize = 26;
const PAYLOAD_EXIT2_TT: isize = 27;
const PAYLOAD_MONITOR_P_EXIT: isize = 28;
const SPAWN_REQUEST: isize = 29;
const SPAWN_REQUEST_TT: isize = 30;
const SPAWN_REPLY: isize = 31;
const SPAWN_REPLY_TT: isize = 32;
const ALIAS_SEND: isize = 33;
const ALIAS_SEND_TT: isize = 34;
const UNLINK_ID: isize = 35;
const UNLINK_ID_ACK: isize = 36;

const SPAWN_FLAG_LINK: isize = 1;
const SPAWN_FLAG_MONITOR: isize = 2;

/// A remote pid, reference or registered name in the external format, version byte included.
type Ext = Vec<u8>;

/// What a `spawn_request` wants back (`{reply, ...}`).
#[derive(Copy, Clone, PartialEq, Eq)]
enum Reply {
    Yes,
    No,
    ErrorOnly,
    SuccessOnly,
}

/// A `spawn_request/5` waiting for its SPAWN_REPLY.
struct PendingSpawn {
    request: u64,
    requester: Term,
    reply: Reply,
    tag: Copied,
    link: bool,
    monitor: bool,
}

/// A remote process monitoring a local one.
struct MonitorIn {
    reference: Ext,
    watcher: Ext,
    target: Term,
    /// The target as it was named (a pid or a registered name), echoed in MONITOR_P_EXIT.
    named: Ext,
}

struct Conn {
    handle: u64,
    node: Atom,
    /// The controller; None while the connection is being set up (packets wait in `out`).
    controller: Option<Term>,
    out: VecDeque<Vec<u8>>,
    /// (local pid, remote pid)
    links: Vec<(Term, Ext)>,
    /// Local processes monitoring remote ones: (reference number, watcher, remote target).
    monitors_out: Vec<(u64, Term, Ext)>,
    monitors_in: Vec<MonitorIn>,
    spawns: Vec<PendingSpawn>,
    node_monitors: Vec<Term>,
}

impl Conn {
    fn new(node: Atom) -> Conn {
        Conn {
            handle: NEXT_HANDLE.fetch_add(1, Ordering::Relaxed),
            node,
            controller: None,
            out: VecDeque::new(),
            links: Vec::new(),
            monitors_out: Vec::new(),
            monitors_in: Vec::new(),
            spawns: Vec::new(),
            node_monitors: Vec::new(),
        }
    }

    /// Queue a packet; wake the controller when its queue was empty.
    fn queue(&mut self, packet: Vec<u8>) {
        let was_empty = self.out.is_empty();
        self.out.push_back(packet);
        if let (true, Some(c)) = (was_empty, self.controller) {
            notify(c, self.handle);
        }
    }
}

static CONNS: Mutex<Vec<Conn>> = Mutex::new(Vec::new());
static NEXT_HANDLE: AtomicU64 = AtomicU64::new(1);
static NEXT_UNLINK_ID: AtomicU64 = AtomicU64::new(1);

fn badarg<T>() -> Result<T, Exception> {
    Err(Exception::badarg())
}

// ---------------------------------------------------------------------------------------------
// Building packets.

/// A packet under construction: length placeholder, pass-through marker, control tuple.
struct Packet(Vec<u8>);

impl Packet {
    fn control(arity: u8, op: isize) -> Packet {
        let mut p = Packet(vec![0, 0, 0, 0, PASS_THROUGH, VERSION]);
        p.0.push(ext_term::SMALL_TUPLE_EXT);
        p.0.push(arity);
        p.term(Term::small(op));
        p
    }
    fn term(&mut self, t: Term) -> &mut Packet {
        // Control elements are pids, references, atoms, small integers and reasons; a reason
        // that cannot be encoded (a match context) goes as `undefined`.
        if ext_encode::append(&mut self.0, t, Term::NIL).is_err() {
            let _ = ext_encode::append(&mut self.0, Term::atom(atom::UNDEFINED), Term::NIL);
        }
        self
    }
    fn ext(&mut self, e: &[u8]) -> &mut Packet {
        self.0.extend_from_slice(&e[1..]);
        self
    }
    fn int(&mut self, n: u64) -> &mut Packet {
        if n < (1 << 27) {
            self.term(Term::small(n as isize))
        } else {
            self.0.extend_from_slice(&[ext_term::SMALL_BIG_EXT, 8, 0]);
            self.0.extend_from_slice(&n.to_le_bytes());
            self
        }
    }
    /// The message (or payload) after the control tuple.
    fn payload(&mut self, t: Term, self_pid: Term) -> Result<&mut Packet, ()> {
        self.0.push(VERSION);
        ext_encode::append(&mut self.0, t, self_pid).map_err(|_| ())?;
        Ok(self)
    }
    fn done(&mut self) -> Vec<u8> {
        let len = (self.0.len() - 4) as u32;
        self.0[..4].copy_from_slice(&len.to_be_bytes());
        std::mem::take(&mut self.0)
    }
}

/// `t` in the external format (version byte included).
fn ext_of(t: Term) -> Ext {
    let mut v = vec![VERSION];
    let _ = ext_encode::append(&mut v, t, Term::NIL);
    v
}

/// Decode `ext` into `arena`.
fn term_of(ext: &[u8], arena: &mut Arena) -> Term {
    match ext_term::measure(ext) {
        Ok(m) => m.build(arena).unwrap_or(Term::atom(atom::UNDEFINED)),
        Err(_) => Term::atom(atom::UNDEFINED),
    }
}

/// The node an external pid or reference names.
fn node_of(t: Term) -> Option<Atom> {
    if t.is_box_of(BoxKind::ExternalPid) || t.is_box_of(BoxKind::ExternalRef) {
        Term::from_raw(t.payload()[0]).as_atom()
    } else {
        None
    }
}

fn notify(controller: Term, handle: u64) {
    let mut a = Arena::with_words(words::tuple(2));
    let t = a.tuple(&[
        Term::atom(atom::intern_str("dist_data")),
        Term::small(handle as isize),
    ]);
    let _ = process_table::send_signal(controller, Signal::Message(Copied { term: t, arena: a }));
}

/// Send a small message built from immediates and terms decoded from `Ext`s.
fn send_built(to: Term, build: impl FnOnce(&mut Arena) -> Term) {
    let mut a = Arena::new();
    let t = build(&mut a);
    let _ = process_table::send_signal(to, Signal::Message(Copied { term: t, arena: a }));
}

/// The connection to `node`, set up (pending) if there is none: net_kernel is asked to connect.
/// None when this node is not alive or has no net_kernel.
fn conn_for(conns: &mut Vec<Conn>, node: Atom) -> Option<&mut Conn> {
    if let Some(i) = conns.iter().position(|c| c.node == node) {
        return Some(&mut conns[i]);
    }
    if !local_node::is_alive() || node == local_node::name() {
        return None;
    }
    let kernel = process_table::whereis(atom::intern_str("net_kernel"))?;
    conns.push(Conn::new(node));
    send_built(kernel, |a| {
        a.tuple(&[
            Term::atom(atom::intern_str("$atomvm_dist_connect")),
            Term::atom(node),
        ])
    });
    conns.last_mut()
}

// ---------------------------------------------------------------------------------------------
// Signals leaving this node.

/// `Dest ! Msg` for an external pid, an external alias or `{Name, Node}` (the send hook).
fn send_remote(from: &Process, dest: Term, msg: Term) {
    let (node, mut p) = if let Some(&[name, node]) = dest.as_tuple() {
        let Some(node) = node.as_atom() else { return };
        let mut p = Packet::control(4, REG_SEND);
        p.term(from.pid).term(Term::atom(atom::EMPTY)).term(name);
        (node, p)
    } else if dest.is_box_of(BoxKind::ExternalRef) {
        let Some(node) = node_of(dest) else { return };
        let mut p = Packet::control(3, ALIAS_SEND);
        p.term(from.pid).term(dest);
        (node, p)
    } else {
        let Some(node) = node_of(dest) else { return };
        let mut p = Packet::control(3, SEND);
        p.term(Term::atom(atom::EMPTY)).term(dest);
        (node, p)
    };
    if p.payload(msg, from.pid).is_err() {
        return;
    }
    let packet = p.done();
    let mut conns = CONNS.lock();
    if let Some(c) = conn_for(&mut conns, node) {
        c.queue(packet);
    }
}

/// A local process ended (the exit hook): its remote links and monitors hear of it.
fn exited(pid: Term, reason: Term, _heap: &Heap) {
    let mut conns = CONNS.lock();
    for c in conns.iter_mut() {
        let mut packets = Vec::new();
        c.links.retain(|(local, remote)| {
            if *local != pid {
                return true;
            }
            let mut p = Packet::control(4, EXIT);
            p.term(pid).ext(remote).term(reason);
            packets.push(p.done());
            false
        });
        c.monitors_in.retain(|m| {
            if m.target != pid {
                return true;
            }
            let mut p = Packet::control(5, MONITOR_P_EXIT);
            p.ext(&m.named)
                .ext(&m.watcher)
                .ext(&m.reference)
                .term(reason);
            packets.push(p.done());
            false
        });
        c.monitors_out.retain(|(n, watcher, target)| {
            if *watcher != pid {
                return true;
            }
            let mut p = Packet::control(4, DEMONITOR_P);
            p.term(pid).ext(target);
            push_ref(&mut p, *n);
            packets.push(p.done());
            false
        });
        c.node_monitors.retain(|&w| w != pid);
        c.spawns.retain(|s| s.requester != pid);
        for p in packets {
            c.queue(p);
        }
    }
}

/// A local reference number as a reference of this node in a control message.
fn push_ref(p: &mut Packet, n: u64) {
    let mut a = Arena::with_words(REF_WORDS);
    let r = build_ref(&mut a, n);
    p.term(r);
}

/// Pass the `noconnection`/`{nodedown, Node}` news of a lost connection to its local ends.
fn connection_lost(c: Conn) {
    let noconnection = Term::atom(atom::intern_str("noconnection"));
    for (local, remote) in &c.links {
        let (from, reason) = notice(remote, noconnection, c.node);
        let _ = process_table::send_signal(
            *local,
            Signal::Exit {
                from,
                reason,
                linked: false,
            },
        );
    }
    for (n, watcher, target) in &c.monitors_out {
        let (from, reason) = notice(target, noconnection, c.node);
        let _ = process_table::send_signal(
            *watcher,
            Signal::Down {
                from,
                reference: *n,
                reason,
                name: None,
            },
        );
    }
    for s in &c.spawns {
        spawn_reply_message(s, Term::atom(atom::ERROR), |_| noconnection);
    }
    let node = c.node;
    for &w in &c.node_monitors {
        send_built(w, |a| {
            a.tuple(&[Term::atom(atom::intern_str("nodedown")), Term::atom(node)])
        });
    }
}

/// A remote process (or `{Name, Node}` for a name) and a reason, in one arena: the pieces of an
/// exit or `'DOWN'` signal.
fn notice(who: &[u8], reason: Term, node: Atom) -> (Term, Copied) {
    let mut arena = Arena::new();
    let mut from = term_of(who, &mut arena);
    if from.is_atom() {
        from = arena.tuple(&[from, Term::atom(node)]);
    }
    (
        from,
        Copied {
            term: reason,
            arena,
        },
    )
}

// ---------------------------------------------------------------------------------------------
// Links, monitors, exits and spawns from local processes (called by `processes.rs`).

/// `link(Pid)` to a remote pid.
pub fn link(ctx: &mut Ctx, remote: Term) -> BifResult {
    let me = ctx.proc.pid;
    let Some(node) = node_of(remote) else {
        return badarg();
    };
    let ext = ext_of(remote);
    let mut conns = CONNS.lock();
    match conn_for(&mut conns, node) {
        Some(c) => {
            if !c.links.iter().any(|(l, r)| *l == me && *r == ext) {
                let mut p = Packet::control(3, LINK);
                p.term(me).ext(&ext);
                c.links.push((me, ext));
                c.queue(p.done());
            }
        }
        None => {
            drop(conns);
            let (from, reason) = notice(&ext, Term::atom(atom::intern_str("noconnection")), node);
            let _ = ctx.proc.inbox.push(Signal::Exit {
                from,
                reason,
                linked: false,
            });
        }
    }
    Ok(Term::boolean(true))
}

/// `unlink(Pid)` of a remote pid.
pub fn unlink(ctx: &mut Ctx, remote: Term) -> BifResult {
    let me = ctx.proc.pid;
    let ext = ext_of(remote);
    let mut conns = CONNS.lock();
    if let Some(c) = conns.iter_mut().find(|c| Some(c.node) == node_of(remote)) {
        let before = c.links.len();
        c.links.retain(|(l, r)| !(*l == me && *r == ext));
        if c.links.len() != before {
            let mut p = Packet::control(4, UNLINK_ID);
            p.int(NEXT_UNLINK_ID.fetch_add(1, Ordering::Relaxed))
                .term(me)
                .ext(&ext);
            c.queue(p.done());
        }
    }
    Ok(Term::boolean(true))
}

/// `exit(Pid, Reason)` to a remote pid.
pub fn exit2(ctx: &mut Ctx, remote: Term, reason: Term) -> BifResult {
    let Some(node) = node_of(remote) else {
        return badarg();
    };
    let mut p = Packet::control(4, EXIT2);
    p.term(ctx.proc.pid).term(remote).term(reason);
    let packet = p.done();
    if let Some(c) = conn_for(&mut CONNS.lock(), node) {
        c.queue(packet);
    }
    Ok(Term::boolean(true))
}

/// `monitor(process, Pid | {Name, Node})` of a remote process, under reference number `n`
/// (`alias_until_down`: its alias ends with it).
pub fn monitor(proc: &mut Process, target: Term, node: Atom, n: u64, alias_until_down: bool) {
    let me = proc.pid;
    let named = match target.as_tuple() {
        Some(&[name, _]) => name,
        _ => target,
    };
    let ext = ext_of(named);
    proc.add_monitor(MonitorEntry {
        reference: n,
        target: Term::atom(node),
        name: None,
        alias_until_down,
    });
    let mut conns = CONNS.lock();
    match conn_for(&mut conns, node) {
        Some(c) => {
            let mut p = Packet::control(4, MONITOR_P);
            p.term(me).ext(&ext);
            push_ref(&mut p, n);
            c.monitors_out.push((n, me, ext));
            c.queue(p.done());
        }
        None => {
            drop(conns);
            let (from, reason) = notice(&ext, Term::atom(atom::intern_str("noconnection")), node);
            let _ = proc.inbox.push(Signal::Down {
                from,
                reference: n,
                reason,
                name: None,
            });
        }
    }
}

/// `demonitor(Ref)` of a monitor on a process of `node`.
pub fn demonitor(me: Term, n: u64, node: Atom) {
    let mut conns = CONNS.lock();
    if let Some(c) = conns.iter_mut().find(|c| c.node == node) {
        if let Some(i) = c.monitors_out.iter().position(|m| m.0 == n && m.1 == me) {
            let (_, _, target) = c.monitors_out.remove(i);
            let mut p = Packet::control(4, DEMONITOR_P);
            p.term(me).ext(&target);
            push_ref(&mut p, n);
            c.queue(p.done());
        }
    }
}

/// `erlang:spawn_request(Node, M, F, Args, Opts)` for another node.
fn spawn_request(ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    let (Some(node), Some(_), Some(_)) = (args[0].as_atom(), args[1].as_atom(), args[2].as_atom())
    else {
        return badarg();
    };
    let arity = crate::natives::lists::proper_length(args[3]).ok_or_else(Exception::badarg)?;
    if node == local_node::name() {
        // Only other nodes: erpc handles this node itself.
        return badarg();
    }
    let (mut reply, mut tag, mut link, mut monitor) = (
        Reply::Yes,
        Term::atom(atom::intern_str("spawn_reply")),
        false,
        false,
    );
    let mut remote_opts = Vec::new();
    let mut l = args[4];
    while let Some((o, rest)) = l.as_cons() {
        l = rest;
        match (o.as_atom(), o.as_tuple()) {
            (Some(atom::LINK), _) => {
                link = true;
                remote_opts.push(o);
            }
            (Some(atom::MONITOR), _) => {
                monitor = true;
                remote_opts.push(o);
            }
            (_, Some(&[k, v])) if k == Term::atom(atom::intern_str("reply")) => {
                reply = match v.as_atom().map(atom::name) {
                    Some(b"yes") => Reply::Yes,
                    Some(b"no") => Reply::No,
                    Some(b"error_only") => Reply::ErrorOnly,
                    Some(b"success_only") => Reply::SuccessOnly,
                    _ => return badarg(),
                }
            }
            (_, Some(&[k, v])) if k == Term::atom(atom::intern_str("reply_tag")) => tag = v,
            (_, Some(&[_, _])) => remote_opts.push(o),
            _ => return badarg(),
        }
    }
    if !l.is_nil() {
        return badarg();
    }
    let n = next_ref_number();
    let me = ctx.proc.pid;
    let mut p = Packet::control(6, SPAWN_REQUEST);
    push_ref(&mut p, n);
    p.term(me).term(ctx.proc.group_leader);
    p.0.extend_from_slice(&[ext_term::SMALL_TUPLE_EXT, 3]);
    p.term(args[1])
        .term(args[2])
        .term(Term::small(arity as isize));
    p.0.push(ext_term::LIST_EXT);
    p.0.extend_from_slice(&(remote_opts.len() as u32).to_be_bytes());
    for o in &remote_opts {
        p.term(*o);
    }
    p.0.push(ext_term::NIL_EXT);
    if p.payload(args[3], me).is_err() {
        return badarg();
    }
    let packet = p.done();
    if monitor {
        ctx.proc.add_monitor(MonitorEntry {
            reference: n,
            target: Term::atom(node),
            name: None,
            alias_until_down: false,
        });
    }
    let pending = PendingSpawn {
        request: n,
        requester: me,
        reply,
        tag: copy::copy(tag, &ctx.proc.heap),
        link,
        monitor,
    };
    let mut conns = CONNS.lock();
    match conn_for(&mut conns, node) {
        Some(c) => {
            c.spawns.push(pending);
            c.queue(packet);
        }
        None => {
            drop(conns);
            spawn_reply_message(&pending, Term::atom(atom::ERROR), |_| {
                Term::atom(atom::intern_str("noconnection"))
            });
        }
    }
    let mut r = ctx.reserve(REF_WORDS, args);
    Ok(build_ref(&mut r, n))
}

/// `{Tag, ReqId, ok | error, PidOrReason}` to the requester, as its `reply` option allows.
fn spawn_reply_message(s: &PendingSpawn, status: Term, result: impl FnOnce(&mut Arena) -> Term) {
    let ok = status == Term::atom(atom::OK);
    let wanted = match s.reply {
        Reply::Yes => true,
        Reply::No => false,
        Reply::ErrorOnly => !ok,
        Reply::SuccessOnly => ok,
    };
    if !wanted {
        return;
    }
    send_built(s.requester, |a| {
        let tag = copy::copy_into(a, s.tag.term, &s.tag.arena);
        let r = build_ref(a, s.request);
        let res = result(a);
        a.tuple(&[tag, r, status, res])
    });
}

/// `monitor_node(Node, Flag)` and `monitor_node(Node, Flag, Options)`.
fn monitor_node(ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    let (Some(node), true) = (args[0].as_atom(), args[1].is_boolean()) else {
        return badarg();
    };
    let flag = args[1] == Term::boolean(true);
    if !local_node::is_alive() {
        return Err(Exception::error_atom(atom::NOTALIVE));
    }
    let me = ctx.proc.pid;
    if node == local_node::name() {
        return Ok(Term::boolean(true));
    }
    let mut conns = CONNS.lock();
    if flag {
        match conn_for(&mut conns, node) {
            Some(c) => c.node_monitors.push(me),
            None => {
                drop(conns);
                send_built(me, |a| {
                    a.tuple(&[Term::atom(atom::intern_str("nodedown")), Term::atom(node)])
                });
            }
        }
    } else if let Some(c) = conns.iter_mut().find(|c| c.node == node) {
        if let Some(i) = c.node_monitors.iter().position(|&w| w == me) {
            c.node_monitors.remove(i);
        }
    }
    Ok(Term::boolean(true))
}

// ---------------------------------------------------------------------------------------------
// The controller's side: `atomvm_dist` natives.

/// `atomvm_dist:set_node(Name, Creation)`: become a distributed node (or, with
/// `nonode@nohost`, stop being one).
fn set_node(_ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    // A creation is 32 bits: past a small integer on wasm32.
    let (Some(name), Some(creation)) = (
        args[0].as_atom(),
        crate::terms::bignum::to_i128(args[1]).and_then(|c| u32::try_from(c).ok()),
    ) else {
        return badarg();
    };
    remote::install(RemoteHooks {
        send: send_remote,
        exited,
    });
    local_node::set(name, if name == atom::NONODE { 0 } else { creation });
    Ok(Term::atom(atom::OK))
}

/// `atomvm_dist:connected(Node, Controller)`: the handshake with `Node` succeeded; returns the
/// connection's handle. Packets queued while it was pending go out first.
fn connected(_ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    let (Some(node), true) = (args[0].as_atom(), args[1].is_local_pid()) else {
        return badarg();
    };
    let mut conns = CONNS.lock();
    let i = match conns.iter().position(|c| c.node == node) {
        Some(i) if conns[i].controller.is_some() => return badarg(),
        Some(i) => i,
        None => {
            conns.push(Conn::new(node));
            conns.len() - 1
        }
    };
    let c = &mut conns[i];
    c.controller = Some(args[1]);
    if !c.out.is_empty() {
        notify(args[1], c.handle);
    }
    Ok(Term::small(c.handle as isize))
}

/// `atomvm_dist:is_pending(Node)`: is a connection to `Node` wanted or up?
fn is_pending(_ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    let node = args[0].as_atom().ok_or_else(Exception::badarg)?;
    Ok(Term::boolean(CONNS.lock().iter().any(|c| c.node == node)))
}

/// `atomvm_dist:get_data(Handle)`: every queued packet (length-prefixed) as one binary, or
/// `none`.
fn get_data(ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    let handle = handle_arg(args[0])?;
    let bytes = {
        let mut conns = CONNS.lock();
        let Some(c) = conns.iter_mut().find(|c| c.handle == handle) else {
            return badarg();
        };
        if c.out.is_empty() {
            return Ok(Term::atom(atom::intern_str("none")));
        }
        let total = c.out.iter().map(Vec::len).sum();
        let mut all = Vec::with_capacity(total);
        for p in c.out.drain(..) {
            all.extend_from_slice(&p);
        }
        all
    };
    crate::natives::results::make_binary(ctx, args, &bytes)
}

fn handle_arg(t: Term) -> Result<u64, Exception> {
    t.as_small()
        .and_then(|n| u64::try_from(n).ok())
        .ok_or_else(Exception::badarg)
}

/// `erlang:disconnect_node(Node)`: ask the connection's controller to close it.
fn disconnect_node(_ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    let node = args[0].as_atom().ok_or_else(Exception::badarg)?;
    if !local_node::is_alive() {
        return Ok(Term::atom(atom::intern_str("ignored")));
    }
    let controller = CONNS
        .lock()
        .iter()
        .find(|c| c.node == node)
        .and_then(|c| c.controller);
    match controller {
        Some(c) => {
            send_built(c, |_| {
                Term::atom(atom::intern_str("$atomvm_dist_disconnect"))
            });
            Ok(Term::boolean(true))
        }
        None => Ok(Term::boolean(false)),
    }
}

/// `atomvm_dist:connection_down(Node)`: the connection (or the attempt) is over.
fn connection_down(_ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    let node = args[0].as_atom().ok_or_else(Exception::badarg)?;
    let lost = {
        let mut conns = CONNS.lock();
        conns
            .iter()
            .position(|c| c.node == node)
            .map(|i| conns.remove(i))
    };
    if let Some(c) = lost {
        connection_lost(c);
    }
    Ok(Term::atom(atom::OK))
}

/// `atomvm_dist:put_data(Handle, Packet)`: one packet read from the connection (without its
/// length; empty for a tick).
fn put_data(ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    let handle = handle_arg(args[0])?;
    let Some((bytes, off, bits)) = bitstring_view(args[1]) else {
        return badarg();
    };
    if off % 8 != 0 || bits % 8 != 0 {
        return badarg();
    }
    let data = bytes[off / 8..(off + bits) / 8].to_vec();
    if data.is_empty() {
        return Ok(Term::atom(atom::OK));
    }
    let node = {
        let conns = CONNS.lock();
        match conns.iter().find(|c| c.handle == handle) {
            Some(c) => c.node,
            None => return badarg(),
        }
    };
    if data[0] != PASS_THROUGH {
        return badarg();
    }
    let m = ext_term::measure(&data[1..]).map_err(|_| Exception::badarg())?;
    let payload = &data[1 + m.consumed()..];
    let mut scratch = Arena::with_words(m.heap_words());
    let control = m.build(&mut scratch).map_err(|_| Exception::badarg())?;
    let ctl = control.as_tuple().ok_or_else(Exception::badarg)?;
    let op = ctl
        .first()
        .and_then(|t| t.as_small())
        .ok_or_else(Exception::badarg)?;
    let payload = (!payload.is_empty()).then_some(payload);
    deliver(ctx, node, op, ctl, payload, &mut scratch)?;
    Ok(Term::atom(atom::OK))
}

/// Decode a message (or payload) into its own arena.
fn decode_payload(payload: Option<&[u8]>) -> Result<Copied, Exception> {
    let bytes = payload.ok_or_else(Exception::badarg)?;
    let m = ext_term::measure(bytes).map_err(|_| Exception::badarg())?;
    let mut arena = Arena::with_words(m.heap_words());
    let term = m.build(&mut arena).map_err(|_| Exception::badarg())?;
    Ok(Copied { term, arena })
}

/// A remote process and a reason copied together into a signal's arena.
fn from_and_reason(scratch: &mut Arena, from: Term, reason: Term) -> (Term, Copied) {
    let pair = scratch.tuple(&[from, reason]);
    let c = copy::copy_with_room(pair, &*scratch, signal::NOTICE_WORDS);
    match c.term.as_tuple() {
        Some(&[f, r]) => (
            f,
            Copied {
                term: r,
                arena: c.arena,
            },
        ),
        _ => (from, c),
    }
}

/// Act on one control message from `node`.
fn deliver(
    ctx: &mut Ctx,
    node: Atom,
    op: isize,
    ctl: &[Term],
    payload: Option<&[u8]>,
    scratch: &mut Arena,
) -> Result<(), Exception> {
    let el = |i: usize| ctl.get(i).copied().ok_or_else(Exception::badarg);
    match op {
        SEND | SEND_TT | SEND_SENDER | SEND_SENDER_TT => {
            let to = el(2)?;
            let msg = decode_payload(payload)?;
            let _ = process_table::send_signal(to, Signal::Message(msg));
        }
        REG_SEND | REG_SEND_TT => {
            let name = el(3)?.as_atom().ok_or_else(Exception::badarg)?;
            let msg = decode_payload(payload)?;
            if let Some(to) = process_table::whereis(name) {
                let _ = process_table::send_signal(to, Signal::Message(msg));
            }
        }
        ALIAS_SEND | ALIAS_SEND_TT => {
            let msg = decode_payload(payload)?;
            if let Some(to) = ref_number(el(2)?).and_then(process_table::alias_target) {
                let _ = process_table::send_signal(to, Signal::Message(msg));
            }
        }
        LINK => {
            let (from, to) = (el(1)?, el(2)?);
            let mut conns = CONNS.lock();
            let Some(c) = conns.iter_mut().find(|c| c.node == node) else {
                return Ok(());
            };
            let ext = ext_of(from);
            if process_table::lookup(to).is_some() {
                if !c.links.iter().any(|(l, r)| *l == to && *r == ext) {
                    c.links.push((to, ext));
                }
                // It may have ended before the link was recorded: then answer for it.
                if process_table::lookup(to).is_some() {
                    return Ok(());
                }
                c.links.retain(|(l, _)| *l != to);
            }
            let mut p = Packet::control(4, EXIT);
            p.term(to).term(from).term(Term::atom(atom::NOPROC));
            c.queue(p.done());
        }
        UNLINK | UNLINK_ID => {
            let (id, from, to) = if op == UNLINK {
                (None, el(1)?, el(2)?)
            } else {
                (Some(el(1)?), el(2)?, el(3)?)
            };
            let ext = ext_of(from);
            let mut conns = CONNS.lock();
            if let Some(c) = conns.iter_mut().find(|c| c.node == node) {
                c.links.retain(|(l, r)| !(*l == to && *r == ext));
                if let Some(id) = id {
                    let mut p = Packet::control(4, UNLINK_ID_ACK);
                    p.term(id).term(to).term(from);
                    c.queue(p.done());
                }
            }
        }
        UNLINK_ID_ACK => {}
        EXIT | EXIT_TT | PAYLOAD_EXIT | PAYLOAD_EXIT_TT | EXIT2 | EXIT2_TT | PAYLOAD_EXIT2
        | PAYLOAD_EXIT2_TT => {
            let (from, to) = (el(1)?, el(2)?);
            let reason = match op {
                EXIT | EXIT2 => el(3)?,
                EXIT_TT | EXIT2_TT => el(4)?,
                _ => {
                    let r = decode_payload(payload)?;
                    copy::copy_into(scratch, r.term, &r.arena)
                }
            };
            if matches!(op, EXIT | EXIT_TT | PAYLOAD_EXIT | PAYLOAD_EXIT_TT) {
                let ext = ext_of(from);
                let mut conns = CONNS.lock();
                let Some(c) = conns.iter_mut().find(|c| c.node == node) else {
                    return Ok(());
                };
                let before = c.links.len();
                c.links.retain(|(l, r)| !(*l == to && *r == ext));
                if c.links.len() == before {
                    return Ok(()); // unlinked meanwhile
                }
            }
            let (from, reason) = from_and_reason(scratch, from, reason);
            let _ = process_table::send_signal(
                to,
                Signal::Exit {
                    from,
                    reason,
                    linked: false,
                },
            );
        }
        MONITOR_P => {
            let (from, target, reference) = (el(1)?, el(2)?, el(3)?);
            let pid = match target.as_atom() {
                Some(name) => process_table::whereis(name),
                None => Some(target).filter(|t| t.is_local_pid()),
            };
            let mut conns = CONNS.lock();
            let Some(c) = conns.iter_mut().find(|c| c.node == node) else {
                return Ok(());
            };
            let (watcher, reference_ext, named) = (ext_of(from), ext_of(reference), ext_of(target));
            if let Some(pid) = pid.filter(|&p| process_table::lookup(p).is_some()) {
                c.monitors_in.push(MonitorIn {
                    reference: reference_ext.clone(),
                    watcher: watcher.clone(),
                    target: pid,
                    named: named.clone(),
                });
                if process_table::lookup(pid).is_some() {
                    return Ok(());
                }
                c.monitors_in.retain(|m| m.reference != reference_ext);
            }
            let mut p = Packet::control(5, MONITOR_P_EXIT);
            p.ext(&named).ext(&watcher).ext(&reference_ext);
            p.term(Term::atom(atom::NOPROC));
            c.queue(p.done());
        }
        DEMONITOR_P => {
            let reference = ext_of(el(3)?);
            let mut conns = CONNS.lock();
            if let Some(c) = conns.iter_mut().find(|c| c.node == node) {
                c.monitors_in.retain(|m| m.reference != reference);
            }
        }
        MONITOR_P_EXIT | PAYLOAD_MONITOR_P_EXIT => {
            let (from, reference) = (el(1)?, el(3)?);
            let reason = if op == MONITOR_P_EXIT {
                el(4)?
            } else {
                let r = decode_payload(payload)?;
                copy::copy_into(scratch, r.term, &r.arena)
            };
            let Some(n) = ref_number(reference) else {
                return Ok(());
            };
            let watcher = {
                let mut conns = CONNS.lock();
                let Some(c) = conns.iter_mut().find(|c| c.node == node) else {
                    return Ok(());
                };
                match c.monitors_out.iter().position(|m| m.0 == n) {
                    Some(i) => c.monitors_out.remove(i).1,
                    None => return Ok(()),
                }
            };
            let who = if from.is_atom() {
                scratch.tuple(&[from, Term::atom(node)])
            } else {
                from
            };
            let (from, reason) = from_and_reason(scratch, who, reason);
            let _ = process_table::send_signal(
                watcher,
                Signal::Down {
                    from,
                    reference: n,
                    reason,
                    name: None,
                },
            );
        }
        SPAWN_REQUEST | SPAWN_REQUEST_TT => spawn_for_remote(ctx, node, ctl, payload)?,
        SPAWN_REPLY | SPAWN_REPLY_TT => {
            let (reference, flags, result) = (el(1)?, el(3)?, el(4)?);
            let (Some(n), Some(flags)) = (ref_number(reference), flags.as_small()) else {
                return Ok(());
            };
            let mut conns = CONNS.lock();
            let Some(c) = conns.iter_mut().find(|c| c.node == node) else {
                return Ok(());
            };
            let Some(i) = c.spawns.iter().position(|s| s.request == n) else {
                return Ok(());
            };
            let s = c.spawns.remove(i);
            let ok = result.is_box_of(BoxKind::ExternalPid);
            if ok {
                let ext = ext_of(result);
                if s.link && flags & SPAWN_FLAG_LINK != 0 {
                    c.links.push((s.requester, ext.clone()));
                }
                if s.monitor && flags & SPAWN_FLAG_MONITOR != 0 {
                    c.monitors_out.push((n, s.requester, ext));
                }
            }
            drop(conns);
            let status = Term::atom(if ok { atom::OK } else { atom::ERROR });
            spawn_reply_message(&s, status, |a| copy::copy_into(a, result, &*scratch));
        }
        _ => {} // GROUP_LEADER and anything newer: ignored
    }
    Ok(())
}

/// A SPAWN_REQUEST: start `M:F(Args...)` here for a remote process, link or monitor it as
/// asked, and answer with SPAWN_REPLY before the new process can send anything.
fn spawn_for_remote(
    ctx: &mut Ctx,
    node: Atom,
    ctl: &[Term],
    payload: Option<&[u8]>,
) -> Result<(), Exception> {
    let [_, reference, from, _gl, mfa, opts, ..] = ctl else {
        return badarg();
    };
    let (m, f) = match mfa.as_tuple() {
        Some(&[m, f, _]) => (
            m.as_atom().ok_or_else(Exception::badarg)?,
            f.as_atom().ok_or_else(Exception::badarg)?,
        ),
        _ => return badarg(),
    };
    let (mut link, mut monitor) = (false, false);
    let mut l = *opts;
    while let Some((o, rest)) = l.as_cons() {
        l = rest;
        match o.as_atom() {
            Some(atom::LINK) => link = true,
            Some(atom::MONITOR) => monitor = true,
            _ => {}
        }
    }
    let args = decode_payload(payload)?;
    let result = match process_table::new_id() {
        Some(id) if crate::code::module::by_index(0).is_some() => {
            let mut child = Process::new(id, crate::terms::heap::INITIAL_HEAP_WORDS);
            // Its output goes to this node's group leader (not relayed to the caller's).
            child.group_leader = ctx.proc.group_leader;
            let mut l = args.term;
            while let Some((h, t)) = l.as_cons() {
                child.saved_x.push(h);
                l = t;
            }
            child.heap.adopt(args.arena);
            let n = child.saved_x.len() as u32;
            child.pending_call = Some((m, f, n));
            child.initial_call = (m, f, n);
            Ok(child)
        }
        _ => Err(Term::atom(atom::SYSTEM_LIMIT)),
    };
    let mut conns = CONNS.lock();
    let Some(c) = conns.iter_mut().find(|c| c.node == node) else {
        return Ok(());
    };
    let watcher = ext_of(*from);
    let mut p = Packet::control(5, SPAWN_REPLY);
    p.term(*reference).term(*from);
    match result {
        Ok(child) => {
            let pid = child.pid;
            let mut flags = 0;
            if link {
                c.links.push((pid, watcher.clone()));
                flags |= SPAWN_FLAG_LINK;
            }
            if monitor {
                c.monitors_in.push(MonitorIn {
                    reference: ext_of(*reference),
                    watcher,
                    target: pid,
                    named: ext_of(pid),
                });
                flags |= SPAWN_FLAG_MONITOR;
            }
            p.term(Term::small(flags)).term(pid);
            c.queue(p.done());
            drop(conns);
            scheduler::start_process(child);
        }
        Err(reason) => {
            p.term(Term::small(0)).term(reason);
            c.queue(p.done());
        }
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// node/0, nodes/0,1 and friends while alive.

/// The nodes connected now (handshake done).
pub fn connected_nodes() -> Vec<Atom> {
    CONNS
        .lock()
        .iter()
        .filter(|c| c.controller.is_some())
        .map(|c| c.node)
        .collect()
}

pub const BIFS: &[BifEntry] = &[
    BifEntry::erlang("spawn_request", 5, spawn_request),
    BifEntry::erlang("monitor_node", 2, monitor_node),
    BifEntry::erlang("monitor_node", 3, monitor_node),
    BifEntry::erlang("disconnect_node", 1, disconnect_node),
    BifEntry::new("atomvm_dist", "set_node", 2, set_node),
    BifEntry::new("atomvm_dist", "connected", 2, connected),
    BifEntry::new("atomvm_dist", "is_pending", 1, is_pending),
    BifEntry::new("atomvm_dist", "get_data", 1, get_data),
    BifEntry::new("atomvm_dist", "put_data", 2, put_data),
    BifEntry::new("atomvm_dist", "connection_down", 1, connection_down),
];
