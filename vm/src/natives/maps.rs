//! Map BIFs: the `maps` module's natively implemented functions and erlang's map guards.
//! Errors as OTP 25: a non-map argument raises `{badmap, M}`, a missing key `{badkey, K}`,
//! a malformed list `badarg`.
//!
//! Iterators (`maps:iterator/1`, `maps:next/1`) are opaque to programs. Here an iterator is the
//! cons `[Index | Map]` (as OTP 25's for a small map): `maps:next([I | M])` returns
//! `{K, V, [I + 1 | M]}` for pair `I` in iteration order, or `none` past the last pair;
//! `maps:next({K, V, Iter})` returns its argument and `maps:next(none)` returns `none`, as in OTP.
//! Anything else is `badarg`.

use crate::code::native::Ctx;
use crate::natives::registry::BifEntry;
use crate::terms::atom;
use crate::terms::compare::cmp_exact;
use crate::terms::exception::{BifResult, Exception};
use crate::terms::heap::{words, Alloc};
use crate::terms::map;
use crate::terms::term::{Atom, Term};

const fn maps_bif(function: &'static str, arity: u32, f: crate::code::native::BifFn) -> BifEntry {
    BifEntry::new("maps", function, arity, f)
}

/// `{Tag, args[i]}` as an error exception.
fn tagged(ctx: &mut Ctx, tag: Atom, args: &mut [Term], i: usize) -> Exception {
    let mut r = ctx.reserve(words::tuple(2), args);
    Exception::error(r.tuple(&[Term::atom(tag), args[i]]))
}

/// Check that `args[i]` is a map, or raise `{badmap, args[i]}`.
fn need_map(ctx: &mut Ctx, args: &mut [Term], i: usize) -> Result<Term, Exception> {
    let m = args[i];
    if map::is_map(m) {
        Ok(m)
    } else {
        Err(tagged(ctx, atom::BADMAP, args, i))
    }
}

fn none() -> Term {
    Term::atom(atom::intern_str("none"))
}

// ---- lookups ----

/// maps:get(K, M) and erlang:map_get(K, M)
fn get2(ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    let m = need_map(ctx, args, 1)?;
    match map::get(m, args[0]) {
        Some(v) => Ok(v),
        None => Err(tagged(ctx, atom::BADKEY, args, 0)),
    }
}

/// maps:get(K, M, Default)
fn get3(ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    let m = need_map(ctx, args, 1)?;
    Ok(map::get(m, args[0]).unwrap_or(args[2]))
}

/// maps:find(K, M) -> {ok, V} | error
fn find(ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    let m = need_map(ctx, args, 1)?;
    match map::get(m, args[0]) {
        None => Ok(Term::atom(atom::ERROR)),
        Some(_) => {
            let mut r = ctx.reserve(words::tuple(2), args);
            let v = map::get(args[1], args[0]).unwrap_or(Term::NIL);
            Ok(r.tuple(&[Term::atom(atom::OK), v]))
        }
    }
}

/// maps:is_key(K, M) and erlang:is_map_key(K, M)
fn is_key(ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    let m = need_map(ctx, args, 1)?;
    Ok(Term::boolean(map::contains(m, args[0])))
}

/// maps:size(M) and erlang:map_size(M)
fn size(ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    let m = need_map(ctx, args, 0)?;
    Ok(Term::small(map::size(m) as isize))
}

// ---- building ----

/// maps:new()
fn new(ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    let mut r = ctx.reserve(map::words(0), args);
    Ok(map::build(&mut r, &[], &[]))
}

/// Put `args[k] => args[v]` into the map `args[m]` as planned.
fn put_planned(
    ctx: &mut Ctx,
    args: &mut [Term],
    k: usize,
    v: usize,
    m: usize,
    plan: &map::PutOne,
) -> BifResult {
    let need = map::words_put_one(args[m], args[k], plan);
    let mut r = ctx.reserve(need, args);
    Ok(map::build_put_one(&mut r, args[m], plan, args[k], args[v]))
}

/// maps:put(K, V, M)
fn put(ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    let m = need_map(ctx, args, 2)?;
    let plan = map::plan_put_one(m, args[0]);
    put_planned(ctx, args, 0, 1, 2, &plan)
}

