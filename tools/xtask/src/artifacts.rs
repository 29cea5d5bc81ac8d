//! `cargo xtask build` and `cargo xtask run`: the VM binaries, the compiled Erlang programs and
//! the example bundles, all under build/.

use crate::proc::{run, run_shown, show};
use crate::{setup, Ctx, Target};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant, SystemTime};

/// What `build` could not make but did not stop for (so tests can report them one by one).
#[derive(Default)]
pub struct BuildReport {
    /// Erlang test programs that did not compile: file stem and erlc's message.
    pub test_compile_failures: Vec<(String, String)>,
    /// Examples that did not compile or pack.
    pub example_failures: Vec<String>,
    /// Library modules (libs/) and library test suites (tests/libs/) that did not compile.
    pub lib_failures: Vec<String>,
}

impl BuildReport {
    pub fn print_warnings(&self) {
        for (name, msg) in &self.test_compile_failures {
            println!(
                "build: warning: tests/erlang/{}.erl does not compile: {}",
                name,
                crate::proc::one_line(msg, 400)
            );
        }
        for m in self.example_failures.iter().chain(&self.lib_failures) {
            println!("build: warning: {}", m);
        }
    }
}

pub fn build(ctx: &mut Ctx) -> Result<BuildReport, String> {
    setup::setup(ctx)?;
    let t0 = Instant::now();
    std::fs::create_dir_all(&ctx.build)
        .map_err(|e| format!("cannot create {}: {}", ctx.build.display(), e))?;

    let step = Instant::now();
    cargo(
        ctx,
        &[
            "build",
            "--release",
            "-p",
            "atomvm-generic-unix",
            "-p",
            "packbeam",
        ],
    )?;
    copy_artifact(&ctx.target_dir.join("release/AtomVM"), &ctx.native_vm())?;
    println!(
        "build: native VM and packbeam ({:.1} s)",
        step.elapsed().as_secs_f64()
    );

    if !ctx.native_only {
        let step = Instant::now();
        let mut args = vec!["build", "--release", "-p", "atomvm-wasi"];
        for t in Target::WASM {
            args.extend(["--target", t.name()]);
        }
        cargo(ctx, &args)?;
        for t in Target::WASM {
            copy_artifact(
                &ctx.target_dir.join(t.name()).join("release/AtomVM.wasm"),
                &ctx.wasm_module(t),
            )?;
        }
        println!("build: wasm VMs ({:.1} s)", step.elapsed().as_secs_f64());
        let step = Instant::now();
        for t in Target::WASM {
            precompile(ctx, t)?;
        }
        println!(
            "build: wasmtime precompilation ({:.1} s)",
            step.elapsed().as_secs_f64()
        );
    }

    let step = Instant::now();
    let mut report = BuildReport::default();
    // Programs in syntax newer than the host's compiler (`%% not_compiled_by: otp25`) are left
    // to the newer compilers' phases.
    let host = crate::otp::host_release();
    let tests: Vec<PathBuf> = erl_sources(&ctx.root.join("tests/erlang"))
        .into_iter()
        .filter(|p| {
            let src = std::fs::read_to_string(p).unwrap_or_default();
            !crate::otp::not_compiled_by(&src).contains(&host)
        })
        .collect();
    report.test_compile_failures = compile_erl(&tests, &ctx.build.join("tests/erlang"))?;
    println!(
        "build: {} Erlang test programs compiled into build/tests/erlang ({:.1} s)",
        tests.len() - report.test_compile_failures.len(),
        step.elapsed().as_secs_f64()
    );

    let step = Instant::now();
    // An example is `examples/NAME.erl`, or a directory `examples/NAME/` whose modules are
    // bundled together, `NAME` first (the start module).
    let mut examples: Vec<(String, Vec<PathBuf>)> = erl_sources(&ctx.root.join("examples"))
        .into_iter()
        .map(|p| (stem(&p), vec![p]))
        .collect();
    if let Ok(dir) = std::fs::read_dir(ctx.root.join("examples")) {
        let mut dirs: Vec<PathBuf> = dir
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.is_dir())
            .collect();
        dirs.sort();
        for d in dirs {
            let name = stem(&d);
            let mut srcs = erl_sources(&d);
            srcs.sort_by_key(|p| stem(p) != name);
            if !srcs.is_empty() {
                examples.push((name, srcs));
            }
        }
    }
    let out = ctx.build.join("examples");
    let all: Vec<PathBuf> = examples.iter().flat_map(|e| e.1.iter().cloned()).collect();
    for (name, msg) in compile_erl(&all, &out)? {
        report.example_failures.push(format!(
            "examples/{}.erl does not compile: {}",
            name,
            crate::proc::one_line(&msg, 400)
        ));
    }
    for (name, srcs) in &examples {
        let beams: Vec<PathBuf> = srcs
            .iter()
            .map(|s| out.join(format!("{}.beam", stem(s))))
            .collect();
        let avm = out.join(format!("{}.avm", name));
        let mut inputs: Vec<&Path> = beams.iter().map(|b| b.as_path()).collect();
        let packbeam = ctx.packbeam();
        inputs.push(&packbeam);
        if beams.iter().any(|b| !b.exists()) || is_fresh(&avm, &inputs) {
            continue;
        }
        let mut cmd = Command::new(ctx.packbeam());
        cmd.arg("create").arg(&avm).args(&beams);
        match run(&mut cmd, Duration::from_secs(60)) {
            Ok(o) if o.success() && avm.exists() => {}
            Ok(o) => {
                let _ = std::fs::remove_file(&avm);
                report.example_failures.push(format!(
                    "`{}` did not make {} ({}): {}",
                    show(&cmd),
                    avm.display(),
                    o.status_text(),
                    crate::proc::one_line(&(o.stderr + &o.stdout), 300)
                ));
            }
            Err(e) => report.example_failures.push(e),
        }
    }
    println!(
        "build: {} examples packed into build/examples ({:.1} s)",
        examples.len(),
        step.elapsed().as_secs_f64()
    );
    let step = Instant::now();
    report.lib_failures = crate::libs::build_libs(ctx)?;
    if report.lib_failures.is_empty() {
        report.lib_failures = crate::libs::build_suite(ctx)?;
    }
    if report.lib_failures.is_empty() {
        report.lib_failures = crate::sockets::build_suite(ctx)?;
    }
    println!(
        "build: libraries {} packed into build/libs (atomvmlib.avm: {} bytes), suite into build/tests/libs ({:.1} s)",
        crate::libs::LIBS.join(", "),
        std::fs::metadata(crate::libs::atomvmlib(ctx)).map(|m| m.len()).unwrap_or(0),
        step.elapsed().as_secs_f64()
    );
    println!("build: done in {:.1} s", t0.elapsed().as_secs_f64());
    Ok(report)
}

