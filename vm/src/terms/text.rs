//! Text in terms: character lists.

use crate::terms::heap::Alloc;
use crate::terms::term::Term;

/// The code points of a proper list of valid Unicode scalar values; None otherwise.
pub fn char_list(mut t: Term) -> Option<Vec<char>> {
    let mut v = Vec::new();
    while let Some((h, tl)) = t.as_cons() {
        let c = h.as_small()?;
        v.push(char::from_u32(u32::try_from(c).ok()?)?);
        t = tl;
    }
    if t.is_nil() {
        Some(v)
    } else {
        None
    }
}

/// Build the character list of `s` (words: `words::list(s.chars().count())`).
pub fn build_char_list<A: Alloc + ?Sized>(r: &mut A, s: &str) -> Term {
    let items: Vec<Term> = s.chars().map(|c| Term::small(c as isize)).collect();
    r.list_from(&items, Term::NIL)
}
