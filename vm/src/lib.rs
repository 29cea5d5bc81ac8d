//! AtomVM in Rust: a BEAM virtual machine, platform-independent core.
// The predefined atom table is expanded by a recursive macro, one level per atom.
#![recursion_limit = "1024"]

pub mod atom;
pub mod avm;
pub mod beam_file;
pub mod bif;
pub mod bifs;
pub mod bignum;
pub mod bin_instr;
pub mod bits;
pub mod code_server;
pub mod compact;
pub mod compare;
pub mod copy;
pub mod exception;
pub mod exec;
pub mod ext_encode;
pub mod ext_term;
pub mod float_format;
pub mod fuzz;
pub mod gc;
pub mod hash;
pub mod heap;
pub mod instr;
pub mod interp;
pub mod loader;
pub mod mailbox;
pub mod map;
pub mod map_instr;
pub mod memory;
pub mod module;
pub mod opcodes;
pub mod platform;
pub mod print;
pub mod process;
pub mod process_table;
pub mod receive;
pub mod scheduler;
pub mod select;
pub mod signal;
pub mod socket;
pub mod socket_sys;
pub mod specialise;
pub mod stacktrace;
pub mod sync;
pub mod term;
pub mod timer;
pub mod vm;

pub use platform::{Platform, StdPlatform};
pub use vm::{Options, Outcome, Vm, VmError};
