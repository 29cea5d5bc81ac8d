//! Map representation: everything that knows how a map is laid out lives here, so the
//! instructions and BIFs only plan, reserve and build through this module.
//!
//! Two forms, as in OTP, chosen by size alone (OTP 25's rule, checked against `erl`): a map of at
//! most `SMALL_MAP_LIMIT` (32) pairs is *flat*, a larger one is a *hash trie*. Every operation
//! re-chooses by the size of its result, so a map that shrinks to 32 pairs becomes flat again
//! (OTP's `maps:remove/2` does the same) and equal maps always have the same form.
//!
//! **Flat**: a boxed `BoxKind::Map` object whose payload is `[keys tuple, values...]`; the keys
//! tuple holds the keys sorted by `compare::cmp_exact` (map-key order: every integer before every
//! float), without duplicates, and value `i` belongs to key `i`. Lookups are binary searches;
//! iteration is key order, as OTP's small maps.
//!
//! **Hash trie** (OTP's HAMT): the head is a `BoxKind::Map` object with payload
//! `[Size, Bitmap, children...]` (`Size` and `Bitmap` small integers, so a head is told from a
//! flat map by its first word); inner nodes have the same payload in a `BoxKind::Tuple` object —
//! programs never see them, and the collector and message copier handle them as the ordinary
//! tuples they are. A leaf is a cons cell `[Key | Value]`. Bit `s` of a node's bitmap says slot
//! `s` holds a child; children are stored in slot order. A key's slot at level `L` is the four bits
//! `4 * (L % 8)` of `hash::map_hash(Key, L / 8)` (OTP's internal hash; past 32 bits it is salted
//! with the depth, as OTP 25 does for colliding keys). The trie is canonical: a node exists exactly
//! where at least two keys share the slots above it (the head always), so its shape depends only on
//! the set of keys. Past `MAX_LEVEL` levels (keys whose salted hashes agree on 256 bits — only
//! keys our hash cannot tell apart) a *collision node* (bitmap 0) holds the leaves in key order.
//! Node sizes (pairs below) make `maps:next/1` an O(depth) step.
//!
//! **Order.** Iteration (`iter`, `maps:iterator/next`, printing) walks the trie depth-first in slot
//! order, which is OTP's order; `maps:keys/values/to_list` and `term_to_binary` list a trie map in
//! the reverse of it, as OTP does (OTP builds those lists by consing while iterating). Flat maps
//! use key order for all of them. Known difference: OTP hashes atoms (and pids, ports,
//! references, funs) by its own table indices, which cannot be reproduced, so a large map with such
//! keys has an order of its own here; maps of numbers, binaries, lists and tuples of those match.
//!
//! A map is never written after it is built: updates build fresh objects (a trie update copies the
//! path from the head to the changed leaf and shares the rest). Literal maps live in read-only
//! module arenas.
//!
//! Building follows the heap's *reserve, then build* rule: compute the shape (sizes and an
//! index plan) from the terms first, reserve with the terms as roots, then re-read the terms and
//! build. Plans hold only indices and hashes, which a collection does not change (no hash depends
//! on an address), so a trie walk repeated after the reservation takes the same path.

use crate::terms::compare::{cmp_exact, eq_exact};
use crate::terms::hash::map_hash;
use crate::terms::heap::Alloc;
use crate::terms::term::{BoxKind, Term};
use std::cmp::Ordering;

/// Largest map kept flat (OTP's `MAP_SMALL_MAP_LIMIT`).
pub const SMALL_MAP_LIMIT: usize = 32;
/// Trie levels before collision nodes: eight salted 32-bit hashes.
const MAX_LEVEL: u32 = 64;
/// Words of a node before its children: header, size, bitmap.
const NODE_WORDS: usize = 3;
/// Words of a leaf (a cons cell).
const LEAF_WORDS: usize = 2;

/// Heap words a flat map of `n` pairs needs: keys tuple (1 + n) and map object (1 + 1 + n).
#[inline]
pub const fn words(n: usize) -> usize {
    3 + 2 * n
}

/// Heap words a flat map of `n` pairs needs when it reuses an existing keys tuple.
#[inline]
pub const fn words_same_keys(n: usize) -> usize {
    2 + n
}

/// Heap words a map of `n` distinct pairs is expected to need in whichever form it takes (exact
/// for flat maps; for tries a bound that holds unless hashes share long prefixes — building past
/// a reservation continues in a heap fragment, so an estimate is safe).
pub const fn words_estimate(n: usize) -> usize {
    if n <= SMALL_MAP_LIMIT {
        words(n)
    } else {
        // leaves 2n, child slots n + nodes, nodes ~ n / 4 of 3 words each
        3 * n + 2 * n + 64
    }
}

#[inline]
pub fn is_map(t: Term) -> bool {
    t.is_map()
}

/// Whether map `m` is a hash trie (else flat). Caller has checked `is_map`.
#[inline]
pub fn is_trie(m: Term) -> bool {
    matches!(m.payload().first(), Some(&w) if Term::from_raw(w).is_small())
}

// ---- trie nodes (head or inner) ----

#[inline]
fn node_word(n: Term, i: usize) -> usize {
    n.payload()
        .get(i)
        .and_then(|&w| Term::from_raw(w).as_small())
        .unwrap_or(0) as usize
}

