//! External term format: encoding (`term_to_binary`), byte for byte as OTP does it.
//!
//! The walk uses an explicit work stack, so nesting depth costs heap, never native stack. The
//! encoder only reads terms; the caller builds the result binary afterwards (reserve, then build).
//!
//! Choices that follow OTP 25/26 exactly:
//! - atoms: with `minor_version` 2 (the default since OTP 26) always UTF-8 tags (SMALL_ATOM_UTF8_EXT
//!   below 256 bytes, else ATOM_UTF8_EXT); with 0 or 1 an atom whose characters are all Latin-1 is
//!   ATOM_EXT (never SMALL_ATOM_EXT, as OTP), any other a UTF-8 tag;
//! - floats: NEW_FLOAT_EXT, or with `minor_version` 0 FLOAT_EXT holding C's `"%.20e"` text padded
//!   with zeros to 31 bytes;
//! - integers: SMALL_INTEGER_EXT for 0..255, INTEGER_EXT for the rest of the 32-bit range, then
//!   SMALL_BIG_EXT / LARGE_BIG_EXT;
//! - lists of at most 65535 integers in 0..255 ending in `[]`: STRING_EXT;
//! - maps: MAP_EXT with the pairs in key order — OTP's order for maps of up to 32 keys. OTP stores
//!   larger maps as hash tries and writes them in trie order; ours come out in key order, so the
//!   bytes of a map with more than 32 keys differ from OTP's (both decode to equal maps);
//! - local pids, ports and references carry this node's name and creation (`local_node.rs`:
//!   `nonode@nohost` and 0 until distribution starts): NEW_PID_EXT, NEW_PORT_EXT (V4_PORT_EXT only for numbers past 32 bits)
//!   and NEWER_REFERENCE_EXT with three 32-bit words (our 64-bit number, low word first, then 0).
//! - local funs: NEW_FUN_EXT with the module's MD5 as Uniq, the lambda's index and its FunT
//!   old index / old uniq. The Pid field is the encoding process (we do not record a fun's
//!   creator, which OTP 26 no longer uses either).
//! - `compressed`: zlib at the requested level (6 by default); used only when the deflated data fits
//!   in the uncompressed size minus 5 bytes, as OTP decides. Our deflater is miniz_oxide, whose
//!   stream can differ from zlib's for the same level on some inputs; both decode each other's.

use crate::terms::atom;
use crate::terms::bignum;
use crate::terms::bits::BitBuf;
use crate::terms::compare::bitstring_view;
use crate::terms::ext_term::*;
use crate::terms::fun_info;
use crate::terms::local_node;
use crate::terms::map;
use crate::terms::term::{BoxKind, Term};

/// Our reference number (see `bifs::types::build_ref`).
fn ref_number(t: Term) -> u64 {
    match t.payload() {
        [] => 0,
        [w] => *w as u64,
        [lo, hi, ..] => (*lo as u64) | ((*hi as u64) << 32),
    }
}

/// `term_to_binary/2` options.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub struct EncodeOptions {
    pub minor_version: u8,
    /// zlib level 1..=9, or 0 for no compression.
    pub compression: u32,
}

impl Default for EncodeOptions {
    fn default() -> Self {
        EncodeOptions {
            minor_version: 2,
            compression: 0,
        }
    }
}

/// A term that cannot be encoded (a fun of a module we cannot find, a match context).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EncodeError;

enum Work {
    Term(Term),
    /// Patch the 4-byte size of a NEW_FUN_EXT that started at this offset.
    FunSize(usize),
}

/// Encode `t` (with the version byte, compressed if asked and worthwhile). `self_pid` stands in
/// for a fun's creator.
pub fn encode(t: Term, opts: &EncodeOptions, self_pid: Term) -> Result<Vec<u8>, EncodeError> {
    let mut out = vec![VERSION];
    encode_into(&mut out, t, opts.minor_version, self_pid)?;
    if opts.compression == 0 {
        return Ok(out);
    }
    let body = &out[1..];
    let level = opts.compression.min(9) as u8;
    let z = miniz_oxide::deflate::compress_to_vec_zlib(body, level);
    if body.len() < 5 || z.len() > body.len() - 5 {
        return Ok(out);
    }
    let mut c = Vec::with_capacity(6 + z.len());
    c.push(VERSION);
    c.push(COMPRESSED);
    c.extend_from_slice(&(body.len() as u32).to_be_bytes());
    c.extend_from_slice(&z);
    Ok(c)
}

/// Append `t`'s encoding (no version byte, minor version 2) to `out`: the pieces of a
/// distribution message.
pub fn append(out: &mut Vec<u8>, t: Term, self_pid: Term) -> Result<(), EncodeError> {
    encode_into(out, t, 2, self_pid)
}

