//! (being written)

use crate::exception::Exception;
use crate::exec::{ExecCtx, Step};
use crate::instr::Instr;

/// Execute one instruction of this family.
pub fn exec(_ctx: &mut ExecCtx, instr: &Instr) -> Result<Step, Exception> {
    Err(crate::interp::unsupported_instruction(instr))
}
