//! A process: registers it keeps between runs, stack, heap, dictionary, and exception state.
//!
//! Stack layout: a frame is `[CP, y(n-1), …, y1, y0]` in increasing index order, so `y(i)` is
//! `stack[len - 1 - i]` and `trim` is a truncation.

use crate::heap::{Heap, Reservation};
use crate::term::{CodePtr, Term};

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
}

impl Process {
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
        }
    }

    /// Reserve heap words keeping the stack, the dictionary and `extra` alive. Any x registers
    /// the caller still needs must be in `extra`.
    pub fn reserve(&mut self, need: usize, extra: &mut [Term]) -> Reservation<'_> {
        self.heap
            .reserve(need, &mut [&mut self.stack[..], &mut self.dict[..], extra])
    }

    #[inline]
    pub fn y(&self, i: u32) -> Term {
        self.stack[self.stack.len() - 1 - i as usize]
    }
    #[inline]
    pub fn set_y(&mut self, i: u32, t: Term) {
        let n = self.stack.len();
        self.stack[n - 1 - i as usize] = t;
    }
}
