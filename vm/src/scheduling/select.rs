//! Socket readiness: one-shot select registrations and the `poll()` that waits on them.
//!
//! This is the fd-readiness part of the platform seam, shared by the targets with BSD sockets
//! (native, and wasm32-wasip2 through wasi-libc). A registration says "tell `owner` with
//! `{'$socket', S, select, Ref}` when fd is readable (or writable)"; it fires once and is gone.
//!
//! Exactly one scheduler at a time waits in `poll()` (the poller); the others sleep in the
//! platform's wait. Natively the poller also watches a pipe, so another scheduler can interrupt it
//! when work arrives or when a new fd is armed. wasip2 runs one scheduler, so it needs no pipe.

use crate::natives::types::{build_ref, REF_WORDS};
use crate::platform::sync::Mutex;
use crate::processes::process_table;
use crate::processes::signal::Signal;
use crate::terms::atom;
use crate::terms::copy::Copied;
use crate::terms::heap::{words, Alloc, Arena};
use crate::terms::term::Term;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::OnceLock;

#[derive(Copy, Clone, PartialEq, Eq, Debug)]
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

/// The longest poll a scheduler that cannot be interrupted makes.
const UNINTERRUPTIBLE_POLL_MS: i32 = 10;
/// A scheduler is inside `poll()` (or about to be).
static POLLING: AtomicBool = AtomicBool::new(false);

/// Are any fds armed? (An atomic load: cheap enough for every scheduler iteration.)
pub fn armed() -> bool {
    ARMED.load(Ordering::Acquire) > 0 || LINGERING_COUNT.load(Ordering::Acquire) > 0
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
        poll_and_fire(Some(10));
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

/// Is `fd` readable (or at its end, or in error) right now? Never blocks.
pub fn readable_now(fd: i32) -> bool {
    let mut p = libc::pollfd {
        fd,
        events: libc::POLLIN,
        revents: 0,
    };
    // SAFETY: `p` is one live, initialised pollfd; a zero timeout never blocks.
    let n = unsafe { libc::poll(&mut p, 1, 0) };
    n > 0 && p.revents != 0
}

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
    ARMED.store(set.len(), Ordering::Release);
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
        poll_and_fire(Some(0));
        POLLING.store(false, Ordering::Release);
    }
}

/// Idle wait with fds armed: poll them until the deadline (monotonic ns; None: none). False
/// when another scheduler is already the poller: the caller then waits the platform's way.
pub fn wait(deadline_ns: Option<u64>) -> bool {
    if POLLING
        .compare_exchange(false, true, Ordering::AcqRel, Ordering::Acquire)
        .is_err()
    {
        return false;
    }
    let deadline_ns = match (deadline_ns, linger_deadline()) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    };
    let mut timeout_ms = deadline_ns.map(|d| {
        let now = crate::platform::get().monotonic_ns();
        // Round up: waking before the deadline would only spin.
        d.saturating_sub(now)
            .div_ceil(1_000_000)
            .min(i32::MAX as u64) as i32
    });
    // Without a wake-up pipe (wasip1-threads: stdin is the only fd there) other schedulers
    // cannot interrupt the poll: look up often enough to notice their work and the end.
    if wake_pipe::read_end().is_none() && crate::scheduling::scheduler::schedulers() > 1 {
        timeout_ms =
            Some(timeout_ms.map_or(UNINTERRUPTIBLE_POLL_MS, |t| t.min(UNINTERRUPTIBLE_POLL_MS)));
    }
    poll_and_fire(timeout_ms);
    POLLING.store(false, Ordering::Release);
    true
}

/// Wake the poller, if one sits in `poll()` (another scheduler has work for it, or a new fd).
pub fn interrupt() {
    if POLLING.load(Ordering::Acquire) {
        wake_pipe::poke();
    }
}

