//! AtomVM in Rust: a BEAM virtual machine, platform-independent core.
//!
//! The crate is built in layers, each a folder that uses only the folders listed before it:
//! `platform` → `terms` → `processes` → `code` → `execution` → `scheduling` → `natives` →
//! `embedding`. See docs/architecture.md.
// The predefined atom table is expanded by a recursive macro, one level per atom.
#![recursion_limit = "1024"]

pub mod code;
pub mod embedding;
pub mod execution;
pub mod natives;
pub mod platform;
pub mod processes;
pub mod scheduling;
pub mod terms;

pub use embedding::vm::{Options, Outcome, Vm, VmError};
pub use platform::{Platform, PollFd, StdPlatform, THREADS};
