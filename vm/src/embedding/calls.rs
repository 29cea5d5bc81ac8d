//! Calling Erlang from the host: spawn `M:F(Args)`, apply it and wait for its result (or its
//! exception), and the gen_server protocol's `call`.
//!
//! `apply` runs the function in a new process (as `erlang:spawn/3` would), so a crash, a kill
//! or a budget that runs out never harms the VM: the host gets an error value and the VM goes
//! on.

use crate::code::module;
use crate::embedding::etf::{self, BadTerm, Pid};
use crate::embedding::messages::Target;
use crate::embedding::running::{Budget, RunStatus};
use crate::embedding::vm::Vm;
use crate::processes::process::Process;
use crate::processes::process_table;
use crate::scheduling::scheduler::{self, Progress};
use crate::scheduling::watch::{self, ProcessEnd};
use crate::terms::atom;
use crate::terms::copy::Copied;
use crate::terms::exception::Class;
use crate::terms::heap::{words, Alloc};
use crate::terms::term::{Atom, CodePtr, Term};
use std::fmt;

/// The class of an Erlang exception.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExceptionClass {
    Error,
    Exit,
    Throw,
}

/// An exception the applied function raised and did not catch.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Exception {
    pub class: ExceptionClass,
    /// The reason (ETF).
    pub reason: Vec<u8>,
    /// The stack trace, as `erlang:get_stacktrace/0`'s list of `{M, F, A, Location}` (ETF).
    pub stacktrace: Vec<u8>,
    /// `class:reason` and the stack trace as Erlang text.
    pub printed: String,
}

/// Why a call gave no value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CallError {
    /// An argument is not usable: not valid ETF, not a list, not a valid atom name, ...
    BadArgument(&'static str),
    /// No process can be made: no code is loaded yet, or pids are exhausted.
    CannotSpawn(&'static str),
    /// The function raised an exception.
    Raised(Exception),
    /// The process was ended by an exit signal (a link, `exit/2`, a heap limit): the reason.
    Exited(Vec<u8>),
    /// The budget ran out first. The process goes on: run the VM and `await_result(pid, ..)`.
    Unfinished { pid: Pid, status: RunStatus },
    /// A process called `erlang:halt/1` meanwhile (the VM is still usable).
    Halted { status: i32 },
}

impl fmt::Display for CallError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CallError::BadArgument(what) => write!(f, "bad argument: {}", what),
            CallError::CannotSpawn(why) => write!(f, "cannot spawn: {}", why),
            CallError::Raised(e) => f.write_str(&e.printed),
            CallError::Exited(reason) => write!(
                f,
                "exited: {}",
                etf::print(reason).unwrap_or_else(|_| "?".into())
            ),
            CallError::Unfinished { pid, status } => {
                write!(f, "{} has not finished ({:?})", pid, status)
            }
            CallError::Halted { status } => write!(f, "erlang:halt({}) was called", status),
        }
    }
}

impl std::error::Error for CallError {}

impl From<BadTerm> for CallError {
    fn from(_: BadTerm) -> Self {
        CallError::BadArgument("not a valid external term")
    }
}

fn atom_named(name: &str) -> Result<Atom, CallError> {
    atom::intern(name.as_bytes()).map_err(|_| CallError::BadArgument("invalid atom name"))
}

impl Vm {
    /// Start a process running `module:function(Args...)`, where `args` is a list (ETF).
    pub fn spawn(&mut self, module: &str, function: &str, args: &[u8]) -> Result<Pid, CallError> {
        let args = etf::decode(args, 0)?;
        self.spawn_copied(atom_named(module)?, atom_named(function)?, args)
    }

    /// Apply `module:function(Args...)` in a new process and run the VM until it returns:
    /// its value (ETF), or why there is none.
    pub fn apply(
        &mut self,
        module: &str,
        function: &str,
        args: &[u8],
        budget: Budget,
    ) -> Result<Vec<u8>, CallError> {
        let pid = self.spawn(module, function, args)?;
        watch::watch_result(pid.term());
        self.await_result(pid, budget)
    }

