//! Type-test BIFs as callable functions (is_record too), make_ref, make_fun/3, fun_info and
//! fun_info_mfa.

use crate::code::native::Ctx;
use crate::natives::registry::BifEntry;
use crate::terms::atom;
use crate::terms::compare::{bitstring_view, cmp_terms};
use crate::terms::exception::{BifResult, Exception};
use crate::terms::heap::{words, Alloc};
use crate::terms::reference::{build_ref, next_ref_number, REF_WORDS};
use crate::terms::term::{BoxKind, Term};

/// A bitstring whose size is a whole number of bytes.
pub fn is_binary_term(t: Term) -> bool {
    bitstring_view(t).is_some_and(|(_, _, bits)| bits % 8 == 0)
}

/// Arity a caller must supply to a fun term (free variables excluded); None if not a fun.
pub fn fun_arity(t: Term) -> Option<usize> {
    if !t.is_boxed() {
        return None;
    }
    match t.box_kind() {
        BoxKind::Export => t
            .tuple_elements()
            .get(2)
            .and_then(|a| a.as_small())
            .map(|a| a as usize),
        BoxKind::Fun => {
            let p = t.payload();
            let m = crate::code::module::by_index(*p.first()? as u32)?;
            let l = m.lambdas.get(*p.get(1)?)?;
            Some(l.arity.saturating_sub(l.num_free) as usize)
        }
        _ => None,
    }
}

macro_rules! test_bif {
    ($name:ident, $t:ident => $e:expr) => {
        fn $name(_ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
            let $t = args[0];
            Ok(Term::boolean($e))
        }
    };
}

test_bif!(is_atom, t => t.is_atom());
test_bif!(is_integer, t => t.is_integer());
test_bif!(is_float, t => t.is_float());
test_bif!(is_number, t => t.is_number());
test_bif!(is_list, t => t.is_list_or_nil());
test_bif!(is_tuple, t => t.is_tuple());
test_bif!(is_pid, t => t.is_pid());
test_bif!(is_reference, t => t.is_reference());
test_bif!(is_port, t => t.is_port());
test_bif!(is_binary, t => is_binary_term(t));
test_bif!(is_bitstring, t => bitstring_view(t).is_some());
test_bif!(is_boolean, t => t.is_boolean());
test_bif!(is_function, t => t.is_function());
test_bif!(is_map, t => t.is_map());

fn is_function2(_ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    let want = match args[1].as_small() {
        Some(n) if n >= 0 => Some(n as usize),
        // A huge arity is legal to ask about but no fun has it.
        None if crate::terms::bignum::is_big(args[1])
            && !crate::terms::bignum::limbs(args[1]).1 =>
        {
            None
        }
        _ => return Err(Exception::badarg()),
    };
    Ok(Term::boolean(want.is_some() && fun_arity(args[0]) == want))
}

fn make_ref(ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    let n = next_ref_number();
    let mut r = ctx.reserve(REF_WORDS, args);
    Ok(build_ref(&mut r, n))
}

// ---- fun_info ----

const LOCAL_ITEMS: &[&str] = &[
    "pid",
    "module",
    "new_index",
    "new_uniq",
    "index",
    "uniq",
    "name",
    "arity",
    "env",
    "type",
];
const EXTERNAL_ITEMS: &[&str] = &["module", "name", "arity", "env", "type"];

/// Words `info_value` may need for any item of `f` (a generous bound: env list plus a binary).
fn info_words(f: Term) -> usize {
    let env = if f.is_box_of(BoxKind::Fun) {
        f.payload().len().saturating_sub(2)
    } else {
        0
    };
    words::list(env) + words::heap_binary(16) + words::tuple(2)
}

