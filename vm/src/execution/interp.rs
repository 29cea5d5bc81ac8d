//! The interpreter loop: runs one process's decoded instructions until it returns from its
//! outermost call, crashes, or uses up its reduction budget.
//!
//! Registers: x registers and float registers belong to the running scheduler (`Regs`) and are
//! copied into the process only when it is switched out. Exceptions set x0 = NON_VALUE, x1 = class,
//! x2 = reason, x3 = raw stack trace, then jump to the newest catch on the stack (see stacktrace.rs).

use crate::code::instr::Instr;
use crate::code::module::{self, Module};
use crate::execution::exec::{ExecCtx, Step};
use crate::execution::ops_calls;
use crate::execution::stacktrace;
use crate::execution::state::{take_stop, Flow, State, Stop};
use crate::processes::process::Process;
use crate::terms::atom;
use crate::terms::exception::{Class, Exception};
use crate::terms::heap::{words, Alloc};
use crate::terms::term::{Atom, Term};

pub use crate::code::instr::MAX_X;
pub const MAX_FR: usize = 256;
/// A process stack may not grow past this many words (runaway recursion ends the process with
/// `system_limit` instead of exhausting the host's memory). 300 000-deep recursion uses ~1M.
pub const MAX_STACK_WORDS: usize = 1 << 24;
/// Reductions a process may use before it yields.
pub const REDUCTIONS: i64 = 4000;

/// A scheduler's registers. One block, so that the interpreter reaches both kinds through one
/// pointer, and fixed sizes, so that x indices are masked rather than bounds-checked.
pub struct Regs {
    pub x: [Term; MAX_X],
    pub fr: [f64; MAX_FR],
}

