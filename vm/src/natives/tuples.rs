//! Tuple BIFs. Every builder reserves first, then re-reads its arguments and copies.

use crate::code::native::Ctx;
use crate::natives::lists::proper_length;
use crate::natives::registry::BifEntry;
use crate::terms::compare::bitstring_view;
use crate::terms::exception::{BifResult, Exception};
use crate::terms::heap::{words, Alloc};
use crate::terms::term::Term;

/// OTP's largest tuple.
pub const MAX_TUPLE: usize = (1 << 24) - 1;

/// A 1-based index argument in 1..=max, as a 0-based index.
fn index(t: Term, max: usize) -> Result<usize, Exception> {
    match t.as_small() {
        Some(i) if i >= 1 && i as usize <= max => Ok(i as usize - 1),
        _ => Err(Exception::badarg()),
    }
}

fn tuple_arity(t: Term) -> Result<usize, Exception> {
    if t.is_tuple() {
        Ok(t.tuple_arity())
    } else {
        Err(Exception::badarg())
    }
}

fn element(_ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    let n = tuple_arity(args[1])?;
    let i = index(args[0], n)?;
    Ok(args[1].tuple_get(i))
}

fn setelement(ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    let n = tuple_arity(args[1])?;
    let i = index(args[0], n)?;
    let mut r = ctx.reserve(words::tuple(n), args);
    let t = r.tuple(args[1].tuple_elements());
    t.tuple_set_fresh(i, args[2]);
    Ok(t)
}

fn tuple_size(_ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    Ok(Term::small(tuple_arity(args[0])? as isize))
}

/// size/1: tuple arity, or a bitstring's whole bytes.
fn size(_ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    let t = args[0];
    if t.is_tuple() {
        return Ok(Term::small(t.tuple_arity() as isize));
    }
    match bitstring_view(t) {
        Some((_, _, bits)) => Ok(Term::small((bits / 8) as isize)),
        None => Err(Exception::badarg()),
    }
}

fn arity_arg(t: Term) -> Result<usize, Exception> {
    match t.as_small() {
        Some(n) if n >= 0 && n as usize <= MAX_TUPLE => Ok(n as usize),
        _ => Err(Exception::badarg()),
    }
}

fn make_tuple2(ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    let n = arity_arg(args[0])?;
    let mut r = ctx.reserve(words::tuple(n), args);
    Ok(r.tuple_filled(n, args[1]))
}

/// make_tuple(N, Default, [{Pos, Value}]): later entries win.
fn make_tuple3(ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    let n = arity_arg(args[0])?;
    // Validate the init list before allocating.
    let mut t = args[2];
    while let Some((h, tl)) = t.as_cons() {
        match h.as_tuple() {
            Some(&[pos, _]) => {
                index(pos, n)?;
            }
            _ => return Err(Exception::badarg()),
        }
        t = tl;
    }
    if !t.is_nil() {
        return Err(Exception::badarg());
    }
    let mut r = ctx.reserve(words::tuple(n), args);
    let tuple = r.tuple_filled(n, args[1]);
    let mut t = args[2];
    while let Some((h, tl)) = t.as_cons() {
        let e = h.tuple_elements();
        if let Some(i) = e[0].as_small() {
            tuple.tuple_set_fresh(i as usize - 1, e[1]);
        }
        t = tl;
    }
    Ok(tuple)
}

fn append_element(ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    let n = tuple_arity(args[0])?;
    if n >= MAX_TUPLE {
        return Err(Exception::badarg());
    }
    let mut r = ctx.reserve(words::tuple(n + 1), args);
    let t = r.tuple_filled(n + 1, args[1]);
    for (i, &e) in args[0].tuple_elements().iter().enumerate() {
        t.tuple_set_fresh(i, e);
    }
    Ok(t)
}

fn delete_element(ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    let n = tuple_arity(args[1])?;
    let i = index(args[0], n)?;
    let mut r = ctx.reserve(words::tuple(n - 1), args);
    let src = args[1].tuple_elements();
    let t = r.tuple_filled(n - 1, Term::NIL);
    for (j, &e) in src.iter().enumerate().filter(|&(j, _)| j != i) {
        t.tuple_set_fresh(if j < i { j } else { j - 1 }, e);
    }
    Ok(t)
}

fn insert_element(ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    let n = tuple_arity(args[1])?;
    let i = index(args[0], n + 1)?;
    if n >= MAX_TUPLE {
        return Err(Exception::badarg());
    }
    let mut r = ctx.reserve(words::tuple(n + 1), args);
    let src = args[1].tuple_elements();
    let t = r.tuple_filled(n + 1, args[2]);
    for (j, &e) in src.iter().enumerate() {
        t.tuple_set_fresh(if j < i { j } else { j + 1 }, e);
    }
    Ok(t)
}

fn list_to_tuple(ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    let n = proper_length(args[0]).ok_or_else(Exception::badarg)?;
    if n > MAX_TUPLE {
        return Err(Exception::system_limit());
    }
    let mut r = ctx.reserve(words::tuple(n), args);
    let t = r.tuple_filled(n, Term::NIL);
    let mut l = args[0];
    let mut i = 0;
    while let Some((h, tl)) = l.as_cons() {
        t.tuple_set_fresh(i, h);
        i += 1;
        l = tl;
    }
    Ok(t)
}

