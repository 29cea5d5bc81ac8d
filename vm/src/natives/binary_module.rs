//! The `binary` module: byte access, parts, copies, searching (match, matches, split, replace),
//! compiled patterns, unsigned encodings and common prefixes/suffixes.
//!
//! Searching follows OTP: among several patterns the leftmost match wins, and of those starting at
//! the same byte the longest; `matches` and global `split`/`replace` continue after each match
//! (matches never overlap). Each pattern is searched with KMP (linear in the subject); with several
//! patterns each one's next occurrence is cached and only searched again once the scan passes it,
//! so the total work stays linear in the subject per pattern.
//!
//! A compiled pattern (`compile_pattern/1`) is the opaque tuple `{bm, Bin}` for one pattern or
//! `{ac, [Bin]}` for several (OTP hands out `{bm | ac, Ref}`; programs only pass it back).

use crate::code::native::Ctx;
use crate::natives::binaries::{
    arg_usize, base_byte_size, binary_part_of, build_byte_list, build_part, iolist_bits,
    make_byte_list, part_range, IoMode, PART_WORDS,
};
use crate::natives::registry::BifEntry;
use crate::natives::results::make_binary;
use crate::terms::atom;
use crate::terms::bignum;
use crate::terms::binary::bytes_of;
use crate::terms::binary::MAX_BYTES;
use crate::terms::exception::{BifResult, Exception};
use crate::terms::heap::{words, Alloc};
use crate::terms::term::Term;
use dashu_int::{IBig, UBig};

fn badarg<T>() -> Result<T, Exception> {
    Err(Exception::badarg())
}

/// The bytes of a binary argument, or `badarg`.
fn bin_arg(t: Term) -> Result<std::borrow::Cow<'static, [u8]>, Exception> {
    bytes_of(t).ok_or_else(Exception::badarg)
}

// ---------------------------------------------------------------------------------------------
// Searching

/// One pattern with its KMP failure table.
struct Kmp {
    pat: Vec<u8>,
    /// fail[i]: length of the longest proper border of pat[..=i].
    fail: Vec<usize>,
}

impl Kmp {
    fn new(pat: Vec<u8>) -> Kmp {
        let mut fail = vec![0usize; pat.len()];
        let mut k = 0;
        for i in 1..pat.len() {
            while k > 0 && pat[i] != pat[k] {
                k = fail[k - 1];
            }
            if pat[i] == pat[k] {
                k += 1;
            }
            fail[i] = k;
        }
        Kmp { pat, fail }
    }

    /// Start of the first occurrence in `hay` at or after `from`.
    fn find(&self, hay: &[u8], from: usize) -> Option<usize> {
        let m = self.pat.len();
        if m == 0 || from >= hay.len() {
            return None;
        }
        let first = self.pat[0];
        let mut j = 0;
        let mut i = from;
        while i < hay.len() {
            if j == 0 {
                // Skip quickly to the next possible start.
                i += hay[i..].iter().position(|&b| b == first)?;
            }
            let b = hay[i];
            while j > 0 && b != self.pat[j] {
                j = self.fail[j - 1];
            }
            if b == self.pat[j] {
                j += 1;
                if j == m {
                    return Some(i + 1 - m);
                }
            }
            i += 1;
        }
        None
    }
}

/// Searches a subject for a set of patterns, left to right.
struct Searcher {
    pats: Vec<Kmp>,
    /// Per pattern: its next occurrence at or after the position last asked for (None: none left),
    /// and the position it was computed from.
    cache: Vec<Option<(usize, Option<usize>)>>,
}

impl Searcher {
    fn new(pats: Vec<Vec<u8>>) -> Searcher {
        let n = pats.len();
        Searcher {
            pats: pats.into_iter().map(Kmp::new).collect(),
            cache: vec![None; n],
        }
    }

    /// The leftmost (then longest) match starting at or after `pos`: (start, length).
    fn next(&mut self, hay: &[u8], pos: usize) -> Option<(usize, usize)> {
        let mut best: Option<(usize, usize)> = None;
        for (k, p) in self.pats.iter().enumerate() {
            let hit = match self.cache[k] {
                Some((from, hit)) if from <= pos && hit.is_none_or(|h| h >= pos) => hit,
                _ => {
                    let hit = p.find(hay, pos);
                    self.cache[k] = Some((pos, hit));
                    hit
                }
            };
            if let Some(s) = hit {
                let len = p.pat.len();
                best = match best {
                    Some((bs, bl)) if bs < s || (bs == s && bl >= len) => Some((bs, bl)),
                    _ => Some((s, len)),
                };
            }
        }
        best
    }

