//! Terms at the boundary: every term a host gives or gets is Erlang's external term format
//! (the bytes of `term_to_binary/1`). This module has a few builders, so a Rust host can make
//! common terms without an ETF library, `print` to read one as Erlang text, and [`Pid`].
//!
//! ```
//! use atomvm::etf;
//! let t = etf::tuple(&[etf::atom("ok"), etf::int(42), etf::binary(b"hi")]);
//! assert_eq!(etf::print(&t).unwrap(), "{ok,42,<<\"hi\">>}");
//! ```
//!
//! The builders take elements made by themselves or by the VM (which never compresses).

use crate::terms::copy::Copied;
use crate::terms::ext_term;
use crate::terms::heap::Arena;
use crate::terms::print::print_term;
use crate::terms::term::Term;
use std::fmt;

const VERSION: u8 = 131;

/// A local process, as the host sees it. Its ETF form (`to_etf`) is what Erlang sees.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Pid(pub(crate) usize);

impl Pid {
    pub(crate) fn from_term(t: Term) -> Pid {
        Pid(t.pid_id())
    }

    pub(crate) fn term(self) -> Term {
        Term::pid(self.0)
    }

    /// The pid in external term format.
    pub fn to_etf(self) -> Vec<u8> {
        crate::scheduling::watch::encode(self.term(), self.term())
    }

    /// The pid in `bytes` (external term format), if they hold a pid of this VM.
    pub fn from_etf(bytes: &[u8]) -> Option<Pid> {
        let t = decode(bytes, 0).ok()?;
        t.term.is_local_pid().then(|| Pid::from_term(t.term))
    }
}

impl fmt::Display for Pid {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&print_term(self.term()))
    }
}

/// Bytes that are not a valid external term.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct BadTerm;

impl fmt::Display for BadTerm {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("not a valid external term format term")
    }
}

impl std::error::Error for BadTerm {}

/// Decode `bytes` into an arena of its own, with `room` spare words for what is built from it.
pub(crate) fn decode(bytes: &[u8], room: usize) -> Result<Copied, BadTerm> {
    let m = ext_term::measure(bytes).map_err(|_| BadTerm)?;
    let mut arena = Arena::with_words(m.heap_words() + room);
    let term = m.build(&mut arena).map_err(|_| BadTerm)?;
    Ok(Copied { term, arena })
}

/// The term in `bytes` printed as Erlang text, like `io:format("~p", [T])` on one line.
pub fn print(bytes: &[u8]) -> Result<String, BadTerm> {
    Ok(print_term(decode(bytes, 0)?.term))
}

/// An atom (its name in UTF-8; at most 255 characters, as in Erlang).
pub fn atom(name: &str) -> Vec<u8> {
    let mut out = vec![VERSION];
    if name.len() < 256 {
        out.push(119); // SMALL_ATOM_UTF8_EXT
        out.push(name.len() as u8);
    } else {
        out.push(118); // ATOM_UTF8_EXT
        out.extend_from_slice(&(name.len().min(u16::MAX as usize) as u16).to_be_bytes());
    }
    out.extend_from_slice(name.as_bytes());
    out
}

/// An integer.
pub fn int(v: i64) -> Vec<u8> {
    let mut out = vec![VERSION];
    if (0..256).contains(&v) {
        out.push(97); // SMALL_INTEGER_EXT
        out.push(v as u8);
    } else if i32::try_from(v).is_ok() {
        out.push(98); // INTEGER_EXT
        out.extend_from_slice(&(v as i32).to_be_bytes());
    } else {
        out.push(110); // SMALL_BIG_EXT: n, sign, little-endian digits
        let mag = v.unsigned_abs().to_le_bytes();
        let n = 8 - mag.iter().rev().take_while(|&&b| b == 0).count();
        out.push(n as u8);
        out.push(u8::from(v < 0));
        out.extend_from_slice(&mag[..n]);
    }
    out
}

/// A float.
pub fn float(v: f64) -> Vec<u8> {
    let mut out = vec![VERSION, 70]; // NEW_FLOAT_EXT
    out.extend_from_slice(&v.to_be_bytes());
    out
}

/// A binary.
pub fn binary(bytes: &[u8]) -> Vec<u8> {
    let mut out = vec![VERSION, 109]; // BINARY_EXT
    out.extend_from_slice(&(bytes.len() as u32).to_be_bytes());
    out.extend_from_slice(bytes);
    out
}

/// The body of an element (its bytes without the version byte).
fn body(t: &[u8]) -> &[u8] {
    t.strip_prefix(&[VERSION]).unwrap_or(t)
}

/// A tuple of the given terms.
pub fn tuple(elements: &[Vec<u8>]) -> Vec<u8> {
    let mut out = vec![VERSION];
    if elements.len() < 256 {
        out.push(104); // SMALL_TUPLE_EXT
        out.push(elements.len() as u8);
    } else {
        out.push(105); // LARGE_TUPLE_EXT
        out.extend_from_slice(&(elements.len() as u32).to_be_bytes());
    }
    for e in elements {
        out.extend_from_slice(body(e));
    }
    out
}

/// A proper list of the given terms.
pub fn list(elements: &[Vec<u8>]) -> Vec<u8> {
    if elements.is_empty() {
        return vec![VERSION, 106]; // NIL_EXT
    }
    let mut out = vec![VERSION, 108]; // LIST_EXT
    out.extend_from_slice(&(elements.len() as u32).to_be_bytes());
    for e in elements {
        out.extend_from_slice(body(e));
    }
    out.push(106);
    out
}

/// A map of the given key-value pairs.
pub fn map(pairs: &[(Vec<u8>, Vec<u8>)]) -> Vec<u8> {
    let mut out = vec![VERSION, 116]; // MAP_EXT
    out.extend_from_slice(&(pairs.len() as u32).to_be_bytes());
    for (k, v) in pairs {
        out.extend_from_slice(body(k));
        out.extend_from_slice(body(v));
    }
    out
}
