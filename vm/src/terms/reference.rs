//! Local references: numbering (unique for the VM's life) and the boxed layout.

use crate::terms::heap::Alloc;
use crate::terms::term::{BoxKind, Term};
use std::sync::atomic::{AtomicU64, Ordering};

static NEXT_REF: AtomicU64 = AtomicU64::new(1);

/// A fresh reference number, unique for the life of the VM.
pub fn next_ref_number() -> u64 {
    NEXT_REF.fetch_add(1, Ordering::Relaxed)
}

/// The number of a local reference term.
pub fn ref_number(t: Term) -> Option<u64> {
    if !t.is_box_of(BoxKind::Ref) {
        return None;
    }
    let p = t.payload();
    match p {
        [n] if crate::terms::term::WORD_BYTES == 8 => Some(*n as u64),
        [lo, hi] => Some(*lo as u64 | (*hi as u64) << 32),
        _ => None,
    }
}

/// Words a reference needs.
pub const REF_WORDS: usize = 1 + 8 / crate::terms::term::WORD_BYTES;

/// Build a reference with number `n` (`REF_WORDS` words): payload is the number, low word first.
pub fn build_ref<A: Alloc + ?Sized>(alloc: &mut A, n: u64) -> Term {
    if crate::terms::term::WORD_BYTES == 8 {
        alloc.boxed_raw(BoxKind::Ref, &[n as usize])
    } else {
        alloc.boxed_raw(
            BoxKind::Ref,
            &[(n & 0xFFFF_FFFF) as usize, (n >> 32) as usize],
        )
    }
}
