//! How compiled code calls a native function (BIF or NIF): the contract between code and the
//! natives layer above it.
//!
//! A native gets the calling context and its arguments (copied out of registers into `args`).
//! If it needs heap space it calls `ctx.reserve(words, args)`, which may collect: the registers,
//! stack, dictionary and the `args` slice are the roots, so terms read from `args` *after*
//! reserving are valid. Never hold a term in a local across `reserve`.
//!
//! The loader resolves imports to natives through a [`Resolver`] that the natives layer installs
//! at start-up (`natives::install`); the code layer never names a native itself.

use crate::processes::process::Process;
use crate::terms::atom;
use crate::terms::exception::{BifResult, Exception};
use crate::terms::heap::Reservation;
use crate::terms::term::{Atom, Term};
use std::sync::OnceLock;

pub type BifFn = fn(&mut Ctx, &mut [Term]) -> BifResult;
pub type Bif0Fn = fn(&mut Ctx) -> BifResult;

/// What a native may touch: its process, and the live x registers (roots for a collection).
pub struct Ctx<'a> {
    pub proc: &'a mut Process,
    pub x: &'a mut [Term],
    pub live: usize,
    /// False for guard BIFs compiled as `bif1`/`bif2` (no live-register count): they may still
    /// allocate, but into a heap fragment, never by collecting.
    pub may_collect: bool,
}

impl Ctx<'_> {
    /// Reserve `need` heap words; `extra` (usually the BIF's args) is kept alive and updated.
    #[inline]
    pub fn reserve<'s>(&'s mut self, need: usize, extra: &mut [Term]) -> Reservation<'s> {
        // No roots to gather when no collection is needed (the common case).
        if !self.may_collect || self.proc.heap.has_room(need) {
            return self.proc.heap.reserved(need);
        }
        let live = self.live.min(self.x.len());
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

/// The natives layer's lookups, installed once at start-up.
pub struct Resolver {
    /// The native implementing {M, F, A}, if there is one.
    pub lookup: fn(Atom, Atom, u32) -> Option<BifFn>,
    /// Zero-argument BIFs (`bif0`): only `self/0` and `node/0` in practice.
    pub lookup0: fn(Atom, Atom) -> Option<Bif0Fn>,
}

static RESOLVER: OnceLock<Resolver> = OnceLock::new();

/// Install the natives (the first call wins).
pub fn install(resolver: Resolver) {
    let _ = RESOLVER.set(resolver);
}

/// The native implementing {M, F, A}, if there is one.
pub fn lookup(module: Atom, function: Atom, arity: u32) -> Option<BifFn> {
    (RESOLVER.get()?.lookup)(module, function, arity)
}

/// The `bif0` implementing M:F/0, if there is one.
pub fn lookup0(module: Atom, function: Atom) -> Option<Bif0Fn> {
    (RESOLVER.get()?.lookup0)(module, function)
}

/// Stands in for a BIF the loader could not find: the interpreter raises `undef` naming the
/// import's {M, F, A} when it sees this function's result.
pub fn missing(_ctx: &mut Ctx, _args: &mut [Term]) -> BifResult {
    Err(Exception::error_atom(atom::UNDEF))
}
