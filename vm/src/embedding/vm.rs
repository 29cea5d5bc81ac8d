//! The VM and its options: create a VM, give it bundles and modules, run the start function.
//! Driving it from a host (apply, send, run for a budget, host functions) is in the sibling
//! files: `calls.rs`, `messages.rs`, `running.rs`, `host.rs`, `stats.rs`, `etf.rs`.
//!
//! ```no_run
//! # use atomvm::{Options, StdPlatform, Vm};
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! let mut vm = Vm::new(Options::default(), Box::new(StdPlatform::new("generic_unix")));
//! vm.load_file("app.avm", std::fs::read("app.avm")?)?;
//! let outcome = vm.run_start()?;
//! println!("Return value: {}", outcome.printed);
//! # Ok(())
//! # }
//! ```
//!
//! Modules inside `.avm` bundles are loaded on first use; `.beam` files given directly are loaded
//! at once, so a broken one is reported before anything runs.

use crate::code::avm;
use crate::code::code_server;
use crate::platform::{self, Platform};
use crate::processes::process::Process;
use crate::scheduling::scheduler::{self, Ending};
use crate::terms::atom;
use crate::terms::term::{Atom, Term};
use std::fmt;

#[derive(Clone, Debug)]
pub struct Options {
    /// Collect at every heap reservation (GC stress mode).
    pub gc_stress: bool,
    /// Scheduler threads of `run_start` (1 on targets without threads, whatever is asked).
    /// Host-driven runs (`Vm::run`, `Vm::apply`, ...) always run one scheduler, on the calling
    /// thread.
    pub schedulers: usize,
    /// Largest heap (in words) of a process the host spawns, as the `max_heap_size` spawn
    /// option: past it the process is killed. 0: no limit.
    pub max_heap_words: usize,
    /// The VM-wide memory limit in bytes (needs [`crate::CountingAllocator`] as the global
    /// allocator): a process whose heap cannot grow within it is killed, and the VM goes on.
    /// `None`: the target's default (3 GiB on wasm32, 768 MiB on wasm32-wasip1-threads, none
    /// natively); `Some(0)`: no limit.
    pub max_memory: Option<usize>,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            gc_stress: false,
            schedulers: 1,
            max_heap_words: 0,
            max_memory: None,
        }
    }
}

pub struct Vm {
    pub options: Options,
    /// The start module: the first bundle's start-flagged module, else the first `.beam`
    /// exporting start/0.
    start: Option<Atom>,
    /// Whether the start module came from a bundle (a bundle's choice beats a `.beam`'s).
    start_from_bundle: bool,
    /// Data sections of the loaded bundles (name, bytes), for `atomvm:read_priv/2`.
    pub data_sections: Vec<(String, &'static [u8])>,
    /// The host functions given by `set_host`.
    pub(crate) host: Option<crate::embedding::host::SharedHost>,
    /// The io server, the group leader of the processes the host spawns (started on first use).
    pub(crate) io_server: Option<Term>,
}

/// What the start function returned.
pub struct Outcome {
    /// The returned term printed like OTP's `~p`.
    pub printed: String,
    /// True when the value was `ok` or `0` (the process exit code is 0 then).
    pub success: bool,
    /// Set when the program called `erlang:halt/1` (nothing was returned): its status.
    pub halted: Option<i32>,
}

#[derive(Debug)]
pub enum VmError {
    /// A file could not be used: its name and why.
    BadFile { file: String, reason: String },
    /// No start module could be found in the loaded files.
    NoStartModule,
    /// Anything else, already worded for the user (a crashed start process, a missing start/0).
    Other(String),
}

impl fmt::Display for VmError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            VmError::BadFile { file, reason } => write!(f, "{}: {}", file, reason),
            VmError::NoStartModule => write!(
                f,
                "no start module: give an .avm with a start-flagged module or a .beam exporting start/0"
            ),
            VmError::Other(s) => f.write_str(s),
        }
    }
}

impl std::error::Error for VmError {}

impl Vm {
    /// A VM running on `platform` (installed for the whole host process: one VM per process).
    pub fn new(options: Options, platform: Box<dyn Platform>) -> Vm {
        platform::install(platform);
        crate::natives::install();
        if let Some(bytes) = options.max_memory {
            platform::memory::set_limit(bytes);
        }
        Vm {
            options,
            start: None,
            start_from_bundle: false,
            data_sections: Vec::new(),
            host: None,
            io_server: None,
        }
    }

