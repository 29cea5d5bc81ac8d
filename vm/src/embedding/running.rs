//! Host-driven running: the host gives the VM a budget and learns where it stopped.
//!
//! Nothing runs between the host's calls. `Vm::run` (and `apply`, `call`, `await_result`) run
//! one scheduler on the calling thread, on every target, SMP builds included: scheduler
//! threads are only those of `Vm::run_start` (the command line). So a host needs no locking,
//! its host functions are called on its own thread, and a wasm instance stays single-threaded.

use crate::embedding::vm::Vm;
use crate::execution::interp::REDUCTIONS;
use crate::platform;
use crate::scheduling::scheduler::{self, Progress};
use std::time::Duration;

/// How much a call may run: reductions (spent in whole time slices of up to 4000 reductions,
/// at least one slice), and how long it may wait for timers and sockets when every process is
/// waiting (zero: never block).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Budget {
    pub reductions: u64,
    pub wait: Duration,
}

impl Budget {
    /// `reductions`, never waiting for timers.
    pub const fn reductions(reductions: u64) -> Budget {
        Budget {
            reductions,
            wait: Duration::ZERO,
        }
    }

    /// The same budget, allowed to wait up to `wait` for timers and sockets.
    pub const fn with_wait(self, wait: Duration) -> Budget {
        Budget {
            reductions: self.reductions,
            wait,
        }
    }

    pub(crate) fn slices(&self) -> u64 {
        self.reductions.div_ceil(REDUCTIONS as u64).max(1)
    }

    pub(crate) fn wait_until_ns(&self) -> Option<u64> {
        if self.wait.is_zero() {
            return None;
        }
        let wait = u64::try_from(self.wait.as_nanos()).unwrap_or(u64::MAX);
        Some(platform::get().monotonic_ns().saturating_add(wait))
    }
}

impl Default for Budget {
    /// Ten million reductions (a few seconds of work at most), five seconds of waiting.
    fn default() -> Self {
        Budget::reductions(10_000_000).with_wait(Duration::from_secs(5))
    }
}

/// Where a run stopped.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RunStatus {
    /// Every process is waiting. `next_timer`: when the next timer fires (from now), if any;
    /// run again then, or after sending a message.
    Idle { next_timer: Option<Duration> },
    /// The budget ran out while processes were still runnable: run again to go on.
    Yielded,
    /// A process called `erlang:halt/0,1`. The VM stays usable; what to do is the host's choice.
    Halted { status: i32 },
}

impl RunStatus {
    pub(crate) fn from_progress(p: Progress) -> RunStatus {
        match p {
            Progress::Idle { next_deadline_ns } => RunStatus::Idle {
                next_timer: next_deadline_ns.map(|d| {
                    Duration::from_nanos(d.saturating_sub(platform::get().monotonic_ns()))
                }),
            },
            Progress::Yielded | Progress::Done => RunStatus::Yielded,
            Progress::Halted(status) => RunStatus::Halted { status },
        }
    }
}

impl Vm {
    /// Run the VM's processes for at most `budget`.
    pub fn run(&mut self, budget: Budget) -> RunStatus {
        let progress = self.run_while(budget, &mut || false);
        RunStatus::from_progress(progress)
    }

    /// Run until `done()` or the budget is spent; the host then learns about monitored
    /// processes that ended.
    pub(crate) fn run_while(&mut self, budget: Budget, done: &mut dyn FnMut() -> bool) -> Progress {
        let progress = scheduler::run_budget(budget.slices(), budget.wait_until_ns(), done);
        crate::embedding::host::deliver_downs(self.host.as_ref());
        progress
    }
}
