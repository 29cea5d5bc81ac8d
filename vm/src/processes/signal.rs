//! Signals between processes and the inbox they travel in.
//!
//! Every message and signal to a process goes through one ordered queue (`Inbox`), appended by
//! any thread under a short lock; the owner moves them out when it runs (`drain`). One queue per
//! receiver keeps Erlang's guarantee that signals from one process to another arrive in the order
//! they were sent.
//!
//! The inbox also carries the process's scheduling state, so that a sender can tell whether it
//! has to put the receiver on a run queue: see `Inbox::push` and `scheduler.rs`.

use crate::platform::sync::Mutex;
use crate::processes::process::{Priority, Process};
use crate::terms::atom;
use crate::terms::copy::Copied;
use crate::terms::heap::Alloc;
use crate::terms::term::{Atom, Term};
use std::collections::VecDeque;
use std::sync::atomic::{AtomicU8, Ordering};

pub enum Signal {
    Message(Copied),
    /// An exit signal: from a link (`linked`) or from `exit/2`.
    Exit {
        from: Term,
        reason: Copied,
        linked: bool,
    },
    Link {
        from: Term,
    },
    Unlink {
        from: Term,
    },
    /// `from` monitors the receiver under `reference`; `name` if it was monitored by name.
    Monitor {
        from: Term,
        reference: u64,
        // Not read yet: a DOWN for a monitor by name names the pid.
        #[allow(dead_code)]
        name: Option<Atom>,
    },
    Demonitor {
        reference: u64,
    },
    /// The process the receiver monitored under `reference` has exited.
    Down {
        from: Term,
        reference: u64,
        reason: Copied,
        name: Option<Atom>,
    },
    /// The receive timer `key` has fired.
    ReceiveTimeout {
        key: u64,
    },
}

/// Room a `Down` or `Exit` signal's arena keeps beside the reason for the message built from it
/// (`{'DOWN', Ref, process, {Name, Node}, Reason}` is the largest).
pub const NOTICE_WORDS: usize = 6 + crate::terms::reference::REF_WORDS + 3;

/// Scheduling states (see `scheduler.rs`).
pub const WAITING: u8 = 0;
pub const RUNNABLE: u8 = 1;
pub const RUNNING: u8 = 2;
/// Running, and a signal arrived meanwhile: look at the inbox again before waiting.
pub const NOTIFIED: u8 = 3;
pub const EXITED: u8 = 4;

pub struct Inbox {
    signals: Mutex<InboxQueue>,
    pub state: AtomicU8,
    /// The process's priority (read by whoever enqueues it).
    priority: AtomicU8,
}

struct InboxQueue {
    queue: VecDeque<Signal>,
    /// Set when the owner has exited: nothing more is accepted.
    closed: bool,
}

impl Default for Inbox {
    fn default() -> Self {
        Inbox {
            signals: Mutex::new(InboxQueue {
                queue: VecDeque::new(),
                closed: false,
            }),
            state: AtomicU8::new(WAITING),
            priority: AtomicU8::new(Priority::Normal as u8),
        }
    }
}

impl Inbox {
    pub fn priority(&self) -> Priority {
        match self.priority.load(Ordering::Relaxed) {
            0 => Priority::Low,
            2 => Priority::High,
            3 => Priority::Max,
            _ => Priority::Normal,
        }
    }
    pub fn set_priority(&self, p: Priority) {
        self.priority.store(p as u8, Ordering::Relaxed);
    }

    /// Append a signal. Returns it back if the owner has exited. On success, says whether the
    /// caller must put the owner on a run queue (it was waiting and nobody else will).
    pub fn push(&self, s: Signal) -> Result<bool, Signal> {
        {
            let mut q = self.signals.lock();
            if q.closed {
                return Err(s);
            }
            q.queue.push_back(s);
        }
        loop {
            let state = self.state.load(Ordering::Acquire);
            let next = match state {
                WAITING => RUNNABLE,
                RUNNING => NOTIFIED,
                _ => return Ok(false),
            };
            if self
                .state
                .compare_exchange(state, next, Ordering::AcqRel, Ordering::Acquire)
                .is_ok()
            {
                return Ok(state == WAITING);
            }
        }
    }

    /// Take everything queued so far.
    pub fn take_all(&self) -> VecDeque<Signal> {
        std::mem::take(&mut self.signals.lock().queue)
    }

    /// Messages queued and not yet moved into the mailbox.
    pub fn message_count(&self) -> usize {
        let q = self.signals.lock();
        q.queue
            .iter()
            .filter(|s| matches!(s, Signal::Message(_)))
            .count()
    }

