//! Calls, returns, BIF calls, arithmetic, apply and funs: the handlers the dispatcher
//! (`interp.rs`) inlines, and how a call target is resolved.

use crate::code::instr::{Arith, Dst, Label, Src, NO_LABEL};
use crate::code::module::{self, Module};
use crate::code::native::{self as bif, Ctx};
use crate::execution::interp::{internal_error, Exit, Fault, MAX_X};
use crate::execution::state::{internal_here, stop_with, Flow, State, Stop, Stopped};
use crate::processes::process::{Control, Process};
use crate::terms::atom;
use crate::terms::exception::Exception;
use crate::terms::heap::{words, Alloc};
use crate::terms::term::{Atom, BoxKind, CodePtr, Term, SMALL_BITS};

/// BIFs take at most this many arguments.
const MAX_BIF_ARGS: usize = 8;

// ---- local calls and returns ----

#[inline(always)]
pub(crate) fn call(st: &mut State, arity: u32, target: Label) -> Flow {
    st.save_cp();
    st.jump(target);
    st.reduce(arity)
}

#[inline(always)]
pub(crate) fn call_last(st: &mut State, arity: u32, target: Label, dealloc: u32) -> Flow {
    st.dealloc(dealloc)?;
    st.jump(target);
    st.reduce(arity)
}

#[inline(always)]
pub(crate) fn call_only(st: &mut State, arity: u32, target: Label) -> Flow {
    st.jump(target);
    st.reduce(arity)
}

/// move + call (a superinstruction).
#[inline(always)]
pub(crate) fn move_call(st: &mut State, src: Src, dst: Dst, arity: u32, target: Label) -> Flow {
    let v = st.get(src)?;
    st.put(dst, v)?;
    // The return address is after the call this instruction fused with.
    st.pc += 1;
    call(st, arity, target)
}

#[inline(always)]
pub(crate) fn ret(st: &mut State) -> Flow {
    st.ret()
}

/// deallocate + return (a superinstruction).
#[inline(always)]
pub(crate) fn deallocate_return(st: &mut State, n: u32) -> Flow {
    st.dealloc(n)?;
    st.ret()
}

// ---- external calls ----

#[inline(always)]
pub(crate) fn call_ext(st: &mut State, arity: u32, import: u32) -> Flow {
    let callee = resolve_import(st.proc, st.module, import, &mut st.regs.x[..], arity);
    call_resolved(st, callee, arity, false)
}

#[inline(always)]
pub(crate) fn call_ext_last(st: &mut State, arity: u32, import: u32, dealloc: u32) -> Flow {
    st.dealloc(dealloc)?;
    call_ext_only(st, arity, import)
}

#[inline(always)]
pub(crate) fn call_ext_only(st: &mut State, arity: u32, import: u32) -> Flow {
    let callee = resolve_import(st.proc, st.module, import, &mut st.regs.x[..], arity);
    call_resolved(st, callee, arity, true)
}

#[inline(always)]
pub(crate) fn call_bif(st: &mut State, arity: u32, import: u32, f: bif::BifFn) -> Flow {
    let (m, fname) = import_mf(st.module, import);
    call_resolved(st, Callee::Bif(f, m, fname, arity), arity, false)
}

#[inline(always)]
pub(crate) fn call_bif_last(
    st: &mut State,
    arity: u32,
    import: u32,
    f: bif::BifFn,
    dealloc: u32,
) -> Flow {
    st.dealloc(dealloc)?;
    call_bif_only(st, arity, import, f)
}

#[inline(always)]
pub(crate) fn call_bif_only(st: &mut State, arity: u32, import: u32, f: bif::BifFn) -> Flow {
    let (m, fname) = import_mf(st.module, import);
    call_resolved(st, Callee::Bif(f, m, fname, arity), arity, true)
}

/// A call made before anything else when a process is run: a spawned process's first call, or
/// a BIF call that asked to be retried (`Control::Retry`). Its continuation is in `proc.cp`.
#[inline(always)]
pub(crate) fn pending_call(st: &mut State, m: Atom, f: Atom, arity: u32) -> Flow {
    let callee = resolve_export(st.proc, m, f, arity, &mut st.regs.x[..]);
    call_resolved(st, callee, arity, true)
}

