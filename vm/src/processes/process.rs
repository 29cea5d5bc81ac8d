//! A process: registers it keeps between runs, stack, heap, dictionary, and exception state.
//!
//! Stack layout: a frame is `[CP, y(n-1), …, y1, y0]` in increasing index order, so `y(i)` is
//! `stack[len - 1 - i]` and `trim` is a truncation.

use crate::processes::keyed::Keyed;
use crate::processes::mailbox::Mailbox;
use crate::processes::signal::Inbox;
use crate::terms::heap::{Heap, Reservation};
use crate::terms::term::{Atom, CodePtr, Term};
use std::sync::Arc;

/// A monitor this process holds on another.
pub struct MonitorEntry {
    pub reference: u64,
    pub target: Term,
    /// Set when the target was named (the `'DOWN'` message then names it too).
    pub name: Option<Atom>,
    /// `{alias, demonitor}`: the monitor reference is also an alias, dropped with the monitor.
    pub alias_until_down: bool,
}

#[derive(Copy, Clone, Debug, PartialEq, Eq)]
#[repr(u8)]
pub enum Priority {
    Low = 0,
    Normal = 1,
    High = 2,
    Max = 3,
}

/// What a BIF asks the interpreter to do after it returns (BIFs that affect scheduling).
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum Control {
    None,
    /// Continue, but let other processes run first (`erlang:yield/0`, after `exit(self(), _)`).
    Yield,
    /// Call the same BIF again later, once others have run (its target was busy).
    Retry,
    /// End the process with this reason (not an exception: nothing can catch it).
    Die(Term),
    /// Stop the VM with this status (`erlang:halt`).
    Halt(i32),
}

pub struct Process {
    pub pid: Term,
    pub heap: Heap,
    pub stack: Vec<Term>,
    /// Process dictionary as flat key, value pairs (a root slice for the collector).
    pub dict: Vec<Term>,
    /// Where to resume.
    pub pc: CodePtr,
    /// Return address register (a code word), or NON_VALUE when empty.
    pub cp: Term,
    /// Saved x registers while not running.
    pub saved_x: Vec<Term>,
    pub reductions: u64,

    /// Where other processes' signals arrive (shared with them through the process table).
    pub inbox: Arc<Inbox>,
    pub mailbox: Mailbox,
    /// The linked processes (a set, keyed by pid).
    pub links: Keyed<Term, ()>,
    /// The monitors this process holds, by reference.
    pub monitors: Keyed<u64, MonitorEntry>,
    /// The watchers of the monitors others hold on this process, by reference.
    pub monitored_by: Keyed<u64, Term>,
    pub trap_exit: bool,
    /// The key of the armed `receive ... after` timer, and whether it has fired.
    pub receive_timer: Option<u64>,
    pub timed_out: bool,
    pub group_leader: Term,
    /// Heap words above which the process is killed (0: no limit).
    pub max_heap_words: usize,
    /// Set by a BIF, read by the interpreter right after the call.
    pub control: Control,
    /// A BIF call to make again when the process next runs (`Control::Retry`): {M, F, arity}.
    pub pending_call: Option<(Atom, Atom, u32)>,
    /// {M, F, A} the process was spawned with.
    pub initial_call: (Atom, Atom, u32),
}

impl Process {
    /// Bytes this process holds: its own struct, heap (fragments included), queued messages,
    /// stack and dictionary (`process_info(P, memory)`, `erlang:memory(processes)`).
    pub fn memory_bytes(&self) -> usize {
        // Each queued message costs its entry as well as its terms (OTP counts both).
        let queued: usize = self
            .mailbox
            .iter()
            .map(|m| {
                m.arena.words() + std::mem::size_of_val(m).div_ceil(crate::terms::term::WORD_BYTES)
            })
            .sum();
        (self.heap.capacity() + queued + self.stack.capacity() + self.dict.capacity())
            * crate::terms::term::WORD_BYTES
            + std::mem::size_of::<Process>()
            + self.inbox.queued_bytes()
    }

    pub fn new(id: usize, min_heap: usize) -> Process {
        Process {
            pid: Term::pid(id),
            heap: Heap::new(min_heap),
            stack: Vec::new(),
            dict: Vec::new(),
            pc: CodePtr {
                module: 0,
                offset: 0,
            },
            cp: Term::NON_VALUE,
            saved_x: Vec::new(),
            reductions: 0,
            inbox: Arc::new(Inbox::default()),
            mailbox: Mailbox::default(),
            links: Keyed::default(),
            monitors: Keyed::default(),
            monitored_by: Keyed::default(),
            trap_exit: false,
            receive_timer: None,
            timed_out: false,
            group_leader: Term::pid(id),
            max_heap_words: 0,
            control: Control::None,
            pending_call: None,
            initial_call: (crate::terms::atom::ERLANG, crate::terms::atom::APPLY, 0),
        }
    }

    pub fn add_link(&mut self, pid: Term) {
        if pid != self.pid {
            self.links.insert(pid, ());
        }
    }

    /// Hold monitor `m` (by its reference).
    pub fn add_monitor(&mut self, m: MonitorEntry) {
        self.monitors.insert(m.reference, m);
    }

    /// Reserve heap words keeping the stack, the dictionary and `extra` alive. Any x registers
    /// the caller still needs must be in `extra`.
    pub fn reserve(&mut self, need: usize, extra: &mut [Term]) -> Reservation<'_> {
        self.heap
            .reserve(need, &mut [&mut self.stack[..], &mut self.dict[..], extra])
    }
}