/// maps:update(K, V, M): like put, but K must be present.
fn update(ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    let m = need_map(ctx, args, 2)?;
    let plan = map::plan_put_one(m, args[0]);
    if plan.adds() {
        return Err(tagged(ctx, atom::BADKEY, args, 0));
    }
    put_planned(ctx, args, 0, 1, 2, &plan)
}

/// maps:remove(K, M): M itself when K is absent.
fn remove(ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    let m = need_map(ctx, args, 1)?;
    let plan = match map::plan_remove(m, args[0]) {
        Some(p) => p,
        None => return Ok(m),
    };
    let mut r = ctx.reserve(map::words_remove(m, args[0], &plan), args);
    Ok(map::build_remove(&mut r, args[1], args[0], &plan))
}

/// maps:take(K, M) -> {V, M without K} | error
fn take(ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    let m = need_map(ctx, args, 1)?;
    let plan = match map::plan_remove(m, args[0]) {
        Some(p) => p,
        None => return Ok(Term::atom(atom::ERROR)),
    };
    let need = map::words_remove(m, args[0], &plan) + words::tuple(2);
    let mut r = ctx.reserve(need, args);
    let (m, k) = (args[1], args[0]);
    let v = map::get(m, k).unwrap_or(Term::NIL);
    let rest = map::build_remove(&mut r, m, k, &plan);
    Ok(r.tuple(&[v, rest]))
}

/// Build a map of `pairs()` (re-collected after the reservation, in the same order; the last
/// of equal keys wins) with `args` as roots.
fn build_from_pairs(
    ctx: &mut Ctx,
    args: &mut [Term],
    pairs: impl Fn(&[Term]) -> Result<Vec<(Term, Term)>, Exception>,
) -> BifResult {
    let ps = pairs(args)?;
    let plan = map::plan_pairs(&ps);
    let mut r = ctx.reserve(plan.words(), args);
    let ps = pairs(args)?;
    Ok(map::build_pairs(&mut r, &plan, &ps))
}

/// maps:merge(M1, M2): M2's values win.
fn merge(ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    let m1 = need_map(ctx, args, 0)?;
    let m2 = need_map(ctx, args, 1)?;
    if map::size(m2) == 0 {
        return Ok(m1);
    }
    if map::size(m1) == 0 {
        return Ok(m2);
    }
    if map::is_trie(m1) || map::is_trie(m2) {
        return build_from_pairs(ctx, args, |a| {
            let mut ps = map::pairs(a[0]);
            ps.extend(map::iter(a[1]));
            Ok(ps)
        });
    }
    let (slots, added) = map::plan_merge(m1, m2);
    if slots.len() > map::SMALL_MAP_LIMIT {
        return build_from_pairs(ctx, args, |a| {
            let mut ps = map::pairs(a[0]);
            ps.extend(map::iter(a[1]));
            Ok(ps)
        });
    }
    let need = if added {
        map::words(slots.len())
    } else {
        map::words_same_keys(slots.len())
    };
    let mut r = ctx.reserve(need, args);
    let (m1, m2) = (args[0], args[1]);
    Ok(map::build_planned(
        &mut r,
        m1,
        &slots,
        !added,
        |j| map::keys(m2)[j],
        |j| map::value(m2, j),
    ))
}

/// The elements of a proper list, or badarg.
fn list_items(mut l: Term) -> Result<Vec<Term>, Exception> {
    let mut out = Vec::new();
    while let Some((h, t)) = l.as_cons() {
        out.push(h);
        l = t;
    }
    if l.is_nil() {
        Ok(out)
    } else {
        Err(Exception::badarg())
    }
}

/// The {K, V} pairs of a proper list of 2-tuples, or badarg.
fn pair_items(l: Term) -> Result<Vec<(Term, Term)>, Exception> {
    let items = list_items(l)?;
    let mut out = Vec::with_capacity(items.len());
    for it in items {
        match it.as_tuple() {
            Some(&[k, v]) => out.push((k, v)),
            _ => return Err(Exception::badarg()),
        }
    }
    Ok(out)
}

/// maps:from_list([{K, V}]): the last of duplicate keys wins.
fn from_list(ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    build_from_pairs(ctx, args, |a| pair_items(a[0]))
}