/// `{Item, Value}` for fun `f`; None when `item` is not a fun_info item.
fn info_pair<A: Alloc + ?Sized>(r: &mut A, f: Term, item: &str, pid: Term) -> Option<Term> {
    let undefined = Term::atom(atom::UNDEFINED);
    let value = if f.is_box_of(BoxKind::Export) {
        let p = f.tuple_elements();
        match item {
            "module" => p[0],
            "name" => p[1],
            "arity" => p[2],
            "env" => Term::NIL,
            "type" => Term::atom(atom::EXTERNAL),
            "pid" | "new_index" | "new_uniq" | "index" | "uniq" => undefined,
            _ => return None,
        }
    } else {
        let p = f.payload();
        let (mi, fi) = (p[0] as u32, p[1]);
        let m = crate::code::module::by_index(mi);
        let lambda = m.and_then(|m| m.lambdas.get(fi));
        match item {
            "pid" => pid,
            "module" => m.map(|m| Term::atom(m.name)).unwrap_or(undefined),
            "new_index" | "index" => Term::small(fi as isize),
            "new_uniq" => m.map(|m| r.heap_binary(&m.md5)).unwrap_or(undefined),
            "uniq" => Term::small(lambda.map(|l| l.old_uniq as isize).unwrap_or(0)),
            "name" => lambda.map(|l| Term::atom(l.function)).unwrap_or(undefined),
            "arity" => Term::small(fun_arity(f).unwrap_or(0) as isize),
            "env" => r.list_from(&f.tuple_elements()[2..], Term::NIL),
            "type" => Term::atom(atom::LOCAL),
            _ => return None,
        }
    };
    let key = Term::atom(atom::intern_str(item));
    Some(r.tuple(&[key, value]))
}

fn fun_info2(ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    if !args[0].is_function() {
        return Err(Exception::badarg());
    }
    let item = args[1].as_atom().ok_or_else(Exception::badarg)?;
    let name = atom::name_str(item);
    if !LOCAL_ITEMS.contains(&name) {
        return Err(Exception::badarg());
    }
    let pid = ctx.proc.pid;
    let need = info_words(args[0]);
    let mut r = ctx.reserve(need, args);
    info_pair(&mut r, args[0], name, pid).ok_or_else(Exception::badarg)
}

fn fun_info1(ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    let f = args[0];
    if !f.is_function() {
        return Err(Exception::badarg());
    }
    let items = if f.is_box_of(BoxKind::Export) {
        EXTERNAL_ITEMS
    } else {
        LOCAL_ITEMS
    };
    let pid = ctx.proc.pid;
    let need = items.len() * (info_words(f) + words::CONS);
    let mut r = ctx.reserve(need, args);
    let mut pairs = Vec::with_capacity(items.len());
    for item in items {
        if let Some(p) = info_pair(&mut r, args[0], item, pid) {
            pairs.push(p);
        }
    }
    Ok(r.list_from(&pairs, Term::NIL))
}

/// `is_record(Term, Tag)` / `is_record(Term, Tag, Size)`: a tuple whose first element is the
/// atom Tag (and of that size).
fn is_record_of(t: Term, tag: Term, size: Option<Term>) -> BifResult {
    if !tag.is_atom() {
        return Err(Exception::badarg());
    }
    let size = match size {
        Some(s) => Some(s.as_small().ok_or_else(Exception::badarg)?),
        None => None,
    };
    let yes = t
        .as_tuple()
        .is_some_and(|e| e.first() == Some(&tag) && size.is_none_or(|n| e.len() as isize == n));
    Ok(Term::boolean(yes))
}

fn is_record2(_ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    is_record_of(args[0], args[1], None)
}

fn is_record3(_ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    is_record_of(args[0], args[1], Some(args[2]))
}

/// `make_fun(M, F, A)`: the export fun `fun M:F/A`.
fn make_fun(ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    let ok = args[0].is_atom()
        && args[1].is_atom()
        && args[2].as_small().is_some_and(|a| (0..=255).contains(&a));
    if !ok {
        return Err(Exception::badarg());
    }
    let mut r = ctx.reserve(words::tuple(3), args);
    let (m, f, a) = (args[0], args[1], args[2]);
    Ok(r.boxed_raw(BoxKind::Export, &[m.raw(), f.raw(), a.raw()]))
}

