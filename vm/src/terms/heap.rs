//! Process heaps, arenas and the builders that make terms in them.
//!
//! Allocation is *reserve, then build*: `Heap::reserve(n, roots)` is the only call that may collect.
//! It returns a `Reservation` that borrows the heap mutably for as long as terms are being built, so
//! nothing can collect (and invalidate a term held in a local) until the reservation is dropped.
//!
//! `Arena` is a chunked, never-moving store used for module literals and message fragments.

use crate::terms::gc;
use crate::terms::term::{make_header, BoxKind, Term, FLOAT_WORDS, WORD_BYTES};

/// Words needed by common objects.
pub mod words {
    use crate::terms::term::{FLOAT_WORDS, WORD_BYTES};
    pub const CONS: usize = 2;
    pub const FLOAT: usize = 1 + FLOAT_WORDS;
    #[inline]
    pub const fn tuple(arity: usize) -> usize {
        1 + arity
    }
    #[inline]
    pub const fn heap_binary(bytes: usize) -> usize {
        2 + bytes.div_ceil(WORD_BYTES)
    }
    #[inline]
    pub const fn list(len: usize) -> usize {
        2 * len
    }
}

/// Anything terms can be built in. `alloc_words` hands out `n` uninitialised-but-zeroed words that
/// the builder fills before returning the term.
pub trait Alloc {
    /// Returns a pointer to `n` writable words, word-aligned, that stay at this address until the
    /// owner collects or is dropped.
    fn alloc_words(&mut self, n: usize) -> *mut usize;

    fn tuple(&mut self, elems: &[Term]) -> Term {
        let p = self.alloc_words(1 + elems.len());
        // SAFETY: `p` points at 1 + len writable words (alloc_words contract).
        unsafe {
            *p = make_header(BoxKind::Tuple, elems.len());
            for (i, e) in elems.iter().enumerate() {
                *p.add(1 + i) = e.raw();
            }
        }
        Term::make_boxed(p)
    }

    /// A tuple of `arity` elements all set to `fill`.
    fn tuple_filled(&mut self, arity: usize, fill: Term) -> Term {
        let p = self.alloc_words(1 + arity);
        // SAFETY: `p` points at 1 + arity writable words.
        unsafe {
            *p = make_header(BoxKind::Tuple, arity);
            for i in 0..arity {
                *p.add(1 + i) = fill.raw();
            }
        }
        Term::make_boxed(p)
    }

    fn cons(&mut self, head: Term, tail: Term) -> Term {
        let p = self.alloc_words(2);
        // SAFETY: `p` points at 2 writable words.
        unsafe {
            *p = head.raw();
            *p.add(1) = tail.raw();
        }
        Term::make_list(p)
    }

    /// A proper list of `items` ending in `tail`. Needs `words::list(items.len())`.
    fn list_from(&mut self, items: &[Term], tail: Term) -> Term {
        let mut acc = tail;
        for &t in items.iter().rev() {
            acc = self.cons(t, acc);
        }
        acc
    }

    fn float(&mut self, f: f64) -> Term {
        let bits = f.to_bits();
        let p = self.alloc_words(1 + FLOAT_WORDS);
        // SAFETY: `p` points at 1 + FLOAT_WORDS writable words.
        unsafe {
            *p = make_header(BoxKind::Float, FLOAT_WORDS);
            if FLOAT_WORDS == 1 {
                *p.add(1) = bits as usize;
            } else {
                *p.add(1) = (bits & 0xFFFF_FFFF) as usize;
                *p.add(2) = (bits >> 32) as usize;
            }
        }
        Term::make_boxed(p)
    }

    /// A boxed object of `kind` whose payload is `payload` (raw words, copied as given).
    fn boxed_raw(&mut self, kind: BoxKind, payload: &[usize]) -> Term {
        let p = self.alloc_words(1 + payload.len());
        // SAFETY: `p` points at 1 + payload.len() writable words.
        unsafe {
            *p = make_header(kind, payload.len());
            std::ptr::copy_nonoverlapping(payload.as_ptr(), p.add(1), payload.len());
        }
        Term::make_boxed(p)
    }

    /// A binary held on the heap: [header, byte size, bytes padded to words].
    fn heap_binary(&mut self, bytes: &[u8]) -> Term {
        let n = words::heap_binary(bytes.len());
        let p = self.alloc_words(n);
        // SAFETY: `p` points at n writable words; the bytes fit in the n - 2 data words.
        unsafe {
            *p = make_header(BoxKind::HeapBin, n - 1);
            *p.add(1) = bytes.len();
            std::ptr::copy_nonoverlapping(bytes.as_ptr(), p.add(2) as *mut u8, bytes.len());
        }
        Term::make_boxed(p)
    }
}