/// maps:from_keys(Keys, V)
fn from_keys(ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    build_from_pairs(ctx, args, |a| {
        Ok(list_items(a[0])?.into_iter().map(|k| (k, a[1])).collect())
    })
}

/// maps:with(Keys, M): the pairs of M whose keys are in Keys. (OTP raises function_clause for
/// an improper Keys list; here it is badarg.)
fn with(ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    need_map(ctx, args, 1)?;
    list_items(args[0])?;
    build_from_pairs(ctx, args, |a| {
        let (ks, m) = (list_items(a[0])?, a[1]);
        Ok(ks
            .into_iter()
            .filter_map(|k| map::get(m, k).map(|v| (k, v)))
            .collect())
    })
}

/// maps:without(Keys, M): M without the keys in Keys. (Improper Keys: badarg, as for with/2.)
fn without(ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    let m = need_map(ctx, args, 1)?;
    let ks = list_items(args[0])?;
    if !ks.iter().any(|&k| map::contains(m, k)) {
        return Ok(m);
    }
    build_from_pairs(ctx, args, |a| {
        let mut drop = list_items(a[0])?;
        drop.sort_by(|x, y| cmp_exact(*x, *y));
        Ok(map::iter(a[1])
            .filter(|&(k, _)| drop.binary_search_by(|d| cmp_exact(*d, k)).is_err())
            .collect())
    })
}

// ---- lists out of maps ----

/// maps:keys(M)
fn keys(ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    let m = need_map(ctx, args, 0)?;
    let n = map::size(m);
    let mut r = ctx.reserve(words::list(n), args);
    let ks: Vec<Term> = map::list_pairs(args[0]).into_iter().map(|p| p.0).collect();
    Ok(r.list_from(&ks, Term::NIL))
}

/// maps:values(M)
fn values(ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    let m = need_map(ctx, args, 0)?;
    let n = map::size(m);
    let mut r = ctx.reserve(words::list(n), args);
    let vs: Vec<Term> = map::list_pairs(args[0]).into_iter().map(|p| p.1).collect();
    Ok(r.list_from(&vs, Term::NIL))
}

/// maps:to_list(MapOrIterator): [{K, V}] in OTP's list order, or in the iterator's (OTP 26).
fn to_list(ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    let n = match iterator_pairs(args[0]) {
        Some(ps) => ps.len(),
        None => map::size(need_map(ctx, args, 0)?),
    };
    let mut r = ctx.reserve(words::list(n) + n * words::tuple(2), args);
    // Walked again after the reservation, which may have moved the argument.
    let ps = iterator_pairs(args[0]).unwrap_or_else(|| map::list_pairs(args[0]));
    let mut acc = Term::NIL;
    for &(k, v) in ps.iter().rev() {
        let t = r.tuple(&[k, v]);
        acc = r.cons(t, acc);
    }
    Ok(acc)
}

/// The pairs an iterator still holds: `[Index | Map]` (maps:iterator/1), the chain
/// `{K, V, Next}` of an ordered one (maps:iterator/2), or `none`. None for anything else.
fn iterator_pairs(mut it: Term) -> Option<Vec<(Term, Term)>> {
    let mut out = Vec::new();
    loop {
        if it == none() {
            return Some(out);
        }
        if let Some(&[k, v, next]) = it.as_tuple() {
            out.push((k, v));
            it = next;
            continue;
        }
        let (i, m) = it.as_cons().filter(|&(_, m)| map::is_map(m))?;
        let i = usize::try_from(i.as_small()?).ok()?;
        let ps = map::list_pairs(m);
        out.extend(ps.get(i..)?.iter().copied());
        return Some(out);
    }
}

// ---- iterators ----

/// maps:iterator(M) -> [0 | M]
fn iterator(ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    need_map(ctx, args, 0)?;
    let mut r = ctx.reserve(words::CONS, args);
    Ok(r.cons(Term::small(0), args[0]))
}

