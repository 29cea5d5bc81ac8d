//! An insertion-ordered collection with lookup and removal by key in constant time: a process's
//! links and monitors. A process may hold hundreds of thousands of them, and with a plain list
//! every 'DOWN', unlink or exit signal cost a scan (quadratic in all). Small collections stay a
//! list; past `SMALL` entries a hash index is built, and removals leave holes that are swept
//! once they are half the list.

use std::collections::HashMap;
use std::hash::Hash;

/// Entries kept without an index: scanning them is cheaper than hashing.
const SMALL: usize = 8;

#[derive(Debug)]
pub struct Keyed<K, V> {
    /// In insertion order; `None` is a removed entry not swept yet (only while indexed).
    entries: Vec<Option<(K, V)>>,
    live: usize,
    // Boxed: a process has three of these, most never indexed, and a box keeps each one word.
    #[allow(clippy::box_collection)]
    index: Option<Box<HashMap<K, usize>>>,
}

impl<K, V> Default for Keyed<K, V> {
    fn default() -> Self {
        Keyed {
            entries: Vec::new(),
            live: 0,
            index: None,
        }
    }
}

impl<K: Copy + Eq + Hash, V> Keyed<K, V> {
    fn position(&self, key: &K) -> Option<usize> {
        match &self.index {
            Some(index) => index.get(key).copied(),
            None => self
                .entries
                .iter()
                .position(|e| matches!(e, Some((k, _)) if k == key)),
        }
    }

    pub fn contains(&self, key: &K) -> bool {
        self.position(key).is_some()
    }

    /// Add `key` at the end, or give it the new value where it is.
    pub fn insert(&mut self, key: K, value: V) {
        if let Some(i) = self.position(&key) {
            self.entries[i] = Some((key, value));
            return;
        }
        self.entries.push(Some((key, value)));
        self.live += 1;
        let at = self.entries.len() - 1;
        match &mut self.index {
            Some(index) => {
                index.insert(key, at);
            }
            None if self.entries.len() > SMALL => self.rebuild_index(),
            None => {}
        }
    }

    pub fn remove(&mut self, key: &K) -> Option<V> {
        let Some(index) = &mut self.index else {
            let i = self.position(key)?;
            self.live -= 1;
            return self.entries.remove(i).map(|(_, v)| v);
        };
        let i = index.remove(key)?;
        let (_, value) = self.entries[i].take()?;
        self.live -= 1;
        if self.live * 2 < self.entries.len() {
            self.sweep();
        }
        Some(value)
    }

    /// Drop the holes and index what is left (or nothing, when it is small again).
    fn sweep(&mut self) {
        self.entries.retain(Option::is_some);
        if self.entries.len() > SMALL {
            self.rebuild_index();
        } else {
            self.index = None;
        }
    }

    fn rebuild_index(&mut self) {
        let index = self
            .entries
            .iter()
            .enumerate()
            .filter_map(|(i, e)| e.as_ref().map(|(k, _)| (*k, i)))
            .collect();
        self.index = Some(Box::new(index));
    }

    /// The entries in insertion order.
    pub fn iter(&self) -> impl Iterator<Item = (K, &V)> {
        self.entries
            .iter()
            .filter_map(|e| e.as_ref().map(|(k, v)| (*k, v)))
    }

    pub fn keys(&self) -> impl Iterator<Item = K> + '_ {
        self.iter().map(|(k, _)| k)
    }

    pub fn values(&self) -> impl Iterator<Item = &V> {
        self.iter().map(|(_, v)| v)
    }

    pub fn clear(&mut self) {
        self.entries.clear();
        self.live = 0;
        self.index = None;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_order_and_finds_by_key_small_and_large() {
        for n in [3u64, 8, 9, 100, 5000] {
            let mut k: Keyed<u64, u64> = Keyed::default();
            for i in 0..n {
                k.insert(i, i * 10);
            }
            assert_eq!(k.iter().count(), n as usize);
            // Remove the even keys: order of the rest is kept.
            for i in (0..n).step_by(2) {
                assert_eq!(k.remove(&i), Some(i * 10));
                assert_eq!(k.remove(&i), None);
            }
            let rest: Vec<u64> = k.keys().collect();
            assert_eq!(rest, (0..n).filter(|i| i % 2 == 1).collect::<Vec<_>>());
            for i in 0..n {
                assert_eq!(k.contains(&i), i % 2 == 1);
                let value = k.iter().find(|(key, _)| *key == i).map(|(_, v)| *v);
                assert_eq!(value, (i % 2 == 1).then_some(i * 10));
            }
            // A present key keeps its place and takes the new value.
            if n > 1 {
                k.insert(1, 7);
                assert_eq!(k.keys().next(), Some(1));
                assert_eq!(k.values().next(), Some(&7));
            }
            k.insert(n + 1, 0);
            assert_eq!(k.keys().last(), Some(n + 1));
            k.clear();
            assert_eq!(k.iter().count(), 0);
        }
    }
}