/// Bytes of a heap binary term (kind HeapBin).
pub fn heap_binary_bytes(t: Term) -> &'static [u8] {
    debug_assert!(t.is_box_of(BoxKind::HeapBin));
    let payload = t.payload();
    let len = payload[0];
    assert!(len <= (payload.len() - 1) * WORD_BYTES);
    // SAFETY: the data words follow the size word and hold at least `len` bytes (checked above).
    unsafe { std::slice::from_raw_parts(payload.as_ptr().add(1) as *const u8, len) }
}

// ---------------------------------------------------------------------------------------------
// Arena: never-moving chunks.

const ARENA_CHUNK_WORDS: usize = 1024;

#[derive(Default)]
pub struct Arena {
    chunks: Vec<Box<[usize]>>,
    used: usize,
}

impl Arena {
    pub fn new() -> Arena {
        Arena::default()
    }

    /// An arena whose first chunk holds exactly `n` words (a message of known size).
    pub fn with_words(n: usize) -> Arena {
        Arena {
            chunks: vec![vec![0usize; n].into_boxed_slice()],
            used: 0,
        }
    }

    /// Total words held (for memory accounting).
    pub fn words(&self) -> usize {
        self.chunks.iter().map(|c| c.len()).sum()
    }

    pub fn contains(&self, p: *const usize) -> bool {
        self.chunks.iter().any(|c| {
            let start = c.as_ptr() as usize;
            let end = start + c.len() * WORD_BYTES;
            (start..end).contains(&(p as usize))
        })
    }
}

impl Alloc for Arena {
    fn alloc_words(&mut self, n: usize) -> *mut usize {
        let fits = self.chunks.last().is_some_and(|c| self.used + n <= c.len());
        if !fits {
            let size = n.max(ARENA_CHUNK_WORDS);
            self.chunks.push(vec![0usize; size].into_boxed_slice());
            self.used = 0;
        }
        let chunk = self.chunks.last_mut().expect("a chunk was just ensured");
        let p = chunk[self.used..self.used + n].as_mut_ptr();
        self.used += n;
        p
    }
}

// ---------------------------------------------------------------------------------------------
// Process heap.

/// The smallest heap a collection leaves a process (OTP's default `min_heap_size`).
pub const MIN_HEAP_WORDS: usize = 233;
/// The heap a process starts with unless `min_heap_size` asks for more. Small, so that an idle
/// process costs little (most of them only wait in `receive`); the first collection grows it to
/// `MIN_HEAP_WORDS` or more, and collecting a heap this small costs next to nothing.
pub const INITIAL_HEAP_WORDS: usize = 32;

pub struct Heap {
    pub(crate) block: Box<[usize]>,
    pub(crate) top: usize,
    /// Extra blocks holding data that belongs to this heap but did not fit in `block` (message
    /// fragments, spills). The next collection folds them into the new block.
    pub(crate) fragments: Vec<Fragment>,
    /// Collect at every reservation (GC stress mode).
    pub stress: bool,
    /// In stress mode, the previous block, reused as the next to-space so that collecting at
    /// every reservation does not map and zero fresh memory each time.
    pub(crate) spare: Option<Box<[usize]>>,
    pub min_words: usize,
    /// Number of collections so far.
    pub collections: u64,
    /// A collection could not get the memory to grow this heap (the VM's memory limit, or the
    /// host refused): the process must end — its scheduler kills it at the next check — while
    /// the rest of the VM goes on.
    pub exhausted: bool,
}

pub(crate) struct Fragment {
    pub(crate) words: Box<[usize]>,
    pub(crate) used: usize,
}

impl Heap {
    /// A heap of `INITIAL_HEAP_WORDS`, or of `min_words` (`min_heap_size`) when that is larger;
    /// collections never shrink it below `max(min_words, MIN_HEAP_WORDS)`.
    pub fn new(min_words: usize) -> Heap {
        let initial = min_words.max(INITIAL_HEAP_WORDS);
        let min_words = min_words.max(MIN_HEAP_WORDS);
        Heap {
            block: vec![0usize; initial].into_boxed_slice(),
            top: 0,
            fragments: Vec::new(),
            stress: false,
            spare: None,
            min_words,
            collections: 0,
            exhausted: false,
        }
    }

    /// Words in use, fragments included.
    pub fn used(&self) -> usize {
        self.top + self.fragments.iter().map(|f| f.used).sum::<usize>()
    }

    /// Words allocated for the heap, fragments included.
    pub fn capacity(&self) -> usize {
        self.block.len() + self.fragments.iter().map(|f| f.words.len()).sum::<usize>()
    }

    #[cfg(test)]
    pub fn free(&self) -> usize {
        self.block.len() - self.top
    }

    /// Does `p` point into this heap (its block or a fragment)? Anything else a term points at is
    /// a module literal, which lives as long as the VM.
    pub fn contains(&self, p: *const usize) -> bool {
        let inside = |words: &[usize]| {
            let start = words.as_ptr() as usize;
            (start..start + words.len() * WORD_BYTES).contains(&(p as usize))
        };
        inside(&self.block) || self.fragments.iter().any(|f| inside(&f.words))
    }

