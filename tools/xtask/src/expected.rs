//! `cargo xtask check-expected` (and a phase of `cargo xtask test`): run every tests/erlang program
//! on OTP in one `erl` and compare what it returns with the file's `%% expect:` line, so a wrong
//! expectation cannot hide a VM bug.

use crate::artifacts::{compile_erl, stem};
use crate::proc::{one_line, run, show};
use crate::tests::expect_line;
use crate::Ctx;
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
    let sources: Vec<_> = ctx.filtered_sources(&ctx.root.join("tests/erlang"));
    // Compiled apart from build/ so that OTP and the VM never share a stale .beam.
    let out = ctx.build.join("check-expected");
    let mut results: Vec<Verdict> = Vec::new();
    let failures = compile_erl(&sources, &out)?;
    for (name, msg) in &failures {
        results.push((
            name.to_string(),
            Err(format!("does not compile: {}", one_line(msg, 400))),
        ));
    }
    let mut expected = Vec::new();
    for p in &sources {
        let name = stem(p);
        if failures.iter().any(|(n, _)| *n == name) {
            continue;
        }
        match std::fs::read_to_string(p)
            .ok()
            .and_then(|s| expect_line(&s))
        {
            Some(e) => expected.push((name, e)),
            None => results.push((name.to_string(), Err("no `%% expect:` line".into()))),
        }
    }
    let modules: Vec<&str> = expected.iter().map(|(m, _)| m.as_str()).collect();
    let mut cmd = Command::new("erl");
    cmd.args(["-noshell", "-pa"])
        .arg(&out)
        .args(["-eval", &start_each_eval(&modules, false)]);
    let o = run(&mut cmd, ctx.timeout * (expected.len().max(1) as u32))?;
    if !o.success() {
        println!(
            "check-expected: `{}` ended with {}: {}",
            show(&cmd),
            o.status_text(),
            one_line(&o.stderr, 500)
        );
    }
    let got = parse_results(&o.stdout);
    for (m, e) in &expected {
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
