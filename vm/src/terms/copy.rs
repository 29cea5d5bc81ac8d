//! Copying a term out of a process heap into a message arena (sends, spawn arguments, exit
//! reasons). Structure is copied (sharing inside the term is not kept, as in BEAM); data outside
//! the source heap — module literals — is shared, since modules are never unloaded.
//!
//! Both passes walk with an explicit work list, so a long list or a deep term cannot overflow the
//! Rust stack. Bitstrings are flattened: whatever their representation (append buffer,
//! sub-binary), the copy is a plain heap binary, plus a sub-binary when the bit size is not a
//! whole number of bytes.

use crate::terms::bits::BitBuf;
use crate::terms::compare::bitstring_view;
use crate::terms::gc::term_range;
use crate::terms::heap::{words, Alloc, Arena, Heap};
use crate::terms::term::{header_payload, BoxKind, Term};

/// A term copied into its own arena. Owns the data; the term points into it (or at literals).
pub struct Copied {
    pub term: Term,
    pub arena: Arena,
}

/// Words of a sub-binary object (header, bit size, bit offset, original).
const SUB_BIN_WORDS: usize = 4;

/// Is `t` a bitstring whose copy must be flattened (anything but a plain heap binary)?
fn needs_flattening(t: Term) -> bool {
    match t.box_kind() {
        BoxKind::HeapBin => crate::terms::binary::is_append_buffer(t),
        BoxKind::SubBin | BoxKind::RefcBin | BoxKind::BinBuilder => true,
        _ => false,
    }
}

fn flat_words(t: Term) -> usize {
    match bitstring_view(t) {
        Some((_, _, bits)) => {
            words::heap_binary(bits.div_ceil(8)) + if bits % 8 != 0 { SUB_BIN_WORDS } else { 0 }
        }
        None => words::heap_binary(0),
    }
}

fn flatten<A: Alloc + ?Sized>(alloc: &mut A, t: Term) -> Term {
    let Some((bytes, off, bits)) = bitstring_view(t) else {
        return alloc.heap_binary(&[]);
    };
    if off % 8 == 0 && bits % 8 == 0 {
        return alloc.heap_binary(&bytes[off / 8..off / 8 + bits / 8]);
    }
    let mut buf = BitBuf::with_capacity_bits(bits);
    buf.push_bits(bytes, off, bits);
    let bin = alloc.heap_binary(&buf.bytes);
    if bits % 8 == 0 {
        return bin;
    }
    alloc.boxed_raw(BoxKind::SubBin, &[bits, 0, bin.raw()])
}

/// Where the data to copy lives: pointers elsewhere (module literals) are shared, not copied.
pub trait Source {
    fn holds(&self, p: *const usize) -> bool;
}

impl Source for Heap {
    fn holds(&self, p: *const usize) -> bool {
        self.contains(p)
    }
}

impl Source for Arena {
    fn holds(&self, p: *const usize) -> bool {
        self.contains(p)
    }
}

/// Heap words a copy of `t` needs (terms outside `heap` cost nothing).
pub fn size<S: Source + ?Sized>(t: Term, heap: &S) -> usize {
    let mut total = 0;
    let mut todo = vec![t];
    while let Some(mut t) = todo.pop() {
        // Lists are followed along their tails in this loop, without growing the work list.
        loop {
            if !t.is_pointer() || !heap.holds(t.ptr()) {
                break;
            }
            if t.is_list() {
                total += words::CONS;
                todo.push(t.head());
                t = t.tail();
                continue;
            }
            if needs_flattening(t) {
                total += flat_words(t);
                break;
            }
            let n = header_payload(t.header());
            total += 1 + n;
            let (first, last) = term_range(t.box_kind(), n);
            let payload = t.payload();
            todo.extend(payload[first..last].iter().map(|&w| Term::from_raw(w)));
            break;
        }
    }
    total
}