fn encode_into(out: &mut Vec<u8>, t: Term, minor: u8, self_pid: Term) -> Result<(), EncodeError> {
    let mut stack = vec![Work::Term(t)];
    while let Some(w) = stack.pop() {
        let t = match w {
            Work::Term(t) => t,
            Work::FunSize(at) => {
                let size = (out.len() - at) as u32;
                out[at..at + 4].copy_from_slice(&size.to_be_bytes());
                continue;
            }
        };
        if t.is_small() || bignum::is_big(t) {
            encode_integer(out, t);
        } else if t.is_atom() {
            encode_atom(out, t, minor);
        } else if t.is_nil() {
            out.push(NIL_EXT);
        } else if t.is_list() {
            encode_list(out, &mut stack, t);
        } else if t.is_local_pid() {
            encode_pid(out, minor, t.pid_id() as u64);
        } else if t.is_local_port() {
            encode_port(out, minor, (t.raw() >> 4) as u64);
        } else if t.is_boxed() {
            match t.box_kind() {
                BoxKind::Tuple => {
                    let e = t.tuple_elements();
                    if e.len() < 256 {
                        out.push(SMALL_TUPLE_EXT);
                        out.push(e.len() as u8);
                    } else {
                        out.push(LARGE_TUPLE_EXT);
                        out.extend_from_slice(&(e.len() as u32).to_be_bytes());
                    }
                    stack.extend(e.iter().rev().map(|&x| Work::Term(x)));
                }
                BoxKind::Float => encode_float(out, t.float_value(), minor),
                BoxKind::Map => {
                    let n = map::size(t);
                    out.push(MAP_EXT);
                    out.extend_from_slice(&(n as u32).to_be_bytes());
                    // OTP's order: key order (flat), reversed iteration order (trie).
                    for (k, v) in map::list_pairs(t).into_iter().rev() {
                        stack.push(Work::Term(v));
                        stack.push(Work::Term(k));
                    }
                }
                BoxKind::HeapBin | BoxKind::RefcBin | BoxKind::SubBin | BoxKind::BinBuilder => {
                    let (bytes, off, bits) = bitstring_view(t).ok_or(EncodeError)?;
                    let mut buf = BitBuf::with_capacity_bits(bits);
                    buf.push_bits(bytes, off, bits);
                    let rest = bits % 8;
                    if rest == 0 {
                        out.push(BINARY_EXT);
                        out.extend_from_slice(&(buf.bytes.len() as u32).to_be_bytes());
                    } else {
                        out.push(BIT_BINARY_EXT);
                        out.extend_from_slice(&(buf.bytes.len() as u32).to_be_bytes());
                        out.push(rest as u8);
                    }
                    out.extend_from_slice(&buf.bytes);
                }
                BoxKind::Export => {
                    let p = t.tuple_elements();
                    out.push(EXPORT_EXT);
                    encode_atom(out, p[0], minor);
                    encode_atom(out, p[1], minor);
                    encode_integer(out, p[2]);
                }
                BoxKind::Fun => {
                    let p = t.payload();
                    let (mi, fi) = (p[0] as u32, p[1]);
                    let env = &p[2..];
                    let l = fun_info::lambda(mi, fi).ok_or(EncodeError)?;
                    out.push(NEW_FUN_EXT);
                    let at = out.len();
                    out.extend_from_slice(&[0; 4]);
                    out.push(l.arity.saturating_sub(l.num_free) as u8);
                    out.extend_from_slice(&l.md5);
                    out.extend_from_slice(&(fi as u32).to_be_bytes());
                    out.extend_from_slice(&(env.len() as u32).to_be_bytes());
                    encode_atom(out, Term::atom(l.module), minor);
                    encode_integer(out, Term::small(l.index as isize));
                    encode_integer(out, Term::small(l.old_uniq as isize));
                    if self_pid.is_local_pid() {
                        encode_pid(out, minor, self_pid.pid_id() as u64);
                    } else {
                        encode_pid(out, minor, 0);
                    }
                    stack.push(Work::FunSize(at));
                    stack.extend(env.iter().rev().map(|&x| Work::Term(Term::from_raw(x))));
                }
                BoxKind::Ref => {
                    let n = ref_number(t);
                    encode_ref(
                        out,
                        minor,
                        node_atom(),
                        local_node::creation(),
                        &[n as u32, (n >> 32) as u32, 0],
                    );
                }
                BoxKind::ExternalPid => {
                    let p = t.payload();
                    out.push(NEW_PID_EXT);
                    encode_atom(out, Term::from_raw(p[0]), minor);
                    out.extend_from_slice(&(p[2] as u32).to_be_bytes());
                    out.extend_from_slice(&(p[3] as u32).to_be_bytes());
                    out.extend_from_slice(&(p[1] as u32).to_be_bytes());
                }
                BoxKind::ExternalPort => {
                    let p = t.payload();
                    let id = (p[2] as u64) | ((p[3] as u64) << 32);
                    encode_port_with(out, minor, Term::from_raw(p[0]), p[1] as u32, id);
                }
                BoxKind::ExternalRef => {
                    let p = t.payload();
                    let words: Vec<u32> = p[2..].iter().map(|&w| w as u32).collect();
                    encode_ref(out, minor, Term::from_raw(p[0]), p[1] as u32, &words);
                }
                BoxKind::PosBig | BoxKind::NegBig => encode_integer(out, t),
                BoxKind::MatchCtx => return Err(EncodeError),
            }
        } else {
            return Err(EncodeError);
        }
    }
    Ok(())
}

