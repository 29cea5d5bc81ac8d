//! `cargo xtask test`: Rust unit tests, the Erlang test programs on every platform, a GC stress
//! pass, and bad-input tests. Ends with the line `N passed, N failed`.

use crate::artifacts::{build, stem};
use crate::proc::{one_line, parallel_map, run, run_tee, Output};
use crate::{Ctx, Target};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};

#[derive(Default)]
struct Tally {
    passed: AtomicUsize,
    failed: AtomicUsize,
    print: Mutex<()>,
}

impl Tally {
    fn record(&self, label: &str, result: Result<(), String>) {
        match result {
            Ok(()) => {
                self.passed.fetch_add(1, Ordering::Relaxed);
            }
            Err(why) => {
                self.failed.fetch_add(1, Ordering::Relaxed);
                let _guard = self.print.lock().unwrap_or_else(|e| e.into_inner());
                println!("FAIL {}: {}", label, why);
            }
        }
    }
    fn add(&self, passed: usize, failed: usize) {
        self.passed.fetch_add(passed, Ordering::Relaxed);
        self.failed.fetch_add(failed, Ordering::Relaxed);
    }
    fn counts(&self) -> (usize, usize) {
        (
            self.passed.load(Ordering::Relaxed),
            self.failed.load(Ordering::Relaxed),
        )
    }
}

/// Prints a phase's own counts when it ends.
struct Phase<'a> {
    name: String,
    tally: &'a Tally,
    start: Instant,
    before: (usize, usize),
}

impl<'a> Phase<'a> {
    fn new(tally: &'a Tally, name: impl Into<String>) -> Phase<'a> {
        let name = name.into();
        println!("\n== {}", name);
        Phase {
            name,
            tally,
            start: Instant::now(),
            before: tally.counts(),
        }
    }
}

impl Drop for Phase<'_> {
    fn drop(&mut self) {
        let (p, f) = self.tally.counts();
        println!(
            "== {}: {} passed, {} failed ({:.1} s)",
            self.name,
            p - self.before.0,
            f - self.before.1,
            self.start.elapsed().as_secs_f64()
        );
    }
}

#[derive(Clone)]
pub struct ErlTest {
    pub name: String,
    pub beam: PathBuf,
    /// The text after `%% expect:`.
    pub expect: Option<String>,
    /// The file has a line `%% gc_stress: skip ...`: too slow when collecting at every
    /// reservation (e.g. very deep stacks make each collection long).
    pub skip_gc_stress: bool,
    /// `%% smp_repeat: N`: run N more times with several schedulers on the targets with threads,
    /// to shake out races that a single run may miss.
    pub smp_repeat: usize,
    /// `%% not_compiled_by: otpNN ... (why)`: releases whose compiler cannot take this source.
    pub not_compiled_by: Vec<u32>,
    /// `%% expect_otpNN: <term>`: what the beam of release NN's compiler gives, where it differs
    /// (a local fun's hash depends on what its compiler made of it); that release's own `erl`
    /// gives the same.
    pub expect_by: Vec<(u32, String)>,
    /// `%% reference: otp25 (why)`: the result depends on something OTP leaves unspecified and
    /// changed after OTP 25 (map iteration order), so OTP 25's erl is its reference.
    pub reference_otp25: bool,
}

/// Scheduler threads for the SMP repeat phase: more than this machine's cores, so that
/// processes migrate and threads preempt each other.
const SMP_SCHEDULERS: &str = "4";

/// Extra runs of the library suite with SMP_SCHEDULERS threads on the targets with threads.
const SUITE_SMP_REPEAT: usize = 2;

pub fn expect_line(source: &str) -> Option<String> {
    source.lines().find_map(|l| {
        l.trim_start()
            .strip_prefix("%% expect:")
            .map(|e| e.trim().to_string())
    })
}

pub fn discover(ctx: &Ctx, beam_dir: &Path) -> Vec<ErlTest> {
    ctx.filtered_sources(&ctx.root.join("tests/erlang"))
        .into_iter()
        .map(|p| {
            let source = std::fs::read_to_string(&p).unwrap_or_default();
            ErlTest {
                name: stem(&p),
                beam: beam_dir.join(format!("{}.beam", stem(&p))),
                expect: expect_line(&source),
                skip_gc_stress: source
                    .lines()
                    .any(|l| l.trim_start().starts_with("%% gc_stress: skip")),
                smp_repeat: source
                    .lines()
                    .find_map(|l| l.trim_start().strip_prefix("%% smp_repeat:"))
                    .and_then(|n| n.trim().parse().ok())
                    .unwrap_or(0),
                expect_by: source
                    .lines()
                    .filter_map(|l| l.trim_start().strip_prefix("%% expect_otp"))
                    .filter_map(|rest| {
                        let (n, value) = rest.split_once(':')?;
                        Some((n.trim().parse().ok()?, value.trim().to_string()))
                    })
                    .collect(),
                reference_otp25: source
                    .lines()
                    .any(|l| l.trim_start().starts_with("%% reference: otp25")),
                not_compiled_by: crate::otp::not_compiled_by(&source),
            }
        })
        .collect()
}

