//! Map representation helpers: everything that knows how a map is laid out lives here, so that a
//! hash-trie form for large maps can replace the flat one without touching the instructions or
//! the BIFs.
//!
//! Layout (every size, for now): a boxed `BoxKind::Map` object whose payload is
//! `[keys tuple, values...]`; the keys tuple holds the keys sorted by `compare::cmp_exact`
//! (map-key order: every integer before every float), without duplicates (`=:=`), and value `i`
//! belongs to key `i`. Lookups are binary searches. A map is never written after it is built:
//! updates build a fresh map object (possibly sharing the old, immutable keys tuple when the set of
//! keys did not change). Literal maps live in read-only module arenas.
//!
//! Known difference from OTP: OTP switches to a hash array mapped trie above 32 keys, which
//! changes the order of `maps:keys/1`, `maps:to_list/1`, iteration and printing of such maps
//! (hash order). Here large maps iterate in key order too, and lookups cost O(log n) rather than
//! hash-trie time. To be replaced by a HAMT; keep tests whose output shows the order of a map to
//! maps of at most 32 keys.
//!
//! Building follows the heap's *reserve, then build* rule: compute the shape (sizes and an
//! index plan) from the terms first, reserve `words(n)` with the terms as roots, then re-read the
//! terms and build. Plans hold only indices, which a collection does not change; the key order
//! does not depend on addresses either.

use crate::compare::cmp_exact;
use crate::heap::Alloc;
use crate::term::{BoxKind, Term};
use std::cmp::Ordering;

/// Heap words a map of `n` pairs needs: keys tuple (1 + n) and map object (1 + 1 + n).
#[inline]
pub const fn words(n: usize) -> usize {
    3 + 2 * n
}

/// Heap words a map of `n` pairs needs when it reuses an existing keys tuple.
#[inline]
pub const fn words_same_keys(n: usize) -> usize {
    2 + n
}

#[inline]
pub fn is_map(t: Term) -> bool {
    t.is_map()
}

/// The keys tuple term of a map.
#[inline]
fn keys_tuple(m: Term) -> Term {
    match m.payload().first() {
        Some(&w) => Term::from_raw(w),
        None => Term::NON_VALUE,
    }
}

/// Keys of a map, in map-key order. Caller has checked `is_map`.
pub fn keys(m: Term) -> &'static [Term] {
    let k = keys_tuple(m);
    if k.is_tuple() {
        k.tuple_elements()
    } else {
        &[]
    }
}

/// Number of pairs. Caller has checked `is_map`.
#[inline]
pub fn size(m: Term) -> usize {
    m.payload().len().saturating_sub(1)
}

/// Value `i` (in key order). Caller has checked `is_map` and `i < size(m)`.
#[inline]
pub fn value(m: Term, i: usize) -> Term {
    match m.payload().get(1 + i) {
        Some(&w) => Term::from_raw(w),
        None => Term::NIL,
    }
}

/// Pair `i` in iteration order (key order here).
#[inline]
pub fn entry(m: Term, i: usize) -> (Term, Term) {
    (keys(m).get(i).copied().unwrap_or(Term::NIL), value(m, i))
}

/// Position of `key` in the map's key order, if present.
pub fn index_of(m: Term, key: Term) -> Option<usize> {
    keys(m).binary_search_by(|k| cmp_exact(*k, key)).ok()
}

/// The value under `key`.
pub fn get(m: Term, key: Term) -> Option<Term> {
    index_of(m, key).map(|i| value(m, i))
}

/// Build a map from keys already sorted with `cmp_exact` and distinct, and their values.
/// Needs `words(keys.len())`.
pub fn build<A: Alloc + ?Sized>(a: &mut A, keys: &[Term], values: &[Term]) -> Term {
    debug_assert_eq!(keys.len(), values.len());
    let kt = a.tuple(keys);
    build_with_keys(a, kt, values)
}

/// Build a map over an existing keys tuple (shared: tuples are immutable) with new values.
/// Needs `words_same_keys(values.len())`.
pub fn build_with_keys<A: Alloc + ?Sized>(a: &mut A, keys_tuple: Term, values: &[Term]) -> Term {
    let mut payload = Vec::with_capacity(1 + values.len());
    payload.push(keys_tuple.raw());
    payload.extend(values.iter().map(|v| v.raw()));
    a.boxed_raw(BoxKind::Map, &payload)
}

