//! Load-time rewriting of decoded code for speed: done once per module, before it is published.

use crate::code::instr::{Arith, Dst, Instr, Src, SrcKind};
use crate::code::module::Module;
use crate::terms::atom;

/// Longest jump table made for a `select_val`, and how sparse it may be (slots per value).
const MAX_TABLE: usize = 256;
const MAX_SLOTS_PER_VALUE: usize = 3;

/// A `select_val` whose values are all small integers in a dense range becomes a jump table.
fn small_table(src: Src, fail: u32, list: &[(crate::terms::term::Term, u32)]) -> Option<Instr> {
    let values: Option<Vec<isize>> = list.iter().map(|e| e.0.as_small()).collect();
    let values = values?;
    let (&lo, &hi) = (values.iter().min()?, values.iter().max()?);
    let span = usize::try_from(hi.checked_sub(lo)?).ok()?.checked_add(1)?;
    if span > MAX_TABLE || span > values.len() * MAX_SLOTS_PER_VALUE {
        return None;
    }
    let mut targets = vec![fail; span];
    for (v, &(_, label)) in values.iter().zip(list) {
        targets[(v - lo) as usize] = label;
    }
    Some(Instr::SelectSmallTable {
        src,
        fail,
        base: lo,
        targets: targets.into_boxed_slice(),
    })
}

pub fn specialise(module: &mut Module) {
    for i in 0..module.code.len() {
        let replacement = match &mut module.code[i] {
            Instr::SelectVal { src, fail, list } => {
                // Immediates first, in raw-word order, so dispatch can binary-search them.
                list.sort_by_key(|e| (!e.0.is_immediate(), e.0.raw()));
                small_table(*src, *fail, list)
            }
            Instr::Move { src, dst } => match (src.kind(), *dst) {
                (SrcKind::X(s), Dst::X(d)) => Some(Instr::MoveXX { src: s, dst: d }),
                (SrcKind::X(s), Dst::Y(d)) => Some(Instr::MoveXY { src: s, dst: d }),
                (SrcKind::Y(s), Dst::X(d)) => Some(Instr::MoveYX { src: s, dst: d }),
                (SrcKind::C(t), Dst::X(d)) => Some(Instr::MoveCX { src: t, dst: d }),
                _ => None,
            },
            Instr::BsGetInteger2 {
                fail,
                ctx,
                live,
                size,
                unit,
                flags,
                dst,
            } => {
                let bits = size
                    .as_const()
                    .and_then(|t| t.as_small())
                    .and_then(|s| usize::try_from(s).ok())
                    .and_then(|s| s.checked_mul(*unit as usize));
                match bits {
                    Some(n) if n > 0 && n <= 64 && n.is_multiple_of(8) => {
                        Some(Instr::BsGetIntegerBytes {
                            fail: *fail,
                            ctx: *ctx,
                            live: *live,
                            bits: n as u32,
                            flags: *flags,
                            dst: *dst,
                        })
                    }
                    _ => None,
                }
            }
            Instr::Bif {
                import,
                args,
                fail,
                live,
                dst,
                ..
            } if args.len() == 2 => {
                let ops = Arith {
                    a: args[0],
                    b: args[1],
                    dst: *dst,
                    fail: *fail,
                    live: *live,
                    import: *import,
                };
                arith_instr(module_import(&module.imports, *import), ops)
            }
            _ => None,
        };
        if let Some(r) = replacement {
            module.code[i] = r;
        }
    }
    fuse_pairs(&mut module.code);
}

/// Replace the first instruction of common pairs with a superinstruction that does both and
/// skips the second. Fusion never crosses a pair whose first half is itself a fused result.
fn fuse_pairs(code: &mut [Instr]) {
    let mut i = 0;
    while i + 1 < code.len() {
        let fused = fuse(&code[i], &code[i + 1]);
        if let Some(f) = fused {
            code[i] = f;
            i += 2;
        } else {
            i += 1;
        }
    }
}

fn as_move(i: &Instr) -> Option<(Src, Dst)> {
    Some(match *i {
        Instr::Move { src, dst } => (src, dst),
        Instr::MoveXX { src, dst } => (Src::x(src), Dst::X(dst)),
        Instr::MoveXY { src, dst } => (Src::x(src), Dst::Y(dst)),
        Instr::MoveYX { src, dst } => (Src::y(src), Dst::X(dst)),
        Instr::MoveCX { src, dst } => (Src::c(src), Dst::X(dst)),
        _ => return None,
    })
}

fn fuse(first: &Instr, second: &Instr) -> Option<Instr> {
    match (first, second) {
        (
            &Instr::IsNonemptyList { fail, src },
            &Instr::GetList {
                src: s2,
                head,
                tail,
            },
        ) if src == s2 => Some(Instr::IsNonemptyGetList {
            fail,
            src,
            head,
            tail,
        }),
        (&Instr::TestHeap { heap, live }, &Instr::PutList { head, tail, dst }) => {
            Some(Instr::TestHeapPutList {
                heap,
                live,
                head,
                tail,
                dst,
            })
        }
        (&Instr::Deallocate { n }, Instr::Return) => Some(Instr::DeallocateReturn { n }),
        (m, &Instr::Call { arity, target }) => {
            let (src, dst) = as_move(m)?;
            Some(Instr::MoveCall {
                src,
                dst,
                arity,
                target,
            })
        }
        (m1, m2) => {
            let (src1, dst1) = as_move(m1)?;
            let (src2, dst2) = as_move(m2)?;
            Some(Instr::Move2 {
                src1,
                dst1,
                src2,
                dst2,
            })
        }
    }
}

fn module_import(imports: &[crate::code::module::Import], i: u32) -> Option<(&[u8], &[u8], u32)> {
    let imp = imports.get(i as usize)?;
    // Only real BIFs: the slow path calls the import's BIF.
    imp.bif?;
    Some((atom::name(imp.module), atom::name(imp.function), imp.arity))
}

fn arith_instr(mfa: Option<(&[u8], &[u8], u32)>, ops: Arith) -> Option<Instr> {
    let (m, f, a) = mfa?;
    if m != b"erlang" || a != 2 {
        return None;
    }
    Some(match f {
        b"+" => Instr::Add(ops),
        b"-" => Instr::Sub(ops),
        b"*" => Instr::Mul(ops),
        b"band" => Instr::Band(ops),
        b"bor" => Instr::Bor(ops),
        b"bxor" => Instr::Bxor(ops),
        b"bsl" => Instr::Bsl(ops),
        b"bsr" => Instr::Bsr(ops),
        b"div" => Instr::Div(ops),
        b"rem" => Instr::Rem(ops),
        _ => return None,
    })
}
