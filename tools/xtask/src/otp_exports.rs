//! `cargo xtask otp-exports`: what the reference OTP exports that we do not. The exports of
//! `erlang` and of every module our libraries ship (libs/*/src) are listed by OTP 29's own
//! `module_info(exports)`; a generated program asks the native VM, with atomvmlib loaded,
//! `erlang:function_exported/3` for each (after `code:ensure_loaded/1`); the functions it lacks
//! are printed per module. docs/otp-versions.md says which gaps are deliberate and why.

use crate::artifacts::{compile_erl, erl_sources, stem};
use crate::otp::REFERENCE;
use crate::proc::{one_line, run};
use crate::Ctx;
use std::collections::BTreeMap;

/// The generated program's start module.
const CHECK: &str = "otp_exports_check";

pub fn otp_exports(ctx: &mut Ctx) -> Result<bool, String> {
    ctx.native_only = true;
    let report = crate::artifacts::build(ctx)?;
    report.print_warnings();
    let mut modules: Vec<String> = vec!["erlang".into()];
    for lib in crate::libs::LIBS {
        for src in erl_sources(&crate::libs::lib_dir(ctx, lib).join("src")) {
            modules.push(stem(&src));
        }
    }
    let dir = ctx.build.join("otp-exports");
    std::fs::create_dir_all(&dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;

    // OTP's list: {M, F, A} terms, one per line.
    let eval = format!(
        "[io:format(\"~w.~n\", [{{M, F, A}}]) || M <- [{}], \
           code:ensure_loaded(M) =:= {{module, M}}, \
           {{F, A}} <- M:module_info(exports), F =/= module_info], halt().",
        modules.join(", ")
    );
    let args = ["-noshell".to_string(), "-eval".to_string(), eval];
    let o = crate::otp::erl(REFERENCE, &args, &Default::default(), ctx.timeout)?;
    if !o.success() {
        return Err(format!(
            "OTP {REFERENCE}'s erl: {}",
            one_line(&o.stderr, 400)
        ));
    }
    let listed: Vec<&str> = o
        .stdout
        .lines()
        .filter_map(|l| l.trim().strip_suffix('.'))
        .collect();

    // Ours: the same list as a literal, each kept when the VM lacks it.
    let src = dir.join(format!("{CHECK}.erl"));
    let text = format!(
        "-module({CHECK}).\n-export([start/0]).\n\
         start() ->\n    [X || {{M, F, A}} = X <- [{}],\n          \
         not (begin _ = (catch code:ensure_loaded(M)), erlang:function_exported(M, F, A) end)].\n",
        listed.join(",\n        ")
    );
    std::fs::write(&src, text).map_err(|e| format!("cannot write {}: {e}", src.display()))?;
    if let Some((_, msg)) = compile_erl(&[src], &dir)?.first() {
        return Err(format!(
            "{CHECK}.erl does not compile: {}",
            one_line(msg, 400)
        ));
    }
    let beam = format!("{CHECK}.beam");
    let lib = crate::libs::atomvmlib(ctx).display().to_string();
    let mut cmd = ctx.vm_command(crate::Target::Native, &dir, &[&beam, &lib], false);
    let o = run(&mut cmd, ctx.timeout)?;
    let missing = o
        .stdout
        .lines()
        .find_map(|l| l.strip_prefix("Return value: "))
        .ok_or_else(|| format!("no result from the VM: {}", one_line(&o.stderr, 400)))?;
    // "[{erlang,hibernate,0},{lists,zip,3}]" -> per module.
    let mut by_module: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for item in missing
        .trim_matches(|c| c == '[' || c == ']')
        .split("},{")
        .filter(|s| !s.is_empty())
    {
        let item = item.trim_matches(|c| c == '{' || c == '}');
        let mut parts = item.splitn(3, ',');
        let (m, f, a) = (
            parts.next().unwrap_or(""),
            parts.next().unwrap_or(""),
            parts.next().unwrap_or(""),
        );
        by_module
            .entry(m.to_string())
            .or_default()
            .push(format!("{f}/{a}"));
    }
    let total: usize = by_module.values().map(Vec::len).sum();
    for (m, fs) in &by_module {
        println!("{m} ({}): {}", fs.len(), fs.join(" "));
    }
    println!(
        "otp-exports: {} of OTP {REFERENCE}'s {} exports of {} modules are missing here",
        total,
        listed.len(),
        modules.len()
    );
    Ok(true)
}
