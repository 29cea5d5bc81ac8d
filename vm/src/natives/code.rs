//! Code BIFs: module_info support, function_exported, is_builtin, module_loaded, loaded,
//! pre_loaded, load_module, and the native part of the `code` module (ensure_loaded,
//! load_binary, load_abs, all_loaded, all_available, get_object_code) with
//! `code_server:is_loaded/1`, as AtomVM provides them.

use crate::code::module::{self, Module};
use crate::code::native::Ctx;
use crate::natives::registry::BifEntry;
use crate::terms::atom;
use crate::terms::binary::{bitstring_words, build_bitstring};
use crate::terms::exception::{BifResult, Exception};
use crate::terms::heap::{words, Alloc};
use crate::terms::term::{Atom, Term};
use crate::terms::text::{build_char_list, char_list};

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
        // The same image again changes nothing: the loaded code is that code.
        let same = crate::code::code_server::loaded_origin(name)
            .and_then(|o| o.image)
            .is_some_and(|image| image == &bytes[..]);
        if same {
            return pair(ctx, args, atom::MODULE, Term::atom(name));
        }
        return pair(
            ctx,
            args,
            atom::ERROR,
            Term::atom(atom::intern_str("not_purged")),
        );
    }
    let file: String = char_list(args[1])
        .map(|cs| cs.into_iter().collect())
        .or_else(|| args[1].as_atom().map(|a| atom::name_str(a).to_string()))
        .unwrap_or_default();
    load_named(ctx, args, name, &file, bytes.to_vec())
}

/// Load `bytes` as module `name` (from `file`): `{module, M}`, `{error, badfile}` when they are
/// not a BEAM file of that module, `{error, not_purged}` when another version is loaded.
fn load_named(
    ctx: &mut Ctx,
    args: &mut [Term],
    name: Atom,
    file: &str,
    bytes: Vec<u8>,
) -> BifResult {
    let is_that_module = crate::code::avm::beam_module_name(&bytes)
        .is_some_and(|m| m.as_bytes() == atom::name(name));
    if !is_that_module {
        return error_pair(ctx, args, "badfile");
    }
    if module::by_name(name).is_some() {
        return error_pair(ctx, args, "not_purged");
    }
    // The image stays with the module for code:get_object_code/1.
    let image: &'static [u8] = Box::leak(bytes.into_boxed_slice());
    match crate::code::code_server::load_kept_image(file, image, None) {
        Ok(m) if m.name == name => pair(ctx, args, atom::MODULE, Term::atom(name)),
        Ok(_) => error_pair(ctx, args, "badfile"),
        Err(_) if module::by_name(name).is_some() => error_pair(ctx, args, "not_purged"),
        // No room for the module's new atoms: OTP's reason for a full atom table.
        Err(_) if atom::count() >= atom::ATOM_LIMIT => error_pair(ctx, args, "system_limit"),
        Err(_) => error_pair(ctx, args, "badfile"),
    }
}

fn error_pair(ctx: &mut Ctx, args: &mut [Term], reason: &str) -> BifResult {
    pair(ctx, args, atom::ERROR, Term::atom(atom::intern_str(reason)))
}

/// `code:load_abs(File)`: load `File.beam` (File a string or atom, without the extension):
/// `{module, M}` or `{error, nofile | badfile | not_purged}`.
fn load_abs(ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    let path: String = char_list(args[0])
        .map(|cs| cs.into_iter().collect())
        .or_else(|| args[0].as_atom().map(|a| atom::name_str(a).to_string()))
        .ok_or_else(Exception::badarg)?;
    let file = format!("{path}.beam");
    let Ok(bytes) = std::fs::read(&file) else {
        return error_pair(ctx, args, "nofile");
    };
    let Some(name) =
        crate::code::avm::beam_module_name(&bytes).and_then(|m| atom::intern(m.as_bytes()).ok())
    else {
        return error_pair(ctx, args, "badfile");
    };
    load_named(ctx, args, name, &file, bytes)
}

