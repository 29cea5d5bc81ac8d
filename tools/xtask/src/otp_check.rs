//! `cargo xtask otp-check`: compile every tests/erlang program with each chroot's OTP (27, 29)
//! into /var/tmp/otp-check/otpNN/, run the beams on the native VM and on that OTP's own `erl`,
//! and report per compiler what passes and what fails, failures grouped by how the VM failed.
//! The host's OTP (build/tests/erlang) is run alongside as the baseline.

use crate::artifacts::stem;
use crate::otp::{self, Inputs, RELEASES};
use crate::proc::{one_line, parallel_map, run, Output};
use crate::tests::{check_expected_run, discover, vm_stderr, ErlTest};
use crate::{Ctx, Target};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

pub const CHECK_ROOT: &str = "/var/tmp/otp-check";

/// How one program fared with one compiler.
enum Outcome {
    Pass,
    /// erlc refused it.
    NoCompile(String),
    /// The VM's run did not print the expected value: why, and the first lines it printed.
    Fail {
        why: String,
        cause: String,
        head: String,
    },
}

pub fn otp_check(ctx: &mut Ctx) -> Result<bool, String> {
    // Only the native VM is needed; the build's setup makes (or finds) the chroots.
    ctx.native_only = true;
    let report = crate::artifacts::build(ctx)?;
    report.print_warnings();
    let t0 = Instant::now();
    let sources: Vec<PathBuf> = ctx.filtered_sources(&ctx.root.join("tests/erlang"));

    let mut columns: Vec<(String, PathBuf, BTreeMap<String, String>)> = vec![(
        "host OTP (baseline)".to_string(),
        ctx.build.join("tests/erlang"),
        report.test_compile_failures.iter().cloned().collect(),
    )];
    for r in RELEASES {
        let label = format!("OTP {} (Debian {})", r.otp, r.suite);
        let out = Path::new(CHECK_ROOT).join(format!("otp{}", r.otp));
        if !otp::chroot_dir(r.otp).join("usr/bin/erlc").exists() {
            println!(
                "otp-check: {}: no chroot in {} (setup failed?): skipped",
                label,
                otp::chroot_dir(r.otp).display()
            );
            continue;
        }
        let t = Instant::now();
        let failures = compile_all(r.otp, &sources, &out)?;
        println!(
            "otp-check: {}: {} of {} programs compiled into {} ({:.1} s)",
            label,
            sources.len() - failures.len(),
            sources.len(),
            out.display(),
            t.elapsed().as_secs_f64()
        );
        columns.push((label, out, failures));
    }

    let mut all_pass = true;
    let mut summary = Vec::new();
    for (label, dir, compile_failures) in &columns {
        let tests = discover(ctx, dir);
        let outcomes = parallel_map(&tests, ctx.jobs, |t| {
            if let Some(msg) = compile_failures.get(&t.name) {
                return Outcome::NoCompile(one_line(msg, 300));
            }
            run_one(ctx, dir, t)
        });
        // On the compiler's own OTP, does the program return its `%% expect:` value?
        let on_otp = otp_results(label, dir, &tests, ctx.timeout);
        let passed = outcomes
            .iter()
            .filter(|o| matches!(o, Outcome::Pass))
            .count();
        let failed = outcomes.len() - passed;
        all_pass &= failed == 0;
        println!();
        println!(
            "otp-check: == {} (beams in {}): {} passed, {} failed",
            label,
            dir.display(),
            passed,
            failed
        );
        let mut groups: BTreeMap<String, Vec<String>> = BTreeMap::new();
        let mut otp_differs = Vec::new();
        for (t, o) in tests.iter().zip(&outcomes) {
            let otp_note = match (&on_otp, &t.expect) {
                _ if matches!(o, Outcome::NoCompile(_)) => String::new(),
                (Some(got), Some(e)) => match got.get(&t.name) {
                    Some(v) if v == e => String::new(),
                    Some(v) => {
                        otp_differs.push(t.name.clone());
                        format!(
                            " [this OTP's own run {}]",
                            crate::tests::diff(e, &one_line(v, 100_000))
                        )
                    }
                    None => {
                        otp_differs.push(t.name.clone());
                        " [no result from this OTP's erl]".to_string()
                    }
                },
                _ => String::new(),
            };
            match o {
                Outcome::Pass => {
                    if !otp_note.is_empty() {
                        println!("  pass {}{}", t.name, otp_note);
                    }
                }
                Outcome::NoCompile(msg) => {
                    println!("  FAIL {}: does not compile: {}", t.name, msg);
                    groups
                        .entry("does not compile".into())
                        .or_default()
                        .push(t.name.clone());
                }
                Outcome::Fail { why, cause, head } => {
                    println!("  FAIL {}: {}{}", t.name, one_line(why, 300), otp_note);
                    for l in head.lines() {
                        println!("       | {}", l);
                    }
                    groups
                        .entry(cause.clone())
                        .or_default()
                        .push(t.name.clone());
                }
            }
        }
        if !groups.is_empty() {
            println!("  failures by cause:");
            for (cause, names) in &groups {
                println!("    {} x {}: {}", names.len(), cause, names.join(", "));
            }
        }
        let mut line = format!("{}: {} passed, {} failed on the VM", label, passed, failed);
        if on_otp.is_some() {
            line.push_str(&format!(
                "; run on this OTP itself, {} return something else than `%% expect:`{}",
                otp_differs.len(),
                if otp_differs.is_empty() {
                    String::new()
                } else {
                    format!(" ({})", otp_differs.join(", "))
                }
            ));
        }
        summary.push(line);
    }
    println!();
    for s in &summary {
        println!("otp-check: {}", s);
    }
    println!("otp-check: done in {:.1} s", t0.elapsed().as_secs_f64());
    Ok(all_pass)
}

