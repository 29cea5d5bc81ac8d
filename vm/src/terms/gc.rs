//! Precise copying collector (Cheney) for a process heap.
//!
//! From-space is the heap's block plus its fragments; to-space is a fresh block. Roots are the
//! slices the caller passes (registers, stack, dictionary, locals). Pointers outside from-space
//! (literals, other arenas) are left alone. A moved cons cell gets NON_VALUE in its head and the new
//! address in its tail; a moved boxed object gets a boxed term (the new address) in its header slot.

use crate::platform::memory;
use crate::terms::heap::Heap;
use crate::terms::term::{header_kind, header_payload, is_header_word, BoxKind, CodePtr, Term};

struct Space {
    from: Vec<(usize, usize)>,
}

impl Space {
    #[inline]
    fn contains(&self, p: usize) -> bool {
        self.from.iter().any(|&(s, e)| p >= s && p < e)
    }
}

/// Collect `heap`, leaving at least `need` free words. Roots are rewritten in place.
///
/// When no to-space can be had (the VM's memory limit, or the host refuses), nothing moves: the
/// heap is marked `exhausted` and keeps its old block, so its owner can be ended cleanly.
pub fn collect(heap: &mut Heap, need: usize, roots: &mut [&mut [Term]]) {
    let used = heap.used();
    // Worst case everything is live; allocate for that, shrink below if it turned out not to be.
    let Some(mut to_len) = used
        .checked_add(need)
        .and_then(|n| n.max(heap.min_words).checked_mul(2))
    else {
        heap.exhausted = true;
        return;
    };
    let mut fallback = false;
    let mut to: Box<[usize]> = match heap.spare.take() {
        // To-space needs no zeroing: every word below the new top is written by the copy.
        Some(block) if block.len() >= to_len && block.len() <= 4 * to_len => {
            to_len = block.len();
            block
        }
        _ => {
            // Under stress the heap grows a little at every collection: slack keeps the spare
            // block usable for many collections in a row.
            if heap.stress {
                to_len += to_len / 2;
            }
            // Past the limit, one last try without the doubling: everything may not be live.
            let exact = (used + need).max(heap.min_words);
            match memory::try_alloc_words(to_len) {
                Some(block) => block,
                None => match memory::try_alloc_words(exact) {
                    Some(block) => {
                        to_len = block.len();
                        fallback = true;
                        block
                    }
                    None => {
                        heap.exhausted = true;
                        return;
                    }
                },
            }
        }
    };

    let word = std::mem::size_of::<usize>();
    let mut from = vec![(
        heap.block.as_ptr() as usize,
        heap.block.as_ptr() as usize + heap.block.len() * word,
    )];
    for f in &heap.fragments {
        let s = f.words.as_ptr() as usize;
        from.push((s, s + f.words.len() * word));
    }
    let space = Space { from };

    let live = copy_live(&space, &mut to, roots);

    // Resize the new heap to twice what is live plus the need, within reason.
    let wanted = ((live + need) * 2).max(heap.min_words);
    if wanted * 2 < to_len && !heap.stress {
        // Shrink: a second copy into a right-sized block (skipped if even that is refused).
        if let Some(mut small) = memory::try_alloc_words(wanted) {
            let s = to.as_ptr() as usize;
            let space2 = Space {
                from: vec![(s, s + to_len * word)],
            };
            let live2 = copy_live(&space2, &mut small, roots);
            debug_assert_eq!(live, live2);
            to = small;
        }
    }
    if fallback && (live + need) * 2 > to.len() {
        // Only the exact-size block was allowed and most of it is live: the next collections
        // would copy nearly the whole heap for a few words each; the process is at the limit.
        heap.exhausted = true;
    }
    let old = std::mem::replace(&mut heap.block, to);
    if heap.stress {
        heap.spare = Some(old);
    }
    heap.top = live;
    heap.fragments.clear();
    heap.collections += 1;
}

