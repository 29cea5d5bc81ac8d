//! Stack frames and heap checks, moves, lists, tuples, records, comparisons and type tests: the
//! handlers the dispatcher (`interp.rs`) inlines.

use crate::code::instr::{Dst, Label, Src};
use crate::execution::interp::{Exit, MAX_STACK_WORDS, MAX_X};
use crate::execution::ops_calls::fun_arity;
use crate::execution::state::{Flow, State};
use crate::processes::process::Process;
use crate::terms::compare;
use crate::terms::exception::Exception;
use crate::terms::heap::{words, Alloc};
use crate::terms::term::{BoxKind, Term};

/// No compiler asks for more heap words than this in one instruction; more is malformed code.
const MAX_HEAP_NEED: usize = 1 << 24;

// ---- stack and heap ----

#[inline(always)]
pub(crate) fn allocate(st: &mut State, stack: u32) -> Flow {
    if !push_frame(st.proc, stack) {
        return Err(st.raise(Exception::system_limit()));
    }
    Ok(())
}

#[inline(always)]
pub(crate) fn allocate_heap(st: &mut State, stack: u32, heap: u32, live: u32) -> Flow {
    if !push_frame(st.proc, stack) || heap as usize > MAX_HEAP_NEED {
        return Err(st.raise(Exception::system_limit()));
    }
    ensure_heap(st, heap, live)
}

#[inline(always)]
pub(crate) fn test_heap(st: &mut State, heap: u32, live: u32) -> Flow {
    if heap as usize > MAX_HEAP_NEED {
        return Err(st.raise(Exception::system_limit()));
    }
    ensure_heap(st, heap, live)
}

/// Make room for `heap` words with x0..live as roots. When the heap has grown past the process's
/// `max_heap_size` the slice ends at once, and the scheduler kills the process before it can
/// take more memory.
#[inline(always)]
fn ensure_heap(st: &mut State, heap: u32, live: u32) -> Flow {
    if !grow_heap(st.proc, &mut st.regs.x[..], heap as usize, live as usize) {
        return Err(st.exit(Exit::Yielded));
    }
    Ok(())
}

#[inline(always)]
pub(crate) fn init(st: &mut State, dst: Dst) -> Flow {
    st.put(dst, Term::NIL)
}

#[inline(always)]
pub(crate) fn init_yregs(st: &mut State, regs: &[u32]) -> Flow {
    for &r in regs.iter() {
        st.set_y(r as usize, Term::NIL)?;
    }
    Ok(())
}

#[inline(always)]
pub(crate) fn deallocate(st: &mut State, n: u32) -> Flow {
    st.dealloc(n)
}

#[inline(always)]
pub(crate) fn trim(st: &mut State, n: u32) -> Flow {
    let stack = &mut st.proc.stack;
    match stack.len().checked_sub(n as usize) {
        Some(k) => {
            stack.truncate(k);
            Ok(())
        }
        None => Err(st.internal("trim beyond the stack")),
    }
}

