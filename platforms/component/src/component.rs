//! The `vm` resource over `::atomvm::Vm`, and the host imports behind `::atomvm::Host`.

use ::atomvm::etf::Pid;
use ::atomvm::{Budget, Options, RunStatus, StdPlatform, Target, Vm};
use std::cell::RefCell;
use std::time::Duration;

wit_bindgen::generate!({
    path: "../../wit/atomvm-embed.wit",
    world: "embed",
});

use self::atomvm::embed::host;
use self::atomvm::embed::types::{
    Budget as WitBudget, CallError, Exception, ExceptionClass, RunStatus as WitRunStatus,
    Stats as WitStats, Term,
};
use exports::atomvm::embed::runtime::{Guest, GuestVm, Options as WitOptions};

/// Count allocated bytes, so that `erlang:memory/0,1` and `stats` report them.
#[global_allocator]
static ALLOCATOR: ::atomvm::CountingAllocator = ::atomvm::CountingAllocator;

struct Component;

impl Guest for Component {
    type Vm = VmResource;
}

/// The VM. Methods take `&self`; a host function calling back in finds it borrowed and gets
/// an error (or an empty answer where the WIT has no error).
struct VmResource(RefCell<Vm>);

/// The host's functions, reached through the `host` imports.
struct ImportedHost;

impl ::atomvm::Host for ImportedHost {
    fn call(&mut self, name: &str, args: &[u8]) -> Result<Vec<u8>, Vec<u8>> {
        host::call(name, args)
    }
    fn deliver(&mut self, message: &[u8]) {
        host::deliver(message)
    }
    fn down(&mut self, pid: Pid, reason: &[u8]) {
        host::down(&pid.to_etf(), reason)
    }
}

fn budget(b: WitBudget) -> Budget {
    Budget::reductions(b.reductions).with_wait(Duration::from_millis(b.wait_ms.into()))
}

fn call_error(e: ::atomvm::CallError) -> CallError {
    match e {
        ::atomvm::CallError::BadArgument(what) => CallError::BadArgument(what.to_string()),
        ::atomvm::CallError::CannotSpawn(why) => CallError::CannotSpawn(why.to_string()),
        ::atomvm::CallError::Raised(x) => CallError::Raised(Exception {
            class: match x.class {
                ::atomvm::ExceptionClass::Error => ExceptionClass::Error,
                ::atomvm::ExceptionClass::Exit => ExceptionClass::Exit,
                ::atomvm::ExceptionClass::Throw => ExceptionClass::Throw,
            },
            reason: x.reason,
            stacktrace: x.stacktrace,
            printed: x.printed,
        }),
        ::atomvm::CallError::Exited(reason) => CallError::Exited(reason),
        ::atomvm::CallError::Unfinished { pid, .. } => CallError::Unfinished(pid.to_etf()),
        ::atomvm::CallError::Halted { status } => CallError::Halted(status),
    }
}

fn busy() -> CallError {
    CallError::BadArgument("the VM is busy (called from a host function)".to_string())
}

fn target(t: &[u8]) -> Result<Target, CallError> {
    Target::from_etf(t)
        .ok_or_else(|| CallError::BadArgument("the target must be a pid or an atom".into()))
}

impl VmResource {
    fn with<R>(&self, op: impl FnOnce(&mut Vm) -> Result<R, CallError>) -> Result<R, CallError> {
        let mut vm = self.0.try_borrow_mut().map_err(|_| busy())?;
        op(&mut vm)
    }
}

impl GuestVm for VmResource {
    fn new(options: WitOptions) -> Self {
        let options = Options {
            gc_stress: options.gc_stress,
            max_heap_words: usize::try_from(options.max_heap_words).unwrap_or(usize::MAX),
            ..Options::default()
        };
        let mut vm = Vm::new(options, Box::new(StdPlatform::new("wasi")));
        vm.set_host(Box::new(ImportedHost));
        VmResource(RefCell::new(vm))
    }

    fn load(&self, name: String, bytes: Vec<u8>) -> Result<(), String> {
        let mut vm = self.0.try_borrow_mut().map_err(|_| busy_text())?;
        vm.load_file(&name, bytes).map_err(|e| e.to_string())
    }

    fn spawn(&self, module: String, function: String, args: Term) -> Result<Term, CallError> {
        self.with(|vm| {
            vm.spawn(&module, &function, &args)
                .map(Pid::to_etf)
                .map_err(call_error)
        })
    }

    fn apply(
        &self,
        module: String,
        function: String,
        args: Term,
        b: WitBudget,
    ) -> Result<Term, CallError> {
        self.with(|vm| {
            vm.apply(&module, &function, &args, budget(b))
                .map_err(call_error)
        })
    }

    fn await_result(&self, pid: Term, b: WitBudget) -> Result<Term, CallError> {
        let pid = Pid::from_etf(&pid).ok_or_else(|| CallError::BadArgument("not a pid".into()))?;
        self.with(|vm| vm.await_result(pid, budget(b)).map_err(call_error))
    }

    fn call(&self, to: Term, request: Term, b: WitBudget) -> Result<Term, CallError> {
        let to = target(&to)?;
        self.with(|vm| vm.call(&to, &request, budget(b)).map_err(call_error))
    }

    fn send(&self, to: Term, message: Term) -> Result<(), CallError> {
        let to = target(&to)?;
        self.with(|vm| vm.send(&to, &message).map_err(call_error))
    }

    fn exit(&self, to: Term, reason: Term) -> Result<(), CallError> {
        let to = target(&to)?;
        self.with(|vm| vm.exit(&to, &reason).map_err(call_error))
    }

    fn whereis(&self, name: String) -> Option<Term> {
        let vm = self.0.try_borrow().ok()?;
        vm.whereis(&name).map(Pid::to_etf)
    }

    fn monitor(&self, pid: Term) {
        if let (Some(pid), Ok(mut vm)) = (Pid::from_etf(&pid), self.0.try_borrow_mut()) {
            vm.monitor(pid);
        }
    }

    fn run(&self, b: WitBudget) -> WitRunStatus {
        let Ok(mut vm) = self.0.try_borrow_mut() else {
            return WitRunStatus::Yielded;
        };
        match vm.run(budget(b)) {
            RunStatus::Idle { next_timer } => WitRunStatus::Idle(
                next_timer.map(|t| u64::try_from(t.as_millis()).unwrap_or(u64::MAX)),
            ),
            RunStatus::Yielded => WitRunStatus::Yielded,
            RunStatus::Halted { status } => WitRunStatus::Halted(status),
        }
    }

    fn stats(&self) -> WitStats {
        let s = self.0.try_borrow().map(|vm| vm.stats()).ok();
        let n = |v: usize| v as u64;
        WitStats {
            processes: s.map_or(0, |s| n(s.processes)),
            runnable: s.map_or(0, |s| n(s.runnable)),
            process_memory: s.map_or(0, |s| n(s.process_memory)),
            total_memory: s.and_then(|s| s.total_memory).map(n),
            atoms: s.map_or(0, |s| n(s.atoms)),
        }
    }
}

fn busy_text() -> String {
    "the VM is busy (called from a host function)".to_string()
}

export!(Component);
