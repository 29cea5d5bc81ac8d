//! List BIFs: length, hd, tl, ++, --, and the lists module's BIFs (reverse, keyfind, keymember,
//! member).
//!
//! Building a list of n cells takes one reservation of 2n words computed before building: walk
//! first, reserve, then re-read the arguments (the reservation may have moved them) and build.

use crate::code::native::Ctx;
use crate::natives::registry::BifEntry;
use crate::terms::compare::{cmp_exact, eq_arith, eq_exact};
use crate::terms::exception::{BifResult, Exception};
use crate::terms::heap::{words, Alloc};
use crate::terms::term::Term;
use std::cmp::Ordering;

/// Length of a proper list; None if `t` is not one.
pub fn proper_length(mut t: Term) -> Option<usize> {
    let mut n = 0usize;
    while let Some((_, tl)) = t.as_cons() {
        n += 1;
        t = tl;
    }
    if t.is_nil() {
        Some(n)
    } else {
        None
    }
}

fn length(_ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    let n = proper_length(args[0]).ok_or_else(Exception::badarg)?;
    // Lengths fit a small on every word size we build for (memory bounds them far below 2^27
    // cells on wasm32, whose smalls hold 28 bits).
    Ok(Term::small(n as isize))
}

fn hd(_ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    args[0].as_cons().map(|c| c.0).ok_or_else(Exception::badarg)
}

fn tl(_ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    args[0].as_cons().map(|c| c.1).ok_or_else(Exception::badarg)
}

/// The elements of a proper list (caller has checked it is one).
fn elements(mut t: Term, n: usize) -> Vec<Term> {
    let mut v = Vec::with_capacity(n);
    while let Some((h, tl)) = t.as_cons() {
        v.push(h);
        t = tl;
    }
    v
}

/// `A ++ B`: copies A, shares B.
fn append(ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    if args[0].is_nil() {
        return Ok(args[1]);
    }
    let n = proper_length(args[0]).ok_or_else(Exception::badarg)?;
    let mut r = ctx.reserve(words::list(n), args);
    let items = elements(args[0], n);
    Ok(r.list_from(&items, args[1]))
}

/// `A -- B`: removes the first occurrence in A of each element of B (exact equality).
fn subtract(ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    let n = proper_length(args[0]).ok_or_else(Exception::badarg)?;
    let m = proper_length(args[1]).ok_or_else(Exception::badarg)?;
    if n == 0 || m == 0 {
        return Ok(args[0]);
    }
    // Which positions of A survive, decided before reserving (positions survive a collection,
    // terms do not).
    let mut keep = vec![true; n];
    let left = elements(args[0], n);
    let right = elements(args[1], m);
    if m <= 16 {
        let mut pending = right;
        for (i, &x) in left.iter().enumerate() {
            if pending.is_empty() {
                break;
            }
            if let Some(j) = pending.iter().position(|&y| eq_exact(x, y)) {
                pending.swap_remove(j);
                keep[i] = false;
            }
        }
    } else {
        // A multiset of B, sorted in exact order, counted down as A's elements match.
        let mut sorted = right;
        sorted.sort_by(|&a, &b| cmp_exact(a, b));
        let mut uniq: Vec<(Term, usize)> = Vec::new();
        for t in sorted {
            match uniq.last_mut() {
                Some((u, c)) if cmp_exact(*u, t) == Ordering::Equal => *c += 1,
                _ => uniq.push((t, 1)),
            }
        }
        for (i, &x) in left.iter().enumerate() {
            if let Ok(j) = uniq.binary_search_by(|(u, _)| cmp_exact(*u, x)) {
                if uniq[j].1 > 0 {
                    uniq[j].1 -= 1;
                    keep[i] = false;
                }
            }
        }
    }
    let kept = keep.iter().filter(|&&k| k).count();
    if kept == n {
        return Ok(args[0]);
    }
    let mut r = ctx.reserve(words::list(kept), args);
    let items: Vec<Term> = elements(args[0], n)
        .into_iter()
        .zip(keep.iter())
        .filter(|(_, &k)| k)
        .map(|(t, _)| t)
        .collect();
    Ok(r.list_from(&items, Term::NIL))
}

