//! `erlang:garbage_collect/0,1,2`: a collection of the calling process's heap now. Another
//! process is collected by its own scheduler when its heap fills, so asking for one answers
//! whether it is alive, as OTP's result does.

use crate::code::native::Ctx;
use crate::natives::registry::BifEntry;
use crate::processes::process_table;
use crate::terms::atom;
use crate::terms::exception::{BifResult, Exception};
use crate::terms::heap::{words, Alloc};
use crate::terms::term::Term;

/// Collect the caller's heap (its live registers, stack, dictionary and `args` are the roots).
fn collect_self(ctx: &mut Ctx, args: &mut [Term]) {
    if !ctx.may_collect {
        return;
    }
    let live = ctx.live.min(ctx.x.len());
    let p = &mut *ctx.proc;
    crate::terms::gc::collect(
        &mut p.heap,
        0,
        &mut [&mut ctx.x[..live], &mut p.stack[..], &mut p.dict[..], args],
    );
}

/// Collect the process `pid` (only the caller's heap really): whether it is alive.
fn collect_pid(ctx: &mut Ctx, args: &mut [Term], pid: Term) -> Result<bool, Exception> {
    if !pid.is_local_pid() {
        return Err(Exception::badarg());
    }
    if pid == ctx.proc.pid {
        collect_self(ctx, args);
        return Ok(true);
    }
    Ok(process_table::lookup(pid).is_some())
}

fn garbage_collect0(ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    collect_self(ctx, args);
    Ok(Term::boolean(true))
}

fn garbage_collect1(ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    let pid = args[0];
    Ok(Term::boolean(collect_pid(ctx, args, pid)?))
}

/// The request id of an `{async, RequestId}` option.
fn async_request(opt: Term) -> Option<Term> {
    match opt.as_tuple() {
        Some(&[k, v]) if k.as_atom().map(atom::name) == Some(b"async") => Some(v),
        _ => None,
    }
}

fn is_type_option(opt: Term) -> bool {
    match opt.as_tuple() {
        Some(&[k, v]) => {
            k.as_atom().map(atom::name) == Some(b"type")
                && matches!(v.as_atom().map(atom::name), Some(b"major" | b"minor"))
        }
        _ => false,
    }
}

fn list_terms(mut t: Term) -> Option<Vec<Term>> {
    let mut v = Vec::new();
    while let Some((h, tl)) = t.as_cons() {
        v.push(h);
        t = tl;
    }
    t.is_nil().then_some(v)
}

/// Options: `{async, RequestId}` (the answer comes as `{garbage_collect, RequestId, Result}`
/// and the call returns `async`) and `{type, major | minor}`.
fn garbage_collect2(ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    let opts = list_terms(args[1]).ok_or_else(Exception::badarg)?;
    if !opts
        .iter()
        .all(|&o| async_request(o).is_some() || is_type_option(o))
    {
        return Err(Exception::badarg());
    }
    let is_async = opts.iter().any(|&o| async_request(o).is_some());
    let pid = args[0];
    let alive = collect_pid(ctx, args, pid)?;
    if !is_async {
        return Ok(Term::boolean(alive));
    }
    let mut r = ctx.reserve(words::tuple(3), args);
    // Read after the collection: `args` was a root and holds the moved list.
    let req = list_terms(args[1])
        .unwrap_or_default()
        .into_iter()
        .find_map(async_request)
        .unwrap_or(Term::NIL);
    let msg = r.tuple(&[
        Term::atom(atom::intern_str("garbage_collect")),
        req,
        Term::boolean(alive),
    ]);
    let me = ctx.proc.pid;
    crate::execution::receive::send(ctx.proc, me, msg)?;
    Ok(Term::atom(atom::intern_str("async")))
}

pub const BIFS: &[BifEntry] = &[
    BifEntry::erlang("garbage_collect", 0, garbage_collect0),
    BifEntry::erlang("garbage_collect", 1, garbage_collect1),
    BifEntry::erlang("garbage_collect", 2, garbage_collect2),
];