pub fn test(ctx: &mut Ctx) -> Result<bool, String> {
    let started = Instant::now();
    let report = build(ctx)?;
    report.print_warnings();
    let tally = Tally::default();

    if ctx.filter.is_none() {
        rust_unit_tests(ctx, &tally);
        lint(ctx, &tally);
    }

    let beam_dir = ctx.build.join("tests/erlang");
    let host = crate::otp::host_release();
    // Programs the host's compiler cannot take run only in the newer compilers' phases.
    let (newer_only, all): (Vec<ErlTest>, Vec<ErlTest>) = discover(ctx, &beam_dir)
        .into_iter()
        .partition(|t| t.not_compiled_by.contains(&host));
    let mut runnable = Vec::new();
    {
        let _phase = Phase::new(
            &tally,
            "Erlang test programs: compiled, with an `%% expect:` line (only failures count)",
        );
        for t in all {
            let label = format!("tests/erlang/{}.erl", t.name);
            if let Some((_, msg)) = report
                .test_compile_failures
                .iter()
                .find(|(n, _)| *n == t.name)
            {
                tally.record(
                    &label,
                    Err(format!("does not compile: {}", one_line(msg, 400))),
                );
            } else if t.expect.is_none() {
                tally.record(&label, Err("no `%% expect: <value>` line".into()));
            } else if !t.beam.exists() {
                tally.record(&label, Err(format!("{} missing", t.beam.display())));
            } else {
                runnable.push(t);
            }
        }
    }

    for target in ctx.targets() {
        let _phase = Phase::new(&tally, format!("Erlang test programs on {}", target.name()));
        run_programs(ctx, &tally, target, &beam_dir, &runnable, false);
    }
    {
        let with_newer: Vec<ErlTest> = runnable.iter().chain(&newer_only).cloned().collect();
        for release in crate::otp::RELEASES {
            newer_compiler(ctx, &tally, release.otp, &with_newer);
        }
    }
    if ctx.filter.is_none() {
        for release in crate::otp::RELEASES {
            loader_corpus(ctx, &tally, release.otp);
        }
    }
    {
        let _phase = Phase::new(
            &tally,
            "Erlang test programs on native with ATOMVM_GC_STRESS=1",
        );
        let (skipped, stressed): (Vec<ErlTest>, Vec<ErlTest>) =
            runnable.into_iter().partition(|t| t.skip_gc_stress);
        if !skipped.is_empty() {
            let names: Vec<&str> = skipped.iter().map(|t| t.name.as_str()).collect();
            println!(
                "(not under GC stress, marked `%% gc_stress: skip`: {})",
                names.join(", ")
            );
        }
        run_programs(ctx, &tally, Target::Native, &beam_dir, &stressed, true);
        runnable = stressed.into_iter().chain(skipped).collect();
    }

    {
        let repeated: Vec<&ErlTest> = runnable.iter().filter(|t| t.smp_repeat > 0).collect();
        let targets: Vec<Target> = ctx
            .targets()
            .into_iter()
            .filter(|t| t.has_threads())
            .collect();
        if !repeated.is_empty() && !targets.is_empty() {
            let _phase = Phase::new(
                &tally,
                format!("SMP: `%% smp_repeat` programs with {SMP_SCHEDULERS} schedulers"),
            );
            for target in targets {
                smp_repeat(ctx, &tally, target, &repeated);
            }
        }
    }

    if crate::libs::suite_selected(ctx) {
        let _phase = Phase::new(
            &tally,
            "library suites (tests/libs with etest) on every platform, then on OTP",
        );
        libs_suite(ctx, &tally, &report);
    }
    let mut newer_bundles = Vec::new();
    if report.lib_failures.is_empty()
        && (crate::libs::suite_selected(ctx) || crate::sockets::suite_selected(ctx))
    {
        for release in crate::otp::RELEASES {
            if let Some(b) = newer_compiler_suites(ctx, &tally, release.otp) {
                newer_bundles.push((release.otp, b));
            }
        }
    }

    if crate::sockets::suite_selected(ctx) {
        let _phase = Phase::new(
            &tally,
            "socket suite (tests/sockets with etest) on native and wasm32-wasip2, then on OTP",
        );
        if !report.lib_failures.is_empty() {
            tally.record(
                "tests/sockets suite",
                Err("the libraries or suites did not build".into()),
            );
        } else {
            for (label, result) in crate::sockets::run_suite(ctx, &newer_bundles) {
                tally.record(&label, result);
            }
        }
    }

    if crate::dist::selected(ctx) {
        let _phase = Phase::new(
            &tally,
            "distribution suite (tests/dist) on native and wasm32-wasip2 with real OTP nodes",
        );
        for (label, result) in crate::dist::run_suite(ctx) {
            tally.record(&label, result);
        }
    }

    if crate::embedding::selected(ctx) {
        let _phase = Phase::new(
            &tally,
            "embedding: halt statuses, no stdin under Node, the Node hosts (reactors, component)",
        );
        let verdicts = crate::embedding::halt_status(ctx)
            .into_iter()
            .chain(crate::embedding::no_stdin_under_node(ctx))
            .chain(crate::embedding::run_node_host(ctx))
            .chain(crate::embedding::run_jco_host(ctx));
        for (label, result) in verdicts {
            tally.record(&label, result);
        }
    }

    if crate::elixir::selected(ctx) {
        let _phase = Phase::new(
            &tally,
            "Elixir programs (tests/elixir) on every platform vs real Elixir",
        );
        crate::elixir::run_suite(ctx)
            .into_iter()
            .for_each(|(l, r)| tally.record(&l, r));
    }

    if ctx.filter.is_none() {
        bad_inputs(ctx, &tally, &runnable);
    }

    if crate::reliability::selected(ctx) {
        let _phase = Phase::new(
            &tally,
            "reliability programs (tests/reliability: exhaustion, socket load) on every platform",
        );
        crate::reliability::run_suite(ctx)
            .into_iter()
            .for_each(|(l, r)| tally.record(&l, r));
    }

    {
        let _phase = Phase::new(
            &tally,
            "differential: tests/differential expressions, OTP vs VM",
        );
        let targets = crate::differential::differential_targets(ctx);
        match crate::differential::run_corpus(ctx, &targets) {
            Ok(verdicts) => verdicts.into_iter().for_each(|(l, r)| tally.record(&l, r)),
            Err(e) => tally.record("differential test", Err(e)),
        }
    }

    {
        let _phase = Phase::new(&tally, "expected values agree with OTP (erl)");
        match crate::expected::compare_with_otp(ctx) {
            Ok(results) => {
                for (name, r) in results {
                    tally.record(&format!("tests/erlang/{}.erl on OTP", name), r);
                }
            }
            Err(e) => tally.record("running the test programs on OTP", Err(e)),
        }
    }

    let (passed, failed) = tally.counts();
    println!("\ntest: {:.1} s in all", started.elapsed().as_secs_f64());
    println!("{} passed, {} failed", passed, failed);
    Ok(failed == 0)
}

