//! BIFs about the running process: self, node, the process dictionary.

use crate::bif::{BifEntry, Ctx};
use crate::exception::BifResult;
use crate::term::Term;

pub fn self0(ctx: &mut Ctx) -> BifResult {
    Ok(ctx.proc.pid)
}

pub fn node0(_ctx: &mut Ctx) -> BifResult {
    Ok(Term::atom(crate::atom::NONODE))
}

fn self_1(ctx: &mut Ctx, _args: &mut [Term]) -> BifResult {
    Ok(ctx.proc.pid)
}

pub const BIFS: &[BifEntry] = &[BifEntry { module: "erlang", function: "self", arity: 0, f: self_1 }];
