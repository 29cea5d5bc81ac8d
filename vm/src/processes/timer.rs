//! Timers: `erlang:send_after`/`start_timer` and `receive ... after` timeouts.
//!
//! A binary heap ordered by deadline gives O(log n) insertion; cancellation removes the entry
//! from the table and leaves its heap slot to be skipped when it comes up (O(1) cancel, the heap
//! slot is reclaimed lazily). One lock guards both; it is held only for table operations.

use crate::platform::sync::Mutex;
use crate::terms::copy::Copied;
use crate::terms::term::Term;
use std::cmp::Reverse;
use std::collections::{BinaryHeap, HashMap};
use std::sync::OnceLock;

pub enum Action {
    /// Deliver `msg` to `dest` (a pid or a registered name).
    Send { dest: Term, msg: Copied },
    /// Tell process `pid` that its receive timer `key` fired.
    ReceiveTimeout { pid: Term, key: u64 },
}

#[derive(Default)]
struct Timers {
    order: BinaryHeap<Reverse<(u64, u64)>>,
    entries: HashMap<u64, (u64, Action)>,
}

fn timers() -> &'static Mutex<Timers> {
    static T: OnceLock<Mutex<Timers>> = OnceLock::new();
    T.get_or_init(Mutex::default)
}

/// Arm timer `key` (unique: a reference number) for `deadline` (monotonic ns).
pub fn start(key: u64, deadline: u64, action: Action) {
    let mut t = timers().lock();
    t.order.push(Reverse((deadline, key)));
    t.entries.insert(key, (deadline, action));
}

/// Disarm timer `key`; its deadline if it was armed.
pub fn cancel(key: u64) -> Option<u64> {
    timers().lock().entries.remove(&key).map(|(d, _)| d)
}

/// The deadline of timer `key`, if armed.
pub fn deadline(key: u64) -> Option<u64> {
    timers().lock().entries.get(&key).map(|(d, _)| d.to_owned())
}

/// The earliest deadline of an armed timer.
pub fn next_deadline() -> Option<u64> {
    let mut t = timers().lock();
    while let Some(&Reverse((d, key))) = t.order.peek() {
        if t.entries.get(&key).is_some_and(|e| e.0 == d) {
            return Some(d);
        }
        t.order.pop(); // cancelled
    }
    None
}

/// Remove and return every timer due at `now`.
pub fn take_due(now: u64) -> Vec<Action> {
    let mut t = timers().lock();
    let mut due = Vec::new();
    while let Some(&Reverse((d, key))) = t.order.peek() {
        if d > now {
            break;
        }
        t.order.pop();
        if t.entries.get(&key).is_some_and(|e| e.0 == d) {
            if let Some((_, a)) = t.entries.remove(&key) {
                due.push(a);
            }
        }
    }
    due
}
