//! `unicode:characters_to_binary/1,2,3` and `unicode:characters_to_list/1,2`.
//!
//! OTP has two implementations whose `{error, Converted, Rest}` / `{incomplete, Converted, Rest}`
//! results differ in shape, and we follow each:
//! - the C BIF (`characters_to_binary/2`, `characters_to_list/2` for latin1/utf8 input, and
//!   `characters_to_binary/3` from latin1/utf8 to utf8): the whole argument is type-checked first
//!   (`badarg`), then converted. `Rest` is the unconverted part: the list from the failing element
//!   (or the binary from the failing byte) wrapped as `[Rest | Tail]` once per enclosing list. A
//!   UTF-8 sequence cut at the end of a binary is carried into the next binary; if an integer or the
//!   end comes first, `Rest` is `[Leftover, Rest]` (or the leftover alone at the end).
//! - `unicode.erl`'s `ml_map` for every other pair (utf16, utf32, output to latin1): checks lazily,
//!   splits binaries above 8192 bytes, and nests `Rest` as its clauses do.
//!
//! Both walk nested lists with explicit stacks. A result's `Rest` is first described (`D`) with
//! references to argument subterms, then built after one reservation that keeps them alive.

use crate::code::native::Ctx;
use crate::natives::binaries::{build_part, PART_WORDS};
use crate::natives::registry::BifEntry;
use crate::terms::atom;
use crate::terms::bignum;
use crate::terms::binary::bitstring_words;
use crate::terms::binary::build_bitstring;
use crate::terms::binary::bytes_of;
use crate::terms::compare::bitstring_view;
use crate::terms::exception::{BifResult, Exception};
use crate::terms::heap::{words, Alloc};
use crate::terms::term::Term;

#[derive(Copy, Clone, PartialEq, Eq, Debug)]
enum Enc {
    Latin1,
    Utf8,
    Utf16 { big: bool },
    Utf32 { big: bool },
}

fn encoding(t: Term) -> Option<Enc> {
    if let Some(a) = t.as_atom() {
        return match a {
            atom::LATIN1 => Some(Enc::Latin1),
            atom::UNICODE | atom::UTF8 => Some(Enc::Utf8),
            atom::UTF16 => Some(Enc::Utf16 { big: true }),
            atom::UTF32 => Some(Enc::Utf32 { big: true }),
            _ => None,
        };
    }
    let &[k, e] = t.as_tuple()? else {
        return None;
    };
    let big = match e.as_atom()? {
        atom::BIG => true,
        atom::LITTLE => false,
        _ => return None,
    };
    match k.as_atom()? {
        atom::UTF16 => Some(Enc::Utf16 { big }),
        atom::UTF32 => Some(Enc::Utf32 { big }),
        _ => None,
    }
}

fn valid_cp(v: i64) -> bool {
    (0..=0x10FFFF).contains(&v) && !(0xD800..=0xDFFF).contains(&v)
}

/// An integer term's value if it fits i64 (bignums beyond that are out of every range anyway).
fn int_value(t: Term) -> Option<i64> {
    if let Some(v) = t.as_small() {
        return Some(v as i64);
    }
    let v = bignum::to_i128(t)?;
    Some(v.clamp(i64::MIN as i128, i64::MAX as i128) as i64)
}

// ---------------------------------------------------------------------------------------------
// Descriptions of result terms

/// A term to build: an argument subterm, part of an argument binary, a new binary, a cons, nil.
#[derive(Clone, Debug)]
enum D {
    T(Term),
    Sub(Term, usize, usize),
    New(Vec<u8>),
    Cons(Box<D>, Box<D>),
    Nil,
}

impl D {
    fn cons(h: D, t: D) -> D {
        D::Cons(Box::new(h), Box::new(t))
    }

    /// Bytes of a binary description (T must be a binary).
    fn bytes(&self) -> Vec<u8> {
        match self {
            D::T(t) => bytes_of(*t).map(|b| b.into_owned()).unwrap_or_default(),
            D::Sub(t, off, len) => bytes_of(*t)
                .and_then(|b| b.get(*off..off + len).map(|s| s.to_vec()))
                .unwrap_or_default(),
            D::New(b) => b.clone(),
            _ => Vec::new(),
        }
    }