/// One erlc for all (fresh output directory), then one by one if that fails, to find out which
/// do not compile and why.
fn compile_all(
    otp: u32,
    sources: &[PathBuf],
    out: &Path,
) -> Result<BTreeMap<String, String>, String> {
    if out.exists() {
        std::fs::remove_dir_all(out)
            .map_err(|e| format!("cannot clear {}: {}", out.display(), e))?;
    }
    let files: Vec<&Path> = sources.iter().map(|p| p.as_path()).collect();
    let limit = Duration::from_secs(900);
    let o = otp::erlc(otp, &[], &files, &Inputs::default(), out, limit)?;
    let mut failures = BTreeMap::new();
    if o.success() {
        return Ok(failures);
    }
    for f in &files {
        let name = stem(f);
        if out.join(format!("{}.beam", name)).exists() {
            continue;
        }
        let o = otp::erlc(otp, &[], &[f], &Inputs::default(), out, limit)?;
        if !o.success() {
            failures.insert(name, format!("{}{}", o.stdout, o.stderr));
        }
    }
    Ok(failures)
}

fn run_one(ctx: &Ctx, dir: &Path, t: &ErlTest) -> Outcome {
    let file = format!("{}.beam", t.name);
    let o = match run(
        &mut ctx.vm_command(Target::Native, dir, &[&file], false),
        ctx.timeout,
    ) {
        Ok(o) => o,
        Err(e) => {
            return Outcome::Fail {
                why: e.clone(),
                cause: "cannot start the VM".into(),
                head: String::new(),
            }
        }
    };
    match check_expected_run(&o, t.expect.as_deref().unwrap_or("")) {
        Ok(()) => Outcome::Pass,
        Err(why) => Outcome::Fail {
            why,
            cause: cause(&o),
            head: head(&o, 6),
        },
    }
}