/// maps:next(Iter) -> {K, V, NextIter} | none
fn next(ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    let it = args[0];
    if it == none() {
        return Ok(it);
    }
    if let Some(&[_, _, _]) = it.as_tuple() {
        return Ok(it);
    }
    let (i, m) = match it.as_cons() {
        Some((i, m)) if map::is_map(m) => (i, m),
        _ => return Err(Exception::badarg()),
    };
    let n = map::size(m);
    let i = match i.as_small() {
        Some(i) if i >= 0 && (i as usize) <= n => i as usize,
        _ => return Err(Exception::badarg()),
    };
    if i == n {
        return Ok(none());
    }
    let mut r = ctx.reserve(words::CONS + words::tuple(3), args);
    let m = args[0].tail();
    let (k, v) = map::entry(m, i);
    let rest = r.cons(Term::small(i as isize + 1), m);
    Ok(r.tuple(&[k, v, rest]))
}

// ---- map comprehension generators (OTP 26+ compilers call these) ----

/// `erts_internal:mc_iterator(M)`: the pairs of M as the chain `{K, V, Next}` ending in `none`,
/// or `[]` when M is not a map (the compiled code then raises `{bad_generator, M}`).
fn mc_iterator(ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    if !map::is_map(args[0]) {
        return Ok(Term::NIL);
    }
    let n = map::size(args[0]);
    let mut r = ctx.reserve(n * words::tuple(3), args);
    let ps = map::list_pairs(args[0]);
    let mut chain = none();
    for &(k, v) in ps.iter().rev() {
        chain = r.tuple(&[k, v, chain]);
    }
    Ok(chain)
}

/// `erts_internal:mc_refill(Iter)`: the rest of a `[Index | Map]` iterator as a chain.
fn mc_refill(ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    let n = match args[0].as_cons() {
        Some(_) => iterator_pairs(args[0]).ok_or_else(Exception::badarg)?.len(),
        None => return Err(Exception::badarg()),
    };
    let mut r = ctx.reserve(n * words::tuple(3), args);
    let ps = iterator_pairs(args[0]).unwrap_or_default();
    let mut chain = none();
    for &(k, v) in ps.iter().rev() {
        chain = r.tuple(&[k, v, chain]);
    }
    Ok(chain)
}