fn encode_integer(out: &mut Vec<u8>, t: Term) {
    // Decided by value, not by representation: on wasm32 a small integer has only 28 bits, so
    // values up to 2^31 - 1 arrive here as bignums and still take OTP's 32-bit encodings.
    let value = bignum::to_i128(t);
    if let Some(v) = value {
        if (0..256).contains(&v) {
            out.push(SMALL_INTEGER_EXT);
            out.push(v as u8);
            return;
        }
        if (i32::MIN as i128..=i32::MAX as i128).contains(&v) {
            out.push(INTEGER_EXT);
            out.extend_from_slice(&(v as i32).to_be_bytes());
            return;
        }
    }
    let (mag, neg): (Vec<u8>, bool) = if let Some(v) = t.as_small() {
        let v = v as i64;
        (v.unsigned_abs().to_le_bytes().to_vec(), v < 0)
    } else {
        let (limbs, neg) = bignum::limbs(t);
        (limbs.iter().flat_map(|l| l.to_le_bytes()).collect(), neg)
    };
    let n = mag.iter().rposition(|&b| b != 0).map_or(0, |i| i + 1);
    if n < 256 {
        out.push(SMALL_BIG_EXT);
        out.push(n as u8);
    } else {
        out.push(LARGE_BIG_EXT);
        out.extend_from_slice(&(n as u32).to_be_bytes());
    }
    out.push(neg as u8);
    out.extend_from_slice(&mag[..n]);
}

fn encode_atom(out: &mut Vec<u8>, t: Term, minor: u8) {
    let name = atom::name(t.atom_index());
    if minor < 2 {
        if let Some(latin1) = to_latin1(name) {
            out.push(ATOM_EXT);
            out.extend_from_slice(&(latin1.len() as u16).to_be_bytes());
            out.extend_from_slice(&latin1);
            return;
        }
    }
    if name.len() < 256 {
        out.push(SMALL_ATOM_UTF8_EXT);
        out.push(name.len() as u8);
    } else {
        out.push(ATOM_UTF8_EXT);
        out.extend_from_slice(&(name.len() as u16).to_be_bytes());
    }
    out.extend_from_slice(name);
}

/// The name as Latin-1 bytes, if every character is below U+0100.
fn to_latin1(name: &[u8]) -> Option<Vec<u8>> {
    let s = std::str::from_utf8(name).ok()?;
    s.chars().map(|c| u8::try_from(c as u32).ok()).collect()
}

fn encode_float(out: &mut Vec<u8>, f: f64, minor: u8) {
    if minor == 0 {
        out.push(FLOAT_EXT);
        let mut text = c_exp20(f).into_bytes();
        text.resize(31, 0);
        out.extend_from_slice(&text);
    } else {
        out.push(NEW_FLOAT_EXT);
        out.extend_from_slice(&f.to_bits().to_be_bytes());
    }
}

/// C's `printf("%.20e", f)`: 21 significant digits, exponent with a sign and at least two digits.
pub fn c_exp20(f: f64) -> String {
    let s = format!("{:.20e}", f);
    let (mant, exp) = s.split_once('e').unwrap_or((&s, "0"));
    let e: i32 = exp.parse().unwrap_or(0);
    format!(
        "{}e{}{:02}",
        mant,
        if e < 0 { '-' } else { '+' },
        e.unsigned_abs()
    )
}

fn encode_list(out: &mut Vec<u8>, stack: &mut Vec<Work>, t: Term) {
    // STRING_EXT when the whole list is proper, short enough, and all bytes.
    let mut n = 0usize;
    let mut bytes = true;
    let mut cur = t;
    while let Some((h, tl)) = cur.as_cons() {
        if bytes && !h.as_small().is_some_and(|b| (0..256).contains(&b)) {
            bytes = false;
        }
        n += 1;
        cur = tl;
    }
    if bytes && cur.is_nil() && n <= 0xFFFF {
        out.push(STRING_EXT);
        out.extend_from_slice(&(n as u16).to_be_bytes());
        let mut c = t;
        while let Some((h, tl)) = c.as_cons() {
            out.push(h.small_value() as u8);
            c = tl;
        }
        return;
    }
    out.push(LIST_EXT);
    out.extend_from_slice(&(n as u32).to_be_bytes());
    let mut items = Vec::with_capacity(n + 1);
    let mut c = t;
    while let Some((h, tl)) = c.as_cons() {
        items.push(h);
        c = tl;
    }
    stack.push(Work::Term(c));
    stack.extend(items.into_iter().rev().map(Work::Term));
}

