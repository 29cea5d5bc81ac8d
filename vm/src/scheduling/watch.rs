//! Processes whose end the host wants to learn: an embedder's `apply` waits for its process's
//! result, a host monitor waits for a process's exit reason. `finish` records them as external
//! term format bytes, so nothing refers to the dead process's heap afterwards.
//!
//! With nothing watched, a process exit costs one relaxed atomic load here.

use crate::platform::sync::Mutex;
use crate::processes::process_table;
use crate::terms::exception::Class;
use crate::terms::ext_encode::{self, EncodeOptions};
use crate::terms::print::print_term;
use crate::terms::term::Term;
use std::collections::{HashMap, VecDeque};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::OnceLock;

/// How a watched process ended.
#[derive(Clone, Debug)]
pub enum ProcessEnd {
    /// Its function returned this value (ETF).
    Returned(Vec<u8>),
    /// An uncaught exception.
    Raised {
        class: Class,
        reason: Vec<u8>,
        stacktrace: Vec<u8>,
        /// `class:reason` and the stack trace, printed like `~p`.
        printed: String,
    },
    /// An exit signal (or `exit/1`, `kill`, `erlang:halt/1`) ended it: the reason (ETF).
    Exited(Vec<u8>),
}

#[derive(Default)]
struct Interest {
    /// Keep the ending for `take_result`.
    result: bool,
    /// Queue `(pid, reason)` for the host's `down`.
    notify: bool,
}

#[derive(Default)]
struct Watches {
    interests: HashMap<usize, Interest>,
    results: HashMap<usize, ProcessEnd>,
    notices: VecDeque<(Term, Vec<u8>)>,
}

/// Number of watched processes: the fast "nothing to do" check of `finish`.
static WATCHED: AtomicUsize = AtomicUsize::new(0);

fn watches() -> &'static Mutex<Watches> {
    static W: OnceLock<Mutex<Watches>> = OnceLock::new();
    W.get_or_init(|| Mutex::new(Watches::default()))
}

/// Keep the ending of `pid` (a process just spawned, not yet run) for `take_result`.
pub fn watch_result(pid: Term) {
    let mut w = watches().lock();
    let i = w.interests.entry(pid.pid_id()).or_insert_with(|| {
        WATCHED.fetch_add(1, Ordering::Relaxed);
        Interest::default()
    });
    i.result = true;
}

/// The host monitors `pid`: when it ends, `(pid, reason)` is queued for `take_notices`. A pid
/// that is not alive gets its notice at once, with reason `noproc`, as `monitor/2` does.
pub fn monitor(pid: Term) {
    let mut w = watches().lock();
    if process_table::lookup(pid).is_none() {
        let noproc = encode(Term::atom(crate::terms::atom::NOPROC), pid);
        w.notices.push_back((pid, noproc));
        return;
    }
    let i = w.interests.entry(pid.pid_id()).or_insert_with(|| {
        WATCHED.fetch_add(1, Ordering::Relaxed);
        Interest::default()
    });
    i.notify = true;
}

/// Is anything watching `pid`: None if not, else whether its result is wanted (the host then
/// gets any exception, so it needs no error report). Cheap when nothing is watched at all.
pub fn watched(pid: Term) -> Option<bool> {
    if WATCHED.load(Ordering::Relaxed) == 0 {
        return None;
    }
    watches()
        .lock()
        .interests
        .get(&pid.pid_id())
        .map(|i| i.result)
}

/// Record how the watched `pid` ended; `reason` is the exit reason links and monitors see.
pub fn record(pid: Term, end: ProcessEnd, reason: Vec<u8>) {
    let mut w = watches().lock();
    let Some(i) = w.interests.remove(&pid.pid_id()) else {
        return;
    };
    WATCHED.fetch_sub(1, Ordering::Relaxed);
    if i.notify {
        w.notices.push_back((pid, reason));
    }
    if i.result {
        w.results.insert(pid.pid_id(), end);
    }
}

/// The ending of a process watched with `watch_result`, once it has ended.
pub fn take_result(pid: Term) -> Option<ProcessEnd> {
    watches().lock().results.remove(&pid.pid_id())
}

/// Stop keeping the result of `pid` (the host gave up waiting for it).
pub fn forget_result(pid: Term) {
    let mut w = watches().lock();
    w.results.remove(&pid.pid_id());
    let drop_it = match w.interests.get_mut(&pid.pid_id()) {
        Some(i) => {
            i.result = false;
            !i.notify
        }
        None => false,
    };
    if drop_it {
        w.interests.remove(&pid.pid_id());
        WATCHED.fetch_sub(1, Ordering::Relaxed);
    }
}

/// The queued host-monitor notices, oldest first.
pub fn take_notices() -> Vec<(Term, Vec<u8>)> {
    watches().lock().notices.drain(..).collect()
}

/// `t` in the external format; a term that cannot be encoded (a fun of a lost module) is
/// replaced by its printed form as a binary, so the host still learns something.
pub fn encode(t: Term, self_pid: Term) -> Vec<u8> {
    match ext_encode::encode(t, &EncodeOptions::default(), self_pid) {
        Ok(bytes) => bytes,
        Err(_) => {
            let text = print_term(t);
            let mut out = vec![131, 109];
            out.extend_from_slice(&(text.len() as u32).to_be_bytes());
            out.extend_from_slice(text.as_bytes());
            out
        }
    }
}
