//! Layer 2, processes: a process and what it owns (heap, stack, mailbox, signals, timers),
//! the process table, the run queues, and the owner-exit hooks of native resources. Uses terms and the platform.

pub mod keyed;
pub mod mailbox;
pub mod owner_exit;
pub mod process;
pub mod process_table;
pub mod remote;
pub mod run_queue;
pub mod signal;
pub mod timer;
