//! Signals from the host: send a message, send an exit signal, look up a registered name,
//! monitor a process. They only queue signals: the receivers act on them when the VM runs.

use crate::embedding::calls::CallError;
use crate::embedding::etf::{self, Pid};
use crate::embedding::vm::Vm;
use crate::processes::process_table;
use crate::processes::signal::{Signal, NOTICE_WORDS};
use crate::scheduling::watch;
use crate::terms::atom;
use crate::terms::term::Term;

/// Where a message goes: a pid, or a registered name.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Target {
    Pid(Pid),
    Name(String),
}

impl From<Pid> for Target {
    fn from(p: Pid) -> Target {
        Target::Pid(p)
    }
}

impl From<&str> for Target {
    fn from(name: &str) -> Target {
        Target::Name(name.to_string())
    }
}

impl Target {
    /// A pid or an atom (a registered name) in external term format.
    pub fn from_etf(bytes: &[u8]) -> Option<Target> {
        let t = etf::decode(bytes, 0).ok()?.term;
        if t.is_local_pid() {
            return Some(Target::Pid(Pid::from_term(t)));
        }
        t.as_atom()
            .map(|a| Target::Name(atom::name_str(a).to_string()))
    }

    /// The pid or the name's atom.
    pub(crate) fn term(&self) -> Result<Term, CallError> {
        match self {
            Target::Pid(p) => Ok(p.term()),
            Target::Name(n) => atom::intern(n.as_bytes())
                .map(Term::atom)
                .map_err(|_| CallError::BadArgument("invalid atom name")),
        }
    }
}

/// The pid that exit signals from the host come from: pid 0, which no process ever has.
fn host_pid() -> Term {
    Term::pid(0)
}

impl Vm {
    /// Send `message` (ETF) to `to`. As `erlang:send/2`: a message to a pid that has ended is
    /// dropped; a name that is not registered is `BadArgument`.
    pub fn send(&mut self, to: &Target, message: &[u8]) -> Result<(), CallError> {
        let pid = self.resolve(to)?;
        let message = etf::decode(message, 0)?;
        let _ = process_table::send_signal(pid, Signal::Message(message));
        Ok(())
    }

    /// Send an exit signal with `reason` (ETF) to `to`, as `exit(Pid, Reason)` from another
    /// process: `kill` kills, `normal` is ignored unless it traps exits, a process trapping
    /// exits gets `{'EXIT', <0.0.0>, Reason}` (the host's pid is `<0.0.0>`).
    pub fn exit(&mut self, to: &Target, reason: &[u8]) -> Result<(), CallError> {
        let pid = self.resolve(to)?;
        let reason = etf::decode(reason, NOTICE_WORDS)?;
        let s = Signal::Exit {
            from: host_pid(),
            reason,
            linked: false,
        };
        let _ = process_table::send_signal(pid, s);
        Ok(())
    }

    /// The pid registered under `name`, if any.
    pub fn whereis(&self, name: &str) -> Option<Pid> {
        let name = atom::intern(name.as_bytes()).ok()?;
        process_table::whereis(name).map(Pid::from_term)
    }

    /// Tell the host (`Host::down`) when `pid` ends; a pid that is not alive is reported at the
    /// next run with reason `noproc`.
    pub fn monitor(&mut self, pid: Pid) {
        watch::monitor(pid.term());
    }

    fn resolve(&self, to: &Target) -> Result<Term, CallError> {
        match to {
            Target::Pid(p) => Ok(p.term()),
            Target::Name(n) => self.whereis(n).map(Pid::term).ok_or(CallError::BadArgument(
                "no process is registered under that name",
            )),
        }
    }
}
