//! Map instructions: `put_map_assoc`, `put_map_exact`, `has_map_fields`, `get_map_elements`.
//! The representation is `map.rs`'s business; this file only reads operands, plans, reserves and
//! builds. Operands are copied into a local roots vector before reserving and re-read from it.

use crate::code::instr::{Dst, Instr, Label, Src, NO_LABEL};
use crate::execution::exec::{ExecCtx, Step};
use crate::execution::interp::internal_error;
use crate::terms::atom;
use crate::terms::exception::Exception;
use crate::terms::heap::{words, Alloc};
use crate::terms::map;
use crate::terms::term::{Atom, Term};

/// Execute one instruction of this family.
pub fn exec(ctx: &mut ExecCtx, instr: &Instr) -> Result<Step, Exception> {
    match instr {
        Instr::PutMapAssoc {
            fail,
            src,
            dst,
            live,
            pairs,
        } => put(ctx, *fail, *src, *dst, *live, pairs, false),
        Instr::PutMapExact {
            fail,
            src,
            dst,
            live,
            pairs,
        } => put(ctx, *fail, *src, *dst, *live, pairs, true),
        Instr::HasMapFields { fail, src, keys } => has_fields(ctx, *fail, *src, keys),
        Instr::GetMapElements { fail, src, pairs } => get_elements(ctx, *fail, *src, pairs),
        _ => Err(crate::execution::interp::unsupported_instruction(instr)),
    }
}

/// A test failed: jump to `fail`. Tests always have a label; without one, say so rather than
/// jump nowhere.
fn jump(fail: Label) -> Result<Step, Exception> {
    if fail == NO_LABEL {
        Err(internal_error("map test without a fail label"))
    } else {
        Ok(Step::Jump(fail))
    }
}

/// Raise `{Tag, T}` (or jump to `fail` when there is one). `live` registers stay roots.
fn fail_with(
    ctx: &mut ExecCtx,
    fail: Label,
    live: u32,
    tag: Atom,
    t: Term,
) -> Result<Step, Exception> {
    if fail != NO_LABEL {
        return Ok(Step::Jump(fail));
    }
    let mut roots = [t];
    let mut r = ctx.reserve(words::tuple(2), live, &mut roots);
    Err(Exception::error(r.tuple(&[Term::atom(tag), roots[0]])))
}

fn put(
    ctx: &mut ExecCtx,
    fail: Label,
    src: Src,
    dst: Dst,
    live: u32,
    pairs: &[(Src, Src)],
    exact: bool,
) -> Result<Step, Exception> {
    let m = ctx.get(src)?;
    if !map::is_map(m) {
        return fail_with(ctx, fail, live, atom::BADMAP, m);
    }
    if pairs.is_empty() {
        ctx.put(dst, m)?;
        return Ok(Step::Next);
    }
    if let [(k, v)] = pairs {
        return put_one(ctx, fail, dst, live, m, *k, *v, exact);
    }
    // roots: [map, k0, v0, k1, v1, ...]
    let mut roots = Vec::with_capacity(1 + 2 * pairs.len());
    roots.push(m);
    for &(k, v) in pairs.iter() {
        roots.push(ctx.get(k)?);
        roots.push(ctx.get(v)?);
    }
    let given: Vec<Term> = roots[1..].iter().step_by(2).copied().collect();
    if exact {
        // The first missing key in the instruction's order, as OTP reports it.
        if let Some(missing) = given.iter().copied().find(|&k| !map::contains(m, k)) {
            return fail_with(ctx, fail, live, atom::BADKEY, missing);
        }
    }
    let result = if map::is_trie(m) {
        // One path copy per pair: the trie's size only grows, so it stays a trie.
        let need: usize = given
            .iter()
            .map(|&k| map::words_put_one(m, k, &map::plan_put_one(m, k)))
            .sum();
        let mut r = ctx.reserve(need, live, &mut roots);
        let mut cur = roots[0];
        for p in roots[1..].chunks_exact(2) {
            let plan = map::plan_put_one(cur, p[0]);
            cur = map::build_put_one(&mut r, cur, &plan, p[0], p[1]);
        }
        cur
    } else {
        // A key given twice (possible with variable keys): the last one wins.
        let order = map::sorted_unique_indices(&given);
        let new_keys: Vec<Term> = order.iter().map(|&p| given[p]).collect();
        let (slots, added) = map::plan_put(m, &new_keys);
        if slots.len() > map::SMALL_MAP_LIMIT {
            // The result is a trie: build it from all the pairs.
            let all = |roots: &[Term]| {
                let mut ps = map::pairs(roots[0]);
                ps.extend(roots[1..].chunks_exact(2).map(|p| (p[0], p[1])));
                ps
            };
            let plan = map::plan_pairs(&all(&roots));
            let mut r = ctx.reserve(plan.words(), live, &mut roots);
            map::build_pairs(&mut r, &plan, &all(&roots))
        } else {
            let need = if added {
                map::words(slots.len())
            } else {
                map::words_same_keys(slots.len())
            };
            let mut r = ctx.reserve(need, live, &mut roots);
            let roots = &roots;
            map::build_planned(
                &mut r,
                roots[0],
                &slots,
                !added,
                |j| roots[1 + 2 * order[j]],
                |j| roots[2 + 2 * order[j]],
            )
        }
    };
    ctx.put(dst, result)?;
    Ok(Step::Next)
}

/// The common single-pair update, without a slot plan.
#[allow(clippy::too_many_arguments)]
fn put_one(
    ctx: &mut ExecCtx,
    fail: Label,
    dst: Dst,
    live: u32,
    m: Term,
    k: Src,
    v: Src,
    exact: bool,
) -> Result<Step, Exception> {
    let mut roots = [m, ctx.get(k)?, ctx.get(v)?];
    let plan = map::plan_put_one(m, roots[1]);
    if exact && plan.adds() {
        return fail_with(ctx, fail, live, atom::BADKEY, roots[1]);
    }
    let need = map::words_put_one(m, roots[1], &plan);
    let result = {
        let mut r = ctx.reserve(need, live, &mut roots);
        map::build_put_one(&mut r, roots[0], &plan, roots[1], roots[2])
    };
    ctx.put(dst, result)?;
    Ok(Step::Next)
}

fn has_fields(ctx: &mut ExecCtx, fail: Label, src: Src, keys: &[Src]) -> Result<Step, Exception> {
    let m = ctx.get(src)?;
    if !map::is_map(m) {
        return jump(fail);
    }
    for &k in keys.iter() {
        if !map::contains(m, ctx.get(k)?) {
            return jump(fail);
        }
    }
    Ok(Step::Next)
}

fn get_elements(
    ctx: &mut ExecCtx,
    fail: Label,
    src: Src,
    pairs: &[(Src, Dst)],
) -> Result<Step, Exception> {
    let m = ctx.get(src)?;
    if !map::is_map(m) {
        return jump(fail);
    }
    if let [(k, d)] = pairs {
        return match map::get(m, ctx.get(*k)?) {
            Some(v) => ctx.put(*d, v).map(|_| Step::Next),
            None => jump(fail),
        };
    }
    // Look everything up before writing: a destination may be the source or a later key.
    let mut found = Vec::with_capacity(pairs.len());
    for &(k, _) in pairs.iter() {
        match map::get(m, ctx.get(k)?) {
            Some(v) => found.push(v),
            None => return jump(fail),
        }
    }
    for (&(_, d), v) in pairs.iter().zip(found) {
        ctx.put(d, v)?;
    }
    Ok(Step::Next)
}