    /// All matches from the start, each search continuing after the previous match.
    fn all(&mut self, hay: &[u8], global: bool) -> Vec<(usize, usize)> {
        let mut out = Vec::new();
        let mut pos = 0;
        while let Some((s, l)) = self.next(hay, pos) {
            out.push((s, l));
            pos = s + l;
            if !global {
                break;
            }
        }
        out
    }
}

/// The patterns a term denotes: a non-empty binary, a non-empty list of non-empty binaries, or a
/// compiled pattern.
fn patterns(t: Term) -> Result<Vec<Vec<u8>>, Exception> {
    if let Some(&[tag, inner]) = t.as_tuple() {
        if tag == Term::atom(atom::BM) || tag == Term::atom(atom::AC) {
            return patterns(inner);
        }
        return badarg();
    }
    if let Some(b) = bytes_of(t) {
        if b.is_empty() {
            return badarg();
        }
        return Ok(vec![b.into_owned()]);
    }
    let mut out = Vec::new();
    let mut cur = t;
    while let Some((h, tl)) = cur.as_cons() {
        match bytes_of(h) {
            Some(b) if !b.is_empty() => out.push(b.into_owned()),
            _ => return badarg(),
        }
        cur = tl;
    }
    if !cur.is_nil() || out.is_empty() {
        return badarg();
    }
    Ok(out)
}

fn compile_pattern(ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    let pats = patterns(args[0])?;
    let tag = if pats.len() == 1 { atom::BM } else { atom::AC };
    let mut r = ctx.reserve(words::tuple(2), args);
    Ok(r.tuple(&[Term::atom(tag), args[0]]))
}

/// Options of match/matches/split/replace.
#[derive(Default)]
struct Opts {
    global: bool,
    trim: bool,
    trim_all: bool,
    /// (start, length) in bytes.
    scope: Option<(usize, usize)>,
    /// Positions in the replacement where the matched part goes.
    insert: Vec<usize>,
}

#[derive(Copy, Clone, PartialEq)]
enum OptSet {
    Match,
    Split,
    Replace,
}

/// Parse an option list (like OTP, an improper tail ends the list).
fn options(t: Term, size: usize, set: OptSet) -> Result<Opts, Exception> {
    let mut o = Opts::default();
    let mut cur = t;
    if !cur.is_list_or_nil() {
        return badarg();
    }
    while let Some((h, tl)) = cur.as_cons() {
        cur = tl;
        if let Some(a) = h.as_atom() {
            match (a, set) {
                (atom::GLOBAL, OptSet::Split | OptSet::Replace) => o.global = true,
                (atom::TRIM, OptSet::Split) => o.trim = true,
                (atom::TRIM_ALL, OptSet::Split) => o.trim_all = true,
                _ => return badarg(),
            }
            continue;
        }
        match h.as_tuple() {
            Some(&[k, v]) if k == Term::atom(atom::SCOPE) => match v.as_tuple() {
                Some(&[s, l]) => {
                    o.scope = Some(part_range(s, l, size).ok_or_else(Exception::badarg)?)
                }
                _ => return badarg(),
            },
            Some(&[k, v]) if k == Term::atom(atom::INSERT_REPLACED) && set == OptSet::Replace => {
                if let Some(n) = arg_usize(v) {
                    o.insert = vec![n];
                } else {
                    let mut l = v;
                    let mut ps = Vec::new();
                    while let Some((p, rest)) = l.as_cons() {
                        ps.push(arg_usize(p).ok_or_else(Exception::badarg)?);
                        l = rest;
                    }
                    if !l.is_nil() {
                        return badarg();
                    }
                    o.insert = ps;
                }
            }
            _ => return badarg(),
        }
    }
    Ok(o)
}

/// Matches of `pats` in the scope of `subject` as (start, length) in the whole subject.
fn find_all(subject: &[u8], pats: Vec<Vec<u8>>, o: &Opts, global: bool) -> Vec<(usize, usize)> {
    let (s, l) = o.scope.unwrap_or((0, subject.len()));
    let mut found = Searcher::new(pats).all(&subject[s..s + l], global);
    for m in &mut found {
        m.0 += s;
    }
    found
}