fn tuple_to_list(ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    let n = tuple_arity(args[0])?;
    let mut r = ctx.reserve(words::list(n), args);
    Ok(r.list_from(args[0].tuple_elements(), Term::NIL))
}

pub const BIFS: &[BifEntry] = &[
    BifEntry::new("erlang", "element", 2, element),
    BifEntry::new("erlang", "setelement", 3, setelement),
    BifEntry::new("erlang", "tuple_size", 1, tuple_size),
    BifEntry::new("erlang", "size", 1, size),
    BifEntry::new("erlang", "make_tuple", 2, make_tuple2),
    BifEntry::new("erlang", "make_tuple", 3, make_tuple3),
    BifEntry::new("erlang", "append_element", 2, append_element),
    BifEntry::new("erlang", "delete_element", 2, delete_element),
    BifEntry::new("erlang", "insert_element", 3, insert_element),
    BifEntry::new("erlang", "list_to_tuple", 1, list_to_tuple),
    BifEntry::new("erlang", "tuple_to_list", 1, tuple_to_list),
];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::natives::arith::testing::show;
    use crate::terms::heap::Arena;
    use crate::terms::term::BoxKind;

    fn at(s: &str) -> Term {
        Term::atom(crate::terms::atom::intern_str(s))
    }

    #[test]
    fn tuple_bifs() {
        let mut ar = Arena::new();
        let ab = ar.tuple(&[at("a"), at("b")]);
        let empty = ar.tuple(&[]);
        let (one, two, three) = (Term::small(1), Term::small(2), Term::small(3));
        assert_eq!(show(element, &[two, ab]), "b");
        assert_eq!(show(element, &[one, empty]), "{error,badarg}");
        assert_eq!(show(element, &[three, ab]), "{error,badarg}");
        assert_eq!(show(element, &[one, at("a")]), "{error,badarg}");
        assert_eq!(show(setelement, &[one, ab, at("z")]), "{z,b}");
        assert_eq!(
            show(setelement, &[Term::small(0), ab, at("z")]),
            "{error,badarg}"
        );
        assert_eq!(show(tuple_size, &[ab]), "2");
        assert_eq!(show(tuple_size, &[Term::NIL]), "{error,badarg}");
        assert_eq!(show(size, &[ab]), "2");
        assert_eq!(show(size, &[at("a")]), "{error,badarg}");
        let b = ar.heap_binary(&[1, 2]);
        let sub = ar.boxed_raw(BoxKind::SubBin, &[9, 0, b.raw()]);
        assert_eq!(show(size, &[sub]), "1");
        assert_eq!(show(make_tuple2, &[three, at("x")]), "{x,x,x}");
        assert_eq!(
            show(make_tuple2, &[Term::small(-1), at("x")]),
            "{error,badarg}"
        );
        assert_eq!(
            show(make_tuple2, &[Term::small(1 << 24), at("x")]),
            "{error,badarg}"
        );
        let p1b = ar.tuple(&[one, at("b")]);
        let p1c = ar.tuple(&[one, at("c")]);
        let p3d = ar.tuple(&[three, at("d")]);
        let init = ar.list_from(&[p1b, p1c, p3d], Term::NIL);
        assert_eq!(show(make_tuple3, &[three, at("a"), init]), "{c,a,d}");
        let p4 = ar.tuple(&[Term::small(4), at("b")]);
        let bad = ar.list_from(&[p4], Term::NIL);
        assert_eq!(show(make_tuple3, &[three, at("a"), bad]), "{error,badarg}");
        let imp = ar.list_from(&[p1b], at("x"));
        assert_eq!(show(make_tuple3, &[three, at("a"), imp]), "{error,badarg}");
        let t3 = ar.tuple(&[one, at("b"), at("c")]);
        let bad3 = ar.list_from(&[t3], Term::NIL);
        assert_eq!(show(make_tuple3, &[three, at("a"), bad3]), "{error,badarg}");
        assert_eq!(
            show(make_tuple3, &[Term::small(0), at("a"), Term::NIL]),
            "{}"
        );
        assert_eq!(show(append_element, &[ab, at("c")]), "{a,b,c}");
        assert_eq!(show(append_element, &[empty, at("c")]), "{c}");
        assert_eq!(show(insert_element, &[three, ab, at("c")]), "{a,b,c}");
        assert_eq!(show(insert_element, &[one, ab, at("c")]), "{c,a,b}");
        assert_eq!(
            show(insert_element, &[Term::small(4), ab, at("c")]),
            "{error,badarg}"
        );
        assert_eq!(show(delete_element, &[one, ab]), "{b}");
        assert_eq!(show(delete_element, &[two, ab]), "{a}");
        assert_eq!(
            show(delete_element, &[Term::small(0), ab]),
            "{error,badarg}"
        );
        let l = ar.list_from(&[at("a"), one], Term::NIL);
        assert_eq!(show(list_to_tuple, &[l]), "{a,1}");
        let ib = ar.cons(at("a"), at("b"));
        assert_eq!(show(list_to_tuple, &[ib]), "{error,badarg}");
        assert_eq!(show(list_to_tuple, &[Term::NIL]), "{}");
        assert_eq!(show(tuple_to_list, &[ab]), "[a,b]");
        assert_eq!(show(tuple_to_list, &[empty]), "[]");
    }
}
