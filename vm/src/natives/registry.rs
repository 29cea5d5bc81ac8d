//! BIF calling convention and the registry the loader resolves imports against.
//!
//! A BIF gets the calling context and its arguments (copied out of registers into `args`). If it
//! needs heap space it calls `ctx.reserve(words, args)`, which may collect: the registers, stack,
//! dictionary and the `args` slice are the roots, so terms read from `args` *after* reserving are
//! valid. Never hold a term in a local across `reserve`.

use crate::processes::process::Process;
use crate::terms::exception::BifResult;
use crate::terms::heap::Reservation;
use crate::terms::term::{Atom, Term};
use std::collections::HashMap;
use std::sync::OnceLock;

pub type BifFn = fn(&mut Ctx, &mut [Term]) -> BifResult;
pub type Bif0Fn = fn(&mut Ctx) -> BifResult;

/// What a BIF may touch: its process, and the live x registers (roots for a collection).
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
    pub fn reserve<'s>(&'s mut self, need: usize, extra: &mut [Term]) -> Reservation<'s> {
        if !self.may_collect {
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

/// One registry entry: module, function, arity, implementation.
pub struct BifEntry {
    pub module: &'static str,
    pub function: &'static str,
    pub arity: u32,
    pub f: BifFn,
}

impl BifEntry {
    /// An entry for a BIF in module `erlang`.
    pub const fn erlang(function: &'static str, arity: u32, f: BifFn) -> BifEntry {
        BifEntry {
            module: "erlang",
            function,
            arity,
            f,
        }
    }
}

static TABLE: OnceLock<HashMap<(Atom, Atom, u32), BifFn>> = OnceLock::new();

fn table() -> &'static HashMap<(Atom, Atom, u32), BifFn> {
    TABLE.get_or_init(|| {
        let mut map = HashMap::new();
        for list in crate::natives::ALL {
            for e in list.iter() {
                let m = crate::terms::atom::intern_str(e.module);
                let f = crate::terms::atom::intern_str(e.function);
                map.insert((m, f, e.arity), e.f);
            }
        }
        map
    })
}

/// The BIF implementing {M, F, A}, if there is one.
pub fn lookup(module: Atom, function: Atom, arity: u32) -> Option<BifFn> {
    table().get(&(module, function, arity)).copied()
}

/// Every registered BIF's {M, F, A} (for `erlang:module_info(exports)` and tests).
pub fn all() -> Vec<(Atom, Atom, u32)> {
    table().keys().copied().collect()
}

/// Zero-argument BIFs (`bif0`): only `self/0` and `node/0` in practice.
pub fn lookup0(module: Atom, function: Atom) -> Option<Bif0Fn> {
    if module != crate::terms::atom::ERLANG {
        return None;
    }
    match crate::terms::atom::name(function) {
        b"self" => Some(crate::natives::process_bifs::self0),
        b"node" => Some(crate::natives::process_bifs::node0),
        _ => None,
    }
}

/// Stands in for a BIF the loader could not find: the interpreter raises `undef` naming the
/// import's {M, F, A} when it sees this function's result.
pub fn missing(_ctx: &mut Ctx, _args: &mut [Term]) -> BifResult {
    Err(crate::terms::exception::Exception::error_atom(
        crate::terms::atom::UNDEF,
    ))
}
