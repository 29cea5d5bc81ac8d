//! The interpreter loop: runs one process's decoded instructions until it returns from its
//! outermost call, crashes, or uses up its reduction budget.
//!
//! Registers: x registers and float registers belong to the running scheduler (`Regs`) and are
//! copied into the process only when it is switched out. Exceptions set x0 = NON_VALUE, x1 = class,
//! x2 = reason, x3 = raw stack trace, then jump to the newest catch on the stack (see stacktrace.rs).

use crate::code::instr::{Dst, Instr, Src, NO_LABEL};
use crate::code::module::{self, Module};
use crate::code::native::{self as bif, Ctx};
use crate::execution::exec::{ExecCtx, Step};
use crate::execution::receive;
use crate::execution::stacktrace;
use crate::processes::process::Process;
use crate::terms::atom;
use crate::terms::bignum;
use crate::terms::compare;
use crate::terms::exception::{Class, Exception};
use crate::terms::heap::{words, Alloc};
use crate::terms::term::{Atom, BoxKind, CodePtr, Term, SMALL_BITS};

pub use crate::code::instr::MAX_X;
pub const MAX_FR: usize = 256;
/// A process stack may not grow past this many words (runaway recursion ends the process with
/// `system_limit` instead of exhausting the host's memory): 2 GiB on 64-bit targets, 256 MiB on
/// wasm32. Body recursion over a list takes about 3 words per element, so `lists:map/2` over
/// 10 million elements fits on both.
pub const MAX_STACK_WORDS: usize = if usize::BITS >= 64 { 1 << 28 } else { 1 << 26 };
/// No compiler asks for more heap words than this in one instruction; more is malformed code.
const MAX_HEAP_NEED: usize = 1 << 24;
/// BIFs take at most this many arguments.
const MAX_BIF_ARGS: usize = 8;
/// Reductions a process may use before it yields.
pub const REDUCTIONS: i64 = 4000;

pub struct Regs {
    pub x: Box<[Term]>,
    pub fr: Box<[f64]>,
}

impl Default for Regs {
    fn default() -> Self {
        Regs {
            x: vec![Term::NIL; MAX_X].into_boxed_slice(),
            fr: vec![0.0; MAX_FR].into_boxed_slice(),
        }
    }
}

/// How a run ended.
#[derive(Debug)]
pub enum Exit {
    /// The outermost function returned this value.
    Returned(Term),
    /// An uncaught exception; `stacktrace` is the list form.
    Crashed {
        class: Class,
        reason: Term,
        stacktrace: Term,
    },
    /// The reduction budget ran out; `run` again to continue.
    Yielded,
    /// The process waits in a `receive` for a message or its timer; `run` again when either came.
    Waiting,
    /// An exit signal or `exit(self(), _)` ended the process with this reason.
    Killed(Term),
    /// `erlang:halt/0,1`: stop the VM with this status.
    Halt(i32),
}

/// Where a failed operation came from, for the stack trace's first frame.
pub(crate) enum Fault {
    /// At the current instruction.
    Here,
    /// In a BIF (its {M, F} and the args it got): OTP reports the BIF as the top frame.
    Bif {
        module: Atom,
        function: Atom,
        args: Vec<Term>,
    },
    /// `function_clause` in the current function: the top frame carries the arguments.
    FunctionClause { arity: usize },
}