/// A new map like `m` with the same keys and `values` (one per key). Needs `words_same_keys`.
pub fn with_values<A: Alloc + ?Sized>(a: &mut A, m: Term, values: &[Term]) -> Term {
    build_with_keys(a, keys_tuple(m), values)
}

/// Indices into `keys` in map-key order, one per distinct key: where a key occurs several times
/// the last occurrence wins (`maps:from_list/1`, several puts of one key).
pub fn sorted_unique_indices(keys: &[Term]) -> Vec<usize> {
    let mut idx: Vec<usize> = (0..keys.len()).collect();
    // Stable: equal keys stay in their original order, so the last of each run is the last given.
    idx.sort_by(|&a, &b| cmp_exact(keys[a], keys[b]));
    let mut out: Vec<usize> = Vec::with_capacity(idx.len());
    for i in idx {
        match out.last_mut() {
            Some(last) if cmp_exact(keys[*last], keys[i]) == Ordering::Equal => *last = i,
            _ => out.push(i),
        }
    }
    out
}

/// Where each pair of a merged map comes from.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum Slot {
    /// Pair `i` of the old map, unchanged.
    Old(usize),
    /// New pair `j` (index into the sorted new keys).
    New(usize),
    /// Pair `i` of the old map's key with new value `j`.
    Replace(usize, usize),
}

/// Plan for putting `new_keys` (sorted, distinct) into `m`: the merged sequence of slots and
/// whether any key is new (if not, the old keys tuple can be shared).
pub fn plan_put(m: Term, new_keys: &[Term]) -> (Vec<Slot>, bool) {
    let old = keys(m);
    let mut out = Vec::with_capacity(old.len() + new_keys.len());
    let (mut i, mut j) = (0, 0);
    let mut added = false;
    while i < old.len() && j < new_keys.len() {
        match cmp_exact(old[i], new_keys[j]) {
            Ordering::Less => {
                out.push(Slot::Old(i));
                i += 1;
            }
            Ordering::Greater => {
                out.push(Slot::New(j));
                added = true;
                j += 1;
            }
            Ordering::Equal => {
                out.push(Slot::Replace(i, j));
                i += 1;
                j += 1;
            }
        }
    }
    out.extend((i..old.len()).map(Slot::Old));
    if j < new_keys.len() {
        added = true;
        out.extend((j..new_keys.len()).map(Slot::New));
    }
    (out, added)
}

/// Plan for merging `m2` into `m1` (`maps:merge/2`: `m2`'s values win). `Old(i)` is pair `i`
/// of `m1`, `New(j)` and `Replace(_, j)` are pair `j` of `m2`.
pub fn plan_merge(m1: Term, m2: Term) -> (Vec<Slot>, bool) {
    plan_put(m1, keys(m2))
}

/// Build the map a plan describes. `new_key(j)` / `new_value(j)` give new pair `j`; `m` is the
/// old map (re-read after reserving). Needs `words(slots.len())` or, when `share_keys` (no key
/// was added), `words_same_keys(slots.len())`.
pub fn build_planned<A: Alloc + ?Sized>(
    a: &mut A,
    m: Term,
    slots: &[Slot],
    share_keys: bool,
    new_key: impl Fn(usize) -> Term,
    new_value: impl Fn(usize) -> Term,
) -> Term {
    let kt = if share_keys {
        keys_tuple(m)
    } else {
        let old = keys(m);
        let kt = a.tuple_filled(slots.len(), Term::NIL);
        for (p, s) in slots.iter().enumerate() {
            let k = match *s {
                Slot::Old(i) | Slot::Replace(i, _) => old[i],
                Slot::New(j) => new_key(j),
            };
            kt.tuple_set_fresh(p, k);
        }
        kt
    };
    let mut payload = Vec::with_capacity(1 + slots.len());
    payload.push(kt.raw());
    payload.extend(slots.iter().map(|s| {
        match *s {
            Slot::Old(i) => value(m, i),
            Slot::New(j) | Slot::Replace(_, j) => new_value(j),
        }
        .raw()
    }));
    a.boxed_raw(BoxKind::Map, &payload)
}