/// `cargo xtask run`: build, then run the examples under wasmtime (wasip1): `hello.avm` on the
/// bare VM, then `hello_io.avm` with the libraries (it prints through `io`), then the Elixir
/// example (examples/elixir) with the parts of Elixir's standard library it uses.
pub fn run_example(ctx: &mut Ctx) -> Result<bool, String> {
    let report = build(ctx)?;
    report.print_warnings();
    let target = if ctx.native_only {
        Target::Native
    } else {
        Target::Wasip1
    };
    let runs: [&[&str]; 2] = [
        &["examples/hello.avm"],
        &["examples/hello_io.avm", "libs/atomvmlib.avm"],
    ];
    let mut ok = true;
    for files in runs {
        if let Some(missing) = files.iter().find(|f| !ctx.build.join(f).exists()) {
            return Err(format!(
                "build/{} was not made (see the warnings above)",
                missing
            ));
        }
        let mut cmd = ctx.vm_command(target, &ctx.build, files, false);
        println!("run: {} on {} (in build/)", files.join(" "), target.name());
        println!("$ {}", show(&cmd));
        let status = cmd
            .status()
            .map_err(|e| format!("cannot start {}: {}", show(&cmd), e))?;
        println!("run: {}", status);
        ok &= status.success();
    }
    // The Elixir example, when an Elixir toolchain is there to compile it.
    match crate::elixir::build_example(ctx) {
        Ok(_) => {
            let files = ["examples/elixir.avm", "libs/atomvmlib.avm"];
            let mut cmd = ctx.vm_command(target, &ctx.build, &files, false);
            println!("run: {} on {} (in build/)", files.join(" "), target.name());
            println!("$ {}", show(&cmd));
            let status = cmd
                .status()
                .map_err(|e| format!("cannot start {}: {}", show(&cmd), e))?;
            println!("run: {}", status);
            ok &= status.success();
        }
        Err(e) => println!("run: the Elixir example is left out: {e}"),
    }
    Ok(ok)
}

fn cargo(ctx: &Ctx, args: &[&str]) -> Result<(), String> {
    let mut cmd = Command::new(&ctx.cargo);
    cmd.args(args).current_dir(&ctx.root);
    run_shown(&mut cmd)
}

fn copy_artifact(from: &Path, to: &Path) -> Result<(), String> {
    if let Some(d) = to.parent() {
        std::fs::create_dir_all(d).map_err(|e| format!("cannot create {}: {}", d.display(), e))?;
    }
    if std::fs::read(from).ok() == std::fs::read(to).ok() && to.exists() {
        return Ok(()); // unchanged: keep its time stamp so that what depends on it stays fresh
    }
    std::fs::copy(from, to)
        .map(|_| ())
        .map_err(|e| format!("cannot copy {} to {}: {}", from.display(), to.display(), e))
}