    /// Bytes `from..from+len` of a binary description, as a description.
    fn slice(&self, from: usize, len: usize) -> D {
        match self {
            D::T(t) => D::Sub(*t, from, len),
            D::Sub(t, off, _) => D::Sub(*t, off + from, len),
            _ => D::New(self.bytes()[from..from + len].to_vec()),
        }
    }

    fn words(&self) -> usize {
        match self {
            D::T(_) | D::Nil => 0,
            D::Sub(..) => PART_WORDS,
            D::New(b) => bitstring_words(b.len() * 8),
            D::Cons(h, t) => words::CONS + h.words() + t.words(),
        }
    }

    /// Push the terms this description refers to (roots for the reservation), in build order.
    fn roots(&self, out: &mut Vec<Term>) {
        match self {
            D::T(t) | D::Sub(t, ..) => out.push(*t),
            D::Cons(h, t) => {
                h.roots(out);
                t.roots(out);
            }
            _ => {}
        }
    }

    /// Build, taking referenced terms from `roots` in the order `roots()` gave them.
    fn build<A: Alloc + ?Sized>(&self, a: &mut A, roots: &mut std::slice::Iter<Term>) -> Term {
        match self {
            D::T(_) => roots.next().copied().unwrap_or(Term::NIL),
            D::Sub(_, off, len) => match roots.next() {
                Some(&t) => build_part(a, t, *off, *len),
                None => Term::NIL,
            },
            D::New(b) => build_bitstring(a, b, b.len() * 8),
            D::Cons(h, t) => {
                let h = h.build(a, roots);
                let t = t.build(a, roots);
                a.cons(h, t)
            }
            D::Nil => Term::NIL,
        }
    }
}

/// The unconverted rest: `base` wrapped as `[Rest | W]` for each of `wraps` in order, then, if
/// `left` is set, `[Left, Rest]`.
struct Rest {
    base: D,
    wraps: Vec<D>,
    left: Option<Vec<u8>>,
}

impl Rest {
    fn of(base: D) -> Rest {
        Rest {
            base,
            wraps: Vec::new(),
            left: None,
        }
    }
}

/// How a conversion ended.
enum Outcome {
    Done,
    Error(Rest),
    Incomplete(D),
}

/// Converted data: code points (C engine) or encoded bytes (ml_map engine).
enum Converted {
    Chars(Vec<u32>),
    Bytes(Vec<u8>),
}

#[derive(Copy, Clone, PartialEq)]
enum Want {
    Binary,
    List,
}

fn utf8_encode(cps: &[u32]) -> Vec<u8> {
    let s: String = cps.iter().filter_map(|&c| char::from_u32(c)).collect();
    s.into_bytes()
}

fn utf8_decode(b: &[u8]) -> Vec<u32> {
    String::from_utf8_lossy(b)
        .chars()
        .map(|c| c as u32)
        .collect()
}

