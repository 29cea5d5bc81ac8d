//! Layer 3, code: BEAM files and bundles read, decoded once into instructions, specialised,
//! and published in the module table; the code server loads modules on first use.

pub mod avm;
pub mod beam_file;
pub mod call_graph;
pub mod code_server;
pub mod compact;
pub mod instr;
pub mod loader;
pub mod md5;
pub mod module;
pub mod native;
pub mod opcodes;
pub mod specialise;
