//! Every live process by pid, registered names, and active aliases.
//!
//! Locking rule: each map has its own `RwLock`, taken briefly and never while holding another of
//! these locks or a process body. A process body (`ProcessCell::body`) is locked by the scheduler
//! running it; any other thread only ever `try_lock`s it (see `process_info`), so no thread waits
//! for a body while holding one.

use crate::platform::sync::{Mutex, RwLock};
use crate::processes::process::Process;
use crate::processes::signal::{Inbox, Signal};
use crate::terms::term::{Atom, Term};
use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, OnceLock};

pub struct ProcessCell {
    pub pid: Term,
    pub inbox: Arc<Inbox>,
    pub body: Mutex<Process>,
}

/// Registered names, both ways.
#[derive(Default)]
struct Names {
    by_name: HashMap<Atom, Term>,
    by_pid: HashMap<usize, Atom>,
}

#[derive(Default)]
struct Tables {
    processes: RwLock<HashMap<usize, Arc<ProcessCell>>>,
    names: RwLock<Names>,
    /// Alias reference number → the process it reaches.
    aliases: RwLock<HashMap<u64, Term>>,
}

fn tables() -> &'static Tables {
    static T: OnceLock<Tables> = OnceLock::new();
    T.get_or_init(Tables::default)
}

/// Pid numbers: never reused within a run (a pid that died stays dead).
static NEXT_ID: AtomicUsize = AtomicUsize::new(1);

/// Largest pid number an immediate can carry on this word size.
pub const MAX_ID: usize = (usize::MAX >> 4) >> 1;

/// A fresh pid number, or None when they are exhausted.
pub fn new_id() -> Option<usize> {
    let id = NEXT_ID.fetch_add(1, Ordering::Relaxed);
    (id <= MAX_ID).then_some(id)
}

pub fn insert(proc: Process) -> Arc<ProcessCell> {
    let cell = Arc::new(ProcessCell {
        pid: proc.pid,
        inbox: proc.inbox.clone(),
        body: Mutex::new(proc),
    });
    tables()
        .processes
        .write()
        .insert(cell.pid.pid_id(), cell.clone());
    cell
}

pub fn remove(pid: Term) {
    tables().processes.write().remove(&pid.pid_id());
}

pub fn lookup(pid: Term) -> Option<Arc<ProcessCell>> {
    if !pid.is_local_pid() {
        return None;
    }
    tables().processes.read().get(&pid.pid_id()).cloned()
}

pub fn count() -> usize {
    tables().processes.read().len()
}

/// Bytes held by every live process: `self_bytes` for the caller (whose body its scheduler has
/// locked), each other process's own count when its body is free, and the table's cell for all.
/// A process running on another scheduler at that instant counts only its cell (a lower bound:
/// its body cannot be read without waiting for it, which the locking rule forbids).
pub fn memory_bytes(self_pid: Term, self_bytes: usize) -> usize {
    let cells: Vec<Arc<ProcessCell>> = tables().processes.read().values().cloned().collect();
    let cell = std::mem::size_of::<ProcessCell>() + std::mem::size_of::<Inbox>();
    cells
        .iter()
        .map(|c| {
            let own = if c.pid == self_pid {
                self_bytes
            } else {
                c.body.try_lock().map_or(0, |p| p.memory_bytes())
            };
            cell + own
        })
        .sum()
}

/// Pids of every live process, oldest first.
pub fn all_pids() -> Vec<Term> {
    let mut ids: Vec<usize> = tables().processes.read().keys().copied().collect();
    ids.sort_unstable();
    ids.into_iter().map(Term::pid).collect()
}

/// Deliver a signal to a live process. Gives the signal back if there is no such process (it
/// never existed, or has exited); otherwise wakes the receiver if it was waiting.
pub fn send_signal(pid: Term, s: Signal) -> Result<(), Signal> {
    let Some(cell) = lookup(pid) else {
        return Err(s);
    };
    match cell.inbox.push(s) {
        Ok(true) => {
            crate::processes::run_queue::make_runnable(cell);
            Ok(())
        }
        Ok(false) => Ok(()),
        Err(s) => Err(s),
    }
}

// ---- registered names ----

pub fn whereis(name: Atom) -> Option<Term> {
    tables().names.read().by_name.get(&name).copied()
}

pub fn name_of(pid: Term) -> Option<Atom> {
    tables().names.read().by_pid.get(&pid.pid_id()).copied()
}

/// Register `name` for the live process `pid`; false if the name is taken, the process already
/// has a name, or it is not alive.
pub fn register(name: Atom, pid: Term) -> bool {
    let mut names = tables().names.write();
    if names.by_name.contains_key(&name) || names.by_pid.contains_key(&pid.pid_id()) {
        return false;
    }
    if lookup(pid).is_none() {
        return false;
    }
    names.by_name.insert(name, pid);
    names.by_pid.insert(pid.pid_id(), name);
    true
}

pub fn unregister(name: Atom) -> Option<Term> {
    let mut names = tables().names.write();
    let pid = names.by_name.remove(&name)?;
    names.by_pid.remove(&pid.pid_id());
    Some(pid)
}

/// Drop the name of an exiting process.
pub fn unregister_pid(pid: Term) {
    let mut names = tables().names.write();
    if let Some(name) = names.by_pid.remove(&pid.pid_id()) {
        names.by_name.remove(&name);
    }
}

pub fn registered() -> Vec<Atom> {
    tables().names.read().by_name.keys().copied().collect()
}

// ---- aliases ----

pub fn alias(reference: u64, pid: Term) {
    tables().aliases.write().insert(reference, pid);
}

/// Deactivate an alias; true if it was active.
pub fn unalias(reference: u64) -> bool {
    tables().aliases.write().remove(&reference).is_some()
}

pub fn alias_target(reference: u64) -> Option<Term> {
    tables().aliases.read().get(&reference).copied()
}

/// Drop every alias of an exiting process.
pub fn drop_aliases_of(pid: Term) {
    tables().aliases.write().retain(|_, p| *p != pid);
}