/// Build the final result term.
fn finish(ctx: &mut Ctx, conv: Converted, outcome: Outcome, want: Want) -> BifResult {
    let conv_bin;
    let conv_chars;
    match (conv, want) {
        (Converted::Chars(c), Want::List) => {
            conv_chars = c;
            conv_bin = Vec::new();
        }
        (Converted::Chars(c), Want::Binary) => {
            conv_bin = utf8_encode(&c);
            conv_chars = Vec::new();
        }
        (Converted::Bytes(b), Want::List) => {
            conv_chars = utf8_decode(&b);
            conv_bin = Vec::new();
        }
        (Converted::Bytes(b), Want::Binary) => {
            conv_bin = b;
            conv_chars = Vec::new();
        }
    }
    if conv_bin.len() > crate::terms::binary::MAX_BYTES {
        return Err(Exception::system_limit());
    }
    let conv_words = match want {
        Want::Binary => bitstring_words(conv_bin.len() * 8),
        Want::List => words::list(conv_chars.len()),
    };
    let mut roots = Vec::new();
    let (need, tag) = match &outcome {
        Outcome::Done => (conv_words, None),
        Outcome::Incomplete(d) => {
            d.roots(&mut roots);
            (
                conv_words + d.words() + words::tuple(3),
                Some(atom::INCOMPLETE),
            )
        }
        Outcome::Error(r) => {
            r.base.roots(&mut roots);
            let mut n = r.base.words();
            for w in &r.wraps {
                w.roots(&mut roots);
                n += words::CONS + w.words();
            }
            if let Some(l) = &r.left {
                n += 2 * words::CONS + bitstring_words(l.len() * 8);
            }
            (conv_words + n + words::tuple(3), Some(atom::ERROR))
        }
    };
    let mut r = ctx.reserve(need, &mut roots);
    let conv = match want {
        Want::Binary => build_bitstring(&mut r, &conv_bin, conv_bin.len() * 8),
        Want::List => {
            let mut acc = Term::NIL;
            for &c in conv_chars.iter().rev() {
                acc = r.cons(Term::small(c as isize), acc);
            }
            acc
        }
    };
    let Some(tag) = tag else {
        return Ok(conv);
    };
    let mut it = roots.iter();
    let rest = match &outcome {
        Outcome::Incomplete(d) => d.build(&mut r, &mut it),
        Outcome::Error(rest) => {
            let mut acc = rest.base.build(&mut r, &mut it);
            for w in &rest.wraps {
                let t = w.build(&mut r, &mut it);
                acc = r.cons(acc, t);
            }
            if let Some(l) = &rest.left {
                let lb = build_bitstring(&mut r, l, l.len() * 8);
                let tl = r.cons(acc, Term::NIL);
                acc = r.cons(lb, tl);
            }
            acc
        }
        Outcome::Done => Term::NIL,
    };
    Ok(r.tuple(&[Term::atom(tag), conv, rest]))
}

// ---------------------------------------------------------------------------------------------
// The C engine: latin1 or UTF-8 input, code points out.

/// Is `t` chardata by type: integers, binaries and lists thereof, with list or binary tails?
fn well_typed(t: Term) -> bool {
    let mut stack = vec![t];
    while let Some(mut cur) = stack.pop() {
        loop {
            if let Some((h, tl)) = cur.as_cons() {
                if h.is_list_or_nil() {
                    stack.push(h);
                } else if !h.is_integer() && bytes_of(h).is_none() {
                    return false;
                }
                cur = tl;
            } else if cur.is_nil() || bitstring_view(cur).is_some_and(|v| v.2 % 8 == 0) {
                break;
            } else {
                return false;
            }
        }
    }
    true
}

/// Length of the UTF-8 sequence a lead byte starts, as the C code sees it (None: never a lead).
fn seq_len(b0: u8) -> Option<usize> {
    match b0 {
        0x00..=0x7F => Some(1),
        0xC0..=0xDF => Some(2),
        0xE0..=0xEF => Some(3),
        0xF0..=0xF7 => Some(4),
        _ => None,
    }
}

/// A lead byte followed only by continuation bytes, fewer than the sequence needs.
fn cut_sequence(b: &[u8]) -> bool {
    match b.first().and_then(|&b0| seq_len(b0)) {
        Some(n) if n > 1 => b.len() < n && b[1..].iter().all(|&c| c & 0xC0 == 0x80),
        _ => false,
    }
}

/// One complete, valid UTF-8 sequence.
fn decode_one(b: &[u8]) -> Option<u32> {
    let s = std::str::from_utf8(b).ok()?;
    let mut cs = s.chars();
    let c = cs.next()?;
    cs.next().is_none().then_some(c as u32)
}

struct CEngine {
    latin1: bool,
    out: Vec<u32>,
    /// Bytes of a UTF-8 sequence cut at the end of a binary, and the sequence's length.
    left: Option<(Vec<u8>, usize)>,
}

