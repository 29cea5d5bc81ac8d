//! Unicode case mapping of one code point for estdlib's `string` (uppercase, lowercase,
//! titlecase, casefold), on Rust's full Unicode mappings: `unicode_util:case_map(Mode, CP)`
//! returns the list of code points CP maps to.

use crate::code::native::Ctx;
use crate::natives::registry::BifEntry;
use crate::terms::atom;
use crate::terms::exception::{BifResult, Exception};
use crate::terms::heap::{words, Alloc};
use crate::terms::term::Term;

/// Titlecase where it differs from uppercase (Unicode's SpecialCasing and the digraphs).
fn title(c: char) -> Option<&'static [char]> {
    Some(match c {
        '\u{DF}' => &['S', 's'],
        '\u{1C4}'..='\u{1C6}' => &['\u{1C5}'],
        '\u{1C7}'..='\u{1C9}' => &['\u{1C8}'],
        '\u{1CA}'..='\u{1CC}' => &['\u{1CB}'],
        '\u{1F1}'..='\u{1F3}' => &['\u{1F2}'],
        '\u{FB00}' => &['F', 'f'],
        '\u{FB01}' => &['F', 'i'],
        '\u{FB02}' => &['F', 'l'],
        _ => return None,
    })
}

fn case_map(ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    let mode = args[0].as_atom().ok_or_else(Exception::badarg)?;
    let c = args[1]
        .as_small()
        .and_then(|n| u32::try_from(n).ok())
        .and_then(char::from_u32)
        .ok_or_else(Exception::badarg)?;
    let mapped: Vec<char> = match atom::name(mode) {
        b"upper" => c.to_uppercase().collect(),
        b"lower" => c.to_lowercase().collect(),
        b"title" => match title(c) {
            Some(t) => t.to_vec(),
            None => c.to_uppercase().collect(),
        },
        // Full case folding is, but for a few scripts, lowercase of uppercase (ß → ss, ς → σ).
        b"fold" => c.to_uppercase().flat_map(|u| u.to_lowercase()).collect(),
        _ => return Err(Exception::badarg()),
    };
    let items: Vec<Term> = mapped.iter().map(|&m| Term::small(m as isize)).collect();
    let mut r = ctx.reserve(words::list(items.len()), args);
    Ok(r.list_from(&items, Term::NIL))
}

pub const BIFS: &[BifEntry] = &[BifEntry::new("unicode_util", "case_map", 2, case_map)];
