//! `cargo xtask check-expected`: run every tests/erlang program on OTP in one `erl` and compare
//! what it returns with the file's `%% expect:` line.

use crate::artifacts::{compile_erl, erl_sources, stem};
use crate::proc::{one_line, run, show};
use crate::tests::expect_line;
use crate::Ctx;
use std::process::Command;

const MARK: &str = "@@xtask-result@@";

pub fn check_expected(ctx: &mut Ctx) -> Result<bool, String> {
    let sources: Vec<_> = erl_sources(&ctx.root.join("tests/erlang"))
        .into_iter()
        .filter(|p| {
            ctx.filter
                .as_ref()
                .is_none_or(|f| stem(p).contains(f.as_str()))
        })
        .collect();
    // Compiled apart from build/ so that OTP and the VM never share a stale .beam.
    let out = ctx.build.join("check-expected");
    let mut bad = 0;
    let failures = compile_erl(&sources, &out)?;
    for (name, msg) in &failures {
        println!(
            "MISMATCH {}: does not compile: {}",
            name,
            one_line(msg, 400)
        );
        bad += 1;
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
            None => {
                println!("MISMATCH {}: no `%% expect:` line", name);
                bad += 1;
            }
        }
    }
    let modules: Vec<String> = expected
        .iter()
        .map(|(m, _)| format!("'{}'", m.replace('\'', "\\'")))
        .collect();
    let eval = format!(
        "lists:foreach(fun(M) -> \
             R = try M:start() catch C:E -> {{'$xtask_raised', C, E}} end, \
             io:format(\"~n{mark} ~s ~s~n\", [M, io_lib:print(R, 1, 100000000, -1)]) \
         end, [{mods}]), halt().",
        mark = MARK,
        mods = modules.join(", ")
    );
    let mut cmd = Command::new("erl");
    cmd.args(["-noshell", "-pa"])
        .arg(&out)
        .args(["-eval", &eval]);
    let o = run(&mut cmd, ctx.timeout * (expected.len().max(1) as u32))?;
    if !o.success() {
        println!(
            "check-expected: `{}` ended with {}: {}",
            show(&cmd),
            o.status_text(),
            one_line(&o.stderr, 500)
        );
    }
    let mut got = std::collections::HashMap::new();
    for l in o.stdout.lines() {
        if let Some(rest) = l.strip_prefix(MARK).map(str::trim_start) {
            let (m, v) = rest.split_once(' ').unwrap_or((rest, ""));
            got.insert(m.to_string(), v.to_string());
        }
    }
    for (m, e) in &expected {
        match got.get(m) {
            Some(v) if v == e => {}
            Some(v) => {
                println!(
                    "MISMATCH {}: expect {:?}, OTP returns {:?}",
                    m,
                    e,
                    one_line(v, 400)
                );
                bad += 1;
            }
            None => {
                println!("MISMATCH {}: no result from OTP (crashed or hung?)", m);
                bad += 1;
            }
        }
    }
    let total = sources.len();
    println!(
        "check-expected: {} of {} programs return on OTP what their `%% expect:` says",
        total - bad,
        total
    );
    Ok(bad == 0)
}
