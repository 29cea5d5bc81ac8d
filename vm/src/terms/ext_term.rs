//! External term format: decoding into any `Alloc` (a module's literal arena, or a process heap
//! reservation for `binary_to_term`).
//!
//! Decoding is two passes so a process heap can be reserved up front: `measure` validates the
//! whole term and computes the exact upper bound of heap words it needs, then `Measured::build`
//! makes the term with no further checks able to fail half-way on bad input. Both passes are
//! iterative (an explicit stack), so deeply nested input cannot overflow the native stack.

use crate::terms::atom;
use crate::terms::byte_reader::ByteReader;
use crate::terms::fun_info;
use crate::terms::heap::{words, Alloc};
use crate::terms::term::{BoxKind, Term, MAX_SMALL, MIN_SMALL, WORD_BYTES};
use std::borrow::Cow;
use std::fmt;

pub const VERSION: u8 = 131;
pub const COMPRESSED: u8 = 80;
pub const NEW_FLOAT_EXT: u8 = 70;
pub const BIT_BINARY_EXT: u8 = 77;
pub const SMALL_INTEGER_EXT: u8 = 97;
pub const INTEGER_EXT: u8 = 98;
pub const FLOAT_EXT: u8 = 99;
pub const ATOM_EXT: u8 = 100;
pub const SMALL_TUPLE_EXT: u8 = 104;
pub const LARGE_TUPLE_EXT: u8 = 105;
pub const NIL_EXT: u8 = 106;
pub const STRING_EXT: u8 = 107;
pub const LIST_EXT: u8 = 108;
pub const BINARY_EXT: u8 = 109;
pub const SMALL_BIG_EXT: u8 = 110;
pub const LARGE_BIG_EXT: u8 = 111;
pub const EXPORT_EXT: u8 = 113;
pub const SMALL_ATOM_EXT: u8 = 115;
pub const MAP_EXT: u8 = 116;
pub const ATOM_UTF8_EXT: u8 = 118;
pub const SMALL_ATOM_UTF8_EXT: u8 = 119;
pub const NEW_PID_EXT: u8 = 88;
pub const NEW_PORT_EXT: u8 = 89;
pub const NEWER_REFERENCE_EXT: u8 = 90;
pub const REFERENCE_EXT: u8 = 101;
pub const PORT_EXT: u8 = 102;
pub const PID_EXT: u8 = 103;
pub const NEW_FUN_EXT: u8 = 112;
pub const NEW_REFERENCE_EXT: u8 = 114;
pub const V4_PORT_EXT: u8 = 120;

/// Most 32-bit words a reference may carry (OTP's limit).
pub const MAX_REF_WORDS: usize = 5;

/// Largest decompressed size accepted for a compressed term (guards against zip bombs).
pub const MAX_DECOMPRESSED: usize = 1 << 30;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ExtError {
    /// The data ends inside a term.
    Truncated,
    /// The first byte is not 131.
    BadVersion(u8),
    /// A tag byte we do not know.
    UnknownTag(u8),
    /// A valid tag we do not support here (pids, refs, funs, …).
    Unsupported(&'static str),
    /// An atom that is too long or not valid text.
    BadAtom,
    /// A float that does not parse or is not finite.
    BadFloat,
    /// A bit binary whose trailing-bits count is out of range.
    BadBitBinary,
    /// An EXPORT whose parts are not atom, atom, small integer.
    BadExport,
    /// A map with the same key twice.
    DuplicateMapKey,
    /// Sizes that overflow what this machine can address.
    TooLarge,
    /// Compressed data that does not inflate to its declared size.
    BadCompression,
    /// `safe` decoding met an atom that does not exist yet.
    NotExisting,
    /// A pid, port or reference that is malformed.
    BadIdentifier,
    /// A fun whose module is not loaded (or differs), or whose fields do not fit its module.
    BadFun,
}

impl fmt::Display for ExtError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ExtError::Truncated => write!(f, "external term truncated"),
            ExtError::BadVersion(v) => {
                write!(f, "external term has bad version byte {} (expected 131)", v)
            }
            ExtError::UnknownTag(t) => write!(f, "external term has unknown tag {}", t),
            ExtError::Unsupported(what) => write!(
                f,
                "external term contains a {}, which is not supported here",
                what
            ),
            ExtError::BadAtom => write!(f, "external term has an invalid atom"),
            ExtError::BadFloat => write!(f, "external term has an invalid float"),
            ExtError::BadBitBinary => write!(f, "external term has an invalid bit binary"),
            ExtError::BadExport => write!(f, "external term has an invalid export fun"),
            ExtError::DuplicateMapKey => write!(f, "external term has a map with a duplicate key"),
            ExtError::TooLarge => write!(f, "external term too large"),
            ExtError::BadCompression => write!(f, "external term has bad compressed data"),
            ExtError::NotExisting => write!(f, "external term has an atom that does not exist"),
            ExtError::BadIdentifier => write!(f, "external term has a bad pid, port or reference"),
            ExtError::BadFun => {
                write!(f, "external term has a fun that does not match loaded code")
            }
        }
    }
}

impl std::error::Error for ExtError {}

// ---------------------------------------------------------------------------------------------
// Integers from sign + magnitude (shared with the compact-term decoder).

fn trimmed(mag_le: &[u8]) -> &[u8] {
    let n = mag_le.iter().rposition(|&b| b != 0).map_or(0, |i| i + 1);
    &mag_le[..n]
}