fn rust_unit_tests(ctx: &Ctx, tally: &Tally) {
    let _phase = Phase::new(tally, "Rust unit tests (host crates)");
    let mut cmd = Command::new(&ctx.cargo);
    // The WASI binary is only meant for wasm targets; every other crate is tested on the host.
    cmd.args([
        "test",
        "--release",
        "--workspace",
        "--exclude",
        "atomvm-wasi",
    ])
    .current_dir(&ctx.root);
    // Test builds never share artifacts with the shipped release build (tests need panic=unwind),
    // so drop fat LTO and the single codegen unit for them: same opt-level, rebuilds 2x faster.
    for (var, value) in [
        ("CARGO_PROFILE_RELEASE_LTO", "false"),
        ("CARGO_PROFILE_RELEASE_CODEGEN_UNITS", "16"),
    ] {
        if std::env::var_os(var).is_none() {
            cmd.env(var, value);
        }
    }
    let (ok, output) = match run_tee(&mut cmd) {
        Ok(r) => r,
        Err(e) => {
            tally.record("cargo test", Err(e));
            return;
        }
    };
    // "test result: ok. 12 passed; 0 failed; 0 ignored; ..."
    let (mut passed, mut failed) = (0, 0);
    for l in output.lines() {
        if let Some(rest) = l.trim().strip_prefix("test result: ") {
            let num_before = |word: &str| -> usize {
                rest.split(';')
                    .find_map(|part| {
                        part.trim()
                            .trim_start_matches("ok.")
                            .trim_start_matches("FAILED.")
                            .trim()
                            .strip_suffix(word)
                    })
                    .and_then(|n| n.trim().parse().ok())
                    .unwrap_or(0)
            };
            passed += num_before(" passed");
            failed += num_before(" failed");
        }
    }
    tally.add(passed, 0);
    if failed > 0 {
        tally.add(0, failed);
        println!(
            "FAIL cargo test: {} Rust unit test(s) failed (output above)",
            failed
        );
    } else if !ok {
        tally.record(
            "cargo test",
            Err("failed without a failing test (build error? output above)".into()),
        );
    }
}

/// clippy on the VM crate for the host and for each platform module's wasm target: the crate
/// denies unsafe blocks without a `SAFETY:` reason, which only clippy checks.
fn lint(ctx: &Ctx, tally: &Tally) {
    let _phase = Phase::new(tally, "clippy on the VM crate (host, wasip1, wasip2)");
    let mut targets = vec![None];
    if !ctx.native_only {
        targets.extend([Some(Target::Wasip1.name()), Some(Target::Wasip2.name())]);
    }
    for target in targets {
        let mut cmd = Command::new(&ctx.cargo);
        cmd.args(["clippy", "-p", "atomvm"]).current_dir(&ctx.root);
        match target {
            // The unit tests are written for the host (64-bit words).
            None => {
                cmd.arg("--all-targets");
            }
            Some(t) => {
                cmd.args(["--target", t]);
            }
        }
        let label = format!("clippy {}", target.unwrap_or("host"));
        let result = match run(&mut cmd, Duration::from_secs(900)) {
            Ok(o) if o.code == Some(0) => Ok(()),
            Ok(o) => {
                let errors: Vec<&str> = o
                    .stderr
                    .lines()
                    .filter(|l| l.starts_with("error"))
                    .take(10)
                    .collect();
                Err(format!("clippy failed:\n{}", errors.join("\n")))
            }
            Err(e) => Err(e),
        };
        tally.record(&label, result);
    }
}

