//! AtomVM for WASI (wasm32-wasip1, wasm32-wasip1-threads, wasm32-wasip2):
//! `AtomVM.wasm <file.avm|file.beam>...` (see the `atomvm-cli` crate). What differs between the
//! three lives in the VM's platform layer (`vm/src/platform/wasip1.rs`, `wasip2.rs`), chosen by
//! the target it is built for.

fn main() -> std::process::ExitCode {
    atomvm_cli::main("wasi")
}