/// The value as a small integer, if it fits.
fn small_from_magnitude(negative: bool, mag: &[u8]) -> Option<isize> {
    if mag.len() > 16 {
        return None;
    }
    let v = mag
        .iter()
        .rev()
        .fold(0u128, |acc, &b| (acc << 8) | b as u128);
    if negative {
        (v <= (MIN_SMALL as i128).unsigned_abs()).then(|| (-(v as i128)) as isize)
    } else {
        (v <= MAX_SMALL as u128).then_some(v as isize)
    }
}

/// Heap words needed for the integer with this little-endian magnitude (0 if it is small).
pub fn integer_words(negative: bool, mag_le: &[u8]) -> usize {
    let mag = trimmed(mag_le);
    if small_from_magnitude(negative, mag).is_some() {
        0
    } else {
        1 + mag.len().div_ceil(WORD_BYTES)
    }
}

/// The integer with this sign and little-endian magnitude: a small integer when it fits, else a
/// bignum (limbs least significant first, no leading zero limb) — `integer_words` words.
pub fn build_integer<A: Alloc + ?Sized>(alloc: &mut A, negative: bool, mag_le: &[u8]) -> Term {
    let mag = trimmed(mag_le);
    if let Some(v) = small_from_magnitude(negative, mag) {
        return Term::small(v);
    }
    let limbs: Vec<usize> = mag
        .chunks(WORD_BYTES)
        .map(|c| {
            c.iter()
                .rev()
                .fold(0usize, |acc, &b| (acc << 8) | b as usize)
        })
        .collect();
    let kind = if negative {
        BoxKind::NegBig
    } else {
        BoxKind::PosBig
    };
    alloc.boxed_raw(kind, &limbs)
}

// ---------------------------------------------------------------------------------------------
// Pass 1: validate and measure.

/// A validated external term, ready to build.
pub struct Measured<'a> {
    /// The term's encoding, after the version byte (and decompressed if it was compressed).
    body: Cow<'a, [u8]>,
    words: usize,
    consumed: usize,
}

impl Measured<'_> {
    /// Heap words `build` needs at most.
    pub fn heap_words(&self) -> usize {
        self.words
    }
    /// Bytes of the input the term used (version byte included), for `binary_to_term(B, [used])`.
    pub fn consumed(&self) -> usize {
        self.consumed
    }
    /// Make the term in `alloc`, which must be able to hand out `heap_words()` words.
    pub fn build<A: Alloc + ?Sized>(&self, alloc: &mut A) -> Result<Term, ExtError> {
        build_body(&self.body, alloc).map(|(t, _)| t)
    }
}

/// Validate `bytes` (starting with the version byte 131) and measure the term it holds.
/// Bytes after the term are left alone (see `Measured::consumed`).
pub fn measure(bytes: &[u8]) -> Result<Measured<'_>, ExtError> {
    measure_with(bytes, false)
}

/// `measure`, optionally `safe` as `binary_to_term(B, [safe])`: every atom must exist already and
/// a fun's module must be loaded already (nothing new enters the atom table or the code).
pub fn measure_with(bytes: &[u8], safe: bool) -> Result<Measured<'_>, ExtError> {
    let mut r = ByteReader::new(bytes);
    let v = r.u8().ok_or(ExtError::Truncated)?;
    if v != VERSION {
        return Err(ExtError::BadVersion(v));
    }
    if r.rest().first() == Some(&COMPRESSED) {
        r.u8();
        let size = r.u32().ok_or(ExtError::Truncated)? as usize;
        if size > MAX_DECOMPRESSED {
            return Err(ExtError::TooLarge);
        }
        let (data, stream_len) = inflate_zlib(r.rest(), size)?;
        let (words, used) = scan(&data, safe)?;
        if used != data.len() {
            return Err(ExtError::BadCompression);
        }
        return Ok(Measured {
            body: Cow::Owned(data),
            words,
            consumed: 6 + stream_len,
        });
    }
    let body = r.rest();
    let (words, used) = scan(body, safe)?;
    Ok(Measured {
        body: Cow::Borrowed(&body[..used]),
        words,
        consumed: 1 + used,
    })
}

/// Inflate a zlib stream that must produce exactly `size` bytes; returns them and the length of
/// the stream (bytes after it are not part of the term). The output grows as data actually
/// inflates, so a lying size field costs nothing up front.
fn inflate_zlib(input: &[u8], size: usize) -> Result<(Vec<u8>, usize), ExtError> {
    use miniz_oxide::inflate::stream::{inflate, InflateState};
    use miniz_oxide::{DataFormat, MZFlush, MZStatus};
    let mut state = InflateState::new_boxed(DataFormat::Zlib);
    let mut out: Vec<u8> = Vec::new();
    let mut in_pos = 0usize;
    loop {
        // Room for at least one byte past `size`, so an overlong stream is noticed.
        let want = (size - out.len().min(size)).clamp(1, 1 << 16);
        let start = out.len();
        out.resize(start + want, 0);
        let res = inflate(
            &mut state,
            input.get(in_pos..).unwrap_or(&[]),
            &mut out[start..],
            MZFlush::None,
        );
        in_pos += res.bytes_consumed;
        out.truncate(start + res.bytes_written);
        if out.len() > size {
            return Err(ExtError::BadCompression);
        }
        match res.status {
            Ok(MZStatus::StreamEnd) => break,
            Ok(_) if res.bytes_consumed > 0 || res.bytes_written > 0 => {}
            _ => return Err(ExtError::BadCompression),
        }
    }
    if out.len() != size {
        return Err(ExtError::BadCompression);
    }
    Ok((out, in_pos))
}

/// Convenience: measure and build in one go (for arenas, which never run out).
pub fn decode<A: Alloc + ?Sized>(bytes: &[u8], alloc: &mut A) -> Result<Term, ExtError> {
    measure(bytes)?.build(alloc)
}

