//! The interpreter's working state, shared by the loop (`interp.rs`) and the instruction handlers
//! (`ops_*.rs`): the process, the scheduler's registers, and where execution is.
//!
//! Handlers are `#[inline(always)]` functions of `&mut State` that the dispatcher inlines into
//! the loop, so the state lives in machine registers as the loop's locals did. Functions that are
//! not inlined (error paths, BIF calls, the map and binary families) are handed the fields they
//! need, never the `State` itself: taking its address out of the loop would keep it in memory.
//!
//! A handler returns a `Flow`: `Ok(())` goes on at `pc` (the next instruction, or where a jump,
//! call or return put it); `Err(Stopped)` raises an exception or leaves `run`, as the `Stop` the
//! handler left in this thread's stop slot says (`take_stop`). The reason travels through that
//! slot rather than the return value, and the slot is not a field, so that the loop carries
//! nothing for the many places that can stop: a wide `Result` merged from every handler, or one
//! more pointer held across the loop, costs registers on the hot path.

use crate::code::instr::{Dst, Instr, Label, Src};
use crate::code::module::{self, Module};
use crate::execution::interp::{internal_error, Exit, Fault, Regs, MAX_X, REDUCTIONS};
use crate::processes::process::Process;
use crate::terms::exception::Exception;
use crate::terms::term::{CodePtr, Term};
use std::cell::Cell;

pub(crate) struct State<'a> {
    pub proc: &'a mut Process,
    /// x and float registers.
    pub regs: &'a mut Regs,
    pub module: &'static Module,
    /// `module.code`.
    pub code: &'static [Instr],
    /// The next instruction: while a handler runs, `pc - 1` is its own offset.
    pub pc: usize,
    /// What is left of this slice's reduction budget.
    pub reductions: i64,
}

/// Why the loop does not simply go on at `pc`.
pub(crate) enum Stop {
    /// Raise at the current instruction (`pc - 1`), with the top frame `Fault` describes.
    Raise(Exception, Fault),
    /// Leave `run` with this.
    Exit(Exit),
}

/// A handler stopped: the reason is in this thread's stop slot.
pub(crate) struct Stopped;

thread_local! {
    /// Where a handler leaves its `Stop` for the loop (one interpreter runs per thread at a time).
    static STOP: Cell<Option<Stop>> = const { Cell::new(None) };
}

/// The `Stop` a handler left, if any.
pub(crate) fn take_stop() -> Option<Stop> {
    STOP.with(|s| s.take())
}

/// What a handler tells the loop.
pub(crate) type Flow = Result<(), Stopped>;

#[cold]
#[inline(never)]
pub(crate) fn stop_with(stop: Stop) -> Stopped {
    STOP.with(|s| s.set(Some(stop)));
    Stopped
}

#[cold]
#[inline(never)]
fn raise_here(exc: Exception) -> Stopped {
    stop_with(Stop::Raise(exc, Fault::Here))
}

#[cold]
#[inline(never)]
pub(crate) fn internal_here(what: &'static str) -> Stopped {
    raise_here(internal_error(what))
}

