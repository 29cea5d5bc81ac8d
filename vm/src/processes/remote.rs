//! What processes do with other nodes, reached through hooks: distribution lives in the natives
//! layer (`natives/dist.rs`), which installs them when it first starts a node. Until then nothing
//! is installed and every call here is one atomic load.

use crate::processes::process::Process;
use crate::terms::heap::Heap;
use crate::terms::term::Term;
use std::sync::OnceLock;

pub struct RemoteHooks {
    /// Send `msg` from `from` to `dest`: an external pid, an external reference (an alias) or
    /// `{Name, Node}` with another node. Never fails: an unreachable node drops the message.
    pub send: fn(from: &Process, dest: Term, msg: Term),
    /// A local process ended with `reason` (on `heap`): tell the remote processes linked to it
    /// or monitoring it, and forget the remote links and monitors it held.
    pub exited: fn(pid: Term, reason: Term, heap: &Heap),
}

static HOOKS: OnceLock<RemoteHooks> = OnceLock::new();

/// Install the hooks (once; later calls change nothing).
pub fn install(hooks: RemoteHooks) {
    let _ = HOOKS.set(hooks);
}

/// Send to a remote destination (dropped when distribution never started).
pub fn send(from: &Process, dest: Term, msg: Term) {
    if let Some(h) = HOOKS.get() {
        (h.send)(from, dest, msg);
    }
}

/// A local process ended.
pub fn exited(pid: Term, reason: Term, heap: &Heap) {
    if let Some(h) = HOOKS.get() {
        (h.exited)(pid, reason, heap);
    }
}
