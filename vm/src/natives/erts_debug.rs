//! `erts_debug:flat_size/1` and `erts_debug:size/1`: how many heap words a term takes, counted
//! as 64-bit OTP 29 counts them, so that programs (and AtomVM's own tests) that budget memory by
//! these numbers get the same answers on every target: a cons is 2 words, a tuple its arity + 1
//! (the empty tuple 0, a literal), a float 2, a bignum 1 + its 64-bit digits, a binary of up to 64
//! bytes 2 + its 8-byte words and any larger binary, sub-binary or bitstring 8, a map of up to 32
//! keys 4 + 2 per key (the empty map 3), a reference 3, an export fun 2. Where OTP's layout is not ours — maps above
//! 32 keys (OTP's hash trie) and local funs — the count follows the same rules on our layout
//! (4 + 2 per key; 3 + the captured variables).
//!
//! `flat_size` counts a subterm every time it is reached; `size` counts a shared one once.

use crate::code::native::Ctx;
use crate::natives::registry::BifEntry;
use crate::terms::exception::BifResult;
use crate::terms::map;
use crate::terms::term::{BoxKind, Term};
use std::collections::HashSet;

/// OTP's heap-binary limit: binaries up to this many bytes live on the process heap.
const HEAP_BIN_MAX: usize = 64;

fn flat_size(_ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    Ok(count(args[0], false))
}

fn shared_size(_ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    Ok(count(args[0], true))
}

/// The words of `t`; with `shared`, a boxed term or cons reached twice counts once.
fn count(t: Term, shared: bool) -> Term {
    let mut total: usize = 0;
    let mut seen: HashSet<usize> = HashSet::new();
    let mut todo = vec![t];
    while let Some(t) = todo.pop() {
        if !t.is_pointer() || (shared && !seen.insert(t.raw())) {
            continue;
        }
        if let Some((h, tail)) = t.as_cons() {
            total += 2;
            todo.push(h);
            todo.push(tail);
            continue;
        }
        total += match t.box_kind() {
            BoxKind::Tuple => {
                let elems = t.as_tuple().unwrap_or(&[]);
                todo.extend_from_slice(elems);
                if elems.is_empty() {
                    0
                } else {
                    1 + elems.len()
                }
            }
            BoxKind::PosBig | BoxKind::NegBig => {
                let limbs = crate::terms::bignum::limbs(t).0;
                let bits = limbs.len() * usize::BITS as usize;
                1 + bits.div_ceil(64)
            }
            BoxKind::Float => 2,
            BoxKind::Ref => 3,
            BoxKind::Export => 2,
            BoxKind::Fun => {
                let captured = t.payload().len().saturating_sub(2);
                todo.extend(t.payload().iter().skip(2).map(|&w| Term::from_raw(w)));
                3 + captured
            }
            BoxKind::HeapBin | BoxKind::RefcBin | BoxKind::BinBuilder => {
                match crate::terms::binary::bytes_of(t) {
                    Some(b) if b.len() <= HEAP_BIN_MAX => 2 + b.len().div_ceil(8),
                    _ => 8,
                }
            }
            BoxKind::SubBin | BoxKind::MatchCtx => 8,
            BoxKind::Map => {
                for (k, v) in map::list_pairs(t) {
                    todo.push(k);
                    todo.push(v);
                }
                // Header, size, keys tuple (the empty one is a shared literal), values.
                match map::size(t) {
                    0 => 3,
                    n => 4 + 2 * n,
                }
            }
            BoxKind::ExternalPid | BoxKind::ExternalPort | BoxKind::ExternalRef => {
                1 + t.payload().len()
            }
        };
    }
    Term::small(total.min(crate::terms::term::MAX_SMALL as usize) as isize)
}

pub const BIFS: &[BifEntry] = &[
    BifEntry::new("erts_debug", "flat_size", 1, flat_size),
    BifEntry::new("erts_debug", "size", 1, shared_size),
];
