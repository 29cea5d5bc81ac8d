//! Layer 2, processes: a process and what it owns (heap, stack, mailbox, signals, timers),
//! the process table and the run queues. Uses terms and the platform.

pub mod mailbox;
pub mod process;
pub mod process_table;
pub mod signal;
pub mod timer;