fn node_atom() -> Term {
    Term::atom(local_node::name())
}

fn encode_pid(out: &mut Vec<u8>, minor: u8, id: u64) {
    out.push(NEW_PID_EXT);
    encode_atom(out, node_atom(), minor);
    out.extend_from_slice(&(id as u32).to_be_bytes());
    out.extend_from_slice(&((id >> 32) as u32).to_be_bytes());
    out.extend_from_slice(&local_node::creation().to_be_bytes());
}

fn encode_port(out: &mut Vec<u8>, minor: u8, id: u64) {
    encode_port_with(out, minor, node_atom(), local_node::creation(), id);
}

fn encode_port_with(out: &mut Vec<u8>, minor: u8, node: Term, creation: u32, id: u64) {
    if id <= u32::MAX as u64 {
        out.push(NEW_PORT_EXT);
        encode_atom(out, node, minor);
        out.extend_from_slice(&(id as u32).to_be_bytes());
    } else {
        out.push(V4_PORT_EXT);
        encode_atom(out, node, minor);
        out.extend_from_slice(&id.to_be_bytes());
    }
    out.extend_from_slice(&creation.to_be_bytes());
}

fn encode_ref(out: &mut Vec<u8>, minor: u8, node: Term, creation: u32, words: &[u32]) {
    out.push(NEWER_REFERENCE_EXT);
    out.extend_from_slice(&(words.len() as u16).to_be_bytes());
    encode_atom(out, node, minor);
    out.extend_from_slice(&creation.to_be_bytes());
    for w in words {
        out.extend_from_slice(&w.to_be_bytes());
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::terms::heap::{Alloc, Arena};

    fn enc(t: Term, minor: u8) -> Vec<u8> {
        let o = EncodeOptions {
            minor_version: minor,
            compression: 0,
        };
        encode(t, &o, Term::pid(0)).unwrap()
    }

    #[test]
    fn floats_as_c_prints_them() {
        assert_eq!(c_exp20(1.5), "1.50000000000000000000e+00");
        assert_eq!(c_exp20(1.0e300), "1.00000000000000005250e+300");
        assert_eq!(c_exp20(0.1), "1.00000000000000005551e-01");
        assert_eq!(c_exp20(-0.0), "-0.00000000000000000000e+00");
        assert_eq!(c_exp20(5.0e-324), "4.94065645841246544177e-324");
    }

    #[test]
    fn scalars_match_otp() {
        assert_eq!(enc(Term::small(255), 2), vec![131, 97, 255]);
        assert_eq!(enc(Term::small(256), 2), vec![131, 98, 0, 0, 1, 0]);
        assert_eq!(enc(Term::small(-1), 2), vec![131, 98, 255, 255, 255, 255]);
        assert_eq!(
            enc(Term::small(2147483648), 2),
            vec![131, 110, 4, 0, 0, 0, 0, 128]
        );
        assert_eq!(
            enc(Term::small(-2147483649), 2),
            vec![131, 110, 4, 1, 1, 0, 0, 128]
        );
        let a = Term::atom(atom::intern_str("a"));
        assert_eq!(enc(a, 2), vec![131, 119, 1, 97]);
        assert_eq!(enc(a, 1), vec![131, 100, 0, 1, 97]);
        let ae = Term::atom(atom::intern_str("ä"));
        assert_eq!(enc(ae, 1), vec![131, 100, 0, 1, 228]);
        assert_eq!(enc(ae, 2), vec![131, 119, 2, 195, 164]);
    }

    #[test]
    fn containers_match_otp() {
        let mut ar = Arena::new();
        let l = ar.list_from(&[Term::small(1), Term::small(2)], Term::small(3));
        assert_eq!(enc(l, 2), vec![131, 108, 0, 0, 0, 2, 97, 1, 97, 2, 97, 3]);
        let s = ar.list_from(&[Term::small(97), Term::small(98)], Term::NIL);
        assert_eq!(enc(s, 2), vec![131, 107, 0, 2, 97, 98]);
        let b = ar.heap_binary(&[1, 2, 3, 0x40]);
        let sub = ar.boxed_raw(BoxKind::SubBin, &[28, 0, b.raw()]);
        assert_eq!(enc(sub, 2), vec![131, 77, 0, 0, 0, 4, 4, 1, 2, 3, 64]);
    }
}
