//! AtomVM for WASI (wasm32-wasip1, wasm32-wasip1-threads, wasm32-wasip2):
//! `AtomVM.wasm <file.avm|file.beam>...` (see the `atomvm-cli` crate).
//!
//! The architecture string is the target triple, handed over by build.rs: rustc 1.95 reports
//! the same cfg set for wasm32-wasip1 and wasm32-wasip1-threads (no `target_feature = "atomics"`),
//! so cfg alone cannot tell the two apart.

fn main() -> std::process::ExitCode {
    atomvm_cli::main(env!("ATOMVM_TARGET_TRIPLE"), "wasi")
}