fn reverse2(ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    let n = proper_length(args[0]).ok_or_else(Exception::badarg)?;
    if n == 0 {
        return Ok(args[1]);
    }
    let mut r = ctx.reserve(words::list(n), args);
    let mut acc = args[1];
    let mut t = args[0];
    while let Some((h, tl)) = t.as_cons() {
        acc = r.cons(h, acc);
        t = tl;
    }
    Ok(acc)
}

fn reverse1(ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    let mut a = [args[0], Term::NIL];
    let res = reverse2(ctx, &mut a);
    args[0] = a[0];
    res
}

/// The first tuple in `list` whose `pos`th element (1-based) is == `key`. `badarg` for a bad
/// position or when the walk reaches an improper tail.
fn keyfind_in(key: Term, pos: Term, list: Term) -> Result<Option<Term>, Exception> {
    let pos = match pos.as_small() {
        Some(p) if p >= 1 => p as usize - 1,
        _ => return Err(Exception::badarg()),
    };
    let mut t = list;
    while let Some((h, tl)) = t.as_cons() {
        if let Some(elems) = h.as_tuple() {
            if let Some(&e) = elems.get(pos) {
                if eq_arith(e, key) {
                    return Ok(Some(h));
                }
            }
        }
        t = tl;
    }
    if t.is_nil() {
        Ok(None)
    } else {
        Err(Exception::badarg())
    }
}

fn keyfind(_ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    Ok(keyfind_in(args[0], args[1], args[2])?.unwrap_or(Term::boolean(false)))
}

fn keymember(_ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    Ok(Term::boolean(
        keyfind_in(args[0], args[1], args[2])?.is_some(),
    ))
}

fn member(_ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    let x = args[0];
    let mut t = args[1];
    while let Some((h, tl)) = t.as_cons() {
        if eq_exact(h, x) {
            return Ok(Term::boolean(true));
        }
        t = tl;
    }
    if t.is_nil() {
        Ok(Term::boolean(false))
    } else {
        Err(Exception::badarg())
    }
}