impl CEngine {
    /// Convert binary `bin`; Err(rest base, leftover) when it fails.
    fn binary(&mut self, bin: Term) -> Result<(), (D, Option<Vec<u8>>)> {
        let bytes = bytes_of(bin).unwrap_or_default();
        let b: &[u8] = &bytes;
        if self.latin1 {
            self.out.extend(b.iter().map(|&c| c as u32));
            return Ok(());
        }
        let mut p = 0;
        if let Some((mut l, n)) = self.left.take() {
            if l.len() + b.len() < n {
                l.extend_from_slice(b);
                self.left = Some((l, n));
                return Ok(());
            }
            let k = n - l.len();
            let mut joined = l.clone();
            joined.extend_from_slice(&b[..k]);
            match decode_one(&joined) {
                Some(c) => self.out.push(c),
                None => return Err((D::T(bin), Some(l))),
            }
            p = k;
        }
        while p < b.len() {
            if b[p] < 0x80 {
                self.out.push(b[p] as u32);
                p += 1;
                continue;
            }
            let n = seq_len(b[p]).unwrap_or(0);
            if n > 1 && p + n <= b.len() {
                if let Some(c) = decode_one(&b[p..p + n]) {
                    self.out.push(c);
                    p += n;
                    continue;
                }
            } else if cut_sequence(&b[p..]) {
                self.left = Some((b[p..].to_vec(), n));
                return Ok(());
            }
            return Err((D::Sub(bin, p, b.len() - p), None));
        }
        Ok(())
    }

    fn run(&mut self, t: Term) -> Outcome {
        let mut stack: Vec<Term> = Vec::new();
        let error = |base: D, stack: &[Term], left: Option<Vec<u8>>| {
            Outcome::Error(Rest {
                base,
                wraps: stack.iter().rev().map(|&t| D::T(t)).collect(),
                left,
            })
        };
        let mut cur = t;
        loop {
            if let Some((h, tl)) = cur.as_cons() {
                if h.is_integer() {
                    if let Some((l, _)) = self.left.take() {
                        return error(D::T(cur), &stack, Some(l));
                    }
                    let ok = int_value(h).filter(|&v| {
                        if self.latin1 {
                            (0..=255).contains(&v)
                        } else {
                            valid_cp(v)
                        }
                    });
                    match ok {
                        Some(v) => self.out.push(v as u32),
                        None => return error(D::T(cur), &stack, None),
                    }
                    cur = tl;
                    continue;
                }
                stack.push(tl);
                if h.is_list_or_nil() {
                    cur = h;
                    continue;
                }
                if let Err((base, left)) = self.binary(h) {
                    return error(base, &stack, left);
                }
            } else if !cur.is_nil() {
                if let Err((base, left)) = self.binary(cur) {
                    return error(base, &stack, left);
                }
            }
            // `cur` is done: continue with the innermost pending tail.
            match stack.pop() {
                Some(t) => cur = t,
                None => break,
            }
        }
        match self.left.take() {
            None => Outcome::Done,
            Some((l, _)) if cut_sequence(&l) => Outcome::Incomplete(D::New(l)),
            Some((l, _)) => Outcome::Error(Rest::of(D::New(l))),
        }
    }
}

fn c_engine(ctx: &mut Ctx, args: &mut [Term], latin1: bool, want: Want) -> BifResult {
    if !well_typed(args[0]) {
        return Err(Exception::badarg());
    }
    let mut e = CEngine {
        latin1,
        out: Vec::new(),
        left: None,
    };
    let outcome = e.run(args[0]);
    finish(ctx, Converted::Chars(e.out), outcome, want)
}

// ---------------------------------------------------------------------------------------------
// The ml_map engine

/// How decoding a binary ended: all of it, a cut sequence at `pos` missing `n` bytes, or an
/// invalid one at `pos`.
enum Dec {
    All,
    Cut(usize, usize),
    Bad(usize),
}