/// `fun_info_mfa(Fun)`: {Module, Name, Arity} of the code the fun runs.
fn fun_info_mfa(ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    let f = args[0];
    let arity = fun_arity(f).ok_or_else(Exception::badarg)?;
    let (m, name) = if f.is_box_of(BoxKind::Export) {
        let e = f.tuple_elements();
        (e[0], e[1])
    } else {
        let p = f.payload();
        let module = crate::code::module::by_index(p[0] as u32).ok_or_else(Exception::badarg)?;
        let lambda = module.lambdas.get(p[1]).ok_or_else(Exception::badarg)?;
        (Term::atom(module.name), Term::atom(lambda.function))
    };
    let mut r = ctx.reserve(words::tuple(3), args);
    Ok(r.tuple(&[m, name, Term::small(arity as isize)]))
}

/// `is_integer(Term, Low, High)` (OTP 29, a guard BIF): an integer within [Low, High]. The
/// bounds must be integers (`badarg` otherwise); Low > High is simply false.
fn is_integer_in(_ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    let (t, low, high) = (args[0], args[1], args[2]);
    if !low.is_integer() || !high.is_integer() {
        return Err(Exception::badarg());
    }
    Ok(Term::boolean(
        t.is_integer() && cmp_terms(low, t).is_le() && cmp_terms(t, high).is_le(),
    ))
}

/// `erts_internal:cmp_term(A, B)`: -1, 0 or 1 in exact term order (`1 < 1.0`), the order
/// OTP uses for map keys; AtomVM exposes it too.
fn cmp_term(_ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    Ok(Term::small(
        crate::terms::compare::cmp_exact(args[0], args[1]) as isize,
    ))
}

