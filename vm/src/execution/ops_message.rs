//! Sending and receiving: `send`, the receive loop (`loop_rec`, `remove_message`, `wait`,
//! `wait_timeout`, `timeout`) and receive markers. The handlers the dispatcher (`interp.rs`)
//! inlines; the process side of each is `receive.rs`.

use crate::code::instr::{Dst, Label, Src};
use crate::execution::interp::Exit;
use crate::execution::receive;
use crate::execution::state::{Flow, State};
use crate::processes::process::Process;
use crate::terms::term::CodePtr;

#[inline(always)]
pub(crate) fn send(st: &mut State) -> Flow {
    match receive::send(st.proc, st.regs.x[0], st.regs.x[1]) {
        Ok(()) => {
            st.regs.x[0] = st.regs.x[1];
            Ok(())
        }
        Err(e) => Err(st.raise(e)),
    }
}

#[inline(always)]
pub(crate) fn loop_rec(st: &mut State, fail: Label, dst: Dst) -> Flow {
    match receive::peek(st.proc) {
        receive::Peek::Message(m) => st.put(dst, m),
        receive::Peek::Empty => {
            st.jump(fail);
            Ok(())
        }
        receive::Peek::Dies(reason) => Err(st.exit(Exit::Killed(reason))),
    }
}

#[inline(always)]
pub(crate) fn loop_rec_end(st: &mut State, target: Label) -> Flow {
    st.proc.mailbox.advance();
    st.jump(target);
    st.reduce(0)
}

#[inline(always)]
pub(crate) fn remove_message(st: &mut State) -> Flow {
    receive::remove_message(st.proc);
    Ok(())
}

#[inline(always)]
pub(crate) fn timeout(st: &mut State) -> Flow {
    receive::timeout(st.proc);
    Ok(())
}

#[inline(always)]
pub(crate) fn wait(st: &mut State, target: Label) -> Flow {
    let exit = wait_at(st.proc, st.module.index, target);
    Err(st.exit(exit))
}

#[inline(always)]
pub(crate) fn wait_timeout(st: &mut State, target: Label, timeout: Src) -> Flow {
    let t = st.get(timeout)?;
    match receive::wait_timeout(st.proc, t) {
        Ok(true) => {
            let exit = wait_at(st.proc, st.module.index, target);
            Err(st.exit(exit))
        }
        Ok(false) => Ok(()),
        Err(e) => Err(st.raise(e)),
    }
}

/// Suspend the process; it resumes at `target` (the `loop_rec` of its receive).
#[inline(never)]
fn wait_at(proc: &mut Process, module: u32, target: Label) -> Exit {
    proc.pc = CodePtr {
        module,
        offset: target,
    };
    proc.saved_x.clear();
    Exit::Waiting
}

#[inline(always)]
pub(crate) fn recv_marker_reserve(st: &mut State, dst: Dst) -> Flow {
    match receive::reserve_marker(st.proc) {
        Ok(m) => st.put(dst, m),
        Err(reason) => Err(st.exit(Exit::Killed(reason))),
    }
}

#[inline(always)]
pub(crate) fn recv_marker_bind(st: &mut State, marker: Src, reference: Src) -> Flow {
    let (m, r) = (st.get(marker)?, st.get(reference)?);
    receive::bind_marker(st.proc, m, r);
    Ok(())
}

#[inline(always)]
pub(crate) fn recv_marker_clear(st: &mut State, reference: Src) -> Flow {
    let r = st.get(reference)?;
    receive::clear_marker(st.proc, r);
    Ok(())
}

#[inline(always)]
pub(crate) fn recv_marker_use(st: &mut State, reference: Src) -> Flow {
    let r = st.get(reference)?;
    receive::use_marker(st.proc, r);
    Ok(())
}
