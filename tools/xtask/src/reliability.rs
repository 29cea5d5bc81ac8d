//! The reliability programs (tests/reliability): inputs and loads that must not take the VM
//! down. Each program's start/0 result is checked against its `%% expect:` line on every
//! platform (never on OTP: these programs exhaust what OTP would let them take). A module without
//! an `%% expect:` line is a helper the programs load. A program may set environment variables
//! (`%% env: NAME=VALUE ...`), keep to some targets (`%% targets: native wasm32-wasip2 ...`) and
//! run with atomvmlib.avm (`%% needs: libs`). Lines a program prints starting with `% ` are its
//! figures, copied to the log. Selected with no `--filter` or one that `reliability` or a
//! program's name contains.

use crate::artifacts::{compile_erl, stem};
use crate::proc::{one_line, parallel_map, run};
use crate::{Ctx, Target};
use std::path::PathBuf;
use std::time::Duration;

struct Program {
    name: String,
    expect: String,
    env: Vec<(String, String)>,
    targets: Option<Vec<String>>,
    /// `%% needs: libs`: run with atomvmlib.avm (a copy beside the programs).
    libs: bool,
}

fn directive<'a>(source: &'a str, key: &str) -> Option<&'a str> {
    source
        .lines()
        .find_map(|l| l.trim().strip_prefix(key))
        .map(str::trim)
}

/// The sources `--filter` selects.
fn sources(ctx: &Ctx) -> Vec<PathBuf> {
    let dir = ctx.root.join("tests/reliability");
    let mut sources: Vec<PathBuf> = std::fs::read_dir(&dir)
        .into_iter()
        .flatten()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "erl"))
        .filter(|p| match &ctx.filter {
            None => true,
            Some(f) => "reliability".contains(f.as_str()) || stem(p).contains(f.as_str()),
        })
        .collect();
    sources.sort();
    sources
}

pub fn selected(ctx: &Ctx) -> bool {
    !sources(ctx).is_empty()
}

fn programs(ctx: &Ctx) -> Result<Vec<Program>, String> {
    let sources = sources(ctx);
    let mut out = Vec::new();
    for path in &sources {
        let source = std::fs::read_to_string(path)
            .map_err(|e| format!("cannot read {}: {}", path.display(), e))?;
        // A module without `%% expect:` is a helper another program loads.
        let Some(expect) = directive(&source, "%% expect:").map(str::to_string) else {
            continue;
        };
        let env = directive(&source, "%% env:")
            .map(|s| {
                s.split_whitespace()
                    .filter_map(|kv| kv.split_once('='))
                    .map(|(k, v)| (k.to_string(), v.to_string()))
                    .collect()
            })
            .unwrap_or_default();
        let targets = directive(&source, "%% targets:")
            .map(|s| s.split_whitespace().map(str::to_string).collect());
        let libs = directive(&source, "%% needs:").is_some_and(|n| n.contains("libs"));
        out.push(Program {
            name: stem(path),
            expect,
            env,
            targets,
            libs,
        });
    }
    if !sources.is_empty() {
        let dir = ctx.build.join("tests/reliability");
        compile_erl(&sources, &dir)?;
        if out.iter().any(|p| p.libs) {
            // wasm guests see only this directory.
            std::fs::copy(crate::libs::atomvmlib(ctx), dir.join("atomvmlib.avm"))
                .map_err(|e| format!("cannot copy atomvmlib.avm into {}: {}", dir.display(), e))?;
        }
    }
    Ok(out)
}

/// Run every selected program on every platform it names.
pub fn run_suite(ctx: &Ctx) -> Vec<(String, Result<(), String>)> {
    let programs = match programs(ctx) {
        Ok(p) => p,
        Err(e) => return vec![("reliability programs".to_string(), Err(e))],
    };
    let dir = ctx.build.join("tests/reliability");
    let jobs: Vec<(Target, &Program)> = ctx
        .targets()
        .into_iter()
        .flat_map(|t| programs.iter().map(move |p| (t, p)))
        .filter(|(t, p)| {
            p.targets
                .as_ref()
                .is_none_or(|names| names.iter().any(|n| n == t.name()))
        })
        .collect();
    parallel_map(&jobs, ctx.jobs, |(target, program)| {
        let label = format!("[{}] reliability {}", target.name(), program.name);
        let env: Vec<(&str, &str)> = program
            .env
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        let beam = format!("{}.beam", program.name);
        let mut files = vec![beam.as_str()];
        if program.libs {
            files.push("atomvmlib.avm");
        }
        let mut cmd = ctx.vm_command_with(*target, &dir, &files, &env);
        let timeout = ctx.timeout.max(Duration::from_secs(120));
        let result = run(&mut cmd, timeout).and_then(|o| {
            let want = format!("Return value: {}", program.expect);
            let crashed = o.timed_out || o.signal.is_some() || o.stderr.contains("panicked");
            if !crashed && o.stdout.lines().any(|l| l.trim() == want) {
                // Figures a program reports (`% ...` lines) go into the log.
                for line in o.stdout.lines().filter(|l| l.starts_with("% ")) {
                    println!("[{}] {}: {}", target.name(), program.name, &line[2..]);
                }
                Ok(())
            } else {
                Err(format!(
                    "want {want:?}; got {}; stdout: {:?}; stderr: {:?}",
                    o.status_text(),
                    one_line(&o.stdout, 200),
                    one_line(&o.stderr, 300)
                ))
            }
        });
        (label, result)
    })
}