/// Where two lines differ, shortened around the first difference when they are long.
pub(crate) fn diff(want: &str, got: &str) -> String {
    let (w, g): (Vec<char>, Vec<char>) = (want.chars().collect(), got.chars().collect());
    if w.len() + g.len() <= 240 {
        return format!("want {:?}, got {:?}", want, got);
    }
    let at = w.iter().zip(&g).take_while(|(a, b)| a == b).count();
    let from = at.saturating_sub(40);
    let piece = |v: &[char]| -> String {
        let end = (from + 100).min(v.len());
        let s: String = v[from.min(v.len())..end].iter().collect();
        format!(
            "{}{:?}{}",
            if from > 0 { "…" } else { "" },
            s,
            if end < v.len() { "…" } else { "" }
        )
    };
    format!(
        "differ from char {}: want {}, got {}",
        at,
        piece(&w),
        piece(&g)
    )
}

/// wasmtime's notices that are not the VM's output.
pub fn vm_stderr(o: &Output) -> String {
    o.stderr
        .lines()
        .filter(|l| !l.contains("flag will be a hard error in Wasmtime") && !l.trim().is_empty())
        .collect::<Vec<_>>()
        .join("\n")
}

pub(crate) fn check_expected_run(o: &Output, expect: &str) -> Result<(), String> {
    let want_line = format!("Return value: {}", expect);
    let want_code = if expect == "ok" || expect == "0" {
        0
    } else {
        1
    };
    let got_line = o
        .stdout
        .lines()
        .rev()
        .find(|l| !l.trim().is_empty())
        .unwrap_or("");
    if !o.timed_out && got_line == want_line && o.code == Some(want_code) {
        return Ok(());
    }
    let mut why = if got_line == want_line {
        format!("printed {:?} as wanted", want_line)
    } else {
        diff(&want_line, got_line)
    };
    if o.timed_out || o.code != Some(want_code) {
        why.push_str(&format!(
            "; want exit {}, got {}",
            want_code,
            o.status_text()
        ));
    }
    let stderr = vm_stderr(o);
    if !stderr.is_empty() {
        why.push_str(&format!("; stderr: {}", one_line(&stderr, 300)));
    }
    Err(why)
}

fn run_programs(
    ctx: &Ctx,
    tally: &Tally,
    target: Target,
    dir: &Path,
    tests: &[ErlTest],
    gc_stress: bool,
) {
    let mut tag = String::new();
    if gc_stress {
        tag.push_str("+gc-stress");
    }
    if let Some(otp) = dir
        .file_name()
        .and_then(|n| n.to_str())
        .and_then(|n| n.strip_prefix("erlang-"))
    {
        tag.push_str(&format!(" {}", otp));
    }
    parallel_map(tests, ctx.jobs, |t| {
        let file = format!("{}.beam", t.name);
        let label = format!("[{}{}] {}", target.name(), tag, t.name);
        let result = run(
            &mut ctx.vm_command(target, dir, &[&file], gc_stress),
            ctx.timeout,
        )
        .and_then(|o| check_expected_run(&o, t.expect.as_deref().unwrap_or("")));
        tally.record(&label, result);
    });
}

/// The test programs compiled by OTP `otp`'s erlc (from its chroot, made by setup) into
/// build/tests/erlang-otpNN/, and run on every platform: the VM must give the same results for
/// the beams of every compiler. A program marked `%% not_compiled_by: otpNN` is left out.
fn newer_compiler(ctx: &Ctx, tally: &Tally, otp: u32, tests: &[ErlTest]) {
    let _phase = Phase::new(
        tally,
        format!(
            "Erlang test programs compiled by OTP {}, on every platform",
            otp
        ),
    );
    if !crate::otp::chroot_dir(otp).join("usr/bin/erlc").exists() {
        tally.record(
            &format!("OTP {} compiler", otp),
            Err(format!(
                "no OTP {} in {} (`cargo xtask setup` makes it)",
                otp,
                crate::otp::chroot_dir(otp).display()
            )),
        );
        return;
    }
    let dir = ctx.build.join(format!("tests/erlang-otp{}", otp));
    let (left_out, wanted): (Vec<&ErlTest>, Vec<&ErlTest>) =
        tests.iter().partition(|t| t.not_compiled_by.contains(&otp));
    if !left_out.is_empty() {
        let names: Vec<&str> = left_out.iter().map(|t| t.name.as_str()).collect();
        println!(
            "(marked `%% not_compiled_by: otp{}`: {})",
            otp,
            names.join(", ")
        );
    }
    let sources: Vec<PathBuf> = wanted
        .iter()
        .map(|t| ctx.root.join(format!("tests/erlang/{}.erl", t.name)))
        .collect();
    match crate::otp::compile_stale(otp, &sources, &[], &Default::default(), &dir) {
        Ok(failures) => {
            for (name, msg) in failures {
                println!("OTP {} erlc tests/erlang/{}.erl:\n{}", otp, name, msg);
            }
        }
        Err(e) => tally.record(&format!("OTP {} erlc", otp), Err(e)),
    }
    let beam = |t: &ErlTest| dir.join(format!("{}.beam", t.name));
    let mut compiled: Vec<ErlTest> = Vec::new();
    for t in wanted {
        if beam(t).exists() {
            let mut t = (*t).clone();
            if let Some((_, e)) = t.expect_by.iter().find(|(n, _)| *n == otp) {
                t.expect = Some(e.clone());
            }
            compiled.push(t);
        } else {
            tally.record(
                &format!("OTP {} erlc tests/erlang/{}.erl", otp, t.name),
                Err("does not compile (erlc's message above)".into()),
            );
        }
    }
    for target in ctx.targets() {
        run_programs(ctx, tally, target, &dir, &compiled, false);
    }
}

