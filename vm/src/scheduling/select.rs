//! Socket readiness: one-shot select registrations, and the idle wait of the schedulers.
//!
//! A registration says "tell `owner` with `{'$socket', S, select, Ref}` when fd is readable (or
//! writable)"; it fires once and is gone. The waiting itself is the platform's.
//!
//! Exactly one scheduler at a time waits on the armed fds (the poller); the others wait for
//! their deadline or a wake-up. Both go through the platform's one wait (`Platform::wait`),
//! which another scheduler interrupts with `Platform::wake` when work arrives or a new fd is
//! armed.

use crate::platform::sync::Mutex;
use crate::platform::PollFd;
use crate::processes::process_table;
use crate::processes::signal::Signal;
use crate::terms::atom;
use crate::terms::copy::Copied;
use crate::terms::heap::{words, Alloc, Arena};
use crate::terms::reference::{build_ref, REF_WORDS};
use crate::terms::term::Term;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::OnceLock;

#[derive(Copy, Clone, PartialEq, Eq, Hash, Debug)]
pub enum Mode {
    Read,
    Write,
}

struct Armed {
    fd: i32,
    mode: Mode,
    owner: Term,
    socket: u64,
    reference: u64,
}

impl Armed {
    fn is(&self, socket: u64, reference: u64) -> bool {
        self.socket == socket && self.reference == reference
    }
}

/// Registrations in force. Its length is mirrored in `ARMED` so schedulers can check for "any
/// fd to watch?" with one atomic load.
static SET: Mutex<Vec<Armed>> = Mutex::new(Vec::new());
static ARMED: AtomicUsize = AtomicUsize::new(0);
/// Stream sockets closed by Erlang whose fd waits for its unsent data to leave (wasip2), with
/// the monotonic deadline after which it is closed anyway. See `close_when_flushed`.
static LINGERING: Mutex<Vec<(i32, u64)>> = Mutex::new(Vec::new());
static LINGERING_COUNT: AtomicUsize = AtomicUsize::new(0);
/// How long a closed socket's unsent data may take to leave.
const LINGER_NS: u64 = 5_000_000_000;

/// A scheduler is the poller: it waits on the armed fds (or is about to).
static POLLING: AtomicBool = AtomicBool::new(false);

/// Are any fds armed? (An atomic load: cheap enough for every scheduler iteration.)
pub fn armed() -> bool {
    ARMED.load(Ordering::SeqCst) > 0
        || DELIVERING.load(Ordering::SeqCst) > 0
        || OUTSIDE.load(Ordering::SeqCst) > 0
        || LINGERING_COUNT.load(Ordering::Acquire) > 0
}

/// Close stream socket `fd` once what was sent on it has left. On wasip2 a send completes when
/// wasmtime has taken the bytes, not the kernel: closing at once drops what the host still
/// holds. The fd is closed when it turns writable (the host's previous write is done) or after
/// `LINGER_NS`; the socket is already gone for Erlang.
pub fn close_when_flushed(fd: i32) {
    let deadline = crate::platform::get().monotonic_ns() + LINGER_NS;
    let mut l = LINGERING.lock();
    l.push((fd, deadline));
    LINGERING_COUNT.store(l.len(), Ordering::Release);
    drop(l);
    interrupt();
}

/// The earliest deadline of a lingering close.
fn linger_deadline() -> Option<u64> {
    if LINGERING_COUNT.load(Ordering::Acquire) == 0 {
        return None;
    }
    LINGERING.lock().iter().map(|&(_, d)| d).min()
}

/// Close the lingering fds that are writable (in `ready`) or past their deadline.
fn close_lingering(ready: &[i32], now: u64) {
    let mut l = LINGERING.lock();
    l.retain(|&(fd, deadline)| {
        let done = ready.contains(&fd) || now >= deadline;
        if done {
            crate::platform::socket_sys::close(fd);
        }
        !done
    });
    LINGERING_COUNT.store(l.len(), Ordering::Release);
}