/// One code point at the start of `b` in `enc` as the bit syntax reads it, and its length.
fn decode_at(enc: Enc, b: &[u8]) -> Option<(u32, usize)> {
    match enc {
        Enc::Latin1 => b.first().map(|&c| (c as u32, 1)),
        Enc::Utf8 => {
            let n = match seq_len(*b.first()?)? {
                n if n <= b.len() => n,
                _ => return None,
            };
            decode_one(&b[..n]).map(|c| (c, n))
        }
        Enc::Utf16 { big } => {
            let w = |i: usize| -> Option<u32> {
                let p = b.get(i..i + 2)?;
                Some(if big {
                    u16::from_be_bytes([p[0], p[1]])
                } else {
                    u16::from_le_bytes([p[0], p[1]])
                } as u32)
            };
            let w1 = w(0)?;
            match w1 {
                0xD800..=0xDBFF => {
                    let w2 = w(2)?;
                    (0xDC00..=0xDFFF)
                        .contains(&w2)
                        .then(|| (0x10000 + ((w1 - 0xD800) << 10) + (w2 - 0xDC00), 4))
                }
                0xDC00..=0xDFFF => None,
                _ => Some((w1, 2)),
            }
        }
        Enc::Utf32 { big } => {
            let p = b.get(..4)?;
            let v = if big {
                u32::from_be_bytes([p[0], p[1], p[2], p[3]])
            } else {
                u32::from_le_bytes([p[0], p[1], p[2], p[3]])
            };
            valid_cp(v as i64).then_some((v, 4))
        }
    }
}

/// unicode.erl's `cbv/2`: how many bytes a cut sequence lacks (None: it is invalid).
fn cbv(enc: Enc, r: &[u8]) -> Option<usize> {
    let cont = |c: u8| c & 0xC0 == 0x80;
    match enc {
        Enc::Latin1 => None,
        Enc::Utf8 => match r {
            [a] if a & 0xE0 == 0xC0 => Some(1),
            [a, rest @ ..] if a & 0xF0 == 0xE0 => match rest {
                [] => Some(2),
                [c] if cont(*c) => Some(1),
                _ => None,
            },
            [a, rest @ ..] if a & 0xF8 == 0xF0 => match rest {
                [] => Some(3),
                [c] if cont(*c) => Some(2),
                [c, d] if cont(*c) && cont(*d) => Some(1),
                _ => None,
            },
            _ => None,
        },
        Enc::Utf16 { big: true } => match r {
            [a] if *a <= 215 || *a >= 224 => Some(1),
            [a] if a >> 2 == 54 => Some(3),
            [a, _] if a >> 2 == 54 => Some(2),
            [a, _, c] if a >> 2 == 54 && c >> 2 == 55 => Some(1),
            _ => None,
        },
        Enc::Utf16 { big: false } => match r {
            [_] => Some(1),
            [_, b] if b >> 2 == 54 => Some(2),
            [_, b, _] if b >> 2 == 54 => Some(1),
            _ => None,
        },
        Enc::Utf32 { big: true } => match r {
            [0] => Some(3),
            [0, x] if *x <= 16 => Some(2),
            [0, x, y] if *x <= 16 && (*x > 0 || *y <= 215 || *y >= 224) => Some(1),
            _ => None,
        },
        Enc::Utf32 { big: false } => match r {
            [_] => Some(3),
            [_, _] => Some(2),
            [x, 255, 0] if *x == 254 || *x == 255 => None,
            [_, y, x] if *x <= 16 && (*x > 0 || *y <= 215 || *y >= 224) => Some(1),
            _ => None,
        },
    }
}

/// unicode.erl's `i_trans` (or `i_trans_chk` when `chk`: code points above 255 fail). (OTP 25's
/// utf32 `_chk` decoder crashed on a cut sequence after a character; OTP 26+ reports it as
/// incomplete like the others, and so do we.)
fn in_trans(enc: Enc, chk: bool, b: &[u8], out: &mut Vec<u32>) -> Result<Dec, ()> {
    let mut p = 0;
    while p < b.len() {
        match decode_at(enc, &b[p..]) {
            Some((c, n)) if !chk || c <= 255 => {
                out.push(c);
                p += n;
            }
            Some(_) => return Ok(Dec::Bad(p)),
            None => {
                return Ok(match cbv(enc, &b[p..]) {
                    Some(n) => Dec::Cut(p, n),
                    None => Dec::Bad(p),
                })
            }
        }
    }
    Ok(Dec::All)
}

