//! Grapheme cluster breaking for estdlib's `unicode_util:gc/1` (which Elixir's `String`
//! functions call on every binary): the extended grapheme clusters of Unicode's UAX #29, from
//! the `unicode-segmentation` crate rather than a generated table module.
//!
//! - `unicode_util:binary_gc(Bin)` is `gc/1` on a binary, with OTP's results: `[GC | Rest]`
//!   (GC a code point, or the list of a cluster's code points; Rest the binary after it), `[]`
//!   for `<<>>`, `{error, Bin}` when Bin does not start with UTF-8.
//! - `unicode_util:cluster_length(CPs)` is how many of the code points `CPs` (a look-ahead
//!   taken from chardata by `gc/1`'s Erlang side) make up the first cluster.

use crate::code::native::Ctx;
use crate::natives::binaries::{build_part, PART_WORDS};
use crate::natives::registry::BifEntry;
use crate::terms::atom;
use crate::terms::binary::view_bytes;
use crate::terms::compare::bitstring_view;
use crate::terms::exception::{BifResult, Exception};
use crate::terms::heap::{words, Alloc};
use crate::terms::term::Term;
use unicode_segmentation::UnicodeSegmentation;

/// Bytes decoded at first to find the first cluster; doubled while the cluster reaches the end
/// of the window, so one call costs what the cluster costs, not what the binary does.
const FIRST_WINDOW: usize = 64;

/// The first cluster of the UTF-8 text at the start of `bytes`: its code points and its length
/// in bytes. None when `bytes` does not start with a whole UTF-8 character.
fn first_cluster(bytes: &[u8]) -> Option<(Vec<char>, usize)> {
    let mut window = FIRST_WINDOW;
    loop {
        let part = &bytes[..window.min(bytes.len())];
        let valid = match std::str::from_utf8(part) {
            Ok(s) => s,
            // The window may cut a character, or the text may turn invalid: keep what decodes.
            Err(e) => std::str::from_utf8(&part[..e.valid_up_to()]).unwrap_or_default(),
        };
        let cluster = valid.graphemes(true).next()?;
        let reaches_end = cluster.len() == valid.len();
        if reaches_end && part.len() < bytes.len() && valid.len() + 4 >= part.len() {
            window = window.saturating_mul(2);
            continue;
        }
        return Some((cluster.chars().collect(), cluster.len()));
    }
}

fn binary_gc(ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    let view = bitstring_view(args[0]).ok_or_else(Exception::badarg)?;
    if view.2 % 8 != 0 {
        return Err(Exception::badarg());
    }
    let total = view.2 / 8;
    if total == 0 {
        return Ok(Term::NIL);
    }
    let Some((cps, used)) = first_cluster(&view_bytes(view)) else {
        let mut r = ctx.reserve(words::tuple(2), args);
        return Ok(r.tuple(&[Term::atom(atom::ERROR), args[0]]));
    };
    let need = words::CONS + words::list(cps.len()) + PART_WORDS;
    let mut r = ctx.reserve(need, args);
    let rest = build_part(&mut r, args[0], used, total - used);
    let head = match cps.as_slice() {
        [c] => Term::small(*c as isize),
        _ => {
            let items: Vec<Term> = cps.iter().map(|&c| Term::small(c as isize)).collect();
            r.list_from(&items, Term::NIL)
        }
    };
    Ok(r.cons(head, rest))
}

fn cluster_length(_ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    let mut text = String::new();
    let mut t = args[0];
    while let Some((h, tail)) = t.as_cons() {
        let c = h
            .as_small()
            .and_then(|n| u32::try_from(n).ok())
            .ok_or_else(Exception::badarg)?;
        // A surrogate or a number past Unicode is a cluster of its own, as OTP treats it.
        let Some(c) = char::from_u32(c) else {
            break;
        };
        text.push(c);
        t = tail;
    }
    let n = text.graphemes(true).next().map_or(1, |g| g.chars().count());
    Ok(Term::small(n as isize))
}

pub const BIFS: &[BifEntry] = &[
    BifEntry::new("unicode_util", "binary_gc", 1, binary_gc),
    BifEntry::new("unicode_util", "cluster_length", 1, cluster_length),
];