/// At the end of a run: give lingering closes their time (up to their deadlines), then close.
pub fn finish_lingering() {
    while LINGERING_COUNT.load(Ordering::Acquire) > 0 {
        poll_and_fire(Some(crate::platform::get().monotonic_ns() + 10_000_000));
    }
}

/// Arm a one-shot interest of `owner` in `fd` becoming ready for `mode`. Re-arming the same
/// reference replaces its registration.
pub fn arm(fd: i32, mode: Mode, owner: Term, socket: u64, reference: u64) {
    let mut set = SET.lock();
    set.retain(|a| !a.is(socket, reference));
    set.push(Armed {
        fd,
        mode,
        owner,
        socket,
        reference,
    });
    ARMED.store(set.len(), Ordering::Release);
    drop(set);
    // A poller already asleep does not know this fd yet.
    interrupt();
}

/// The socket number standing for standard input (reference numbers start at 1).
pub const STDIN: u64 = 0;

/// Disarm `reference` on `socket` (nothing happens when it is not armed).
pub fn disarm(socket: u64, reference: u64) {
    take_where(|a| a.is(socket, reference));
}

/// A process exited: its registrations go (their fds may stay open, e.g. stdin).
pub fn owner_exited(owner: Term) {
    if ARMED.load(Ordering::Acquire) > 0 {
        take_where(|a| a.owner == owner);
    }
}

/// `socket` was closed: every registration on it is told `{'$socket', S, abort, {Ref, closed}}`.
pub fn abort_socket(socket: u64) {
    for a in take_where(|a| a.socket == socket) {
        notify(&a, false);
    }
}

/// Take the registrations `pred` picks out of the set (keeping `ARMED` in step).
fn take_where(pred: impl FnMut(&Armed) -> bool) -> Vec<Armed> {
    let mut set = SET.lock();
    let (taken, kept): (Vec<Armed>, Vec<Armed>) =
        std::mem::take(&mut *set).into_iter().partition(pred);
    *set = kept;
    ARMED.store(set.len(), Ordering::SeqCst);
    taken
}

/// Send the owner its select (or abort) message.
fn notify(a: &Armed, ready: bool) {
    let need = words::tuple(4) + socket_term_words() + REF_WORDS + words::tuple(2);
    let mut arena = Arena::with_words(need);
    let s = build_socket_term(&mut arena, a.socket);
    let r = build_ref(&mut arena, a.reference);
    let msg = if ready {
        arena.tuple(&[
            Term::atom(dollar_socket()),
            s,
            Term::atom(atom::intern_str("select")),
            r,
        ])
    } else {
        let info = arena.tuple(&[r, Term::atom(atom::intern_str("closed"))]);
        arena.tuple(&[
            Term::atom(dollar_socket()),
            s,
            Term::atom(atom::intern_str("abort")),
            info,
        ])
    };
    let _ = process_table::send_signal(a.owner, Signal::Message(Copied { term: msg, arena }));
}

/// The atom `'$socket'`.
pub fn dollar_socket() -> crate::terms::term::Atom {
    static A: OnceLock<crate::terms::term::Atom> = OnceLock::new();
    *A.get_or_init(|| atom::intern_str("$socket"))
}

/// Words of a socket term `{'$socket', Ref}`.
pub const fn socket_term_words() -> usize {
    words::tuple(2) + REF_WORDS
}

/// The socket term `{'$socket', Ref}` of socket number `id`.
pub fn build_socket_term<A: Alloc + ?Sized>(a: &mut A, id: u64) -> Term {
    let r = build_ref(a, id);
    a.tuple(&[Term::atom(dollar_socket()), r])
}

/// Check the armed fds without blocking, unless another scheduler is already polling them
/// (a busy scheduler calls this between time slices).
pub fn poll_now() {
    if POLLING
        .compare_exchange(false, true, Ordering::AcqRel, Ordering::Acquire)
        .is_ok()
    {
        poll_and_fire(Some(crate::platform::get().monotonic_ns()));
        POLLING.store(false, Ordering::Release);
    }
}