fn add(a: usize, b: usize) -> Result<usize, ExtError> {
    a.checked_add(b).ok_or(ExtError::TooLarge)
}

/// Read an atom's text (any of the four atom tags) and check it is a valid atom name.
fn atom_text<'a>(r: &mut ByteReader<'a>, tag: u8) -> Result<Cow<'a, [u8]>, ExtError> {
    let len = match tag {
        ATOM_EXT | ATOM_UTF8_EXT => r.u16().ok_or(ExtError::Truncated)? as usize,
        _ => r.u8().ok_or(ExtError::Truncated)? as usize,
    };
    let raw = r.bytes(len).ok_or(ExtError::Truncated)?;
    let text: Cow<'a, [u8]> = if tag == ATOM_EXT || tag == SMALL_ATOM_EXT {
        // Latin-1: every byte is one character; convert to UTF-8 for the atom table.
        if raw.is_ascii() {
            Cow::Borrowed(raw)
        } else {
            Cow::Owned(
                raw.iter()
                    .map(|&b| b as char)
                    .collect::<String>()
                    .into_bytes(),
            )
        }
    } else {
        Cow::Borrowed(raw)
    };
    match std::str::from_utf8(&text) {
        Ok(s) if s.chars().count() <= atom::MAX_ATOM_CHARS => Ok(text),
        _ => Err(ExtError::BadAtom),
    }
}

/// An export's arity: a non-negative SMALL_INTEGER_EXT or INTEGER_EXT. OTP accepts any such
/// value (`fun a:b/256` decodes), so we do too, up to what a small integer holds here.
fn export_arity(r: &mut ByteReader<'_>) -> Result<isize, ExtError> {
    let v = match r.u8().ok_or(ExtError::Truncated)? {
        SMALL_INTEGER_EXT => r.u8().ok_or(ExtError::Truncated)? as i64,
        INTEGER_EXT => r.i32().ok_or(ExtError::Truncated)? as i64,
        _ => return Err(ExtError::BadExport),
    };
    if v < 0 || v > MAX_SMALL as i64 {
        return Err(ExtError::BadExport);
    }
    Ok(v as isize)
}

fn is_atom_tag(tag: u8) -> bool {
    matches!(
        tag,
        ATOM_EXT | SMALL_ATOM_EXT | ATOM_UTF8_EXT | SMALL_ATOM_UTF8_EXT
    )
}

fn parse_string_float(raw: &[u8]) -> Result<f64, ExtError> {
    let end = raw.iter().position(|&b| b == 0).unwrap_or(raw.len());
    let s = std::str::from_utf8(&raw[..end]).map_err(|_| ExtError::BadFloat)?;
    let f: f64 = s.trim().parse().map_err(|_| ExtError::BadFloat)?;
    if f.is_finite() {
        Ok(f)
    } else {
        Err(ExtError::BadFloat)
    }
}

fn big_header(r: &mut ByteReader<'_>, tag: u8) -> Result<(bool, usize), ExtError> {
    let n = if tag == SMALL_BIG_EXT {
        r.u8().ok_or(ExtError::Truncated)? as usize
    } else {
        r.u32().ok_or(ExtError::Truncated)? as usize
    };
    let sign = r.u8().ok_or(ExtError::Truncated)?;
    Ok((sign != 0, n))
}

fn unsupported(tag: u8) -> ExtError {
    match tag {
        117 => ExtError::Unsupported("old fun"),
        82 | 68 => ExtError::Unsupported("atom cache reference"),
        t => ExtError::UnknownTag(t),
    }
}

/// Check an atom's text under `safe` (it must already exist).
fn check_atom(text: &[u8], safe: bool) -> Result<(), ExtError> {
    if safe && atom::existing(text).is_none() {
        return Err(ExtError::NotExisting);
    }
    Ok(())
}

/// Read an atom term's text (tag included) and check it.
fn atom_term_text<'a>(r: &mut ByteReader<'a>, safe: bool) -> Result<Cow<'a, [u8]>, ExtError> {
    let t = r.u8().ok_or(ExtError::Truncated)?;
    if !is_atom_tag(t) {
        return Err(ExtError::BadIdentifier);
    }
    let text = atom_text(r, t)?;
    check_atom(&text, safe)?;
    Ok(text)
}

// ---------------------------------------------------------------------------------------------
// Pids, ports and references.
//
// Those of this node (its name and creation, `local_node.rs`; numbers that fit ours) decode to
// local terms.
// Any other becomes an external identifier whose payload holds raw words (never scanned by the
// collector; the node atom is an immediate): `[node atom, creation, words...]`, where the words are
// [id, serial] for a pid, [id low 32 bits, id high 32 bits] for a port, and the 32-bit
// reference words for a reference. `ext_encode.rs` writes them back unchanged.

/// A decoded pid, port or reference, before it is built.
struct Ident<'a> {
    kind: BoxKind,
    node: Cow<'a, [u8]>,
    creation: u32,
    words: [u32; MAX_REF_WORDS],
    len: usize,
}

/// What an `Ident` becomes.
enum IdentTerm {
    Pid(usize),
    Port(usize),
    Ref(u64),
    External,
}

