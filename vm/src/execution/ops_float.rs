//! Float registers: moves in and out, conversion and arithmetic. A non-finite result raises
//! `badarith` (see `State::set_fr`).

use crate::code::instr::{Dst, Src};
use crate::execution::state::{Flow, State};
use crate::terms::exception::Exception;
use crate::terms::heap::{words, Alloc};

#[inline(always)]
pub(crate) fn fmove_to_fr(st: &mut State, src: Src, fr: u32) -> Flow {
    let v = st.get(src)?;
    if !v.is_float() {
        return Err(st.raise(Exception::badarith()));
    }
    st.set_fr(fr, v.float_value())
}

#[inline(always)]
pub(crate) fn fmove_from_fr(st: &mut State, fr: u32, dst: Dst) -> Flow {
    let f = st.fr(fr)?;
    let t = st.proc.heap.reserved(words::FLOAT).float(f);
    st.put(dst, t)
}

#[inline(always)]
pub(crate) fn fmove_fr_fr(st: &mut State, src: u32, dst: u32) -> Flow {
    let f = st.fr(src)?;
    st.set_fr(dst, f)
}

#[inline(always)]
pub(crate) fn fconv(st: &mut State, src: Src, fr: u32) -> Flow {
    let v = st.get(src)?;
    // The same conversion as float/1 and mixed arithmetic (OTP's, not correctly rounded).
    match crate::terms::number::number_to_f64(v) {
        Some(f) => st.set_fr(fr, f),
        None => Err(st.raise(Exception::badarith())),
    }
}

/// `fadd`, `fsub`, `fmul`, `fdiv`.
#[inline(always)]
pub(crate) fn farith(
    st: &mut State,
    a: u32,
    b: u32,
    dst: u32,
    op: impl Fn(f64, f64) -> f64,
) -> Flow {
    let r = op(st.fr(a)?, st.fr(b)?);
    st.set_fr(dst, r)
}

/// OTP 25's fnegate computes 0.0 - x, so -(0.0) is 0.0 here (erlang:'-'/1 gives -0.0).
#[inline(always)]
pub(crate) fn fnegate(st: &mut State, src: u32, dst: u32) -> Flow {
    let r = 0.0 - st.fr(src)?;
    st.set_fr(dst, r)
}
