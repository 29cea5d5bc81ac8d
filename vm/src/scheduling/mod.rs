//! Layer 5, scheduling: scheduler threads that run processes from the run queues, fire
//! timers, and wait on the platform for fd readiness (select registrations) and deadlines.

pub mod scheduler;
pub mod select;
pub mod watch;