/// Pairs below a trie node (or head).
#[inline]
fn node_size(n: Term) -> usize {
    node_word(n, 0)
}

#[inline]
fn node_bitmap(n: Term) -> u32 {
    node_word(n, 1) as u32
}

/// The children of a trie node or head (leaves `[K | V]` and nodes), in slot order.
#[inline]
pub(crate) fn node_children(n: Term) -> &'static [Term] {
    n.tuple_elements().get(2..).unwrap_or(&[])
}

/// Whether a node has all 16 slots (OTP's array node).
#[inline]
pub(crate) fn node_is_full(n: Term) -> bool {
    node_bitmap(n) == 0xFFFF
}

/// The children of a trie map's head, or None for a flat map.
pub(crate) fn head_children(m: Term) -> Option<&'static [Term]> {
    is_trie(m).then(|| node_children(m))
}

/// Position among the children of the child in slot `s`, if there is one.
#[inline]
fn child_index(bitmap: u32, s: u32) -> Option<usize> {
    if bitmap & (1 << s) == 0 {
        None
    } else {
        Some((bitmap & ((1 << s) - 1)).count_ones() as usize)
    }
}

/// Slot of `key` (with level-0 hash `h0`) at `level`.
#[inline]
fn nibble(key: Term, h0: u32, level: u32) -> u32 {
    let h = if level < 8 {
        h0
    } else {
        map_hash(key, level / 8)
    };
    (h >> (4 * (level % 8))) & 0xF
}

/// A hash read from its least significant nibble first, as a number: comparing these compares
/// trie paths.
#[inline]
fn path_order(h: u32) -> u32 {
    let mut r = 0u32;
    for i in 0..8 {
        r = (r << 4) | ((h >> (4 * i)) & 0xF);
    }
    r
}

/// Trie order of two keys with level-0 hashes `ha`, `hb`; `Equal` only for equal keys.
fn trie_cmp(a: Term, ha: u32, b: Term, hb: u32) -> Ordering {
    let o = path_order(ha).cmp(&path_order(hb));
    if o != Ordering::Equal {
        return o;
    }
    for depth in 1..MAX_LEVEL / 8 {
        let o = path_order(map_hash(a, depth)).cmp(&path_order(map_hash(b, depth)));
        if o != Ordering::Equal {
            return o;
        }
    }
    cmp_exact(a, b)
}

fn make_node<A: Alloc + ?Sized>(
    a: &mut A,
    head: bool,
    size: usize,
    bitmap: u32,
    children: &[Term],
) -> Term {
    let mut payload = Vec::with_capacity(2 + children.len());
    payload.push(Term::small(size as isize).raw());
    payload.push(Term::small(bitmap as isize).raw());
    payload.extend(children.iter().map(|c| c.raw()));
    let kind = if head { BoxKind::Map } else { BoxKind::Tuple };
    a.boxed_raw(kind, &payload)
}

// ---- reading ----

/// The keys tuple term of a flat map.
#[inline]
fn keys_tuple(m: Term) -> Term {
    match m.payload().first() {
        Some(&w) => Term::from_raw(w),
        None => Term::NON_VALUE,
    }
}

/// Keys of a flat map, in map-key order (empty for a trie: use `iter`).
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
    if is_trie(m) {
        node_size(m)
    } else {
        m.payload().len().saturating_sub(1)
    }
}

/// Value `i` of a flat map (in key order).
#[inline]
pub fn value(m: Term, i: usize) -> Term {
    match m.payload().get(1 + i) {
        Some(&w) => Term::from_raw(w),
        None => Term::NIL,
    }
}

/// Position of `key` in a flat map's key order, if present.
pub fn index_of(m: Term, key: Term) -> Option<usize> {
    keys(m).binary_search_by(|k| cmp_exact(*k, key)).ok()
}

/// The value under `key`.
pub fn get(m: Term, key: Term) -> Option<Term> {
    if !is_trie(m) {
        return index_of(m, key).map(|i| value(m, i));
    }
    let h0 = map_hash(key, 0);
    let mut node = m;
    let mut level = 0;
    loop {
        let bitmap = node_bitmap(node);
        let children = node_children(node);
        if bitmap == 0 {
            return children
                .iter()
                .filter_map(|c| c.as_cons())
                .find(|&(k, _)| k == key || eq_exact(k, key))
                .map(|(_, v)| v);
        }
        let i = child_index(bitmap, nibble(key, h0, level))?;
        let c = *children.get(i)?;
        if let Some((k, v)) = c.as_cons() {
            return (k == key || eq_exact(k, key)).then_some(v);
        }
        node = c;
        level += 1;
    }
}

/// Whether `key` is in `m`.
pub fn contains(m: Term, key: Term) -> bool {
    get(m, key).is_some()
}