#[inline(always)]
pub(crate) fn apply(st: &mut State, arity: u32) -> Flow {
    let m = st.xr(arity)?;
    let f = st.xr(arity + 1)?;
    let callee = resolve_mfa(st.proc, m, f, &mut st.regs.x[..], arity);
    call_resolved(st, callee, arity, false)
}

#[inline(always)]
pub(crate) fn apply_last(st: &mut State, arity: u32, dealloc: u32) -> Flow {
    let m = st.xr(arity)?;
    let f = st.xr(arity + 1)?;
    st.dealloc(dealloc)?;
    let callee = resolve_mfa(st.proc, m, f, &mut st.regs.x[..], arity);
    call_resolved(st, callee, arity, true)
}

#[inline(always)]
pub(crate) fn call_fun(st: &mut State, arity: u32) -> Flow {
    let fun = st.xr(arity)?;
    let callee = resolve_fun(st.proc, fun, &mut st.regs.x[..], arity);
    call_resolved(st, callee, arity, false)
}

#[inline(always)]
pub(crate) fn call_fun2(st: &mut State, arity: u32, fun: Src) -> Flow {
    let fun = st.get(fun)?;
    let callee = resolve_fun(st.proc, fun, &mut st.regs.x[..], arity);
    call_resolved(st, callee, arity, false)
}

/// Call through an export slot or BIF resolution result. `is_last`: there is no frame to return
/// to here (the caller's continuation is already in `proc.cp`).
#[inline(always)]
fn call_resolved(st: &mut State, target: Callee, arity: u32, is_last: bool) -> Flow {
    match target {
        Callee::Code(mi, entry) => {
            if !is_last {
                st.save_cp();
            }
            st.enter(mi, entry)?;
            st.reduce(arity)
        }
        Callee::Hibernate(mi, entry, n) => {
            if st.proc.mailbox.is_empty() {
                let exit = hibernate_wait(st.proc, &st.regs.x[..], mi, entry, n);
                return Err(st.exit(exit));
            }
            st.enter(mi, entry)?;
            st.reduce(n)
        }
        Callee::Bif(f, m, fname, bif_arity) => {
            // The BIF's own arity: a call through apply/2,3 has spread its arguments.
            let n = bif_arity as usize;
            if n > MAX_BIF_ARGS {
                return Err(st.raise_with(
                    Exception::error_atom(atom::UNDEF),
                    bif_fault(m, fname, st.regs.x[..n.min(MAX_X)].to_vec()),
                ));
            }
            let mut args = [Term::NIL; MAX_BIF_ARGS];
            args[..n].copy_from_slice(&st.regs.x[..n]);
            let a = &mut args[..n];
            let result = {
                let mut ctx = Ctx {
                    proc: &mut *st.proc,
                    x: &mut st.regs.x[..],
                    live: 0,
                    may_collect: true,
                };
                f(&mut ctx, a)
            };
            match result {
                Ok(v) => {
                    if st.proc.control != Control::None {
                        let exit =
                            bif_control(st.proc, st.module.index, st.pc, is_last, v, (m, fname), a);
                        return Err(st.exit(exit));
                    }
                    st.regs.x[0] = v;
                    if is_last {
                        return st.ret();
                    }
                    Ok(())
                }
                Err(e) => Err(st.raise_with(e, bif_fault(m, fname, a.to_vec()))),
            }
        }
        Callee::Undef(m, f, args) => Err(st.raise_with(
            Exception::error_atom(atom::UNDEF),
            Fault::Bif {
                module: m,
                function: f,
                args,
            },
        )),
        Callee::Fail(e) => Err(st.raise(e)),
    }
}

/// `erlang:hibernate/3` with an empty mailbox: wait, then enter its target.
#[cold]
#[inline(never)]
fn hibernate_wait(proc: &mut Process, x: &[Term], mi: u32, entry: u32, n: u32) -> Exit {
    proc.pc = CodePtr {
        module: mi,
        offset: entry,
    };
    proc.saved_x.clear();
    proc.saved_x.extend_from_slice(&x[..n as usize]);
    Exit::Waiting
}

// ---- BIFs and arithmetic ----