/// `{Start, Length}` of a match. Needs `words::tuple(2)`.
fn pos_tuple<A: Alloc + ?Sized>(a: &mut A, (s, l): (usize, usize)) -> Term {
    a.tuple(&[Term::small(s as isize), Term::small(l as isize)])
}

fn match_opts(ctx: &mut Ctx, args: &mut [Term], opts: Term) -> BifResult {
    let subject = bin_arg(args[0])?;
    let pats = patterns(args[1])?;
    let o = options(opts, subject.len(), OptSet::Match)?;
    let found = find_all(&subject, pats, &o, false);
    match found.first() {
        None => Ok(Term::atom(atom::NOMATCH)),
        Some(&m) => {
            let mut r = ctx.reserve(words::tuple(2), args);
            Ok(pos_tuple(&mut r, m))
        }
    }
}

fn match2(ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    match_opts(ctx, args, Term::NIL)
}

fn match3(ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    match_opts(ctx, args, args[2])
}

fn matches_opts(ctx: &mut Ctx, args: &mut [Term], opts: Term) -> BifResult {
    let subject = bin_arg(args[0])?;
    let pats = patterns(args[1])?;
    let o = options(opts, subject.len(), OptSet::Match)?;
    let found = find_all(&subject, pats, &o, true);
    let mut r = ctx.reserve(found.len() * (words::tuple(2) + words::CONS), args);
    let mut acc = Term::NIL;
    for &m in found.iter().rev() {
        let t = pos_tuple(&mut r, m);
        acc = r.cons(t, acc);
    }
    Ok(acc)
}

fn matches2(ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    matches_opts(ctx, args, Term::NIL)
}

fn matches3(ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    matches_opts(ctx, args, args[2])
}

fn split_opts(ctx: &mut Ctx, args: &mut [Term], opts: Term) -> BifResult {
    let subject = bin_arg(args[0])?;
    let pats = patterns(args[1])?;
    let o = options(opts, subject.len(), OptSet::Split)?;
    let found = find_all(&subject, pats, &o, o.global);
    // Parts between the matches, as (start, length).
    let mut parts = Vec::with_capacity(found.len() + 1);
    let mut at = 0;
    for &(s, l) in &found {
        parts.push((at, s - at));
        at = s + l;
    }
    parts.push((at, subject.len() - at));
    if o.trim_all {
        parts.retain(|p| p.1 > 0);
    } else if o.trim {
        while parts.last().is_some_and(|p| p.1 == 0) {
            parts.pop();
        }
    }
    let mut r = ctx.reserve(parts.len() * (PART_WORDS + words::CONS), args);
    let mut acc = Term::NIL;
    for &(s, l) in parts.iter().rev() {
        let t = build_part(&mut r, args[0], s, l);
        acc = r.cons(t, acc);
    }
    Ok(acc)
}

fn split2(ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    split_opts(ctx, args, Term::NIL)
}

fn split3(ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    split_opts(ctx, args, args[2])
}

fn replace_opts(ctx: &mut Ctx, args: &mut [Term], opts: Term) -> BifResult {
    let subject = bin_arg(args[0])?;
    let pats = patterns(args[1])?;
    let repl = bin_arg(args[2])?;
    let mut o = options(opts, subject.len(), OptSet::Replace)?;
    if o.insert.iter().any(|&p| p > repl.len()) {
        return badarg();
    }
    o.insert.sort_unstable();
    let found = find_all(&subject, pats, &o, o.global);
    let mut out = Vec::with_capacity(subject.len());
    let mut at = 0;
    for &(s, l) in &found {
        out.extend_from_slice(&subject[at..s]);
        let mut from = 0;
        for &p in &o.insert {
            out.extend_from_slice(&repl[from..p]);
            out.extend_from_slice(&subject[s..s + l]);
            from = p;
        }
        out.extend_from_slice(&repl[from..]);
        at = s + l;
        if out.len() > MAX_BYTES {
            return Err(Exception::system_limit());
        }
    }
    out.extend_from_slice(&subject[at..]);
    make_binary(ctx, args, &out)
}

fn replace3(ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    replace_opts(ctx, args, Term::NIL)
}

fn replace4(ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    replace_opts(ctx, args, args[3])
}

// ---------------------------------------------------------------------------------------------
// Bytes and parts