fn read_ident<'a>(r: &mut ByteReader<'a>, tag: u8, safe: bool) -> Result<Ident<'a>, ExtError> {
    let trunc = || ExtError::Truncated;
    let mut words = [0u32; MAX_REF_WORDS];
    let (kind, node, creation, len) = match tag {
        NEW_PID_EXT | PID_EXT => {
            let node = atom_term_text(r, safe)?;
            words[0] = r.u32().ok_or_else(trunc)?;
            words[1] = r.u32().ok_or_else(trunc)?;
            let creation = if tag == PID_EXT {
                r.u8().ok_or_else(trunc)? as u32
            } else {
                r.u32().ok_or_else(trunc)?
            };
            (BoxKind::ExternalPid, node, creation, 2)
        }
        NEW_PORT_EXT | PORT_EXT | V4_PORT_EXT => {
            let node = atom_term_text(r, safe)?;
            let id = if tag == V4_PORT_EXT {
                r.u64().ok_or_else(trunc)?
            } else {
                r.u32().ok_or_else(trunc)? as u64
            };
            words[0] = id as u32;
            words[1] = (id >> 32) as u32;
            let creation = if tag == PORT_EXT {
                r.u8().ok_or_else(trunc)? as u32
            } else {
                r.u32().ok_or_else(trunc)?
            };
            (BoxKind::ExternalPort, node, creation, 2)
        }
        REFERENCE_EXT => {
            let node = atom_term_text(r, safe)?;
            words[0] = r.u32().ok_or_else(trunc)?;
            let creation = r.u8().ok_or_else(trunc)? as u32;
            (BoxKind::ExternalRef, node, creation, 1)
        }
        _ => {
            // NEW_REFERENCE_EXT / NEWER_REFERENCE_EXT
            let len = r.u16().ok_or_else(trunc)? as usize;
            if len == 0 || len > MAX_REF_WORDS {
                return Err(ExtError::BadIdentifier);
            }
            let node = atom_term_text(r, safe)?;
            let creation = if tag == NEW_REFERENCE_EXT {
                r.u8().ok_or_else(trunc)? as u32
            } else {
                r.u32().ok_or_else(trunc)?
            };
            for w in words.iter_mut().take(len) {
                *w = r.u32().ok_or_else(trunc)?;
            }
            (BoxKind::ExternalRef, node, creation, len)
        }
    };
    Ok(Ident {
        kind,
        node,
        creation,
        words,
        len,
    })
}

/// Largest local pid or port number a term can hold on this machine.
const MAX_LOCAL_ID: u64 = (1u64 << (crate::terms::term::WORD_BITS - 4)) - 1;

impl Ident<'_> {
    fn resolve(&self) -> IdentTerm {
        if !crate::terms::local_node::is_this(&self.node, self.creation) {
            return IdentTerm::External;
        }
        let id = self.words[0] as u64 | (self.words[1] as u64) << 32;
        match self.kind {
            BoxKind::ExternalPid if id <= MAX_LOCAL_ID => IdentTerm::Pid(id as usize),
            BoxKind::ExternalPort if id <= MAX_LOCAL_ID => IdentTerm::Port(id as usize),
            BoxKind::ExternalRef if self.len == 3 && self.words[2] == 0 => IdentTerm::Ref(id),
            _ => IdentTerm::External,
        }
    }

    fn heap_words(&self) -> usize {
        match self.resolve() {
            IdentTerm::Pid(_) | IdentTerm::Port(_) => 0,
            IdentTerm::Ref(_) => 1 + 8 / WORD_BYTES,
            IdentTerm::External => 3 + self.len,
        }
    }

    fn build<A: Alloc + ?Sized>(&self, alloc: &mut A) -> Result<Term, ExtError> {
        Ok(match self.resolve() {
            IdentTerm::Pid(id) => Term::pid(id),
            IdentTerm::Port(id) => Term::port(id),
            IdentTerm::Ref(n) => {
                if WORD_BYTES == 8 {
                    alloc.boxed_raw(BoxKind::Ref, &[n as usize])
                } else {
                    alloc.boxed_raw(BoxKind::Ref, &[n as u32 as usize, (n >> 32) as usize])
                }
            }
            IdentTerm::External => {
                let node = intern(&self.node)?;
                let mut payload = vec![node.raw(), self.creation as usize];
                payload.extend(self.words[..self.len].iter().map(|&w| w as usize));
                alloc.boxed_raw(self.kind, &payload)
            }
        })
    }
}

fn is_ident_tag(tag: u8) -> bool {
    matches!(
        tag,
        NEW_PID_EXT
            | PID_EXT
            | NEW_PORT_EXT
            | PORT_EXT
            | V4_PORT_EXT
            | REFERENCE_EXT
            | NEW_REFERENCE_EXT
            | NEWER_REFERENCE_EXT
    )
}

// ---------------------------------------------------------------------------------------------
// Funs (NEW_FUN_EXT). A fun decodes only against its module as loaded here: same MD5 (Uniq), a
// lambda at Index with the same arity and number of free variables. Unless `safe`, a module that
// is available but not loaded yet (in a bundle) is loaded first. OTP would instead make a fun
// that fails with `badfun` when called; we refuse the term (`badarg`).

/// A fun's header: its module index and lambda index, and how many free variables follow.
struct FunHeader {
    module: u32,
    index: usize,
    num_free: usize,
}

fn read_small_int(r: &mut ByteReader<'_>) -> Result<i64, ExtError> {
    match r.u8().ok_or(ExtError::Truncated)? {
        SMALL_INTEGER_EXT => Ok(r.u8().ok_or(ExtError::Truncated)? as i64),
        INTEGER_EXT => Ok(r.i32().ok_or(ExtError::Truncated)? as i64),
        _ => Err(ExtError::BadFun),
    }
}