#[inline(always)]
pub(crate) fn bif0(st: &mut State, f: bif::Bif0Fn, dst: Dst) -> Flow {
    let mut ctx = Ctx {
        proc: &mut *st.proc,
        x: &mut st.regs.x[..],
        live: 0,
        may_collect: false,
    };
    match f(&mut ctx) {
        Ok(v) => st.put(dst, v),
        Err(e) => Err(st.raise(e)),
    }
}

/// bif1/bif2/gc_bif1..3.
#[inline(always)]
pub(crate) fn bif(
    st: &mut State,
    f: bif::BifFn,
    import: u32,
    args: &[Src],
    fail: Label,
    live: u32,
    dst: Dst,
) -> Flow {
    let mut a = [Term::NIL; 4];
    let n = args.len().min(4);
    for i in 0..n {
        a[i] = st.get(args[i])?;
    }
    if std::ptr::fn_addr_eq(f, bif::missing as bif::BifFn) {
        let (m, fname) = import_mf(st.module, import);
        return Err(st.raise_with(
            Exception::error_atom(atom::UNDEF),
            Fault::Bif {
                module: m,
                function: fname,
                args: a[..n].to_vec(),
            },
        ));
    }
    call_guard_bif(st, f, import, &mut a[..n], fail, live, dst)
}

/// Call a BIF on `a`; store its result, jump to `fail`, or raise.
#[inline(always)]
fn call_guard_bif(
    st: &mut State,
    f: bif::BifFn,
    import: u32,
    a: &mut [Term],
    fail: Label,
    live: u32,
    dst: Dst,
) -> Flow {
    let result = {
        let mut ctx = Ctx {
            proc: &mut *st.proc,
            x: &mut st.regs.x[..],
            live: live as usize,
            may_collect: live > 0,
        };
        f(&mut ctx, a)
    };
    match result {
        Ok(v) => st.put(dst, v),
        Err(e) => {
            if fail != NO_LABEL {
                st.jump(fail);
                return Ok(());
            }
            let (m, fname) = import_mf(st.module, import);
            Err(st.raise_with(e, bif_fault(m, fname, a.to_vec())))
        }
    }
}

/// Arithmetic: small integers inline (`small` gives None when the result is not a small), else
/// the BIF, out of line. `+` and `-` work on the tagged words (see `Term::small_add`).
#[inline(always)]
pub(crate) fn arith_raw(
    st: &mut State,
    o: &Arith,
    small: impl Fn(Term, Term) -> Option<Term>,
) -> Flow {
    let (va, vb) = (st.get(o.a)?, st.get(o.b)?);
    if let Some(r) = small(va, vb) {
        return st.put(o.dst, r);
    }
    match arith_bif(st.proc, &mut st.regs.x, st.module, o, va, vb) {
        Slow::Value(v) => st.put(o.dst, v),
        Slow::Jump(label) => {
            st.jump(label);
            Ok(())
        }
        Slow::Stopped => Err(Stopped),
    }
}

/// How an out-of-line slow path ended.
enum Slow {
    Value(Term),
    Jump(Label),
    /// Raised (the reason is in the stop slot).
    Stopped,
}

/// An arithmetic instruction's operands were not both small (or the result is not): its BIF.
#[cold]
#[inline(never)]
fn arith_bif(
    proc: &mut Process,
    x: &mut [Term],
    module: &Module,
    o: &Arith,
    va: Term,
    vb: Term,
) -> Slow {
    let Some(f) = module.imports.get(o.import as usize).and_then(|i| i.bif) else {
        let _ = internal_here("arithmetic without its BIF");
        return Slow::Stopped;
    };
    let mut a = [va, vb];
    let result = {
        let mut ctx = Ctx {
            proc,
            x,
            live: o.live as usize,
            may_collect: o.live > 0,
        };
        f(&mut ctx, &mut a)
    };
    match result {
        Ok(v) => Slow::Value(v),
        Err(_) if o.fail != NO_LABEL => Slow::Jump(o.fail),
        Err(e) => {
            let (m, fname) = import_mf(module, o.import);
            let _ = stop_with(Stop::Raise(e, bif_fault(m, fname, a.to_vec())));
            Slow::Stopped
        }
    }
}

