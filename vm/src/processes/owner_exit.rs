//! What happens to the resources a process owned when it exits.
//!
//! Native objects owned by processes (sockets today; TLS contexts, crypto streams, ETS tables
//! as they come) live in the natives layer, above this one. Each kind registers an owner-exit
//! hook when the natives are installed; the scheduler calls `owner_exited` for every process
//! that ends and never names a resource kind.

use crate::platform::sync::RwLock;
use crate::terms::term::Term;

/// Called with the pid of a process that has just exited (its body already gone from the
/// process table). Must not block on other processes.
pub type OwnerExitHook = fn(Term);

static HOOKS: RwLock<Vec<OwnerExitHook>> = RwLock::new(Vec::new());

/// Register a hook (once per kind: registering the same function again does nothing).
pub fn register(hook: OwnerExitHook) {
    let mut hooks = HOOKS.write();
    if !hooks.iter().any(|h| std::ptr::fn_addr_eq(*h, hook)) {
        hooks.push(hook);
    }
}

/// A process exited: every resource kind releases what it owned.
pub fn owner_exited(pid: Term) {
    for hook in HOOKS.read().iter() {
        hook(pid);
    }
}
