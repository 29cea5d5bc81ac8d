//! What the VM holds right now.

use crate::embedding::vm::Vm;
use crate::processes::{process_table, run_queue};
use crate::terms::term::Term;

/// A snapshot of the VM.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Stats {
    /// Live processes.
    pub processes: usize,
    /// Processes ready to run.
    pub runnable: usize,
    /// Bytes held by processes (heaps, stacks, mailboxes).
    pub process_memory: usize,
    /// Bytes allocated by the whole program, when it counts them (`CountingAllocator` as its
    /// global allocator), as `erlang:memory(total)`.
    pub total_memory: Option<usize>,
    /// Atoms in the atom table.
    pub atoms: usize,
}

impl Vm {
    pub fn stats(&self) -> Stats {
        Stats {
            processes: process_table::count(),
            runnable: run_queue::queued(),
            process_memory: process_table::memory_bytes(Term::pid(0), 0),
            total_memory: crate::platform::memory::allocated_bytes(),
            atoms: crate::terms::atom::count(),
        }
    }
}
