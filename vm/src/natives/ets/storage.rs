//! Where a table keeps its objects. Every object is a tuple copied into its own arena (as a
//! message is: `terms/copy.rs`), so it owns its memory and outlives the process that inserted it;
//! lookups copy objects back out into the caller's heap.
//!
//! - `set`, `bag`, `duplicate_bag`: a hash index from key to a dense bucket vector. Keys are
//!   equal when they match (`=:=`). O(1) average insert, lookup and delete; traversal follows the
//!   bucket vector (a delete moves the last bucket into the hole, as `swap_remove` does).
//! - `ordered_set`: a B-tree ordered by term order, where keys are equal when `==` (1 and 1.0 are
//!   one key). O(log n) operations and ordered traversal.
//!
//! Index keys point into an object's arena. An arena's chunks never move, so the key stays valid
//! while that object is stored; when a bag's first object (the one its bucket key points into)
//! leaves, the bucket is re-keyed from the next one.

use crate::terms::compare::{cmp_terms, eq_exact};
use crate::terms::copy::{copy, Copied};
use crate::terms::hash::internal_hash;
use crate::terms::term::Term;
use std::cmp::Ordering;
use std::collections::{BTreeMap, HashMap};
use std::hash::{BuildHasherDefault, Hash, Hasher};
use std::ops::Bound;

/// Words a stored object costs beyond its arena (index entry, bucket, arena header).
const OBJECT_OVERHEAD_WORDS: usize = 6;

/// A key compared by matching (`=:=`): hash and bag tables.
#[derive(Clone, Copy)]
pub struct ExactKey(pub Term);

impl PartialEq for ExactKey {
    fn eq(&self, other: &Self) -> bool {
        eq_exact(self.0, other.0)
    }
}
impl Eq for ExactKey {}

impl Hash for ExactKey {
    fn hash<H: Hasher>(&self, state: &mut H) {
        state.write_u32(internal_hash(self.0, 0));
    }
}

/// Passes the term hash through: it is already well mixed.
#[derive(Default)]
pub struct TermHasher(u64);

impl Hasher for TermHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = self.0.rotate_left(8) ^ b as u64;
        }
    }
    fn write_u32(&mut self, v: u32) {
        self.0 = (v as u64) | ((v as u64) << 32);
    }
}

/// A key compared in term order (`==`): ordered_set.
#[derive(Clone, Copy)]
pub struct OrdKey(pub Term);

impl PartialEq for OrdKey {
    fn eq(&self, other: &Self) -> bool {
        cmp_terms(self.0, other.0) == Ordering::Equal
    }
}
impl Eq for OrdKey {}
impl PartialOrd for OrdKey {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for OrdKey {
    fn cmp(&self, other: &Self) -> Ordering {
        cmp_terms(self.0, other.0)
    }
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Kind {
    Set,
    OrderedSet,
    Bag,
    DuplicateBag,
}

/// One key's objects in a hash table (exactly one for a set), oldest first.
pub struct Bucket {
    pub key: Term,
    pub objects: Vec<Copied>,
}

pub struct HashStore {
    buckets: Vec<Bucket>,
    index: HashMap<ExactKey, usize, BuildHasherDefault<TermHasher>>,
    /// While the table is fixed (`ets:safe_fixtable/2`) a deleted key leaves its bucket in
    /// place, empty (a tombstone, so no bucket moves under a traversal), keyed by a copy of the
    /// key kept in `tomb_keys`; `next` of such a key continues from its place. Unfixing drops
    /// the tombstones.
    fixed: bool,
    tombs: HashMap<ExactKey, usize, BuildHasherDefault<TermHasher>>,
    tomb_keys: Vec<Copied>,
}

impl HashStore {
    /// The first bucket at or after `i` that holds objects.
    fn live_from(&self, i: usize) -> Option<Term> {
        self.buckets[i.min(self.buckets.len())..]
            .iter()
            .find(|b| !b.objects.is_empty())
            .map(|b| b.key)
    }
}

pub enum Objects {
    Hash(HashStore),
    Ordered(BTreeMap<OrdKey, Copied>),
}

pub struct Store {
    pub kind: Kind,
    pub keypos: usize,
    objects: Objects,
    size: usize,
    words: usize,
}

/// Key of a stored (or to-be-stored) object: element `keypos` (1-based) of the tuple.
pub fn key_of(obj: Term, keypos: usize) -> Term {
    obj.tuple_get(keypos - 1)
}

fn cost(c: &Copied) -> usize {
    c.arena.words() + OBJECT_OVERHEAD_WORDS
}

impl Store {
    pub fn new(kind: Kind, keypos: usize) -> Store {
        let objects = match kind {
            Kind::OrderedSet => Objects::Ordered(BTreeMap::new()),
            _ => Objects::Hash(HashStore {
                buckets: Vec::new(),
                index: HashMap::default(),
                fixed: false,
                tombs: HashMap::default(),
                tomb_keys: Vec::new(),
            }),
        };
        Store {
            kind,
            keypos,
            objects,
            size: 0,
            words: 0,
        }
    }

