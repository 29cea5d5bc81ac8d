//! Load-time rewriting of decoded code for speed: done once per module, before it is published.

use crate::atom;
use crate::instr::{ArithOp, Instr};
use crate::module::Module;

pub fn specialise(module: &mut Module) {
    for i in 0..module.code.len() {
        let replacement = match &mut module.code[i] {
            Instr::SelectVal { list, .. } => {
                // Immediates first, in raw-word order, so dispatch can binary-search them.
                list.sort_by_key(|e| (!e.0.is_immediate(), e.0.raw()));
                None
            }
            Instr::Bif { import, args, fail, live, dst, .. } if args.len() == 2 => {
                arith_op(module_import(&module.imports, *import)).map(|op| Instr::Arith {
                    op,
                    a: args[0],
                    b: args[1],
                    dst: *dst,
                    fail: *fail,
                    live: *live,
                    import: *import,
                })
            }
            _ => None,
        };
        if let Some(r) = replacement {
            module.code[i] = r;
        }
    }
}

fn module_import(imports: &[crate::module::Import], i: u32) -> Option<(&[u8], &[u8], u32)> {
    let imp = imports.get(i as usize)?;
    // Only real BIFs: the slow path calls the import's BIF.
    imp.bif?;
    Some((atom::name(imp.module), atom::name(imp.function), imp.arity))
}

fn arith_op(mfa: Option<(&[u8], &[u8], u32)>) -> Option<ArithOp> {
    let (m, f, a) = mfa?;
    if m != b"erlang" || a != 2 {
        return None;
    }
    Some(match f {
        b"+" => ArithOp::Add,
        b"-" => ArithOp::Sub,
        b"*" => ArithOp::Mul,
        b"band" => ArithOp::Band,
        b"bor" => ArithOp::Bor,
        b"bxor" => ArithOp::Bxor,
        b"bsl" => ArithOp::Bsl,
        b"bsr" => ArithOp::Bsr,
        b"div" => ArithOp::Div,
        b"rem" => ArithOp::Rem,
        _ => return None,
    })
}
