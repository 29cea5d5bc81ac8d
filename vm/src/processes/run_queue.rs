//! The run queues: processes ready to run, by priority, and the count of idle schedulers that
//! a newly runnable process must wake.
//!
//! Locking rule: one lock for all queues, held only to push or pop.

use crate::platform;
use crate::platform::sync::Mutex;
use crate::processes::process::Priority;
use crate::processes::process_table::ProcessCell;
use std::collections::VecDeque;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

#[derive(Default)]
struct RunQueues {
    max: VecDeque<Arc<ProcessCell>>,
    high: VecDeque<Arc<ProcessCell>>,
    normal: VecDeque<Arc<ProcessCell>>,
    low: VecDeque<Arc<ProcessCell>>,
    /// Normal-priority picks since the last low one: low runs once per `LOW_EVERY` picks.
    since_low: u32,
}

const LOW_EVERY: u32 = 8;

/// Processes in the run queues: changed under the queue lock, read without it by schedulers
/// spinning before they sleep (a hint: the queue itself is always checked under the lock).
static QUEUED: AtomicUsize = AtomicUsize::new(0);

impl RunQueues {
    const fn new() -> RunQueues {
        RunQueues {
            max: VecDeque::new(),
            high: VecDeque::new(),
            normal: VecDeque::new(),
            low: VecDeque::new(),
            since_low: 0,
        }
    }
    fn push(&mut self, cell: Arc<ProcessCell>) {
        QUEUED.fetch_add(1, Ordering::Relaxed);
        match cell.inbox.priority() {
            Priority::Max => self.max.push_back(cell),
            Priority::High => self.high.push_back(cell),
            Priority::Normal => self.normal.push_back(cell),
            Priority::Low => self.low.push_back(cell),
        }
    }
    fn pop(&mut self) -> Option<Arc<ProcessCell>> {
        let next = self.pick();
        if next.is_some() {
            QUEUED.fetch_sub(1, Ordering::Relaxed);
        }
        next
    }
    fn pick(&mut self) -> Option<Arc<ProcessCell>> {
        if let Some(c) = self.max.pop_front().or_else(|| self.high.pop_front()) {
            return Some(c);
        }
        if self.since_low >= LOW_EVERY || self.normal.is_empty() {
            self.since_low = 0;
            if let Some(c) = self.low.pop_front() {
                return Some(c);
            }
        }
        self.since_low += 1;
        self.normal.pop_front()
    }
    fn is_empty(&self) -> bool {
        self.max.is_empty() && self.high.is_empty() && self.normal.is_empty() && self.low.is_empty()
    }
}

static QUEUES: Mutex<RunQueues> = Mutex::new(RunQueues::new());
/// Schedulers in their idle wait (or about to be).
static IDLE: AtomicUsize = AtomicUsize::new(0);

/// Put a process on its run queue (the caller made its state RUNNABLE), waking an idle
/// scheduler to run it.
pub fn make_runnable(cell: Arc<ProcessCell>) {
    QUEUES.lock().push(cell);
    if IDLE.load(Ordering::Acquire) > 0 {
        platform::get().wake();
    }
}

/// Put back a process its scheduler could not run now or that yielded: that scheduler is
/// awake and looks at the queues next.
pub fn requeue(cell: Arc<ProcessCell>) {
    QUEUES.lock().push(cell);
}

/// The next process to run.
pub fn pop() -> Option<Arc<ProcessCell>> {
    QUEUES.lock().pop()
}

pub fn is_empty() -> bool {
    QUEUES.lock().is_empty()
}

/// Processes queued, read without the lock: a hint for spinning schedulers.
pub fn queued() -> usize {
    QUEUED.load(Ordering::Relaxed)
}

/// A scheduler starts its idle wait.
pub fn idle_enter() {
    IDLE.fetch_add(1, Ordering::AcqRel);
}

/// A scheduler ends its idle wait.
pub fn idle_leave() {
    IDLE.fetch_sub(1, Ordering::AcqRel);
}

/// Schedulers in their idle wait.
pub fn idle() -> usize {
    IDLE.load(Ordering::Acquire)
}