    /// Add a `.avm` bundle or a `.beam` file (told apart by content).
    pub fn load_file(&mut self, name: &str, bytes: Vec<u8>) -> Result<(), VmError> {
        // Loaded code and literals refer to these bytes for the life of the VM.
        let bytes: &'static [u8] = Box::leak(bytes.into_boxed_slice());
        let bad = |reason: String| VmError::BadFile {
            file: name.to_string(),
            reason,
        };
        if avm::is_avm(bytes) {
            let sections = avm::sections(bytes).map_err(|e| bad(e.to_string()))?;
            for s in sections {
                if s.is_beam() {
                    let module_name = s.name.strip_suffix(".beam").unwrap_or(s.name);
                    let module = atom::intern(module_name.as_bytes()).map_err(|_| {
                        bad(format!("section {:?} has an invalid module name", s.name))
                    })?;
                    code_server::offer(module, format!("{}:{}", name, s.name), s.data);
                    if s.is_start() && !self.start_from_bundle {
                        self.start = Some(module);
                        self.start_from_bundle = true;
                    }
                } else {
                    code_server::offer_data(s.name, s.data);
                    self.data_sections.push((s.name.to_string(), s.data));
                }
            }
            Ok(())
        } else if bytes.starts_with(b"FOR1") || crate::code::beam_file::is_gzip(bytes) {
            let m = code_server::load_kept_image(name, bytes, None).map_err(VmError::Other)?;
            if self.start.is_none() && m.export_entry(atom::START, 0).is_some() {
                self.start = Some(m.name);
            }
            Ok(())
        } else {
            Err(bad("not a BEAM file or an AtomVM bundle (.avm)".to_string()))
        }
    }

    /// Look for modules that no loaded bundle has as `<Module>.beam` in `dir` too, when they
    /// are first called (AtomVM loads the siblings of the `.beam` file it was given this way).
    pub fn add_search_dir(&mut self, dir: std::path::PathBuf) {
        code_server::add_search_dir(dir);
    }

    /// Run the start module's `start/0` to completion.
    pub fn run_start(&mut self) -> Result<Outcome, VmError> {
        let start = self.start.ok_or(VmError::NoStartModule)?;
        let start_name = atom::name_str(start);
        let module = code_server::ensure_loaded(start)
            .ok_or_else(|| VmError::Other(format!("cannot load start module {}", start_name)))?;
        let entry = module.export_entry(atom::START, 0).ok_or_else(|| {
            VmError::Other(format!(
                "start module {} does not export start/0",
                start_name
            ))
        })?;

        let Some(id) = crate::processes::process_table::new_id() else {
            return Err(VmError::Other("no pid left for the start process".into()));
        };
        let mut proc = Process::new(id, 0);
        proc.heap.stress = self.options.gc_stress;
        proc.initial_call = (start, atom::START, 0);
        proc.pc = crate::terms::term::CodePtr {
            module: module.index,
            offset: entry,
        };
        proc.cp = Term::NON_VALUE;
        boot_through_init(&mut proc, start);
        if let Some(leader) = start_io_server(proc.heap.stress) {
            proc.group_leader = leader;
        }
        match scheduler::run(proc, self.options.schedulers) {
            Ending::Returned { printed, success } => Ok(Outcome {
                printed,
                success,
                halted: None,
            }),
            Ending::Crashed(report) => Err(VmError::Other(report)),
            Ending::Halted(status) => Ok(Outcome {
                printed: String::new(),
                success: status == 0,
                halted: Some(status),
            }),
            Ending::Deadlock => Err(VmError::Other(format!(
                "{}:start/0 never returned: every process is waiting and nothing can wake them",
                start_name
            ))),
        }
    }
}

/// When the loaded bundles hold a module `init` exporting `boot/1` (estdlib's), the start
/// process runs `init:boot([<<"-s">>, StartModule])` instead, as AtomVM boots: init then runs
/// `StartModule:start()`, and what it returns is the start process's result.
fn boot_through_init(proc: &mut Process, start: crate::terms::term::Atom) {
    let init = atom::intern_str("init");
    let boot = atom::intern_str("boot");
    let Some(module) = code_server::ensure_loaded(init) else {
        return;
    };
    if module.export_entry(boot, 1).is_none() {
        return;
    }
    use crate::terms::heap::{words, Alloc};
    let mut r = proc
        .heap
        .reserve(words::heap_binary(2) + words::list(2), &mut []);
    let flag = r.heap_binary(b"-s");
    let args = r.list_from(&[flag, Term::atom(start)], Term::NIL);
    proc.saved_x.clear();
    proc.saved_x.push(args);
    proc.pending_call = Some((init, boot, 1));
    proc.initial_call = (init, boot, 1);
}

/// When the loaded bundles hold the io server (`atomvm_io_server`, in estdlib), start it and
/// return its pid: it becomes the start process's group leader, serving OTP's io protocol on
/// stdin/stdout. Without it every process is its own group leader, as before.
pub(crate) fn start_io_server(gc_stress: bool) -> Option<Term> {
    let name = atom::intern_str("atomvm_io_server");
    let module = code_server::ensure_loaded(name)?;
    let init = atom::intern_str("init");
    module.export_entry(init, 0)?;
    let id = crate::processes::process_table::new_id()?;
    let mut server = Process::new(id, 0);
    server.heap.stress = gc_stress;
    server.pending_call = Some((name, init, 0));
    server.initial_call = (name, init, 0);
    server.pc = crate::terms::term::CodePtr {
        module: module.index,
        offset: 0,
    };
    server.cp = Term::NON_VALUE;
    Some(scheduler::start_process(server))
}