/// The other integer operators: on the small values, else the BIF.
#[inline(always)]
pub(crate) fn arith(
    st: &mut State,
    o: &Arith,
    small: impl Fn(isize, isize) -> Option<isize>,
) -> Flow {
    arith_raw(st, o, |a, b| small_binop(a, b, &small))
}

/// `f` on two small integers, when both are and so is its result.
#[inline(always)]
fn small_binop(a: Term, b: Term, f: impl Fn(isize, isize) -> Option<isize>) -> Option<Term> {
    let r = f(a.as_small()?, b.as_small()?)?;
    Term::fits_small(r as i64).then(|| Term::small(r))
}

#[inline(always)]
pub(crate) fn small_mul(p: isize, q: isize) -> Option<isize> {
    p.checked_mul(q)
}

/// `p bsl q` when the result is still a small integer.
#[inline]
pub(crate) fn small_bsl(p: isize, q: isize) -> Option<isize> {
    if !(0..SMALL_BITS as isize).contains(&q) {
        return None;
    }
    let r = p.checked_shl(q as u32)?;
    if r >> q != p {
        return None;
    }
    Some(r)
}

#[inline(always)]
pub(crate) fn small_bsr(p: isize, q: isize) -> Option<isize> {
    if (0..SMALL_BITS as isize).contains(&q) {
        Some(p >> q)
    } else {
        None
    }
}

#[inline(always)]
pub(crate) fn small_div(p: isize, q: isize) -> Option<isize> {
    if q != 0 {
        p.checked_div(q)
    } else {
        None
    }
}

#[inline(always)]
pub(crate) fn small_rem(p: isize, q: isize) -> Option<isize> {
    if q != 0 {
        p.checked_rem(q)
    } else {
        None
    }
}

// ---- funs ----

#[inline(always)]
pub(crate) fn make_fun2(st: &mut State, fun_index: u32, free: u32) -> Flow {
    let env = &st.regs.x[..(free as usize).min(MAX_X)];
    match make_fun(st.proc, st.module, fun_index, env) {
        Ok(f) => {
            st.regs.x[0] = f;
            Ok(())
        }
        Err(e) => Err(st.raise(e)),
    }
}

#[inline(always)]
pub(crate) fn make_fun3(st: &mut State, fun_index: u32, dst: Dst, env: &[Src]) -> Flow {
    let mut vals = Vec::with_capacity(env.len());
    for &s in env.iter() {
        vals.push(st.get(s)?);
    }
    match make_fun(st.proc, st.module, fun_index, &vals) {
        Ok(f) => st.put(dst, f),
        Err(e) => Err(st.raise(e)),
    }
}

fn make_fun(
    proc: &mut Process,
    module: &Module,
    fun_index: u32,
    env: &[Term],
) -> Result<Term, Exception> {
    let Some(lambda) = module.lambdas.get(fun_index as usize) else {
        return Err(internal_error("make_fun with an unknown fun index"));
    };
    if lambda.num_free as usize != env.len() {
        return Err(internal_error(
            "make_fun with the wrong number of free variables",
        ));
    }
    let mut payload = Vec::with_capacity(2 + env.len());
    payload.push(module.index as usize);
    payload.push(fun_index as usize);
    payload.extend(env.iter().map(|t| t.raw()));
    Ok(proc
        .heap
        .reserved(1 + payload.len())
        .boxed_raw(BoxKind::Fun, &payload))
}

pub(crate) fn fun_arity(f: Term) -> Option<usize> {
    if f.is_box_of(BoxKind::Fun) {
        let p = f.payload();
        let m = module::by_index(p[0] as u32)?;
        let l = m.lambdas.get(p[1])?;
        Some((l.arity as usize).saturating_sub(p.len() - 2))
    } else if f.is_box_of(BoxKind::Export) {
        Term::from_raw(f.payload()[2])
            .as_small()
            .map(|a| a as usize)
    } else {
        None
    }
}

// ---- resolving call targets ----