/// Run `proc` from its saved position.
pub fn run(proc: &mut Process, regs: &mut Regs) -> Exit {
    let Regs { x, fr } = regs;
    // A fixed-size view, so that `xm!` can mask an index instead of checking it.
    let x: &mut [Term; MAX_X] = match (&mut x[..]).try_into() {
        Ok(a) => a,
        Err(_) => return internal_crash(proc, "x registers of the wrong size"),
    };
    let fr: &mut [f64] = fr;
    let mut module: &'static Module = match module::by_index(proc.pc.module) {
        Some(m) => m,
        None => return internal_crash(proc, "no module at the saved code position"),
    };
    let mut code: &'static [Instr] = &module.code;
    let mut pc = proc.pc.offset as usize;
    let mut reductions = REDUCTIONS;

    // Register access. Out-of-range register numbers can only come from a malformed module; they
    // raise an internal error instead of reading out of bounds.
    macro_rules! xr {
        ($i:expr) => {
            match x.get($i as usize) {
                Some(v) => *v,
                None => fail!(internal_error("x register out of range")),
            }
        };
    }
    // x registers named by `Src`/`Dst` operands: the loader rejects indices >= MAX_X (a power of
    // two), so masking never changes a valid index and needs no bounds check.
    macro_rules! xm {
        ($i:expr) => {
            x[($i as usize) & (MAX_X - 1)]
        };
    }
    macro_rules! yr {
        ($i:expr) => {{
            // One bounds check: an index past the frame wraps to a huge value and misses.
            match proc
                .stack
                .get(proc.stack.len().wrapping_sub(1 + $i as usize))
            {
                Some(v) => *v,
                None => fail!(internal_error("y register outside the stack frame")),
            }
        }};
    }
    macro_rules! get {
        ($s:expr) => {{
            // Constants first: they need no memory access (see `Src`).
            let w = $s.raw();
            if w & 0b11 != 0 {
                Term::from_raw(w)
            } else if w & 0b100 == 0 {
                xm!(w >> 3)
            } else {
                yr!(w >> 3)
            }
        }};
    }
    macro_rules! put {
        ($d:expr, $v:expr) => {{
            let v = $v;
            match $d {
                Dst::X(i) => xm!(i) = v,
                Dst::Y(i) => {
                    let k = proc.stack.len().wrapping_sub(1 + i as usize);
                    match proc.stack.get_mut(k) {
                        Some(slot) => *slot = v,
                        None => fail!(internal_error("y register outside the stack frame")),
                    }
                }
            }
        }};
    }
    macro_rules! frv {
        ($i:expr) => {
            match fr.get($i as usize) {
                Some(v) => *v,
                None => fail!(internal_error("float register out of range")),
            }
        };
    }
    macro_rules! set_fr {
        ($i:expr, $v:expr) => {{
            let v: f64 = $v;
            if !v.is_finite() {
                fail!(Exception::badarith());
            }
            match fr.get_mut($i as usize) {
                Some(slot) => *slot = v,
                None => fail!(internal_error("float register out of range")),
            }
        }};
    }
    macro_rules! jump {
        ($label:expr) => {{
            pc = $label as usize;
            continue;
        }};
    }
    // Raise an exception at the current instruction (pc - 1).
    macro_rules! fail {
        ($exc:expr) => {
            fail_with!($exc, Fault::Here)
        };
    }
    macro_rules! fail_with {
        ($exc:expr, $fault:expr) => {{
            let exc = $exc;
            let fault = $fault;
            match handle_exception(proc, x, module, (pc - 1) as u32, exc, fault) {
                Ok((m, offset)) => {
                    module = m;
                    code = &module.code;
                    pc = offset;
                    continue;
                }
                Err(exit) => return exit,
            }
        }};
    }
    macro_rules! cond_jump {
        ($ok:expr, $fail:expr) => {{
            if !$ok {
                jump!($fail);
            }
        }};
    }
    // Enter code at (module index, offset), saving the return address first when `save`.
    macro_rules! enter {
        ($mi:expr, $off:expr) => {{
            let mi: u32 = $mi;
            if mi != module.index {
                module = match module::by_index(mi) {
                    Some(m) => m,
                    None => fail!(internal_error("call into an unknown module")),
                };
                code = &module.code;
            }
            pc = $off as usize;
        }};
    }
    macro_rules! save_cp {
        () => {
            proc.cp = CodePtr {
                module: module.index,
                offset: pc as u32,
            }
            .encode_return()
        };
    }
    macro_rules! dealloc {
        ($n:expr) => {{
            let n = $n as usize;
            let len = proc.stack.len();
            match len.checked_sub(n + 1) {
                Some(k) => {
                    proc.cp = proc.stack[k];
                    proc.stack.truncate(k);
                }
                None => fail!(internal_error("deallocate beyond the stack")),
            }
        }};
    }
    macro_rules! do_return {
        () => {{
            if proc.cp.is_non_value() {
                proc.pc = CodePtr {
                    module: module.index,
                    offset: pc as u32,
                };
                return Exit::Returned(x[0]);
            }
            let cp = CodePtr::decode(proc.cp);
            proc.cp = Term::NON_VALUE;
            enter!(cp.module, cp.offset);
            continue;
        }};
    }
    // Count a reduction at a call; yield when the budget is spent (x0..arity are live).
    macro_rules! reduce {
        ($arity:expr) => {{
            reductions -= 1;
            if reductions <= 0 {
                proc.reductions += REDUCTIONS as u64;
                proc.pc = CodePtr {
                    module: module.index,
                    offset: pc as u32,
                };
                proc.saved_x.clear();
                proc.saved_x
                    .extend_from_slice(&x[..($arity as usize).min(MAX_X)]);
                return Exit::Yielded;
            }
        }};
    }
    // Call through an export slot or BIF resolution result.
    // `$dealloc`: the frame a last call leaves (None when there is none to leave). A BIF's
    // frame is left only once it has returned: compilers give `call_ext_last` to a BIF that
    // never returns (throw/1, error/1, ...) a deallocation that need not match the frame (after
    // a `trim`), since BEAM never performs it.
    macro_rules! call_resolved {
        ($target:expr, $arity:expr, $is_last:expr, $dealloc:expr) => {{
            let dealloc: Option<u32> = $dealloc;
            if !matches!($target, Callee::Bif(..)) {
                if let Some(n) = dealloc {
                    dealloc!(n);
                }
            }
            match $target {
                Callee::Code(mi, entry) => {
                    if !$is_last {
                        save_cp!();
                    }
                    enter!(mi, entry);
                    reduce!($arity);
                    continue;
                }
                Callee::Hibernate(mi, entry, n) => {
                    if proc.mailbox.is_empty() {
                        proc.pc = CodePtr {
                            module: mi,
                            offset: entry,
                        };
                        proc.saved_x.clear();
                        proc.saved_x.extend_from_slice(&x[..n as usize]);
                        return Exit::Waiting;
                    }
                    enter!(mi, entry);
                    reduce!(n);
                    continue;
                }
                Callee::Bif(f, m, fname, bif_arity) => {
                    // The BIF's own arity: a call through apply/2,3 has spread its arguments.
                    let n = bif_arity as usize;
                    if n > MAX_BIF_ARGS {
                        fail_with!(
                            Exception::error_atom(atom::UNDEF),
                            bif_fault(m, fname, x[..n.min(MAX_X)].to_vec())
                        );
                    }
                    let mut args = [Term::NIL; MAX_BIF_ARGS];
                    args[..n].copy_from_slice(&x[..n]);
                    let a = &mut args[..n];
                    let result = {
                        let mut ctx = Ctx {
                            proc: &mut *proc,
                            x: &mut *x,
                            live: 0,
                            may_collect: true,
                        };
                        f(&mut ctx, a)
                    };
                    match result {
                        Ok(v) => {
                            if let Some(n) = dealloc {
                                dealloc!(n);
                            }
                            if proc.control != crate::processes::process::Control::None {
                                return bif_control(
                                    proc,
                                    module.index,
                                    pc,
                                    $is_last,
                                    v,
                                    (m, fname),
                                    a,
                                );
                            }
                            x[0] = v;
                            if $is_last {
                                do_return!();
                            }
                            continue;
                        }
                        Err(e) => fail_with!(e, bif_fault(m, fname, a.to_vec())),
                    }
                }
                Callee::Undef(m, f, args) => {
                    fail_with!(
                        Exception::error_atom(atom::UNDEF),
                        Fault::Bif {
                            module: m,
                            function: f,
                            args
                        }
                    )
                }
                Callee::Fail(e) => fail!(e),
            }
        }};
    }

    // Call a BIF with `n` args from the array `$a`; store, jump to `fail`, or raise.
    macro_rules! call_bif {
        ($bif:expr, $import:expr, $a:expr, $n:expr, $fail:expr, $live:expr, $dst:expr) => {{
            let mut a = $a;
            let n: usize = $n;
            let result = {
                let mut ctx = Ctx {
                    proc: &mut *proc,
                    x: &mut *x,
                    live: $live as usize,
                    may_collect: $live > 0,
                };
                $bif(&mut ctx, &mut a[..n])
            };
            match result {
                Ok(v) => put!($dst, v),
                Err(e) => {
                    if $fail != NO_LABEL {
                        jump!($fail);
                    }
                    let (m, f) = import_mf(module, $import);
                    fail_with!(e, bif_fault(m, f, a[..n].to_vec()));
                }
            }
        }};
    }

    // Arithmetic: small integers inline (`$small` gives None when the result is not a small),
    // else the BIF. `+` and `-` work on the tagged words (see `Term::small_add`). With `$wide`,
    // operands of up to 64 bits (smalls, or boxed on wasm32's 28-bit smalls) are computed here
    // in i64 (`$wide` gives None on overflow or a zero divisor) and a boxed result is built
    // straight on the heap, without the BIF call; anything else still goes to the BIF.
    macro_rules! arith_raw {
        ($o:expr, $small:expr) => {
            arith_raw!($o, $small, |_: i64, _: i64| None)
        };
        ($o:expr, $small:expr, $wide:expr) => {{
            let o: &crate::code::instr::Arith = $o;
            let (va, vb) = (get!(o.a), get!(o.b));
            if let Some(r) = $small(va, vb) {
                put!(o.dst, r);
                continue;
            }
            if let Some(v) = i64_binop(va, vb, $wide) {
                let r = if Term::fits_small(v) {
                    Term::small(v as isize)
                } else {
                    // The same reservation as the BIF's: x0..live, stack and dictionary are roots.
                    let mut ctx = Ctx {
                        proc: &mut *proc,
                        x: &mut *x,
                        live: o.live as usize,
                        may_collect: o.live > 0,
                    };
                    let mut h = ctx.reserve(bignum::words_for_i128(v as i128), &mut []);
                    bignum::build_i128(&mut h, v as i128)
                };
                put!(o.dst, r);
                continue;
            }
            let bif = match module.imports.get(o.import as usize).and_then(|i| i.bif) {
                Some(f) => f,
                None => fail!(internal_error("arithmetic without its BIF")),
            };
            call_bif!(bif, o.import, [va, vb], 2, o.fail, o.live, o.dst);
        }};
    }
    // The other integer operators: on the small values, else (with `$wide`) i64, else the BIF.
    macro_rules! arith {
        ($o:expr, $small:expr $(, $wide:expr)?) => {
            arith_raw!($o, |a: Term, b: Term| small_binop(a, b, $small) $(, $wide)?)
        };
    }

    // A call to make before anything else: a spawned process's first call, or a BIF call that
    // asked to be retried (`Control::Retry`). Its continuation is already in `proc.cp`.
    let mut pending = proc.pending_call.take();
    loop {
        if let Some((m, f, arity)) = pending.take() {
            let callee = resolve_export(proc, m, f, arity, x);
            call_resolved!(callee, arity, true, None);
        }
        loop {
            let instr = match code.get(pc) {
                Some(i) => i,
                None => return internal_crash(proc, "execution ran past the end of a module"),
            };
            pc += 1;
            match *instr {
                Instr::Nop => {}
                Instr::FuncInfo { arity, .. } => {
                    fail_with!(
                        Exception::error_atom(atom::FUNCTION_CLAUSE),
                        Fault::FunctionClause {
                            arity: arity as usize
                        }
                    )
                }
                Instr::IntCodeEnd => {
                    return internal_crash(proc, "reached the end of a module's code")
                }

                // ---- calls ----
                Instr::Call { arity, target } => {
                    save_cp!();
                    pc = target as usize;
                    reduce!(arity);
                }
                Instr::CallLast {
                    arity,
                    target,
                    dealloc,
                } => {
                    dealloc!(dealloc);
                    pc = target as usize;
                    reduce!(arity);
                }
                Instr::CallOnly { arity, target } => {
                    pc = target as usize;
                    reduce!(arity);
                }
                Instr::CallExt { arity, import } => {
                    let callee = resolve_import(proc, module, import, x, arity);
                    call_resolved!(callee, arity, false, None);
                }
                Instr::CallExtLast {
                    arity,
                    import,
                    dealloc,
                } => {
                    let callee = resolve_import(proc, module, import, x, arity);
                    call_resolved!(callee, arity, true, Some(dealloc));
                }
                Instr::CallExtOnly { arity, import } => {
                    let callee = resolve_import(proc, module, import, x, arity);
                    call_resolved!(callee, arity, true, None);
                }
                Instr::CallBif { arity, import, bif } => {
                    let (m, f) = import_mf(module, import);
                    call_resolved!(Callee::Bif(bif, m, f, arity), arity, false, None);
                }
                Instr::CallBifLast {
                    arity,
                    import,
                    bif,
                    dealloc,
                } => {
                    let (m, f) = import_mf(module, import);
                    call_resolved!(Callee::Bif(bif, m, f, arity), arity, true, Some(dealloc));
                }
                Instr::CallBifOnly { arity, import, bif } => {
                    let (m, f) = import_mf(module, import);
                    call_resolved!(Callee::Bif(bif, m, f, arity), arity, true, None);
                }
                Instr::Bif0 { bif, dst } => {
                    let mut ctx = Ctx {
                        proc: &mut *proc,
                        x: &mut *x,
                        live: 0,
                        may_collect: false,
                    };
                    match bif(&mut ctx) {
                        Ok(v) => put!(dst, v),
                        Err(e) => fail!(e),
                    }
                }
                Instr::Bif {
                    bif,
                    import,
                    ref args,
                    fail,
                    live,
                    dst,
                } => {
                    let mut a = [Term::NIL; 4];
                    let n = args.len().min(4);
                    for i in 0..n {
                        a[i] = get!(args[i]);
                    }
                    if std::ptr::fn_addr_eq(bif, bif::missing as bif::BifFn) {
                        let (m, f) = import_mf(module, import);
                        fail_with!(
                            Exception::error_atom(atom::UNDEF),
                            Fault::Bif {
                                module: m,
                                function: f,
                                args: a[..n].to_vec()
                            }
                        );
                    }
                    call_bif!(bif, import, a, n, fail, live, dst);
                }
                Instr::Add(ref o) => {
                    arith_raw!(o, Term::small_add, |p: i64, q: i64| p.checked_add(q))
                }
                Instr::Sub(ref o) => {
                    arith_raw!(o, Term::small_sub, |p: i64, q: i64| p.checked_sub(q))
                }
                Instr::Mul(ref o) => arith!(o, |p: isize, q: isize| p.checked_mul(q), i64_mul),
                Instr::Band(ref o) => {
                    arith!(o, |p: isize, q: isize| Some(p & q), |p: i64, q: i64| {
                        Some(p & q)
                    })
                }
                Instr::Bor(ref o) => {
                    arith!(o, |p: isize, q: isize| Some(p | q), |p: i64, q: i64| {
                        Some(p | q)
                    })
                }
                Instr::Bxor(ref o) => {
                    arith!(o, |p: isize, q: isize| Some(p ^ q), |p: i64, q: i64| {
                        Some(p ^ q)
                    })
                }
                Instr::Bsl(ref o) => arith!(o, small_bsl),
                Instr::Bsr(ref o) => arith!(o, |p: isize, q: isize| if (0..SMALL_BITS as isize)
                    .contains(&q)
                {
                    Some(p >> q)
                } else {
                    None
                }),
                // A zero divisor, and MIN / -1, go to the BIF (badarith, or a wider result).
                Instr::Div(ref o) => arith!(
                    o,
                    |p: isize, q: isize| if q != 0 { p.checked_div(q) } else { None },
                    |p: i64, q: i64| if q != 0 { p.checked_div(q) } else { None }
                ),
                Instr::Rem(ref o) => arith!(
                    o,
                    |p: isize, q: isize| if q != 0 { p.checked_rem(q) } else { None },
                    |p: i64, q: i64| if q != 0 { p.checked_rem(q) } else { None }
                ),
                Instr::Apply { arity } => {
                    let m = xr!(arity);
                    let f = xr!(arity + 1);
                    let callee = resolve_mfa(proc, m, f, x, arity);
                    call_resolved!(callee, arity, false, None);
                }
                Instr::ApplyLast { arity, dealloc } => {
                    let m = xr!(arity);
                    let f = xr!(arity + 1);
                    let callee = resolve_mfa(proc, m, f, x, arity);
                    call_resolved!(callee, arity, true, Some(dealloc));
                }
                Instr::CallFun { arity } => {
                    let fun = xr!(arity);
                    let callee = resolve_fun(proc, fun, x, arity);
                    call_resolved!(callee, arity, false, None);
                }
                Instr::CallFun2 { arity, fun, .. } => {
                    let fun = get!(fun);
                    let callee = resolve_fun(proc, fun, x, arity);
                    call_resolved!(callee, arity, false, None);
                }
                Instr::Return => do_return!(),

                // ---- stack and heap ----
                Instr::Allocate { stack, .. } | Instr::AllocateZero { stack, .. } => {
                    if !allocate(proc, stack) {
                        fail!(Exception::system_limit());
                    }
                }
                Instr::AllocateHeap { stack, heap, live }
                | Instr::AllocateHeapZero { stack, heap, live } => {
                    if !allocate(proc, stack) || heap as usize > MAX_HEAP_NEED {
                        fail!(Exception::system_limit());
                    }
                    if !ensure_heap(proc, x, heap as usize, live as usize) {
                        return Exit::Yielded;
                    }
                }
                Instr::TestHeap { heap, live } => {
                    if heap as usize > MAX_HEAP_NEED {
                        fail!(Exception::system_limit());
                    }
                    if !ensure_heap(proc, x, heap as usize, live as usize) {
                        return Exit::Yielded;
                    }
                }
                Instr::Init { dst } => put!(dst, Term::NIL),
                Instr::InitYregs { ref regs } => {
                    for &r in regs.iter() {
                        put!(Dst::Y(r), Term::NIL);
                    }
                }
                Instr::Deallocate { n } => dealloc!(n),
                Instr::Trim { n, .. } => {
                    let len = proc.stack.len();
                    match len.checked_sub(n as usize) {
                        Some(k) => proc.stack.truncate(k),
                        None => fail!(internal_error("trim beyond the stack")),
                    }
                }

                // ---- moves and data ----
                Instr::Move { src, dst } => put!(dst, get!(src)),
                Instr::Move2 {
                    src1,
                    dst1,
                    src2,
                    dst2,
                } => {
                    put!(dst1, get!(src1));
                    put!(dst2, get!(src2));
                    pc += 1;
                }
                Instr::MoveCall {
                    src,
                    dst,
                    arity,
                    target,
                } => {
                    put!(dst, get!(src));
                    // The return address is after the call this instruction fused with.
                    pc += 1;
                    save_cp!();
                    pc = target as usize;
                    reduce!(arity);
                }
                Instr::IsNonemptyGetList {
                    fail,
                    src,
                    head,
                    tail,
                } => {
                    let l = get!(src);
                    match l.as_cons() {
                        Some((h, t)) => {
                            put!(head, h);
                            put!(tail, t);
                            pc += 1;
                        }
                        None => jump!(fail),
                    }
                }
                Instr::TestHeapPutList {
                    heap,
                    live,
                    head,
                    tail,
                    dst,
                } => {
                    if heap as usize > MAX_HEAP_NEED {
                        fail!(Exception::system_limit());
                    }
                    if !ensure_heap(proc, x, heap as usize, live as usize) {
                        return Exit::Yielded;
                    }
                    let h = get!(head);
                    let t = get!(tail);
                    let cell = proc.heap.reserved(words::CONS).cons(h, t);
                    put!(dst, cell);
                    pc += 1;
                }
                Instr::DeallocateReturn { n } => {
                    dealloc!(n);
                    do_return!();
                }
                Instr::MoveXX { src, dst } => xm!(dst) = xm!(src),
                Instr::MoveXY { src, dst } => put!(Dst::Y(dst), xm!(src)),
                Instr::MoveYX { src, dst } => put!(Dst::X(dst), yr!(src)),
                Instr::MoveCX { src, dst } => put!(Dst::X(dst), src),
                Instr::Swap { a, b } => {
                    let va = get!(dst_src(a));
                    let vb = get!(dst_src(b));
                    put!(a, vb);
                    put!(b, va);
                }
                Instr::GetList { src, head, tail } => {
                    let l = get!(src);
                    match l.as_cons() {
                        Some((h, t)) => {
                            put!(head, h);
                            put!(tail, t);
                        }
                        None => fail!(internal_error("get_list on a non-list")),
                    }
                }
                Instr::GetHd { src, dst } => match get!(src).as_cons() {
                    Some((h, _)) => put!(dst, h),
                    None => fail!(internal_error("get_hd on a non-list")),
                },
                Instr::GetTl { src, dst } => match get!(src).as_cons() {
                    Some((_, t)) => put!(dst, t),
                    None => fail!(internal_error("get_tl on a non-list")),
                },
                Instr::GetTupleElement { src, index, dst } => {
                    let t = get!(src);
                    match t.as_tuple().and_then(|e| e.get(index as usize)) {
                        Some(&v) => put!(dst, v),
                        None => fail!(internal_error("get_tuple_element on a non-tuple")),
                    }
                }
                Instr::SetTupleElement {
                    value,
                    tuple,
                    index,
                } => {
                    let v = get!(value);
                    let t = get!(tuple);
                    if !t.is_tuple() || index as usize >= t.tuple_arity() {
                        fail!(internal_error("set_tuple_element out of range"));
                    }
                    t.tuple_set_fresh(index as usize, v);
                }
                Instr::PutList { head, tail, dst } => {
                    let h = get!(head);
                    let t = get!(tail);
                    let cell = proc.heap.reserved(words::CONS).cons(h, t);
                    put!(dst, cell);
                }
                Instr::PutTuple2 { dst, ref elements } => {
                    let tuple = proc
                        .heap
                        .reserved(words::tuple(elements.len()))
                        .tuple_filled(elements.len(), Term::NIL);
                    for (i, &e) in elements.iter().enumerate() {
                        let v = get!(e);
                        tuple.tuple_set_fresh(i, v);
                    }
                    put!(dst, tuple);
                }
                Instr::MakeFun { fun_index, free } => {
                    let v = make_fun(proc, module, fun_index, &x[..(free as usize).min(MAX_X)]);
                    match v {
                        Ok(f) => x[0] = f,
                        Err(e) => fail!(e),
                    }
                }
                Instr::MakeFun3 {
                    fun_index,
                    dst,
                    ref env,
                } => {
                    let mut vals = Vec::with_capacity(env.len());
                    for &s in env.iter() {
                        vals.push(get!(s));
                    }
                    match make_fun(proc, module, fun_index, &vals) {
                        Ok(f) => put!(dst, f),
                        Err(e) => fail!(e),
                    }
                }

                // ---- control flow and tests ----
                Instr::Jump { target } => jump!(target),
                Instr::IsLt { fail, a, b } => {
                    let (a, b) = (get!(a), get!(b));
                    // Two smalls compare as their tagged words (same tag bits, value above them).
                    let lt = if a.is_small() && b.is_small() {
                        (a.raw() as isize) < (b.raw() as isize)
                    } else {
                        compare::cmp_terms(a, b).is_lt()
                    };
                    cond_jump!(lt, fail);
                }
                Instr::IsGe { fail, a, b } => {
                    let (a, b) = (get!(a), get!(b));
                    // Two smalls compare as their tagged words (same tag bits, value above them).
                    let ge = if a.is_small() && b.is_small() {
                        (a.raw() as isize) >= (b.raw() as isize)
                    } else {
                        !compare::cmp_terms(a, b).is_lt()
                    };
                    cond_jump!(ge, fail);
                }
                Instr::IsEq { fail, a, b } => {
                    let (a, b) = (get!(a), get!(b));
                    cond_jump!(equal_arith(a, b), fail);
                }
                Instr::IsNe { fail, a, b } => {
                    let (a, b) = (get!(a), get!(b));
                    cond_jump!(!equal_arith(a, b), fail);
                }
                Instr::IsEqExact { fail, a, b } => {
                    let (a, b) = (get!(a), get!(b));
                    cond_jump!(equal_exact(a, b), fail);
                }
                Instr::IsNeExact { fail, a, b } => {
                    let (a, b) = (get!(a), get!(b));
                    cond_jump!(!equal_exact(a, b), fail);
                }
                Instr::IsInteger { fail, src } => cond_jump!(get!(src).is_integer(), fail),
                Instr::IsFloat { fail, src } => cond_jump!(get!(src).is_float(), fail),
                Instr::IsNumber { fail, src } => cond_jump!(get!(src).is_number(), fail),
                Instr::IsAtom { fail, src } => cond_jump!(get!(src).is_atom(), fail),
                Instr::IsPid { fail, src } => cond_jump!(get!(src).is_pid(), fail),
                Instr::IsReference { fail, src } => cond_jump!(get!(src).is_reference(), fail),
                Instr::IsPort { fail, src } => cond_jump!(get!(src).is_port(), fail),
                Instr::IsNil { fail, src } => cond_jump!(get!(src).is_nil(), fail),
                Instr::IsBinary { fail, src } => cond_jump!(is_binary(get!(src)), fail),
                Instr::IsBitstr { fail, src } => cond_jump!(get!(src).is_bitstring(), fail),
                Instr::IsList { fail, src } => cond_jump!(get!(src).is_list_or_nil(), fail),
                Instr::IsNonemptyList { fail, src } => cond_jump!(get!(src).is_list(), fail),
                Instr::IsTuple { fail, src } => cond_jump!(get!(src).is_tuple(), fail),
                Instr::IsBoolean { fail, src } => cond_jump!(get!(src).is_boolean(), fail),
                Instr::IsMap { fail, src } => cond_jump!(get!(src).is_map(), fail),
                Instr::IsFunction { fail, src } => cond_jump!(get!(src).is_function(), fail),
                Instr::IsFunction2 { fail, src, arity } => {
                    let f = get!(src);
                    let a = get!(arity);
                    cond_jump!(
                        a.as_small()
                            .is_some_and(|n| fun_arity(f) == Some(n as usize)),
                        fail
                    );
                }
                Instr::TestArity { fail, src, arity } => {
                    let t = get!(src);
                    cond_jump!(t.is_tuple() && t.tuple_arity() == arity as usize, fail);
                }
                Instr::IsTaggedTuple {
                    fail,
                    src,
                    arity,
                    tag,
                } => {
                    let t = get!(src);
                    cond_jump!(
                        t.is_tuple()
                            && t.tuple_arity() == arity as usize
                            && arity > 0
                            && t.tuple_get(0) == tag,
                        fail
                    );
                }
                Instr::SelectVal {
                    src,
                    fail,
                    ref list,
                } => {
                    let v = get!(src);
                    jump!(select_val(v, list).unwrap_or(fail));
                }
                Instr::SelectSmallTable {
                    src,
                    fail,
                    base,
                    ref targets,
                } => {
                    let v = get!(src);
                    let target = match v.as_small() {
                        Some(n) => targets
                            .get(n.wrapping_sub(base) as usize)
                            .copied()
                            .unwrap_or(fail),
                        None => fail,
                    };
                    jump!(target);
                }
                Instr::SelectTupleArity {
                    src,
                    fail,
                    ref list,
                } => {
                    let t = get!(src);
                    let target = if t.is_tuple() {
                        let n = t.tuple_arity() as u32;
                        list.iter().find(|e| e.0 == n).map(|e| e.1).unwrap_or(fail)
                    } else {
                        fail
                    };
                    jump!(target);
                }

                // ---- errors ----
                Instr::Badmatch { src } => {
                    let v = get!(src);
                    fail!(error_tuple(proc, atom::BADMATCH, v));
                }
                Instr::IfEnd => fail!(Exception::error_atom(atom::IF_CLAUSE)),
                Instr::CaseEnd { src } => {
                    let v = get!(src);
                    fail!(error_tuple(proc, atom::CASE_CLAUSE, v));
                }
                Instr::TryCaseEnd { src } => {
                    let v = get!(src);
                    fail!(error_tuple(proc, atom::TRY_CLAUSE, v));
                }
                Instr::Badrecord { src } => {
                    let v = get!(src);
                    fail!(error_tuple(proc, atom::BADRECORD, v));
                }

                // ---- exceptions ----
                Instr::Catch { dst, handler } | Instr::Try { dst, handler } => {
                    put!(
                        dst,
                        CodePtr {
                            module: module.index,
                            offset: handler
                        }
                        .encode_catch()
                    );
                }
                Instr::CatchEnd { dst } => {
                    put!(dst, Term::NIL);
                    if x[0].is_non_value() {
                        x[0] = stacktrace::catch_value(proc, x);
                    }
                }
                Instr::TryEnd { dst } => put!(dst, Term::NIL),
                Instr::TryCase { dst } => {
                    put!(dst, Term::NIL);
                    x[0] = x[1];
                    x[1] = x[2];
                    x[2] = x[3];
                }
                Instr::Raise { stacktrace, reason } => {
                    let st = get!(stacktrace);
                    let r = get!(reason);
                    fail!(stacktrace::reraise(st, r));
                }
                Instr::BuildStacktrace => x[0] = stacktrace::frames_of_raw(x[0]),
                Instr::RawRaise => {
                    let class = x[0].as_atom().and_then(Class::from_atom);
                    match class {
                        Some(c) => {
                            let exc = Exception {
                                class: c,
                                reason: x[1],
                                stacktrace: stacktrace::frames_of_raw(x[2]),
                                args: Term::NON_VALUE,
                            };
                            fail!(exc);
                        }
                        None => x[0] = Term::atom(atom::BADARG),
                    }
                }

                // ---- floats ----
                Instr::Fclearerror => {}
                Instr::Fcheckerror { .. } => {}
                Instr::FmoveToFr { src, fr: r } => {
                    let v = get!(src);
                    if !v.is_float() {
                        fail!(Exception::badarith());
                    }
                    set_fr!(r, v.float_value());
                }
                Instr::FmoveFromFr { fr: r, dst } => {
                    let f = frv!(r);
                    let t = proc.heap.reserved(words::FLOAT).float(f);
                    put!(dst, t);
                }
                Instr::FmoveFrFr { src, dst } => {
                    let f = frv!(src);
                    set_fr!(dst, f);
                }
                Instr::Fconv { src, fr: r } => {
                    let v = get!(src);
                    // The same conversion as float/1 and mixed arithmetic (OTP's, not correctly rounded).
                    match crate::terms::number::number_to_f64(v) {
                        Some(f) => set_fr!(r, f),
                        None => fail!(Exception::badarith()),
                    }
                }
                Instr::Fadd { a, b, dst } => set_fr!(dst, frv!(a) + frv!(b)),
                Instr::Fsub { a, b, dst } => set_fr!(dst, frv!(a) - frv!(b)),
                Instr::Fmul { a, b, dst } => set_fr!(dst, frv!(a) * frv!(b)),
                Instr::Fdiv { a, b, dst } => set_fr!(dst, frv!(a) / frv!(b)),
                // OTP 25's fnegate computes 0.0 - x, so -(0.0) is 0.0 here (erlang:'-'/1 gives -0.0).
                Instr::Fnegate { src, dst } => set_fr!(dst, 0.0 - frv!(src)),

                // ---- records ----
                Instr::UpdateRecord {
                    size,
                    src,
                    dst,
                    ref updates,
                    ..
                } => {
                    let t = get!(src);
                    if !t.is_tuple() || t.tuple_arity() != size as usize {
                        fail!(internal_error("update_record on a tuple of the wrong size"));
                    }
                    let mut vals: Vec<(u32, Term)> = Vec::with_capacity(updates.len());
                    for &(i, s) in updates.iter() {
                        vals.push((i, get!(s)));
                    }
                    let copy = {
                        let mut r = proc.heap.reserved(words::tuple(size as usize));
                        r.tuple(t.tuple_elements())
                    };
                    for (i, v) in vals {
                        // Positions are 1-based in the instruction.
                        if i == 0 || i > size {
                            fail!(internal_error("update_record position out of range"));
                        }
                        copy.tuple_set_fresh(i as usize - 1, v);
                    }
                    put!(dst, copy);
                }

                // ---- maps and binaries: out of line (map_instr.rs, bin_instr.rs) ----
                Instr::PutMapAssoc { .. }
                | Instr::PutMapExact { .. }
                | Instr::HasMapFields { .. }
                | Instr::GetMapElements { .. } => {
                    let step = crate::execution::map_instr::exec(
                        &mut ExecCtx {
                            proc: &mut *proc,
                            x: &mut *x,
                        },
                        instr,
                    );
                    match step {
                        Ok(Step::Next) => {}
                        Ok(Step::Jump(l)) => jump!(l),
                        Err(e) => fail!(e),
                    }
                }
                Instr::BsGetIntegerBytes {
                    fail,
                    ctx: c,
                    live,
                    bits,
                    flags,
                    dst,
                } => match crate::execution::bin_instr::get_integer_bytes(get!(c), bits, flags) {
                    crate::execution::bin_instr::FastInt::Value(v) => put!(dst, v),
                    crate::execution::bin_instr::FastInt::Miss => jump!(fail),
                    crate::execution::bin_instr::FastInt::Slow => {
                        let step = crate::execution::bin_instr::get_integer_bytes_slow(
                            &mut ExecCtx {
                                proc: &mut *proc,
                                x: &mut *x,
                            },
                            c,
                            bits,
                            flags,
                            live,
                            dst,
                            fail,
                        );
                        match step {
                            Ok(Step::Next) => {}
                            Ok(Step::Jump(l)) => jump!(l),
                            Err(e) => fail!(e),
                        }
                    }
                },
                Instr::BsCreateBin { .. }
                | Instr::BsStartMatch3 { .. }
                | Instr::BsStartMatch4 { .. }
                | Instr::BsGetPosition { .. }
                | Instr::BsSetPosition { .. }
                | Instr::BsGetTail { .. }
                | Instr::BsTestTail2 { .. }
                | Instr::BsTestUnit { .. }
                | Instr::BsMatchString { .. }
                | Instr::BsGetInteger2 { .. }
                | Instr::BsGetFloat2 { .. }
                | Instr::BsGetBinary2 { .. }
                | Instr::BsSkipBits2 { .. }
                | Instr::BsGetUtf8 { .. }
                | Instr::BsGetUtf16 { .. }
                | Instr::BsGetUtf32 { .. }
                | Instr::BsSkipUtf8 { .. }
                | Instr::BsSkipUtf16 { .. }
                | Instr::BsSkipUtf32 { .. }
                | Instr::BsMatch { .. }
                | Instr::BsInit2 { .. }
                | Instr::BsInitBits { .. }
                | Instr::BsAdd { .. }
                | Instr::BsAppend { .. }
                | Instr::BsPrivateAppend { .. }
                | Instr::BsPutInteger { .. }
                | Instr::BsPutBinary { .. }
                | Instr::BsPutFloat { .. }
                | Instr::BsPutString { .. }
                | Instr::BsPutUtf8 { .. }
                | Instr::BsPutUtf16 { .. }
                | Instr::BsPutUtf32 { .. }
                | Instr::BsUtf8Size { .. }
                | Instr::BsUtf16Size { .. }
                | Instr::BsContextToBinary { .. } => {
                    let step = crate::execution::bin_instr::exec(
                        &mut ExecCtx {
                            proc: &mut *proc,
                            x: &mut *x,
                        },
                        instr,
                    );
                    match step {
                        Ok(Step::Next) => {}
                        Ok(Step::Jump(l)) => jump!(l),
                        Err(e) => fail!(e),
                    }
                }

                // ---- messages ----
                Instr::Send => match receive::send(proc, x[0], x[1]) {
                    Ok(()) => x[0] = x[1],
                    Err(e) => fail!(e),
                },
                Instr::LoopRec { fail, dst } => match receive::peek(proc) {
                    receive::Peek::Message(m) => put!(dst, m),
                    receive::Peek::Empty => jump!(fail),
                    receive::Peek::Dies(reason) => return Exit::Killed(reason),
                },
                Instr::LoopRecEnd { target } => {
                    proc.mailbox.advance();
                    pc = target as usize;
                    reduce!(0);
                    continue;
                }
                Instr::RemoveMessage => receive::remove_message(proc),
                Instr::Timeout => receive::timeout(proc),
                Instr::Wait { target } => {
                    proc.pc = CodePtr {
                        module: module.index,
                        offset: target,
                    };
                    proc.saved_x.clear();
                    return Exit::Waiting;
                }
                Instr::WaitTimeout { target, timeout } => {
                    let t = get!(timeout);
                    match receive::wait_timeout(proc, t) {
                        Ok(true) => {
                            proc.pc = CodePtr {
                                module: module.index,
                                offset: target,
                            };
                            proc.saved_x.clear();
                            return Exit::Waiting;
                        }
                        Ok(false) => {}
                        Err(e) => fail!(e),
                    }
                }
                Instr::RecvMarkerReserve { dst } => match receive::reserve_marker(proc) {
                    Ok(m) => put!(dst, m),
                    Err(reason) => return Exit::Killed(reason),
                },
                Instr::RecvMarkerBind { marker, reference } => {
                    let (m, r) = (get!(marker), get!(reference));
                    receive::bind_marker(proc, m, r);
                }
                Instr::RecvMarkerClear { reference } => {
                    let r = get!(reference);
                    receive::clear_marker(proc, r);
                }
                Instr::RecvMarkerUse { reference } => {
                    let r = get!(reference);
                    receive::use_marker(proc, r);
                }
            }
        }
    }
}

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
    use crate::processes::process::Control;
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