    /// Objects stored.
    pub fn size(&self) -> usize {
        self.size
    }

    /// Words the objects use (for `ets:info(T, memory)`).
    pub fn words(&self) -> usize {
        self.words
    }

    pub fn is_bag(&self) -> bool {
        matches!(self.kind, Kind::Bag | Kind::DuplicateBag)
    }

    /// Is there an object with `key`?
    pub fn contains(&self, key: Term) -> bool {
        match &self.objects {
            Objects::Hash(h) => h.index.contains_key(&ExactKey(key)),
            Objects::Ordered(m) => m.contains_key(&OrdKey(key)),
        }
    }

    /// The objects with `key` (stored terms: copy them out before the table lock is released).
    pub fn lookup(&self, key: Term) -> Vec<Term> {
        match &self.objects {
            Objects::Hash(h) => match h.index.get(&ExactKey(key)) {
                Some(&i) => h.buckets[i].objects.iter().map(|c| c.term).collect(),
                None => Vec::new(),
            },
            Objects::Ordered(m) => m.get(&OrdKey(key)).map(|c| c.term).into_iter().collect(),
        }
    }

    /// Call `f` on every object, in traversal order (key order for ordered_set).
    pub fn for_each(&self, mut f: impl FnMut(Term)) {
        match &self.objects {
            Objects::Hash(h) => h
                .buckets
                .iter()
                .flat_map(|b| b.objects.iter())
                .for_each(|c| f(c.term)),
            Objects::Ordered(m) => m.values().for_each(|c| f(c.term)),
        }
    }

    /// Insert `obj` (already copied): replaces the object with its key in a set, adds to a bag
    /// (a bag keeps one copy of identical objects, a duplicate_bag keeps all).
    pub fn insert(&mut self, obj: Copied) {
        let key = key_of(obj.term, self.keypos);
        let added = cost(&obj);
        match &mut self.objects {
            Objects::Ordered(m) => {
                if let Some(old) = m.remove(&OrdKey(key)) {
                    self.words -= cost(&old);
                    self.size -= 1;
                }
                m.insert(OrdKey(key), obj);
            }
            Objects::Hash(h) => match h.index.get(&ExactKey(key)) {
                None => {
                    h.index.insert(ExactKey(key), h.buckets.len());
                    h.buckets.push(Bucket {
                        key,
                        objects: vec![obj],
                    });
                }
                Some(&i) => {
                    let bucket = &mut h.buckets[i];
                    match self.kind {
                        Kind::Set => {
                            // The index key points into the old object: re-key before dropping it.
                            h.index.remove(&ExactKey(key));
                            let old = std::mem::replace(&mut bucket.objects[0], obj);
                            bucket.key = key;
                            h.index.insert(ExactKey(key), i);
                            self.words -= cost(&old);
                            self.size -= 1;
                        }
                        Kind::Bag => {
                            if bucket.objects.iter().any(|o| eq_exact(o.term, obj.term)) {
                                return;
                            }
                            bucket.objects.push(obj);
                        }
                        _ => bucket.objects.push(obj),
                    }
                }
            },
        }
        self.words += added;
        self.size += 1;
    }

