//! BIFs about the running process: self, node, the process dictionary.

use crate::code::native::Ctx;
use crate::natives::registry::BifEntry;
use crate::terms::compare::eq_exact;
use crate::terms::exception::BifResult;
use crate::terms::heap::{words, Alloc};
use crate::terms::term::Term;

pub fn self0(ctx: &mut Ctx) -> BifResult {
    Ok(ctx.proc.pid)
}

pub fn node0(_ctx: &mut Ctx) -> BifResult {
    Ok(Term::atom(crate::terms::local_node::name()))
}

fn self_1(ctx: &mut Ctx, _args: &mut [Term]) -> BifResult {
    Ok(ctx.proc.pid)
}

// ---- process dictionary: `ctx.proc.dict` holds flat key, value pairs (a collector root) ----

/// Index of `key`'s pair in the dictionary (of the key word).
fn dict_find(dict: &[Term], key: Term) -> Option<usize> {
    (0..dict.len() / 2)
        .map(|i| 2 * i)
        .find(|&i| eq_exact(dict[i], key))
}

fn undefined() -> Term {
    Term::atom(crate::terms::atom::UNDEFINED)
}

fn put(ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    let dict = &mut ctx.proc.dict;
    match dict_find(dict, args[0]) {
        Some(i) => Ok(std::mem::replace(&mut dict[i + 1], args[1])),
        None => {
            dict.push(args[0]);
            dict.push(args[1]);
            Ok(undefined())
        }
    }
}

fn get1(ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    let dict = &ctx.proc.dict;
    Ok(dict_find(dict, args[0])
        .map(|i| dict[i + 1])
        .unwrap_or_else(undefined))
}

fn erase1(ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    let dict = &mut ctx.proc.dict;
    match dict_find(dict, args[0]) {
        Some(i) => {
            let old = dict[i + 1];
            dict.drain(i..i + 2);
            Ok(old)
        }
        None => Ok(undefined()),
    }
}

/// [{K, V}] of the whole dictionary, in insertion order.
fn dict_pairs(ctx: &mut Ctx) -> Term {
    // A copy of the dictionary is passed as the reservation's extra roots, so it stays valid
    // across a collection while the reservation holds the context.
    let mut copy = ctx.proc.dict.clone();
    let n = copy.len() / 2;
    let mut r = ctx.reserve(n * (words::tuple(2) + words::CONS), &mut copy);
    let mut acc = Term::NIL;
    for pair in copy.chunks_exact(2).rev() {
        let t = r.tuple(pair);
        acc = r.cons(t, acc);
    }
    acc
}

fn get0(ctx: &mut Ctx, _args: &mut [Term]) -> BifResult {
    Ok(dict_pairs(ctx))
}

fn erase0(ctx: &mut Ctx, _args: &mut [Term]) -> BifResult {
    let l = dict_pairs(ctx);
    ctx.proc.dict.clear();
    Ok(l)
}

/// Keys of the dictionary whose value is `filter` (=:=), or all keys.
fn keys(ctx: &mut Ctx, filter: Option<Term>) -> BifResult {
    let mut ks: Vec<Term> = ctx
        .proc
        .dict
        .chunks_exact(2)
        .filter(|p| filter.is_none_or(|v| eq_exact(p[1], v)))
        .map(|p| p[0])
        .collect();
    // The keys are the reservation's extra roots; the filter value is not needed after this.
    let mut r = ctx.reserve(words::list(ks.len()), &mut ks);
    Ok(r.list_from(&ks, Term::NIL))
}

/// `bump_reductions(N)`: N more reductions counted against the caller.
fn bump_reductions(ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    let n = args[0]
        .as_small()
        .filter(|&n| n >= 0)
        .ok_or_else(crate::terms::exception::Exception::badarg)?;
    ctx.proc.reductions = ctx.proc.reductions.saturating_add(n as u64);
    Ok(Term::boolean(true))
}

fn get_keys0(ctx: &mut Ctx, _args: &mut [Term]) -> BifResult {
    keys(ctx, None)
}

fn get_keys1(ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    keys(ctx, Some(args[0]))
}

pub const BIFS: &[BifEntry] = &[
    BifEntry::erlang("bump_reductions", 1, bump_reductions),
    BifEntry::new("erlang", "self", 0, self_1),
    BifEntry::new("erlang", "put", 2, put),
    BifEntry::new("erlang", "get", 1, get1),
    BifEntry::new("erlang", "get", 0, get0),
    BifEntry::new("erlang", "erase", 1, erase1),
    BifEntry::new("erlang", "erase", 0, erase0),
    BifEntry::new("erlang", "get_keys", 0, get_keys0),
    BifEntry::new("erlang", "get_keys", 1, get_keys1),
];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::natives::arith::testing::call_in;
    use crate::processes::process::Process;
    use crate::terms::heap::Arena;
    use crate::terms::print::print_term;

    fn at(s: &str) -> Term {
        Term::atom(crate::terms::atom::intern_str(s))
    }

    #[test]
    fn dictionary() {
        let mut p = Process::new(1, 0);
        p.heap.stress = true;
        let mut ar = Arena::new();
        let k2 = ar.tuple(&[Term::small(1)]);
        let k2f = {
            let f = ar.float(1.0);
            ar.tuple(&[f])
        };
        let mut run = |f: crate::code::native::BifFn, args: &[Term]| {
            print_term(call_in(&mut p, f, args).unwrap())
        };
        assert_eq!(run(put, &[at("a"), Term::small(1)]), "undefined");
        assert_eq!(run(put, &[k2, at("x")]), "undefined");
        assert_eq!(run(put, &[at("a"), Term::small(2)]), "1");
        assert_eq!(run(get1, &[at("a")]), "2");
        assert_eq!(run(get1, &[k2f]), "undefined");
        assert_eq!(run(get1, &[k2]), "x");
        assert_eq!(run(get0, &[]), "[{a,2},{{1},x}]");
        assert_eq!(run(put, &[at("b"), Term::small(2)]), "undefined");
        assert_eq!(run(get_keys0, &[]), "[a,{1},b]");
        assert_eq!(run(get_keys1, &[Term::small(2)]), "[a,b]");
        assert_eq!(run(erase1, &[at("a")]), "2");
        assert_eq!(run(erase1, &[at("a")]), "undefined");
        assert_eq!(run(erase0, &[]), "[{{1},x},{b,2}]");
        assert_eq!(run(get0, &[]), "[]");
    }
}