pub const BIFS: &[BifEntry] = &[
    BifEntry::new("erts_internal", "mc_iterator", 1, mc_iterator),
    BifEntry::new("erts_internal", "mc_refill", 1, mc_refill),
    BifEntry::erlang("map_get", 2, get2),
    BifEntry::erlang("map_size", 1, size),
    BifEntry::erlang("is_map_key", 2, is_key),
    maps_bif("get", 2, get2),
    maps_bif("get", 3, get3),
    maps_bif("find", 2, find),
    maps_bif("is_key", 2, is_key),
    maps_bif("size", 1, size),
    maps_bif("new", 0, new),
    maps_bif("put", 3, put),
    maps_bif("update", 3, update),
    maps_bif("remove", 2, remove),
    maps_bif("take", 2, take),
    maps_bif("merge", 2, merge),
    maps_bif("from_list", 1, from_list),
    maps_bif("from_keys", 2, from_keys),
    maps_bif("keys", 1, keys),
    maps_bif("values", 1, values),
    maps_bif("to_list", 1, to_list),
    maps_bif("iterator", 1, iterator),
    maps_bif("next", 1, next),
    maps_bif("with", 2, with),
    maps_bif("without", 2, without),
];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::natives::arith::testing::show;
    use crate::terms::heap::Arena;
    use crate::terms::term::BoxKind;

    fn at(s: &str) -> Term {
        Term::atom(atom::intern_str(s))
    }

    fn pairs_list(ar: &mut Arena, pairs: &[(Term, Term)]) -> Term {
        let items: Vec<Term> = pairs.iter().map(|&(k, v)| ar.tuple(&[k, v])).collect();
        ar.list_from(&items, Term::NIL)
    }

    /// Every BIF here runs in a process collecting at every reservation (`show`).
    #[test]
    fn bifs_under_gc_stress() {
        let mut ar = Arena::new();
        let f1 = ar.float(1.0);
        let l = pairs_list(
            &mut ar,
            &[
                (at("b"), Term::small(2)),
                (f1, at("f")),
                (Term::small(1), at("i")),
                (at("b"), Term::small(3)),
            ],
        );
        let kt = ar.tuple(&[Term::small(1), at("a"), at("b")]);
        let m = ar.boxed_raw(
            BoxKind::Map,
            &[
                kt.raw(),
                at("x").raw(),
                Term::small(1).raw(),
                Term::small(2).raw(),
            ],
        );
        let e = ar.tuple(&[]);
        let empty = ar.boxed_raw(BoxKind::Map, &[e.raw()]);
        assert_eq!(show(from_list, &[l]), "#{1 => i,1.0 => f,b => 3}");
        assert_eq!(show(get2, &[at("a"), m]), "1");
        assert_eq!(show(get2, &[at("z"), m]), "{error,{badkey,z}}");
        assert_eq!(show(get2, &[at("z"), at("q")]), "{error,{badmap,q}}");
        assert_eq!(show(get3, &[at("z"), m, at("d")]), "d");
        assert_eq!(show(find, &[Term::small(1), m]), "{ok,x}");
        assert_eq!(show(find, &[f1, m]), "error");
        assert_eq!(
            show(put, &[at("c"), at("y"), m]),
            "#{1 => x,a => 1,b => 2,c => y}"
        );
        assert_eq!(show(put, &[at("a"), at("y"), m]), "#{1 => x,a => y,b => 2}");
        assert_eq!(
            show(update, &[at("b"), at("y"), m]),
            "#{1 => x,a => 1,b => y}"
        );
        assert_eq!(show(update, &[at("c"), at("y"), m]), "{error,{badkey,c}}");
        assert_eq!(show(remove, &[at("a"), m]), "#{1 => x,b => 2}");
        assert_eq!(show(take, &[Term::small(1), m]), "{x,#{a => 1,b => 2}}");
        assert_eq!(show(take, &[at("c"), m]), "error");
        assert_eq!(show(merge, &[m, empty]), "#{1 => x,a => 1,b => 2}");
        assert_eq!(show(keys, &[m]), "[1,a,b]");
        assert_eq!(show(values, &[m]), "[x,1,2]");
        assert_eq!(show(to_list, &[m]), "[{1,x},{a,1},{b,2}]");
        assert_eq!(show(size, &[m]), "3");
        assert_eq!(show(new, &[]), "#{}");
        assert_eq!(show(is_key, &[at("b"), m]), "true");
        let ks = ar.list_from(&[at("k"), Term::small(2), at("k")], Term::NIL);
        assert_eq!(show(from_keys, &[ks, Term::NIL]), "#{2 => [],k => []}");
        assert_eq!(show(iterator, &[m]), "[0|#{1 => x,a => 1,b => 2}]");
        let it = ar.cons(Term::small(2), m);
        assert_eq!(show(next, &[it]), "{b,2,[3|#{1 => x,a => 1,b => 2}]}");
        let it = ar.cons(Term::small(3), m);
        assert_eq!(show(next, &[it]), "none");
        let it = ar.cons(Term::small(4), m);
        assert_eq!(show(next, &[it]), "{error,badarg}");
        let ks = ar.list_from(&[at("b"), Term::small(1), at("b"), at("z")], Term::NIL);
        assert_eq!(show(with, &[ks, m]), "#{1 => x,b => 2}");
        assert_eq!(show(without, &[ks, m]), "#{a => 1}");
        assert_eq!(show(with, &[at("q"), m]), "{error,badarg}");
        assert_eq!(show(without, &[ks, at("q")]), "{error,{badmap,q}}");
    }

    /// No BIF panics, whatever it is given.
    #[test]
    fn garbage_arguments_raise() {
        let mut ar = Arena::new();
        let f = ar.float(-0.5);
        let t = ar.tuple(&[at("a"), at("b")]);
        let improper = ar.cons(t, at("tail"));
        let kt = ar.tuple(&[at("a")]);
        let m = ar.boxed_raw(BoxKind::Map, &[kt.raw(), Term::small(1).raw()]);
        let neg = ar.cons(Term::small(-1), m);
        let samples = [
            Term::NIL,
            Term::small(-7),
            f,
            t,
            improper,
            m,
            neg,
            at("none"),
        ];
        for e in BIFS {
            let n = e.arity as usize;
            let mut combos = vec![vec![]];
            for _ in 0..n {
                combos = combos
                    .into_iter()
                    .flat_map(|c: Vec<Term>| {
                        samples.iter().map(move |&s| {
                            let mut c = c.clone();
                            c.push(s);
                            c
                        })
                    })
                    .collect();
            }
            for args in combos {
                let _ = show(e.f, &args);
            }
        }
    }
}
