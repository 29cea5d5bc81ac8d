//! Time BIFs. The native time unit is the nanosecond.

use crate::code::native::Ctx;
use crate::natives::registry::BifEntry;
use crate::natives::results::make_i128;
use crate::platform;
use crate::terms::atom;
use crate::terms::exception::{BifResult, Exception};
use crate::terms::heap::{words, Alloc};
use crate::terms::term::Term;
use std::sync::atomic::{AtomicI64, Ordering};

const NATIVE_PER_SECOND: i128 = 1_000_000_000;

/// Units per second for a time unit term (OTP's `erlang:time_unit()`).
fn per_second(unit: Term) -> Option<i128> {
    if let Some(n) = unit.as_small() {
        return if n > 0 { Some(n as i128) } else { None };
    }
    match atom::name(unit.as_atom()?) {
        b"second" | b"seconds" => Some(1),
        b"millisecond" | b"milli_seconds" => Some(1_000),
        b"microsecond" | b"micro_seconds" => Some(1_000_000),
        b"nanosecond" | b"nano_seconds" | b"native" | b"perf_counter" => Some(NATIVE_PER_SECOND),
        _ => None,
    }
}

/// Convert `value` from `from` to `to` units per second, flooring like OTP.
fn convert(value: i128, from: i128, to: i128) -> i128 {
    (value * to).div_euclid(from)
}

fn monotonic_0(ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    let now = platform::get().monotonic_ns() as i128;
    make_i128(ctx, args, now)
}

fn monotonic_1(ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    let unit = per_second(args[0]).ok_or_else(Exception::badarg)?;
    let now = platform::get().monotonic_ns() as i128;
    make_i128(ctx, args, convert(now, NATIVE_PER_SECOND, unit))
}

fn system_0(ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    let now = platform::get().system_time_ns() as i128;
    make_i128(ctx, args, now)
}

fn system_1(ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    let unit = per_second(args[0]).ok_or_else(Exception::badarg)?;
    let now = platform::get().system_time_ns() as i128;
    make_i128(ctx, args, convert(now, NATIVE_PER_SECOND, unit))
}

/// `time_offset/0,1`: Erlang system time minus Erlang monotonic time.
fn offset_ns() -> i128 {
    let p = platform::get();
    p.system_time_ns() as i128 - p.monotonic_ns() as i128
}

fn time_offset_0(ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    make_i128(ctx, args, offset_ns())
}

fn time_offset_1(ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    let unit = per_second(args[0]).ok_or_else(Exception::badarg)?;
    make_i128(ctx, args, convert(offset_ns(), NATIVE_PER_SECOND, unit))
}

fn convert_time_unit(ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    let v = crate::terms::bignum::to_i128(args[0]).ok_or_else(Exception::badarg)?;
    let from = per_second(args[1]).ok_or_else(Exception::badarg)?;
    let to = per_second(args[2]).ok_or_else(Exception::badarg)?;
    make_i128(ctx, args, convert(v, from, to))
}

/// {MegaSecs, Secs, MicroSecs} of a time in microseconds.
fn mega_secs_micro(ctx: &mut Ctx, args: &mut [Term], us: i64) -> BifResult {
    let (mega, rest) = (
        us.div_euclid(1_000_000_000_000),
        us.rem_euclid(1_000_000_000_000),
    );
    let (secs, micro) = (rest / 1_000_000, rest % 1_000_000);
    let mut r = ctx.reserve(words::tuple(3), args);
    Ok(r.tuple(&[
        Term::small(mega as isize),
        Term::small(secs as isize),
        Term::small(micro as isize),
    ]))
}

/// `erlang:timestamp/0`, `os:timestamp/0`: system time.
fn timestamp(ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    let us = platform::get().system_time_ns().div_euclid(1000);
    mega_secs_micro(ctx, args, us)
}

/// The last value `erlang:now/0` returned, in microseconds.
static LAST_NOW_US: AtomicI64 = AtomicI64::new(i64::MIN);

/// `erlang:now/0` (deprecated, still used): system time, but strictly increasing across every
/// call in the VM, so that each result is unique, as OTP guarantees.
fn now(ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    let clock = platform::get().system_time_ns().div_euclid(1000);
    let mut last = LAST_NOW_US.load(Ordering::Relaxed);
    let us = loop {
        let next = clock.max(last.saturating_add(1));
        match LAST_NOW_US.compare_exchange_weak(last, next, Ordering::Relaxed, Ordering::Relaxed) {
            Ok(_) => break next,
            Err(seen) => last = seen,
        }
    };
    mega_secs_micro(ctx, args, us)
}

pub const BIFS: &[BifEntry] = &[
    BifEntry::erlang("time_offset", 0, time_offset_0),
    BifEntry::erlang("time_offset", 1, time_offset_1),
    BifEntry::new("erlang", "now", 0, now),
    BifEntry::new("erlang", "monotonic_time", 0, monotonic_0),
    BifEntry::new("erlang", "monotonic_time", 1, monotonic_1),
    BifEntry::new("erlang", "system_time", 0, system_0),
    BifEntry::new("erlang", "system_time", 1, system_1),
    BifEntry::new("os", "system_time", 0, system_0),
    BifEntry::new("os", "system_time", 1, system_1),
    // The perf counter is the monotonic clock, in nanoseconds (its unit, `perf_counter`).
    BifEntry::new("os", "perf_counter", 0, monotonic_0),
    BifEntry::new("os", "perf_counter", 1, monotonic_1),
    BifEntry::new("erlang", "convert_time_unit", 3, convert_time_unit),
    BifEntry::new("erlang", "timestamp", 0, timestamp),
    BifEntry::new("os", "timestamp", 0, timestamp),
];

#[cfg(test)]
mod tests {
    use super::convert;

    #[test]
    fn conversion_floors() {
        assert_eq!(convert(1_999_999_999, 1_000_000_000, 1), 1);
        assert_eq!(convert(-1, 1_000_000_000, 1), -1);
        assert_eq!(convert(3, 1, 1000), 3000);
    }
}
