//! BEAM's compact term encoding, used for instruction operands (and the Line chunk).
//!
//! The low 3 bits of the first byte are the tag: u(0) i(1) a(2) x(3) y(4) f(5) h(6) z(7).
//! The value then comes in one of three forms, chosen by bits 3–4:
//!   - bit 3 clear: the value is the high 4 bits (0..15);
//!   - bits 3–4 = 01: an 11-bit value, bits 5–7 as its high bits and the next byte as the low ones;
//!   - bits 3–4 = 11: a byte count in bits 5–7 (+2), or — when those are all ones — a following
//!     `u` operand (+9); then that many big-endian bytes (two's complement for tag `i`).
//!
//! Tag `z` marks an extended operand, its kind in the high 4 bits: 0 float (old), 1 list,
//! 2 float register, 3 allocation list, 4 literal, 5 typed register (register + type index).

use crate::terms::byte_reader::ByteReader;
use crate::terms::ext_term;
use crate::terms::heap::Alloc;
use crate::terms::term::Term;
use std::fmt;

pub const TAG_U: u8 = 0;
pub const TAG_I: u8 = 1;
pub const TAG_A: u8 = 2;
pub const TAG_X: u8 = 3;
pub const TAG_Y: u8 = 4;
pub const TAG_F: u8 = 5;
pub const TAG_H: u8 = 6;

/// A decoded operand. Indexes (atoms, literals, labels) are still module-local.
#[derive(Clone, Debug, PartialEq)]
pub enum Operand {
    /// Untagged number (`u`): arities, counts, indexes into tables, flags.
    U(u64),
    /// Integer (`i`): a small integer term, or a bignum built in the caller's literal arena.
    Int(Term),
    /// Atom index into the module's atom table; 0 means `[]`.
    Atom(u32),
    X(u32),
    Y(u32),
    /// Label number (`f`); 0 means "no label".
    Label(u32),
    /// Character (`h`).
    Char(u32),
    /// `z 1`: a list of operands.
    List(Vec<Operand>),
    /// `z 2`: float register.
    Fr(u32),
    /// `z 3`: allocation list, already split by kind.
    Alloc {
        words: u64,
        floats: u64,
        funs: u64,
    },
    /// `z 4`: index into the literal table.
    Literal(u32),
    /// `z 0`: an inline float (very old compilers).
    Float(f64),
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CompactError {
    /// Ran off the end of the data.
    Truncated,
    /// A value too large for where it is used.
    TooLarge,
    /// An extended (`z`) tag we do not know.
    BadExtended(u8),
    /// Something else malformed.
    Malformed(&'static str),
}

impl fmt::Display for CompactError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CompactError::Truncated => write!(f, "operand runs past the end of the code"),
            CompactError::TooLarge => write!(f, "operand value too large"),
            CompactError::BadExtended(z) => write!(f, "unknown extended operand tag z{}", z),
            CompactError::Malformed(m) => write!(f, "malformed operand: {}", m),
        }
    }
}

/// The raw value of one compact term before it is given meaning.
enum Raw<'a> {
    Small(u64),
    /// Big-endian bytes of the long form.
    Bytes(&'a [u8]),
}

/// Reads compact terms from a byte stream.
pub struct CompactReader<'a> {
    r: ByteReader<'a>,
}

impl<'a> CompactReader<'a> {
    pub fn new(data: &'a [u8]) -> Self {
        CompactReader {
            r: ByteReader::new(data),
        }
    }
    pub fn pos(&self) -> usize {
        self.r.pos()
    }
    pub fn is_empty(&self) -> bool {
        self.r.is_empty()
    }
    pub fn remaining(&self) -> usize {
        self.r.remaining()
    }
    /// The next raw byte (opcodes are plain bytes).
    pub fn byte(&mut self) -> Result<u8, CompactError> {
        self.r.u8().ok_or(CompactError::Truncated)
    }

