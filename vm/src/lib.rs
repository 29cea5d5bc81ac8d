//! AtomVM in Rust: a BEAM virtual machine, platform-independent core.
//!
//! The public API is the embedding API: make a [`Vm`] on a [`Platform`] (usually
//! [`StdPlatform`]), load `.avm` bundles or `.beam` files into it, run its start module and
//! get an [`Outcome`] or a [`VmError`] — or drive it as a host: [`Vm::apply`], [`Vm::send`],
//! [`Vm::call`], [`Vm::run`] for a [`Budget`], host functions through [`Host`], terms as
//! external term format bytes ([`etf`]). [`bundle`] reads and writes the `.avm` format.
//! Everything else is private to the crate: terms are raw machine words that only the VM may
//! build or read, so safe code outside it cannot reach them.
//!
//! ```compile_fail
//! // A raw term that trusts a pointer is not reachable from outside the crate.
//! let t = atomvm::terms::term::Term::make_list(8 as *const usize);
//! ```
//!
//! Inside, the crate is built in layers, each a folder that uses only the folders listed before
//! it (checked by `vm/tests/layers.rs`): `platform` → `terms` → `processes` → `code` →
//! `execution` → `scheduling` → `natives` → `embedding`. See docs/architecture.md.
// The predefined atom table is expanded by a recursive macro, one level per atom.
#![recursion_limit = "1024"]
#![deny(unsafe_op_in_unsafe_fn, clippy::undocumented_unsafe_blocks)]

pub(crate) mod code;
pub(crate) mod embedding;
pub(crate) mod execution;
pub(crate) mod natives;
pub(crate) mod platform;
pub(crate) mod processes;
pub(crate) mod scheduling;
pub(crate) mod terms;

pub use embedding::calls::{CallError, Exception, ExceptionClass};
pub use embedding::etf::{BadTerm, Pid};
pub use embedding::host::Host;
pub use embedding::messages::Target;
pub use embedding::running::{Budget, RunStatus};
pub use embedding::stats::Stats;
pub use embedding::vm::{Options, Outcome, Vm, VmError};
pub use platform::memory::CountingAllocator;
pub use platform::{close_stdin, Platform, PollFd, StdPlatform, THREADS};

/// Terms at the embedding boundary: external term format builders, printing, pids.
pub mod etf {
    pub use crate::embedding::etf::{atom, binary, float, int, list, map, print, tuple};
    pub use crate::embedding::etf::{BadTerm, Pid};
}

/// The `.avm` bundle format (sections of `.beam` files and data, one flagged as the start
/// module), and the chunk reader of `.beam` files: what a tool or a host needs to make or
/// inspect bundles. Pure byte handling: nothing here touches a running VM.
pub mod bundle {
    pub use crate::code::avm::{
        beam_atom_table, beam_chunks, beam_exports, beam_exports_start, beam_module_name, check,
        is_avm, parse, sections, start_section, write, AvmError, AvmErrorKind, Section, SectionRef,
        END_NAME, FLAG_BEAM, FLAG_DATA, FLAG_START, HEADER,
    };
    pub use crate::code::beam_file::{
        chunk_name, gunzip, is_gzip, parse as parse_beam, BeamFile, BeamFileError, Chunk,
    };
    pub use crate::code::call_graph::{beam_call_graph, scan_atoms, CallGraph, FunctionRefs};
}

/// Entry points for the fuzz targets in `fuzz/` and the corpus test (feature `fuzz`): feed
/// arbitrary bytes to the loader, the bundle reader and `binary_to_term`.
#[cfg(feature = "fuzz")]
pub mod fuzz {
    pub use crate::embedding::fuzz::*;
}

/// The examples of docs/embedding.md, compiled and run as doc tests.
#[cfg(doctest)]
#[doc = include_str!("../../docs/embedding.md")]
pub struct EmbeddingDocs;
