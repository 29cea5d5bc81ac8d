//! float_to_list/1,2, float_to_binary/1,2, list_to_float/1, binary_to_float/1.

use crate::code::native::Ctx;
use crate::natives::atoms::binary_bytes;
use crate::natives::registry::BifEntry;
use crate::terms::atom;
use crate::terms::bignum;
use crate::terms::exception::{BifResult, Exception};
use crate::terms::float_format;
use crate::terms::heap::{words, Alloc};
use crate::terms::term::Term;
use crate::terms::text::build_char_list;

/// What the options list asks for.
enum Format {
    Default,
    Scientific(i32),
    Fixed(i32, bool),
    Short,
}

/// An option's integer as OTP reads it: a small integer on 64-bit OTP (60 bits), stored into a C
/// `int`, so larger values wrap to their low 32 bits. Same result on every word size here.
fn option_int(t: Term) -> Option<i32> {
    let v = bignum::to_i128(t)?;
    if !(-(1i128 << 59)..(1i128 << 59)).contains(&v) {
        return None;
    }
    Some(v as i32)
}

/// Options are read in order and the last format wins; `compact` applies only to `decimals`.
fn parse_options(mut list: Term) -> Result<Format, Exception> {
    let mut compact = false;
    let mut decimals = 0i32;
    // 0 = default, 1 = scientific, 2 = fixed, 3 = short
    let mut kind = 0u8;
    while let Some((opt, rest)) = list.as_cons() {
        list = rest;
        if let Some(a) = opt.as_atom() {
            match a {
                atom::COMPACT => compact = true,
                atom::SHORT => kind = 3,
                _ => return Err(Exception::badarg()),
            }
            continue;
        }
        let pair = opt
            .as_tuple()
            .filter(|t| t.len() == 2)
            .ok_or_else(Exception::badarg)?;
        let n = option_int(pair[1]).ok_or_else(Exception::badarg)?;
        match pair[0].as_atom() {
            Some(atom::DECIMALS) => kind = 2,
            Some(atom::SCIENTIFIC) => kind = 1,
            _ => return Err(Exception::badarg()),
        }
        decimals = n;
    }
    if !list.is_nil() {
        return Err(Exception::badarg());
    }
    match kind {
        1 if decimals <= float_format::MAX_SCIENTIFIC => Ok(Format::Scientific(decimals)),
        2 if (0..=float_format::MAX_DECIMALS).contains(&decimals) => {
            Ok(Format::Fixed(decimals, compact))
        }
        1 | 2 => Err(Exception::badarg()),
        3 => Ok(Format::Short),
        _ => Ok(Format::Default),
    }
}

/// The text `float_to_list(F, Options)` produces.
fn format(f: Term, opts: Term) -> Result<String, Exception> {
    if !f.is_float() {
        return Err(Exception::badarg());
    }
    let v = f.float_value();
    let s = match parse_options(opts)? {
        Format::Default => Some(float_format::default_form(v)),
        Format::Scientific(p) => float_format::scientific(v, p),
        Format::Fixed(d, compact) => float_format::fixed(v, d, compact),
        Format::Short => Some(crate::terms::print::format_float(v)),
    };
    s.ok_or_else(Exception::badarg)
}

fn as_list(ctx: &mut Ctx, args: &mut [Term], s: &str) -> BifResult {
    let mut r = ctx.reserve(words::list(s.len()), args);
    Ok(build_char_list(&mut r, s))
}

fn as_binary(ctx: &mut Ctx, args: &mut [Term], s: &str) -> BifResult {
    let mut r = ctx.reserve(words::heap_binary(s.len()), args);
    Ok(r.heap_binary(s.as_bytes()))
}

fn float_to_list1(ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    let s = format(args[0], Term::NIL)?;
    as_list(ctx, args, &s)
}

fn float_to_list2(ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    let s = format(args[0], args[1])?;
    as_list(ctx, args, &s)
}

fn float_to_binary1(ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    let s = format(args[0], Term::NIL)?;
    as_binary(ctx, args, &s)
}

fn float_to_binary2(ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    let s = format(args[0], args[1])?;
    as_binary(ctx, args, &s)
}