/// Iterator over a map's pairs in iteration order (see the module comment).
pub struct Iter {
    flat: Option<(Term, usize)>,
    stack: Vec<(&'static [Term], usize)>,
}

impl Iterator for Iter {
    type Item = (Term, Term);
    fn next(&mut self) -> Option<(Term, Term)> {
        if let Some((m, i)) = self.flat.as_mut() {
            let k = *keys(*m).get(*i)?;
            let v = value(*m, *i);
            *i += 1;
            return Some((k, v));
        }
        loop {
            let (children, i) = self.stack.last_mut()?;
            match children.get(*i) {
                None => {
                    self.stack.pop();
                }
                Some(&c) => {
                    *i += 1;
                    match c.as_cons() {
                        Some(kv) => return Some(kv),
                        None => self.stack.push((node_children(c), 0)),
                    }
                }
            }
        }
    }
}

/// The pairs of `m` in iteration order.
pub fn iter(m: Term) -> Iter {
    if is_trie(m) {
        Iter {
            flat: None,
            stack: vec![(node_children(m), 0)],
        }
    } else {
        Iter {
            flat: Some((m, 0)),
            stack: Vec::new(),
        }
    }
}

/// The pairs of `m` in iteration order, collected.
pub fn pairs(m: Term) -> Vec<(Term, Term)> {
    let mut v = Vec::with_capacity(size(m));
    v.extend(iter(m));
    v
}

/// The pairs in the order `maps:keys/values/to_list` and `term_to_binary` list them: key order
/// for a flat map, reversed iteration order for a trie (as OTP).
pub fn list_pairs(m: Term) -> Vec<(Term, Term)> {
    let mut v = pairs(m);
    if is_trie(m) {
        v.reverse();
    }
    v
}

/// The pairs sorted by key in map-key order (term comparison of maps).
pub fn sorted_pairs(m: Term) -> Vec<(Term, Term)> {
    let mut v = pairs(m);
    if is_trie(m) {
        v.sort_by(|a, b| cmp_exact(a.0, b.0));
    }
    v
}

/// Pair `i` in iteration order (O(depth) for a trie).
pub fn nth(m: Term, i: usize) -> Option<(Term, Term)> {
    if !is_trie(m) {
        let k = *keys(m).get(i)?;
        return Some((k, value(m, i)));
    }
    let mut node = m;
    let mut i = i;
    'down: loop {
        for &c in node_children(node) {
            if let Some(kv) = c.as_cons() {
                if i == 0 {
                    return Some(kv);
                }
                i -= 1;
            } else {
                let n = node_size(c);
                if i < n {
                    node = c;
                    continue 'down;
                }
                i -= n;
            }
        }
        return None;
    }
}

/// Pair `i` in iteration order (flat maps: key order).
#[inline]
pub fn entry(m: Term, i: usize) -> (Term, Term) {
    nth(m, i).unwrap_or((Term::NIL, Term::NIL))
}

// ---- building from pairs ----

/// How to build a map from a list of keys (and their values): which of them to take, in what
/// order, and what it costs. Holds indices and hashes only.
pub struct Plan {
    /// Indices of the distinct keys (the last of equal keys), in key order (flat) or trie order.
    order: Vec<usize>,
    /// Level-0 hashes of `order`'s keys (trie plans only).
    hashes: Vec<u32>,
    trie: bool,
    words: usize,
}

impl Plan {
    /// Heap words `build` needs.
    pub fn words(&self) -> usize {
        self.words
    }
    /// Pairs in the result.
    pub fn len(&self) -> usize {
        self.order.len()
    }
}

/// Plan a map of `keys` (duplicates allowed: the last one wins, as `maps:from_list/1`).
pub fn plan(keys: &[Term]) -> Plan {
    let flat = sorted_unique_indices(keys);
    if flat.len() <= SMALL_MAP_LIMIT {
        let words = words(flat.len());
        return Plan {
            order: flat,
            hashes: Vec::new(),
            trie: false,
            words,
        };
    }
    let all: Vec<u32> = keys.iter().map(|&k| map_hash(k, 0)).collect();
    let mut idx: Vec<usize> = (0..keys.len()).collect();
    // Stable: of equal keys (equal hashes, adjacent) the last given stays last.
    idx.sort_by(|&a, &b| trie_cmp(keys[a], all[a], keys[b], all[b]));
    let mut order: Vec<usize> = Vec::with_capacity(flat.len());
    for i in idx {
        match order.last_mut() {
            Some(last) if all[*last] == all[i] && eq_exact(keys[*last], keys[i]) => *last = i,
            _ => order.push(i),
        }
    }
    let hashes: Vec<u32> = order.iter().map(|&i| all[i]).collect();
    let mut p = Plan {
        order,
        hashes,
        trie: true,
        words: 0,
    };
    p.words = trie_words(&p, keys, 0, p.order.len(), 0);
    p
}

/// Plan a map of `pairs` (see `plan`); `build_pairs` makes it.
pub fn plan_pairs(pairs: &[(Term, Term)]) -> Plan {
    let ks: Vec<Term> = pairs.iter().map(|p| p.0).collect();
    plan(&ks)
}

/// The end of the run of keys from `lo` that share the slot of key `lo` at `level`.
fn group_end(p: &Plan, keys: &[Term], lo: usize, hi: usize, level: u32) -> usize {
    let at = |j: usize| nibble(keys[p.order[j]], p.hashes[j], level);
    let s = at(lo);
    let mut e = lo + 1;
    while e < hi && at(e) == s {
        e += 1;
    }
    e
}

/// Words of the node for plan positions `lo..hi` (at least two keys, or the head) at `level`.
fn trie_words(p: &Plan, keys: &[Term], lo: usize, hi: usize, level: u32) -> usize {
    if level >= MAX_LEVEL {
        return NODE_WORDS + (hi - lo) * (1 + LEAF_WORDS);
    }
    let mut w = NODE_WORDS;
    let mut g = lo;
    while g < hi {
        let e = group_end(p, keys, g, hi, level);
        w += 1 + if e - g == 1 {
            LEAF_WORDS
        } else {
            trie_words(p, keys, g, e, level + 1)
        };
        g = e;
    }
    w
}

