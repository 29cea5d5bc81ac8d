//! Layer 4, execution: the interpreter loop and its instruction families (binaries, maps,
//! receive), exceptions and stack traces.

pub mod bin_instr;
pub mod exec;
pub mod interp;
pub mod map_instr;
pub mod receive;
pub mod stacktrace;
