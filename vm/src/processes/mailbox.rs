//! A process's private message queue and the receive cursor the `receive` instructions move.
//!
//! Messages arrive through the process's signal inbox (`signal.rs`), appended by any thread, and
//! are moved here by the owner. Each message owns the arena its term was copied into; when a
//! `receive` takes it (`remove_message`), the arena is handed to the process heap, and the next
//! collection folds it in.
//!
//! The cursor (`save`) is where `loop_rec` looks next. Receive markers (`recv_marker_*`, OTP 24+)
//! remember a queue position so that a receive for a reply to a fresh reference skips every
//! message that was queued before the reference existed.

use crate::terms::copy::Copied;
use std::collections::VecDeque;

/// At most this many markers are kept (a nested receive needs two); older ones are forgotten,
/// which only costs a longer scan.
const MAX_MARKERS: usize = 4;

#[derive(Default)]
pub struct Mailbox {
    queue: VecDeque<Copied>,
    /// Index of the next message `loop_rec` examines.
    save: usize,
    markers: Vec<Marker>,
    next_marker: usize,
}

struct Marker {
    id: usize,
    /// Queue position when the marker was reserved.
    position: usize,
    /// The reference it was bound to (its number), once bound.
    bound: Option<u64>,
}

impl Mailbox {
    pub fn len(&self) -> usize {
        self.queue.len()
    }
    pub fn is_empty(&self) -> bool {
        self.queue.is_empty()
    }
    pub fn push(&mut self, m: Copied) {
        self.queue.push_back(m);
    }
    /// The message under the cursor.
    pub fn current(&self) -> Option<&Copied> {
        self.queue.get(self.save)
    }
    /// `loop_rec_end`: the current message did not match; look at the next.
    pub fn advance(&mut self) {
        self.save += 1;
    }
    /// `remove_message`: take the current message; the next receive starts from the front.
    pub fn take_current(&mut self) -> Option<Copied> {
        let m = self.queue.remove(self.save)?;
        let taken = self.save;
        for mk in &mut self.markers {
            if mk.position > taken {
                mk.position -= 1;
            }
        }
        self.save = 0;
        Some(m)
    }
    /// `timeout`: the receive gave up; the next one starts from the front.
    pub fn rewind(&mut self) {
        self.save = 0;
    }
    /// Remove every message for which `pred` holds (demonitor's `flush`).
    pub fn remove_where(&mut self, mut pred: impl FnMut(&Copied) -> bool) -> usize {
        let mut removed = 0;
        let mut i = 0;
        while i < self.queue.len() {
            if pred(&self.queue[i]) {
                self.queue.remove(i);
                for mk in &mut self.markers {
                    if mk.position > i {
                        mk.position -= 1;
                    }
                }
                removed += 1;
            } else {
                i += 1;
            }
        }
        self.save = 0;
        removed
    }
    pub fn iter(&self) -> impl Iterator<Item = &Copied> {
        self.queue.iter()
    }

    /// `recv_marker_reserve`: remember the current end of the queue. The caller has moved every
    /// arrived message into the queue first.
    pub fn reserve_marker(&mut self) -> usize {
        if self.markers.len() == MAX_MARKERS {
            self.markers.remove(0);
        }
        self.next_marker += 1;
        let id = self.next_marker;
        self.markers.push(Marker {
            id,
            position: self.queue.len(),
            bound: None,
        });
        id
    }
    /// `recv_marker_bind`: tie a reserved marker to a reference.
    pub fn bind_marker(&mut self, id: usize, reference: u64) {
        if let Some(m) = self.markers.iter_mut().find(|m| m.id == id) {
            m.bound = Some(reference);
        }
    }
    /// `recv_marker_clear`: forget the marker bound to `reference`.
    pub fn clear_marker(&mut self, reference: u64) {
        self.markers.retain(|m| m.bound != Some(reference));
    }
    /// `recv_marker_use`: start the receive at the marker bound to `reference`, if any.
    pub fn use_marker(&mut self, reference: u64) {
        if let Some(m) = self.markers.iter().find(|m| m.bound == Some(reference)) {
            if m.position > self.save {
                self.save = m.position.min(self.queue.len());
            }
        }
    }
}
