//! `cargo xtask check-expected` (and a phase of `cargo xtask test`): run every tests/erlang program
//! on the reference OTP (29, in its chroot) in one `erl` and compare what it returns with the
//! file's `%% expect:` line, so a wrong expectation cannot hide a VM bug. A program marked
//! `%% reference: otp25 (why)` depends on something OTP leaves unspecified and that changed
//! after OTP 25 (the iteration order of maps): it is checked against the host's OTP 25 instead.

use crate::proc::{one_line, run};
use crate::tests::discover;
use crate::Ctx;
use std::path::PathBuf;
use std::process::Command;

const MARK: &str = "@@xtask-result@@";

pub fn check_expected(ctx: &mut Ctx) -> Result<bool, String> {
    let results = compare_with_otp(ctx)?;
    let mut bad = 0;
    for (name, r) in &results {
        if let Err(msg) = r {
            println!("MISMATCH {}: {}", name, msg);
            bad += 1;
        }
    }
    println!(
        "check-expected: {} of {} programs return on OTP what their `%% expect:` says",
        results.len() - bad,
        results.len()
    );
    Ok(bad == 0)
}

/// A program's name and verdict: Ok when OTP returns exactly its `%% expect:` value.
pub type Verdict = (String, Result<(), String>);

pub fn compare_with_otp(ctx: &Ctx) -> Result<Vec<Verdict>, String> {
    let reference = crate::otp::REFERENCE;
    // Compiled apart from build/ so that OTP and the VM never share a stale .beam.
    let host_out = ctx.build.join("check-expected");
    let newest_out = ctx.build.join(format!("check-expected-otp{reference}"));
    let mut results: Vec<Verdict> = Vec::new();
    let mut on_host = Vec::new();
    let mut on_newest = Vec::new();
    for t in discover(ctx, &host_out) {
        let Some(expect) = t.expect.clone() else {
            results.push((t.name.clone(), Err("no `%% expect:` line".into())));
            continue;
        };
        if t.reference_otp25 || t.not_compiled_by.contains(&reference) {
            on_host.push((t.name.clone(), expect));
        } else {
            let e = t
                .expect_by
                .iter()
                .find(|(n, _)| *n == reference)
                .map(|(_, e)| e.clone())
                .unwrap_or(expect);
            on_newest.push((t.name.clone(), e));
        }
    }
    let source = |name: &str| ctx.root.join(format!("tests/erlang/{name}.erl"));
    let limit = |n: usize| ctx.timeout * (n.max(1) as u32);
    let mut got = std::collections::HashMap::new();
    let mut run_group = |group: &mut Vec<(String, String)>, host: bool| -> Result<(), String> {
        let sources: Vec<PathBuf> = group.iter().map(|(n, _)| source(n)).collect();
        let failures = if host {
            crate::artifacts::compile_erl(&sources, &host_out)?
        } else {
            crate::otp::compile_stale(reference, &sources, &[], &Default::default(), &newest_out)?
        };
        for (name, msg) in &failures {
            results.push((
                name.to_string(),
                Err(format!("does not compile: {}", one_line(msg, 400))),
            ));
        }
        group.retain(|(n, _)| !failures.iter().any(|(f, _)| f == n));
        if group.is_empty() {
            return Ok(());
        }
        let modules: Vec<&str> = group.iter().map(|(m, _)| m.as_str()).collect();
        let o = if host {
            let mut cmd = Command::new("erl");
            cmd.args(["-noshell", "-pa"])
                .arg(&host_out)
                .args(["-eval", &start_each_eval(&modules, false)]);
            run(&mut cmd, limit(modules.len()))?
        } else {
            let dirs = [newest_out.as_path()];
            let inputs = crate::otp::Inputs {
                include_dirs: &[],
                code_dirs: &dirs,
            };
            let args = [
                "-noshell".to_string(),
                "-eval".to_string(),
                start_each_eval(&modules, true),
            ];
            crate::otp::erl(reference, &args, &inputs, limit(modules.len()))?
        };
        if !o.success() {
            println!(
                "check-expected: {} erl ended with {}: {}",
                if host {
                    "the host's"
                } else {
                    "the reference OTP's"
                },
                o.status_text(),
                one_line(&o.stderr, 500)
            );
        }
        got.extend(parse_results(&o.stdout));
        Ok(())
    };
    run_group(&mut on_newest, false)?;
    run_group(&mut on_host, true)?;
    for (m, e) in on_newest.iter().chain(&on_host) {
        let verdict = match got.get(m) {
            Some(v) if v == e => Ok(()),
            Some(v) => Err(format!(
                "expect {:?}, OTP returns {:?}",
                e,
                one_line(v, 400)
            )),
            None => Err("no result from OTP (crashed or hung?)".to_string()),
        };
        results.push((m.to_string(), verdict));
    }
    Ok(results)
}

/// An `erl -eval` expression that calls each module's start/0 in a fresh process and prints
/// what it returns (or how it failed) on a line of its own, for `parse_results`. OTP 26 and
/// later print map keys in internal order unless asked (`maps_order`, which older releases do
/// not know): `ordered_maps` asks, for the same text as OTP 25 and the VM (with the same
/// latin1 encoding that io_lib:print/4 uses).
pub fn start_each_eval(modules: &[&str], ordered_maps: bool) -> String {
    let print = if ordered_maps {
        "io_lib_pretty:print(R, [{column, 1}, {line_length, 100000000}, {depth, -1}, {maps_order, ordered}, {encoding, latin1}])"
    } else {
        "io_lib:print(R, 1, 100000000, -1)"
    };
    let modules: Vec<String> = modules
        .iter()
        .map(|m| format!("'{}'", m.replace('\\', "\\\\").replace('\'', "\\'")))
        .collect();
    // Each program runs in a fresh process, as it does in our VM (no leftover messages, links,
    // flags or dictionary entries from the one before).
    format!(
        "io:setopts(standard_io, [{{encoding, unicode}}]), \
         lists:foreach(fun(M) -> \
             Parent = self(), \
             {{Pid, Ref}} = spawn_monitor(fun() -> \
                 Parent ! {{self(), try M:start() catch C:E -> {{'$xtask_raised', C, E}} end}} \
             end), \
             R = receive {{Pid, V}} -> erlang:demonitor(Ref, [flush]), V; \
                         {{'DOWN', Ref, _, _, Why}} -> {{'$xtask_died', Why}} end, \
             io:format(\"~n{mark} ~s ~ts~n\", [M, {print}]) \
         end, [{mods}]), halt().",
        mark = MARK,
        print = print,
        mods = modules.join(", ")
    )
}

/// Module name to printed result, from the output of `start_each_eval`.
pub fn parse_results(stdout: &str) -> std::collections::HashMap<String, String> {
    let mut got = std::collections::HashMap::new();
    for l in stdout.lines() {
        if let Some(rest) = l.strip_prefix(MARK).map(str::trim_start) {
            let (m, v) = rest.split_once(' ').unwrap_or((rest, ""));
            got.insert(m.to_string(), v.to_string());
        }
    }
    got
}