/// Raise and find the handler: the module and offset to continue at, or how the process ends.
#[cold]
#[inline(never)]
fn handle_exception(
    proc: &mut Process,
    x: &mut [Term],
    module: &'static Module,
    offset: u32,
    exc: Exception,
    fault: Fault,
) -> Result<(&'static Module, usize), Exit> {
    let handler = stacktrace::raise(proc, x, module, offset, exc, fault)?;
    match module::by_index(handler.module) {
        Some(m) => Ok((m, handler.offset as usize)),
        None => Err(internal_crash(proc, "catch in an unknown module")),
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
    error_tuple(proc, atom::BADFUN, fun)
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

/// Push a frame: the return address, then `n` y registers. The CP register is cleared so a stack
/// trace does not report the caller twice. False when the stack would pass `MAX_STACK_WORDS`
/// (runaway recursion), which the caller raises as `system_limit` in that process alone.
#[inline]
fn allocate(proc: &mut Process, n: u32) -> bool {
    let len = proc.stack.len();
    if len + n as usize >= MAX_STACK_WORDS {
        return false;
    }
    // One growth check: fill the frame, then put the return address at its bottom.
    proc.stack.resize(len + 1 + n as usize, Term::NIL);
    if let Some(slot) = proc.stack.get_mut(len) {
        *slot = proc.cp;
    }
    proc.cp = Term::NON_VALUE;
    true
}

/// `f` on two small integers, when both are and so is its result.
#[inline(always)]
fn small_binop(a: Term, b: Term, f: impl Fn(isize, isize) -> Option<isize>) -> Option<Term> {
    let r = f(a.as_small()?, b.as_small()?)?;
    Term::fits_small(r as i64).then(|| Term::small(r))
}

/// `f` on two integers of up to 64 bits (smalls, or boxed bignums that fit an i64), when both
/// are and `f` gives a result.
#[inline(always)]
fn i64_binop(a: Term, b: Term, f: impl Fn(i64, i64) -> Option<i64>) -> Option<i64> {
    f(bignum::to_i64(a)?, bignum::to_i64(b)?)
}

/// i64 product, None on overflow. Factors of up to 32 bits cannot overflow: a plain
/// multiplication there, where wasm32 checks an i64 product with a 128-bit library call.
#[inline(always)]
fn i64_mul(p: i64, q: i64) -> Option<i64> {
    if i32::try_from(p).is_ok() && i32::try_from(q).is_ok() {
        Some(p * q)
    } else {
        p.checked_mul(q)
    }
}

/// Make room for `need` words. Returns false when the heap has grown past the process's
/// `max_heap_size`, or could not grow at all (the VM's memory limit): the caller ends the slice
/// at once, and the scheduler kills the process before it can take more memory.
#[must_use]
fn ensure_heap(proc: &mut Process, x: &mut [Term], need: usize, live: usize) -> bool {
    let live = live.min(MAX_X);
    let p = &mut *proc;
    let room = p.heap.ensure(
        need,
        &mut [&mut x[..live], &mut p.stack[..], &mut p.dict[..]],
    );
    room && (p.max_heap_words == 0 || p.heap.capacity() <= p.max_heap_words)
}

fn dst_src(d: Dst) -> Src {
    match d {
        Dst::X(i) => Src::x(i),
        Dst::Y(i) => Src::y(i),
    }
}

/// `=:=` with the common cases inline: equal words are equal; two immediates that differ, or an
/// immediate and a boxed term, never are (bignums are normalised, so never equal a small).
#[inline]
fn equal_exact(a: Term, b: Term) -> bool {
    a == b || (!a.is_immediate() && !b.is_immediate() && compare::eq_exact(a, b))
}

/// `==`: as `=:=` except that integers and floats compare by value.
#[inline]
fn equal_arith(a: Term, b: Term) -> bool {
    a == b || (!(a.is_immediate() && b.is_immediate()) && compare::eq_arith(a, b))
}

/// `p bsl q` when the result is still a small integer.
#[inline]
fn small_bsl(p: isize, q: isize) -> Option<isize> {
    if !(0..SMALL_BITS as isize).contains(&q) {
        return None;
    }
    let r = p.checked_shl(q as u32)?;
    if r >> q != p {
        return None;
    }
    Some(r)
}

/// The label for `v` in a value list sorted by `specialise`: immediates first in raw-word order
/// (binary search), then boxed values (bignums, floats) compared exactly.
fn select_val(v: Term, list: &[(Term, u32)]) -> Option<u32> {
    let immediates = list.partition_point(|e| e.0.is_immediate());
    if v.is_immediate() {
        if immediates <= 4 {
            // A short list is scanned: cheaper than the branches of a binary search.
            return list[..immediates].iter().find(|e| e.0 == v).map(|e| e.1);
        }
        let prefix = &list[..immediates];
        prefix
            .binary_search_by_key(&v.raw(), |e| e.0.raw())
            .ok()
            .map(|i| prefix[i].1)
    } else {
        list[immediates..]
            .iter()
            .find(|e| compare::eq_exact(e.0, v))
            .map(|e| e.1)
    }
}

/// `{Tag, Value}` as an error reason. `Value` is rooted through the reservation's extra roots.
#[cold]
#[inline(never)]
pub(crate) fn error_tuple(proc: &mut Process, tag: Atom, v: Term) -> Exception {
    let mut roots = [v];
    let mut r = proc.reserve(words::tuple(2), &mut roots);
    let t = r.tuple(&[Term::atom(tag), roots[0]]);
    Exception::error(t)
}

/// `{unsupported_instruction, Name}` for an instruction this VM does not execute yet.
#[cold]
#[inline(never)]
pub(crate) fn unsupported_instruction(instr: &Instr) -> Exception {
    let name = atom::intern(instr_name(instr).as_bytes()).unwrap_or(atom::UNDEFINED);
    let tag = atom::intern_str("unsupported_instruction");
    // Both elements are atoms: a literal-free tuple needs no process heap, so build it in a
    // small leaked arena shared by all such errors.
    Exception::error(unsupported_reason(tag, name))
}

fn unsupported_reason(tag: Atom, name: Atom) -> Term {
    use crate::platform::sync::Mutex;
    use std::sync::OnceLock;
    static ARENA: OnceLock<Mutex<crate::terms::heap::Arena>> = OnceLock::new();
    let arena = ARENA.get_or_init(|| Mutex::new(crate::terms::heap::Arena::new()));
    arena.lock().tuple(&[Term::atom(tag), Term::atom(name)])
}

/// An error the compiler never produces: malformed code. Raised like any error so the process
/// dies cleanly, with a reason that says what was wrong.
#[cold]
#[inline(never)]
pub(crate) fn internal_error(what: &str) -> Exception {
    let a = atom::intern(format!("vm_internal_error: {}", what).as_bytes()).unwrap_or(atom::BADARG);
    Exception::error_atom(a)
}

#[cold]
#[inline(never)]
fn internal_crash(proc: &mut Process, what: &str) -> Exit {
    let _ = proc;
    Exit::Crashed {
        class: Class::Error,
        reason: internal_error(what).reason,
        stacktrace: Term::NIL,
    }
}

#[cold]
#[inline(never)]
fn instr_name(i: &Instr) -> String {
    let dbg = format!("{:?}", i);
    dbg.split([' ', '{', '('])
        .next()
        .unwrap_or("unknown")
        .to_string()
}

/// A bitstring whose size is a whole number of bytes.
fn is_binary(v: Term) -> bool {
    if !v.is_bitstring() {
        return false;
    }
    match v.box_kind() {
        BoxKind::SubBin => v.payload()[0].is_multiple_of(8),
        _ => true,
    }
}