fn o_trans(enc: Enc, cps: &[u32], out: &mut Vec<u8>) {
    for &c in cps {
        match enc {
            Enc::Latin1 => out.push(c as u8),
            Enc::Utf8 => {
                let mut buf = [0u8; 4];
                if let Some(ch) = char::from_u32(c) {
                    out.extend_from_slice(ch.encode_utf8(&mut buf).as_bytes());
                }
            }
            Enc::Utf16 { big } => {
                let mut buf = [0u16; 2];
                if let Some(ch) = char::from_u32(c) {
                    for w in ch.encode_utf16(&mut buf) {
                        out.extend_from_slice(&if big {
                            w.to_be_bytes()
                        } else {
                            w.to_le_bytes()
                        });
                    }
                }
            }
            Enc::Utf32 { big } => out.extend_from_slice(&if big {
                c.to_be_bytes()
            } else {
                c.to_le_bytes()
            }),
        }
    }
}

const CHUNK: usize = 8192;

struct MlMap {
    inp: Enc,
    out: Enc,
    chk: bool,
    limit: i64,
    acc: Vec<u8>,
    /// A cut sequence carried to the next binary, and how many bytes it lacks.
    inc: Option<(D, usize)>,
}

/// What `ml_map` does next with a description: what its head or itself is.
enum Shape {
    Nil,
    Cons(D, D),
    Bin(D, usize),
    Int(Term),
    Other,
}

fn shape(d: &D) -> Shape {
    match d {
        D::Nil => Shape::Nil,
        D::Cons(h, t) => Shape::Cons((**h).clone(), (**t).clone()),
        D::Sub(_, _, n) => Shape::Bin(d.clone(), *n),
        D::New(b) => Shape::Bin(d.clone(), b.len()),
        D::T(t) => {
            let t = *t;
            if t.is_nil() {
                Shape::Nil
            } else if let Some((h, tl)) = t.as_cons() {
                Shape::Cons(D::T(h), D::T(tl))
            } else if t.is_integer() {
                Shape::Int(t)
            } else if let Some(b) = bytes_of(t) {
                Shape::Bin(d.clone(), b.len())
            } else {
                Shape::Other
            }
        }
    }
}

enum Step {
    Ok,
    Cut(D, usize),
    Bad(D),
}

impl MlMap {
    /// The fun unicode.erl passes to ml_map, on a binary.
    fn fun_bin(&mut self, part: &D) -> Result<Step, ()> {
        let b = part.bytes();
        let mut cps = Vec::new();
        let r = in_trans(self.inp, self.chk, &b, &mut cps)?;
        o_trans(self.out, &cps, &mut self.acc);
        Ok(match r {
            Dec::All => Step::Ok,
            Dec::Cut(p, n) => Step::Cut(part.slice(p, b.len() - p), n),
            Dec::Bad(p) => Step::Bad(part.slice(p, b.len() - p)),
        })
    }

    /// The fun on an integer: Ok(true) converted, Ok(false) `{error, Accum, [Part]}`.
    fn fun_int(&mut self, t: Term) -> Result<bool, ()> {
        let v = int_value(t).unwrap_or(i64::MAX);
        if v > self.limit {
            return Ok(false);
        }
        if self.out == Enc::Latin1 {
            // list_to_binary([Part]) fails on a negative integer.
            if v < 0 {
                return Err(());
            }
            self.acc.push(v as u8);
            return Ok(true);
        }
        if !valid_cp(v) {
            return Ok(false);
        }
        o_trans(self.out, &[v as u32], &mut self.acc);
        Ok(true)
    }