/// `code:all_loaded()`: `[{Module, File}]` for every loaded module.
fn all_loaded(ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    let items: Vec<(Atom, String)> = module::all()
        .iter()
        .map(|m| (m.name, crate::code::code_server::origin_of(m.name)))
        .collect();
    let need: usize = items
        .iter()
        .map(|(_, f)| words::tuple(2) + words::CONS + words::list(f.chars().count()))
        .sum();
    let mut r = ctx.reserve(need, args);
    let mut list = Term::NIL;
    for (name, file) in items.iter().rev() {
        let file = build_char_list(&mut r, file);
        let t = r.tuple(&[Term::atom(*name), file]);
        list = r.cons(t, list);
    }
    Ok(list)
}

/// `code:all_available()`: `[{ModuleString, File, Loaded}]` for every module the VM can load,
/// loaded ones included.
fn all_available(ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    let items = crate::code::code_server::all_available();
    let need: usize = items
        .iter()
        .map(|(name, f, _)| {
            words::tuple(3)
                + words::CONS
                + words::list(f.chars().count())
                + words::list(atom::name_str(*name).chars().count())
        })
        .sum();
    let mut r = ctx.reserve(need, args);
    let mut list = Term::NIL;
    for (name, file, loaded) in items.iter().rev() {
        let file = build_char_list(&mut r, file);
        let name = build_char_list(&mut r, atom::name_str(*name));
        let t = r.tuple(&[name, file, Term::boolean(*loaded)]);
        list = r.cons(t, list);
    }
    Ok(list)
}

/// `code:get_object_code(M)`: `{M, Binary, File}` for a module whose image the VM holds
/// (loaded or offered by a bundle or a search directory), else `error`.
fn get_object_code(ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    let name = args[0].as_atom().ok_or_else(Exception::badarg)?;
    let found = crate::code::code_server::loaded_origin(name)
        .and_then(|o| o.image.map(|image| (o.name, image)))
        .or_else(|| crate::code::code_server::offered_image(name));
    let Some((file, image)) = found else {
        return Ok(Term::atom(atom::ERROR));
    };
    let mut r = ctx.reserve(
        words::tuple(3) + bitstring_words(image.len() * 8) + words::list(file.chars().count()),
        args,
    );
    let bin = build_bitstring(&mut r, image, image.len() * 8);
    let file = build_char_list(&mut r, &file);
    Ok(r.tuple(&[Term::atom(name), bin, file]))
}

/// `code_server:is_loaded(M)`: `{file, File}` when M is loaded, else `false` (OTP's answer;
/// AtomVM's `true` is also not `false`).
fn is_loaded(ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    let name = args[0].as_atom().ok_or_else(Exception::badarg)?;
    if module::by_name(name).is_none() {
        return Ok(Term::boolean(false));
    }
    let file = crate::code::code_server::origin_of(name);
    let mut r = ctx.reserve(words::tuple(2) + words::list(file.chars().count()), args);
    let file = build_char_list(&mut r, &file);
    Ok(r.tuple(&[Term::atom(atom::intern_str("file")), file]))
}

pub const BIFS: &[BifEntry] = &[
    BifEntry::new("code", "ensure_loaded", 1, ensure_loaded),
    BifEntry::new("code", "load_binary", 3, load_binary),
    BifEntry::new("code", "load_abs", 1, load_abs),
    BifEntry::new("code", "all_loaded", 0, all_loaded),
    BifEntry::new("code", "all_available", 0, all_available),
    BifEntry::new("code", "get_object_code", 1, get_object_code),
    BifEntry::new("code_server", "is_loaded", 1, is_loaded),
    BifEntry::new("erlang", "get_module_info", 1, get_module_info_1),
    BifEntry::new("erlang", "get_module_info", 2, get_module_info_2),
    BifEntry::new("erlang", "function_exported", 3, function_exported),
    BifEntry::erlang("is_builtin", 3, is_builtin),
    BifEntry::erlang("loaded", 0, loaded),
    BifEntry::erlang("pre_loaded", 0, pre_loaded),
    BifEntry::erlang("load_module", 2, load_module),
    BifEntry::new("erlang", "module_loaded", 1, module_loaded),
];