fn build_trie<A: Alloc + ?Sized>(
    a: &mut A,
    p: &Plan,
    keys: &[Term],
    values: &[Term],
    lo: usize,
    hi: usize,
    level: u32,
) -> Term {
    let head = level == 0;
    if level >= MAX_LEVEL {
        let mut leaves: Vec<(Term, Term)> = (lo..hi)
            .map(|j| (keys[p.order[j]], values[p.order[j]]))
            .collect();
        leaves.sort_by(|x, y| cmp_exact(x.0, y.0));
        let children: Vec<Term> = leaves.iter().map(|&(k, v)| a.cons(k, v)).collect();
        return make_node(a, head, hi - lo, 0, &children);
    }
    let mut children = Vec::new();
    let mut bitmap = 0u32;
    let mut g = lo;
    while g < hi {
        let e = group_end(p, keys, g, hi, level);
        let j = p.order[g];
        bitmap |= 1 << nibble(keys[j], p.hashes[g], level);
        children.push(if e - g == 1 {
            a.cons(keys[j], values[j])
        } else {
            build_trie(a, p, keys, values, g, e, level + 1)
        });
        g = e;
    }
    make_node(a, head, hi - lo, bitmap, &children)
}

/// Build the map `plan` describes from the same `keys` it was made from (re-read after
/// reserving `plan.words()`) and their `values`.
pub fn build_plan<A: Alloc + ?Sized>(a: &mut A, p: &Plan, keys: &[Term], values: &[Term]) -> Term {
    if p.trie {
        build_trie(a, p, keys, values, 0, p.order.len(), 0)
    } else {
        let k: Vec<Term> = p.order.iter().map(|&i| keys[i]).collect();
        let v: Vec<Term> = p.order.iter().map(|&i| values[i]).collect();
        build(a, &k, &v)
    }
}

/// `build_plan` from pairs.
pub fn build_pairs<A: Alloc + ?Sized>(a: &mut A, p: &Plan, pairs: &[(Term, Term)]) -> Term {
    let ks: Vec<Term> = pairs.iter().map(|x| x.0).collect();
    let vs: Vec<Term> = pairs.iter().map(|x| x.1).collect();
    build_plan(a, p, &ks, &vs)
}

/// Build a flat map from keys already sorted with `cmp_exact` and distinct, and their values.
/// Needs `words(keys.len())`. (At most `SMALL_MAP_LIMIT` keys: larger maps go through `plan`.)
pub fn build<A: Alloc + ?Sized>(a: &mut A, keys: &[Term], values: &[Term]) -> Term {
    debug_assert_eq!(keys.len(), values.len());
    let kt = a.tuple(keys);
    build_with_keys(a, kt, values)
}

/// Build a flat map over an existing keys tuple (shared: tuples are immutable) with new values.
/// Needs `words_same_keys(values.len())`.
pub fn build_with_keys<A: Alloc + ?Sized>(a: &mut A, keys_tuple: Term, values: &[Term]) -> Term {
    let mut payload = Vec::with_capacity(1 + values.len());
    payload.push(keys_tuple.raw());
    payload.extend(values.iter().map(|v| v.raw()));
    a.boxed_raw(BoxKind::Map, &payload)
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

/// Where each pair of a merged flat map comes from.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum Slot {
    /// Pair `i` of the old map, unchanged.
    Old(usize),
    /// New pair `j` (index into the sorted new keys).
    New(usize),
    /// Pair `i` of the old map's key with new value `j`.
    Replace(usize, usize),
}

/// Plan for putting `new_keys` (sorted, distinct) into flat map `m`: the merged sequence of
/// slots and whether any key is new (if not, the old keys tuple can be shared).
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

/// Plan for merging flat map `m2` into flat map `m1` (`maps:merge/2`: `m2`'s values win).
/// `Old(i)` is pair `i` of `m1`, `New(j)` and `Replace(_, j)` are pair `j` of `m2`.
pub fn plan_merge(m1: Term, m2: Term) -> (Vec<Slot>, bool) {
    plan_put(m1, keys(m2))
}

/// Build the flat map a plan describes. `new_key(j)` / `new_value(j)` give new pair `j`; `m` is
/// the old flat map (re-read after reserving). Needs `words(slots.len())` or, when `share_keys`
/// (no key was added), `words_same_keys(slots.len())`.
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

// ---- single-key updates ----

/// Where a single put lands.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PutOne {
    /// Flat map: on the existing key at position `i`.
    Replace(usize),
    /// Flat map: a new key inserted before position `i`.
    Insert(usize),
    /// Flat map of `SMALL_MAP_LIMIT` pairs and a new key: the result is a trie.
    Grow,
    /// Trie: on an existing key.
    TrieReplace,
    /// Trie: a new key.
    TrieInsert,
}

impl PutOne {
    /// Whether the key is new.
    pub fn adds(&self) -> bool {
        matches!(self, PutOne::Insert(_) | PutOne::Grow | PutOne::TrieInsert)
    }
}