    /// Remove every object with `key`; returns them (still owning their memory).
    pub fn remove_key(&mut self, key: Term) -> Vec<Copied> {
        let removed = match &mut self.objects {
            Objects::Ordered(m) => m.remove(&OrdKey(key)).into_iter().collect(),
            Objects::Hash(h) => match h.index.remove(&ExactKey(key)) {
                None => Vec::new(),
                Some(i) if h.fixed => {
                    let objects = std::mem::take(&mut h.buckets[i].objects);
                    let kept = copy(key, &objects[0].arena);
                    h.buckets[i].key = kept.term;
                    h.tombs.insert(ExactKey(kept.term), i);
                    h.tomb_keys.push(kept);
                    objects
                }
                Some(i) => {
                    let bucket = h.buckets.swap_remove(i);
                    if let Some(moved) = h.buckets.get(i) {
                        h.index.insert(ExactKey(moved.key), i);
                    }
                    bucket.objects
                }
            },
        };
        self.account_removed(&removed);
        removed
    }

    /// Remove the objects with `key` that `pred` selects.
    pub fn remove_where(&mut self, key: Term, mut pred: impl FnMut(Term) -> bool) -> usize {
        if let Objects::Ordered(m) = &mut self.objects {
            let hit = m.get(&OrdKey(key)).is_some_and(|c| pred(c.term));
            return if hit { self.remove_key(key).len() } else { 0 };
        }
        let Objects::Hash(h) = &mut self.objects else {
            return 0;
        };
        let Some(&i) = h.index.get(&ExactKey(key)) else {
            return 0;
        };
        let objects = &h.buckets[i].objects;
        if !objects.iter().any(|c| pred(c.term)) {
            return 0;
        }
        let keep: Vec<bool> = objects.iter().map(|c| !pred(c.term)).collect();
        if !keep.iter().any(|&k| k) {
            return self.remove_key(key).len();
        }
        // Re-key the bucket from an object that stays before dropping the others.
        h.index.remove(&ExactKey(key));
        let bucket = &mut h.buckets[i];
        let mut removed = Vec::new();
        let mut kept = Vec::new();
        for (c, k) in std::mem::take(&mut bucket.objects).into_iter().zip(keep) {
            if k {
                kept.push(c);
            } else {
                removed.push(c);
            }
        }
        bucket.key = key_of(kept[0].term, self.keypos);
        bucket.objects = kept;
        h.index.insert(ExactKey(bucket.key), i);
        let n = removed.len();
        self.account_removed(&removed);
        n
    }

    fn account_removed(&mut self, removed: &[Copied]) {
        self.size -= removed.len();
        self.words -= removed.iter().map(cost).sum::<usize>();
    }

    /// Drop every object (a fixed table stays fixed).
    pub fn clear(&mut self) {
        let fixed = self.is_fixed();
        *self = Store::new(self.kind, self.keypos);
        self.set_fixed(fixed);
    }

    fn is_fixed(&self) -> bool {
        matches!(&self.objects, Objects::Hash(h) if h.fixed)
    }

    /// Fix or unfix a hash table's bucket order (see `HashStore`); unfixing drops the
    /// tombstones. An ordered_set needs nothing: its traversal follows key order.
    pub fn set_fixed(&mut self, fixed: bool) {
        let Objects::Hash(h) = &mut self.objects else {
            return;
        };
        h.fixed = fixed;
        if fixed || h.tombs.is_empty() {
            return;
        }
        h.buckets.retain(|b| !b.objects.is_empty());
        h.index.clear();
        for (i, b) in h.buckets.iter().enumerate() {
            h.index.insert(ExactKey(b.key), i);
        }
        h.tombs.clear();
        h.tomb_keys.clear();
    }

    /// Can a traversal step from `key`: a stored key, a key deleted while the table was fixed,
    /// or any key of an ordered_set.
    pub fn can_step_from(&self, key: Term) -> bool {
        match &self.objects {
            Objects::Hash(h) => {
                h.index.contains_key(&ExactKey(key)) || h.tombs.contains_key(&ExactKey(key))
            }
            Objects::Ordered(_) => true,
        }
    }

