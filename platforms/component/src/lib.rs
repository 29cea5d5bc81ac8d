//! AtomVM as a wasm32-wasip2 component exporting `atomvm:embed/runtime` (a `vm` resource) and
//! importing `atomvm:embed/host`: the contract is `wit/atomvm-embed.wit`, the behaviour that of
//! the `atomvm` crate's embedding API (docs/embedding.md). A separate artifact from the
//! `AtomVM.wasm` command, which keeps the `wasi:cli` command world.

#[cfg(target_arch = "wasm32")]
mod component;
