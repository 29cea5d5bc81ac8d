//! Layer 7, embedding: the API a host uses to run the VM, a file per concept: the VM and its
//! options (`vm.rs`), terms at the boundary (`etf.rs`), running for a budget (`running.rs`),
//! spawning and applying functions (`calls.rs`), messages and signals (`messages.rs`), host
//! functions (`host.rs`), statistics (`stats.rs`); and the fuzzing entry points.

pub mod calls;
pub mod etf;
#[cfg(feature = "fuzz")]
pub mod fuzz;
pub mod host;
pub mod messages;
pub mod running;
pub mod stats;
pub mod vm;
