//! Resource limits end the offending process, not the VM: runaway recursion raises
//! `system_limit`, which the program can catch. (OTP would exhaust memory here, so this is not
//! one of the OTP-checked Erlang programs.)

use atomvm::{Options, StdPlatform, Vm};
use std::process::Command;

fn compile(name: &str, source: &str) -> Option<Vec<u8>> {
    let dir = std::env::temp_dir().join(format!("atomvm-limits-{}", std::process::id()));
    std::fs::create_dir_all(&dir).ok()?;
    let src = dir.join(format!("{}.erl", name));
    std::fs::write(&src, source).ok()?;
    let status = Command::new("erlc").arg("-o").arg(&dir).arg(&src).status();
    match status {
        Ok(s) if s.success() => std::fs::read(dir.join(format!("{}.beam", name))).ok(),
        _ => {
            eprintln!("erlc not available: skipping");
            None
        }
    }
}

#[test]
fn runaway_recursion_is_a_system_limit_error() {
    let source = "-module(runaway).\n-export([start/0]).\n\
                  start() -> {'EXIT', {Reason, _}} = (catch f(0)), {caught, Reason}.\n\
                  f(N) when N < 0 -> [];\nf(N) -> [N | f(N + 1)].\n";
    let Some(beam) = compile("runaway", source) else {
        return;
    };
    let mut vm = Vm::new(
        Options::default(),
        Box::new(StdPlatform::new("generic_unix")),
    );
    vm.load_file("runaway.beam", beam).expect("loads");
    let outcome = vm.run_start().expect("runs to completion");
    assert_eq!(outcome.printed, "{caught,system_limit}");
}
