//! Layer 4, execution: the interpreter loop (a dispatcher over `Instr`) and its instruction
//! families (calls, data, control, floats, messages, binaries, maps), exceptions and stack traces.

pub mod bin_instr;
pub mod exec;
pub mod interp;
pub mod map_instr;
pub mod ops_calls;
pub mod ops_control;
pub mod ops_data;
pub mod ops_float;
pub mod ops_message;
pub mod receive;
pub mod stacktrace;
pub mod state;