    fn run(&mut self, t: Term) -> Result<Outcome, ()> {
        let mut stack: Vec<D> = Vec::new();
        let error = |base: D, stack: &[D]| {
            Ok(Outcome::Error(Rest {
                base,
                wraps: stack.iter().rev().cloned().collect(),
                left: None,
            }))
        };
        let mut cur = D::T(t);
        loop {
            // Each arm either continues with a new `cur` or falls through to "return".
            match shape(&cur) {
                Shape::Nil => {}
                Shape::Cons(h, tl) => match shape(&h) {
                    Shape::Int(i) => {
                        if let Some((inc, _)) = self.inc.take() {
                            return error(D::cons(inc, cur), &stack);
                        }
                        if !self.fun_int(i)? {
                            return error(D::cons(D::cons(h, D::Nil), tl), &stack);
                        }
                        cur = tl;
                        continue;
                    }
                    Shape::Bin(part, size) => {
                        if let Some((inc, missing)) = self.inc.take() {
                            if size >= missing {
                                let mut joined = inc.bytes();
                                joined.extend(part.slice(0, missing).bytes());
                                let trailing = part.slice(missing, size - missing);
                                cur = D::cons(D::New(joined), D::cons(trailing, tl));
                            } else {
                                let mut joined = inc.bytes();
                                joined.extend(part.bytes());
                                self.inc = Some((D::New(joined), missing - size));
                                cur = tl;
                            }
                            continue;
                        }
                        if size > CHUNK {
                            let (a, b) = (part.slice(0, CHUNK), part.slice(CHUNK, size - CHUNK));
                            cur = D::cons(a, D::cons(b, tl));
                            continue;
                        }
                        match self.fun_bin(&part)? {
                            Step::Ok => {}
                            Step::Cut(r, n) => self.inc = Some((r, n)),
                            Step::Bad(r) => return error(D::cons(r, tl), &stack),
                        }
                        cur = tl;
                        continue;
                    }
                    Shape::Nil | Shape::Cons(..) => {
                        stack.push(tl);
                        cur = h;
                        continue;
                    }
                    Shape::Other => return Err(()),
                },
                Shape::Bin(bin, size) => {
                    if let Some((inc, missing)) = self.inc.take() {
                        if size >= missing {
                            cur = D::cons(inc, D::cons(bin, D::Nil));
                            continue;
                        }
                        let mut joined = inc.bytes();
                        joined.extend(bin.bytes());
                        self.inc = Some((D::New(joined), missing - size));
                    } else if size > CHUNK {
                        let (a, b) = (bin.slice(0, CHUNK), bin.slice(CHUNK, size - CHUNK));
                        cur = D::cons(a, D::cons(b, D::Nil));
                        continue;
                    } else {
                        match self.fun_bin(&bin)? {
                            Step::Ok => {}
                            Step::Cut(r, n) => self.inc = Some((r, n)),
                            Step::Bad(r) => return error(r, &stack),
                        }
                    }
                }
                Shape::Int(_) | Shape::Other => return Err(()),
            }
            // This level returned: the caller continues with its tail.
            match stack.pop() {
                Some(t) => cur = t,
                None => break,
            }
        }
        Ok(match self.inc.take() {
            None => Outcome::Done,
            Some((inc, _)) => Outcome::Incomplete(inc),
        })
    }
}

fn ml_map(ctx: &mut Ctx, args: &mut [Term], inp: Enc, out: Enc, want: Want) -> BifResult {
    let mut m = MlMap {
        inp,
        out,
        chk: out == Enc::Latin1,
        limit: if out == Enc::Latin1 || inp == Enc::Latin1 {
            255
        } else {
            0x10FFFF
        },
        acc: Vec::new(),
        inc: None,
    };
    let outcome = m.run(args[0]).map_err(|_| Exception::badarg())?;
    finish(ctx, Converted::Bytes(m.acc), outcome, want)
}

// ---------------------------------------------------------------------------------------------
// BIFs

