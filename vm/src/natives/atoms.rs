//! Conversions between atoms, integers, character lists and binaries.

use crate::code::native::Ctx;
use crate::natives::registry::BifEntry;
use crate::natives::results::make_char_list;
use crate::terms::atom::{self, AtomError};
use crate::terms::bignum;
use crate::terms::compare::bitstring_view;
use crate::terms::exception::{BifResult, Exception};
use crate::terms::heap::{words, Alloc};
use crate::terms::term::{Atom, Term};
use crate::terms::text::char_list;
use dashu_int::{IBig, UBig};

/// The bytes of a binary (byte-aligned bitstring of whole bytes); None otherwise.
pub fn binary_bytes(t: Term) -> Option<Vec<u8>> {
    let (bytes, off, bits) = bitstring_view(t)?;
    if bits % 8 != 0 {
        return None;
    }
    if off % 8 == 0 {
        return Some(bytes[off / 8..off / 8 + bits / 8].to_vec());
    }
    let s = off % 8;
    Some(
        (0..bits / 8)
            .map(|i| {
                let q = off / 8 + i;
                (bytes[q] << s) | (bytes.get(q + 1).copied().unwrap_or(0) >> (8 - s))
            })
            .collect(),
    )
}

fn intern_or_raise(name: &str) -> Result<Atom, Exception> {
    atom::intern(name.as_bytes()).map_err(|e| match e {
        AtomError::TooLong | AtomError::TableFull => Exception::system_limit(),
        AtomError::NotUtf8 => Exception::badarg(),
    })
}

fn atom_to_list(ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    let a = args[0].as_atom().ok_or_else(Exception::badarg)?;
    make_char_list(ctx, args, atom::name_str(a))
}

fn list_to_atom(_ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    let chars = char_list(args[0]).ok_or_else(Exception::badarg)?;
    let s: String = chars.into_iter().collect();
    Ok(Term::atom(intern_or_raise(&s)?))
}

fn list_to_existing_atom(_ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    let chars = char_list(args[0]).ok_or_else(Exception::badarg)?;
    let s: String = chars.into_iter().collect();
    atom::existing(s.as_bytes())
        .map(Term::atom)
        .ok_or_else(Exception::badarg)
}

/// Encoding argument: true for utf8/unicode, false for latin1.
fn encoding(t: Term) -> Result<bool, Exception> {
    match t.as_atom() {
        Some(atom::UTF8) | Some(atom::UNICODE) => Ok(true),
        Some(atom::LATIN1) => Ok(false),
        _ => Err(Exception::badarg()),
    }
}

fn atom_to_binary_enc(ctx: &mut Ctx, args: &mut [Term], utf8: bool) -> BifResult {
    let a = args[0].as_atom().ok_or_else(Exception::badarg)?;
    let name = atom::name_str(a);
    let bytes: Vec<u8> = if utf8 {
        name.as_bytes().to_vec()
    } else {
        name.chars()
            .map(|c| u8::try_from(c as u32).map_err(|_| Exception::badarg()))
            .collect::<Result<_, _>>()?
    };
    let mut r = ctx.reserve(words::heap_binary(bytes.len()), args);
    Ok(r.heap_binary(&bytes))
}

fn atom_to_binary1(ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    atom_to_binary_enc(ctx, args, true)
}

fn atom_to_binary2(ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    let utf8 = encoding(args[1])?;
    atom_to_binary_enc(ctx, args, utf8)
}

/// The atom name a binary denotes in an encoding.
fn binary_name(bin: Term, utf8: bool) -> Result<String, Exception> {
    let bytes = binary_bytes(bin).ok_or_else(Exception::badarg)?;
    if utf8 {
        String::from_utf8(bytes).map_err(|_| Exception::badarg())
    } else {
        Ok(bytes.into_iter().map(char::from).collect())
    }
}

fn binary_to_atom1(_ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    Ok(Term::atom(intern_or_raise(&binary_name(args[0], true)?)?))
}

fn binary_to_atom2(_ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    let utf8 = encoding(args[1])?;
    Ok(Term::atom(intern_or_raise(&binary_name(args[0], utf8)?)?))
}

fn binary_to_existing_atom_enc(args: &[Term], utf8: bool) -> BifResult {
    let name = binary_name(args[0], utf8)?;
    atom::existing(name.as_bytes())
        .map(Term::atom)
        .ok_or_else(Exception::badarg)
}

fn binary_to_existing_atom1(_ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    binary_to_existing_atom_enc(args, true)
}

fn binary_to_existing_atom2(_ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    let utf8 = encoding(args[1])?;
    binary_to_existing_atom_enc(args, utf8)
}

// ---- integers ----

const DIGITS: &[u8; 36] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";