/// OTP `otp`'s own stdlib, kernel and compiler, every module given to the VM as a `.beam` (so
/// each is loaded at once: decoded, specialised, registered) on every platform, with a start
/// module that returns `ok` once all have loaded: the loader knows every instruction and operand
/// form that release's compiler writes into real code.
fn loader_corpus(ctx: &Ctx, tally: &Tally, otp: u32) {
    let _phase = Phase::new(
        tally,
        format!(
            "loader corpus: OTP {}'s stdlib, kernel and compiler load",
            otp
        ),
    );
    let label = format!("OTP {} corpus", otp);
    let lib = crate::otp::chroot_dir(otp).join("usr/lib/erlang/lib");
    let dir = ctx.build.join(format!("tests/otp{}-corpus", otp));
    let beams = match corpus_beams(&lib, &dir) {
        Ok(b) => b,
        Err(e) => return tally.record(&label, Err(e)),
    };
    if let Err(e) = corpus_start_module(&dir) {
        return tally.record(&label, Err(e));
    }
    println!("{} modules from {}", beams.len(), lib.display());
    let mut files: Vec<&str> = vec!["corpus_loaded.beam"];
    files.extend(beams.iter().map(String::as_str));
    for target in ctx.targets() {
        let result = run(
            &mut ctx.vm_command(target, &dir, &files, false),
            ctx.timeout,
        )
        .and_then(|o| check_expected_run(&o, "ok"));
        tally.record(&format!("[{}] {}", target.name(), label), result);
    }
}

/// Copy the `.beam` files of stdlib, kernel and compiler from `lib` into `dir`; their names.
fn corpus_beams(lib: &Path, dir: &Path) -> Result<Vec<String>, String> {
    let apps = std::fs::read_dir(lib)
        .map_err(|e| format!("{}: {} (`cargo xtask setup` makes it)", lib.display(), e))?;
    std::fs::create_dir_all(dir).map_err(|e| format!("{}: {}", dir.display(), e))?;
    let mut names = Vec::new();
    for app in apps.flatten() {
        let app_name = app.file_name().to_string_lossy().into_owned();
        let wanted = ["stdlib-", "kernel-", "compiler-"];
        if !wanted.iter().any(|w| app_name.starts_with(w)) {
            continue;
        }
        let ebin = app.path().join("ebin");
        let entries = std::fs::read_dir(&ebin).map_err(|e| format!("{}: {}", ebin.display(), e))?;
        for e in entries.flatten() {
            let name = e.file_name().to_string_lossy().into_owned();
            if !name.ends_with(".beam") {
                continue;
            }
            let dest = dir.join(&name);
            if !dest.exists() {
                std::fs::copy(e.path(), &dest)
                    .map_err(|err| format!("{}: {}", dest.display(), err))?;
            }
            names.push(name);
        }
    }
    names.sort();
    if names.len() < 100 {
        return Err(format!("only {} modules in {}", names.len(), lib.display()));
    }
    Ok(names)
}

/// `corpus_loaded:start() -> ok`, compiled by the host's erlc away from the corpus (whose
/// beams a newer OTP wrote, and which erlc would pick up from its working directory).
fn corpus_start_module(dir: &Path) -> Result<(), String> {
    if dir.join("corpus_loaded.beam").exists() {
        return Ok(());
    }
    let src_dir = std::env::temp_dir().join(format!("atomvm-corpus-{}", std::process::id()));
    std::fs::create_dir_all(&src_dir).map_err(|e| e.to_string())?;
    let src = src_dir.join("corpus_loaded.erl");
    std::fs::write(
        &src,
        "-module(corpus_loaded).\n-export([start/0]).\nstart() -> ok.\n",
    )
    .map_err(|e| e.to_string())?;
    let o = run(
        Command::new("erlc")
            .arg("-o")
            .arg(dir)
            .arg(&src)
            .current_dir(&src_dir),
        Duration::from_secs(120),
    )?;
    let _ = std::fs::remove_dir_all(&src_dir);
    if o.code == Some(0) {
        Ok(())
    } else {
        Err(format!(
            "erlc corpus_loaded.erl: {}",
            one_line(&o.stderr, 300)
        ))
    }
}

