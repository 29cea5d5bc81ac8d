//! What an instruction implemented outside the interpreter loop may touch: the process and the
//! x registers, with checked register access. Map and binary instructions run through this
//! (`map_instr.rs`, `bin_instr.rs`): they are not the hottest and keep `interp.rs` small.

use crate::code::instr::{Dst, Label, Src, SrcKind};
use crate::execution::interp::internal_error;
use crate::processes::process::Process;
use crate::terms::exception::Exception;
use crate::terms::heap::Reservation;
use crate::terms::term::Term;

/// How an out-of-line instruction continues.
pub enum Step {
    /// Go on with the next instruction.
    Next,
    /// Jump to a label (a failed test).
    Jump(Label),
}

pub struct ExecCtx<'a> {
    pub proc: &'a mut Process,
    pub x: &'a mut [Term],
}

impl ExecCtx<'_> {
    pub fn get(&self, s: Src) -> Result<Term, Exception> {
        match s.kind() {
            SrcKind::C(t) => Ok(t),
            SrcKind::X(i) => self
                .x
                .get(i as usize)
                .copied()
                .ok_or_else(|| internal_error("x register out of range")),
            SrcKind::Y(i) => {
                let k = self.proc.stack.len().wrapping_sub(1 + i as usize);
                self.proc
                    .stack
                    .get(k)
                    .copied()
                    .ok_or_else(|| internal_error("y register outside the stack frame"))
            }
        }
    }

    pub fn put(&mut self, d: Dst, v: Term) -> Result<(), Exception> {
        let slot = match d {
            Dst::X(i) => self.x.get_mut(i as usize),
            Dst::Y(i) => {
                let k = self.proc.stack.len().wrapping_sub(1 + i as usize);
                self.proc.stack.get_mut(k)
            }
        };
        match slot {
            Some(s) => {
                *s = v;
                Ok(())
            }
            None => Err(internal_error("destination register out of range")),
        }
    }

    /// Reserve heap words; x0..live, the stack, the dictionary and `extra` are roots (updated in
    /// place if the heap moves). Terms held elsewhere must be re-read afterwards.
    pub fn reserve(&mut self, need: usize, live: u32, extra: &mut [Term]) -> Reservation<'_> {
        let live = (live as usize).min(self.x.len());
        let p = &mut *self.proc;
        p.heap.reserve(
            need,
            &mut [
                &mut self.x[..live],
                &mut p.stack[..],
                &mut p.dict[..],
                extra,
            ],
        )
    }
}