/// The bytes of a proper list of integers 0..=255; None otherwise.
fn byte_list(mut t: Term) -> Option<Vec<u8>> {
    let mut v = Vec::new();
    while let Some((h, tl)) = t.as_cons() {
        v.push(u8::try_from(h.as_small()?).ok()?);
        t = tl;
    }
    t.is_nil().then_some(v)
}

fn make_float(ctx: &mut Ctx, args: &mut [Term], f: f64) -> BifResult {
    let mut r = ctx.reserve(words::FLOAT, args);
    Ok(r.float(f))
}

fn list_to_float(ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    let bytes = byte_list(args[0]).ok_or_else(Exception::badarg)?;
    let f = float_format::parse(&bytes).ok_or_else(Exception::badarg)?;
    make_float(ctx, args, f)
}

fn binary_to_float(ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    let bytes = binary_bytes(args[0]).ok_or_else(Exception::badarg)?;
    let f = float_format::parse(&bytes).ok_or_else(Exception::badarg)?;
    make_float(ctx, args, f)
}

pub const BIFS: &[BifEntry] = &[
    BifEntry::erlang("float_to_list", 1, float_to_list1),
    BifEntry::erlang("float_to_list", 2, float_to_list2),
    BifEntry::erlang("float_to_binary", 1, float_to_binary1),
    BifEntry::erlang("float_to_binary", 2, float_to_binary2),
    BifEntry::erlang("list_to_float", 1, list_to_float),
    BifEntry::erlang("binary_to_float", 1, binary_to_float),
];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::natives::arith::testing::show;
    use crate::terms::heap::Arena;

    fn at(s: &str) -> Term {
        Term::atom(atom::intern_str(s))
    }

    #[test]
    fn options() {
        let mut ar = Arena::new();
        let one = ar.float(1.0);
        let dec = |ar: &mut Arena, n: isize| ar.tuple(&[at("decimals"), Term::small(n)]);
        let d2 = dec(&mut ar, 2);
        let d3 = dec(&mut ar, 3);
        let l = ar.list_from(&[d2, at("compact")], Term::NIL);
        assert_eq!(show(float_to_list2, &[one, l]), "\"1.0\"");
        let l = ar.list_from(&[d2, d3], Term::NIL);
        assert_eq!(show(float_to_list2, &[one, l]), "\"1.000\"");
        let l = ar.list_from(&[d2, at("short")], Term::NIL);
        assert_eq!(show(float_to_binary2, &[one, l]), "<<\"1.0\">>");
        let l = ar.list_from(&[d2], at("x"));
        assert_eq!(show(float_to_list2, &[one, l]), "{error,badarg}");
        let l = ar.list_from(&[at("foo")], Term::NIL);
        assert_eq!(show(float_to_list2, &[one, l]), "{error,badarg}");
        let neg = dec(&mut ar, -1);
        let l = ar.list_from(&[neg], Term::NIL);
        assert_eq!(show(float_to_list2, &[one, l]), "{error,badarg}");
        let sci = ar.tuple(&[at("scientific"), Term::small(-1)]);
        let l = ar.list_from(&[sci], Term::NIL);
        assert_eq!(show(float_to_list2, &[one, l]), "\"1.000000e+00\"");
        assert_eq!(show(float_to_list1, &[Term::small(1)]), "{error,badarg}");
        assert_eq!(
            show(float_to_binary1, &[one]),
            "<<\"1.00000000000000000000e+00\">>"
        );
    }

    #[test]
    fn parsing() {
        let mut ar = Arena::new();
        let text = |ar: &mut Arena, s: &str| {
            let items: Vec<Term> = s.bytes().map(|b| Term::small(b as isize)).collect();
            ar.list_from(&items, Term::NIL)
        };
        let t = text(&mut ar, "1.5e3");
        assert_eq!(show(list_to_float, &[t]), "1.5e3");
        let t = text(&mut ar, "1");
        assert_eq!(show(list_to_float, &[t]), "{error,badarg}");
        let t = ar.list_from(&[Term::small(49), Term::small(300)], Term::NIL);
        assert_eq!(show(list_to_float, &[t]), "{error,badarg}");
        let b = ar.heap_binary(b"-2.5E+3");
        assert_eq!(show(binary_to_float, &[b]), "-2.5e3");
        assert_eq!(show(binary_to_float, &[at("a")]), "{error,badarg}");
    }
}
