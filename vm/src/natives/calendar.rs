//! Calendar time BIFs: `erlang:date/0`, `time/0`, `localtime/0`, `universaltime/0` and the
//! conversions between local time, universal time and POSIX seconds. WASI has no time zones,
//! so local time is universal time on every platform (as on a host set to UTC).

use crate::code::native::Ctx;
use crate::natives::registry::BifEntry;
use crate::natives::results::make_i128;
use crate::platform;
use crate::terms::bignum;
use crate::terms::exception::{BifResult, Exception};
use crate::terms::heap::{words, Alloc};
use crate::terms::term::Term;

const SECONDS_PER_DAY: i64 = 86_400;

/// (year, month, day) of a day number counted from 1970-01-01 (proleptic Gregorian).
pub fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

/// The day number (from 1970-01-01) of a civil date.
pub fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y.rem_euclid(400);
    let mp = if m > 2 { m - 3 } else { m + 9 };
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn is_leap(y: i64) -> bool {
    (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
}

fn days_in_month(y: i64, m: i64) -> i64 {
    match m {
        2 if is_leap(y) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// `{{Y, M, D}, {H, Mi, S}}` with a valid date and time (years from 0), as seconds from the
/// epoch.
fn datetime_arg(t: Term) -> Result<i64, Exception> {
    let small = |t: Term| t.as_small().map(|v| v as i64);
    let parse = || -> Option<i64> {
        let [date, time] = t.as_tuple()? else {
            return None;
        };
        let [y, mo, d] = date.as_tuple()? else {
            return None;
        };
        let [h, mi, s] = time.as_tuple()? else {
            return None;
        };
        let (y, mo, d) = (small(*y)?, small(*mo)?, small(*d)?);
        let (h, mi, s) = (small(*h)?, small(*mi)?, small(*s)?);
        let valid = y >= 0
            && (1..=12).contains(&mo)
            && d >= 1
            && d <= days_in_month(y, mo)
            && (0..24).contains(&h)
            && (0..60).contains(&mi)
            && (0..60).contains(&s);
        valid.then(|| days_from_civil(y, mo, d) * SECONDS_PER_DAY + h * 3600 + mi * 60 + s)
    };
    parse().ok_or_else(Exception::badarg)
}

fn tuple3(r: &mut impl Alloc, a: i64, b: i64, c: i64) -> Term {
    r.tuple(&[
        Term::small(a as isize),
        Term::small(b as isize),
        Term::small(c as isize),
    ])
}

/// `{{Y, M, D}, {H, Mi, S}}` (or one half) of seconds from the epoch.
fn make_datetime(ctx: &mut Ctx, args: &mut [Term], secs: i64, parts: Parts) -> BifResult {
    let days = secs.div_euclid(SECONDS_PER_DAY);
    let rest = secs.rem_euclid(SECONDS_PER_DAY);
    let (y, m, d) = civil_from_days(days);
    let mut r = ctx.reserve(3 * words::tuple(3), args);
    let date = tuple3(&mut r, y, m, d);
    let time = tuple3(&mut r, rest / 3600, rest / 60 % 60, rest % 60);
    Ok(match parts {
        Parts::Date => date,
        Parts::Time => time,
        Parts::Both => r.tuple(&[date, time]),
    })
}

#[derive(Clone, Copy)]
enum Parts {
    Date,
    Time,
    Both,
}

fn now_secs() -> i64 {
    platform::get().system_time_ns().div_euclid(1_000_000_000)
}

fn date(ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    make_datetime(ctx, args, now_secs(), Parts::Date)
}

fn time(ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    make_datetime(ctx, args, now_secs(), Parts::Time)
}

fn localtime(ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    make_datetime(ctx, args, now_secs(), Parts::Both)
}

/// Local and universal time are the same here: a valid datetime converts to itself.
fn same_datetime(_ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    datetime_arg(args[0])?;
    Ok(args[0])
}

/// `localtime_to_universaltime/2`: the daylight saving flag is a boolean or undefined.
fn local_to_universal2(ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    let flag = args[1].as_atom().map(crate::terms::atom::name);
    if !matches!(flag, Some(b"true" | b"false" | b"undefined")) {
        return Err(Exception::badarg());
    }
    same_datetime(ctx, args)
}

fn universaltime_to_posixtime(ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    let secs = datetime_arg(args[0])?;
    make_i128(ctx, args, secs as i128)
}

fn posixtime_to_universaltime(ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    let secs = bignum::to_i128(args[0])
        .and_then(|v| i64::try_from(v).ok())
        .filter(|s| (-62_167_219_200..(1i64 << 40)).contains(s))
        .ok_or_else(Exception::badarg)?;
    make_datetime(ctx, args, secs, Parts::Both)
}

pub const BIFS: &[BifEntry] = &[
    BifEntry::erlang("date", 0, date),
    BifEntry::erlang("time", 0, time),
    BifEntry::erlang("localtime", 0, localtime),
    BifEntry::erlang("universaltime", 0, localtime),
    BifEntry::erlang("localtime_to_universaltime", 1, same_datetime),
    BifEntry::erlang("localtime_to_universaltime", 2, local_to_universal2),
    BifEntry::erlang("universaltime_to_localtime", 1, same_datetime),
    BifEntry::erlang("universaltime_to_posixtime", 1, universaltime_to_posixtime),
    BifEntry::erlang("posixtime_to_universaltime", 1, posixtime_to_universaltime),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn civil_round_trip() {
        assert_eq!(civil_from_days(0), (1970, 1, 1));
        assert_eq!(days_from_civil(2000, 3, 1), 11_017);
        for d in [-800_000, -1, 0, 59, 60, 10_957, 2_932_896] {
            let (y, m, dd) = civil_from_days(d);
            assert_eq!(days_from_civil(y, m, dd), d);
        }
    }
}