    /// The first key in traversal order.
    pub fn first(&self) -> Option<Term> {
        match &self.objects {
            Objects::Hash(h) => h.live_from(0),
            Objects::Ordered(m) => m.keys().next().map(|k| k.0),
        }
    }

    /// The last key (ordered_set: the greatest; otherwise the same as `first`, as in OTP).
    pub fn last(&self) -> Option<Term> {
        match &self.objects {
            Objects::Hash(_) => self.first(),
            Objects::Ordered(m) => m.keys().next_back().map(|k| k.0),
        }
    }

    /// The key after `key` (for ordered_set, `key` need not be in the table).
    pub fn next(&self, key: Term) -> Option<Term> {
        match &self.objects {
            Objects::Hash(h) => {
                let k = ExactKey(key);
                let i = *h.index.get(&k).or_else(|| h.tombs.get(&k))?;
                h.live_from(i + 1)
            }
            Objects::Ordered(m) => m
                .range((Bound::Excluded(OrdKey(key)), Bound::Unbounded))
                .next()
                .map(|(k, _)| k.0),
        }
    }

    /// An ordered_set's (key, object) pairs after `after` (from the first when `None`), in key
    /// order or, with `reverse`, backwards from before `after`; `None` for a hash table.
    pub fn ordered_from(
        &self,
        after: Option<Term>,
        reverse: bool,
    ) -> Option<Box<dyn Iterator<Item = (Term, Term)> + '_>> {
        let Objects::Ordered(m) = &self.objects else {
            return None;
        };
        let bound = after.map_or(Bound::Unbounded, |k| Bound::Excluded(OrdKey(k)));
        let pairs = |(k, c): (&OrdKey, &Copied)| (k.0, c.term);
        Some(if reverse {
            Box::new(m.range((Bound::Unbounded, bound)).rev().map(pairs))
        } else {
            Box::new(m.range((bound, Bound::Unbounded)).map(pairs))
        })
    }

    /// `ets:slot/2`: the objects of slot `i` (a hash table's slots are its keys in traversal
    /// order, an ordered_set's its objects in key order); `Err(true)` just past the last slot
    /// (`'$end_of_table'`), `Err(false)` beyond it (badarg, as OTP).
    pub fn slot(&self, i: usize) -> Result<Vec<Term>, bool> {
        let found = match &self.objects {
            Objects::Hash(h) => h
                .buckets
                .get(i)
                .map(|b| b.objects.iter().map(|c| c.term).collect()),
            Objects::Ordered(m) => m.values().nth(i).map(|c| vec![c.term]),
        };
        let slots = match &self.objects {
            Objects::Hash(h) => h.buckets.len(),
            Objects::Ordered(m) => m.len(),
        };
        found.ok_or(i == slots)
    }