    /// Run the VM until the process of an `apply` that came back `Unfinished` ends.
    pub fn await_result(&mut self, pid: Pid, budget: Budget) -> Result<Vec<u8>, CallError> {
        let mut result = None;
        let progress = self.run_while(budget, &mut || {
            result = watch::take_result(pid.term());
            result.is_some()
        });
        let result = result.or_else(|| watch::take_result(pid.term()));
        match (result, progress) {
            // The halting process itself ends `killed`: the halt is the news.
            (_, Progress::Halted(status)) => Err(CallError::Halted { status }),
            (Some(end), _) => ending(end),
            (None, p) => Err(CallError::Unfinished {
                pid,
                status: RunStatus::from_progress(p),
            }),
        }
    }

    /// Stop keeping the result of an unfinished `apply` (the process itself goes on).
    pub fn forget_result(&mut self, pid: Pid) {
        watch::forget_result(pid.term());
    }

    /// A gen_server call: `gen_server:call(Target, Request, Timeout)` applied in a new process,
    /// with `budget.wait` as the timeout (no timeout when zero: the reduction budget bounds it).
    /// Needs estdlib's `gen_server` among the loaded modules. A timeout is an exit exception
    /// `{timeout, {gen_server, call, ...}}`, as in OTP.
    pub fn call(
        &mut self,
        target: &Target,
        request: &[u8],
        budget: Budget,
    ) -> Result<Vec<u8>, CallError> {
        // Room for the three-element argument list beside the request.
        let mut request = etf::decode(request, words::list(3))?;
        let to = target.term()?;
        let timeout = match budget.wait.as_millis() {
            0 => Term::atom(atom::INFINITY),
            ms => Term::small(ms.min(1 << 26) as isize),
        };
        let args = request
            .arena
            .list_from(&[to, request.term, timeout], Term::NIL);
        let args = Copied {
            term: args,
            arena: request.arena,
        };
        let gen_server = atom::intern_str("gen_server");
        let pid = self.spawn_copied(gen_server, atom::intern_str("call"), args)?;
        watch::watch_result(pid.term());
        self.await_result(pid, budget)
    }

    /// A new process running `m:f(args...)`; `args` holds a proper list.
    fn spawn_copied(&mut self, m: Atom, f: Atom, args: Copied) -> Result<Pid, CallError> {
        let mut argv = Vec::new();
        let mut list = args.term;
        while let Some((h, t)) = list.as_cons() {
            argv.push(h);
            list = t;
        }
        if !list.is_nil() || argv.len() > 255 {
            return Err(CallError::BadArgument(
                "the arguments must be a list of at most 255 terms",
            ));
        }
        if module::by_index(0).is_none() {
            return Err(CallError::CannotSpawn("no code is loaded"));
        }
        if self.io_server.is_none() {
            self.io_server = crate::embedding::vm::start_io_server(self.options.gc_stress);
        }
        let id = process_table::new_id().ok_or(CallError::CannotSpawn("no pid left"))?;
        let mut proc = Process::new(id, 0);
        proc.heap.stress = self.options.gc_stress;
        proc.max_heap_words = self.options.max_heap_words;
        proc.heap.adopt(args.arena);
        proc.saved_x = argv;
        if let Some(leader) = self.io_server {
            proc.group_leader = leader;
        }
        let arity = proc.saved_x.len() as u32;
        // Resolved when it first runs, so an undefined function is the process's `undef`.
        proc.pending_call = Some((m, f, arity));
        proc.initial_call = (m, f, arity);
        proc.pc = CodePtr {
            module: 0,
            offset: 0,
        };
        proc.cp = Term::NON_VALUE;
        Ok(Pid::from_term(scheduler::start_process(proc)))
    }
}

fn ending(end: ProcessEnd) -> Result<Vec<u8>, CallError> {
    match end {
        ProcessEnd::Returned(value) => Ok(value),
        ProcessEnd::Raised {
            class,
            reason,
            stacktrace,
            printed,
        } => Err(CallError::Raised(Exception {
            class: match class {
                Class::Error => ExceptionClass::Error,
                Class::Exit => ExceptionClass::Exit,
                Class::Throw => ExceptionClass::Throw,
            },
            reason,
            stacktrace,
            printed,
        })),
        ProcessEnd::Exited(reason) => Err(CallError::Exited(reason)),
    }
}
