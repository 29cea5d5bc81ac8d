//! Rendering terms as OTP 25's `io_lib:print(T, 1, 100000000, -1)` does (`~p` without line
//! breaks), with the default latin-1 printable range.
//!
//! The result is a Rust `String` of the code points OTP produces: characters 160..255 inside strings,
//! binaries and atoms appear as those code points (OTP writes them as single latin-1 bytes to a
//! latin-1 device). Rendering runs on an explicit work stack, so long lists and deep nesting do not
//! use Rust stack.

use crate::terms::atom;
use crate::terms::bignum;
use crate::terms::compare::bitstring_view;
use crate::terms::fun_info;
use crate::terms::term::{BoxKind, Term};
use std::fmt::Write;

/// `io_lib:print(T, 1, 100000000, -1)`.
pub fn print_term(t: Term) -> String {
    let mut out = String::new();
    write_term(&mut out, t);
    out
}

enum Item {
    T(Term),
    Lit(&'static str),
    /// What follows a list element: nil, more elements, or an improper tail.
    Tail(Term),
    /// Comma-separated elements (`first`: no comma before the first).
    Elems(&'static [Term], bool),
    /// Map pairs from index i: keys tuple elements and value words.
    Pairs(&'static [Term], &'static [Term], usize),
}

/// Which printer: `io_lib:print` (`~p` on one line) or `erlang:display/1`.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Style {
    Print,
    /// As OTP's `erlang:display/1`: floats in C's `%e` form, `=>` without spaces, strings only
    /// of ASCII (and latin-1) text, binaries as text only when all ASCII.
    Display,
}

/// `erlang:display/1`'s rendering (without the newline).
pub fn display_term(t: Term) -> String {
    let mut out = String::new();
    write_term_as(&mut out, t, Style::Display);
    out
}

/// Append the rendering of `t` to `out`.
pub fn write_term(out: &mut String, t: Term) {
    write_term_as(out, t, Style::Print)
}

/// Append the rendering of `t` in `style` to `out`.
pub fn write_term_as(out: &mut String, t: Term, style: Style) {
    let arrow = if style == Style::Display {
        "=>"
    } else {
        " => "
    };
    let mut stack = vec![Item::T(t)];
    while let Some(item) = stack.pop() {
        match item {
            Item::Lit(s) => out.push_str(s),
            Item::Tail(t) => {
                if t.is_nil() {
                } else if t.is_list() {
                    out.push(',');
                    stack.push(Item::Tail(t.tail()));
                    stack.push(Item::T(t.head()));
                } else {
                    out.push('|');
                    stack.push(Item::T(t));
                }
            }
            Item::Elems(xs, first) => {
                if let Some((&x, rest)) = xs.split_first() {
                    if !first {
                        out.push(',');
                    }
                    stack.push(Item::Elems(rest, false));
                    stack.push(Item::T(x));
                }
            }
            Item::Pairs(ks, vs, i) => {
                if i < ks.len() && i < vs.len() {
                    if i > 0 {
                        out.push(',');
                    }
                    stack.push(Item::Pairs(ks, vs, i + 1));
                    stack.push(Item::T(vs[i]));
                    stack.push(Item::Lit(arrow));
                    stack.push(Item::T(ks[i]));
                }
            }
            Item::T(t) => write_one(out, t, &mut stack, style),
        }
    }
}

fn write_one(out: &mut String, t: Term, stack: &mut Vec<Item>, style: Style) {
    if let Some(v) = t.as_small() {
        let _ = write!(out, "{}", v);
    } else if let Some(a) = t.as_atom() {
        write_atom(out, atom::name_str(a));
    } else if t.is_nil() {
        out.push_str("[]");
    } else if t.is_local_pid() {
        let _ = write!(out, "<0.{}.0>", t.pid_id());
    } else if t.is_local_port() {
        let _ = write!(out, "#Port<0.{}>", t.raw() >> 4);
    } else if t.is_list() {
        if let Some(chars) = printable_list(t, style) {
            write_string(out, &chars);
        } else {
            out.push('[');
            stack.push(Item::Lit("]"));
            stack.push(Item::Tail(t.tail()));
            stack.push(Item::T(t.head()));
        }
    } else if t.is_boxed() {
        write_boxed(out, t, stack, style);
    } else {
        out.push_str("<non-term>");
    }
}

fn write_boxed(out: &mut String, t: Term, stack: &mut Vec<Item>, style: Style) {
    match t.box_kind() {
        BoxKind::Tuple => {
            out.push('{');
            stack.push(Item::Lit("}"));
            stack.push(Item::Elems(t.tuple_elements(), true));
        }
        BoxKind::Float if style == Style::Display => out.push_str(&format_float_e(t.float_value())),
        BoxKind::Float => out.push_str(&format_float(t.float_value())),
        BoxKind::PosBig | BoxKind::NegBig => {
            if let Some(v) = bignum::to_ibig(t) {
                let _ = write!(out, "{}", v);
            }
        }
        BoxKind::Map => {
            out.push_str("#{");
            stack.push(Item::Lit("}"));
            if crate::terms::map::is_trie(t) {
                // A hash trie prints in iteration order, as OTP's `~p`.
                let ps = crate::terms::map::pairs(t);
                for (i, &(k, v)) in ps.iter().enumerate().rev() {
                    stack.push(Item::T(v));
                    stack.push(Item::Lit(" => "));
                    stack.push(Item::T(k));
                    if i > 0 {
                        stack.push(Item::Lit(","));
                    }
                }
                return;
            }
            // Flat form: [keys tuple, values...]; the keys tuple is already in map-key order.
            let p = t.tuple_elements();
            if let Some((&keys, vals)) = p.split_first() {
                if keys.is_tuple() {
                    stack.push(Item::Pairs(keys.tuple_elements(), vals, 0));
                }
            }
        }
        BoxKind::Ref => {
            let p = t.payload();
            let n = match p.len() {
                0 => 0u64,
                1 => p[0] as u64,
                _ => (p[0] as u64) | ((p[1] as u64) << 32),
            };
            let _ = write!(out, "#Ref<0.0.0.{}>", n);
        }
        BoxKind::Fun => {
            let p = t.payload();
            let module = p.first().map(|&i| i as u32);
            let index = p.get(1).copied().unwrap_or(0);
            let name = module
                .and_then(fun_info::module_name)
                .map(atom::name_str)
                .unwrap_or("");
            let uniq = module
                .and_then(|m| fun_info::lambda(m, index))
                .map(|l| l.old_uniq)
                .unwrap_or(0);
            out.push_str("#Fun<");
            out.push_str(name);
            let _ = write!(out, ".{}.{}>", index, uniq);
        }
        BoxKind::Export => {
            let p = t.tuple_elements();
            if p.len() == 3 {
                out.push_str("fun ");
                stack.push(Item::T(p[2]));
                stack.push(Item::Lit("/"));
                stack.push(Item::T(p[1]));
                stack.push(Item::Lit(":"));
                stack.push(Item::T(p[0]));
            }
        }
        BoxKind::HeapBin | BoxKind::RefcBin | BoxKind::SubBin | BoxKind::BinBuilder => {
            match bitstring_view(t) {
                Some(v) => write_bitstring(out, v, style),
                None => out.push_str("<<>>"),
            }
        }
        BoxKind::ExternalPid => out.push_str("<external pid>"),
        BoxKind::ExternalPort => out.push_str("#Port<external>"),
        BoxKind::ExternalRef => out.push_str("#Ref<external>"),
        BoxKind::MatchCtx => out.push_str("#MatchState"),
    }
}

// ---------------------------------------------------------------------------------------------
// Strings and binaries

/// io_lib:printable_latin1_list.
#[inline]
fn printable_char(c: usize) -> bool {
    matches!(c, 32..=126 | 160..=255 | 8..=13 | 27)
}

/// What `erlang:display/1` shows as text.
#[inline]
fn display_char(c: usize) -> bool {
    matches!(c, 32..=126 | 160..=255 | 9 | 10 | 13)
}

/// The characters of `t` if it is a non-empty proper list that `~p` (or display) prints as a
/// string.
fn printable_list(mut t: Term, style: Style) -> Option<Vec<char>> {
    let mut chars = Vec::new();
    let ok = if style == Style::Display {
        display_char
    } else {
        printable_char
    };
    while let Some((h, tl)) = t.as_cons() {
        let c = h.as_small()?;
        if c < 0 || !ok(c as usize) {
            return None;
        }
        chars.push(char::from_u32(c as u32)?);
        t = tl;
    }
    if t.is_nil() {
        Some(chars)
    } else {
        None
    }
}

fn push_string_char(out: &mut String, c: char, quote: char) {
    match c {
        '\n' => out.push_str("\\n"),
        '\r' => out.push_str("\\r"),
        '\t' => out.push_str("\\t"),
        '\u{0B}' => out.push_str("\\v"),
        '\u{08}' => out.push_str("\\b"),
        '\u{0C}' => out.push_str("\\f"),
        '\u{1B}' => out.push_str("\\e"),
        '\\' => out.push_str("\\\\"),
        '\u{7F}' => out.push_str("\\d"),
        c if c == quote => {
            out.push('\\');
            out.push(c);
        }
        c if (c as u32) < 32 || (128..160).contains(&(c as u32)) => {
            let _ = write!(out, "\\{:03o}", c as u32);
        }
        c if (c as u32) > 255 => {
            let _ = write!(out, "\\x{{{:X}}}", c as u32);
        }
        c => out.push(c),
    }
}

fn write_string(out: &mut String, chars: &[char]) {
    out.push('"');
    for &c in chars {
        push_string_char(out, c, '"');
    }
    out.push('"');
}

fn write_bitstring(out: &mut String, (bytes, off, bits): (&[u8], usize, usize), style: Style) {
    let ok = |c: u8| match style {
        Style::Print => printable_char(c as usize),
        Style::Display => (32..=126).contains(&c),
    };
    let get = |i: usize| -> u8 {
        let pos = off + i * 8;
        let (q, s) = (pos / 8, pos % 8);
        let hi = bytes.get(q).copied().unwrap_or(0);
        if s == 0 {
            hi
        } else {
            (hi << s) | (bytes.get(q + 1).copied().unwrap_or(0) >> (8 - s))
        }
    };
    let n = bits / 8;
    let rest = bits % 8;
    out.push_str("<<");
    if rest == 0 && n > 0 && (0..n).all(|i| ok(get(i))) {
        out.push('"');
        for i in 0..n {
            push_string_char(out, get(i) as char, '"');
        }
        out.push('"');
    } else {
        for i in 0..n {
            if i > 0 {
                out.push(',');
            }
            let _ = write!(out, "{}", get(i));
        }
        if rest > 0 {
            if n > 0 {
                out.push(',');
            }
            let v = get(n) >> (8 - rest);
            let _ = write!(out, "{}:{}", v, rest);
        }
    }
    out.push_str(">>");
}

// ---------------------------------------------------------------------------------------------
// Atoms

/// Reserved words, printed quoted. `else` and `maybe` are OTP 27's additions (the `maybe`
/// expression): OTP 29 quotes them.
const RESERVED: &[&str] = &[
    "after", "and", "andalso", "band", "begin", "bnot", "bor", "bsl", "bsr", "bxor", "case",
    "catch", "cond", "div", "else", "end", "fun", "if", "let", "maybe", "not", "of", "or",
    "orelse", "receive", "rem", "try", "when", "xor",
];

fn is_lower(c: char) -> bool {
    c.is_ascii_lowercase() || (('\u{DF}'..='\u{FF}').contains(&c) && c != '\u{F7}')
}

fn is_name_char(c: char) -> bool {
    is_lower(c)
        || c.is_ascii_uppercase()
        || c.is_ascii_digit()
        || c == '_'
        || c == '@'
        || (('\u{C0}'..='\u{DE}').contains(&c) && c != '\u{D7}')
}

/// Does `name` need quotes to read back as the same atom?
pub fn atom_needs_quotes(name: &str) -> bool {
    let mut cs = name.chars();
    match cs.next() {
        Some(c) if is_lower(c) => {}
        _ => return true,
    }
    !cs.all(is_name_char) || RESERVED.contains(&name)
}

/// An atom as `~p`/`~w` writes it.
pub fn write_atom(out: &mut String, name: &str) {
    if !atom_needs_quotes(name) {
        out.push_str(name);
        return;
    }
    out.push('\'');
    for c in name.chars() {
        push_string_char(out, c, '\'');
    }
    out.push('\'');
}

// ---------------------------------------------------------------------------------------------
// Floats

/// C's `%e`: one digit, six decimals, a signed exponent of at least two digits.
pub fn format_float_e(f: f64) -> String {
    if !f.is_finite() {
        return format_float(f);
    }
    let s = format!("{:.6e}", f);
    match s.split_once('e') {
        Some((mantissa, exp)) => {
            let (sign, digits) = match exp.strip_prefix('-') {
                Some(d) => ('-', d),
                None => ('+', exp),
            };
            format!("{mantissa}e{sign}{digits:0>2}")
        }
        None => s,
    }
}

/// A float as OTP 25 prints it (`io_lib:format("~p")`, `float_to_list(F, [short])`): the shortest
/// digits that read back as the same float; plain notation when |F| < 2^53 and it is no longer than
/// scientific notation, else scientific.
pub fn format_float(f: f64) -> String {
    if f == 0.0 {
        return if f.is_sign_negative() {
            "-0.0".into()
        } else {
            "0.0".into()
        };
    }
    if !f.is_finite() {
        // Erlang has no such floats; render something rather than fail.
        return format!("{}", f);
    }
    // Rust's `{:e}` is shortest round-trip: "d[.ddd]e[-]x".
    let s = format!("{:e}", f.abs());
    let (mant, exp) = s.split_once('e').unwrap_or((&s, "0"));
    let exp: i32 = exp.parse().unwrap_or(0);
    let mut digits: String = mant.chars().filter(|c| c.is_ascii_digit()).collect();
    even_on_tie(&mut digits, exp, f.abs());
    let sign = if f < 0.0 { "-" } else { "" };

    let sci = {
        let (d0, rest) = digits.split_at(1);
        format!(
            "{}.{}e{}",
            d0,
            if rest.is_empty() { "0" } else { rest },
            exp
        )
    };
    if f.abs() >= 9007199254740992.0 {
        return format!("{}{}", sign, sci);
    }
    let fixed = if exp >= 0 {
        let int_len = exp as usize + 1;
        if digits.len() > int_len {
            format!("{}.{}", &digits[..int_len], &digits[int_len..])
        } else {
            format!("{}{}.0", digits, "0".repeat(int_len - digits.len()))
        }
    } else {
        format!("0.{}{}", "0".repeat((-exp - 1) as usize), digits)
    };
    if fixed.len() <= sci.len() {
        format!("{}{}", sign, fixed)
    } else {
        format!("{}{}", sign, sci)
    }
}

/// OTP (Ryu) breaks an exact tie between two shortest candidates toward the even last digit; Rust's
/// shortest formatting may pick the other one. `digits` × 10^(exp - len + 1) is Rust's choice for `f`
/// (positive, finite).
fn even_on_tie(digits: &mut String, exp: i32, f: f64) {
    let last = digits.as_bytes()[digits.len() - 1] - b'0';
    if last.is_multiple_of(2) {
        return;
    }
    let k = exp - digits.len() as i32 + 1;
    for cand in [last - 1, last + 1] {
        if cand > 9 {
            continue;
        }
        let mut c = digits.clone();
        c.pop();
        c.push((b'0' + cand) as char);
        let reads_back = format!("{}e{}", c, k).parse::<f64>().ok() == Some(f);
        if reads_back && is_midpoint(f, digits, &c, k) {
            *digits = c;
            return;
        }
    }
}

/// Is `f` exactly halfway between the decimals `a`·10^k and `b`·10^k (adjacent, same length)?
fn is_midpoint(f: f64, a: &str, b: &str, k: i32) -> bool {
    use dashu_int::IBig;
    let lo = if a < b { a } else { b };
    // Midpoint = (lo·10 + 5)·10^(k-1); f = m·2^q exactly.
    let Ok(lo) = lo.parse::<IBig>() else {
        return false;
    };
    let n = lo * 10 + 5;
    let j = k - 1;
    let bits = f.to_bits();
    let be = ((bits >> 52) & 0x7ff) as i32;
    let frac = bits & ((1u64 << 52) - 1);
    let (m, q) = if be == 0 {
        (frac, -1074)
    } else {
        (frac | (1u64 << 52), be - 1075)
    };
    let mut l = IBig::from(m);
    let mut r = n;
    let e2 = q - j;
    if e2 >= 0 {
        l <<= e2 as usize;
    } else {
        r <<= (-e2) as usize;
    }
    let five = IBig::from(5);
    if j >= 0 {
        r *= five.pow(j as usize);
    } else {
        l *= five.pow((-j) as usize);
    }
    l == r
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::terms::heap::{Alloc, Arena};

    fn a(s: &str) -> Term {
        Term::atom(atom::intern(s.as_bytes()).unwrap())
    }
    fn s(ar: &mut Arena, text: &str) -> Term {
        let items: Vec<Term> = text.chars().map(|c| Term::small(c as isize)).collect();
        ar.list_from(&items, Term::NIL)
    }

    #[test]
    fn floats() {
        let cases: &[(f64, &str)] = &[
            (1.0, "1.0"),
            (0.1, "0.1"),
            (1.0e10, "1.0e10"),
            (1.5e-7, "1.5e-7"),
            (123456789.0, "123456789.0"),
            (1234567890123.0, "1234567890123.0"),
            (1.0e15, "1.0e15"),
            (12345678901234567.0, "1.2345678901234568e16"),
            (0.001, "0.001"),
            (0.0001, "0.0001"),
            (0.00001, "1.0e-5"),
            (100.0, "100.0"),
            (1.0e23, "1.0e23"),
            (-0.0, "-0.0"),
            (5.0e-324, "5.0e-324"),
            (1.7976931348623157e308, "1.7976931348623157e308"),
            (0.1 + 0.2, "0.30000000000000004"),
            (2.5e-5, "2.5e-5"),
            (3.0e-3, "0.003"),
            (1.0e9, "1.0e9"),
            (123.456, "123.456"),
            (1.2e-4, "1.2e-4"),
            (0.000123, "1.23e-4"),
            (1.0e3, "1.0e3"),
            (1.5e3, "1.5e3"),
            (9007199254740992.0, "9.007199254740992e15"),
            (1234567890123456.7, "1234567890123456.8"),
            (12345678901234560.0, "1.234567890123456e16"),
            (-2.5, "-2.5"),
            (0.5, "0.5"),
            (0.0005, "0.0005"),
            (0.00012345, "1.2345e-4"),
            (1810708287591313.2, "1810708287591313.2"),
            (120427896034916.12, "120427896034916.12"),
            (27308601112544.562, "27308601112544.562"),
            (19120696957786.312, "19120696957786.312"),
            (5.999999999999999e66, "5.999999999999999e66"),
        ];
        for &(f, want) in cases {
            assert_eq!(format_float(f), want, "{:?}", f);
        }
    }

    #[test]
    fn atoms() {
        let cases = [
            ("a", "a"),
            ("A", "'A'"),
            ("hello world", "'hello world'"),
            ("[]", "'[]'"),
            ("after", "'after'"),
            ("maybe", "'maybe'"),
            ("else", "'else'"),
            ("query", "query"),
            ("cond", "'cond'"),
            ("é", "é"),
            ("λ", "'\\x{3BB}'"),
            ("a@b", "a@b"),
            ("a.b", "'a.b'"),
            ("", "''"),
            ("it's", "'it\\'s'"),
            ("a\\b", "'a\\\\b'"),
            ("a\nb", "'a\\nb'"),
            ("a\u{7f}", "'a\\d'"),
            ("a\u{9f}", "'a\\237'"),
            ("a\u{a0}", "'a\u{a0}'"),
            ("aÿ", "aÿ"),
            ("aª", "'aª'"),
            ("Ñ", "'Ñ'"),
            ("ñ", "ñ"),
            ("ß", "ß"),
            ("÷x", "'÷x'"),
            ("a÷", "'a÷'"),
            ("aB9_@", "aB9_@"),
            ("_a", "'_a'"),
            ("\u{1}", "'\\001'"),
            ("\u{0}", "'\\000'"),
            ("\u{10FFFF}", "'\\x{10FFFF}'"),
        ];
        for (name, want) in cases {
            assert_eq!(print_term(a(name)), want, "{:?}", name);
        }
    }

    #[test]
    fn compound() {
        let mut ar = Arena::new();
        let abc = s(&mut ar, "abc");
        assert_eq!(print_term(abc), "\"abc\"");
        let esc = s(&mut ar, "a\"b\\c\n\t\u{1b}\u{b}\u{8}\u{c}\r");
        assert_eq!(print_term(esc), r#""a\"b\\c\n\t\e\v\b\f\r""#);
        let del = s(&mut ar, "\u{7f}");
        assert_eq!(print_term(del), "[127]");
        let lam = ar.list_from(&[Term::small(955)], Term::NIL);
        assert_eq!(print_term(lam), "[955]");
        let lat = s(&mut ar, "\u{a0}\u{ff}");
        assert_eq!(print_term(lat), "\"\u{a0}\u{ff}\"");
        let ab = ar.cons(a("a"), a("b"));
        assert_eq!(print_term(ab), "[a|b]");
        let imp = ar.list_from(&[Term::small(1), Term::small(2)], Term::small(3));
        assert_eq!(print_term(imp), "[1,2|3]");
        let e = ar.list_from(&[], Term::NIL);
        let t0 = ar.tuple(&[]);
        assert_eq!(print_term(t0), "{}");
        let t2 = ar.tuple(&[a("a"), abc, e]);
        assert_eq!(print_term(t2), "{a,\"abc\",[]}");
        let chars97 = ar.list_from(&[Term::small(97), Term::small(98), Term::small(99)], a("d"));
        assert_eq!(print_term(chars97), "[97,98,99|d]");
        let nested = ar.list_from(&[abc, abc], Term::NIL);
        assert_eq!(print_term(nested), "[\"abc\",\"abc\"]");
        let b = ar.heap_binary(b"abc");
        assert_eq!(print_term(b), "<<\"abc\">>");
        let b = ar.heap_binary(&[1, 2, 3]);
        assert_eq!(print_term(b), "<<1,2,3>>");
        let b = ar.heap_binary(b"");
        assert_eq!(print_term(b), "<<>>");
        let b = ar.heap_binary(b"a\nb\"");
        assert_eq!(print_term(b), "<<\"a\\nb\\\"\">>");
        let src = ar.heap_binary(&[0b1010_0000]);
        let bits = ar.boxed_raw(BoxKind::SubBin, &[3, 0, src.raw()]);
        assert_eq!(print_term(bits), "<<5:3>>");
        let src = ar.heap_binary(&[b'a', b'b', b'c', 0b1010_0000]);
        let bits = ar.boxed_raw(BoxKind::SubBin, &[27, 0, src.raw()]);
        assert_eq!(print_term(bits), "<<97,98,99,5:3>>");
        let b = ar.heap_binary(&[160, 255]);
        assert_eq!(print_term(b), "<<\"\u{a0}\u{ff}\">>");
        assert_eq!(print_term(Term::pid(9)), "<0.9.0>");
        let big = bignum::build(&mut ar, &"-12345678901234567890".parse().unwrap());
        assert_eq!(print_term(big), "-12345678901234567890");
        let ex = ar.boxed_raw(
            BoxKind::Export,
            &[a("lists").raw(), a("map").raw(), Term::small(2).raw()],
        );
        assert_eq!(print_term(ex), "fun lists:map/2");
        let r = ar.boxed_raw(BoxKind::Ref, &[42]);
        assert_eq!(print_term(r), "#Ref<0.0.0.42>");
        let keys = ar.tuple(&[a("a"), a("b")]);
        let two = ar.list_from(&[Term::small(2)], Term::NIL);
        let m = ar.boxed_raw(BoxKind::Map, &[keys.raw(), two.raw(), Term::small(1).raw()]);
        assert_eq!(print_term(m), "#{a => [2],b => 1}");
        let keys = ar.tuple(&[]);
        let m = ar.boxed_raw(BoxKind::Map, &[keys.raw()]);
        assert_eq!(print_term(m), "#{}");
        let f = ar.float(-1.5e-7);
        let l = ar.list_from(&[f], Term::NIL);
        assert_eq!(print_term(l), "[-1.5e-7]");
    }

    #[test]
    fn long_and_deep() {
        let mut ar = Arena::new();
        let mut l = Term::NIL;
        for _ in 0..1_000_000 {
            l = ar.cons(a("x"), l);
        }
        assert_eq!(print_term(l).len(), 2 + 2 * 1_000_000 - 1);
        let mut t = Term::NIL;
        for _ in 0..100_000 {
            t = ar.tuple(&[t]);
        }
        assert_eq!(print_term(t).len(), 2 + 2 * 100_000);
    }
}