/// The first lines the VM printed, stderr first (where it reports what went wrong).
fn head(o: &Output, n: usize) -> String {
    let err = vm_stderr(o);
    err.lines()
        .map(|l| format!("stderr: {}", l))
        .chain(o.stdout.lines().map(|l| format!("stdout: {}", l)))
        .filter(|l| !l.trim().is_empty())
        .take(n)
        .map(|l| {
            if l.chars().count() > 200 {
                l.chars().take(200).collect::<String>() + "…"
            } else {
                l
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// A short name for how a run failed, to group programs that fail the same way.
fn cause(o: &Output) -> String {
    if o.timed_out {
        return "timed out".into();
    }
    if let Some(s) = o.signal {
        return format!("killed by signal {}", s);
    }
    let err = vm_stderr(o);
    // `Error in process <0.1.0> with exit value:` and on the next lines `{Reason, Stack}`.
    if let Some((_, rest)) = err.split_once("with exit value:") {
        let rest = rest.trim_start();
        let reason = rest
            .strip_prefix('{')
            .map(|r| {
                let mut depth = 0i32;
                let mut end = r.len();
                for (i, c) in r.char_indices() {
                    match c {
                        '{' | '[' | '(' => depth += 1,
                        '}' | ']' | ')' => depth -= 1,
                        ',' if depth == 0 => {
                            end = i;
                            break;
                        }
                        _ => {}
                    }
                }
                &r[..end]
            })
            .unwrap_or(rest);
        return format!("exit {}", one_line(reason, 120));
    }
    let text = format!("{}\n{}", err, o.stdout);
    for l in text.lines() {
        let l = l.trim();
        let lower = l.to_ascii_lowercase();
        if lower.contains("opcode")
            || lower.contains("unsupported")
            || lower.contains("not implemented")
            || lower.contains("unknown")
            || lower.contains("panicked")
            || lower.contains("cannot load")
            || lower.contains("undef")
        {
            return one_line(l, 120);
        }
    }
    let last = o
        .stdout
        .lines()
        .rev()
        .find(|l| !l.trim().is_empty())
        .unwrap_or("");
    if let Some(v) = last.strip_prefix("Return value: ") {
        // The error class and reason, without the details that differ per program.
        let v = v.trim();
        let short: String = v.chars().take(60).collect();
        return format!("returned {}", short);
    }
    if let Some(l) = err.lines().find(|l| !l.trim().is_empty()) {
        return one_line(l, 120);
    }
    format!("{}, no `Return value:` line", o.status_text())
}

/// Run every program on the OTP that compiled it (none for the baseline column: `cargo xtask
/// check-expected` covers the host's): module -> what start/0 returned.
fn otp_results(
    label: &str,
    dir: &Path,
    tests: &[ErlTest],
    timeout: Duration,
) -> Option<BTreeMap<String, String>> {
    let otp_n = RELEASES
        .iter()
        .find(|r| label.starts_with(&format!("OTP {} ", r.otp)))?
        .otp;
    let dirs = [dir];
    let inputs = Inputs {
        include_dirs: &[],
        code_dirs: &dirs,
    };
    let mut results = BTreeMap::new();
    let mut left: Vec<&str> = tests.iter().map(|t| t.name.as_str()).collect();
    // One erl for all; when it dies (as OTP 27.3.4.1 does printing some terms), the first
    // program without a result is noted as the one it died on, and another erl runs the rest.
    while !left.is_empty() {
        let args = vec![
            "-noshell".to_string(),
            "-eval".to_string(),
            crate::expected::start_each_eval(&left, true),
        ];
        let o = match otp::erl(otp_n, &args, &inputs, timeout * (left.len() as u32)) {
            Ok(o) => o,
            Err(e) => {
                println!("otp-check: cannot run OTP {}'s erl: {}", otp_n, e);
                return None;
            }
        };
        results.extend(crate::expected::parse_results(&o.stdout));
        if o.success() {
            break;
        }
        let Some(pos) = left.iter().position(|m| !results.contains_key(*m)) else {
            break;
        };
        println!(
            "otp-check: OTP {}'s erl ended with {} while running {}: {}",
            otp_n,
            o.status_text(),
            left[pos],
            one_line(&o.stderr, 300)
        );
        results.insert(
            left[pos].to_string(),
            format!("(OTP {}'s erl died: {})", otp_n, o.status_text()),
        );
        left.drain(..=pos);
        left.retain(|m| !results.contains_key(*m));
    }
    Some(results)
}