/// Plan for putting one key into `m`.
pub fn plan_put_one(m: Term, key: Term) -> PutOne {
    if is_trie(m) {
        return if contains(m, key) {
            PutOne::TrieReplace
        } else {
            PutOne::TrieInsert
        };
    }
    match keys(m).binary_search_by(|k| cmp_exact(*k, key)) {
        Ok(i) => PutOne::Replace(i),
        Err(_) if size(m) >= SMALL_MAP_LIMIT => PutOne::Grow,
        Err(i) => PutOne::Insert(i),
    }
}

/// The keys and values of flat map `m` plus `key => value` (a new key).
fn grown(m: Term, key: Term, value: Term) -> (Vec<Term>, Vec<Term>) {
    let n = size(m);
    let mut ks = Vec::with_capacity(n + 1);
    ks.extend_from_slice(keys(m));
    ks.push(key);
    let mut vs: Vec<Term> = (0..n).map(|i| self::value(m, i)).collect();
    vs.push(value);
    (ks, vs)
}

/// Heap words `build_put_one` needs.
pub fn words_put_one(m: Term, key: Term, plan: &PutOne) -> usize {
    match plan {
        PutOne::Replace(_) => words_same_keys(size(m)),
        PutOne::Insert(_) => words(size(m) + 1),
        PutOne::Grow => {
            let (ks, _) = grown(m, key, Term::NIL);
            self::plan(&ks).words()
        }
        PutOne::TrieReplace | PutOne::TrieInsert => trie_put_words(m, key),
    }
}

/// `m` with `key => value` put as planned by `plan_put_one` (re-read `m`, `key` and `value`
/// after reserving `words_put_one`).
pub fn build_put_one<A: Alloc + ?Sized>(
    a: &mut A,
    m: Term,
    plan: &PutOne,
    key: Term,
    value: Term,
) -> Term {
    let vals = m.payload().get(1..).unwrap_or(&[]);
    match *plan {
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
        PutOne::Grow => {
            let (ks, vs) = grown(m, key, value);
            let p = self::plan(&ks);
            build_plan(a, &p, &ks, &vs)
        }
        PutOne::TrieReplace | PutOne::TrieInsert => trie_put(a, m, key, value),
    }
}

/// What a trie walk for one key found at the bottom of its path.
enum Bottom {
    /// The key's slot in `node` is empty.
    Empty { node: Term, slot: u32 },
    /// The key's slot in `node` holds leaf `leaf`; `same` if it is the key's own leaf.
    Leaf {
        node: Term,
        slot: u32,
        level: u32,
        leaf: Term,
        same: bool,
    },
    /// `node` is a collision node.
    Collision { node: Term },
}

/// Walk from head `m` towards `key` (level-0 hash `h0`): the inner nodes passed (with the slot
/// taken in each) and what is at the bottom.
fn trie_walk(m: Term, key: Term, h0: u32) -> (Vec<(Term, u32)>, Bottom) {
    let mut path = Vec::new();
    let mut node = m;
    let mut level = 0;
    loop {
        let bitmap = node_bitmap(node);
        if bitmap == 0 {
            return (path, Bottom::Collision { node });
        }
        let slot = nibble(key, h0, level);
        let child = child_index(bitmap, slot).and_then(|i| node_children(node).get(i).copied());
        match child {
            None => return (path, Bottom::Empty { node, slot }),
            Some(c) if c.is_list() => {
                let k = c.head();
                let same = k == key || eq_exact(k, key);
                return (
                    path,
                    Bottom::Leaf {
                        node,
                        slot,
                        level,
                        leaf: c,
                        same,
                    },
                );
            }
            Some(c) => {
                path.push((node, slot));
                node = c;
                level += 1;
            }
        }
    }
}

/// Words of the nodes that make two distinct keys' subtree from `level` down.
fn pair_subtree_words(ka: Term, ha: u32, kb: Term, hb: u32, level: u32) -> usize {
    let mut level = level;
    let mut w = 0;
    loop {
        if level >= MAX_LEVEL {
            // A collision node: the new leaf is counted by the caller, the old one is shared.
            return w + NODE_WORDS + 2;
        }
        if nibble(ka, ha, level) != nibble(kb, hb, level) {
            return w + NODE_WORDS + 2;
        }
        w += NODE_WORDS + 1;
        level += 1;
    }
}

/// The subtree holding existing leaf `leaf` and the new leaf `new` (distinct keys) from `level`.
fn pair_subtree<A: Alloc + ?Sized>(a: &mut A, leaf: Term, new: Term, level: u32) -> Term {
    let (ka, kb) = (leaf.head(), new.head());
    let (ha, hb) = (map_hash(ka, 0), map_hash(kb, 0));
    // Slots of the chain of single-child nodes above the split.
    let mut chain = Vec::new();
    let mut level = level;
    let mut bottom = loop {
        if level >= MAX_LEVEL {
            let (x, y) = if cmp_exact(ka, kb) == Ordering::Greater {
                (new, leaf)
            } else {
                (leaf, new)
            };
            break make_node(a, false, 2, 0, &[x, y]);
        }
        let (sa, sb) = (nibble(ka, ha, level), nibble(kb, hb, level));
        if sa != sb {
            let kids = if sa < sb { [leaf, new] } else { [new, leaf] };
            break make_node(a, false, 2, (1 << sa) | (1 << sb), &kids);
        }
        chain.push(sa);
        level += 1;
    };
    for &s in chain.iter().rev() {
        bottom = make_node(a, false, 2, 1 << s, &[bottom]);
    }
    bottom
}

