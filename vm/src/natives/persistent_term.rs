//! persistent_term: a VM-wide key-value store for terms read often and written seldom.
//!
//! Each key and value is copied into its own arena outside every process heap. `get` hands out
//! the stored term itself, without copying: the collector leaves pointers outside a process heap
//! alone (as it does for module literals), and sending or storing such a term shares it.
//!
//! OTP's rule for `put` and `erase`: a process that read the old value may go on using it. OTP
//! copies the old value into every process that still refers to it (a global collection); here
//! the old entry is *retired* instead: kept, never freed, for the life of the VM. Storing an
//! equal value again is free (nothing changes), as in OTP; what a program churns through
//! repeated `put`s of different values stays allocated, which is the cost of lock-free reads
//! with no copying.

use crate::code::native::Ctx;
use crate::natives::ets::ExactKey;
use crate::natives::registry::BifEntry;
use crate::platform::sync::{Mutex, RwLock};
use crate::terms::atom;
use crate::terms::compare::eq_exact;
use crate::terms::copy::{copy, Copied};
use crate::terms::exception::{BifResult, Exception};
use crate::terms::heap::{words, Alloc};
use crate::terms::map;
use crate::terms::term::{Term, WORD_BYTES};
use std::collections::HashMap;
use std::sync::{Arc, OnceLock};

struct Entry {
    key: Copied,
    value: Copied,
}

type Store = HashMap<ExactKey, Arc<Entry>>;

static STORE: OnceLock<RwLock<Store>> = OnceLock::new();
/// Entries replaced or erased: kept so that terms processes still hold stay valid.
static RETIRED: Mutex<Vec<Arc<Entry>>> = Mutex::new(Vec::new());

fn store() -> &'static RwLock<Store> {
    STORE.get_or_init(|| RwLock::new(HashMap::new()))
}

fn retire(e: Arc<Entry>) {
    RETIRED.lock().push(e);
}

const fn bif(function: &'static str, arity: u32, f: crate::code::native::BifFn) -> BifEntry {
    BifEntry::new("persistent_term", function, arity, f)
}

/// persistent_term:put(Key, Value)
fn put(ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    let (k, v) = (args[0], args[1]);
    if let Some(old) = store().read().get(&ExactKey(k)) {
        if eq_exact(old.value.term, v) {
            return Ok(Term::atom(atom::OK));
        }
    }
    let entry = Arc::new(Entry {
        key: copy(k, &ctx.proc.heap),
        value: copy(v, &ctx.proc.heap),
    });
    let old = {
        let mut s = store().write();
        // The index key points into the entry it names: replace both together.
        let old = s.remove(&ExactKey(k));
        s.insert(ExactKey(entry.key.term), entry);
        old
    };
    if let Some(old) = old {
        retire(old);
    }
    Ok(Term::atom(atom::OK))
}

/// persistent_term:get(Key): `badarg` if there is no such key.
fn get1(_ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    match store().read().get(&ExactKey(args[0])) {
        Some(e) => Ok(e.value.term),
        None => Err(Exception::badarg()),
    }
}

/// persistent_term:get(Key, Default)
fn get2(_ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    Ok(store()
        .read()
        .get(&ExactKey(args[0]))
        .map_or(args[1], |e| e.value.term))
}

/// persistent_term:get(): every `{Key, Value}`.
fn get0(ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    let pairs: Vec<(Term, Term)> = store()
        .read()
        .values()
        .map(|e| (e.key.term, e.value.term))
        .collect();
    let mut r = ctx.reserve(pairs.len() * (words::tuple(2) + words::CONS), args);
    let mut list = Term::NIL;
    for (k, v) in pairs {
        let t = r.tuple(&[k, v]);
        list = r.cons(t, list);
    }
    Ok(list)
}

/// persistent_term:erase(Key): true if it was there.
fn erase(_ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    let old = store().write().remove(&ExactKey(args[0]));
    let found = old.is_some();
    if let Some(old) = old {
        retire(old);
    }
    Ok(Term::boolean(found))
}

/// persistent_term:info(): `#{count => N, memory => Bytes}`.
fn info(ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    let (count, words_used) = {
        let s = store().read();
        let w: usize = s
            .values()
            .map(|e| e.key.arena.words() + e.value.arena.words())
            .sum();
        (s.len(), w)
    };
    let keys = [
        Term::atom(atom::intern_str("count")),
        Term::atom(atom::intern_str("memory")),
    ];
    let bytes = words_used * WORD_BYTES;
    let mut r = ctx.reserve(map::words(2), args);
    Ok(map::build(
        &mut r,
        &keys,
        &[Term::small(count as isize), Term::small(bytes as isize)],
    ))
}

pub const BIFS: &[BifEntry] = &[
    bif("put", 2, put),
    bif("get", 1, get1),
    bif("get", 2, get2),
    bif("get", 0, get0),
    bif("erase", 1, erase),
    bif("info", 0, info),
];