/// Poll the armed fds (plus the wake pipe) for up to `timeout_ms` (None: no limit) and notify the
/// owners of those that are ready.
fn poll_and_fire(timeout_ms: Option<i32>) {
    let mut fds: Vec<libc::pollfd> = {
        let set = SET.lock();
        set.iter()
            .map(|a| libc::pollfd {
                fd: a.fd,
                events: match a.mode {
                    Mode::Read => libc::POLLIN,
                    Mode::Write => libc::POLLOUT,
                },
                revents: 0,
            })
            .collect()
    };
    let armed_len = fds.len();
    if LINGERING_COUNT.load(Ordering::Acquire) > 0 {
        fds.extend(LINGERING.lock().iter().map(|&(fd, _)| libc::pollfd {
            fd,
            events: libc::POLLOUT,
            revents: 0,
        }));
    }
    let lingering_end = fds.len();
    let pipe = wake_pipe::read_end();
    if let Some(p) = pipe {
        fds.push(libc::pollfd {
            fd: p,
            events: libc::POLLIN,
            revents: 0,
        });
    }
    if fds.is_empty() {
        return;
    }
    // SAFETY: `fds` is a live, initialised array of `fds.len()` pollfd structs that poll may
    // write `revents` into; nothing else aliases it during the call.
    let n = unsafe {
        libc::poll(
            fds.as_mut_ptr(),
            fds.len() as libc::nfds_t,
            timeout_ms.unwrap_or(-1),
        )
    };
    if lingering_end > armed_len {
        let flushed: Vec<i32> = fds[armed_len..lingering_end]
            .iter()
            .filter(|p| n > 0 && p.revents != 0)
            .map(|p| p.fd)
            .collect();
        close_lingering(&flushed, crate::platform::get().monotonic_ns());
    }
    if n <= 0 {
        return;
    }
    if pipe.is_some() && fds.len() > lingering_end && fds[lingering_end].revents != 0 {
        wake_pipe::drain();
    }
    let ready: Vec<(i32, Mode)> = fds[..armed_len]
        .iter()
        .filter(|p| p.revents != 0)
        .map(|p| {
            let mode = if p.events & libc::POLLIN != 0 {
                Mode::Read
            } else {
                Mode::Write
            };
            (p.fd, mode)
        })
        .collect();
    if ready.is_empty() {
        return;
    }
    // A registration that changed meanwhile (stopped, or its fd closed and reused) may still be
    // notified: callers treat a wake-up whose operation says eagain as spurious.
    for a in &take_where(|a| ready.contains(&(a.fd, a.mode))) {
        notify(a, true);
    }
}

/// The self-pipe that interrupts the poller (threaded native builds only).
#[cfg(unix)]
mod wake_pipe {
    use std::sync::OnceLock;

    fn fds() -> Option<(i32, i32)> {
        static P: OnceLock<Option<(i32, i32)>> = OnceLock::new();
        *P.get_or_init(|| {
            let mut p = [-1i32; 2];
            // SAFETY: `p` is a two-int array pipe2 fills in; flags are plain constants.
            let r = unsafe { libc::pipe2(p.as_mut_ptr(), libc::O_NONBLOCK | libc::O_CLOEXEC) };
            (r == 0).then_some((p[0], p[1]))
        })
    }

    pub fn read_end() -> Option<i32> {
        fds().map(|p| p.0)
    }

    pub fn poke() {
        if let Some((_, w)) = fds() {
            let b = 1u8;
            // SAFETY: writes one byte from a live local; a full pipe (EAGAIN) already wakes.
            unsafe { libc::write(w, &b as *const u8 as *const libc::c_void, 1) };
        }
    }

    pub fn drain() {
        if let Some((r, _)) = fds() {
            let mut buf = [0u8; 64];
            // SAFETY: reads into a live local buffer of the given length; the fd is non-blocking.
            while unsafe { libc::read(r, buf.as_mut_ptr() as *mut libc::c_void, buf.len()) } > 0 {}
        }
    }
}

/// WASI has no pipes: wasip2 runs one scheduler, so nobody else is awake to interrupt the
/// poller; on wasip1-threads the poller looks up every few milliseconds instead.
#[cfg(not(unix))]
mod wake_pipe {
    pub fn read_end() -> Option<i32> {
        None
    }
    pub fn poke() {}
    pub fn drain() {}
}
