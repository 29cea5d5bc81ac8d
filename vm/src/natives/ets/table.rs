//! ETS tables as resources: the VM-wide registry (id → table, name → id, owner → ids), the
//! table's settings, its owner and heir, and what happens when the owner exits.
//!
//! Locking rule: the registry lock is held only to add, find, rename, re-own or remove tables,
//! never while waiting for a table's lock; a caller may hold a table's lock and then take the
//! registry lock (rename, give_away). A table's objects are behind its own `RwLock`: readers
//! share it, writers (and every operation that changes the owner) hold it alone, so each
//! operation on one table is atomic.

use crate::platform::sync::RwLock;
use crate::processes::process_table;
use crate::processes::signal::Signal;
use crate::terms::atom;
use crate::terms::copy::{copy_into, size, Copied, Source};
use crate::terms::heap::{words, Alloc, Arena};
use crate::terms::reference::{build_ref, next_ref_number, REF_WORDS};
use crate::terms::term::{Atom, Term};
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, OnceLock};

use super::storage::Store;

/// Copies everything a term reaches, wherever it lives (table arenas, scratch arenas, literals):
/// for results assembled from several places.
pub struct Everywhere;

impl Source for Everywhere {
    fn holds(&self, _p: *const usize) -> bool {
        true
    }
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Access {
    Public,
    Protected,
    Private,
}

pub struct Table {
    pub id: u64,
    /// The name (also for unnamed tables: `info(T, name)` reports it).
    pub name: Atom,
    pub named: bool,
    pub access: Access,
    pub owner: Term,
    /// The heir and the data it receives in `'ETS-TRANSFER'`.
    pub heir: Option<(Term, Copied)>,
    pub read_concurrency: bool,
    pub write_concurrency: bool,
    pub decentralized_counters: bool,
    pub store: Store,
    /// Deleted while a caller still held it: operations see no table.
    pub deleted: bool,
    /// `ets:safe_fixtable/2`: the processes holding a fix and how many times each, and when the
    /// first fix was taken (monotonic and system nanoseconds).
    pub fixers: Vec<(Term, usize)>,
    pub fixed_at: (u64, i64),
}

pub type Shared = Arc<RwLock<Table>>;

/// Table ids are sequential reference numbers: a multiplicative hash spreads them well and costs
/// far less than the default SipHash on every table access.
#[derive(Default)]
struct IdHasher(u64);

impl Hasher for IdHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 ^ b as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        }
    }
    fn write_u64(&mut self, v: u64) {
        self.0 = v.wrapping_mul(0x9E37_79B9_7F4A_7C15);
    }
}

struct Registry {
    tables: HashMap<u64, Shared, BuildHasherDefault<IdHasher>>,
    names: HashMap<Atom, u64>,
    /// owner pid (raw word) → its tables, so an exit finds its own without a scan.
    owned: HashMap<usize, Vec<u64>>,
}

static REGISTRY: OnceLock<RwLock<Registry>> = OnceLock::new();
/// Tables alive: an exiting process looks further only when there are any.
static COUNT: AtomicUsize = AtomicUsize::new(0);

fn registry() -> &'static RwLock<Registry> {
    REGISTRY.get_or_init(|| {
        RwLock::new(Registry {
            tables: HashMap::default(),
            names: HashMap::new(),
            owned: HashMap::new(),
        })
    })
}

/// A fresh table id.
pub fn new_id() -> u64 {
    next_ref_number()
}

/// Add a table; false if it is named and the name is taken.
pub fn register(table: Table) -> bool {
    let mut r = registry().write();
    if table.named && r.names.contains_key(&table.name) {
        return false;
    }
    let (id, owner) = (table.id, table.owner);
    if table.named {
        r.names.insert(table.name, id);
    }
    r.owned.entry(owner.raw()).or_default().push(id);
    r.tables.insert(id, Arc::new(RwLock::new(table)));
    COUNT.fetch_add(1, Ordering::AcqRel);
    true
}

/// The id a table argument names: a named table's atom, or a table reference.
pub fn resolve(t: Term) -> Option<u64> {
    if let Some(a) = t.as_atom() {
        return registry().read().names.get(&a).copied();
    }
    crate::terms::reference::ref_number(t)
}

/// The table a table argument names (one registry lookup).
pub fn find(t: Term) -> Option<Shared> {
    let r = registry().read();
    let id = match t.as_atom() {
        Some(a) => *r.names.get(&a)?,
        None => crate::terms::reference::ref_number(t)?,
    };
    r.tables.get(&id).cloned()
}

