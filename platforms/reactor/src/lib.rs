//! AtomVM as a WASI reactor (wasm32-wasip1, wasm32-wasip1-threads): the embedding API of the
//! `atomvm` crate behind a small C ABI, for hosts such as Node's `node:wasi`, wasmtime or
//! wasmer. A separate artifact from the `AtomVM.wasm` command, because a command's `_start`
//! runs once and exits, while a reactor's `_initialize` leaves the instance alive for calls.
//! See docs/embedding.md for the contract; in short:
//!
//! - Buffers: `atomvm_alloc(len) -> ptr` and `atomvm_free(ptr, len)`. The host copies its
//!   inputs (names as UTF-8, terms as external term format) into guest memory and passes
//!   `(ptr, len)` pairs; inputs stay the host's (free them after the call).
//! - Every operation returns a status (`STATUS_*`) and leaves its result term (ETF) in a buffer
//!   read with `atomvm_result_ptr()` / `atomvm_result_len()`, valid until the next operation.
//! - Host functions are imported from module `atomvm_host`: `call(name, name_len, args,
//!   args_len, out) -> i32` (0: ok, else error; the reply goes in a buffer from `atomvm_alloc`
//!   whose pointer and length the host stores as two little-endian u32 at `out`; the VM frees
//!   it), `deliver(msg, len)` and `down(pid, pid_len, reason, reason_len)`.
//! - Host functions run inside an operation: calling another operation from them returns
//!   `STATUS_BUSY` (only `atomvm_alloc`/`atomvm_free` may be used there).
//!
//! One instance is one VM; more VMs are more instances.

#[cfg(target_arch = "wasm32")]
mod reactor;

#[cfg(target_arch = "wasm32")]
pub use reactor::*;