/// An integer term in `base` (2..=36), upper-case digits, as `integer_to_list/2` writes it.
pub fn integer_to_string(t: Term, base: u32) -> Option<String> {
    if !(2..=36).contains(&base) {
        return None;
    }
    if let Some(v) = t.as_small() {
        let mut mag = (v as i64).unsigned_abs();
        let mut buf = Vec::with_capacity(66);
        loop {
            buf.push(DIGITS[(mag % base as u64) as usize]);
            mag /= base as u64;
            if mag == 0 {
                break;
            }
        }
        if v < 0 {
            buf.push(b'-');
        }
        buf.reverse();
        return String::from_utf8(buf).ok();
    }
    let v = bignum::to_ibig(t)?;
    Some(format!("{}", v.in_radix(base as u8)).to_ascii_uppercase())
}

fn base_arg(t: Term) -> Result<u32, Exception> {
    match t.as_small() {
        Some(b) if (2..=36).contains(&b) => Ok(b as u32),
        _ => Err(Exception::badarg()),
    }
}

fn integer_to_list1(ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    let s = integer_to_string(args[0], 10).ok_or_else(Exception::badarg)?;
    make_char_list(ctx, args, &s)
}

fn integer_to_list2(ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    let base = base_arg(args[1])?;
    let s = integer_to_string(args[0], base).ok_or_else(Exception::badarg)?;
    make_char_list(ctx, args, &s)
}

/// Parse an optionally signed run of digits in `base`; None on anything else.
pub fn parse_integer(chars: &[char], base: u32) -> Option<IBig> {
    let (neg, digits) = match chars.first() {
        Some('-') => (true, &chars[1..]),
        Some('+') => (false, &chars[1..]),
        _ => (false, chars),
    };
    if digits.is_empty() || !digits.iter().all(|c| c.is_digit(base)) {
        return None;
    }
    let mag = if digits.len() <= 12 {
        // Fast path: at most 36^12 < 2^63.
        let mut v: u64 = 0;
        for c in digits {
            v = v * base as u64 + c.to_digit(base)? as u64;
        }
        IBig::from(v)
    } else {
        let s: String = digits.iter().map(|c| c.to_ascii_lowercase()).collect();
        IBig::from(UBig::from_str_radix(&s, base).ok()?)
    };
    Some(if neg { -mag } else { mag })
}

fn list_to_integer_base(ctx: &mut Ctx, args: &mut [Term], base: u32) -> BifResult {
    let chars = char_list(args[0]).ok_or_else(Exception::badarg)?;
    let v = parse_integer(&chars, base).ok_or_else(Exception::badarg)?;
    crate::natives::results::make_int(ctx, args, &v)
}

fn list_to_integer1(ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    list_to_integer_base(ctx, args, 10)
}

fn list_to_integer2(ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    let base = base_arg(args[1])?;
    list_to_integer_base(ctx, args, base)
}