/// `node` (head when `head`) with the child in `slot` replaced by `child` (or inserted when
/// the slot is empty), and its size set to `size`.
fn node_with<A: Alloc + ?Sized>(
    a: &mut A,
    node: Term,
    head: bool,
    slot: u32,
    child: Term,
    size: usize,
) -> Term {
    let bitmap = node_bitmap(node);
    let old = node_children(node);
    let mut kids = Vec::with_capacity(old.len() + 1);
    let at = (bitmap & ((1 << slot) - 1)).count_ones() as usize;
    kids.extend_from_slice(&old[..at.min(old.len())]);
    kids.push(child);
    if bitmap & (1 << slot) != 0 {
        kids.extend_from_slice(old.get(at + 1..).unwrap_or(&[]));
    } else {
        kids.extend_from_slice(old.get(at..).unwrap_or(&[]));
    }
    make_node(a, head, size, bitmap | (1 << slot), &kids)
}

/// Rebuild the path above a changed node: `path` from the head down, `child` the new node for
/// the last path entry's slot, `delta` the change in size.
fn rebuild_path<A: Alloc + ?Sized>(
    a: &mut A,
    path: &[(Term, u32)],
    mut child: Term,
    grow: bool,
    shrink: bool,
) -> Term {
    for (depth, &(n, s)) in path.iter().enumerate().rev() {
        let size = node_size(n) + grow as usize - shrink as usize;
        child = node_with(a, n, depth == 0, s, child, size);
    }
    child
}

fn trie_put_words(m: Term, key: Term) -> usize {
    let h0 = map_hash(key, 0);
    let (path, bottom) = trie_walk(m, key, h0);
    let mut w: usize = path
        .iter()
        .map(|&(n, _)| NODE_WORDS + node_children(n).len())
        .sum();
    w += match bottom {
        Bottom::Empty { node, .. } => NODE_WORDS + node_children(node).len() + 1 + LEAF_WORDS,
        Bottom::Leaf {
            node,
            level,
            leaf,
            same,
            ..
        } => {
            let base = NODE_WORDS + node_children(node).len() + LEAF_WORDS;
            if same {
                base
            } else {
                let k = leaf.head();
                base + pair_subtree_words(k, map_hash(k, 0), key, h0, level + 1)
            }
        }
        Bottom::Collision { node } => NODE_WORDS + node_children(node).len() + 1 + LEAF_WORDS,
    };
    w
}

/// Trie `m` with `key => value`.
fn trie_put<A: Alloc + ?Sized>(a: &mut A, m: Term, key: Term, value: Term) -> Term {
    let h0 = map_hash(key, 0);
    let (path, bottom) = trie_walk(m, key, h0);
    let new = a.cons(key, value);
    let head_at_bottom = path.is_empty();
    let (child, grow) = match bottom {
        Bottom::Empty { node, slot, .. } => (
            node_with(a, node, head_at_bottom, slot, new, node_size(node) + 1),
            true,
        ),
        Bottom::Leaf {
            node,
            slot,
            level,
            leaf,
            same,
        } => {
            if same {
                (
                    node_with(a, node, head_at_bottom, slot, new, node_size(node)),
                    false,
                )
            } else {
                let sub = pair_subtree(a, leaf, new, level + 1);
                (
                    node_with(a, node, head_at_bottom, slot, sub, node_size(node) + 1),
                    true,
                )
            }
        }
        Bottom::Collision { node } => {
            let mut leaves: Vec<Term> = node_children(node).to_vec();
            let pos = leaves.iter().position(|l| eq_exact(l.head(), key));
            let grow = pos.is_none();
            match pos {
                Some(i) => leaves[i] = new,
                None => {
                    leaves.push(new);
                    leaves.sort_by(|x, y| cmp_exact(x.head(), y.head()));
                }
            }
            let size = leaves.len();
            (make_node(a, head_at_bottom, size, 0, &leaves), grow)
        }
    };
    rebuild_path(a, &path, child, grow, false)
}

/// A plan for removing a present key.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Remove {
    /// Flat map: pair `i`.
    Flat(usize),
    /// Trie of `SMALL_MAP_LIMIT + 1` pairs: the result is flat.
    Shrink,
    /// Trie: remove the key's leaf.
    Trie,
}

/// Plan for removing `key` from `m`, or None when it is absent.
pub fn plan_remove(m: Term, key: Term) -> Option<Remove> {
    if !is_trie(m) {
        return index_of(m, key).map(Remove::Flat);
    }
    if !contains(m, key) {
        return None;
    }
    Some(if size(m) <= SMALL_MAP_LIMIT + 1 {
        Remove::Shrink
    } else {
        Remove::Trie
    })
}

/// The other pairs of `m`, in key order.
fn sorted_without(m: Term, key: Term) -> (Vec<Term>, Vec<Term>) {
    let mut ps: Vec<(Term, Term)> = iter(m).filter(|&(k, _)| !eq_exact(k, key)).collect();
    ps.sort_by(|a, b| cmp_exact(a.0, b.0));
    ps.into_iter().unzip()
}