/// Copy `t` (which lives in or is reachable from `heap`) into a new arena.
pub fn copy<S: Source + ?Sized>(t: Term, heap: &S) -> Copied {
    let mut arena = Arena::with_words(size(t, heap));
    let term = copy_into(&mut arena, t, heap);
    Copied { term, arena }
}

/// Copy `t` into an arena with `extra` more words of room (for a message built around it).
pub fn copy_with_room<S: Source + ?Sized>(t: Term, heap: &S, extra: usize) -> Copied {
    let mut arena = Arena::with_words(size(t, heap) + extra);
    let term = copy_into(&mut arena, t, heap);
    Copied { term, arena }
}

/// Where a copied object still holds a pointer into the source heap.
enum Slot {
    Head(Term),
    Tail(Term),
    Payload(Term, usize),
}

/// Copy `t` into `alloc`, which must have room for `size(t, heap)` words.
pub fn copy_into<A: Alloc + ?Sized, S: Source + ?Sized>(alloc: &mut A, t: Term, heap: &S) -> Term {
    let mut todo: Vec<Slot> = Vec::new();
    let root = shallow(alloc, t, heap, &mut todo);
    while let Some(slot) = todo.pop() {
        match slot {
            Slot::Head(cell) => {
                let new = shallow(alloc, cell.head(), heap, &mut todo);
                cell.set_cons_fresh(new, cell.tail());
            }
            Slot::Tail(cell) => {
                let new = shallow(alloc, cell.tail(), heap, &mut todo);
                cell.set_cons_fresh(cell.head(), new);
            }
            Slot::Payload(obj, i) => {
                let new = shallow(alloc, Term::from_raw(obj.payload_word(i)), heap, &mut todo);
                obj.set_payload_word_fresh(i, new.raw());
            }
        }
    }
    root
}

/// Copy one object (its words as they are) and note which of its words still point into `heap`.
fn shallow<A: Alloc + ?Sized, S: Source + ?Sized>(
    alloc: &mut A,
    t: Term,
    heap: &S,
    todo: &mut Vec<Slot>,
) -> Term {
    if !t.is_pointer() || !heap.holds(t.ptr()) {
        return t;
    }
    if t.is_list() {
        let cell = alloc.cons(t.head(), t.tail());
        todo.push(Slot::Tail(cell));
        todo.push(Slot::Head(cell));
        return cell;
    }
    if needs_flattening(t) {
        return flatten(alloc, t);
    }
    let kind = t.box_kind();
    let payload = t.payload();
    let new = alloc.boxed_raw(kind, payload);
    let (first, last) = term_range(kind, payload.len());
    for i in first..last {
        todo.push(Slot::Payload(new, i));
    }
    new
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::terms::compare::eq_exact;

    #[test]
    fn copies_structure_and_shares_nothing_with_the_heap() {
        let mut h = Heap::new(0);
        let t = {
            let mut r = h.reserve(64, &mut []);
            let f = r.float(2.5);
            let bin = r.heap_binary(b"hello");
            let l = r.list_from(&[Term::small(1), f, bin], Term::NIL);
            r.tuple(&[l, Term::atom(crate::terms::atom::OK), l])
        };
        let c = copy(t, &h);
        assert!(eq_exact(c.term, t));
        assert!(!h.contains(c.term.ptr()));
        assert!(!h.contains(c.term.tuple_get(0).ptr()));
        assert!(!h.contains(c.term.tuple_get(0).tail().head().ptr()));
        // the arena was sized exactly
        assert_eq!(c.arena.words(), size(t, &h));
    }

    #[test]
    fn long_lists_copy_without_recursion() {
        let mut h = Heap::new(0);
        let mut root = [Term::NIL];
        for i in 0..200_000 {
            let mut r = h.reserve(2, &mut [&mut root]);
            root[0] = r.cons(Term::small(i), root[0]);
        }
        let c = copy(root[0], &h);
        assert_eq!(size(root[0], &h), 400_000);
        assert!(eq_exact(c.term, root[0]));
    }
}
