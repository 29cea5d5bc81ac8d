//! Resources: native objects owned by a process — sockets today; TLS contexts, crypto streams
//! and ETS tables as they come. Each kind keeps its objects in a `ResourceTable`, named by a
//! reference number (Erlang sees an opaque term built from it), and registers an owner-exit
//! hook (`processes::owner_exit`) that releases what an exiting process owned.
//!
//! Locking rule: the table's lock is held only to insert, look up, re-own or remove, never
//! while taking an object's own lock; a caller may hold an object's lock and then call the
//! table (as `set_owner` from inside an operation on the object does). An object used from
//! several schedulers is behind its own `Mutex`: one user at a time.

use crate::platform::sync::Mutex;
use crate::terms::reference::next_ref_number;
use crate::terms::term::Term;
use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, OnceLock};

/// One object of a resource kind, shared by the callers using it.
pub type Shared<T> = Arc<Mutex<T>>;

struct Inner<T> {
    /// id → (owner pid, object).
    entries: HashMap<u64, (Term, Shared<T>)>,
    /// owner pid (raw word) → its ids, so an exit finds its own without a scan.
    owned: HashMap<usize, Vec<u64>>,
}

pub struct ResourceTable<T> {
    inner: OnceLock<Mutex<Inner<T>>>,
    /// Objects in the table: an owner exit looks further only when there are any.
    count: AtomicUsize,
}

impl<T> ResourceTable<T> {
    pub const fn new() -> ResourceTable<T> {
        ResourceTable {
            inner: OnceLock::new(),
            count: AtomicUsize::new(0),
        }
    }

    fn inner(&self) -> &Mutex<Inner<T>> {
        self.inner.get_or_init(|| {
            Mutex::new(Inner {
                entries: HashMap::new(),
                owned: HashMap::new(),
            })
        })
    }

    /// Add an object owned by `owner`; its id is a fresh reference number.
    pub fn insert(&self, owner: Term, object: T) -> u64 {
        let id = next_ref_number();
        let mut t = self.inner().lock();
        t.entries.insert(id, (owner, Arc::new(Mutex::new(object))));
        t.owned.entry(owner.raw()).or_default().push(id);
        self.count.fetch_add(1, Ordering::AcqRel);
        id
    }

    /// The object named `id`, if it is still in the table.
    pub fn get(&self, id: u64) -> Option<Shared<T>> {
        self.inner().lock().entries.get(&id).map(|(_, o)| o.clone())
    }

    /// Take object `id` out of the table (it stays alive while a caller holds it).
    pub fn remove(&self, id: u64) -> Option<Shared<T>> {
        let mut t = self.inner().lock();
        let (owner, object) = t.entries.remove(&id)?;
        disown(&mut t.owned, owner, id);
        self.count.fetch_sub(1, Ordering::AcqRel);
        Some(object)
    }

    /// Give object `id` to `owner` (its exit now releases it).
    pub fn set_owner(&self, id: u64, owner: Term) {
        let mut t = self.inner().lock();
        let Some(entry) = t.entries.get_mut(&id) else {
            return;
        };
        let old = std::mem::replace(&mut entry.0, owner);
        disown(&mut t.owned, old, id);
        t.owned.entry(owner.raw()).or_default().push(id);
    }

    /// Take every object `owner` owns out of the table (for its owner-exit hook).
    pub fn take_owned(&self, owner: Term) -> Vec<(u64, Shared<T>)> {
        if self.count.load(Ordering::Acquire) == 0 {
            return Vec::new();
        }
        let mut t = self.inner().lock();
        let Some(ids) = t.owned.remove(&owner.raw()) else {
            return Vec::new();
        };
        let taken: Vec<(u64, Shared<T>)> = ids
            .into_iter()
            .filter_map(|id| t.entries.remove(&id).map(|(_, o)| (id, o)))
            .collect();
        self.count.fetch_sub(taken.len(), Ordering::AcqRel);
        taken
    }

    /// Objects in the table.
    #[cfg(test)]
    pub fn len(&self) -> usize {
        self.count.load(Ordering::Acquire)
    }
}

fn disown(owned: &mut HashMap<usize, Vec<u64>>, owner: Term, id: u64) {
    if let Some(ids) = owned.get_mut(&owner.raw()) {
        ids.retain(|&i| i != id);
        if ids.is_empty() {
            owned.remove(&owner.raw());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pid(n: usize) -> Term {
        Term::pid(n)
    }

    #[test]
    fn owners_take_what_they_own() {
        let t: ResourceTable<&str> = ResourceTable::new();
        let a = t.insert(pid(1), "a");
        let b = t.insert(pid(2), "b");
        let c = t.insert(pid(1), "c");
        assert_eq!(t.len(), 3);
        t.set_owner(c, pid(2));
        let mut gone: Vec<u64> = t.take_owned(pid(1)).into_iter().map(|(i, _)| i).collect();
        gone.sort();
        assert_eq!(gone, vec![a]);
        assert!(t.get(a).is_none());
        assert_eq!(*t.get(b).unwrap().lock(), "b");
        assert!(t.remove(b).is_some());
        assert!(t.remove(b).is_none());
        assert_eq!(t.take_owned(pid(2)).len(), 1);
        assert_eq!(t.len(), 0);
        assert!(t.take_owned(pid(2)).is_empty());
    }
}