pub const BIFS: &[BifEntry] = &[
    BifEntry::new("erts_internal", "cmp_term", 2, cmp_term),
    BifEntry::erlang("is_record", 2, is_record2),
    BifEntry::erlang("is_record", 3, is_record3),
    BifEntry::erlang("make_fun", 3, make_fun),
    BifEntry::erlang("fun_info_mfa", 1, fun_info_mfa),
    BifEntry::erlang("is_atom", 1, is_atom),
    BifEntry::erlang("is_integer", 1, is_integer),
    BifEntry::erlang("is_integer", 3, is_integer_in),
    BifEntry::erlang("is_float", 1, is_float),
    BifEntry::erlang("is_number", 1, is_number),
    BifEntry::erlang("is_list", 1, is_list),
    BifEntry::erlang("is_tuple", 1, is_tuple),
    BifEntry::erlang("is_pid", 1, is_pid),
    BifEntry::erlang("is_reference", 1, is_reference),
    BifEntry::erlang("is_port", 1, is_port),
    BifEntry::erlang("is_binary", 1, is_binary),
    BifEntry::erlang("is_bitstring", 1, is_bitstring),
    BifEntry::erlang("is_boolean", 1, is_boolean),
    BifEntry::erlang("is_function", 1, is_function),
    BifEntry::erlang("is_function", 2, is_function2),
    BifEntry::erlang("is_map", 1, is_map),
    BifEntry::erlang("make_ref", 0, make_ref),
    BifEntry::erlang("fun_info", 1, fun_info1),
    BifEntry::erlang("fun_info", 2, fun_info2),
];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::natives::arith::testing::show;
    use crate::terms::heap::Arena;

    fn at(s: &str) -> Term {
        Term::atom(atom::intern_str(s))
    }

    #[test]
    fn type_tests() {
        let mut ar = Arena::new();
        let f = ar.float(1.0);
        let b = ar.heap_binary(b"ab");
        let bits = ar.boxed_raw(BoxKind::SubBin, &[9, 0, b.raw()]);
        let ex = ar.boxed_raw(
            BoxKind::Export,
            &[at("lists").raw(), at("map").raw(), Term::small(2).raw()],
        );
        let r = build_ref(&mut ar, 7);
        let keys = ar.tuple(&[]);
        let m = ar.boxed_raw(BoxKind::Map, &[keys.raw()]);
        assert_eq!(show(is_float, &[f]), "true");
        assert_eq!(show(is_number, &[f]), "true");
        assert_eq!(show(is_integer, &[f]), "false");
        assert_eq!(show(is_binary, &[b]), "true");
        assert_eq!(show(is_binary, &[bits]), "false");
        assert_eq!(show(is_bitstring, &[bits]), "true");
        assert_eq!(show(is_list, &[Term::NIL]), "true");
        assert_eq!(show(is_boolean, &[at("true")]), "true");
        assert_eq!(show(is_boolean, &[at("maybe")]), "false");
        assert_eq!(show(is_reference, &[r]), "true");
        assert_eq!(show(is_map, &[m]), "true");
        assert_eq!(show(is_pid, &[Term::pid(3)]), "true");
        assert_eq!(show(is_function, &[ex]), "true");
        assert_eq!(show(is_function2, &[ex, Term::small(2)]), "true");
        assert_eq!(show(is_function2, &[ex, Term::small(3)]), "false");
        assert_eq!(show(is_function2, &[ex, Term::small(-1)]), "{error,badarg}");
        assert_eq!(show(is_function2, &[ex, at("a")]), "{error,badarg}");
        assert_eq!(show(is_function2, &[at("a"), Term::small(1)]), "false");
    }

    #[test]
    fn refs_and_fun_info() {
        let mut ar = Arena::new();
        let a = show(make_ref, &[]);
        let b = show(make_ref, &[]);
        assert!(a.starts_with("#Ref<0.0.0.") && a != b);
        let ex = ar.boxed_raw(
            BoxKind::Export,
            &[at("lists").raw(), at("map").raw(), Term::small(2).raw()],
        );
        assert_eq!(
            show(fun_info1, &[ex]),
            "[{module,lists},{name,map},{arity,2},{env,[]},{type,external}]"
        );
        assert_eq!(show(fun_info2, &[ex, at("pid")]), "{pid,undefined}");
        assert_eq!(show(fun_info2, &[ex, at("arity")]), "{arity,2}");
        assert_eq!(show(fun_info2, &[ex, at("foo")]), "{error,badarg}");
        assert_eq!(show(fun_info2, &[ex, Term::small(3)]), "{error,badarg}");
        assert_eq!(show(fun_info2, &[at("a"), at("arity")]), "{error,badarg}");
    }

    #[test]
    fn local_fun_info() {
        use crate::code::module::{register, Lambda, Module};
        let m = register(Module {
            name: atom::intern_str("types_test_mod"),
            index: 0,
            code: Box::new([]),
            literals: Arena::new(),
            imports: Box::new([]),
            exports: vec![],
            functions: vec![],
            lambdas: vec![Lambda {
                function: atom::intern_str("-t/0-fun-0-"),
                arity: 3,
                label: 0,
                index: 0,
                num_free: 1,
                old_uniq: 10660879,
            }],
            lines: vec![],
            files: vec![],
            attributes: Term::NIL,
            compile_info: Term::NIL,
            md5: [1; 16],
        })
        .unwrap();
        let mut ar = Arena::new();
        let f = ar.boxed_raw(BoxKind::Fun, &[m.index as usize, 0, Term::small(5).raw()]);
        assert_eq!(
            show(fun_info1, &[f]),
            "[{pid,<0.1.0>},{module,types_test_mod},{new_index,0},\
             {new_uniq,<<1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1>>},{index,0},{uniq,10660879},\
             {name,'-t/0-fun-0-'},{arity,2},{env,[5]},{type,local}]"
        );
        assert_eq!(show(fun_info2, &[f, at("env")]), "{env,[5]}");
        assert_eq!(show(is_function2, &[f, Term::small(2)]), "true");
        assert_eq!(
            crate::terms::print::print_term(f),
            "#Fun<types_test_mod.0.10660879>"
        );
    }
}
