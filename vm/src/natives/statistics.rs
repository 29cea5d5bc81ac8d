//! `erlang:statistics/1`, for the items this VM can answer. There is no per-process CPU clock on
//! WASI, so `runtime` is the VM's elapsed time as `wall_clock` is; the counters this VM does not
//! keep (context switches, collections, I/O bytes) read zero. Items it cannot answer honestly
//! (reductions, run queue lengths, scheduler times) raise badarg.

use crate::code::native::Ctx;
use crate::natives::registry::BifEntry;
use crate::platform;
use crate::terms::atom;
use crate::terms::bignum;
use crate::terms::exception::{BifResult, Exception};
use crate::terms::heap::{words, Alloc};
use crate::terms::term::Term;
use std::sync::atomic::{AtomicU64, Ordering};

/// Milliseconds since the VM started at the last `wall_clock` / `runtime` call.
static LAST_WALL_MS: AtomicU64 = AtomicU64::new(0);
static LAST_RUN_MS: AtomicU64 = AtomicU64::new(0);

/// {Total, SinceLastCall} in milliseconds.
fn since_last(ctx: &mut Ctx, args: &mut [Term], last: &AtomicU64) -> BifResult {
    let now = platform::get().monotonic_ns() / 1_000_000;
    let before = last.swap(now, Ordering::Relaxed);
    let (total, delta) = (now as i128, now.saturating_sub(before) as i128);
    let need = words::tuple(2) + bignum::words_for_i128(total) + bignum::words_for_i128(delta);
    let mut r = ctx.reserve(need, args);
    let a = bignum::build_i128(&mut r, total);
    let b = bignum::build_i128(&mut r, delta);
    Ok(r.tuple(&[a, b]))
}

fn zero() -> Term {
    Term::small(0)
}

fn statistics(ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    let item = args[0].as_atom().ok_or_else(Exception::badarg)?;
    match atom::name(item) {
        b"wall_clock" => since_last(ctx, args, &LAST_WALL_MS),
        b"runtime" => since_last(ctx, args, &LAST_RUN_MS),
        b"context_switches" => {
            let mut r = ctx.reserve(words::tuple(2), args);
            Ok(r.tuple(&[zero(), zero()]))
        }
        b"garbage_collection" => {
            let mut r = ctx.reserve(words::tuple(3), args);
            Ok(r.tuple(&[zero(), zero(), zero()]))
        }
        b"io" => {
            let mut r = ctx.reserve(3 * words::tuple(2), args);
            let input = r.tuple(&[Term::atom(atom::intern_str("input")), zero()]);
            let output = r.tuple(&[Term::atom(atom::intern_str("output")), zero()]);
            Ok(r.tuple(&[input, output]))
        }
        _ => Err(Exception::badarg()),
    }
}

pub const BIFS: &[BifEntry] = &[BifEntry::erlang("statistics", 1, statistics)];