/// Heap words `build_remove` needs.
pub fn words_remove(m: Term, key: Term, plan: &Remove) -> usize {
    match plan {
        Remove::Flat(_) | Remove::Shrink => words(size(m) - 1),
        Remove::Trie => {
            let (path, bottom) = trie_walk(m, key, map_hash(key, 0));
            let mut w: usize = path
                .iter()
                .map(|&(n, _)| NODE_WORDS + node_children(n).len())
                .sum();
            if let Bottom::Leaf { node, .. } | Bottom::Collision { node } = bottom {
                w += NODE_WORDS + node_children(node).len();
            }
            w
        }
    }
}

/// `m` without `key` as planned by `plan_remove` (re-read both after reserving `words_remove`).
pub fn build_remove<A: Alloc + ?Sized>(a: &mut A, m: Term, key: Term, plan: &Remove) -> Term {
    match *plan {
        Remove::Flat(i) => build_without(a, m, i),
        Remove::Shrink => {
            let (ks, vs) = sorted_without(m, key);
            build(a, &ks, &vs)
        }
        Remove::Trie => trie_remove(a, m, key),
    }
}

/// The leaf other than `key`'s below `node`, which holds two pairs.
fn other_leaf(node: Term, key: Term) -> Term {
    let mut node = node;
    loop {
        let mut next = None;
        for &c in node_children(node) {
            if c.is_list() {
                if !eq_exact(c.head(), key) {
                    return c;
                }
            } else if node_size(c) > 0 {
                next = Some(c);
            }
        }
        match next {
            Some(n) => node = n,
            None => return Term::NIL,
        }
    }
}

fn trie_remove<A: Alloc + ?Sized>(a: &mut A, m: Term, key: Term) -> Term {
    let (mut path, bottom) = trie_walk(m, key, map_hash(key, 0));
    let (node, slot) = match bottom {
        Bottom::Leaf { node, slot, .. } => (node, Some(slot)),
        Bottom::Collision { node } => (node, None),
        Bottom::Empty { .. } => return m,
    };
    path.push((node, slot.unwrap_or(0)));
    // The topmost inner node left with a single pair collapses into that pair's leaf.
    if let Some(t) = (1..path.len()).find(|&t| node_size(path[t].0) == 2) {
        let leaf = other_leaf(path[t].0, key);
        return rebuild_path(a, &path[..t], leaf, false, true);
    }
    let head = path.len() == 1;
    let bottom_node = match slot {
        Some(s) => {
            let bitmap = node_bitmap(node);
            let at = (bitmap & ((1 << s) - 1)).count_ones() as usize;
            let kids: Vec<Term> = node_children(node)
                .iter()
                .enumerate()
                .filter(|&(i, _)| i != at)
                .map(|(_, &c)| c)
                .collect();
            make_node(a, head, node_size(node) - 1, bitmap & !(1 << s), &kids)
        }
        None => {
            let kids: Vec<Term> = node_children(node)
                .iter()
                .copied()
                .filter(|l| !eq_exact(l.head(), key))
                .collect();
            make_node(a, head, kids.len(), 0, &kids)
        }
    };
    path.pop();
    rebuild_path(a, &path, bottom_node, false, true)
}