/// A BIF asked for something besides its result (`proc.control`): carry it out. `v` is the
/// result, `args` the arguments (for a retry).
#[cold]
#[inline(never)]
#[allow(clippy::too_many_arguments)]
fn bif_control(
    proc: &mut Process,
    module_index: u32,
    pc: usize,
    is_last: bool,
    v: Term,
    target: (Atom, Atom),
    args: &[Term],
) -> Exit {
    match std::mem::replace(&mut proc.control, Control::None) {
        Control::None | Control::Yield => {
            // Continue where the call returns to, with the result in x0, after others ran.
            if is_last {
                if proc.cp.is_non_value() {
                    return Exit::Returned(v);
                }
                proc.pc = CodePtr::decode(proc.cp);
                proc.cp = Term::NON_VALUE;
            } else {
                proc.pc = CodePtr {
                    module: module_index,
                    offset: pc as u32,
                };
            }
            proc.saved_x.clear();
            proc.saved_x.push(v);
            Exit::Yielded
        }
        Control::Retry => {
            if !is_last {
                proc.cp = CodePtr {
                    module: module_index,
                    offset: pc as u32,
                }
                .encode_return();
            }
            proc.pc = CodePtr {
                module: module_index,
                offset: pc as u32,
            };
            proc.pending_call = Some((target.0, target.1, args.len() as u32));
            proc.saved_x.clear();
            proc.saved_x.extend_from_slice(args);
            Exit::Yielded
        }
        Control::Die(reason) => Exit::Killed(reason),
        Control::Halt(status) => Exit::Halt(status),
    }
}

/// The resolved target of a call.
pub(crate) enum Callee {
    Code(u32, u32),
    /// A BIF, its module, name and arity.
    Bif(bif::BifFn, Atom, Atom, u32),
    /// `erlang:hibernate/3`'s target (module, entry, arity), the stack already discarded: it
    /// runs when a message is queued.
    Hibernate(u32, u32, u32),
    /// Nothing to call: raise `undef` with this {M, F, Args} as the top frame.
    Undef(Atom, Atom, Vec<Term>),
    /// The call itself is wrong (bad fun, wrong arity, bad apply arguments).
    Fail(Exception),
}

fn import_mf(module: &Module, import: u32) -> (Atom, Atom) {
    match module.imports.get(import as usize) {
        Some(i) => (i.module, i.function),
        None => (atom::UNDEFINED, atom::UNDEFINED),
    }
}

#[cold]
#[inline(never)]
fn bif_fault(m: Atom, f: Atom, args: Vec<Term>) -> Fault {
    Fault::Bif {
        module: m,
        function: f,
        args,
    }
}

fn resolve_import(
    proc: &mut Process,
    module: &Module,
    import: u32,
    x: &mut [Term],
    arity: u32,
) -> Callee {
    let Some(imp) = module.imports.get(import as usize) else {
        return Callee::Undef(atom::UNDEFINED, atom::UNDEFINED, Vec::new());
    };
    resolve_export(proc, imp.module, imp.function, arity, x)
}

/// Find the code for {M, F, A}: a loaded (or loadable) module's export, or a BIF.
/// `erlang:apply/2,3` spread their argument list into registers and resolve the real target.
pub(crate) fn resolve_export(
    proc: &mut Process,
    m: Atom,
    f: Atom,
    arity: u32,
    x: &mut [Term],
) -> Callee {
    if m == atom::ERLANG && f == atom::HIBERNATE && arity == 3 {
        return hibernate(proc, x);
    }
    if m == atom::ERLANG && f == atom::APPLY && (arity == 2 || arity == 3) {
        // apply(M, F, Args) / apply(Fun, Args): read the target before the spread overwrites x0.
        let (first, second, list) = (x[0], x[1], x[arity as usize - 1]);
        let Some(n) = spread_args(list, x) else {
            return Callee::Fail(Exception::badarg());
        };
        return if arity == 3 {
            resolve_mfa(proc, first, second, x, n)
        } else {
            resolve_fun(proc, first, x, n)
        };
    }
    let slot = module::export_slot(m, f, arity);
    if let Some((mi, entry)) = slot.get() {
        return Callee::Code(mi, entry);
    }
    if let Some(b) = bif::lookup(m, f, arity) {
        return Callee::Bif(b, m, f, arity);
    }
    if crate::code::code_server::ensure_loaded(m).is_some() {
        if let Some((mi, entry)) = slot.get() {
            return Callee::Code(mi, entry);
        }
    }
    Callee::Undef(m, f, x[..(arity as usize).min(MAX_X)].to_vec())
}

