//! AtomVM in Rust: a BEAM virtual machine, platform-independent core.

pub mod atom;
pub mod bif;
pub mod bifs;
pub mod exception;
pub mod gc;
pub mod heap;
pub mod instr;
pub mod module;
pub mod process;
pub mod term;
pub mod platform;
pub mod vm;

pub use platform::{Platform, StdPlatform};
pub use vm::{Options, Outcome, Vm, VmError};