    fn raw(&mut self, first: u8, nested: bool) -> Result<Raw<'a>, CompactError> {
        if first & 0x08 == 0 {
            return Ok(Raw::Small((first >> 4) as u64));
        }
        if first & 0x10 == 0 {
            let lo = self.byte()?;
            return Ok(Raw::Small((((first & 0xE0) as u64) << 3) | lo as u64));
        }
        let n = (first >> 5) as usize;
        let len = if n < 7 {
            n + 2
        } else {
            // The length itself is a `u` operand; a length needing this form again is absurd.
            if nested {
                return Err(CompactError::TooLarge);
            }
            let b = self.byte()?;
            if b & 0x07 != TAG_U {
                return Err(CompactError::Malformed(
                    "length of a long operand is not a u value",
                ));
            }
            let v = match self.raw(b, true)? {
                Raw::Small(v) => v,
                Raw::Bytes(bytes) => unsigned(bytes)?,
            };
            usize::try_from(v)
                .ok()
                .and_then(|v| v.checked_add(9))
                .ok_or(CompactError::TooLarge)?
        };
        let bytes = self.r.bytes(len).ok_or(CompactError::Truncated)?;
        Ok(Raw::Bytes(bytes))
    }

    /// A plain unsigned value of the given tag (u, a, x, y, f, h); errors on `i`/`z`.
    fn unsigned_value(&mut self, first: u8) -> Result<u64, CompactError> {
        match self.raw(first, false)? {
            Raw::Small(v) => Ok(v),
            Raw::Bytes(b) => unsigned(b),
        }
    }

    /// Read a `u` operand (used for counts inside extended operands and the Line chunk).
    pub fn read_u(&mut self) -> Result<u64, CompactError> {
        let b = self.byte()?;
        if b & 0x07 != TAG_U {
            return Err(CompactError::Malformed("expected an untagged (u) value"));
        }
        self.unsigned_value(b)
    }

    /// Read one operand. Bignums are built in `lits` (the module's literal arena).
    pub fn operand<A: Alloc + ?Sized>(&mut self, lits: &mut A) -> Result<Operand, CompactError> {
        self.operand_at(lits, false)
    }

    fn operand_at<A: Alloc + ?Sized>(
        &mut self,
        lits: &mut A,
        in_list: bool,
    ) -> Result<Operand, CompactError> {
        let first = self.byte()?;
        let tag = first & 0x07;
        let as_u32 = |v: u64| u32::try_from(v).map_err(|_| CompactError::TooLarge);
        match tag {
            TAG_U => Ok(Operand::U(self.unsigned_value(first)?)),
            TAG_I => match self.raw(first, false)? {
                Raw::Small(v) => Ok(Operand::Int(Term::small(v as isize))),
                Raw::Bytes(b) => Ok(Operand::Int(signed_be_integer(lits, b))),
            },
            TAG_A => Ok(Operand::Atom(as_u32(self.unsigned_value(first)?)?)),
            TAG_X => Ok(Operand::X(as_u32(self.unsigned_value(first)?)?)),
            TAG_Y => Ok(Operand::Y(as_u32(self.unsigned_value(first)?)?)),
            TAG_F => Ok(Operand::Label(as_u32(self.unsigned_value(first)?)?)),
            TAG_H => Ok(Operand::Char(as_u32(self.unsigned_value(first)?)?)),
            _ => {
                if first & 0x08 != 0 {
                    return Err(CompactError::Malformed("long form of an extended tag"));
                }
                let ext = first >> 4;
                match ext {
                    0 => {
                        let b = self.r.bytes(8).ok_or(CompactError::Truncated)?;
                        let mut a = [0u8; 8];
                        a.copy_from_slice(b);
                        Ok(Operand::Float(f64::from_bits(u64::from_be_bytes(a))))
                    }
                    1 => {
                        if in_list {
                            return Err(CompactError::Malformed("nested list operand"));
                        }
                        let n = self.read_u()?;
                        // Every element takes at least one byte: refuse counts the data cannot hold.
                        if n > self.remaining() as u64 {
                            return Err(CompactError::Truncated);
                        }
                        let mut items = Vec::with_capacity(n as usize);
                        for _ in 0..n {
                            items.push(self.operand_at(lits, true)?);
                        }
                        Ok(Operand::List(items))
                    }
                    2 => Ok(Operand::Fr(as_u32(self.read_u()?)?)),
                    3 => {
                        let n = self.read_u()?;
                        if n > self.remaining() as u64 {
                            return Err(CompactError::Truncated);
                        }
                        let (mut words, mut floats, mut funs) = (0u64, 0u64, 0u64);
                        for _ in 0..n {
                            let kind = self.read_u()?;
                            let v = self.read_u()?;
                            let slot = match kind {
                                0 => &mut words,
                                1 => &mut floats,
                                2 => &mut funs,
                                _ => {
                                    return Err(CompactError::Malformed(
                                        "unknown allocation list kind",
                                    ))
                                }
                            };
                            *slot = slot.checked_add(v).ok_or(CompactError::TooLarge)?;
                        }
                        Ok(Operand::Alloc {
                            words,
                            floats,
                            funs,
                        })
                    }
                    4 => Ok(Operand::Literal(as_u32(self.read_u()?)?)),
                    5 => {
                        // Typed register (OTP 25+): the register, then a type index we ignore.
                        let reg = self.operand_at(lits, true)?;
                        if !matches!(reg, Operand::X(_) | Operand::Y(_)) {
                            return Err(CompactError::Malformed(
                                "typed register is not a register",
                            ));
                        }
                        self.read_u()?;
                        Ok(reg)
                    }
                    other => Err(CompactError::BadExtended(other)),
                }
            }
        }
    }
}

