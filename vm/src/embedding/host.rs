//! Host functions: what the embedding program offers to Erlang code (module `host`, see
//! `natives/host.rs`). The host implements [`Host`]; every term is external term format bytes.
//!
//! Calls come on the thread that runs the VM (the one inside `Vm::run`, `Vm::apply`, ...),
//! while the VM is busy: a host function cannot call back into the VM, and a slow one holds up
//! every process. For long work, let Erlang send a request (`host:send/1`) and answer later
//! with `Vm::send`.

use crate::embedding::etf::{self, Pid};
use crate::natives::host::{self as native_host, HostLink};
use crate::platform::sync::Mutex;
use std::sync::Arc;

/// The embedding program's side of the `host` module.
pub trait Host: Send {
    /// `host:call(Name, Args)`: `Ok(T)` becomes `{ok, T}`, `Err(T)` `{error, T}` in Erlang.
    /// The default knows no function: `{error, undef}`.
    fn call(&mut self, name: &str, args: &[u8]) -> Result<Vec<u8>, Vec<u8>> {
        let _ = (name, args);
        Err(etf::atom("undef"))
    }
    /// `host:send(Message)`: a message for the host.
    fn deliver(&mut self, message: &[u8]) {
        let _ = message;
    }
    /// A process the host monitors (`Vm::monitor`, `host:monitor/1`) has ended with `reason`.
    fn down(&mut self, pid: Pid, reason: &[u8]) {
        let _ = (pid, reason);
    }
}

/// The installed host, shared by the natives (call, deliver) and the VM (down).
pub(crate) type SharedHost = Arc<Mutex<Box<dyn Host>>>;

struct Link(SharedHost);

impl HostLink for Link {
    fn call(&mut self, name: &str, args: &[u8]) -> Result<Vec<u8>, Vec<u8>> {
        self.0.lock().call(name, args)
    }
    fn deliver(&mut self, message: &[u8]) {
        self.0.lock().deliver(message)
    }
}

/// Make `host` the VM's host; returns the handle the VM keeps for `down` notices.
pub(crate) fn install(host: Box<dyn Host>) -> SharedHost {
    let shared: SharedHost = Arc::new(Mutex::new(host));
    native_host::install(Box::new(Link(shared.clone())));
    shared
}

/// Hand the queued monitor notices to the host (or drop them when there is none).
pub(crate) fn deliver_downs(host: Option<&SharedHost>) {
    let notices = crate::scheduling::watch::take_notices();
    let Some(host) = host else {
        return;
    };
    for (pid, reason) in notices {
        host.lock().down(Pid::from_term(pid), &reason);
    }
}

impl crate::embedding::vm::Vm {
    /// Give Erlang code the host's functions (replacing any earlier host).
    pub fn set_host(&mut self, host: Box<dyn Host>) {
        self.host = Some(install(host));
    }
}