pub fn get(id: u64) -> Option<Shared> {
    registry().read().tables.get(&id).cloned()
}

/// Every table: (id, name if named).
pub fn all() -> Vec<(u64, Option<Atom>)> {
    let r = registry().read();
    let named: HashMap<u64, Atom> = r.names.iter().map(|(&a, &id)| (id, a)).collect();
    let mut v: Vec<(u64, Option<Atom>)> = r
        .tables
        .keys()
        .map(|&id| (id, named.get(&id).copied()))
        .collect();
    v.sort_unstable_by_key(|e| e.0);
    v
}

/// Rename a named table's registration (false if `new` is taken).
pub fn rename(id: u64, old: Atom, new: Atom) -> bool {
    let mut r = registry().write();
    if r.names.contains_key(&new) {
        return old == new;
    }
    if r.names.get(&old) == Some(&id) {
        r.names.remove(&old);
    }
    r.names.insert(new, id);
    true
}

/// Record that `owner` now owns table `id` (the table's own field is the caller's to set).
pub fn set_owner(id: u64, old: Term, owner: Term) {
    let mut r = registry().write();
    disown(&mut r.owned, old, id);
    r.owned.entry(owner.raw()).or_default().push(id);
}

/// Take table `id` out of the registry; its memory goes when the last holder lets go.
pub fn unregister(table: &mut Table) {
    let mut r = registry().write();
    if r.tables.remove(&table.id).is_none() {
        return;
    }
    if table.named && r.names.get(&table.name) == Some(&table.id) {
        r.names.remove(&table.name);
    }
    disown(&mut r.owned, table.owner, table.id);
    COUNT.fetch_sub(1, Ordering::AcqRel);
    drop(r);
    table.deleted = true;
    table.store.clear();
    table.heir = None;
}

fn disown(owned: &mut HashMap<usize, Vec<u64>>, owner: Term, id: u64) {
    if let Some(ids) = owned.get_mut(&owner.raw()) {
        ids.retain(|&i| i != id);
        if ids.is_empty() {
            owned.remove(&owner.raw());
        }
    }
}

/// The term a program sees for a table: its name if named, else its reference.
pub fn words_for_handle(t: &Table) -> usize {
    if t.named {
        0
    } else {
        REF_WORDS
    }
}

pub fn build_handle<A: Alloc + ?Sized>(a: &mut A, t: &Table) -> Term {
    if t.named {
        Term::atom(t.name)
    } else {
        build_ref(a, t.id)
    }
}

/// Send `{'ETS-TRANSFER', Tab, From, Data}` to the table's new owner.
pub fn send_transfer(t: &Table, to: Term, from: Term, data: Term) -> bool {
    let need = size(data, &Everywhere) + words::tuple(4) + words_for_handle(t);
    let mut arena = Arena::with_words(need);
    let data = copy_into(&mut arena, data, &Everywhere);
    let handle = build_handle(&mut arena, t);
    let tag = Term::atom(atom::intern_str("ETS-TRANSFER"));
    let msg = arena.tuple(&[tag, handle, from, data]);
    process_table::send_signal(to, Signal::Message(Copied { term: msg, arena })).is_ok()
}

/// The owner-exit hook: each table the process owned goes to its heir (if the heir lives and
/// takes the `'ETS-TRANSFER'` message) or is deleted.
pub fn owner_exited(pid: Term) {
    if COUNT.load(Ordering::Acquire) == 0 {
        return;
    }
    let ids = registry().read().owned.get(&pid.raw()).cloned();
    for id in ids.unwrap_or_default() {
        let Some(shared) = get(id) else { continue };
        let mut t = shared.write();
        if t.deleted || t.owner != pid {
            continue;
        }
        let heir = t.heir.as_ref().map(|(h, d)| (*h, d.term));
        if let Some((heir, data)) = heir {
            if heir != pid && process_table::lookup(heir).is_some() {
                t.owner = heir;
                set_owner(id, pid, heir);
                if send_transfer(&t, heir, pid, data) {
                    continue;
                }
                // The heir went away meanwhile: the table dies after all.
            }
        }
        unregister(&mut t);
    }
}

/// Bytes held by every table's objects (for `erlang:memory(ets)`).
pub fn memory_bytes() -> usize {
    let tables: Vec<Shared> = registry().read().tables.values().cloned().collect();
    tables.iter().map(|t| t.read().store.words()).sum::<usize>() * crate::terms::term::WORD_BYTES
}
