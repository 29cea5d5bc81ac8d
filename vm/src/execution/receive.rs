//! The message instructions: `send`, the receive loop (`loop_rec`, `remove_message`, `wait`,
//! `wait_timeout`, `timeout`) and receive markers. The interpreter calls these; the mailbox
//! itself is `mailbox.rs`, delivery is `process_table::send_signal`.

use crate::processes::process::Process;
use crate::processes::process_table;
use crate::processes::remote;
use crate::processes::signal::{self, Fate, Signal};
use crate::processes::timer;
use crate::terms::atom;
use crate::terms::copy;
use crate::terms::exception::Exception;
use crate::terms::local_node;
use crate::terms::reference::{next_ref_number, ref_number};
use crate::terms::term::{BoxKind, Term};

/// `Dest ! Msg`: to a pid, a registered name, `{Name, Node}`, or an alias; those of other nodes
/// go through distribution (`processes/remote.rs`).
pub fn send(proc: &mut Process, dest: Term, msg: Term) -> Result<(), Exception> {
    if dest.is_local_pid() {
        deliver(proc, dest, msg);
        return Ok(());
    }
    if is_remote(dest) {
        remote::send(proc, dest, msg);
        return Ok(());
    }
    if let Some(pid) = resolve_dest(dest)? {
        deliver(proc, pid, msg);
    }
    Ok(())
}

/// Does `dest` name a process of another node?
fn is_remote(dest: Term) -> bool {
    if dest.is_box_of(BoxKind::ExternalPid) || dest.is_box_of(BoxKind::ExternalRef) {
        return true;
    }
    matches!(dest.as_tuple(), Some(&[name, node])
        if name.is_atom() && node.as_atom().is_some_and(|n| n != local_node::name()))
}

/// The pid a send to `dest` reaches: None when the message is to be dropped silently (a dead
/// pid, an inactive alias), `badarg` for an unregistered name or a malformed destination.
pub fn resolve_dest(dest: Term) -> Result<Option<Term>, Exception> {
    if dest.is_local_pid() {
        return Ok(Some(dest));
    }
    if let Some(name) = dest.as_atom() {
        return process_table::whereis(name)
            .map(Some)
            .ok_or_else(Exception::badarg);
    }
    if let Some([name, node]) = dest.as_tuple().map(|t| t.to_vec()).as_deref() {
        if let (Some(n), Some(nd)) = (name.as_atom(), node.as_atom()) {
            if nd == local_node::name() {
                return process_table::whereis(n)
                    .map(Some)
                    .ok_or_else(Exception::badarg);
            }
            // Distribution is not supported: like an unreachable node, the message is dropped.
            return Ok(None);
        }
        return Err(Exception::badarg());
    }
    if let Some(r) = ref_number(dest) {
        return Ok(process_table::alias_target(r));
    }
    Err(Exception::badarg())
}

/// Copy `msg` and queue it at `pid` (dropped if `pid` is dead).
pub fn deliver(proc: &Process, pid: Term, msg: Term) {
    let copied = copy::copy(msg, &proc.heap);
    let _ = process_table::send_signal(pid, Signal::Message(copied));
}

pub enum Peek {
    Message(Term),
    Empty,
    Dies(Term),
}

/// `loop_rec`: the message under the cursor, taking in newly arrived ones when the queue is done.
pub fn peek(proc: &mut Process) -> Peek {
    if let Some(m) = proc.mailbox.current() {
        return Peek::Message(m.term);
    }
    if let Fate::Dies(reason) = signal::drain(proc) {
        return Peek::Dies(reason);
    }
    match proc.mailbox.current() {
        Some(m) => Peek::Message(m.term),
        None => Peek::Empty,
    }
}

/// `remove_message`: the receive matched; its message now belongs to the heap.
pub fn remove_message(proc: &mut Process) {
    if let Some(m) = proc.mailbox.take_current() {
        proc.heap.adopt(m.arena);
    }
    stop_timer(proc);
}

/// `timeout`: the `after` clause runs.
pub fn timeout(proc: &mut Process) {
    proc.mailbox.rewind();
    stop_timer(proc);
}

fn stop_timer(proc: &mut Process) {
    if let Some(key) = proc.receive_timer.take() {
        timer::cancel(key);
    }
    proc.timed_out = false;
}

/// `wait_timeout`: Ok(true) to wait, Ok(false) when the time is up (go on to `timeout`).
pub fn wait_timeout(proc: &mut Process, t: Term) -> Result<bool, Exception> {
    if proc.timed_out {
        proc.timed_out = false;
        return Ok(false);
    }
    // A wait that was already armed does not look at its operand again: a receive with no
    // clauses jumps back to its own `wait_timeout` when a message arrives, and the x register
    // holding the time is not kept across the wait.
    if proc.receive_timer.is_some() {
        return Ok(true); // armed when the receive first waited
    }
    if t == Term::atom(atom::INFINITY) {
        return Ok(true);
    }
    // As OTP: 0 .. 2^32 - 1 milliseconds, anything else is `timeout_value`.
    let ms: u64 = match crate::terms::bignum::to_i128(t) {
        Some(n) if (0..=0xFFFF_FFFF).contains(&n) => n as u64,
        _ => return Err(Exception::error_atom(atom::TIMEOUT_VALUE)),
    };
    if ms == 0 {
        return Ok(false);
    }
    let key = next_ref_number();
    let now = crate::platform::get().monotonic_ns();
    let deadline = now.saturating_add(ms.saturating_mul(1_000_000));
    timer::start(
        key,
        deadline,
        timer::Action::ReceiveTimeout { pid: proc.pid, key },
    );
    proc.receive_timer = Some(key);
    Ok(true)
}

/// `recv_marker_reserve`: a marker at the current end of the queue.
pub fn reserve_marker(proc: &mut Process) -> Result<Term, Term> {
    if let Fate::Dies(reason) = signal::drain(proc) {
        return Err(reason);
    }
    Ok(Term::small(proc.mailbox.reserve_marker() as isize))
}

pub fn bind_marker(proc: &mut Process, marker: Term, reference: Term) {
    if let (Some(m), Some(r)) = (marker.as_small(), ref_number(reference)) {
        proc.mailbox.bind_marker(m as usize, r);
    }
}

pub fn clear_marker(proc: &mut Process, reference: Term) {
    if let Some(r) = ref_number(reference) {
        proc.mailbox.clear_marker(r);
    }
}

pub fn use_marker(proc: &mut Process, reference: Term) {
    if let Some(r) = ref_number(reference) {
        proc.mailbox.use_marker(r);
    }
}