/// The suite bundle with atomvmlib.avm on every target, judged by `Return value: ok`; then the
/// same test modules on OTP with OTP's own libraries. (Not under GC stress: the suites keep
/// large live sets, which that mode makes quadratic; the test programs cover it.)
fn libs_suite(ctx: &Ctx, tally: &Tally, report: &crate::artifacts::BuildReport) {
    if !report.lib_failures.is_empty() {
        for f in &report.lib_failures {
            tally.record("libs", Err(f.clone()));
        }
        return;
    }
    let suite = crate::libs::suite_bundle(ctx);
    let lib = crate::libs::atomvmlib(ctx);
    let rel = |p: &Path| {
        p.strip_prefix(&ctx.build)
            .unwrap_or(p)
            .display()
            .to_string()
    };
    let (suite, lib) = (rel(&suite), rel(&lib));
    // Once per target, then SUITE_SMP_REPEAT more times with SMP_SCHEDULERS threads where there
    // are threads: tests run in processes of their own, so races between schedulers show here.
    let mut runs: Vec<(Target, Option<usize>)> =
        ctx.targets().into_iter().map(|t| (t, None)).collect();
    for t in ctx.targets().into_iter().filter(|t| t.has_threads()) {
        runs.extend((1..=SUITE_SMP_REPEAT).map(|i| (t, Some(i))));
    }
    run_libs_bundle(ctx, tally, &runs, &suite, &lib, "");
    tally.record(
        "tests/libs suite on OTP 29 (erl, OTP's own libraries)",
        crate::libs::suite_on_otp(ctx),
    );
    // test_stdin:start/0 reads lines that arrive late, cut inside a UTF-8 sequence, while
    // another process must keep running (so the wait is a select, not a blocked scheduler).
    let stdin_test = rel(&crate::libs::suite_ebin(ctx).join("test_stdin.beam"));
    parallel_map(&ctx.targets(), ctx.jobs, |&target| {
        let label = format!(
            "[{}] io:get_line waits for stdin without stopping the VM",
            target.name()
        );
        let input = vec![
            (Duration::from_millis(800), b"h\xc3".to_vec()),
            (Duration::from_millis(100), b"\xa9llo\nwor".to_vec()),
            (Duration::from_millis(100), b"ld\nabcde".to_vec()),
        ];
        // wasip1-threads cannot poll stdin (see can_poll_stdin): its read holds a scheduler,
        // so the others need a second one to keep running.
        let env: &[(&str, &str)] = if target == Target::Wasip1Threads {
            &[("ATOMVM_SCHEDULERS", "2")]
        } else {
            &[]
        };
        let cmd = &mut ctx.vm_command_with(target, &ctx.build, &[&stdin_test, &lib], env);
        let result = crate::proc::run_with_input(cmd, ctx.timeout, input)
            .and_then(|o| check_expected_run(&o, "ok"));
        tally.record(&label, result);
    });
}

/// The libs suite bundle `suite` with `lib` once per run of `runs` (a target, and a repeat
/// number for the runs with SMP_SCHEDULERS scheduler threads); `tag` names the build in labels.
fn run_libs_bundle(
    ctx: &Ctx,
    tally: &Tally,
    runs: &[(Target, Option<usize>)],
    suite: &str,
    lib: &str,
    tag: &str,
) {
    parallel_map(runs, ctx.jobs, |&(target, repeat)| {
        let (label, env): (String, &[(&str, &str)]) = match repeat {
            None => (format!("[{}] tests/libs suite{tag}", target.name()), &[]),
            Some(i) => (
                format!(
                    "[{} {SMP_SCHEDULERS} schedulers, run {i}] tests/libs suite{tag}",
                    target.name()
                ),
                &[("ATOMVM_SCHEDULERS", SMP_SCHEDULERS)],
            ),
        };
        let cmd = &mut ctx.vm_command_with(target, &ctx.build, &[suite, lib], env);
        let result = run(cmd, ctx.timeout).and_then(|o| {
            if target == Target::Native && repeat.is_none() && tag.is_empty() {
                let _guard = tally.print.lock().unwrap_or_else(|e| e.into_inner());
                for l in o.stdout.lines().filter(|l| l.starts_with("{etest,")) {
                    println!("{}", l);
                }
            }
            check_expected_run(&o, "ok")
        });
        tally.record(&label, result);
    });
}

/// The libraries and the libs suite compiled by OTP `otp` (see otp_suites.rs), run once on every
/// platform. Returns the bundles for the socket suite's run.
fn newer_compiler_suites(ctx: &Ctx, tally: &Tally, otp: u32) -> Option<crate::otp_suites::Bundles> {
    let _phase = Phase::new(
        tally,
        format!("library suites compiled by OTP {otp} (libraries included), on every platform"),
    );
    let bundles = match crate::otp_suites::build(ctx, otp) {
        Ok(b) => b,
        Err(e) => {
            tally.record(
                &format!("OTP {otp} build of the libraries and suites"),
                Err(e),
            );
            return None;
        }
    };
    let rel = |p: &Path| {
        p.strip_prefix(&ctx.build)
            .unwrap_or(p)
            .display()
            .to_string()
    };
    let runs: Vec<(Target, Option<usize>)> = ctx.targets().into_iter().map(|t| (t, None)).collect();
    run_libs_bundle(
        ctx,
        tally,
        &runs,
        &rel(&bundles.libs_suite),
        &rel(&bundles.atomvmlib),
        &format!(" compiled by OTP {otp}"),
    );
    Some(bundles)
}

