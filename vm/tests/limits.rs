//! Resource limits end the offending process, not the VM: runaway recursion raises
//! `system_limit`, which the program can catch. (OTP would exhaust memory here, so this is not
//! one of the OTP-checked Erlang programs.)

use atomvm::{Options, StdPlatform, Vm};
use std::process::Command;

/// Compile with erlc. This test needs Erlang/OTP: without erlc it fails (`cargo xtask setup`
/// installs it) rather than pass without testing anything.
fn compile(name: &str, source: &str) -> Vec<u8> {
    let dir = std::env::temp_dir().join(format!("atomvm-limits-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("make a temporary directory");
    let src = dir.join(format!("{}.erl", name));
    std::fs::write(&src, source).expect("write the test module");
    let status = Command::new("erlc")
        .arg("-o")
        .arg(&dir)
        .arg(&src)
        .status()
        .unwrap_or_else(|e| panic!("erlc not runnable ({e}): run `cargo xtask setup`"));
    assert!(status.success(), "erlc failed on {}", src.display());
    std::fs::read(dir.join(format!("{}.beam", name))).expect("erlc wrote the beam")
}

#[test]
fn runaway_recursion_is_a_system_limit_error() {
    let source = "-module(runaway).\n-export([start/0]).\n\
                  start() -> {'EXIT', {Reason, _}} = (catch f(0)), {caught, Reason}.\n\
                  f(N) when N < 0 -> [];\nf(N) -> [N | f(N + 1)].\n";
    let beam = compile("runaway", source);
    let mut vm = Vm::new(
        Options::default(),
        Box::new(StdPlatform::new("generic_unix")),
    );
    vm.load_file("runaway.beam", beam).expect("loads");
    let outcome = vm.run_start().expect("runs to completion");
    assert_eq!(outcome.printed, "{caught,system_limit}");
}