    /// The key before `key` (ordered_set), or the same as `next` for hash tables.
    pub fn prev(&self, key: Term) -> Option<Term> {
        match &self.objects {
            Objects::Hash(_) => self.next(key),
            Objects::Ordered(m) => m
                .range((Bound::Unbounded, Bound::Excluded(OrdKey(key))))
                .next_back()
                .map(|(k, _)| k.0),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::natives::ets::table::Everywhere;
    use crate::terms::copy::copy;
    use crate::terms::heap::{Alloc, Arena};

    /// A stored object `{K, V}` of small integers.
    fn obj(k: isize, v: isize) -> Copied {
        let mut a = Arena::new();
        let t = a.tuple(&[Term::small(k), Term::small(v)]);
        copy(t, &a)
    }

    fn values(s: &Store, k: isize) -> Vec<isize> {
        s.lookup(Term::small(k))
            .iter()
            .map(|o| o.tuple_get(1).small_value())
            .collect()
    }

    /// A stored object `{{K}, V}`: its key is boxed, in the object's arena.
    fn boxed(k: isize, v: isize) -> Copied {
        let mut a = Arena::new();
        let key = a.tuple(&[Term::small(k)]);
        let t = a.tuple(&[key, Term::small(v)]);
        copy(t, &a)
    }

    #[test]
    fn a_fixed_table_keeps_deleted_keys_places() {
        let mut s = Store::new(Kind::Bag, 1);
        for k in 0..50 {
            s.insert(boxed(k, 1));
            s.insert(boxed(k, 2));
        }
        s.set_fixed(true);
        // Delete each key before stepping from it: every key is visited once.
        let mut seen = 0;
        let mut k = s.first();
        while let Some(key) = k {
            // `key` points into the object being deleted: step from a copy, as a caller would.
            let mine = copy(key, &Everywhere);
            assert_eq!(s.remove_key(key).len(), 2);
            assert!(s.can_step_from(mine.term));
            seen += 1;
            k = s.next(mine.term);
        }
        assert_eq!((seen, s.size()), (50, 0));
        // Re-inserting a deleted key while fixed, then unfixing, leaves a plain table.
        s.insert(boxed(7, 3));
        s.set_fixed(false);
        let mut a = Arena::new();
        let seven = a.tuple(&[Term::small(7)]);
        let gone = a.tuple(&[Term::small(8)]);
        assert_eq!(s.lookup(seven).len(), 1);
        assert!(!s.can_step_from(gone));
        assert_eq!(s.first().map(|k| k.tuple_get(0).small_value()), Some(7));
    }

    #[test]
    fn set_replaces_and_deletes_keep_the_index_right() {
        let mut s = Store::new(Kind::Set, 1);
        for k in 0..100 {
            s.insert(obj(k, k));
        }
        s.insert(obj(5, 50));
        assert_eq!(s.size(), 100);
        assert_eq!(values(&s, 5), vec![50]);
        // Deleting moves the last bucket into the hole: every key must still be found.
        for k in (0..100).step_by(3) {
            assert_eq!(s.remove_key(Term::small(k)).len(), 1);
        }
        for k in 0..100 {
            assert_eq!(s.contains(Term::small(k)), k % 3 != 0, "key {k}");
        }
        // A traversal visits every key once.
        let mut seen = 0;
        let mut k = s.first();
        while let Some(key) = k {
            seen += 1;
            k = s.next(key);
        }
        assert_eq!(seen, s.size());
        s.clear();
        assert_eq!((s.size(), s.words()), (0, 0));
    }

    #[test]
    fn bags_keep_distinct_objects_and_rekey_when_the_first_goes() {
        let mut b = Store::new(Kind::Bag, 1);
        b.insert(obj(1, 10));
        b.insert(obj(1, 20));
        b.insert(obj(1, 10));
        assert_eq!(values(&b, 1), vec![10, 20]);
        assert_eq!(
            b.remove_where(Term::small(1), |o| o.tuple_get(1) == Term::small(10)),
            1
        );
        assert_eq!(values(&b, 1), vec![20]);
        assert!(b.contains(Term::small(1)));
        let mut d = Store::new(Kind::DuplicateBag, 1);
        d.insert(obj(1, 10));
        d.insert(obj(1, 10));
        assert_eq!(values(&d, 1), vec![10, 10]);
    }

    #[test]
    fn ordered_set_orders_by_term_order_and_equates_numbers() {
        let mut o = Store::new(Kind::OrderedSet, 1);
        for k in [5, 1, 9, 3] {
            o.insert(obj(k, k));
        }
        let mut a = Arena::new();
        let one_float = a.float(1.0);
        assert!(o.contains(one_float));
        assert_eq!(o.first(), Some(Term::small(1)));
        assert_eq!(o.last(), Some(Term::small(9)));
        assert_eq!(o.next(Term::small(3)), Some(Term::small(5)));
        assert_eq!(o.next(Term::small(4)), Some(Term::small(5)));
        assert_eq!(o.prev(Term::small(1)), None);
        o.insert(obj(5, 55));
        assert_eq!(o.size(), 4);
        assert_eq!(values(&o, 5), vec![55]);
    }
}
