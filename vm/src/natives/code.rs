//! Code BIFs: module_info support, function_exported, is_builtin, module_loaded, loaded,
//! pre_loaded, load_module, and the native part of the `code` module (ensure_loaded,
//! load_binary).

use crate::code::module::{self, Module};
use crate::code::native::Ctx;
use crate::natives::registry::BifEntry;
use crate::terms::atom;
use crate::terms::exception::{BifResult, Exception};
use crate::terms::heap::{words, Alloc};
use crate::terms::term::{Atom, Term};

fn module_arg(t: Term) -> Result<&'static Module, Exception> {
    let name = t.as_atom().ok_or_else(Exception::badarg)?;
    crate::code::code_server::ensure_loaded(name).ok_or_else(Exception::badarg)
}

/// `[{F, A}]` for the given functions, newest-first order as OTP prints exports.
fn fa_list_words(n: usize) -> usize {
    n * (words::tuple(2) + words::CONS)
}

fn build_fa_list(r: &mut impl Alloc, items: &[(Atom, u32)]) -> Term {
    let mut list = Term::NIL;
    for &(f, a) in items.iter().rev() {
        let t = r.tuple(&[Term::atom(f), Term::small(a as isize)]);
        list = r.cons(t, list);
    }
    list
}

fn info_item(ctx: &mut Ctx, args: &mut [Term], m: &'static Module, key: Atom) -> BifResult {
    match key {
        atom::MODULE => Ok(Term::atom(m.name)),
        atom::EXPORTS => {
            let items: Vec<(Atom, u32)> = m.exports.iter().map(|e| (e.0, e.1)).collect();
            let mut r = ctx.reserve(fa_list_words(items.len()), args);
            Ok(build_fa_list(&mut r, &items))
        }
        atom::FUNCTIONS => {
            let items: Vec<(Atom, u32)> = m.functions.iter().map(|f| (f.name, f.arity)).collect();
            let mut r = ctx.reserve(fa_list_words(items.len()), args);
            Ok(build_fa_list(&mut r, &items))
        }
        atom::ATTRIBUTES => Ok(m.attributes),
        atom::COMPILE => Ok(m.compile_info),
        atom::MD5 => {
            let mut r = ctx.reserve(words::heap_binary(16), args);
            Ok(r.heap_binary(&m.md5))
        }
        _ => Err(Exception::badarg()),
    }
}

fn get_module_info_2(ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    let m = module_arg(args[0])?;
    let key = args[1].as_atom().ok_or_else(Exception::badarg)?;
    info_item(ctx, args, m, key)
}

fn get_module_info_1(ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    let m = module_arg(args[0])?;
    let keys = [
        atom::MODULE,
        atom::EXPORTS,
        atom::ATTRIBUTES,
        atom::COMPILE,
        atom::MD5,
    ];
    // Build each value, keeping finished ones as roots in `vals` while building the next.
    let mut vals: Vec<Term> = args.to_vec();
    let base = vals.len();
    for &k in &keys {
        let v = info_item(ctx, &mut vals, m, k)?;
        vals.push(v);
    }
    let need = keys.len() * (words::tuple(2) + words::CONS);
    let mut r = ctx.reserve(need, &mut vals);
    let mut list = Term::NIL;
    for (i, &k) in keys.iter().enumerate().rev() {
        let t = r.tuple(&[Term::atom(k), vals[base + i]]);
        list = r.cons(t, list);
    }
    Ok(list)
}

/// `Module, Function, Arity` arguments.
fn mfa_args(args: &[Term]) -> Result<(Atom, Atom, u32), Exception> {
    match (args[0].as_atom(), args[1].as_atom(), args[2].as_small()) {
        (Some(m), Some(f), Some(a)) if a >= 0 => Ok((m, f, a as u32)),
        _ => Err(Exception::badarg()),
    }
}

fn function_exported(_ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    let (m, f, a) = mfa_args(args)?;
    let exported = module::by_name(m).is_some_and(|md| md.export_entry(f, a).is_some())
        || is_builtin_mfa(m, f, a);
    Ok(Term::boolean(exported))
}