/// `erlang:hibernate(M, F, Args)`: the call stack goes (with its catches), and M:F(Args) runs
/// as the process's outermost call once a message is in its queue; when it returns, the
/// process ends. Only Erlang functions can be the target.
#[cold]
#[inline(never)]
fn hibernate(proc: &mut Process, x: &mut [Term]) -> Callee {
    let (m, f, list) = (x[0], x[1], x[2]);
    let Some(n) = spread_args(list, x) else {
        return Callee::Fail(Exception::badarg());
    };
    match resolve_mfa(proc, m, f, x, n) {
        Callee::Code(mi, entry) => {
            proc.stack.clear();
            proc.cp = Term::NON_VALUE;
            Callee::Hibernate(mi, entry, n)
        }
        Callee::Bif(..) => Callee::Fail(Exception::badarg()),
        other => other,
    }
}

fn resolve_mfa(proc: &mut Process, m: Term, f: Term, x: &mut [Term], arity: u32) -> Callee {
    match (m.as_atom(), f.as_atom()) {
        (Some(m), Some(f)) => resolve_export(proc, m, f, arity, x),
        _ => Callee::Fail(Exception::badarg()),
    }
}

/// Resolve a fun call: load the closure's free variables after the arguments.
fn resolve_fun(proc: &mut Process, fun: Term, x: &mut [Term], arity: u32) -> Callee {
    if fun.is_box_of(BoxKind::Fun) {
        let p = fun.payload();
        let (mi, fi) = (p[0] as u32, p[1]);
        let lambda = module::by_index(mi).and_then(|m| m.lambdas.get(fi));
        let Some(lambda) = lambda else {
            return Callee::Fail(badfun(proc, fun));
        };
        let free = &p[2..];
        let base = arity as usize;
        if lambda.arity as usize != base + free.len() || base + free.len() > MAX_X {
            return Callee::Fail(badarity(proc, fun, &x[..base.min(MAX_X)]));
        }
        for (i, &w) in free.iter().enumerate() {
            x[base + i] = Term::from_raw(w);
        }
        return Callee::Code(mi, lambda.label);
    }
    if fun.is_box_of(BoxKind::Export) {
        let p = fun.payload();
        let (m, f, a) = (
            Term::from_raw(p[0]),
            Term::from_raw(p[1]),
            Term::from_raw(p[2]),
        );
        if a.as_small() != Some(arity as isize) {
            return Callee::Fail(badarity(proc, fun, &x[..(arity as usize).min(MAX_X)]));
        }
        return resolve_mfa(proc, m, f, x, arity);
    }
    Callee::Fail(badfun(proc, fun))
}

#[cold]
#[inline(never)]
fn badfun(proc: &mut Process, fun: Term) -> Exception {
    crate::execution::interp::error_tuple(proc, atom::BADFUN, fun)
}

/// `{badarity, {Fun, Args}}`.
#[cold]
#[inline(never)]
fn badarity(proc: &mut Process, fun: Term, args: &[Term]) -> Exception {
    let need = words::list(args.len()) + words::tuple(2) * 2;
    let mut roots = args.to_vec();
    roots.push(fun);
    let mut r = proc.reserve(need, &mut roots);
    let n = roots.len() - 1;
    let list = r.list_from(&roots[..n], Term::NIL);
    let inner = r.tuple(&[roots[n], list]);
    let reason = r.tuple(&[Term::atom(atom::BADARITY), inner]);
    Exception::error(reason)
}

/// Copy a proper list's elements into x0.. ; None if it is improper or too long.
#[cold]
#[inline(never)]
fn spread_args(list: Term, x: &mut [Term]) -> Option<u32> {
    let mut items = Vec::new();
    let mut l = list;
    while let Some((h, t)) = l.as_cons() {
        items.push(h);
        l = t;
        if items.len() > MAX_X - 2 {
            return None;
        }
    }
    if !l.is_nil() {
        return None;
    }
    x[..items.len()].copy_from_slice(&items);
    Some(items.len() as u32)
}