fn unsigned(bytes: &[u8]) -> Result<u64, CompactError> {
    // Leading zero bytes are allowed (the encoder adds one when the top bit is set).
    let first_nz = bytes.iter().position(|&b| b != 0).unwrap_or(bytes.len());
    let sig = &bytes[first_nz..];
    if sig.len() > 8 {
        return Err(CompactError::TooLarge);
    }
    Ok(sig.iter().fold(0u64, |acc, &b| (acc << 8) | b as u64))
}

/// A two's complement big-endian integer as a term (small, or a bignum built in `lits`).
pub fn signed_be_integer<A: Alloc + ?Sized>(lits: &mut A, bytes: &[u8]) -> Term {
    let negative = bytes.first().is_some_and(|&b| b & 0x80 != 0);
    // Magnitude, little-endian: negate the two's complement value when negative.
    let mut mag: Vec<u8> = bytes.iter().rev().copied().collect();
    if negative {
        let mut carry = true;
        for b in mag.iter_mut() {
            let (v, c) = (!*b).overflowing_add(carry as u8);
            *b = v;
            carry = c;
        }
    }
    ext_term::build_integer(lits, negative, &mag)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::terms::heap::Arena;

    fn one(bytes: &[u8]) -> Result<Operand, CompactError> {
        let mut a = Arena::new();
        CompactReader::new(bytes).operand(&mut a)
    }

    #[test]
    fn short_and_medium_forms() {
        assert_eq!(one(&[0x30]), Ok(Operand::U(3)));
        assert_eq!(one(&[0x31]), Ok(Operand::Int(Term::small(3))));
        assert_eq!(one(&[0x12]), Ok(Operand::Atom(1)));
        assert_eq!(one(&[0x03]), Ok(Operand::X(0)));
        assert_eq!(one(&[0x24]), Ok(Operand::Y(2)));
        assert_eq!(one(&[0x55]), Ok(Operand::Label(5)));
        // 11-bit form: 1000 = 0b011_1110_1000 → first byte 0b011_01_000 | tag, then 0xE8.
        assert_eq!(one(&[0x68, 0xE8]), Ok(Operand::U(1000)));
        assert_eq!(one(&[0x69, 0xE8]), Ok(Operand::Int(Term::small(1000))));
    }

    #[test]
    fn long_forms() {
        // 2-byte signed: -1 is encoded as <<-1:16>>.
        assert_eq!(one(&[0x19, 0xFF, 0xFF]), Ok(Operand::Int(Term::small(-1))));
        // 3 bytes 0x01_00_00 = 65536.
        assert_eq!(
            one(&[0x39, 0x01, 0x00, 0x00]),
            Ok(Operand::Int(Term::small(65536)))
        );
        // u with a leading zero byte.
        assert_eq!(one(&[0x18, 0x00, 0x80]), Ok(Operand::U(128)));
        // 1 bsl 200: 26 bytes (leading 0x01 then 25 zeros), length 26 - 9 = 17 as a u.
        // The length 17 does not fit 4 bits, so it uses the 11-bit form (0x08, 17).
        let mut bytes = vec![0xF9, 0x08, 17, 0x01];
        bytes.extend(std::iter::repeat_n(0, 25));
        let mut a = Arena::new();
        let op = CompactReader::new(&bytes).operand(&mut a).unwrap();
        let Operand::Int(t) = op else {
            panic!("not an int")
        };
        assert!(t.is_boxed());
        assert_eq!(t.box_kind(), crate::terms::term::BoxKind::PosBig);
        let limbs = t.payload();
        let bits = crate::terms::term::WORD_BITS;
        assert_eq!(limbs.len(), 200 / bits + 1);
        assert_eq!(limbs[200 / bits], 1usize << (200 % bits));
    }

    #[test]
    fn negative_big() {
        // -(1 bsl 64) = 0xFF_00..00 (9 bytes): length 9 → n = 7 → u(0).
        let mut bytes = vec![0xF9, 0x00, 0xFF];
        bytes.extend(std::iter::repeat_n(0, 8));
        let mut a = Arena::new();
        let Operand::Int(t) = CompactReader::new(&bytes).operand(&mut a).unwrap() else {
            panic!()
        };
        assert_eq!(t.box_kind(), crate::terms::term::BoxKind::NegBig);
        assert_eq!(crate::terms::bignum::to_i128(t), Some(-(1i128 << 64)));
    }

    #[test]
    fn extended() {
        // list [x0, a1]
        assert_eq!(
            one(&[0x17, 0x20, 0x03, 0x12]),
            Ok(Operand::List(vec![Operand::X(0), Operand::Atom(1)]))
        );
        assert_eq!(one(&[0x27, 0x30]), Ok(Operand::Fr(3)));
        // alloc list: words 5, floats 1
        assert_eq!(
            one(&[0x37, 0x20, 0x00, 0x50, 0x10, 0x10]),
            Ok(Operand::Alloc {
                words: 5,
                floats: 1,
                funs: 0
            })
        );
        assert_eq!(one(&[0x47, 0x20]), Ok(Operand::Literal(2)));
        // typed register y1 with type 3
        assert_eq!(one(&[0x57, 0x14, 0x30]), Ok(Operand::Y(1)));
        assert_eq!(one(&[0x67]), Err(CompactError::BadExtended(6)));
        assert_eq!(one(&[0x17, 0xF0]), Err(CompactError::Truncated));
        assert!(one(&[0x57, 0x12, 0x30]).is_err());
    }

    #[test]
    fn never_panics_on_garbage() {
        let mut a = Arena::new();
        let mut seed = 12345u32;
        for _ in 0..20000 {
            let mut buf = [0u8; 12];
            for b in buf.iter_mut() {
                seed = seed.wrapping_mul(1103515245).wrapping_add(12345);
                *b = (seed >> 16) as u8;
            }
            let mut r = CompactReader::new(&buf);
            while r.operand(&mut a).is_ok() {}
        }
    }
}