fn at(_ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    let b = bin_arg(args[0])?;
    let i = arg_usize(args[1]).ok_or_else(Exception::badarg)?;
    b.get(i)
        .map(|&v| Term::small(v as isize))
        .ok_or_else(Exception::badarg)
}

fn first(_ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    let b = bin_arg(args[0])?;
    b.first()
        .map(|&v| Term::small(v as isize))
        .ok_or_else(Exception::badarg)
}

fn last(_ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    let b = bin_arg(args[0])?;
    b.last()
        .map(|&v| Term::small(v as isize))
        .ok_or_else(Exception::badarg)
}

fn part2(ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    match args[1].as_tuple() {
        Some(&[s, l]) => binary_part_of(ctx, args, s, l),
        _ => badarg(),
    }
}

fn part3(ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    binary_part_of(ctx, args, args[1], args[2])
}

fn copy_n(ctx: &mut Ctx, args: &mut [Term], n: Term) -> BifResult {
    let b = bin_arg(args[0])?;
    let n = arg_usize(n).ok_or_else(Exception::badarg)?;
    let total = b.len().checked_mul(n).filter(|&t| t <= MAX_BYTES);
    let total = total.ok_or_else(Exception::system_limit)?;
    let mut out = Vec::with_capacity(total);
    for _ in 0..n {
        out.extend_from_slice(&b);
    }
    make_binary(ctx, args, &out)
}

fn copy1(ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    copy_n(ctx, args, Term::small(1))
}

fn copy2(ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    copy_n(ctx, args, args[1])
}

fn bin_to_list1(ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    let b = bin_arg(args[0])?.into_owned();
    make_byte_list(ctx, args, &b)
}

fn bin_to_list_part(ctx: &mut Ctx, args: &mut [Term], s: Term, l: Term) -> BifResult {
    let b = bin_arg(args[0])?;
    let (from, len) = part_range(s, l, b.len()).ok_or_else(Exception::badarg)?;
    let bytes = b[from..from + len].to_vec();
    let mut r = ctx.reserve(words::list(bytes.len()), args);
    Ok(build_byte_list(&mut r, &bytes, Term::NIL))
}

fn bin_to_list2(ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    match args[1].as_tuple() {
        Some(&[s, l]) => bin_to_list_part(ctx, args, s, l),
        _ => badarg(),
    }
}

fn bin_to_list3(ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    bin_to_list_part(ctx, args, args[1], args[2])
}

fn list_to_bin(ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    if !args[0].is_list_or_nil() {
        return badarg();
    }
    let buf = iolist_bits(args[0], IoMode::Binary).ok_or_else(Exception::badarg)?;
    make_binary(ctx, args, &buf.bytes)
}

fn referenced_byte_size(_ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    let n = base_byte_size(args[0]).ok_or_else(Exception::badarg)?;
    Ok(Term::small(n as isize))
}

// ---------------------------------------------------------------------------------------------
// Unsigned integers

/// `big` (true) or `little`.
fn endianness(t: Term) -> Result<bool, Exception> {
    match t.as_atom() {
        Some(atom::BIG) => Ok(true),
        Some(atom::LITTLE) => Ok(false),
        _ => badarg(),
    }
}

fn decode(ctx: &mut Ctx, args: &mut [Term], big: bool) -> BifResult {
    let b = bin_arg(args[0])?;
    let v = if big {
        UBig::from_be_bytes(&b)
    } else {
        UBig::from_le_bytes(&b)
    };
    crate::natives::results::make_int(ctx, args, &IBig::from(v))
}

fn decode_unsigned1(ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    decode(ctx, args, true)
}

fn decode_unsigned2(ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    let big = endianness(args[1])?;
    decode(ctx, args, big)
}

fn encode(ctx: &mut Ctx, args: &mut [Term], big: bool) -> BifResult {
    let v = bignum::to_ibig(args[0]).ok_or_else(Exception::badarg)?;
    if v < IBig::ZERO {
        return badarg();
    }
    let mut le = v.to_le_bytes().to_vec();
    while le.len() > 1 && le.last() == Some(&0) {
        le.pop();
    }
    if le.is_empty() {
        le.push(0);
    }
    if big {
        le.reverse();
    }
    make_binary(ctx, args, &le)
}

fn encode_unsigned1(ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    encode(ctx, args, true)
}

fn encode_unsigned2(ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    let big = endianness(args[1])?;
    encode(ctx, args, big)
}

// ---------------------------------------------------------------------------------------------
// Common prefix / suffix

