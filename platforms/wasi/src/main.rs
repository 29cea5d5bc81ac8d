//! AtomVM for WASI (wasm32-wasip1, wasm32-wasip1-threads, wasm32-wasip2):
//! `AtomVM.wasm <file.avm|file.beam>...` (see the `atomvm-cli` crate). What differs between the
//! three lives in the VM's platform layer (`vm/src/platform/wasip1.rs`, `wasip2.rs`), chosen by
//! the target it is built for.

fn main() -> std::process::ExitCode {
    let status = atomvm_cli::status("wasi");
    #[cfg(all(target_os = "wasi", target_env = "p2"))]
    if status > 1 {
        // Returning from main would flush stdout; exiting here must do it first.
        let _ = std::io::Write::flush(&mut std::io::stdout());
        exit_with_code(status);
    }
    std::process::ExitCode::from(status)
}

/// WASI 0.2's `exit` only says success or failure (any failure is status 1 under wasmtime):
/// other statuses of `erlang:halt/1` go through `exit-with-code` (see wit/exit-with-code.wit).
#[cfg(all(target_os = "wasi", target_env = "p2"))]
fn exit_with_code(status: u8) -> ! {
    #[link(wasm_import_module = "wasi:cli/exit@0.2.6")]
    extern "C" {
        #[link_name = "exit-with-code"]
        fn wasi_exit_with_code(status: i32) -> !;
    }
    // SAFETY: a WASI import that ends the instance; its one argument is a u8 status.
    unsafe { wasi_exit_with_code(i32::from(status)) }
}
