//! `cargo xtask`: the project's one entry point for setting up, building, running, testing and
//! benchmarking. See README.md and docs/building.md.

mod artifacts;
mod bench;
mod differential;
mod dist;
mod elixir;
mod embedding;
mod expected;
mod libs;
mod otp;
mod otp_check;
mod otp_exports;
mod otp_suites;
mod proc;
mod reliability;
mod setup;
mod sockets;
mod ssl_peers;
mod tests;

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Duration;

const USAGE: &str = "\
usage: cargo xtask <command> [options]

commands:
  setup           install what is missing: Erlang/OTP (erlc, erl), the Rust wasm targets, wasmtime 46.0.3,
                  and OTP 27 / OTP 29 in Debian chroots under /var/tmp/atomvm-otp (needs root)
  build           setup, then build the VM (native + wasm32-wasip1, -wasip1-threads, -wasip2),
                  the Erlang test programs and the example bundles into build/
  run             build, then run build/examples/hello.avm under wasmtime (wasm32-wasip1)
  test            build, then run every test on every platform; ends with `N passed, N failed`
  bench           build, then time bench/*.erl natively, under wasmtime and on OTP
  check-expected  run tests/erlang/*.erl on OTP and compare with their `%% expect:` lines
  differential    build, then run tests/differential/*.txt expressions on OTP and on the VM
                  (native, and wasm32-wasip1 unless --native-only) and compare each result
  otp-check       build natively, then compile tests/erlang/*.erl with the chroots' OTP 27 and 29
                  (into /var/tmp/otp-check/otpNN) and run them on the native VM and on that OTP
  otp-exports     list what OTP 29 exports from erlang and from each module of libs/ that the
                  native VM lacks

options:
  --native-only   skip the wasm targets (and installing wasmtime)
  --filter SUB    test/bench/check-expected/otp-check: only programs whose name contains SUB
                  (test: also skips the Rust unit tests and the bad-input tests)
  --timeout SECS  per-run time limit (default 60)
  --jobs N        runs in parallel (default 2)
  --runs N        bench: each benchmark N times, interleaved; the fastest run counts";

/// The targets the VM is built and tested for.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Target {
    Native,
    Wasip1,
    Wasip1Threads,
    Wasip2,
}

impl Target {
    pub const WASM: [Target; 3] = [Target::Wasip1, Target::Wasip1Threads, Target::Wasip2];

    /// Name used for build/<name>/ and in reports.
    pub fn name(self) -> &'static str {
        match self {
            Target::Native => "native",
            Target::Wasip1 => "wasm32-wasip1",
            Target::Wasip1Threads => "wasm32-wasip1-threads",
            Target::Wasip2 => "wasm32-wasip2",
        }
    }

    /// Whether this target runs several scheduler threads.
    pub fn has_threads(self) -> bool {
        matches!(self, Target::Native | Target::Wasip1Threads)
    }

    /// Options wasmtime needs both to compile and to run this target's module.
    pub fn wasmtime_codegen_flags(self) -> &'static [&'static str] {
        match self {
            Target::Wasip1Threads => &["-W", "threads", "-W", "shared-memory"],
            _ => &[],
        }
    }

    /// Options wasmtime needs to run this target's module (WASI features), on top of the above.
    pub fn wasmtime_wasi_flags(self) -> &'static [&'static str] {
        match self {
            Target::Wasip1Threads => &["-S", "threads"],
            Target::Wasip2 => &["-S", "inherit-network", "-S", "allow-ip-name-lookup"],
            _ => &[],
        }
    }
}

pub struct Ctx {
    pub root: PathBuf,
    /// build/ in the source tree: the artifacts.
    pub build: PathBuf,
    /// Cargo's target directory (CARGO_TARGET_DIR or target/).
    pub target_dir: PathBuf,
    pub cargo: String,
    /// Found (or installed) by setup.
    pub wasmtime: Option<PathBuf>,
    pub native_only: bool,
    pub filter: Option<String>,
    pub timeout: Duration,
    pub jobs: usize,
    /// `bench --runs N`: each benchmark N times, interleaved across the platforms; the fastest
    /// run counts (on a shared machine the minimum is the least disturbed figure).
    pub runs: usize,
}

impl Ctx {
    /// The `.erl` files of `dir` whose name contains `--filter`'s text (all of them without it).
    pub fn filtered_sources(&self, dir: &Path) -> Vec<PathBuf> {
        artifacts::erl_sources(dir)
            .into_iter()
            .filter(|p| {
                self.filter
                    .as_ref()
                    .is_none_or(|f| artifacts::stem(p).contains(f.as_str()))
            })
            .collect()
    }

    pub fn targets(&self) -> Vec<Target> {
        let mut t = vec![Target::Native];
        if !self.native_only {
            t.extend(Target::WASM);
        }
        t
    }

    pub fn native_vm(&self) -> PathBuf {
        self.build.join("native").join("AtomVM")
    }

    pub fn wasm_module(&self, t: Target) -> PathBuf {
        self.build.join(t.name()).join("AtomVM.wasm")
    }

    pub fn wasm_precompiled(&self, t: Target) -> PathBuf {
        self.build.join(t.name()).join("AtomVM.cwasm")
    }

    pub fn packbeam(&self) -> PathBuf {
        self.target_dir.join("release").join("packbeam")
    }

    pub fn wasmtime(&self) -> PathBuf {
        self.wasmtime
            .clone()
            .unwrap_or_else(|| PathBuf::from("wasmtime"))
    }

    /// The command that runs the VM for `target` on `files`, all in directory `dir` (wasm
    /// guests see `dir` as their current directory through `--dir=.`).
    pub fn vm_command(
        &self,
        target: Target,
        dir: &Path,
        files: &[&str],
        gc_stress: bool,
    ) -> std::process::Command {
        let env: &[(&str, &str)] = if gc_stress {
            &[("ATOMVM_GC_STRESS", "1")]
        } else {
            &[]
        };
        self.vm_command_with(target, dir, files, env)
    }

    /// The VM on `target` running `files` in `dir`, with these environment variables set (the
    /// AtomVM ones the caller does not name are cleared natively, and never reach wasm).
    pub fn vm_command_with(
        &self,
        target: Target,
        dir: &Path,
        files: &[&str],
        env: &[(&str, &str)],
    ) -> std::process::Command {
        let mut cmd;
        if target == Target::Native {
            cmd = std::process::Command::new(self.native_vm());
            cmd.env_remove("ATOMVM_GC_STRESS")
                .env_remove("ATOMVM_SCHEDULERS")
                .env_remove("ATOMVM_NO_STDIN");
            cmd.envs(env.iter().copied());
        } else {
            cmd = std::process::Command::new(self.wasmtime());
            cmd.arg("run");
            cmd.args(target.wasmtime_codegen_flags());
            cmd.args(target.wasmtime_wasi_flags());
            cmd.arg("--dir=.");
            for (k, v) in env {
                cmd.arg("--env").arg(format!("{k}={v}"));
            }
            let pre = self.wasm_precompiled(target);
            if pre.exists() {
                cmd.arg("--allow-precompiled").arg(pre);
            } else {
                cmd.arg(self.wasm_module(target));
            }
        }
        cmd.args(files).current_dir(dir);
        cmd
    }
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut command = None;
    let mut native_only = false;
    let mut filter = None;
    let mut timeout = 60u64;
    let mut jobs = 2usize;
    let mut runs = 1usize;
    let mut i = 0;
    while i < args.len() {
        let a = args[i].as_str();
        let value = |i: usize| args.get(i + 1).cloned();
        match a {
            "--native-only" => native_only = true,
            "--filter" | "--timeout" | "--jobs" | "--runs" => {
                let Some(v) = value(i) else {
                    eprintln!("xtask: {} needs a value\n{}", a, USAGE);
                    return ExitCode::FAILURE;
                };
                match a {
                    "--filter" => filter = Some(v),
                    "--timeout" => match v.parse() {
                        Ok(n) => timeout = n,
                        Err(_) => return usage_error(&format!("bad --timeout {}", v)),
                    },
                    "--runs" => match v.parse() {
                        Ok(n) if n > 0 => runs = n,
                        _ => return usage_error(&format!("bad --runs {}", v)),
                    },
                    _ => match v.parse() {
                        Ok(n) if n > 0 => jobs = n,
                        _ => return usage_error(&format!("bad --jobs {}", v)),
                    },
                }
                i += 1;
            }
            "-h" | "--help" | "help" => {
                println!("{}", USAGE);
                return ExitCode::SUCCESS;
            }
            _ if command.is_none() && !a.starts_with('-') => command = Some(a.to_string()),
            _ => return usage_error(&format!("unexpected argument {}", a)),
        }
        i += 1;
    }
    let Some(command) = command else {
        return usage_error("no command");
    };

    // `cargo run` sets CARGO_MANIFEST_DIR at run time too; prefer it, because a binary reused
    // from a shared target directory may have been compiled in another clone.
    let manifest_dir = std::env::var_os("CARGO_MANIFEST_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")));
    let root = manifest_dir.join("../..");
    let root = root.canonicalize().unwrap_or(root);
    let target_dir = match std::env::var_os("CARGO_TARGET_DIR") {
        Some(d) if !d.is_empty() => {
            let d = PathBuf::from(d);
            if d.is_absolute() {
                d
            } else {
                std::env::current_dir().map(|c| c.join(&d)).unwrap_or(d)
            }
        }
        _ => root.join("target"),
    };
    let mut ctx = Ctx {
        build: root.join("build"),
        root,
        target_dir,
        cargo: std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_string()),
        wasmtime: None,
        native_only,
        filter,
        timeout: Duration::from_secs(timeout),
        jobs,
        runs,
    };

    let result = match command.as_str() {
        "setup" => setup::setup(&mut ctx).map(|_| true),
        "build" => artifacts::build(&mut ctx).map(|r| {
            r.print_warnings();
            true
        }),
        "run" => artifacts::run_example(&mut ctx),
        "test" => tests::test(&mut ctx),
        "bench" => bench::bench(&mut ctx),
        "check-expected" => expected::check_expected(&mut ctx),
        "differential" => differential::differential(&mut ctx),
        "otp-check" => otp_check::otp_check(&mut ctx),
        "otp-exports" => otp_exports::otp_exports(&mut ctx),
        other => return usage_error(&format!("unknown command {}", other)),
    };
    match result {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::FAILURE,
        Err(e) => {
            eprintln!("xtask {}: {}", command, e);
            ExitCode::FAILURE
        }
    }
}

fn usage_error(msg: &str) -> ExitCode {
    eprintln!("xtask: {}\n\n{}", msg, USAGE);
    ExitCode::FAILURE
}