/// Compile each target's module once with wasmtime so that test runs skip the compilation.
fn precompile(ctx: &Ctx, t: Target) -> Result<(), String> {
    let wasm = ctx.wasm_module(t);
    let cwasm = ctx.wasm_precompiled(t);
    if is_fresh(&cwasm, &[&wasm]) && wasmtime_unchanged(ctx, &cwasm) {
        return Ok(());
    }
    let mut cmd = Command::new(ctx.wasmtime());
    cmd.arg("compile")
        .args(t.wasmtime_codegen_flags())
        .arg(&wasm)
        .arg("-o")
        .arg(&cwasm);
    let o = run(&mut cmd, Duration::from_secs(600))?;
    if !o.success() {
        let _ = std::fs::remove_file(&cwasm);
        return Err(format!(
            "`{}` failed ({}): {}",
            show(&cmd),
            o.status_text(),
            crate::proc::one_line(&o.stderr, 500)
        ));
    }
    std::fs::write(stamp_of(&cwasm), wasmtime_stamp(ctx)).map_err(|e| e.to_string())
}

/// Precompiled modules only load in the wasmtime that made them: remember which one that was.
fn stamp_of(cwasm: &Path) -> PathBuf {
    cwasm.with_extension("cwasm.wasmtime")
}

fn wasmtime_stamp(ctx: &Ctx) -> String {
    let exe = ctx.wasmtime();
    let mtime = std::fs::metadata(&exe).and_then(|m| m.modified()).ok();
    format!("{} {:?}", exe.display(), mtime)
}

fn wasmtime_unchanged(ctx: &Ctx, cwasm: &Path) -> bool {
    std::fs::read_to_string(stamp_of(cwasm))
        .map(|s| s == wasmtime_stamp(ctx))
        .unwrap_or(false)
}

pub fn stem(p: &Path) -> String {
    p.file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// The `.erl` files of a directory, sorted (none if it does not exist).
pub fn erl_sources(dir: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|d| {
            d.flatten()
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|x| x == "erl"))
                .collect()
        })
        .unwrap_or_default();
    v.sort();
    v
}

fn mtime(p: &Path) -> Option<SystemTime> {
    std::fs::metadata(p).and_then(|m| m.modified()).ok()
}

/// `out` exists and is at least as new as every input that exists.
pub fn is_fresh(out: &Path, inputs: &[&Path]) -> bool {
    let Some(t) = mtime(out) else { return false };
    inputs.iter().all(|i| mtime(i).is_none_or(|ti| ti <= t))
}

/// Compile the stale ones among `sources` into `out` (one erlc for all, then one by one if that
/// fails to find out which). Returns the ones that do not compile, with erlc's message.
pub fn compile_erl(sources: &[PathBuf], out: &Path) -> Result<Vec<(String, String)>, String> {
    compile_erl_with(sources, out, &[], &[])
}

/// `compile_erl` with more erlc arguments (`-I DIR`, ...) and more inputs every `.beam` depends
/// on (included files: a change recompiles them all).
pub fn compile_erl_with(
    sources: &[PathBuf],
    out: &Path,
    erlc_args: &[String],
    deps: &[PathBuf],
) -> Result<Vec<(String, String)>, String> {
    std::fs::create_dir_all(out).map_err(|e| format!("cannot create {}: {}", out.display(), e))?;
    let beam = |src: &PathBuf| out.join(format!("{}.beam", stem(src)));
    let stale: Vec<&PathBuf> = sources
        .iter()
        .filter(|s| {
            let mut inputs: Vec<&Path> = vec![s.as_path()];
            inputs.extend(deps.iter().map(|d| d.as_path()));
            !is_fresh(&beam(s), &inputs)
        })
        .collect();
    if stale.is_empty() {
        return Ok(Vec::new());
    }
    let erlc = |files: &[&PathBuf]| {
        let mut cmd = Command::new("erlc");
        cmd.arg("-o").arg(out).args(erlc_args).args(files);
        run(&mut cmd, Duration::from_secs(600))
    };
    if erlc(&stale)?.success() {
        return Ok(Vec::new());
    }
    let mut failures = Vec::new();
    for s in stale {
        let o = erlc(&[s])?;
        if !o.success() {
            let _ = std::fs::remove_file(beam(s));
            failures.push((stem(s), format!("{}{}", o.stdout, o.stderr)));
        }
    }
    Ok(failures)
}