    /// Bytes held by the signals queued here (entries and the terms they carry): part of the
    /// receiver's `process_info(P, memory)`, as OTP counts a queue's messages.
    pub fn queued_bytes(&self) -> usize {
        let q = self.signals.lock();
        let words: usize = q
            .queue
            .iter()
            .map(|s| match s {
                Signal::Message(m) => m.arena.words(),
                Signal::Exit { reason, .. } | Signal::Down { reason, .. } => reason.arena.words(),
                _ => 0,
            })
            .sum();
        q.queue.len() * std::mem::size_of::<Signal>() + words * crate::terms::term::WORD_BYTES
    }

    /// Refuse further signals and hand back what was still queued (the owner is exiting).
    pub fn close(&self) -> VecDeque<Signal> {
        let mut q = self.signals.lock();
        q.closed = true;
        std::mem::take(&mut q.queue)
    }
}

/// How draining the inbox left the process.
pub enum Fate {
    Lives,
    /// An exit signal ended it with this reason (on the process heap, or an immediate).
    Dies(Term),
}

/// Move arrived signals into the process: messages into its mailbox, links and monitors into its
/// tables, exit signals applied. Stops at the first signal that ends the process.
pub fn drain(proc: &mut Process) -> Fate {
    let signals = proc.inbox.take_all();
    let mut rest = signals.into_iter();
    while let Some(s) = rest.next() {
        if let Fate::Dies(reason) = apply(proc, s) {
            // Whatever came after no longer matters (links and monitors are answered at exit).
            for s in rest {
                if let Signal::Link { from } = s {
                    proc.add_link(from);
                } else if let Signal::Monitor {
                    from, reference, ..
                } = s
                {
                    proc.monitored_by.insert(reference, from);
                }
            }
            return Fate::Dies(reason);
        }
    }
    Fate::Lives
}

fn apply(proc: &mut Process, s: Signal) -> Fate {
    match s {
        Signal::Message(m) => proc.mailbox.push(m),
        Signal::Exit {
            from,
            reason,
            linked,
        } => {
            if linked && proc.links.remove(&from).is_none() {
                return Fate::Lives; // unlinked meanwhile
            }
            let r = reason.term;
            if !linked && r == Term::atom(atom::KILL) {
                return Fate::Dies(Term::atom(atom::KILLED));
            }
            if proc.trap_exit {
                proc.mailbox.push(exit_message(from, reason));
                return Fate::Lives;
            }
            if r == Term::atom(atom::NORMAL) && from != proc.pid {
                return Fate::Lives;
            }
            proc.heap.adopt(reason.arena);
            return Fate::Dies(r);
        }
        Signal::Link { from } => proc.add_link(from),
        Signal::Unlink { from } => {
            proc.links.remove(&from);
        }
        Signal::Monitor {
            from, reference, ..
        } => proc.monitored_by.insert(reference, from),
        Signal::Demonitor { reference } => {
            proc.monitored_by.remove(&reference);
        }
        Signal::Down {
            from,
            reference,
            reason,
            name,
        } => {
            let Some(m) = proc.monitors.remove(&reference) else {
                return Fate::Lives; // demonitored meanwhile
            };
            if m.alias_until_down {
                crate::processes::process_table::unalias(reference);
            }
            proc.mailbox
                .push(down_message(from, reference, reason, m.name.or(name)));
        }
        Signal::ReceiveTimeout { key } => {
            if proc.receive_timer == Some(key) {
                proc.receive_timer = None;
                proc.timed_out = true;
            }
        }
    }
    Fate::Lives
}

/// `{'EXIT', From, Reason}`, built in the reason's arena (which has room for it).
fn exit_message(from: Term, mut reason: Copied) -> Copied {
    let t = reason
        .arena
        .tuple(&[Term::atom(atom::EXIT_TAG), from, reason.term]);
    Copied {
        term: t,
        arena: reason.arena,
    }
}

/// `{'DOWN', Ref, process, Pid | {Name, Node}, Reason}`.
fn down_message(from: Term, reference: u64, mut reason: Copied, name: Option<Atom>) -> Copied {
    let a = &mut reason.arena;
    let r = crate::terms::reference::build_ref(a, reference);
    let who = match name {
        Some(n) => a.tuple(&[Term::atom(n), Term::atom(crate::terms::local_node::name())]),
        None => from,
    };
    let t = a.tuple(&[
        Term::atom(atom::DOWN),
        r,
        Term::atom(atom::PROCESS),
        who,
        reason.term,
    ]);
    Copied {
        term: t,
        arena: reason.arena,
    }
}