/// Where a single put lands: on an existing key's position, or inserted before position `i`.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum PutOne {
    Replace(usize),
    Insert(usize),
}

/// Plan for putting one key into `m` (the common case: no slot vector, slice copies).
pub fn plan_put_one(m: Term, key: Term) -> PutOne {
    match keys(m).binary_search_by(|k| cmp_exact(*k, key)) {
        Ok(i) => PutOne::Replace(i),
        Err(i) => PutOne::Insert(i),
    }
}

/// Heap words `build_put_one` needs.
pub fn words_put_one(m: Term, plan: PutOne) -> usize {
    match plan {
        PutOne::Replace(_) => words_same_keys(size(m)),
        PutOne::Insert(_) => words(size(m) + 1),
    }
}

/// `m` with `key => value` put as planned by `plan_put_one` (re-read `m`, `key` and `value`
/// after reserving `words_put_one`).
pub fn build_put_one<A: Alloc + ?Sized>(
    a: &mut A,
    m: Term,
    plan: PutOne,
    key: Term,
    value: Term,
) -> Term {
    let vals = m.payload().get(1..).unwrap_or(&[]);
    match plan {
        PutOne::Replace(i) => {
            let mut payload = Vec::with_capacity(1 + vals.len());
            payload.push(keys_tuple(m).raw());
            payload.extend_from_slice(vals);
            if let Some(slot) = payload.get_mut(1 + i) {
                *slot = value.raw();
            }
            a.boxed_raw(BoxKind::Map, &payload)
        }
        PutOne::Insert(i) => {
            let old = keys(m);
            let i = i.min(old.len()).min(vals.len());
            let mut ks = Vec::with_capacity(old.len() + 1);
            ks.extend_from_slice(&old[..i]);
            ks.push(key);
            ks.extend_from_slice(&old[i..]);
            let kt = a.tuple(&ks);
            let mut payload = Vec::with_capacity(2 + vals.len());
            payload.push(kt.raw());
            payload.extend_from_slice(&vals[..i]);
            payload.push(value.raw());
            payload.extend_from_slice(&vals[i..]);
            a.boxed_raw(BoxKind::Map, &payload)
        }
    }
}