pub const BIFS: &[BifEntry] = &[
    BifEntry::new("erlang", "length", 1, length),
    BifEntry::new("erlang", "hd", 1, hd),
    BifEntry::new("erlang", "tl", 1, tl),
    BifEntry::new("erlang", "++", 2, append),
    BifEntry::new("erlang", "--", 2, subtract),
    BifEntry::new("erlang", "append", 2, append),
    BifEntry::new("erlang", "subtract", 2, subtract),
    BifEntry::new("lists", "reverse", 2, reverse2),
    BifEntry::new("lists", "reverse", 1, reverse1),
    BifEntry::new("lists", "keyfind", 3, keyfind),
    BifEntry::new("lists", "keymember", 3, keymember),
    BifEntry::new("lists", "member", 2, member),
];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::natives::arith::testing::show;
    use crate::terms::heap::Arena;

    fn at(s: &str) -> Term {
        Term::atom(crate::terms::atom::intern_str(s))
    }
    fn ints(ar: &mut Arena, v: &[isize], tail: Term) -> Term {
        let items: Vec<Term> = v.iter().map(|&i| Term::small(i)).collect();
        ar.list_from(&items, tail)
    }

    #[test]
    fn basics() {
        let mut ar = Arena::new();
        let l = ints(&mut ar, &[1, 2, 3], Term::NIL);
        let imp = ints(&mut ar, &[1, 2], Term::small(3));
        assert_eq!(show(length, &[l]), "3");
        assert_eq!(show(length, &[imp]), "{error,badarg}");
        assert_eq!(show(hd, &[Term::NIL]), "{error,badarg}");
        let ab = ar.cons(at("a"), at("b"));
        assert_eq!(show(tl, &[ab]), "b");
        assert_eq!(show(append, &[l, at("b")]), "[1,2,3|b]");
        assert_eq!(show(append, &[ab, Term::NIL]), "{error,badarg}");
        assert_eq!(show(append, &[at("a"), Term::NIL]), "{error,badarg}");
        assert_eq!(show(append, &[Term::NIL, at("a")]), "a");
        assert_eq!(show(reverse1, &[l]), "[3,2,1]");
        assert_eq!(show(reverse1, &[imp]), "{error,badarg}");
        let l12 = ints(&mut ar, &[1, 2], Term::NIL);
        assert_eq!(show(reverse2, &[l12, at("x")]), "[2,1|x]");
        assert_eq!(show(reverse2, &[at("a"), at("x")]), "{error,badarg}");
    }

    #[test]
    fn subtraction() {
        let mut ar = Arena::new();
        let a = ints(&mut ar, &[1, 2, 3, 1, 2], Term::NIL);
        let b = ints(&mut ar, &[2, 1], Term::NIL);
        assert_eq!(show(subtract, &[a, b]), "[3,1,2]");
        let imp = ints(&mut ar, &[1, 2], Term::small(3));
        let one = ints(&mut ar, &[1], Term::NIL);
        assert_eq!(show(subtract, &[imp, one]), "{error,badarg}");
        let l12 = ints(&mut ar, &[1, 2], Term::NIL);
        let imp2 = ints(&mut ar, &[1], Term::small(2));
        assert_eq!(show(subtract, &[l12, imp2]), "{error,badarg}");
        assert_eq!(show(subtract, &[l12, at("a")]), "{error,badarg}");
        let f = ar.float(1.0);
        let mixed = ar.list_from(&[Term::small(1), f, Term::small(1)], Term::NIL);
        let fl = ar.list_from(&[f], Term::NIL);
        assert_eq!(show(subtract, &[mixed, fl]), "[1,1]");
        // Large: 10 000 elements minus the even ones (sorted path), twice over for duplicates.
        let n = 10_000;
        let all: Vec<isize> = (0..n).chain(0..n).collect();
        let evens: Vec<isize> = (0..n).filter(|x| x % 2 == 0).rev().collect();
        let a = ints(&mut ar, &all, Term::NIL);
        let b = ints(&mut ar, &evens, Term::NIL);
        let mut p = crate::processes::process::Process::new(1, 0);
        let r = crate::natives::arith::testing::call_in(&mut p, subtract, &[a, b]).unwrap();
        let want: Vec<isize> = (0..n).filter(|x| x % 2 == 1).chain(0..n).collect();
        let want = ints(&mut ar, &want, Term::NIL);
        assert!(eq_exact(r, want));
    }

    #[test]
    fn searching() {
        let mut ar = Arena::new();
        let f = ar.float(1.0);
        let t1f = ar.tuple(&[f]);
        let lf = ar.list_from(&[t1f], Term::NIL);
        assert_eq!(
            show(keyfind, &[Term::small(1), Term::small(1), lf]),
            "{1.0}"
        );
        assert_eq!(
            show(keymember, &[Term::small(1), Term::small(1), lf]),
            "true"
        );
        assert_eq!(
            show(keyfind, &[Term::small(1), Term::small(2), lf]),
            "false"
        );
        assert_eq!(
            show(keyfind, &[Term::small(1), Term::small(0), lf]),
            "{error,badarg}"
        );
        assert_eq!(show(keyfind, &[Term::small(1), f, lf]), "{error,badarg}");
        assert_eq!(
            show(keyfind, &[Term::small(1), Term::small(1), at("x")]),
            "{error,badarg}"
        );
        let ta = ar.tuple(&[at("a")]);
        let tb = ar.tuple(&[at("b")]);
        let l = ar.list_from(&[at("x"), ta], Term::NIL);
        assert_eq!(show(keyfind, &[at("a"), Term::small(1), l]), "{a}");
        let imp = ar.list_from(&[tb], at("c"));
        assert_eq!(
            show(keyfind, &[at("a"), Term::small(1), imp]),
            "{error,badarg}"
        );
        let lf1 = ar.list_from(&[f], Term::NIL);
        assert_eq!(show(member, &[Term::small(1), lf1]), "false");
        let bc = ar.cons(at("b"), at("c"));
        assert_eq!(show(member, &[at("a"), bc]), "{error,badarg}");
        assert_eq!(show(member, &[at("b"), bc]), "true");
    }

    #[test]
    fn long_lists() {
        let mut ar = Arena::new();
        let v: Vec<isize> = (0..1_000_000).collect();
        let l = ints(&mut ar, &v, Term::NIL);
        let mut p = crate::processes::process::Process::new(1, 0);
        let r = crate::natives::arith::testing::call_in(&mut p, reverse1, &[l]).unwrap();
        assert_eq!(r.head(), Term::small(999_999));
        let r2 = crate::natives::arith::testing::call_in(&mut p, append, &[l, l]).unwrap();
        assert_eq!(proper_length(r2), Some(2_000_000));
    }
}
