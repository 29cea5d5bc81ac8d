//! Jumps, `select_val` dispatch, the errors a failed clause raises, and catch/try/raise: the
//! handlers the dispatcher (`interp.rs`) inlines. Raising itself (the trace, the handler search)
//! is `stacktrace.rs`.

use crate::code::instr::{Dst, Label, Src, ValueLabel};
use crate::execution::interp::{error_tuple, internal_crash, Fault};
use crate::execution::stacktrace;
use crate::execution::state::{Flow, State};
use crate::terms::atom;
use crate::terms::compare;
use crate::terms::exception::{Class, Exception};
use crate::terms::term::{Atom, CodePtr, Term};

#[inline(always)]
pub(crate) fn jump(st: &mut State, target: Label) -> Flow {
    st.jump(target);
    Ok(())
}

/// `func_info`, reached when no clause matched: `function_clause` with the arguments.
#[inline(always)]
pub(crate) fn func_info(st: &mut State, arity: u32) -> Flow {
    Err(st.raise_with(
        Exception::error_atom(atom::FUNCTION_CLAUSE),
        Fault::FunctionClause {
            arity: arity as usize,
        },
    ))
}

#[inline(always)]
pub(crate) fn int_code_end(st: &mut State) -> Flow {
    let exit = internal_crash(st.proc, "reached the end of a module's code");
    Err(st.exit(exit))
}

// ---- select ----

#[inline(always)]
pub(crate) fn select_val(st: &mut State, src: Src, fail: Label, list: &[ValueLabel]) -> Flow {
    let v = st.get(src)?;
    st.jump(find_value(v, list).unwrap_or(fail));
    Ok(())
}

#[inline(always)]
pub(crate) fn select_small_table(
    st: &mut State,
    src: Src,
    fail: Label,
    base: isize,
    targets: &[Label],
) -> Flow {
    let v = st.get(src)?;
    let target = match v.as_small() {
        Some(n) => targets
            .get(n.wrapping_sub(base) as usize)
            .copied()
            .unwrap_or(fail),
        None => fail,
    };
    st.jump(target);
    Ok(())
}

#[inline(always)]
pub(crate) fn select_tuple_arity(
    st: &mut State,
    src: Src,
    fail: Label,
    list: &[(u32, Label)],
) -> Flow {
    let t = st.get(src)?;
    let target = if t.is_tuple() {
        let n = t.tuple_arity() as u32;
        list.iter().find(|e| e.0 == n).map(|e| e.1).unwrap_or(fail)
    } else {
        fail
    };
    st.jump(target);
    Ok(())
}

/// The label for `v` in a value list sorted by `specialise`: immediates first in raw-word order
/// (binary search), then boxed values (bignums, floats) compared exactly.
fn find_value(v: Term, list: &[(Term, u32)]) -> Option<u32> {
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

// ---- errors ----

/// `badmatch`, `case_end`, `try_case_end`, `badrecord`: raise `{Tag, Value}`.
#[inline(always)]
pub(crate) fn error_with(st: &mut State, tag: Atom, src: Src) -> Flow {
    let v = st.get(src)?;
    let e = error_tuple(st.proc, tag, v);
    Err(st.raise(e))
}

#[inline(always)]
pub(crate) fn if_end(st: &mut State) -> Flow {
    Err(st.raise(Exception::error_atom(atom::IF_CLAUSE)))
}

// ---- catch and try ----

/// `catch` and `try`: the frame slot holds the handler's address.
#[inline(always)]
pub(crate) fn catch(st: &mut State, dst: Dst, handler: Label) -> Flow {
    let tag = CodePtr {
        module: st.module.index,
        offset: handler,
    }
    .encode_catch();
    st.put(dst, tag)
}

#[inline(always)]
pub(crate) fn catch_end(st: &mut State, dst: Dst) -> Flow {
    st.put(dst, Term::NIL)?;
    if st.regs.x[0].is_non_value() {
        let v = stacktrace::catch_value(st.proc, &mut st.regs.x[..]);
        st.regs.x[0] = v;
    }
    Ok(())
}

#[inline(always)]
pub(crate) fn try_end(st: &mut State, dst: Dst) -> Flow {
    st.put(dst, Term::NIL)
}

#[inline(always)]
pub(crate) fn try_case(st: &mut State, dst: Dst) -> Flow {
    st.put(dst, Term::NIL)?;
    st.regs.x[0] = st.regs.x[1];
    st.regs.x[1] = st.regs.x[2];
    st.regs.x[2] = st.regs.x[3];
    Ok(())
}

#[inline(always)]
pub(crate) fn raise_instr(st: &mut State, trace: Src, reason: Src) -> Flow {
    let t = st.get(trace)?;
    let r = st.get(reason)?;
    Err(st.raise(stacktrace::reraise(t, r)))
}

#[inline(always)]
pub(crate) fn build_stacktrace(st: &mut State) -> Flow {
    st.regs.x[0] = stacktrace::frames_of_raw(st.regs.x[0]);
    Ok(())
}

#[inline(always)]
pub(crate) fn raw_raise(st: &mut State) -> Flow {
    let class = st.regs.x[0].as_atom().and_then(Class::from_atom);
    match class {
        Some(c) => Err(st.raise(Exception {
            class: c,
            reason: st.regs.x[1],
            stacktrace: stacktrace::frames_of_raw(st.regs.x[2]),
            args: Term::NON_VALUE,
        })),
        None => {
            st.regs.x[0] = Term::atom(atom::BADARG);
            Ok(())
        }
    }
}
