//! The `AtomVM` command line, shared by every platform binary.
//!
//! `AtomVM <file.avm|file.beam>...` loads each file in order, runs the start module's
//! `start/0` and prints `Return value: <term>`. A module no bundle has is looked for as
//! `<Module>.beam` next to the `.beam` files given, when first called. Exit status: 0 when the value is `ok` or `0`,
//! 1 otherwise and on any error (usage, unreadable file, load or run error). Errors go to
//! stderr prefixed with `AtomVM: `. `ATOMVM_GC_STRESS=1` collects at every heap reservation;
//! `ATOMVM_SCHEDULERS=N` sets the number of scheduler threads (default: the available
//! parallelism where the target has threads, else 1). `ATOMVM_NO_STDIN=1` runs without standard
//! input, as a host that provides none (see `atomvm::close_stdin`). `ATOMVM_MAX_MEMORY=N[K|M|G]`
//! sets the VM-wide memory limit (0: none; default: none natively, most of a wasm32 memory): a
//! process whose heap cannot grow within it is killed with an error report, the VM goes on.

use atomvm::{Options, Outcome, StdPlatform, Vm};
use std::process::ExitCode;

/// Count allocated bytes, so that `erlang:memory/0,1` reports what the VM really holds.
#[global_allocator]
static ALLOCATOR: atomvm::CountingAllocator = atomvm::CountingAllocator;

/// Run the command line with this process's arguments and environment.
/// `platform` is `atomvm:platform()` (`generic_unix`, `wasi`).
pub fn main(platform: &str) -> ExitCode {
    ExitCode::from(status(platform))
}

/// Run the command line as `main` does, and give its exit status as a number (the wasip2 binary
/// needs it: see platforms/wasi).
pub fn status(platform: &str) -> u8 {
    // Arguments are paths: any bytes, not necessarily UTF-8 (`args()` would panic on those).
    let args: Vec<std::ffi::OsString> = std::env::args_os().skip(1).collect();
    if args.is_empty() {
        eprintln!("usage: AtomVM <file.avm|file.beam>...");
        return 1;
    }
    let gc_stress = std::env::var("ATOMVM_GC_STRESS")
        .map(|v| v == "1")
        .unwrap_or(false);
    let options = Options {
        gc_stress,
        schedulers: schedulers(),
        max_memory: max_memory(),
        ..Options::default()
    };
    match run(&args, options, platform) {
        Ok(Outcome {
            halted: Some(status),
            ..
        }) => status.clamp(0, 255) as u8,
        Ok(outcome) => {
            println!("Return value: {}", outcome.printed);
            if outcome.success {
                0
            } else {
                1
            }
        }
        Err(message) => {
            eprintln!("AtomVM: {}", message);
            1
        }
    }
}

/// Scheduler threads: `ATOMVM_SCHEDULERS`, else the available parallelism; 1 on targets
/// without threads (wasm32-wasip1, wasm32-wasip2).
fn schedulers() -> usize {
    if !atomvm::THREADS {
        return 1;
    }
    // OTP's limit is 1024; a wasm32 instance has one shared memory for every thread's stack, and
    // past a few dozen threads wasmtime's 1 GiB maximum runs out (a trap), so 64 there.
    let max = if cfg!(target_arch = "wasm32") {
        64
    } else {
        1024
    };
    if let Ok(v) = std::env::var("ATOMVM_SCHEDULERS") {
        match v.trim().parse::<usize>() {
            Ok(n) if (1..=max).contains(&n) => return n,
            Ok(n) => {
                let n = n.clamp(1, max);
                eprintln!("AtomVM: ATOMVM_SCHEDULERS={v} is outside 1..{max}: using {n}");
                return n;
            }
            Err(_) => eprintln!("AtomVM: ATOMVM_SCHEDULERS={v:?} is not a number: ignored"),
        }
    }
    std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1)
}

/// `ATOMVM_MAX_MEMORY`: bytes, with an optional K, M or G suffix (powers of 1024); garbage is
/// ignored with a message.
fn max_memory() -> Option<usize> {
    let v = std::env::var("ATOMVM_MAX_MEMORY").ok()?;
    let t = v.trim();
    let (digits, shift) = match t.char_indices().last() {
        Some((i, 'K' | 'k')) => (&t[..i], 10),
        Some((i, 'M' | 'm')) => (&t[..i], 20),
        Some((i, 'G' | 'g')) => (&t[..i], 30),
        _ => (t, 0),
    };
    let bytes = digits
        .parse::<usize>()
        .ok()
        .and_then(|n| n.checked_mul(1usize << shift));
    if bytes.is_none() {
        eprintln!("AtomVM: ATOMVM_MAX_MEMORY={v:?} is not a size (bytes, or a number with K, M or G): ignored");
    }
    bytes
}

fn run(args: &[std::ffi::OsString], options: Options, platform: &str) -> Result<Outcome, String> {
    if std::env::var("ATOMVM_NO_STDIN").is_ok_and(|v| v == "1") {
        atomvm::close_stdin();
    }
    let mut vm = Vm::new(options, Box::new(StdPlatform::new(platform)));
    for path in args {
        let name = path.to_string_lossy();
        let bytes = std::fs::read(path).map_err(|e| format!("cannot read {}: {}", name, e))?;
        vm.load_file(&name, bytes).map_err(|e| e.to_string())?;
        // Modules next to a .beam file are found there when first called, as in AtomVM.
        if std::path::Path::new(path)
            .extension()
            .is_some_and(|e| e == "beam")
        {
            let dir = std::path::Path::new(path).parent().map(|d| d.to_path_buf());
            let dir = match dir {
                Some(d) if !d.as_os_str().is_empty() => d,
                _ => std::path::PathBuf::from("."),
            };
            vm.add_search_dir(dir);
        }
    }
    vm.run_start().map_err(|e| e.to_string())
}