fn read_fun_header(r: &mut ByteReader<'_>, safe: bool) -> Result<FunHeader, ExtError> {
    let trunc = || ExtError::Truncated;
    let size = r.u32().ok_or_else(trunc)? as usize;
    if size > r.remaining() + 4 {
        return Err(ExtError::Truncated);
    }
    let arity = r.u8().ok_or_else(trunc)?;
    let uniq = r.bytes(16).ok_or_else(trunc)?;
    let index = r.u32().ok_or_else(trunc)? as usize;
    let num_free = r.u32().ok_or_else(trunc)? as usize;
    let name = atom_term_text(r, safe)?;
    let old_index = read_small_int(r)?;
    let old_uniq = read_small_int(r)?;
    let ptag = r.u8().ok_or_else(trunc)?;
    if !matches!(ptag, NEW_PID_EXT | PID_EXT) {
        return Err(ExtError::BadFun);
    }
    read_ident(r, ptag, safe)?;
    if num_free > r.remaining() {
        return Err(ExtError::Truncated);
    }
    let module = if safe {
        atom::existing(&name).and_then(|a| fun_info::find_module(a, false))
    } else {
        atom::intern(&name)
            .ok()
            .and_then(|a| fun_info::find_module(a, true))
    }
    .ok_or(ExtError::BadFun)?;
    let l = fun_info::lambda(module, index).ok_or(ExtError::BadFun)?;
    let ok = l.md5 == uniq
        && l.num_free as usize == num_free
        && l.arity.saturating_sub(l.num_free) == arity as u32
        && l.index as i64 == old_index
        && l.old_uniq as i64 == old_uniq as u32 as i64;
    if !ok {
        return Err(ExtError::BadFun);
    }
    Ok(FunHeader {
        module,
        index,
        num_free,
    })
}

/// Validate one term starting at `body[0]`; return (heap words, bytes used).
fn scan(body: &[u8], safe: bool) -> Result<(usize, usize), ExtError> {
    let mut r = ByteReader::new(body);
    let mut words_needed = 0usize;
    // Terms still to read. Each needs at least one byte, so it never exceeds the bytes left.
    let mut pending = 1usize;
    while pending > 0 {
        pending -= 1;
        let tag = r.u8().ok_or(ExtError::Truncated)?;
        let (w, children) = match tag {
            SMALL_INTEGER_EXT => {
                r.u8().ok_or(ExtError::Truncated)?;
                (0, 0)
            }
            INTEGER_EXT => {
                let v = r.i32().ok_or(ExtError::Truncated)?;
                let w = if Term::fits_small(v as i64) {
                    0
                } else {
                    integer_words(v < 0, &v.unsigned_abs().to_le_bytes())
                };
                (w, 0)
            }
            SMALL_BIG_EXT | LARGE_BIG_EXT => {
                let (neg, n) = big_header(&mut r, tag)?;
                let mag = r.bytes(n).ok_or(ExtError::Truncated)?;
                (integer_words(neg, mag), 0)
            }
            NEW_FLOAT_EXT => {
                let bits = r.u64().ok_or(ExtError::Truncated)?;
                if !f64::from_bits(bits).is_finite() {
                    return Err(ExtError::BadFloat);
                }
                (words::FLOAT, 0)
            }
            FLOAT_EXT => {
                parse_string_float(r.bytes(31).ok_or(ExtError::Truncated)?)?;
                (words::FLOAT, 0)
            }
            ATOM_EXT | SMALL_ATOM_EXT | ATOM_UTF8_EXT | SMALL_ATOM_UTF8_EXT => {
                check_atom(&atom_text(&mut r, tag)?, safe)?;
                (0, 0)
            }
            t if is_ident_tag(t) => (read_ident(&mut r, t, safe)?.heap_words(), 0),
            NEW_FUN_EXT => {
                let h = read_fun_header(&mut r, safe)?;
                (3 + h.num_free, h.num_free)
            }
            SMALL_TUPLE_EXT => {
                let n = r.u8().ok_or(ExtError::Truncated)? as usize;
                (words::tuple(n), n)
            }
            LARGE_TUPLE_EXT => {
                let n = r.u32().ok_or(ExtError::Truncated)? as usize;
                if n > r.remaining() {
                    return Err(ExtError::Truncated);
                }
                (words::tuple(n), n)
            }
            NIL_EXT => (0, 0),
            STRING_EXT => {
                let n = r.u16().ok_or(ExtError::Truncated)? as usize;
                r.bytes(n).ok_or(ExtError::Truncated)?;
                (words::list(n), 0)
            }
            LIST_EXT => {
                let n = r.u32().ok_or(ExtError::Truncated)? as usize;
                if n >= r.remaining() {
                    return Err(ExtError::Truncated);
                }
                (n.checked_mul(2).ok_or(ExtError::TooLarge)?, n + 1)
            }
            BINARY_EXT => {
                let n = r.u32().ok_or(ExtError::Truncated)? as usize;
                r.bytes(n).ok_or(ExtError::Truncated)?;
                (words::heap_binary(n), 0)
            }
            BIT_BINARY_EXT => {
                let n = r.u32().ok_or(ExtError::Truncated)? as usize;
                let bits = r.u8().ok_or(ExtError::Truncated)?;
                if (n > 0 && !(1..=8).contains(&bits)) || (n == 0 && bits != 0) {
                    return Err(ExtError::BadBitBinary);
                }
                r.bytes(n).ok_or(ExtError::Truncated)?;
                (words::heap_binary(n) + 4, 0)
            }
            MAP_EXT => {
                let n = r.u32().ok_or(ExtError::Truncated)? as usize;
                if n > r.remaining() / 2 {
                    return Err(ExtError::Truncated);
                }
                // Flat: keys tuple, then [header, keys tuple, values...]; a trie: an estimate.
                (crate::terms::map::words_estimate(n), 2 * n)
            }
            EXPORT_EXT => {
                for _ in 0..2 {
                    let t = r.u8().ok_or(ExtError::Truncated)?;
                    if !is_atom_tag(t) {
                        return Err(ExtError::BadExport);
                    }
                    check_atom(&atom_text(&mut r, t)?, safe)?;
                }
                export_arity(&mut r)?;
                (4, 0)
            }
            t => return Err(unsupported(t)),
        };
        words_needed = add(words_needed, w)?;
        pending = add(pending, children)?;
        if pending > r.remaining() {
            return Err(ExtError::Truncated);
        }
    }
    Ok((words_needed, r.pos()))
}