impl State<'_> {
    /// Raise `exc` at the current instruction.
    #[inline(always)]
    pub fn raise(&self, exc: Exception) -> Stopped {
        raise_here(exc)
    }

    /// Raise `exc` with the top frame `fault` describes.
    #[inline(always)]
    pub fn raise_with(&self, exc: Exception, fault: Fault) -> Stopped {
        stop_with(Stop::Raise(exc, fault))
    }

    /// An error only malformed code can cause (see `interp::internal_error`).
    #[inline(always)]
    pub fn internal(&self, what: &'static str) -> Stopped {
        internal_here(what)
    }

    /// Leave `run` with `exit`.
    #[inline(always)]
    pub fn exit(&self, exit: Exit) -> Stopped {
        stop_with(Stop::Exit(exit))
    }

    /// An x register named by an operand: the loader rejects indices >= MAX_X (a power of two),
    /// so masking never changes a valid index and needs no bounds check.
    #[inline(always)]
    pub fn xm(&self, i: usize) -> Term {
        self.regs.x[i & (MAX_X - 1)]
    }

    #[inline(always)]
    pub fn set_xm(&mut self, i: usize, v: Term) {
        self.regs.x[i & (MAX_X - 1)] = v;
    }

    /// An x register named by an arity (apply, call_fun): checked.
    #[inline(always)]
    pub fn xr(&self, i: u32) -> Result<Term, Stopped> {
        match self.regs.x.get(i as usize) {
            Some(v) => Ok(*v),
            None => Err(self.internal("x register out of range")),
        }
    }

    #[inline(always)]
    pub fn y(&self, i: usize) -> Result<Term, Stopped> {
        // One bounds check: an index past the frame wraps to a huge value and misses.
        let stack = &self.proc.stack;
        match stack.get(stack.len().wrapping_sub(1 + i)) {
            Some(v) => Ok(*v),
            None => Err(self.internal("y register outside the stack frame")),
        }
    }

    #[inline(always)]
    pub fn get(&self, s: Src) -> Result<Term, Stopped> {
        // Constants first: they need no memory access (see `Src`).
        let w = s.raw();
        if w & 0b11 != 0 {
            Ok(Term::from_raw(w))
        } else if w & 0b100 == 0 {
            Ok(self.xm(w >> 3))
        } else {
            self.y(w >> 3)
        }
    }

    #[inline(always)]
    pub fn set_y(&mut self, i: usize, v: Term) -> Flow {
        let stack = &mut self.proc.stack;
        let k = stack.len().wrapping_sub(1 + i);
        match stack.get_mut(k) {
            Some(slot) => {
                *slot = v;
                Ok(())
            }
            None => Err(self.internal("y register outside the stack frame")),
        }
    }

    #[inline(always)]
    pub fn put(&mut self, d: Dst, v: Term) -> Flow {
        match d {
            Dst::X(i) => {
                self.set_xm(i as usize, v);
                Ok(())
            }
            Dst::Y(i) => self.set_y(i as usize, v),
        }
    }

    #[inline(always)]
    pub fn fr(&self, i: u32) -> Result<f64, Stopped> {
        match self.regs.fr.get(i as usize) {
            Some(v) => Ok(*v),
            None => Err(self.internal("float register out of range")),
        }
    }

    /// Store a float result; a non-finite one raises `badarith`.
    #[inline(always)]
    pub fn set_fr(&mut self, i: u32, v: f64) -> Flow {
        if !v.is_finite() {
            return Err(self.raise(Exception::badarith()));
        }
        match self.regs.fr.get_mut(i as usize) {
            Some(slot) => {
                *slot = v;
                Ok(())
            }
            None => Err(self.internal("float register out of range")),
        }
    }

    #[inline(always)]
    pub fn jump(&mut self, label: Label) {
        self.pc = label as usize;
    }

    /// Go on at `label` unless `ok`.
    #[inline(always)]
    pub fn test(&mut self, ok: bool, fail: Label) -> Flow {
        if !ok {
            self.jump(fail);
        }
        Ok(())
    }

    /// The code position of `pc` in this module.
    #[inline(always)]
    pub fn here(&self) -> CodePtr {
        CodePtr {
            module: self.module.index,
            offset: self.pc as u32,
        }
    }

    /// Continue at (module index, offset).
    #[inline(always)]
    pub fn enter(&mut self, mi: u32, offset: u32) -> Flow {
        if mi != self.module.index {
            self.module = match module::by_index(mi) {
                Some(m) => m,
                None => return Err(self.internal("call into an unknown module")),
            };
            self.code = &self.module.code;
        }
        self.pc = offset as usize;
        Ok(())
    }

    /// The return address of a call is `pc`.
    #[inline(always)]
    pub fn save_cp(&mut self) {
        self.proc.cp = self.here().encode_return();
    }

    /// Drop a frame of `n` y registers, restoring the return address it saved.
    #[inline(always)]
    pub fn dealloc(&mut self, n: u32) -> Flow {
        let stack = &mut self.proc.stack;
        match stack.len().checked_sub(n as usize + 1) {
            Some(k) => {
                self.proc.cp = stack[k];
                stack.truncate(k);
                Ok(())
            }
            None => Err(self.internal("deallocate beyond the stack")),
        }
    }

    /// Return to the continuation pointer; from the outermost call, end the run.
    #[inline(always)]
    pub fn ret(&mut self) -> Flow {
        if self.proc.cp.is_non_value() {
            self.proc.pc = self.here();
            return Err(self.exit(Exit::Returned(self.regs.x[0])));
        }
        let cp = CodePtr::decode(self.proc.cp);
        self.proc.cp = Term::NON_VALUE;
        self.enter(cp.module, cp.offset)
    }

    /// Count a reduction at a call; yield when the budget is spent (x0..arity are live).
    #[inline(always)]
    pub fn reduce(&mut self, arity: u32) -> Flow {
        self.reductions -= 1;
        if self.reductions <= 0 {
            return Err(yield_at(self.proc, &self.regs.x, self.here(), arity));
        }
        Ok(())
    }
}

/// The budget is spent: save where to continue and the live x registers.
#[cold]
#[inline(never)]
fn yield_at(proc: &mut Process, x: &[Term; MAX_X], at: CodePtr, arity: u32) -> Stopped {
    proc.reductions += REDUCTIONS as u64;
    proc.pc = at;
    proc.saved_x.clear();
    proc.saved_x
        .extend_from_slice(&x[..(arity as usize).min(MAX_X)]);
    stop_with(Stop::Exit(Exit::Yielded))
}