/// The binaries of a non-empty proper list of binaries.
fn binary_list(t: Term) -> Result<Vec<std::borrow::Cow<'static, [u8]>>, Exception> {
    let mut out = Vec::new();
    let mut cur = t;
    while let Some((h, tl)) = cur.as_cons() {
        out.push(bin_arg(h)?);
        cur = tl;
    }
    if !cur.is_nil() || out.is_empty() {
        return badarg();
    }
    Ok(out)
}

fn longest_common(t: Term, suffix: bool) -> BifResult {
    let bins = binary_list(t)?;
    let first = &bins[0];
    let mut n = first.len();
    for b in &bins[1..] {
        let common = if suffix {
            first
                .iter()
                .rev()
                .zip(b.iter().rev())
                .take_while(|(x, y)| x == y)
                .count()
        } else {
            first
                .iter()
                .zip(b.iter())
                .take_while(|(x, y)| x == y)
                .count()
        };
        n = n.min(common);
    }
    Ok(Term::small(n as isize))
}

fn longest_common_prefix(_ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    longest_common(args[0], false)
}

fn longest_common_suffix(_ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    longest_common(args[0], true)
}

const fn b(function: &'static str, arity: u32, f: crate::code::native::BifFn) -> BifEntry {
    BifEntry::new("binary", function, arity, f)
}

pub const BIFS: &[BifEntry] = &[
    b("at", 2, at),
    b("first", 1, first),
    b("last", 1, last),
    b("part", 2, part2),
    b("part", 3, part3),
    b("copy", 1, copy1),
    b("copy", 2, copy2),
    b("split", 2, split2),
    b("split", 3, split3),
    b("match", 2, match2),
    b("match", 3, match3),
    b("matches", 2, matches2),
    b("matches", 3, matches3),
    b("replace", 3, replace3),
    b("replace", 4, replace4),
    b("compile_pattern", 1, compile_pattern),
    b("decode_unsigned", 1, decode_unsigned1),
    b("decode_unsigned", 2, decode_unsigned2),
    b("encode_unsigned", 1, encode_unsigned1),
    b("encode_unsigned", 2, encode_unsigned2),
    b("bin_to_list", 1, bin_to_list1),
    b("bin_to_list", 2, bin_to_list2),
    b("bin_to_list", 3, bin_to_list3),
    b("list_to_bin", 1, list_to_bin),
    b("longest_common_prefix", 1, longest_common_prefix),
    b("longest_common_suffix", 1, longest_common_suffix),
    b("referenced_byte_size", 1, referenced_byte_size),
];

#[cfg(test)]
mod tests {
    use super::*;

    fn naive(hay: &[u8], pats: &[&[u8]]) -> Vec<(usize, usize)> {
        let mut out = Vec::new();
        let mut pos = 0;
        'outer: while pos < hay.len() {
            let mut best: Option<usize> = None;
            for p in pats {
                if hay[pos..].starts_with(p) && best.is_none_or(|b| p.len() > b) {
                    best = Some(p.len());
                }
            }
            if let Some(l) = best {
                out.push((pos, l));
                pos += l;
                continue 'outer;
            }
            pos += 1;
        }
        out
    }

    #[test]
    fn searcher_agrees_with_naive_scan() {
        let hay = b"abababcabcabcaabbaabababbbbcbabcbcbacbaaab";
        let sets: [&[&[u8]]; 5] = [
            &[b"ab"],
            &[b"abab", b"ba"],
            &[b"a", b"ab", b"abc"],
            &[b"cb", b"bcb", b"bb"],
            &[b"aaab", b"zz"],
        ];
        for pats in sets {
            let owned = pats.iter().map(|p| p.to_vec()).collect();
            assert_eq!(
                Searcher::new(owned).all(hay, true),
                naive(hay, pats),
                "{pats:?}"
            );
        }
    }

    #[test]
    fn long_subject_is_linear() {
        let hay = vec![b'a'; 1 << 20];
        let pat = [vec![b'a'; 1000], b"b".to_vec()].concat();
        assert_eq!(Kmp::new(pat).find(&hay, 0), None);
        let found = Searcher::new(vec![b"aa".to_vec(), b"aaa".to_vec()]).all(&hay, true);
        // 349525 runs of "aaa" (longest wins), then one lone "a" that nothing matches.
        assert_eq!(found.len(), (1 << 20) / 3);
    }
}