// ---------------------------------------------------------------------------------------------
// Pass 2: build.

enum FrameKind {
    Tuple,
    /// A LIST_EXT: the elements, then the tail.
    List,
    Map,
    /// A fun's free variables: module index and lambda index.
    Fun(u32, usize),
}

struct Frame {
    kind: FrameKind,
    /// Values this frame needs on the value stack before it can be built.
    needed: usize,
    /// Where its values start on the value stack.
    start: usize,
}

fn intern(text: &[u8]) -> Result<Term, ExtError> {
    atom::intern(text)
        .map(Term::atom)
        .map_err(|_| ExtError::BadAtom)
}

/// Build the term encoded at the start of `body` (already validated by `scan`).
fn build_body<A: Alloc + ?Sized>(body: &[u8], alloc: &mut A) -> Result<(Term, usize), ExtError> {
    let mut r = ByteReader::new(body);
    let mut values: Vec<Term> = Vec::new();
    let mut frames: Vec<Frame> = Vec::new();
    loop {
        let tag = r.u8().ok_or(ExtError::Truncated)?;
        let value = match tag {
            SMALL_INTEGER_EXT => Some(Term::small(r.u8().ok_or(ExtError::Truncated)? as isize)),
            INTEGER_EXT => {
                let v = r.i32().ok_or(ExtError::Truncated)?;
                Some(build_integer(alloc, v < 0, &v.unsigned_abs().to_le_bytes()))
            }
            SMALL_BIG_EXT | LARGE_BIG_EXT => {
                let (neg, n) = big_header(&mut r, tag)?;
                let mag = r.bytes(n).ok_or(ExtError::Truncated)?;
                Some(build_integer(alloc, neg, mag))
            }
            NEW_FLOAT_EXT => {
                let f = f64::from_bits(r.u64().ok_or(ExtError::Truncated)?);
                if !f.is_finite() {
                    return Err(ExtError::BadFloat);
                }
                Some(alloc.float(f))
            }
            FLOAT_EXT => {
                let f = parse_string_float(r.bytes(31).ok_or(ExtError::Truncated)?)?;
                Some(alloc.float(f))
            }
            ATOM_EXT | SMALL_ATOM_EXT | ATOM_UTF8_EXT | SMALL_ATOM_UTF8_EXT => {
                Some(intern(&atom_text(&mut r, tag)?)?)
            }
            SMALL_TUPLE_EXT | LARGE_TUPLE_EXT => {
                let n = if tag == SMALL_TUPLE_EXT {
                    r.u8().ok_or(ExtError::Truncated)? as usize
                } else {
                    r.u32().ok_or(ExtError::Truncated)? as usize
                };
                if n == 0 {
                    Some(alloc.tuple(&[]))
                } else {
                    frames.push(Frame {
                        kind: FrameKind::Tuple,
                        needed: n,
                        start: values.len(),
                    });
                    None
                }
            }
            t if is_ident_tag(t) => Some(read_ident(&mut r, t, false)?.build(alloc)?),
            NEW_FUN_EXT => {
                // Already validated (and its module loaded) by the scan.
                let h = read_fun_header(&mut r, false)?;
                if h.num_free == 0 {
                    Some(alloc.boxed_raw(BoxKind::Fun, &[h.module as usize, h.index]))
                } else {
                    frames.push(Frame {
                        kind: FrameKind::Fun(h.module, h.index),
                        needed: h.num_free,
                        start: values.len(),
                    });
                    None
                }
            }
            NIL_EXT => Some(Term::NIL),
            STRING_EXT => {
                let n = r.u16().ok_or(ExtError::Truncated)? as usize;
                let bytes = r.bytes(n).ok_or(ExtError::Truncated)?;
                let items: Vec<Term> = bytes.iter().map(|&b| Term::small(b as isize)).collect();
                Some(alloc.list_from(&items, Term::NIL))
            }
            LIST_EXT => {
                let n = r.u32().ok_or(ExtError::Truncated)? as usize;
                frames.push(Frame {
                    kind: FrameKind::List,
                    needed: add(n, 1)?,
                    start: values.len(),
                });
                None
            }
            BINARY_EXT => {
                let n = r.u32().ok_or(ExtError::Truncated)? as usize;
                Some(alloc.heap_binary(r.bytes(n).ok_or(ExtError::Truncated)?))
            }
            BIT_BINARY_EXT => {
                let n = r.u32().ok_or(ExtError::Truncated)? as usize;
                let bits = r.u8().ok_or(ExtError::Truncated)? as usize;
                let data = r.bytes(n).ok_or(ExtError::Truncated)?;
                if n == 0 || bits == 8 {
                    Some(alloc.heap_binary(data))
                } else {
                    if !(1..8).contains(&bits) {
                        return Err(ExtError::BadBitBinary);
                    }
                    // Unused low bits of the last byte are zero in a well-formed bitstring.
                    let mut copy = data.to_vec();
                    if let Some(last) = copy.last_mut() {
                        *last &= 0xFFu8 << (8 - bits);
                    }
                    let bin = alloc.heap_binary(&copy);
                    let bit_size = (n - 1) * 8 + bits;
                    Some(alloc.boxed_raw(BoxKind::SubBin, &[bit_size, 0, bin.raw()]))
                }
            }
            MAP_EXT => {
                let n = r.u32().ok_or(ExtError::Truncated)? as usize;
                if n == 0 {
                    let keys = alloc.tuple(&[]);
                    Some(alloc.boxed_raw(BoxKind::Map, &[keys.raw()]))
                } else {
                    frames.push(Frame {
                        kind: FrameKind::Map,
                        needed: 2 * n,
                        start: values.len(),
                    });
                    None
                }
            }
            EXPORT_EXT => {
                let mut parts = [Term::NIL; 2];
                for p in parts.iter_mut() {
                    let t = r.u8().ok_or(ExtError::Truncated)?;
                    if !is_atom_tag(t) {
                        return Err(ExtError::BadExport);
                    }
                    *p = intern(&atom_text(&mut r, t)?)?;
                }
                let arity = Term::small(export_arity(&mut r)?);
                Some(alloc.boxed_raw(
                    BoxKind::Export,
                    &[parts[0].raw(), parts[1].raw(), arity.raw()],
                ))
            }
            t => return Err(unsupported(t)),
        };
        if let Some(v) = value {
            values.push(v);
        }
        // Build every frame whose values are now complete.
        while let Some(top) = frames.last() {
            if values.len() - top.start < top.needed {
                break;
            }
            let Some(frame) = frames.pop() else { break };
            let items = &values[frame.start..];
            let t = match frame.kind {
                FrameKind::Tuple => alloc.tuple(items),
                FrameKind::List => {
                    let (elems, tail) = items.split_at(items.len() - 1);
                    alloc.list_from(elems, tail[0])
                }
                FrameKind::Map => build_map(alloc, items)?,
                FrameKind::Fun(m, i) => {
                    let mut payload = vec![m as usize, i];
                    payload.extend(items.iter().map(|t| t.raw()));
                    alloc.boxed_raw(BoxKind::Fun, &payload)
                }
            };
            values.truncate(frame.start);
            values.push(t);
        }
        if frames.is_empty() {
            break;
        }
    }
    match values.as_slice() {
        [t] => Ok((*t, r.pos())),
        _ => Err(ExtError::Truncated),
    }
}

