//! Unicode normalization for estdlib's `unicode:characters_to_nf*` (Elixir's `String.normalize`):
//! `unicode:normalize_utf8(Form, Bin)` returns the UTF-8 binary Bin in normal form Form (`nfc`,
//! `nfd`, `nfkc`, `nfkd`), from the `unicode-normalization` crate's tables. The Erlang side
//! converts chardata to one binary first and back to a list when asked.

use crate::code::native::Ctx;
use crate::natives::registry::BifEntry;
use crate::natives::results::make_binary;
use crate::terms::atom;
use crate::terms::binary::bytes_of;
use crate::terms::exception::{BifResult, Exception};
use crate::terms::term::Term;
use unicode_normalization::UnicodeNormalization;

fn normalize_utf8(ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    let form = args[0].as_atom().ok_or_else(Exception::badarg)?;
    let bytes = bytes_of(args[1]).ok_or_else(Exception::badarg)?;
    let text = std::str::from_utf8(&bytes).map_err(|_| Exception::badarg())?;
    let normal: String = match atom::name(form) {
        b"nfc" => text.nfc().collect(),
        b"nfd" => text.nfd().collect(),
        b"nfkc" => text.nfkc().collect(),
        b"nfkd" => text.nfkd().collect(),
        _ => return Err(Exception::badarg()),
    };
    make_binary(ctx, args, normal.as_bytes())
}

pub const BIFS: &[BifEntry] = &[BifEntry::new(
    "unicode",
    "normalize_utf8",
    2,
    normalize_utf8,
)];