/// Each program `smp_repeat` times on `target` with SMP_SCHEDULERS scheduler threads; one
/// verdict per program (the first failing run's, if any).
fn smp_repeat(ctx: &Ctx, tally: &Tally, target: Target, tests: &[&ErlTest]) {
    let dir = ctx.build.join("tests/erlang");
    let runs: Vec<(&ErlTest, usize)> = tests
        .iter()
        .flat_map(|t| (0..t.smp_repeat).map(move |i| (*t, i)))
        .collect();
    let failures = std::sync::Mutex::new(Vec::new());
    parallel_map(&runs, ctx.jobs, |(t, i)| {
        let file = format!("{}.beam", t.name);
        let mut cmd = ctx.vm_command_with(
            target,
            &dir,
            &[&file],
            &[("ATOMVM_SCHEDULERS", SMP_SCHEDULERS)],
        );
        if let Err(e) = run(&mut cmd, ctx.timeout)
            .and_then(|o| check_expected_run(&o, t.expect.as_deref().unwrap_or("")))
        {
            failures
                .lock()
                .unwrap()
                .push((t.name.clone(), format!("run {}: {}", i + 1, e)));
        }
    });
    let failures = failures.into_inner().unwrap();
    for t in tests {
        let label = format!("[{} ×{}] {}", target.name(), t.smp_repeat, t.name);
        match failures.iter().find(|(n, _)| *n == t.name) {
            Some((_, e)) => tally.record(&label, Err(e.clone())),
            None => tally.record(&label, Ok(())),
        }
    }
}

/// A corrupt input and whether the VM must reject it (exit 1 with a message). Inputs with
/// flipped bytes may still load (BEAM files carry no checksum): those must only not crash.
struct BadInput {
    file: String,
    must_reject: bool,
}

fn bad_inputs(ctx: &Ctx, tally: &Tally, tests: &[ErlTest]) {
    let _phase = Phase::new(
        tally,
        "bad inputs (corrupt .beam and .avm files, hostile command lines)",
    );
    let dir = ctx.build.join("tests/bad-input");
    let inputs = match make_bad_inputs(ctx, &dir, tests) {
        Ok(v) => v,
        Err(e) => {
            tally.record("bad inputs", Err(e));
            return;
        }
    };
    let mut targets = vec![Target::Native];
    if !ctx.native_only {
        targets.push(Target::Wasip1);
    }
    let jobs: Vec<(Target, &BadInput)> = targets
        .iter()
        .flat_map(|t| inputs.iter().map(move |i| (*t, i)))
        .collect();
    parallel_map(&jobs, ctx.jobs, |(target, input)| {
        let label = format!("[{}] bad input {}", target.name(), input.file);
        let timeout = ctx.timeout.min(Duration::from_secs(30));
        let result = run(
            &mut ctx.vm_command(*target, &dir, &[&input.file], false),
            timeout,
        )
        .and_then(|o| check_rejected(&o, input));
        tally.record(&label, result);
    });
    hostile_command_line(ctx, tally, tests);
}

/// The command line and environment as input: out-of-range or garbage `ATOMVM_SCHEDULERS`
/// values run with a clear message (capped, or ignored), and a file name that is not UTF-8 is
/// refused with one; never a panic or a trap.
fn hostile_command_line(ctx: &Ctx, tally: &Tally, tests: &[ErlTest]) {
    let Some(t) = tests.first() else { return };
    let beam = format!("{}.beam", t.name);
    let dir = ctx.build.join("tests/erlang");
    let targets: Vec<Target> = ctx
        .targets()
        .into_iter()
        .filter(|t| t.has_threads())
        .collect();
    for target in targets {
        for value in ["0", "100000", "abc"] {
            let env = [("ATOMVM_SCHEDULERS", value)];
            let mut cmd = ctx.vm_command_with(target, &dir, &[&beam], &env);
            let result = run(&mut cmd, ctx.timeout).and_then(|o| {
                let returned = o.stdout.contains("Return value: ");
                if returned && vm_stderr(&o).contains("ATOMVM_SCHEDULERS") {
                    Ok(())
                } else {
                    Err(format!(
                        "want a run and a word about ATOMVM_SCHEDULERS; got {}; stderr: {:?}",
                        o.status_text(),
                        one_line(&vm_stderr(&o), 300)
                    ))
                }
            });
            tally.record(
                &format!("[{}] ATOMVM_SCHEDULERS={value}", target.name()),
                result,
            );
        }
    }
    use std::os::unix::ffi::OsStrExt;
    let mut cmd = Command::new(ctx.native_vm());
    cmd.arg(std::ffi::OsStr::from_bytes(b"not-utf8-\xff.beam"))
        .current_dir(&dir);
    let input = BadInput {
        file: "not-utf8-\\xff.beam".to_string(),
        must_reject: true,
    };
    let result = run(&mut cmd, ctx.timeout).and_then(|o| check_rejected(&o, &input));
    tally.record("[native] a file name that is not UTF-8", result);
}

fn check_rejected(o: &Output, input: &BadInput) -> Result<(), String> {
    let all = format!("{}\n{}", o.stdout, o.stderr);
    let crashed = o.timed_out
        || o.signal.is_some()
        || matches!(o.code, Some(101) | Some(134))
        || all.contains("panicked")
        || all.contains("wasm trap")
        || all.contains("RUST_BACKTRACE");
    let stderr = vm_stderr(o);
    let said_why = !stderr.is_empty();
    let ok = if input.must_reject {
        !crashed && o.code == Some(1) && said_why
    } else {
        let returned = o.stdout.contains("Return value: ");
        !crashed && matches!(o.code, Some(0) | Some(1)) && (returned || said_why)
    };
    if ok {
        return Ok(());
    }
    let want = if input.must_reject {
        "exit 1 with a message on stderr"
    } else {
        "no crash (exit 0 or 1, reason given)"
    };
    Err(format!(
        "want {}; got {}; stdout: {:?}; stderr: {:?}",
        want,
        o.status_text(),
        one_line(&o.stdout, 200),
        one_line(&stderr, 300)
    ))
}

