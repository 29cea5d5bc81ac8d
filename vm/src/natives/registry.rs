//! The registry of natives: every family's `BIFS` table, indexed by {M, F, A}, installed into
//! the code layer's resolver (`code::native`) so that the loader can bind imports to them.
//! Registering a native is adding a `BifEntry` to its family's table (and the table to
//! `natives::ALL`).

use crate::code::native::{self, Bif0Fn, BifFn, Resolver};
use crate::terms::atom;
use crate::terms::term::Atom;
use std::collections::HashMap;
use std::sync::OnceLock;

/// One registry entry: module, function, arity, implementation.
pub struct BifEntry {
    pub module: &'static str,
    pub function: &'static str,
    pub arity: u32,
    pub f: BifFn,
}

impl BifEntry {
    /// The entry for M:F/A.
    pub const fn new(
        module: &'static str,
        function: &'static str,
        arity: u32,
        f: BifFn,
    ) -> BifEntry {
        BifEntry {
            module,
            function,
            arity,
            f,
        }
    }

    /// An entry for a BIF in module `erlang`.
    pub const fn erlang(function: &'static str, arity: u32, f: BifFn) -> BifEntry {
        BifEntry::new("erlang", function, arity, f)
    }
}

static TABLE: OnceLock<HashMap<(Atom, Atom, u32), BifFn>> = OnceLock::new();

fn table() -> &'static HashMap<(Atom, Atom, u32), BifFn> {
    TABLE.get_or_init(|| {
        let mut map = HashMap::new();
        for list in crate::natives::ALL {
            for e in list.iter() {
                let m = atom::intern_str(e.module);
                let f = atom::intern_str(e.function);
                map.insert((m, f, e.arity), e.f);
            }
        }
        map
    })
}

fn lookup(module: Atom, function: Atom, arity: u32) -> Option<BifFn> {
    table().get(&(module, function, arity)).copied()
}

fn lookup0(module: Atom, function: Atom) -> Option<Bif0Fn> {
    if module != atom::ERLANG {
        return None;
    }
    match atom::name(function) {
        b"self" => Some(crate::natives::process_bifs::self0),
        b"node" => Some(crate::natives::process_bifs::node0),
        _ => None,
    }
}

/// Make the natives known to the loader (idempotent).
pub fn install() {
    native::install(Resolver { lookup, lookup0 });
}