/// Push a frame: the return address, then `n` y registers. The CP register is cleared so a stack
/// trace does not report the caller twice. False when the stack would pass `MAX_STACK_WORDS`
/// (runaway recursion), which the caller raises as `system_limit` in that process alone.
#[inline]
fn push_frame(proc: &mut Process, n: u32) -> bool {
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

/// Make room for `need` words. Returns false when the heap has grown past the process's
/// `max_heap_size`.
#[must_use]
fn grow_heap(proc: &mut Process, x: &mut [Term], need: usize, live: usize) -> bool {
    let live = live.min(MAX_X);
    let p = &mut *proc;
    p.heap.ensure(
        need,
        &mut [&mut x[..live], &mut p.stack[..], &mut p.dict[..]],
    );
    p.max_heap_words == 0 || p.heap.capacity() <= p.max_heap_words
}

// ---- moves ----

#[inline(always)]
pub(crate) fn move_(st: &mut State, src: Src, dst: Dst) -> Flow {
    let v = st.get(src)?;
    st.put(dst, v)
}

/// Two moves (a superinstruction).
#[inline(always)]
pub(crate) fn move2(st: &mut State, src1: Src, dst1: Dst, src2: Src, dst2: Dst) -> Flow {
    move_(st, src1, dst1)?;
    move_(st, src2, dst2)?;
    st.pc += 1;
    Ok(())
}

#[inline(always)]
pub(crate) fn move_xx(st: &mut State, src: u32, dst: u32) -> Flow {
    let v = st.xm(src as usize);
    st.set_xm(dst as usize, v);
    Ok(())
}

#[inline(always)]
pub(crate) fn move_xy(st: &mut State, src: u32, dst: u32) -> Flow {
    let v = st.xm(src as usize);
    st.set_y(dst as usize, v)
}

#[inline(always)]
pub(crate) fn move_yx(st: &mut State, src: u32, dst: u32) -> Flow {
    let v = st.y(src as usize)?;
    st.set_xm(dst as usize, v);
    Ok(())
}

#[inline(always)]
pub(crate) fn move_cx(st: &mut State, src: Term, dst: u32) -> Flow {
    st.set_xm(dst as usize, src);
    Ok(())
}

#[inline(always)]
pub(crate) fn swap(st: &mut State, a: Dst, b: Dst) -> Flow {
    let va = st.get(dst_src(a))?;
    let vb = st.get(dst_src(b))?;
    st.put(a, vb)?;
    st.put(b, va)
}

fn dst_src(d: Dst) -> Src {
    match d {
        Dst::X(i) => Src::x(i),
        Dst::Y(i) => Src::y(i),
    }
}

// ---- lists ----

#[inline(always)]
pub(crate) fn get_list(st: &mut State, src: Src, head: Dst, tail: Dst) -> Flow {
    match st.get(src)?.as_cons() {
        Some((h, t)) => {
            st.put(head, h)?;
            st.put(tail, t)
        }
        None => Err(st.internal("get_list on a non-list")),
    }
}

#[inline(always)]
pub(crate) fn get_hd(st: &mut State, src: Src, dst: Dst) -> Flow {
    match st.get(src)?.as_cons() {
        Some((h, _)) => st.put(dst, h),
        None => Err(st.internal("get_hd on a non-list")),
    }
}

#[inline(always)]
pub(crate) fn get_tl(st: &mut State, src: Src, dst: Dst) -> Flow {
    match st.get(src)?.as_cons() {
        Some((_, t)) => st.put(dst, t),
        None => Err(st.internal("get_tl on a non-list")),
    }
}

#[inline(always)]
pub(crate) fn put_list(st: &mut State, head: Src, tail: Src, dst: Dst) -> Flow {
    let h = st.get(head)?;
    let t = st.get(tail)?;
    let cell = st.proc.heap.reserved(words::CONS).cons(h, t);
    st.put(dst, cell)
}

/// is_nonempty_list + get_list on the same source (a superinstruction).
#[inline(always)]
pub(crate) fn is_nonempty_get_list(
    st: &mut State,
    fail: Label,
    src: Src,
    head: Dst,
    tail: Dst,
) -> Flow {
    match st.get(src)?.as_cons() {
        Some((h, t)) => {
            st.put(head, h)?;
            st.put(tail, t)?;
            st.pc += 1;
        }
        None => st.jump(fail),
    }
    Ok(())
}

/// test_heap + put_list (a superinstruction).
#[inline(always)]
pub(crate) fn test_heap_put_list(
    st: &mut State,
    heap: u32,
    live: u32,
    head: Src,
    tail: Src,
    dst: Dst,
) -> Flow {
    test_heap(st, heap, live)?;
    put_list(st, head, tail, dst)?;
    st.pc += 1;
    Ok(())
}

// ---- tuples and records ----

#[inline(always)]
pub(crate) fn get_tuple_element(st: &mut State, src: Src, index: u32, dst: Dst) -> Flow {
    let t = st.get(src)?;
    match t.as_tuple().and_then(|e| e.get(index as usize)) {
        Some(&v) => st.put(dst, v),
        None => Err(st.internal("get_tuple_element on a non-tuple")),
    }
}

#[inline(always)]
pub(crate) fn set_tuple_element(st: &mut State, value: Src, tuple: Src, index: u32) -> Flow {
    let v = st.get(value)?;
    let t = st.get(tuple)?;
    if !t.is_tuple() || index as usize >= t.tuple_arity() {
        return Err(st.internal("set_tuple_element out of range"));
    }
    t.tuple_set_fresh(index as usize, v);
    Ok(())
}

#[inline(always)]
pub(crate) fn put_tuple2(st: &mut State, dst: Dst, elements: &[Src]) -> Flow {
    let tuple = st
        .proc
        .heap
        .reserved(words::tuple(elements.len()))
        .tuple_filled(elements.len(), Term::NIL);
    for (i, &e) in elements.iter().enumerate() {
        let v = st.get(e)?;
        tuple.tuple_set_fresh(i, v);
    }
    st.put(dst, tuple)
}

#[inline(always)]
pub(crate) fn update_record(
    st: &mut State,
    size: u32,
    src: Src,
    dst: Dst,
    updates: &[(u32, Src)],
) -> Flow {
    let t = st.get(src)?;
    if !t.is_tuple() || t.tuple_arity() != size as usize {
        return Err(st.internal("update_record on a tuple of the wrong size"));
    }
    let mut vals: Vec<(u32, Term)> = Vec::with_capacity(updates.len());
    for &(i, s) in updates.iter() {
        vals.push((i, st.get(s)?));
    }
    let copy = {
        let mut r = st.proc.heap.reserved(words::tuple(size as usize));
        r.tuple(t.tuple_elements())
    };
    for (i, v) in vals {
        // Positions are 1-based in the instruction.
        if i == 0 || i > size {
            return Err(st.internal("update_record position out of range"));
        }
        copy.tuple_set_fresh(i as usize - 1, v);
    }
    st.put(dst, copy)
}

// ---- comparisons ----

#[inline(always)]
pub(crate) fn is_lt(st: &mut State, fail: Label, a: Src, b: Src) -> Flow {
    let (a, b) = (st.get(a)?, st.get(b)?);
    // Two smalls compare as their tagged words (same tag bits, value above them).
    let lt = if a.is_small() && b.is_small() {
        (a.raw() as isize) < (b.raw() as isize)
    } else {
        compare::cmp_terms(a, b).is_lt()
    };
    st.test(lt, fail)
}

#[inline(always)]
pub(crate) fn is_ge(st: &mut State, fail: Label, a: Src, b: Src) -> Flow {
    let (a, b) = (st.get(a)?, st.get(b)?);
    // Two smalls compare as their tagged words (same tag bits, value above them).
    let ge = if a.is_small() && b.is_small() {
        (a.raw() as isize) >= (b.raw() as isize)
    } else {
        !compare::cmp_terms(a, b).is_lt()
    };
    st.test(ge, fail)
}

/// A test on two operands: `is_eq`, `is_ne`, `is_eq_exact`, `is_ne_exact`.
#[inline(always)]
pub(crate) fn test2(
    st: &mut State,
    fail: Label,
    a: Src,
    b: Src,
    pred: impl Fn(Term, Term) -> bool,
) -> Flow {
    let (a, b) = (st.get(a)?, st.get(b)?);
    st.test(pred(a, b), fail)
}

/// `=:=` with the common cases inline: equal words are equal; two immediates that differ, or an
/// immediate and a boxed term, never are (bignums are normalised, so never equal a small).
#[inline]
pub(crate) fn equal_exact(a: Term, b: Term) -> bool {
    a == b || (!a.is_immediate() && !b.is_immediate() && compare::eq_exact(a, b))
}

#[inline]
pub(crate) fn not_equal_exact(a: Term, b: Term) -> bool {
    !equal_exact(a, b)
}

/// `==`: as `=:=` except that integers and floats compare by value.
#[inline]
pub(crate) fn equal_arith(a: Term, b: Term) -> bool {
    a == b || (!(a.is_immediate() && b.is_immediate()) && compare::eq_arith(a, b))
}

#[inline]
pub(crate) fn not_equal_arith(a: Term, b: Term) -> bool {
    !equal_arith(a, b)
}

// ---- type tests ----

/// A test on one operand (`is_integer`, `is_atom`, ...).
#[inline(always)]
pub(crate) fn test1(st: &mut State, fail: Label, src: Src, pred: impl Fn(Term) -> bool) -> Flow {
    let v = st.get(src)?;
    st.test(pred(v), fail)
}

/// A bitstring whose size is a whole number of bytes.
pub(crate) fn is_binary(v: Term) -> bool {
    if !v.is_bitstring() {
        return false;
    }
    match v.box_kind() {
        BoxKind::SubBin => v.payload()[0].is_multiple_of(8),
        _ => true,
    }
}

#[inline(always)]
pub(crate) fn is_function2(st: &mut State, fail: Label, src: Src, arity: Src) -> Flow {
    let f = st.get(src)?;
    let a = st.get(arity)?;
    st.test(
        a.as_small()
            .is_some_and(|n| fun_arity(f) == Some(n as usize)),
        fail,
    )
}

#[inline(always)]
pub(crate) fn test_arity(st: &mut State, fail: Label, src: Src, arity: u32) -> Flow {
    let t = st.get(src)?;
    st.test(t.is_tuple() && t.tuple_arity() == arity as usize, fail)
}

#[inline(always)]
pub(crate) fn is_tagged_tuple(
    st: &mut State,
    fail: Label,
    src: Src,
    arity: u32,
    tag: Term,
) -> Flow {
    let t = st.get(src)?;
    st.test(
        t.is_tuple() && t.tuple_arity() == arity as usize && arity > 0 && t.tuple_get(0) == tag,
        fail,
    )
}