/// Flat map `m` without pair `i`. Needs `words(size(m) - 1)`.
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
    use crate::terms::heap::Arena;

    fn a(s: &str) -> Term {
        Term::atom(crate::terms::atom::intern_str(s))
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
            let m2 = build_put_one(&mut ar, m, &plan, a(k), a("new"));
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
        let m3 = build_put_one(&mut ar, e, &plan, a("x"), a("y"));
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
        assert_eq!(crate::terms::compare::cmp_terms(m1, m2), Ordering::Less);
        let m3 = from_pairs(&mut ar, &[(a("a"), Term::small(1))]);
        assert!(crate::terms::compare::eq_exact(m1, m3));
    }

    fn ints(ar: &mut Arena, ks: &[i64]) -> Term {
        let keys: Vec<Term> = ks.iter().map(|&k| Term::small(k as isize)).collect();
        let vals: Vec<Term> = ks.iter().map(|&k| Term::small(2 * k as isize)).collect();
        let p = plan(&keys);
        build_plan(ar, &p, &keys, &vals)
    }

    fn key_list(m: Term) -> Vec<isize> {
        iter(m).map(|(k, _)| k.as_small().unwrap_or(-1)).collect()
    }

    #[test]
    fn trie_order_matches_otp() {
        let mut ar = Arena::new();
        let ks: Vec<i64> = (1..=40).collect();
        let m = ints(&mut ar, &ks);
        assert!(is_trie(m));
        assert_eq!(size(m), 40);
        // OTP 25: maps:keys(maps:from_list([{I, I} || I <- lists:seq(1, 40)])), reversed.
        let mut otp = vec![
            33, 12, 23, 29, 30, 39, 26, 31, 11, 37, 9, 32, 34, 25, 28, 6, 38, 13, 40, 20, 15, 14,
            2, 7, 1, 8, 3, 17, 22, 21, 4, 36, 24, 10, 35, 27, 19, 5, 18, 16,
        ];
        otp.reverse();
        assert_eq!(key_list(m), otp);
        for k in 1..=40 {
            assert_eq!(get(m, Term::small(k)), Some(Term::small(2 * k)));
            assert_eq!(
                nth(m, otp.iter().position(|&x| x == k).unwrap()).map(|p| p.0),
                Some(Term::small(k))
            );
        }
        assert_eq!(get(m, Term::small(41)), None);
        // 32-bit hash collisions (found against OTP 25): order by the depth-1 salted hash.
        let m = ints(
            &mut ar,
            &[
                40660, 59671, 22575, 119693, 121236, 167527, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12,
                13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30,
            ],
        );
        let big: Vec<isize> = key_list(m).into_iter().filter(|&k| k > 100).collect();
        assert_eq!(big, vec![121236, 167527, 22575, 119693, 59671, 40660]);
    }

    #[test]
    fn trie_updates_equal_fresh_builds() {
        let mut ar = Arena::new();
        let mut present: Vec<i64> = (0..33).collect();
        let mut m = ints(&mut ar, &present);
        let mut x: u64 = 12345;
        for step in 0..3000 {
            x = x
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            let k = ((x >> 33) % 300) as i64;
            let key = Term::small(k as isize);
            if step % 3 == 2 {
                if let Some(p) = plan_remove(m, key) {
                    assert!(words_remove(m, key, &p) > 0);
                    m = build_remove(&mut ar, m, key, &p);
                    present.retain(|&y| y != k);
                }
            } else {
                let p = plan_put_one(m, key);
                m = build_put_one(&mut ar, m, &p, key, Term::small(2 * k as isize));
                if !present.contains(&k) {
                    present.push(k);
                }
            }
            assert_eq!(size(m), present.len());
            assert_eq!(is_trie(m), present.len() > SMALL_MAP_LIMIT);
            if step % 97 == 0 {
                let fresh = ints(&mut ar, &present);
                assert_eq!(key_list(m), key_list(fresh));
                assert!(eq_exact(m, fresh));
                // Canonical shape: the same nodes as a fresh build.
                assert_eq!(
                    crate::terms::hash::internal_hash(m, 0),
                    crate::terms::hash::internal_hash(fresh, 0)
                );
            }
        }
    }

    #[test]
    fn internal_hash_matches_otp() {
        let mut ar = Arena::new();
        use crate::terms::hash::internal_hash as h;
        assert_eq!(h(Term::small(1), 0), 2441450838);
        assert_eq!(h(Term::small(0), 0), 3620831944);
        assert_eq!(h(Term::small(-1), 0), 559702020);
        let f = ar.float(1.0);
        assert_eq!(h(f, 0), 1476340101);
        let e = ar.heap_binary(&[]);
        assert_eq!(h(e, 0), 3580844982);
        let b = ar.heap_binary(&[1, 2, 3]);
        assert_eq!(h(b, 0), 4177851886);
        assert_eq!(h(Term::NIL, 0), 2464209347);
        let t0 = ar.tuple(&[]);
        assert_eq!(h(t0, 0), 904478834);
        let t2 = ar.tuple(&[Term::small(1), Term::small(2)]);
        assert_eq!(h(t2, 0), 240741374);
        let l = ar.list_from(&[Term::small(1), Term::small(2)], Term::NIL);
        assert_eq!(h(l, 0), 2125191709);
        let abc = ar.list_from(
            &[Term::small(97), Term::small(98), Term::small(99)],
            Term::NIL,
        );
        assert_eq!(h(abc, 0), 4050146831);
        let z = ar.float(0.0);
        let nz = ar.float(-0.0);
        assert_eq!(h(z, 0), 2778859731);
        assert_eq!(h(nz, 0), 2778859731);
        let f25 = ar.float(2.5);
        assert_eq!(h(f25, 0), 1838874389);
        let one_two = ar.list_from(&[Term::small(1)], Term::small(2));
        let tl = ar.tuple(&[one_two]);
        assert_eq!(h(tl, 0), 2703692894);
        let hello: Vec<Term> = b"hello".iter().map(|&c| Term::small(c as isize)).collect();
        let hello = ar.list_from(&hello, Term::NIL);
        assert_eq!(h(hello, 0), 2010329607);
        let l300 = ar.list_from(&[Term::small(300), Term::small(1)], Term::NIL);
        assert_eq!(h(l300, 0), 1274752552);
        let inner = ar.list_from(&[Term::small(1)], Term::NIL);
        let ll = ar.list_from(&[inner], Term::NIL);
        assert_eq!(h(ll, 0), 3087188736);
        let alpha = ar.heap_binary(b"abcdefghijklmnop");
        assert_eq!(h(alpha, 0), 1640981159);
        let x = ar.heap_binary(b"x");
        let t2x = ar.tuple(&[Term::small(2), x]);
        let t1 = ar.tuple(&[Term::small(1), t2x]);
        assert_eq!(h(t1, 0), 2823692655);
        let fl = ar.float(1.5);
        let il = ar.list_from(&[fl], Term::small(2));
        assert_eq!(h(il, 0), 2701107312);
        let m1 = from_pairs(&mut ar, &[(Term::small(1), Term::small(2))]);
        assert_eq!(h(m1, 0), 3344407571);
        let m0 = build(&mut ar, &[], &[]);
        assert_eq!(h(m0, 0), 4050418618);
        let ks: Vec<i64> = (1..=40).collect();
        let big = ints(&mut ar, &ks);
        assert_eq!(h(big, 0), 2773140868);
    }
}