/// Native code: a registered BIF, or `erlang:apply/2,3` and `erlang:hibernate/3`, which the
/// interpreter itself runs.
fn is_builtin_mfa(m: Atom, f: Atom, a: u32) -> bool {
    crate::code::native::lookup(m, f, a).is_some()
        || (m == atom::ERLANG && f == atom::APPLY && (a == 2 || a == 3))
        || (m == atom::ERLANG && f == atom::HIBERNATE && a == 3)
}

fn is_builtin(_ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    let (m, f, a) = mfa_args(args)?;
    Ok(Term::boolean(is_builtin_mfa(m, f, a)))
}

/// `erlang:loaded/0`: the names of the loaded modules.
fn loaded(ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    let names: Vec<Term> = module::all().iter().map(|m| Term::atom(m.name)).collect();
    let mut r = ctx.reserve(words::list(names.len()), args);
    Ok(r.list_from(&names, Term::NIL))
}

/// `erlang:pre_loaded/0`: nothing is preloaded; every module comes from a file or bundle.
fn pre_loaded(_ctx: &mut Ctx, _args: &mut [Term]) -> BifResult {
    Ok(Term::NIL)
}

/// `erlang:load_module(M, Binary)`: as `code:load_binary/3`.
fn load_module(ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    let mut three = [args[0], Term::NIL, args[1]];
    let result = load_binary(ctx, &mut three);
    args[0] = three[0];
    args[1] = three[2];
    result
}

fn module_loaded(_ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    let m = args[0].as_atom().ok_or_else(Exception::badarg)?;
    Ok(Term::boolean(module::by_name(m).is_some()))
}

/// `{Tag, Value}`.
fn pair(ctx: &mut Ctx, args: &mut [Term], tag: Atom, value: Term) -> BifResult {
    let mut r = ctx.reserve(words::tuple(2), args);
    Ok(r.tuple(&[Term::atom(tag), value]))
}

/// `code:ensure_loaded(M)`: `{module, M}`, loading it from the bundles if needed, or
/// `{error, nofile}`.
fn ensure_loaded(ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    let name = args[0].as_atom().ok_or_else(Exception::badarg)?;
    match crate::code::code_server::ensure_loaded(name) {
        Some(_) => pair(ctx, args, atom::MODULE, Term::atom(name)),
        None => pair(
            ctx,
            args,
            atom::ERROR,
            Term::atom(atom::intern_str("nofile")),
        ),
    }
}

/// `code:load_binary(M, File, Binary)`: `{module, M}`; `{error, badfile}` when the binary is not
/// a loadable BEAM file for module M; `{error, not_purged}` when M is already loaded (this VM
/// keeps one version of each module: no hot code replacement).
fn load_binary(ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    let name = args[0].as_atom().ok_or_else(Exception::badarg)?;
    let bytes = crate::terms::binary::bytes_of(args[2]).ok_or_else(Exception::badarg)?;
    if module::by_name(name).is_some() {
        return pair(
            ctx,
            args,
            atom::ERROR,
            Term::atom(atom::intern_str("not_purged")),
        );
    }
    let loaded = crate::code::loader::load(&bytes)
        .ok()
        .filter(|m| m.name == name)
        .map(|mut m| {
            crate::code::specialise::specialise(&mut m);
            module::register(m)
        });
    match loaded {
        Some(Ok(_)) => pair(ctx, args, atom::MODULE, Term::atom(name)),
        Some(Err(_)) => pair(
            ctx,
            args,
            atom::ERROR,
            Term::atom(atom::intern_str("not_purged")),
        ),
        None => pair(
            ctx,
            args,
            atom::ERROR,
            Term::atom(atom::intern_str("badfile")),
        ),
    }
}

pub const BIFS: &[BifEntry] = &[
    BifEntry::new("code", "ensure_loaded", 1, ensure_loaded),
    BifEntry::new("code", "load_binary", 3, load_binary),
    BifEntry::new("erlang", "get_module_info", 1, get_module_info_1),
    BifEntry::new("erlang", "get_module_info", 2, get_module_info_2),
    BifEntry::new("erlang", "function_exported", 3, function_exported),
    BifEntry::erlang("is_builtin", 3, is_builtin),
    BifEntry::erlang("loaded", 0, loaded),
    BifEntry::erlang("pre_loaded", 0, pre_loaded),
    BifEntry::erlang("load_module", 2, load_module),
    BifEntry::new("erlang", "module_loaded", 1, module_loaded),
];