/// Write the corrupt inputs, made from a real compiled test program and a real bundle.
fn make_bad_inputs(ctx: &Ctx, dir: &Path, tests: &[ErlTest]) -> Result<Vec<BadInput>, String> {
    let _ = std::fs::remove_dir_all(dir);
    std::fs::create_dir_all(dir).map_err(|e| format!("cannot create {}: {}", dir.display(), e))?;
    let beam_path = tests
        .first()
        .map(|t| t.beam.clone())
        .unwrap_or_else(|| ctx.build.join("examples/hello.beam"));
    let avm_path = ctx.build.join("examples/hello.avm");
    let beam = std::fs::read(&beam_path)
        .map_err(|e| format!("no .beam to corrupt ({}: {})", beam_path.display(), e))?;
    let avm = std::fs::read(&avm_path)
        .map_err(|e| format!("no .avm to corrupt ({}: {})", avm_path.display(), e))?;
    if beam.len() < 64 || avm.len() < 64 {
        return Err(format!(
            "{} or {} is implausibly small",
            beam_path.display(),
            avm_path.display()
        ));
    }
    let mut out = Vec::new();
    let mut put = |file: String, bytes: &[u8], must_reject: bool| -> Result<(), String> {
        std::fs::write(dir.join(&file), bytes)
            .map_err(|e| format!("cannot write {}: {}", file, e))?;
        out.push(BadInput { file, must_reject });
        Ok(())
    };
    put("empty.avm".into(), &[], true)?;
    for (ext, bytes) in [("beam", &beam), ("avm", &avm)] {
        let n = bytes.len();
        // A .beam's IFF header gives its length, and each section of a bundle gives its own:
        // a cut anywhere inside the first module must be noticed.
        let cuts: Vec<usize> = if ext == "beam" {
            vec![4, 8, 12, 20, n / 4, n / 2, n - 1]
        } else {
            vec![8, 30, n / 4, n / 2]
        };
        for c in cuts {
            put(format!("truncated-{}.{}", c, ext), &bytes[..c], true)?;
        }
        let mut wrong = bytes.clone();
        wrong[1] ^= 0x20; // "FOR1" -> "FoR1"; "#!/usr/bin/env AtomVM" -> "#\x01..."
        put(format!("wrong-magic.{}", ext), &wrong, true)?;
        for p in [9, 13, 17, 21, n / 3, n / 2, 2 * n / 3, n - 2] {
            let mut flipped = bytes.clone();
            flipped[p] ^= 0xff;
            put(format!("flipped-{}.{}", p, ext), &flipped, false)?;
        }
    }
    out.push(BadInput {
        file: "missing.avm".into(),
        must_reject: true,
    });
    Ok(out)
}

#[cfg(test)]
mod unit {
    use super::*;

    fn output(code: i32, stdout: &str, stderr: &str) -> Output {
        Output {
            code: Some(code),
            signal: None,
            timed_out: false,
            stdout: stdout.into(),
            stderr: stderr.into(),
            elapsed: Duration::ZERO,
        }
    }

    #[test]
    fn expect_lines() {
        assert_eq!(
            expect_line("-module(a).\n%% expect: {a, \"b\"}  \n"),
            Some("{a, \"b\"}".into())
        );
        assert_eq!(expect_line("-module(a).\n"), None);
    }

    #[test]
    fn runs_are_judged_by_the_last_line_and_the_exit_status() {
        assert!(check_expected_run(&output(0, "hi\nReturn value: ok\n", ""), "ok").is_ok());
        assert!(check_expected_run(&output(1, "Return value: {a,b}\n", ""), "{a,b}").is_ok());
        assert!(check_expected_run(&output(0, "Return value: {a,b}\n", ""), "{a,b}").is_err());
        assert!(check_expected_run(&output(1, "Return value: {a,c}\n", ""), "{a,b}").is_err());
        let long = format!("{{{}}}", "1,".repeat(200));
        let e = check_expected_run(&output(1, &long.replace("1,1,1,", "1,2,1,"), ""), &long)
            .unwrap_err();
        assert!(e.starts_with("differ from char"), "{}", e);
    }

    #[test]
    fn crashes_are_never_a_clean_rejection() {
        let strict = BadInput {
            file: "x".into(),
            must_reject: true,
        };
        let lenient = BadInput {
            file: "x".into(),
            must_reject: false,
        };
        assert!(check_rejected(&output(1, "", "AtomVM: bad.avm: truncated\n"), &strict).is_ok());
        assert!(check_rejected(&output(1, "", ""), &strict).is_err());
        assert!(check_rejected(&output(134, "", "wasm trap: unreachable"), &strict).is_err());
        assert!(
            check_rejected(&output(1, "", "thread 'main' panicked at x.rs"), &lenient).is_err()
        );
        assert!(check_rejected(&output(0, "Return value: ok\n", ""), &lenient).is_ok());
        assert!(check_rejected(&output(0, "Return value: ok\n", ""), &strict).is_err());
    }
}