    /// Attach a finished arena (a message) to this heap: its data becomes part of the heap and is
    /// copied into the block by the next collection.
    pub fn adopt(&mut self, arena: Arena) {
        let last = arena.chunks.len();
        for (i, chunk) in arena.chunks.into_iter().enumerate() {
            let used = if i + 1 == last {
                arena.used
            } else {
                chunk.len()
            };
            self.fragments.push(Fragment { words: chunk, used });
        }
    }

    /// Would `reserve(need, ..)` find its room without collecting? Lets a caller skip
    /// gathering its roots on the common path.
    #[inline]
    pub fn has_room(&self, need: usize) -> bool {
        !self.stress && self.top + need <= self.block.len()
    }

    /// Make room for `need` words, collecting if necessary. Every live term the caller holds must
    /// be in `roots`; they are updated in place when data moves.
    pub fn reserve(&mut self, need: usize, roots: &mut [&mut [Term]]) -> Reservation<'_> {
        if !self.has_room(need) {
            gc::collect(self, need, roots);
        }
        self.reserved(need)
    }

    /// Ensure `need` free words (test_heap / allocate_heap): collects with `roots` if needed.
    /// False when the heap could not grow (see `exhausted`): the caller must end the process
    /// instead of building.
    pub fn ensure(&mut self, need: usize, roots: &mut [&mut [Term]]) -> bool {
        if !self.has_room(need) {
            gc::collect(self, need, roots);
        }
        !self.exhausted && self.top + need <= self.block.len()
    }

    /// Reserve `need` words without collecting, for instructions whose room was ensured earlier.
    /// If the room is not there after all (the compiler's estimate differs from our object sizes),
    /// the words come from a fresh fragment instead, which the next collection folds in: terms stay
    /// valid either way.
    #[inline]
    pub fn reserved(&mut self, need: usize) -> Reservation<'_> {
        let fits = self.top + need <= self.block.len();
        let mut r = Reservation {
            heap: self,
            fragment: None,
        };
        if !fits {
            r.spill(need);
        }
        r
    }
}

/// An open reservation: terms can be built, nothing can collect.
pub struct Reservation<'h> {
    heap: &'h mut Heap,
    /// Allocating from a spill fragment (its index) instead of the block.
    fragment: Option<usize>,
}

impl Reservation<'_> {
    /// Continue in a fresh fragment of at least `n` words (the next collection folds it in).
    fn spill(&mut self, n: usize) {
        self.heap.fragments.push(Fragment {
            words: vec![0usize; n.max(64)].into_boxed_slice(),
            used: 0,
        });
        self.fragment = Some(self.heap.fragments.len() - 1);
    }
}

impl Alloc for Reservation<'_> {
    fn alloc_words(&mut self, n: usize) -> *mut usize {
        let slice = match self.fragment {
            None => {
                let top = self.heap.top;
                if top + n > self.heap.block.len() {
                    // Under-reserved: continue in a fragment rather than overrun the block.
                    self.spill(n);
                    return self.alloc_words(n);
                }
                self.heap.top = top + n;
                &mut self.heap.block[top..top + n]
            }
            Some(i) => {
                let f = &mut self.heap.fragments[i];
                if f.used + n > f.words.len() {
                    self.spill(n);
                    return self.alloc_words(n);
                }
                let start = f.used;
                f.used += n;
                &mut f.words[start..start + n]
            }
        };
        slice.fill(0);
        slice.as_mut_ptr()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn build_tuple_and_list() {
        let mut h = Heap::new(0);
        let mut r = h.reserve(10, &mut []);
        let l = r.list_from(&[Term::small(1), Term::small(2)], Term::NIL);
        let t = r.tuple(&[Term::small(7), l]);
        assert!(t.is_tuple());
        assert_eq!(t.tuple_arity(), 2);
        assert_eq!(t.tuple_get(0), Term::small(7));
        let l2 = t.tuple_get(1);
        assert_eq!(l2.head(), Term::small(1));
        assert_eq!(l2.tail().head(), Term::small(2));
        assert!(l2.tail().tail().is_nil());
    }

    #[test]
    fn floats_and_binaries() {
        let mut a = Arena::new();
        let f = a.float(-2.5);
        assert!(f.is_float());
        assert_eq!(f.float_value(), -2.5);
        let b = a.heap_binary(b"hello, world");
        assert_eq!(heap_binary_bytes(b), b"hello, world");
    }

    #[test]
    fn under_reservation_spills_into_a_fragment_that_collection_folds_in() {
        let mut h = Heap::new(0);
        let room = h.free();
        // Ask for more than the block has, without collecting: the data goes to a fragment.
        let big = h.reserved(room + 10).tuple_filled(room + 9, Term::small(5));
        assert!(!h.fragments.is_empty());
        let mut roots = [big];
        crate::terms::gc::collect(&mut h, 0, &mut [&mut roots]);
        assert!(h.fragments.is_empty());
        assert_eq!(roots[0].tuple_arity(), room + 9);
        assert_eq!(roots[0].tuple_get(room + 8), Term::small(5));
    }
}