/// `m` without pair `i`. Needs `words(size(m) - 1)`.
pub fn build_without<A: Alloc + ?Sized>(a: &mut A, m: Term, i: usize) -> Term {
    let n = size(m);
    let old = keys(m);
    let mut ks = Vec::with_capacity(n.saturating_sub(1));
    let mut vs = Vec::with_capacity(n.saturating_sub(1));
    for j in (0..n).filter(|&j| j != i) {
        ks.push(old[j]);
        vs.push(value(m, j));
    }
    build(a, &ks, &vs)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::heap::Arena;

    fn a(s: &str) -> Term {
        Term::atom(crate::atom::intern_str(s))
    }

    fn from_pairs(ar: &mut Arena, pairs: &[(Term, Term)]) -> Term {
        let ks: Vec<Term> = pairs.iter().map(|p| p.0).collect();
        let order = sorted_unique_indices(&ks);
        let k: Vec<Term> = order.iter().map(|&i| pairs[i].0).collect();
        let v: Vec<Term> = order.iter().map(|&i| pairs[i].1).collect();
        build(ar, &k, &v)
    }

    #[test]
    fn build_and_lookup() {
        let mut ar = Arena::new();
        let f = ar.float(1.0);
        let m = from_pairs(
            &mut ar,
            &[
                (a("b"), Term::small(2)),
                (f, Term::small(10)),
                (Term::small(1), Term::small(11)),
                (a("a"), Term::small(1)),
                (a("b"), Term::small(3)),
            ],
        );
        assert!(is_map(m));
        assert_eq!(size(m), 4);
        // integers before floats before atoms; last duplicate wins
        assert_eq!(keys(m)[0], Term::small(1));
        assert!(keys(m)[1].is_float());
        assert_eq!(keys(m)[2], a("a"));
        assert_eq!(get(m, a("b")), Some(Term::small(3)));
        assert_eq!(get(m, Term::small(1)), Some(Term::small(11)));
        let f2 = ar.float(1.0);
        assert_eq!(get(m, f2), Some(Term::small(10)));
        assert_eq!(get(m, a("c")), None);
        assert_eq!(entry(m, 3), (a("b"), Term::small(3)));
    }

    #[test]
    fn empty_map() {
        let mut ar = Arena::new();
        let m = build(&mut ar, &[], &[]);
        assert!(is_map(m));
        assert_eq!(size(m), 0);
        assert_eq!(get(m, a("x")), None);
        assert!(keys(m).is_empty());
    }

    #[test]
    fn put_plans() {
        let mut ar = Arena::new();
        let m = from_pairs(
            &mut ar,
            &[(Term::small(1), a("x")), (Term::small(3), a("y"))],
        );
        let new = [Term::small(0), Term::small(3), Term::small(4)];
        let (slots, added) = plan_put(m, &new);
        assert!(added);
        assert_eq!(
            slots,
            vec![
                Slot::New(0),
                Slot::Old(0),
                Slot::Replace(1, 1),
                Slot::New(2)
            ]
        );
        let vals = [a("p"), a("q"), a("r")];
        let m2 = build_planned(&mut ar, m, &slots, false, |j| new[j], |j| vals[j]);
        assert_eq!(size(m2), 4);
        assert_eq!(get(m2, Term::small(3)), Some(a("q")));
        assert_eq!(get(m2, Term::small(1)), Some(a("x")));
        // the old map is unchanged
        assert_eq!(get(m, Term::small(3)), Some(a("y")));
        let (slots, added) = plan_put(m, &[Term::small(1)]);
        assert!(!added);
        let m3 = build_planned(&mut ar, m, &slots, true, |_| Term::NIL, |_| a("z"));
        assert_eq!(get(m3, Term::small(1)), Some(a("z")));
        assert_eq!(keys(m3), keys(m));
        let m4 = build_without(&mut ar, m2, 0);
        assert_eq!(size(m4), 3);
        assert_eq!(get(m4, Term::small(0)), None);
        assert_eq!(get(m4, Term::small(4)), Some(a("r")));
    }

    #[test]
    fn put_one() {
        let mut ar = Arena::new();
        let m = from_pairs(
            &mut ar,
            &[(a("b"), Term::small(2)), (a("d"), Term::small(4))],
        );
        for (k, expect) in [
            ("a", PutOne::Insert(0)),
            ("b", PutOne::Replace(0)),
            ("c", PutOne::Insert(1)),
            ("d", PutOne::Replace(1)),
            ("e", PutOne::Insert(2)),
        ] {
            let plan = plan_put_one(m, a(k));
            assert_eq!(plan, expect);
            let m2 = build_put_one(&mut ar, m, plan, a(k), a("new"));
            let n = if matches!(plan, PutOne::Insert(_)) {
                3
            } else {
                2
            };
            assert_eq!(size(m2), n);
            assert_eq!(get(m2, a(k)), Some(a("new")));
            let ks = keys(m2);
            assert!(ks
                .windows(2)
                .all(|w| cmp_exact(w[0], w[1]) == Ordering::Less));
        }
        assert_eq!(size(m), 2);
        assert_eq!(get(m, a("b")), Some(Term::small(2)));
        let e = build(&mut ar, &[], &[]);
        let plan = plan_put_one(e, a("x"));
        let m3 = build_put_one(&mut ar, e, plan, a("x"), a("y"));
        assert_eq!(get(m3, a("x")), Some(a("y")));
    }

    #[test]
    fn unique_indices_keep_last() {
        let ks = [a("a"), a("b"), a("a"), Term::small(5), a("b")];
        assert_eq!(sorted_unique_indices(&ks), vec![3, 2, 4]);
        assert!(sorted_unique_indices(&[]).is_empty());
    }

    #[test]
    fn agrees_with_term_order() {
        // A map built here compares like one decoded from the external format.
        let mut ar = Arena::new();
        let m1 = from_pairs(&mut ar, &[(a("a"), Term::small(1))]);
        let m2 = from_pairs(
            &mut ar,
            &[(a("a"), Term::small(1)), (a("b"), Term::small(0))],
        );
        assert_eq!(crate::compare::cmp_terms(m1, m2), Ordering::Less);
        let m3 = from_pairs(&mut ar, &[(a("a"), Term::small(1))]);
        assert!(crate::compare::eq_exact(m1, m3));
    }
}