impl Default for Regs {
    fn default() -> Self {
        Regs {
            x: [Term::NIL; MAX_X],
            fr: [0.0; MAX_FR],
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
    let module: &'static Module = match module::by_index(proc.pc.module) {
        Some(m) => m,
        None => return internal_crash(proc, "no module at the saved code position"),
    };
    let pending = proc.pending_call.take();
    let pc = proc.pc.offset as usize;
    let mut st = State {
        proc,
        regs,
        module,
        code: &module.code,
        pc,
        reductions: REDUCTIONS,
    };
    if let Some((m, f, arity)) = pending {
        if ops_calls::pending_call(&mut st, m, f, arity).is_err() {
            if let Some(exit) = stopped(&mut st) {
                return exit;
            }
        }
    }
    loop {
        interpret(&mut st);
        if let Some(exit) = stopped(&mut st) {
            return exit;
        }
    }
}

/// The loop proper: dispatch instructions until one stops, its reason in `st.stop`. Stopping
/// leaves this function, so the loop carries nothing for the many ways out of it.
#[inline(never)]
fn interpret(outer: &mut State<'_>) {
    // A local copy, so that its fields live in machine registers.
    let mut st = State {
        proc: &mut *outer.proc,
        regs: &mut *outer.regs,
        module: outer.module,
        code: outer.code,
        pc: outer.pc,
        reductions: outer.reductions,
    };
    loop {
        let Some(instr) = st.code.get(st.pc) else {
            let exit = internal_crash(st.proc, "execution ran past the end of a module");
            let _ = st.exit(exit);
            break;
        };
        st.pc += 1;
        if step(&mut st, instr).is_err() {
            break;
        }
    }
    let (module, code, pc, reductions) = (st.module, st.code, st.pc, st.reductions);
    outer.module = module;
    outer.code = code;
    outer.pc = pc;
    outer.reductions = reductions;
}

/// A handler did not go on at `pc`: raise (and continue at the handler found), or leave.
#[cold]
#[inline(never)]
fn stopped(st: &mut State) -> Option<Exit> {
    match take_stop() {
        Some(Stop::Raise(exc, fault)) => {
            let offset = (st.pc - 1) as u32;
            match handle_exception(st.proc, &mut st.regs.x[..], st.module, offset, exc, fault) {
                Ok((m, offset)) => {
                    st.module = m;
                    st.code = &m.code;
                    st.pc = offset;
                    None
                }
                Err(exit) => Some(exit),
            }
        }
        Some(Stop::Exit(exit)) => Some(exit),
        None => Some(internal_crash(
            st.proc,
            "an instruction stopped without a reason",
        )),
    }
}

/// One instruction: the dispatcher. Each arm calls its family's handler (`ops_*.rs`, inlined
/// here), or an out-of-line family (`map_instr.rs`, `bin_instr.rs`).
#[inline(always)]
fn step(st: &mut State, instr: &'static Instr) -> Flow {
    use crate::execution::bin_instr as bi;
    use crate::execution::map_instr as mi;
    use crate::execution::ops_calls as c;
    use crate::execution::ops_control as k;
    use crate::execution::ops_data as d;
    use crate::execution::ops_float as f;
    use crate::execution::ops_message as m;
    match *instr {
        Instr::FuncInfo { arity, .. } => k::func_info(st, arity),
        Instr::IntCodeEnd => k::int_code_end(st),

        // ---- calls ----
        Instr::Call { arity, target } => c::call(st, arity, target),
        Instr::CallLast {
            arity,
            target,
            dealloc,
        } => c::call_last(st, arity, target, dealloc),
        Instr::CallOnly { arity, target } => c::call_only(st, arity, target),
        Instr::CallExt { arity, import } => c::call_ext(st, arity, import),
        Instr::CallExtLast {
            arity,
            import,
            dealloc,
        } => c::call_ext_last(st, arity, import, dealloc),
        Instr::CallExtOnly { arity, import } => c::call_ext_only(st, arity, import),
        Instr::CallBif { arity, import, bif } => c::call_bif(st, arity, import, bif),
        Instr::CallBifLast {
            arity,
            import,
            bif,
            dealloc,
        } => c::call_bif_last(st, arity, import, bif, dealloc),
        Instr::CallBifOnly { arity, import, bif } => c::call_bif_only(st, arity, import, bif),
        Instr::Bif0 { bif, dst } => c::bif0(st, bif, dst),
        Instr::Bif {
            bif,
            import,
            ref args,
            fail,
            live,
            dst,
        } => c::bif(st, bif, import, args, fail, live, dst),
        Instr::Add(ref o) => c::arith_raw(st, o, Term::small_add),
        Instr::Sub(ref o) => c::arith_raw(st, o, Term::small_sub),
        Instr::Mul(ref o) => c::arith(st, o, c::small_mul),
        Instr::Band(ref o) => c::arith(st, o, |p, q| Some(p & q)),
        Instr::Bor(ref o) => c::arith(st, o, |p, q| Some(p | q)),
        Instr::Bxor(ref o) => c::arith(st, o, |p, q| Some(p ^ q)),
        Instr::Bsl(ref o) => c::arith(st, o, c::small_bsl),
        Instr::Bsr(ref o) => c::arith(st, o, c::small_bsr),
        Instr::Div(ref o) => c::arith(st, o, c::small_div),
        Instr::Rem(ref o) => c::arith(st, o, c::small_rem),
        Instr::Apply { arity } => c::apply(st, arity),
        Instr::ApplyLast { arity, dealloc } => c::apply_last(st, arity, dealloc),
        Instr::CallFun { arity } => c::call_fun(st, arity),
        Instr::CallFun2 { arity, fun, .. } => c::call_fun2(st, arity, fun),
        Instr::Return => c::ret(st),
        Instr::MoveCall {
            src,
            dst,
            arity,
            target,
        } => c::move_call(st, src, dst, arity, target),
        Instr::DeallocateReturn { n } => c::deallocate_return(st, n),
        Instr::MakeFun { fun_index, free } => c::make_fun2(st, fun_index, free),
        Instr::MakeFun3 {
            fun_index,
            dst,
            ref env,
        } => c::make_fun3(st, fun_index, dst, env),

        // ---- stack and heap ----
        Instr::Allocate { stack, .. } | Instr::AllocateZero { stack, .. } => d::allocate(st, stack),
        Instr::AllocateHeap { stack, heap, live }
        | Instr::AllocateHeapZero { stack, heap, live } => d::allocate_heap(st, stack, heap, live),
        Instr::TestHeap { heap, live } => d::test_heap(st, heap, live),
        Instr::Init { dst } => d::init(st, dst),
        Instr::InitYregs { ref regs } => d::init_yregs(st, regs),
        Instr::Deallocate { n } => d::deallocate(st, n),
        Instr::Trim { n, .. } => d::trim(st, n),

        // ---- moves and data ----
        Instr::Move { src, dst } => d::move_(st, src, dst),
        Instr::Move2 {
            src1,
            dst1,
            src2,
            dst2,
        } => d::move2(st, src1, dst1, src2, dst2),
        Instr::MoveXX { src, dst } => d::move_xx(st, src, dst),
        Instr::MoveXY { src, dst } => d::move_xy(st, src, dst),
        Instr::MoveYX { src, dst } => d::move_yx(st, src, dst),
        Instr::MoveCX { src, dst } => d::move_cx(st, src, dst),
        Instr::Swap { a, b } => d::swap(st, a, b),
        Instr::IsNonemptyGetList {
            fail,
            src,
            head,
            tail,
        } => d::is_nonempty_get_list(st, fail, src, head, tail),
        Instr::TestHeapPutList {
            heap,
            live,
            head,
            tail,
            dst,
        } => d::test_heap_put_list(st, heap, live, head, tail, dst),
        Instr::GetList { src, head, tail } => d::get_list(st, src, head, tail),
        Instr::GetHd { src, dst } => d::get_hd(st, src, dst),
        Instr::GetTl { src, dst } => d::get_tl(st, src, dst),
        Instr::GetTupleElement { src, index, dst } => d::get_tuple_element(st, src, index, dst),
        Instr::SetTupleElement {
            value,
            tuple,
            index,
        } => d::set_tuple_element(st, value, tuple, index),
        Instr::PutList { head, tail, dst } => d::put_list(st, head, tail, dst),
        Instr::PutTuple2 { dst, ref elements } => d::put_tuple2(st, dst, elements),
        Instr::UpdateRecord {
            size,
            src,
            dst,
            ref updates,
            ..
        } => d::update_record(st, size, src, dst, updates),

        // ---- comparisons and type tests ----
        Instr::IsLt { fail, a, b } => d::is_lt(st, fail, a, b),
        Instr::IsGe { fail, a, b } => d::is_ge(st, fail, a, b),
        Instr::IsEq { fail, a, b } => d::test2(st, fail, a, b, d::equal_arith),
        Instr::IsNe { fail, a, b } => d::test2(st, fail, a, b, d::not_equal_arith),
        Instr::IsEqExact { fail, a, b } => d::test2(st, fail, a, b, d::equal_exact),
        Instr::IsNeExact { fail, a, b } => d::test2(st, fail, a, b, d::not_equal_exact),
        Instr::IsInteger { fail, src } => d::test1(st, fail, src, Term::is_integer),
        Instr::IsFloat { fail, src } => d::test1(st, fail, src, Term::is_float),
        Instr::IsNumber { fail, src } => d::test1(st, fail, src, Term::is_number),
        Instr::IsAtom { fail, src } => d::test1(st, fail, src, Term::is_atom),
        Instr::IsPid { fail, src } => d::test1(st, fail, src, Term::is_pid),
        Instr::IsReference { fail, src } => d::test1(st, fail, src, Term::is_reference),
        Instr::IsPort { fail, src } => d::test1(st, fail, src, Term::is_port),
        Instr::IsNil { fail, src } => d::test1(st, fail, src, Term::is_nil),
        Instr::IsBinary { fail, src } => d::test1(st, fail, src, d::is_binary),
        Instr::IsBitstr { fail, src } => d::test1(st, fail, src, Term::is_bitstring),
        Instr::IsList { fail, src } => d::test1(st, fail, src, Term::is_list_or_nil),
        Instr::IsNonemptyList { fail, src } => d::test1(st, fail, src, Term::is_list),
        Instr::IsTuple { fail, src } => d::test1(st, fail, src, Term::is_tuple),
        Instr::IsBoolean { fail, src } => d::test1(st, fail, src, Term::is_boolean),
        Instr::IsMap { fail, src } => d::test1(st, fail, src, Term::is_map),
        Instr::IsFunction { fail, src } => d::test1(st, fail, src, Term::is_function),
        Instr::IsFunction2 { fail, src, arity } => d::is_function2(st, fail, src, arity),
        Instr::TestArity { fail, src, arity } => d::test_arity(st, fail, src, arity),
        Instr::IsTaggedTuple {
            fail,
            src,
            arity,
            tag,
        } => d::is_tagged_tuple(st, fail, src, arity, tag),

        // ---- control flow ----
        Instr::Jump { target } => k::jump(st, target),
        Instr::SelectVal {
            src,
            fail,
            ref list,
        } => k::select_val(st, src, fail, list),
        Instr::SelectSmallTable {
            src,
            fail,
            base,
            ref targets,
        } => k::select_small_table(st, src, fail, base, targets),
        Instr::SelectTupleArity {
            src,
            fail,
            ref list,
        } => k::select_tuple_arity(st, src, fail, list),
        Instr::Badmatch { src } => k::error_with(st, atom::BADMATCH, src),
        Instr::IfEnd => k::if_end(st),
        Instr::CaseEnd { src } => k::error_with(st, atom::CASE_CLAUSE, src),
        Instr::TryCaseEnd { src } => k::error_with(st, atom::TRY_CLAUSE, src),
        Instr::Badrecord { src } => k::error_with(st, atom::BADRECORD, src),
        Instr::Catch { dst, handler } | Instr::Try { dst, handler } => k::catch(st, dst, handler),
        Instr::CatchEnd { dst } => k::catch_end(st, dst),
        Instr::TryEnd { dst } => k::try_end(st, dst),
        Instr::TryCase { dst } => k::try_case(st, dst),
        Instr::Raise { stacktrace, reason } => k::raise_instr(st, stacktrace, reason),
        Instr::BuildStacktrace => k::build_stacktrace(st),
        Instr::RawRaise => k::raw_raise(st),

        // ---- floats ----
        Instr::Fclearerror | Instr::Fcheckerror { .. } => Ok(()),
        Instr::FmoveToFr { src, fr } => f::fmove_to_fr(st, src, fr),
        Instr::FmoveFromFr { fr, dst } => f::fmove_from_fr(st, fr, dst),
        Instr::FmoveFrFr { src, dst } => f::fmove_fr_fr(st, src, dst),
        Instr::Fconv { src, fr } => f::fconv(st, src, fr),
        Instr::Fadd { a, b, dst } => f::farith(st, a, b, dst, |p, q| p + q),
        Instr::Fsub { a, b, dst } => f::farith(st, a, b, dst, |p, q| p - q),
        Instr::Fmul { a, b, dst } => f::farith(st, a, b, dst, |p, q| p * q),
        Instr::Fdiv { a, b, dst } => f::farith(st, a, b, dst, |p, q| p / q),
        Instr::Fnegate { src, dst } => f::fnegate(st, src, dst),

        // ---- messages ----
        Instr::Send => m::send(st),
        Instr::LoopRec { fail, dst } => m::loop_rec(st, fail, dst),
        Instr::LoopRecEnd { target } => m::loop_rec_end(st, target),
        Instr::RemoveMessage => m::remove_message(st),
        Instr::Timeout => m::timeout(st),
        Instr::Wait { target } => m::wait(st, target),
        Instr::WaitTimeout { target, timeout } => m::wait_timeout(st, target, timeout),
        Instr::RecvMarkerReserve { dst } => m::recv_marker_reserve(st, dst),
        Instr::RecvMarkerBind { marker, reference } => m::recv_marker_bind(st, marker, reference),
        Instr::RecvMarkerClear { reference } => m::recv_marker_clear(st, reference),
        Instr::RecvMarkerUse { reference } => m::recv_marker_use(st, reference),

        // ---- maps and binaries: out of line (map_instr.rs, bin_instr.rs) ----
        Instr::PutMapAssoc(ref o) => family(st, |c| mi::put_map_assoc(c, o)),
        Instr::PutMapExact(ref o) => family(st, |c| mi::put_map_exact(c, o)),
        Instr::HasMapFields(ref o) => family(st, |c| mi::has_map_fields(c, o)),
        Instr::GetMapElements(ref o) => family(st, |c| mi::get_map_elements(c, o)),
        Instr::BsGetIntegerBytes(ref o) => {
            match bi::get_integer_bytes(st.get(o.ctx)?, o.bits, o.flags) {
                bi::FastInt::Value(v) => st.put(o.dst, v),
                bi::FastInt::Miss => {
                    st.jump(o.fail);
                    Ok(())
                }
                bi::FastInt::Slow => family(st, |c| {
                    bi::get_integer_bytes_slow(c, o.ctx, o.bits, o.flags, o.live, o.dst, o.fail)
                }),
            }
        }
        Instr::BsCreateBin(ref o) => family(st, |c| bi::bs_create_bin(c, o)),
        Instr::BsStartMatch3(ref o) | Instr::BsStartMatch4(ref o) => {
            family(st, |c| bi::bs_start_match(c, o))
        }
        Instr::BsGetPosition(ref o) => family(st, |c| bi::bs_get_position(c, o)),
        Instr::BsSetPosition(ref o) => family(st, |c| bi::bs_set_position(c, o)),
        Instr::BsGetTail(ref o) => family(st, |c| bi::bs_get_tail(c, o)),
        Instr::BsTestTail2(ref o) => family(st, |c| bi::bs_test_tail2(c, o)),
        Instr::BsTestUnit(ref o) => family(st, |c| bi::bs_test_unit(c, o)),
        Instr::BsMatchString(ref o) => family(st, |c| bi::bs_match_string(c, o)),
        Instr::BsGetInteger2(ref o) => family(st, |c| bi::bs_get_integer2(c, o)),
        Instr::BsGetFloat2(ref o) => family(st, |c| bi::bs_get_float2(c, o)),
        Instr::BsGetBinary2(ref o) => family(st, |c| bi::bs_get_binary2(c, o)),
        Instr::BsSkipBits2(ref o) => family(st, |c| bi::bs_skip_bits2(c, o)),
        Instr::BsGetUtf8(ref o) => family(st, |c| bi::bs_get_utf(c, o, 8)),
        Instr::BsGetUtf16(ref o) => family(st, |c| bi::bs_get_utf(c, o, 16)),
        Instr::BsGetUtf32(ref o) => family(st, |c| bi::bs_get_utf(c, o, 32)),
        Instr::BsSkipUtf8(ref o) => family(st, |c| bi::bs_skip_utf(c, o, 8)),
        Instr::BsSkipUtf16(ref o) => family(st, |c| bi::bs_skip_utf(c, o, 16)),
        Instr::BsSkipUtf32(ref o) => family(st, |c| bi::bs_skip_utf(c, o, 32)),
        Instr::BsMatch(ref o) => family(st, |c| bi::bs_match(c, o)),
        Instr::BsInit2(ref o) => family(st, |c| bi::bs_init(c, o, 8)),
        Instr::BsInitBits(ref o) => family(st, |c| bi::bs_init(c, o, 1)),
        Instr::BsAdd(ref o) => family(st, |c| bi::bs_add(c, o)),
        Instr::BsAppend(ref o) | Instr::BsPrivateAppend(ref o) => {
            family(st, |c| bi::bs_append(c, o))
        }
        Instr::BsPutInteger(ref o) => family(st, |c| bi::bs_put_integer(c, o)),
        Instr::BsPutBinary(ref o) => family(st, |c| bi::bs_put_binary(c, o)),
        Instr::BsPutFloat(ref o) => family(st, |c| bi::bs_put_float(c, o)),
        Instr::BsPutString(ref bytes) => family(st, |c| bi::bs_put_string(c, bytes)),
        Instr::BsPutUtf8(ref o) => family(st, |c| bi::bs_put_utf8(c, o)),
        Instr::BsPutUtf16(ref o) => family(st, |c| bi::bs_put_utf16(c, o)),
        Instr::BsPutUtf32(ref o) => family(st, |c| bi::bs_put_utf32(c, o)),
        Instr::BsUtf8Size(ref o) => family(st, |c| bi::bs_utf_size(c, o, true)),
        Instr::BsUtf16Size(ref o) => family(st, |c| bi::bs_utf_size(c, o, false)),
        Instr::BsContextToBinary(src) => family(st, |c| bi::bs_context_to_binary(c, src)),
    }
}

/// Run an instruction of an out-of-line family (maps, binaries) on what it may touch
/// (`exec.rs`), and continue as it says.
#[inline(always)]
fn family(st: &mut State, f: impl FnOnce(&mut ExecCtx) -> Result<Step, Exception>) -> Flow {
    let r = f(&mut ExecCtx {
        proc: &mut *st.proc,
        x: &mut st.regs.x[..],
    });
    match r {
        Ok(Step::Next) => Ok(()),
        Ok(Step::Jump(l)) => {
            st.jump(l);
            Ok(())
        }
        Err(e) => Err(st.raise(e)),
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

/// `{Tag, Value}` as an error reason. `Value` is rooted through the reservation's extra roots.
#[cold]
#[inline(never)]
pub(crate) fn error_tuple(proc: &mut Process, tag: Atom, v: Term) -> Exception {
    let mut roots = [v];
    let mut r = proc.reserve(words::tuple(2), &mut roots);
    let t = r.tuple(&[Term::atom(tag), roots[0]]);
    Exception::error(t)
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
pub(crate) fn internal_crash(proc: &mut Process, what: &str) -> Exit {
    let _ = proc;
    Exit::Crashed {
        class: Class::Error,
        reason: internal_error(what).reason,
        stacktrace: Term::NIL,
    }
}