pub const BIFS: &[BifEntry] = &[
    BifEntry::erlang("atom_to_list", 1, atom_to_list),
    BifEntry::erlang("list_to_atom", 1, list_to_atom),
    BifEntry::erlang("list_to_existing_atom", 1, list_to_existing_atom),
    BifEntry::erlang("atom_to_binary", 1, atom_to_binary1),
    BifEntry::erlang("atom_to_binary", 2, atom_to_binary2),
    BifEntry::erlang("binary_to_atom", 1, binary_to_atom1),
    BifEntry::erlang("binary_to_atom", 2, binary_to_atom2),
    BifEntry::erlang("binary_to_existing_atom", 1, binary_to_existing_atom1),
    BifEntry::erlang("binary_to_existing_atom", 2, binary_to_existing_atom2),
    BifEntry::erlang("integer_to_list", 1, integer_to_list1),
    BifEntry::erlang("integer_to_list", 2, integer_to_list2),
    BifEntry::erlang("list_to_integer", 1, list_to_integer1),
    BifEntry::erlang("list_to_integer", 2, list_to_integer2),
];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::natives::arith::testing::show;
    use crate::terms::heap::Arena;
    use crate::terms::term::BoxKind;
    use crate::terms::text::build_char_list;

    fn at(s: &str) -> Term {
        Term::atom(atom::intern(s.as_bytes()).unwrap())
    }
    fn s(ar: &mut Arena, text: &str) -> Term {
        build_char_list(ar, text)
    }

    #[test]
    fn atoms() {
        let mut ar = Arena::new();
        assert_eq!(show(atom_to_list, &[at("λa")]), "[955,97]");
        assert_eq!(show(atom_to_list, &[Term::small(1)]), "{error,badarg}");
        let long = s(&mut ar, &"a".repeat(256));
        assert_eq!(show(list_to_atom, &[long]), "{error,system_limit}");
        let sur = ar.list_from(&[Term::small(0xD800)], Term::NIL);
        assert_eq!(show(list_to_atom, &[sur]), "{error,badarg}");
        let neg = ar.list_from(&[Term::small(-1)], Term::NIL);
        assert_eq!(show(list_to_atom, &[neg]), "{error,badarg}");
        let imp = ar.list_from(&[Term::small(97)], at("b"));
        assert_eq!(show(list_to_atom, &[imp]), "{error,badarg}");
        let hw = s(&mut ar, "hello world");
        assert_eq!(show(list_to_atom, &[hw]), "'hello world'");
        let nx = s(&mut ar, "nonexistentatomxyz_types");
        assert_eq!(show(list_to_existing_atom, &[nx]), "{error,badarg}");
        let ok = s(&mut ar, "ok");
        assert_eq!(show(list_to_existing_atom, &[ok]), "ok");
        let b255 = ar.heap_binary(&[255]);
        assert_eq!(show(binary_to_atom2, &[b255, at("utf8")]), "{error,badarg}");
        assert_eq!(show(binary_to_atom2, &[b255, at("latin1")]), "ÿ");
        assert_eq!(
            show(atom_to_binary2, &[at("λ"), at("latin1")]),
            "{error,badarg}"
        );
        assert_eq!(show(atom_to_binary2, &[at("é"), at("latin1")]), "<<\"é\">>");
        assert_eq!(show(atom_to_binary1, &[at("é")]), "<<\"Ã©\">>");
        assert_eq!(
            show(atom_to_binary2, &[at("a"), at("foo")]),
            "{error,badarg}"
        );
        let ab = ar.heap_binary(b"ab");
        assert_eq!(show(binary_to_atom2, &[ab, at("unicode")]), "ab");
        assert_eq!(show(binary_to_atom1, &[ab]), "ab");
        let bits = ar.boxed_raw(BoxKind::SubBin, &[9, 0, ab.raw()]);
        assert_eq!(show(binary_to_atom2, &[bits, at("utf8")]), "{error,badarg}");
        let unaligned = ar.boxed_raw(BoxKind::SubBin, &[8, 4, ab.raw()]); // 0x16
        assert_eq!(show(atom_to_list, &[at("\u{16}")]), "[22]");
        assert_eq!(show(binary_to_atom1, &[unaligned]), "'\\026'");
        let a256 = ar.heap_binary(&[b'a'; 256]);
        assert_eq!(show(binary_to_atom1, &[a256]), "{error,system_limit}");
        let nxb = ar.heap_binary(b"nonexistentatomxyz_types2");
        assert_eq!(
            show(binary_to_existing_atom2, &[nxb, at("utf8")]),
            "{error,badarg}"
        );
    }

    #[test]
    fn integers() {
        let mut ar = Arena::new();
        let (b16, b36) = (Term::small(16), Term::small(36));
        assert_eq!(show(integer_to_list2, &[Term::small(255), b16]), "\"FF\"");
        assert_eq!(show(integer_to_list2, &[Term::small(-255), b36]), "\"-73\"");
        assert_eq!(
            show(integer_to_list2, &[Term::small(10), Term::small(37)]),
            "{error,badarg}"
        );
        let f = ar.float(1.0);
        assert_eq!(show(integer_to_list1, &[f]), "{error,badarg}");
        assert_eq!(show(integer_to_list1, &[Term::small(0)]), "\"0\"");
        let big = bignum::build(&mut ar, &"-123456789012345678901234567890".parse().unwrap());
        assert_eq!(
            show(integer_to_list2, &[big, b16]),
            "\"-18EE90FF6C373E0EE4E3F0AD2\""
        );
        assert_eq!(
            show(integer_to_list1, &[big]),
            "\"-123456789012345678901234567890\""
        );
        let min = Term::small(crate::terms::term::MIN_SMALL);
        assert_eq!(
            show(integer_to_list2, &[min, Term::small(2)]).len(),
            crate::terms::term::SMALL_BITS + 3
        );
        let cases = [
            ("", 10, "{error,badarg}"),
            ("+", 10, "{error,badarg}"),
            ("-12", 10, "-12"),
            ("+12", 10, "12"),
            (" 12", 10, "{error,badarg}"),
            ("12a", 10, "{error,badarg}"),
            ("fF", 16, "255"),
            ("1_000", 10, "{error,badarg}"),
            ("-0", 10, "0"),
            ("z", 36, "35"),
            ("2", 2, "{error,badarg}"),
            (
                "123456789012345678901234567890",
                10,
                "123456789012345678901234567890",
            ),
            (
                "-18ee90FF6C373E0EE4E3F0AD2",
                16,
                "-123456789012345678901234567890",
            ),
            ("1152921504606846976", 10, "1152921504606846976"),
        ];
        for (text, base, want) in cases {
            let l = s(&mut ar, text);
            assert_eq!(
                show(list_to_integer2, &[l, Term::small(base)]),
                want,
                "{:?}",
                text
            );
        }
        let l = s(&mut ar, "12");
        assert_eq!(
            show(list_to_integer2, &[l, Term::small(1)]),
            "{error,badarg}"
        );
        let imp = ar.list_from(&[Term::small('1' as isize)], at("x"));
        assert_eq!(show(list_to_integer1, &[imp]), "{error,badarg}");
        // A small result from the bignum path is a small.
        let zeros = s(&mut ar, "0000000000000000000000042");
        let mut p = crate::processes::process::Process::new(1, 0);
        let t =
            crate::natives::arith::testing::call_in(&mut p, list_to_integer1, &[zeros]).unwrap();
        assert_eq!(t, Term::small(42));
    }
}