/// A map from alternating keys and values (flat or trie by size, as OTP); duplicate keys are
/// refused as OTP does.
fn build_map<A: Alloc + ?Sized>(alloc: &mut A, kv: &[Term]) -> Result<Term, ExtError> {
    let (keys, values): (Vec<Term>, Vec<Term>) = kv.chunks_exact(2).map(|c| (c[0], c[1])).unzip();
    let plan = crate::terms::map::plan(&keys);
    if plan.len() != keys.len() {
        return Err(ExtError::DuplicateMapKey);
    }
    Ok(crate::terms::map::build_plan(alloc, &plan, &keys, &values))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::terms::heap::{heap_binary_bytes, Arena, Heap};

    fn ext(body: &[u8]) -> Vec<u8> {
        let mut v = vec![VERSION];
        v.extend_from_slice(body);
        v
    }

    #[test]
    fn scalars() {
        let mut a = Arena::new();
        assert_eq!(decode(&ext(&[97, 200]), &mut a), Ok(Term::small(200)));
        assert_eq!(
            decode(&ext(&[98, 0xFF, 0xFF, 0xFF, 0xFE]), &mut a),
            Ok(Term::small(-2))
        );
        assert_eq!(decode(&ext(&[106]), &mut a), Ok(Term::NIL));
        let t = decode(&ext(&[119, 2, b'o', b'k']), &mut a).unwrap();
        assert_eq!(t, Term::atom(atom::OK));
        // Latin-1 atom with a non-ASCII byte.
        let t = decode(&ext(&[115, 1, 0xE4]), &mut a).unwrap();
        assert_eq!(atom::name(t.atom_index()), "ä".as_bytes());
        let mut f = vec![70];
        f.extend_from_slice(&2.5f64.to_bits().to_be_bytes());
        assert_eq!(decode(&ext(&f), &mut a).unwrap().float_value(), 2.5);
        let mut s = vec![99];
        let mut txt = b"1.50000000000000000000e+00".to_vec();
        txt.resize(31, 0);
        s.extend_from_slice(&txt);
        assert_eq!(decode(&ext(&s), &mut a).unwrap().float_value(), 1.5);
    }

    #[test]
    fn bignums() {
        let mut a = Arena::new();
        // 2^64 = SMALL_BIG n=9 sign=0, bytes LE.
        let mut b = vec![110, 9, 0];
        b.extend_from_slice(&[0, 0, 0, 0, 0, 0, 0, 0, 1]);
        let t = decode(&ext(&b), &mut a).unwrap();
        assert_eq!(crate::terms::bignum::to_i128(t), Some(1i128 << 64));
        // A SMALL_BIG that fits a small becomes a small.
        let t = decode(&ext(&[110, 2, 1, 5, 0]), &mut a).unwrap();
        assert_eq!(t, Term::small(-5));
        let bytes = ext(&[110, 2, 1, 5, 0]);
        let m = measure(&bytes).unwrap();
        assert_eq!(m.heap_words(), 0);
    }

    #[test]
    fn containers() {
        let mut a = Arena::new();
        // {1, [2, 3 | 4], "ab", <<7>>}
        let bytes = ext(&[
            104, 4, 97, 1, 108, 0, 0, 0, 2, 97, 2, 97, 3, 97, 4, 107, 0, 2, b'a', b'b', 109, 0, 0,
            0, 1, 7,
        ]);
        let m = measure(&bytes).unwrap();
        assert_eq!(m.consumed(), bytes.len());
        let t = m.build(&mut a).unwrap();
        let e = t.as_tuple().unwrap();
        assert_eq!(e.len(), 4);
        assert_eq!(e[0], Term::small(1));
        let l = e[1];
        assert_eq!(l.head(), Term::small(2));
        assert_eq!(l.tail().head(), Term::small(3));
        assert_eq!(l.tail().tail(), Term::small(4));
        assert_eq!(e[2].head(), Term::small(b'a' as isize));
        assert_eq!(heap_binary_bytes(e[3]), &[7]);
    }

    #[test]
    fn bit_binary_and_export() {
        let mut a = Arena::new();
        let t = decode(&ext(&[77, 0, 0, 0, 1, 3, 0xFF]), &mut a).unwrap();
        assert!(t.is_box_of(BoxKind::SubBin));
        assert_eq!(t.payload()[0], 3);
        assert_eq!(heap_binary_bytes(Term::from_raw(t.payload()[2])), &[0xE0]);
        let t = decode(
            &ext(&[
                113, 119, 5, b'l', b'i', b's', b't', b's', 119, 3, b'm', b'a', b'p', 97, 2,
            ]),
            &mut a,
        )
        .unwrap();
        assert!(t.is_box_of(BoxKind::Export));
        assert_eq!(Term::from_raw(t.payload()[0]), Term::atom(atom::LISTS));
        assert_eq!(Term::from_raw(t.payload()[2]), Term::small(2));
    }

    #[test]
    fn builds_on_a_process_heap_within_measure() {
        let bytes = ext(&[
            104, 3, 97, 1, 108, 0, 0, 0, 1, 104, 0, 106, 109, 0, 0, 0, 3, 1, 2, 3,
        ]);
        let m = measure(&bytes).unwrap();
        let mut h = Heap::new(0);
        let before = h.used();
        let mut r = h.reserve(m.heap_words(), &mut []);
        let t = m.build(&mut r).unwrap();
        let _ = r;
        assert!(h.used() - before <= m.heap_words());
        assert!(t.is_tuple());
    }

    #[test]
    fn maps_sorted_and_duplicates_refused() {
        let mut a = Arena::new();
        // #{b => 1, a => 2, 1.0 => 3, 1 => 4}
        let bytes = ext(&[
            116, 0, 0, 0, 4, 119, 1, b'b', 97, 1, 119, 1, b'a', 97, 2, 70, 0x3F, 0xF0, 0, 0, 0, 0,
            0, 0, 97, 3, 97, 1, 97, 4,
        ]);
        let t = decode(&bytes, &mut a).unwrap();
        assert!(t.is_map());
        let keys = Term::from_raw(t.payload()[0]);
        let k = keys.as_tuple().unwrap();
        assert_eq!(k.len(), 4);
        assert_eq!(k[0], Term::small(1));
        assert!(k[1].is_float());
        assert_eq!(atom::name(k[2].atom_index()), b"a");
        assert_eq!(atom::name(k[3].atom_index()), b"b");
        assert_eq!(Term::from_raw(t.payload()[1]), Term::small(4));
        assert_eq!(Term::from_raw(t.payload()[4]), Term::small(1));
        let dup = ext(&[116, 0, 0, 0, 2, 97, 1, 97, 1, 97, 1, 97, 2]);
        assert_eq!(decode(&dup, &mut a), Err(ExtError::DuplicateMapKey));
        let empty = decode(&ext(&[116, 0, 0, 0, 0]), &mut a).unwrap();
        assert!(empty.is_map());
    }

    #[test]
    fn errors() {
        let mut a = Arena::new();
        assert_eq!(decode(&[130, 106], &mut a), Err(ExtError::BadVersion(130)));
        assert_eq!(
            decode(&ext(&[104, 2, 97]), &mut a),
            Err(ExtError::Truncated)
        );
        assert_eq!(
            decode(&ext(&[82, 0]), &mut a),
            Err(ExtError::Unsupported("atom cache reference"))
        );
        assert_eq!(decode(&ext(&[200]), &mut a), Err(ExtError::UnknownTag(200)));
        assert_eq!(
            decode(&ext(&[108, 0xFF, 0xFF, 0xFF, 0xFF, 106]), &mut a),
            Err(ExtError::Truncated)
        );
        let mut f = vec![70];
        f.extend_from_slice(&f64::NAN.to_bits().to_be_bytes());
        assert_eq!(decode(&ext(&f), &mut a), Err(ExtError::BadFloat));
    }

    #[test]
    fn deep_nesting_does_not_overflow() {
        let mut body = Vec::new();
        for _ in 0..200_000 {
            body.extend_from_slice(&[104, 1]);
        }
        body.push(106);
        let mut a = Arena::new();
        let t = decode(&ext(&body), &mut a).unwrap();
        assert!(t.is_tuple());
    }

    #[test]
    fn random_garbage_never_panics() {
        let mut a = Arena::new();
        let mut seed = 99u32;
        let tags = [
            97u8, 98, 110, 111, 70, 99, 100, 115, 118, 119, 104, 105, 106, 107, 108, 109, 77, 113,
            0, 1, 2, 3,
        ];
        for _ in 0..20000 {
            let mut buf = vec![VERSION];
            for i in 0..16 {
                seed = seed.wrapping_mul(1103515245).wrapping_add(12345);
                let b = (seed >> 16) as u8;
                buf.push(if i % 3 == 0 {
                    tags[b as usize % tags.len()]
                } else {
                    b % 8
                });
            }
            let _ = decode(&buf, &mut a);
        }
    }
}
