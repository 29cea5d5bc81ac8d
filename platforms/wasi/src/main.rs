//! AtomVM for WASI (wasm32-wasip1, wasm32-wasip1-threads, wasm32-wasip2):
//! `AtomVM.wasm <file.avm|file.beam>...` (see the `atomvm-cli` crate).

#[cfg(all(target_env = "p1", target_feature = "atomics"))]
const ARCHITECTURE: &str = "wasm32-wasip1-threads";
#[cfg(all(target_env = "p1", not(target_feature = "atomics")))]
const ARCHITECTURE: &str = "wasm32-wasip1";
#[cfg(target_env = "p2")]
const ARCHITECTURE: &str = "wasm32-wasip2";
// Built for a host (e.g. by `cargo build --workspace`): say so rather than fail.
#[cfg(not(any(target_env = "p1", target_env = "p2")))]
const ARCHITECTURE: &str = "wasi-on-non-wasi-host";

fn main() -> std::process::ExitCode {
    atomvm_cli::main(ARCHITECTURE, "wasi")
}