/// Copy everything reachable from `roots` that lives in `space` into `to`. Returns words used.
fn copy_live(space: &Space, to: &mut [usize], roots: &mut [&mut [Term]]) -> usize {
    let mut top = 0usize;
    for slice in roots.iter_mut() {
        for t in slice.iter_mut() {
            if CodePtr::is_code_word(*t) {
                continue; // return addresses, catch tags, NON_VALUE
            }
            *t = evacuate(space, to, &mut top, *t);
        }
    }
    // Cheney scan of to-space.
    let mut scan = 0usize;
    while scan < top {
        let w = to[scan];
        if is_header_word(w) {
            let n = header_payload(w);
            let (first, last) = term_range(header_kind(w), n);
            for i in first..last {
                let t = Term::from_raw(to[scan + 1 + i]);
                let moved = evacuate(space, to, &mut top, t);
                to[scan + 1 + i] = moved.raw();
            }
            scan += 1 + n;
        } else {
            // A cons cell: two terms.
            for i in 0..2 {
                let t = Term::from_raw(to[scan + i]);
                let moved = evacuate(space, to, &mut top, t);
                to[scan + i] = moved.raw();
            }
            scan += 2;
        }
    }
    top
}

/// Which payload words of a boxed object are terms: `first..last`.
pub(crate) fn term_range(kind: BoxKind, n: usize) -> (usize, usize) {
    match kind {
        BoxKind::Tuple | BoxKind::Map | BoxKind::Export => (0, n),
        BoxKind::Fun => (2.min(n), n),
        BoxKind::SubBin => (2.min(n), 3.min(n)),
        BoxKind::MatchCtx => (0, 1.min(n)),
        _ => (0, 0),
    }
}

#[inline]
fn evacuate(space: &Space, to: &mut [usize], top: &mut usize, t: Term) -> Term {
    if !t.is_pointer() {
        return t;
    }
    let p = t.ptr() as usize;
    if !space.contains(p) {
        return t;
    }
    let src = t.ptr();
    if t.is_list() {
        // SAFETY: `src` is a cons cell inside from-space, which stays allocated during collection.
        unsafe {
            if *src == 0 {
                return Term::make_list(*src.add(1) as *const usize);
            }
            let dst = to.as_mut_ptr().add(*top);
            *dst = *src;
            *dst.add(1) = *src.add(1);
            *top += 2;
            *src = 0;
            *src.add(1) = dst as usize;
            Term::make_list(dst)
        }
    } else {
        // SAFETY: `src` is a boxed object's header inside from-space; its payload follows it there.
        unsafe {
            let h = *src;
            if !is_header_word(h) {
                // Already moved: the header slot holds the boxed term for the new copy.
                return Term::from_raw(h);
            }
            let n = 1 + header_payload(h);
            let dst = to.as_mut_ptr().add(*top);
            std::ptr::copy_nonoverlapping(src, dst, n);
            *top += n;
            let moved = Term::make_boxed(dst);
            *src = moved.raw();
            moved
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::terms::heap::{Alloc, Heap};
    use crate::terms::term::Term;

    #[test]
    fn collect_keeps_roots_and_drops_garbage() {
        let mut h = Heap::new(0);
        let mut kept = [Term::NIL];
        {
            let mut r = h.reserve(100, &mut []);
            for i in 0..40 {
                let _garbage = r.tuple(&[Term::small(i)]);
            }
            let inner = r.float(1.5);
            let shared = r.cons(inner, Term::NIL);
            kept[0] = r.tuple(&[shared, shared, Term::small(3)]);
        }
        let before = h.used();
        crate::terms::gc::collect(&mut h, 10, &mut [&mut kept]);
        assert!(h.used() < before);
        let t = kept[0];
        assert_eq!(t.tuple_arity(), 3);
        // Sharing is preserved: both elements point at the same copied cell.
        assert_eq!(t.tuple_get(0), t.tuple_get(1));
        assert_eq!(t.tuple_get(0).head().float_value(), 1.5);
        assert_eq!(t.tuple_get(2), Term::small(3));
        // 4 (tuple) + 2 (cons) + float
        assert_eq!(h.used(), 4 + 2 + crate::terms::heap::words::FLOAT);
    }

    #[test]
    fn long_list_survives_many_collections() {
        let mut h = Heap::new(0);
        h.stress = true;
        let mut root = [Term::NIL];
        for i in 0..2000 {
            let mut r = h.reserve(2, &mut [&mut root]);
            root[0] = r.cons(Term::small(i), root[0]);
        }
        let mut n = 0;
        let mut l = root[0];
        while let Some((hd, tl)) = l.as_cons() {
            assert_eq!(hd, Term::small(1999 - n));
            n += 1;
            l = tl;
        }
        assert_eq!(n, 2000);
    }
}