/// `characters_to_binary/2` and `characters_to_list/2` (the C BIFs, which hand utf16/utf32 input
/// to unicode.erl with utf8 output).
fn to_utf8(ctx: &mut Ctx, args: &mut [Term], inp: Term, want: Want) -> BifResult {
    match encoding(inp).ok_or_else(Exception::badarg)? {
        Enc::Latin1 => c_engine(ctx, args, true, want),
        Enc::Utf8 => c_engine(ctx, args, false, want),
        e => ml_map(ctx, args, e, Enc::Utf8, want),
    }
}

fn characters_to_binary1(ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    to_utf8(ctx, args, Term::atom(atom::UNICODE), Want::Binary)
}

fn characters_to_binary2(ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    to_utf8(ctx, args, args[1], Want::Binary)
}

fn characters_to_list1(ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    to_utf8(ctx, args, Term::atom(atom::UNICODE), Want::List)
}

fn characters_to_list2(ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    to_utf8(ctx, args, args[1], Want::List)
}

fn characters_to_binary3(ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    let inp = encoding(args[1]);
    let out = encoding(args[2]);
    // unicode.erl returns some arguments unchanged before looking at the encodings' validity.
    let is_bin = bytes_of(args[0]);
    let same = match (inp, out) {
        (Some(Enc::Latin1), Some(Enc::Latin1)) => is_bin.is_some(),
        (Some(Enc::Latin1), Some(Enc::Utf8)) | (Some(Enc::Utf8), Some(Enc::Latin1)) => {
            is_bin.is_some_and(|b| b.is_ascii())
        }
        _ => false,
    };
    if same {
        return Ok(args[0]);
    }
    match (inp, out) {
        (Some(Enc::Latin1), Some(Enc::Utf8)) => c_engine(ctx, args, true, Want::Binary),
        (Some(Enc::Utf8), Some(Enc::Utf8)) => c_engine(ctx, args, false, Want::Binary),
        (Some(i), Some(o)) => ml_map(ctx, args, i, o, Want::Binary),
        _ => Err(Exception::badarg()),
    }
}

const fn u(function: &'static str, arity: u32, f: crate::code::native::BifFn) -> BifEntry {
    BifEntry::new("unicode", function, arity, f)
}

pub const BIFS: &[BifEntry] = &[
    u("characters_to_binary", 1, characters_to_binary1),
    u("characters_to_binary", 2, characters_to_binary2),
    u("characters_to_binary", 3, characters_to_binary3),
    u("characters_to_list", 1, characters_to_list1),
    u("characters_to_list", 2, characters_to_list2),
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
    fn deep_lists_do_not_recurse() {
        let mut ar = Arena::new();
        let mut t = ar.list_from(&[Term::small(0xE9)], Term::NIL);
        for _ in 0..100_000 {
            t = ar.cons(t, Term::NIL);
        }
        assert_eq!(show(characters_to_binary1, &[t]), "<<\"Ã©\">>");
        let tup = ar.tuple(&[at("utf16"), at("little")]);
        assert_eq!(
            show(characters_to_binary3, &[t, at("latin1"), tup]),
            "<<233,0>>"
        );
        let bad = ar.list_from(&[Term::small(-1)], Term::NIL);
        let mut d = bad;
        for _ in 0..3 {
            d = ar.cons(d, Term::NIL);
        }
        assert_eq!(show(characters_to_binary1, &[d]), "{error,<<>>,[[[[-1]]]]}");
    }

    #[test]
    fn c_engine_rest_shapes() {
        let mut ar = Arena::new();
        let b1 = ar.heap_binary(&[98, 195]);
        let inner = ar.list_from(&[b1, Term::small(100)], Term::NIL);
        let t = ar.list_from(&[Term::small(97), inner, Term::small(101)], Term::NIL);
        assert_eq!(
            show(characters_to_binary1, &[t]),
            "{error,<<\"ab\">>,[<<\"Ã\">>,[\"d\",101]]}"
        );
        let cut = ar.heap_binary(&[97, 226, 130]);
        assert_eq!(
            show(characters_to_list1, &[cut]),
            "{incomplete,\"a\",<<226,130>>}"
        );
    }
}