/// The idle wait of a scheduler, the one way it waits: until the deadline (monotonic ns; None:
/// none), a wake-up, or readiness of the armed fds. One scheduler at a time watches the fds
/// (the poller); the others wait for the deadline or a wake-up only.
pub fn wait(deadline_ns: Option<u64>) {
    let poller = armed()
        && POLLING
            .compare_exchange(false, true, Ordering::AcqRel, Ordering::Acquire)
            .is_ok();
    if !poller {
        crate::platform::get().wait(&mut [], deadline_ns);
        return;
    }
    let deadline_ns = match (deadline_ns, linger_deadline()) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    };
    poll_and_fire(deadline_ns);
    POLLING.store(false, Ordering::Release);
}

/// Wake the poller (another scheduler has work for it, or a new fd is armed).
pub fn interrupt() {
    crate::platform::get().wake();
}

/// Wait on the armed fds (and lingering closes) until the deadline, and notify the owners of
/// those that are ready.
fn poll_and_fire(deadline_ns: Option<u64>) {
    let mut fds: Vec<PollFd> = SET
        .lock()
        .iter()
        .map(|a| PollFd::new(a.fd, a.mode == Mode::Write))
        .collect();
    let armed_len = fds.len();
    if LINGERING_COUNT.load(Ordering::Acquire) > 0 {
        fds.extend(
            LINGERING
                .lock()
                .iter()
                .map(|&(fd, _)| PollFd::new(fd, true)),
        );
    }
    if fds.is_empty() {
        // Armed only by outside work (`OUTSIDE`): sleep until it ends (its wake-up) or the
        // deadline, rather than spin.
        crate::platform::get().wait(&mut [], deadline_ns);
        return;
    }
    crate::platform::get().wait(&mut fds, deadline_ns);
    if fds.len() > armed_len {
        let flushed: Vec<i32> = fds[armed_len..]
            .iter()
            .filter(|p| p.ready)
            .map(|p| p.fd)
            .collect();
        close_lingering(&flushed, crate::platform::get().monotonic_ns());
    }
    // A set: with hundreds of sockets ready at once, matching them against the registrations
    // must not cost ready x armed.
    let ready: std::collections::HashSet<(i32, Mode)> = fds[..armed_len]
        .iter()
        .filter(|p| p.ready)
        .map(|p| (p.fd, if p.write { Mode::Write } else { Mode::Read }))
        .collect();
    if ready.is_empty() {
        return;
    }
    // A registration that changed meanwhile (stopped, or its fd closed and reused) may still be
    // notified: callers treat a wake-up whose operation says eagain as spurious.
    // The poller counts as idle while it delivers: until the owners' messages are queued,
    // `armed()` must stay true, or another idle scheduler could see no registration, no
    // runnable process and no timer, and end the run as a deadlock.
    DELIVERING.fetch_add(1, Ordering::SeqCst);
    for a in &take_where(|a| ready.contains(&(a.fd, a.mode))) {
        notify(a, true);
    }
    DELIVERING.fetch_sub(1, Ordering::SeqCst);
}

/// Work running outside the schedulers that ends by sending a message (a thread running an
/// `os:cmd` command): while any is pending, idle schedulers wait instead of ending the run as a
/// deadlock.
static OUTSIDE: AtomicUsize = AtomicUsize::new(0);

/// Outside work begins (see `OUTSIDE`).
pub fn outside_begin() {
    OUTSIDE.fetch_add(1, Ordering::SeqCst);
}

/// Outside work has sent its message: call after the send, then the waiting poller wakes.
pub fn outside_end() {
    OUTSIDE.fetch_sub(1, Ordering::SeqCst);
    interrupt();
}

/// Pollers between taking ready registrations and queueing their owners' messages.
static DELIVERING: AtomicUsize = AtomicUsize::new(0);
