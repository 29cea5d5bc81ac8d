//! `erlang:phash/2` and `erlang:phash2/1,2`: OTP's portable term hashes, bit for bit.
//!
//! Programs persist these values (hash-partitioned tables, ETS-like stores), so both functions
//! follow the algorithms of OTP's `make_hash` (phash) and `make_hash2` (phash2) exactly:
//! integers hash by magnitude independently of their representation, atoms by the hashpjw value of
//! their name, maps by an order-independent xor of per-pair hashes. Both walk the term with an
//! explicit work stack, so nesting depth costs heap, never native stack.
//!
//! Pids, ports and references hash their numbers, as in OTP; those numbers are this VM's own, so
//! such values differ from what another runtime gives for "the same" process (they are not
//! portable in OTP either).

use crate::terms::atom;
use crate::terms::bignum;
use crate::terms::compare::bitstring_view;
use crate::terms::fun_info;
use crate::terms::map;
use crate::terms::term::{BoxKind, Term};

/// OTP's atom hash (hashpjw over the UTF-8 name, with two-byte sequences for U+0080..U+00FF
/// folded back to their Latin-1 byte, which keeps the values of atoms from before UTF-8 atoms).
pub fn atom_hash(name: &[u8]) -> u32 {
    let mut h: u32 = 0;
    let mut i = 0;
    while i < name.len() {
        let mut v = name[i];
        i += 1;
        if i < name.len() && (v & 0xFE) == 0xC2 && (name[i] & 0xC0) == 0x80 {
            v = (v << 6) | (name[i] & 0x3F);
            i += 1;
        }
        h = (h << 4).wrapping_add(v as u32);
        let g = h & 0xF000_0000;
        if g != 0 {
            h ^= g >> 24;
            h ^= g;
        }
    }
    h
}

fn atom_hvalue(a: Term) -> u32 {
    atom_hash(atom::name(a.atom_index()))
}

/// Little-endian magnitude bytes and sign of an integer term (None for non-integers).
fn int_magnitude(t: Term) -> Option<(Vec<u8>, bool)> {
    if let Some(v) = t.as_small() {
        let v = v as i64;
        return Some((v.unsigned_abs().to_le_bytes().to_vec(), v < 0));
    }
    if bignum::is_big(t) {
        let (limbs, neg) = bignum::limbs(t);
        let mut bytes = Vec::with_capacity(std::mem::size_of_val(limbs));
        for &l in limbs {
            bytes.extend_from_slice(&l.to_le_bytes());
        }
        return Some((bytes, neg));
    }
    None
}

/// The magnitude as 32-bit words, least significant first, without leading zero words (at least
/// one word, so zero is `[0]`).
fn magnitude_u32s(mag: &[u8]) -> Vec<u32> {
    let mut words: Vec<u32> = mag
        .chunks(4)
        .map(|c| c.iter().rev().fold(0u32, |acc, &b| (acc << 8) | b as u32))
        .collect();
    while words.len() > 1 && words.last() == Some(&0) {
        words.pop();
    }
    if words.is_empty() {
        words.push(0);
    }
    words
}

/// The process-local number a pid, port or reference hashes by.
fn local_number(t: Term) -> u32 {
    if t.is_local_pid() || t.is_local_port() {
        return (t.raw() >> 4) as u32;
    }
    if t.is_boxed() {
        let p = t.payload();
        return match t.box_kind() {
            // Our reference number's low 32 bits (the first word of its external form).
            BoxKind::Ref => p.first().copied().unwrap_or(0) as u32,
            // External identifiers (see ext_term.rs): [node, creation, id/number words...].
            BoxKind::ExternalPid | BoxKind::ExternalPort => p.get(2).copied().unwrap_or(0) as u32,
            BoxKind::ExternalRef => p.get(3).copied().unwrap_or(0) as u32,
            _ => 0,
        };
    }
    0
}

/// Module atom, old index, old uniq and free variables of a local fun.
fn fun_parts(t: Term) -> (u32, u32, u32, &'static [usize]) {
    let p = t.payload();
    let env = p.get(2..).unwrap_or(&[]);
    let module = p.first().map(|&i| i as u32);
    let lambda = module.and_then(|m| p.get(1).and_then(|&n| fun_info::lambda(m, n)));
    let module_hv = module
        .and_then(fun_info::module_name)
        .map(|name| atom_hash(atom::name(name)))
        .unwrap_or(0);
    let (old_index, old_uniq) = lambda.map(|l| (l.index, l.old_uniq)).unwrap_or((0, 0));
    (module_hv, old_index, old_uniq, env)
}

// ---------------------------------------------------------------------------------------------
// phash2 (make_hash2)

const HCONST: u32 = 0x9e37_79b9;
const HCONST_2: u32 = 0x3c6e_f372;
const HCONST_3: u32 = 0xdaa6_6d2b;
const HCONST_4: u32 = 0x78dd_e6e4;
const HCONST_5: u32 = 0x1715_609d;
const HCONST_6: u32 = 0xb54c_da56;
const HCONST_7: u32 = 0x5384_540f;
const HCONST_9: u32 = 0x8ff3_4781;
const HCONST_10: u32 = 0x2e2a_c13a;
const HCONST_11: u32 = 0xcc62_3af3;
const HCONST_12: u32 = 0x6a99_b4ac;
const HCONST_13: u32 = 0x08d1_2e65;
const HCONST_14: u32 = 0xa708_a81e;
const HCONST_15: u32 = 0x4540_21d7;
const HCONST_16: u32 = 0xe377_9b90;
const HCONST_19: u32 = 0xbe1e_08bb;

/// Bob Jenkins' mix.
#[inline]
fn mix(a: &mut u32, b: &mut u32, c: &mut u32) {
    macro_rules! step {
        ($x:ident, $y:ident, $z:ident, $op:tt, $s:expr) => {
            *$x = $x.wrapping_sub(*$y).wrapping_sub(*$z);
            *$x ^= *$z $op $s;
        };
    }
    step!(a, b, c, >>, 13);
    step!(b, c, a, <<, 8);
    step!(c, a, b, >>, 13);
    step!(a, b, c, >>, 12);
    step!(b, c, a, <<, 16);
    step!(c, a, b, >>, 5);
    step!(a, b, c, >>, 3);
    step!(b, c, a, <<, 10);
    step!(c, a, b, >>, 15);
}

#[inline]
fn hash2_u32x2(hash: &mut u32, x: u32, y: u32, k: u32) {
    let mut a = k.wrapping_add(x);
    let mut b = k.wrapping_add(y);
    mix(&mut a, &mut b, hash);
}

#[inline]
fn hash2_u32(hash: &mut u32, x: u32, k: u32) {
    hash2_u32x2(hash, x, 0, k);
}

/// Jenkins' one-at-a-time-block hash of `k`, seeded with `initval` (OTP's `block_hash`).
fn block_hash(k: &[u8], initval: u32) -> u32 {
    let word = |s: &[u8]| u32::from_le_bytes([s[0], s[1], s[2], s[3]]);
    let (mut a, mut b, mut c) = (HCONST, HCONST, initval);
    let mut chunks = k.chunks_exact(12);
    for ch in &mut chunks {
        a = a.wrapping_add(word(&ch[0..4]));
        b = b.wrapping_add(word(&ch[4..8]));
        c = c.wrapping_add(word(&ch[8..12]));
        mix(&mut a, &mut b, &mut c);
    }
    let rest = chunks.remainder();
    c = c.wrapping_add(k.len() as u32);
    // The first byte of c is reserved for the length: the tail's bytes 8..11 go above it.
    for (i, &byte) in rest.iter().enumerate() {
        let v = byte as u32;
        match i {
            0..=3 => a = a.wrapping_add(v << (8 * i)),
            4..=7 => b = b.wrapping_add(v << (8 * (i - 4))),
            _ => c = c.wrapping_add(v << (8 * (i - 7))),
        }
    }
    mix(&mut a, &mut b, &mut c);
    c
}

enum Work {
    Term(Term),
    /// End of a map: restore the enclosing hash and pair accumulator.
    MapTail {
        saved_hash: u32,
        saved_xor: u32,
    },
    /// End of one key-value pair of a map.
    MapPair,
}

/// OTP's `make_hash2`: the full 32-bit value behind `phash2`.
pub fn make_hash2(term: Term) -> u32 {
    let mut hash: u32 = 0;
    let mut xor_pairs: u32 = 0;
    let mut stack: Vec<Work> = Vec::new();
    let mut next = Some(term);
    loop {
        let mut t = match next.take() {
            Some(t) => t,
            None => match stack.pop() {
                None => return hash,
                Some(Work::Term(t)) => t,
                Some(Work::MapTail {
                    saved_hash,
                    saved_xor,
                }) => {
                    hash = saved_hash;
                    hash2_u32(&mut hash, xor_pairs, HCONST_19);
                    xor_pairs = saved_xor;
                    continue;
                }
                Some(Work::MapPair) => {
                    xor_pairs ^= hash;
                    hash = 0;
                    continue;
                }
            },
        };
        if t.is_list() {
            // Runs of byte-sized heads are packed four to a word.
            let (rest, c, sh) = hash2_byte_run(&mut hash, t);
            t = rest;
            if c > 0 {
                hash2_u32(&mut hash, sh, HCONST_4);
            }
            match t.as_cons() {
                Some((h, tl)) => {
                    stack.push(Work::Term(tl));
                    next = Some(h);
                }
                // The tail (nil or an improper tail) is hashed as a term of its own.
                None => next = Some(t),
            }
            continue;
        }
        if let Some(x) = t.as_small() {
            if (-(1isize << 27)..(1isize << 27)).contains(&x) {
                let y = x as i32;
                if y < 0 {
                    // Negative numbers are mixed twice, as in OTP.
                    hash2_u32(&mut hash, y.wrapping_neg() as u32, HCONST);
                }
                hash2_u32(&mut hash, y as u32, HCONST);
                continue;
            }
            hash2_integer(&mut hash, t);
            continue;
        }
        if t.is_atom() {
            let hv = atom_hvalue(t);
            if hash == 0 {
                hash = hv;
            } else {
                hash2_u32(&mut hash, hv, HCONST_3);
            }
            continue;
        }
        if t.is_nil() {
            if hash == 0 {
                hash = 3_468_870_702;
            } else {
                hash2_u32(&mut hash, 2, HCONST_2); // NIL_DEF
            }
            continue;
        }
        if t.is_local_pid() {
            hash2_u32(&mut hash, local_number(t), HCONST_5);
            continue;
        }
        if t.is_local_port() {
            hash2_u32(&mut hash, local_number(t), HCONST_6);
            continue;
        }
        if !t.is_boxed() {
            continue;
        }
        match t.box_kind() {
            BoxKind::Tuple => {
                let elems = t.tuple_elements();
                hash2_u32(&mut hash, elems.len() as u32, HCONST_9);
                if let Some((first, rest)) = elems.split_first() {
                    for &e in rest.iter().rev() {
                        stack.push(Work::Term(e));
                    }
                    next = Some(*first);
                }
            }
            BoxKind::Map => {
                let n = map::size(t);
                hash2_u32(&mut hash, n as u32, HCONST_16);
                if n > 0 {
                    stack.push(Work::MapTail {
                        saved_hash: hash,
                        saved_xor: xor_pairs,
                    });
                    hash = 0;
                    xor_pairs = 0;
                    for (k, v) in map::pairs(t).into_iter().rev() {
                        stack.push(Work::MapPair);
                        stack.push(Work::Term(v));
                        stack.push(Work::Term(k));
                    }
                }
            }
            BoxKind::Export => {
                let p = t.tuple_elements();
                let (m, f, a) = (p[0], p[1], p[2].as_small().unwrap_or(0));
                hash2_u32x2(&mut hash, a as u32, atom_hvalue(m), HCONST);
                hash2_u32(&mut hash, atom_hvalue(f), HCONST_14);
            }
            BoxKind::Fun => {
                let (module_hv, old_index, old_uniq, env) = fun_parts(t);
                hash2_u32x2(&mut hash, env.len() as u32, module_hv, HCONST);
                hash2_u32x2(&mut hash, old_index, old_uniq, HCONST);
                if let Some((first, rest)) = env.split_first() {
                    for &e in rest.iter().rev() {
                        stack.push(Work::Term(Term::from_raw(e)));
                    }
                    next = Some(Term::from_raw(*first));
                }
            }
            BoxKind::HeapBin | BoxKind::RefcBin | BoxKind::SubBin | BoxKind::BinBuilder => {
                if let Some(view) = bitstring_view(t) {
                    hash = hash2_bitstring(hash, view);
                }
            }
            BoxKind::PosBig | BoxKind::NegBig => hash2_integer(&mut hash, t),
            BoxKind::Float => {
                let f = t.float_value();
                let bits = if f == 0.0 { 0 } else { f.to_bits() };
                hash2_u32x2(&mut hash, (bits >> 32) as u32, bits as u32, HCONST_12);
            }
            BoxKind::Ref | BoxKind::ExternalRef => hash2_u32(&mut hash, local_number(t), HCONST_7),
            BoxKind::ExternalPid => hash2_u32(&mut hash, local_number(t), HCONST_5),
            BoxKind::ExternalPort => hash2_u32(&mut hash, local_number(t), HCONST_6),
            BoxKind::MatchCtx => {}
        }
    }
}

/// An integer outside the 28-bit range hashes as a bignum: its magnitude in 64-bit digits, each
/// as (low 32 bits, high 32 bits).
fn hash2_integer(hash: &mut u32, t: Term) {
    let Some((mag, neg)) = int_magnitude(t) else {
        return;
    };
    let con = if neg { HCONST_10 } else { HCONST_11 };
    let words = magnitude_u32s(&mag);
    for pair in words.chunks(2) {
        let x = pair[0];
        let y = pair.get(1).copied().unwrap_or(0);
        hash2_u32x2(hash, x, y, con);
    }
}

// ---------------------------------------------------------------------------------------------
// phash (make_hash)

const FUNNY_NUMBER1: u32 = 268_440_163;
const FUNNY_NUMBER2: u32 = 268_439_161;
const FUNNY_NUMBER3: u32 = 268_435_459;
const FUNNY_NUMBER4: u32 = 268_436_141;
const FUNNY_NUMBER5: u32 = 268_438_633;
const FUNNY_NUMBER6: u32 = 268_437_017;
const FUNNY_NUMBER8: u32 = 268_437_511;
const FUNNY_NUMBER9: u32 = 268_439_627;
const FUNNY_NUMBER10: u32 = 268_440_479;
const FUNNY_NUMBER11: u32 = 268_440_577;
const FUNNY_NUMBER12: u32 = 268_440_581;
const FUNNY_NUMBER13: u32 = 268_440_593;
const FUNNY_NUMBER14: u32 = 268_440_611;

#[inline]
fn mul_add(hash: u32, k: u32, x: u32) -> u32 {
    hash.wrapping_mul(k).wrapping_add(x)
}

/// Four bytes of `x`, least significant first, then a final multiplication.
#[inline]
fn hash1_u32(hash: u32, x: u32, k1: u32, k2: u32) -> u32 {
    let mut h = hash;
    for i in 0..4 {
        h = mul_add(h, k1, (x >> (8 * i)) & 0xFF);
    }
    h.wrapping_mul(k2)
}

enum Work1 {
    Term(Term),
    /// Remaining elements of a tuple, then its arity.
    Tuple(&'static [Term], u32),
    /// Remaining free variables of a fun.
    Env(&'static [usize]),
    /// The rest of a list whose head was just hashed.
    Cdr(Term),
    /// A list's end: one multiplication.
    ListEnd,
}

/// OTP's `make_hash`: the value behind `phash/2`.
pub fn make_hash(term: Term) -> u32 {
    let mut hash: u32 = 0;
    let mut stack: Vec<Work1> = vec![Work1::Term(term)];
    while let Some(w) = stack.pop() {
        let t = match w {
            Work1::Term(t) => t,
            Work1::Tuple(rest, arity) => {
                match rest.split_first() {
                    Some((first, more)) => {
                        stack.push(Work1::Tuple(more, arity));
                        stack.push(Work1::Term(*first));
                    }
                    None => hash = mul_add(hash, FUNNY_NUMBER9, arity),
                }
                continue;
            }
            Work1::Env(rest) => {
                if let Some((first, more)) = rest.split_first() {
                    stack.push(Work1::Env(more));
                    stack.push(Work1::Term(Term::from_raw(*first)));
                }
                continue;
            }
            Work1::ListEnd => {
                hash = hash.wrapping_mul(FUNNY_NUMBER8);
                continue;
            }
            Work1::Cdr(t) => {
                if !t.is_list() {
                    stack.push(Work1::ListEnd);
                }
                t
            }
        };
        if t.is_list() {
            // Byte heads use a cheaper step; the first other head is hashed as a term.
            let mut cur = t;
            while let Some((h, tl)) = cur.as_cons() {
                match h.as_small().filter(|b| (0..256).contains(b)) {
                    Some(b) => {
                        hash = mul_add(hash, FUNNY_NUMBER2, b as u32);
                        if !tl.is_list() {
                            stack.push(Work1::ListEnd);
                            stack.push(Work1::Term(tl));
                            break;
                        }
                        cur = tl;
                    }
                    None => {
                        stack.push(Work1::Cdr(tl));
                        stack.push(Work1::Term(h));
                        break;
                    }
                }
            }
            continue;
        }
        if t.is_nil() {
            hash = mul_add(hash, FUNNY_NUMBER3, 1);
            continue;
        }
        if t.is_atom() {
            hash = mul_add(hash, FUNNY_NUMBER1, atom_hvalue(t));
            continue;
        }
        if t.is_small() {
            hash = hash1_integer(hash, t);
            continue;
        }
        if t.is_local_pid() {
            hash = hash1_u32(hash, local_number(t), FUNNY_NUMBER5, FUNNY_NUMBER6);
            continue;
        }
        if t.is_local_port() {
            hash = hash1_u32(hash, local_number(t), FUNNY_NUMBER9, FUNNY_NUMBER10);
            continue;
        }
        if !t.is_boxed() {
            continue;
        }
        match t.box_kind() {
            BoxKind::PosBig | BoxKind::NegBig => hash = hash1_integer(hash, t),
            BoxKind::HeapBin | BoxKind::RefcBin | BoxKind::SubBin | BoxKind::BinBuilder => {
                let Some((bytes, off, bits)) = bitstring_view(t) else {
                    continue;
                };
                let (sz, rest) = (bits / 8, bits % 8);
                let mut buf = crate::terms::bits::BitBuf::with_capacity_bits(bits);
                buf.push_bits(bytes, off, bits);
                for &b in &buf.bytes[..sz] {
                    hash = mul_add(hash, FUNNY_NUMBER1, b as u32);
                }
                if rest > 0 {
                    let b = buf.bytes.get(sz).copied().unwrap_or(0) >> (8 - rest);
                    hash = mul_add(
                        mul_add(hash, FUNNY_NUMBER1, b as u32),
                        FUNNY_NUMBER12,
                        rest as u32,
                    );
                }
                hash = mul_add(hash, FUNNY_NUMBER4, sz as u32);
            }
            BoxKind::Export => {
                let p = t.tuple_elements();
                let a = p[2].as_small().unwrap_or(0) as u32;
                hash = mul_add(hash, FUNNY_NUMBER11, a);
                hash = mul_add(hash, FUNNY_NUMBER1, atom_hvalue(p[0]));
                hash = mul_add(hash, FUNNY_NUMBER1, atom_hvalue(p[1]));
            }
            BoxKind::Fun => {
                let (module_hv, old_index, old_uniq, env) = fun_parts(t);
                hash = mul_add(hash, FUNNY_NUMBER10, env.len() as u32);
                hash = mul_add(hash, FUNNY_NUMBER1, module_hv);
                hash = mul_add(hash, FUNNY_NUMBER2, old_index);
                hash = mul_add(hash, FUNNY_NUMBER2, old_uniq);
                stack.push(Work1::Env(env));
            }
            BoxKind::ExternalPid => {
                hash = hash1_u32(hash, local_number(t), FUNNY_NUMBER5, FUNNY_NUMBER6)
            }
            BoxKind::ExternalPort | BoxKind::Ref | BoxKind::ExternalRef => {
                hash = hash1_u32(hash, local_number(t), FUNNY_NUMBER9, FUNNY_NUMBER10)
            }
            BoxKind::Float => {
                let f = t.float_value();
                let bits = if f == 0.0 { 0 } else { f.to_bits() };
                hash = mul_add(hash, FUNNY_NUMBER6, (bits as u32) ^ ((bits >> 32) as u32));
            }
            BoxKind::Map => {
                hash = mul_add(hash, FUNNY_NUMBER13, FUNNY_NUMBER14).wrapping_add(make_hash2(t));
            }
            BoxKind::Tuple => {
                let elems = t.tuple_elements();
                stack.push(Work1::Tuple(elems, elems.len() as u32));
            }
            BoxKind::MatchCtx => {}
        }
    }
    hash
}

/// Integers of any size: the magnitude's bytes, least significant first, over whole 32-bit words.
fn hash1_integer(hash: u32, t: Term) -> u32 {
    let Some((mag, neg)) = int_magnitude(t) else {
        return hash;
    };
    let mut h = hash;
    for w in magnitude_u32s(&mag) {
        for i in 0..4 {
            h = mul_add(h, FUNNY_NUMBER2, (w >> (8 * i)) & 0xFF);
        }
    }
    h.wrapping_mul(if neg { FUNNY_NUMBER4 } else { FUNNY_NUMBER3 })
}

// ---------------------------------------------------------------------------------------------
// The internal hash behind large maps (OTP's `make_internal_hash` / `make_map_hash`)
//
// OTP places the keys of a map of more than 32 pairs in a hash trie by this hash, so the order
// in which such a map iterates (and prints, and is encoded) follows it. It is OTP 25's function
// on a 64-bit emulator (the only kind `erl` is here), re-expressed: immediates hash their 64-bit
// tagged word — small integers as OTP's 60-bit small form whatever our word size, so a value that
// is a bignum on wasm32 still hashes as OTP's immediate — and boxed terms hash their contents.
// Atoms hash OTP's tagged word built from *our* atom index: OTP uses its own atom table index,
// which no other VM can reproduce, so large maps with atom keys iterate in an order of their own.
// Pids, ports, references and funs are likewise our own numbers.

const HCONST_8: u32 = 0xf1bb_cdc8;
const HCONST_17: u32 = 0x81af_1549;
const HCONST_18: u32 = 0x1fe6_8f02;
const HCONST_20: u32 = 0x5c55_8274;
const HCONST_21: u32 = 0xfa8c_fc2d;
const HCONST_22: u32 = 0x98c4_75e6;
/// OTP's start value for the internal hash (a prime, so it differs from phash2).
const INTERNAL_HASH_SALT: u32 = 3_432_918_353;

/// OTP's tagged word for NIL on a 64-bit emulator.
const OTP_NIL: u64 = 0x3B;
/// Small integers on a 64-bit emulator: 60 bits.
const OTP_SMALL_MIN: i128 = -(1 << 59);
const OTP_SMALL_MAX: i128 = (1 << 59) - 1;

#[inline]
fn const_hash(hash: &mut u32, c: u32) {
    *hash ^= c;
    *hash = hash.rotate_left(17);
}

#[inline]
fn hash_word64(hash: &mut u32, w: u64) {
    hash2_u32x2(hash, w as u32, (w >> 32) as u32, HCONST);
}

/// An integer's value if it is an OTP small integer (60 bits).
fn otp_small(t: Term) -> Option<i64> {
    if let Some(v) = t.as_small() {
        return Some(v as i64);
    }
    if !bignum::is_big(t) {
        return None;
    }
    let (limbs, neg) = bignum::limbs(t);
    let mut mag: u128 = 0;
    let lb = std::mem::size_of::<usize>() * 8;
    if limbs.len() * lb > 128 && limbs.iter().skip(128 / lb).any(|&l| l != 0) {
        return None;
    }
    for (i, &l) in limbs.iter().enumerate().take(128 / lb) {
        mag |= (l as u128) << (i * lb);
    }
    if mag > (1u128 << 60) {
        return None;
    }
    let v = if neg { -(mag as i128) } else { mag as i128 };
    (OTP_SMALL_MIN..=OTP_SMALL_MAX)
        .contains(&v)
        .then_some(v as i64)
}

/// The 64-bit tagged word OTP would hash for an immediate-like term, if it is one.
fn otp_immediate(t: Term) -> Option<u64> {
    if let Some(v) = otp_small(t) {
        return Some(((v as u64) << 4) | 0xF);
    }
    if t.is_atom() {
        return Some(((t.atom_index().0 as u64) << 6) | 0x0B);
    }
    if t.is_nil() {
        return Some(OTP_NIL);
    }
    if t.is_local_pid() {
        return Some(((t.pid_id() as u64) << 4) | 0x3);
    }
    if t.is_local_port() {
        return Some((((t.raw() >> 4) as u64) << 4) | 0x7);
    }
    None
}

enum IWork {
    Term(Term),
    /// A hash-trie node below the head (OTP: a 16-slot array node hashes as a 16-tuple, a bitmap
    /// node as its children).
    Node(Term),
    /// The end of a cons cell whose tail is not a list.
    Cdr,
}

/// Push the children of a hash-trie node as OTP does: a leaf's key and value, or the sub-node.
/// The last child is hashed first.
fn push_trie_children(stack: &mut Vec<IWork>, children: &[Term]) {
    for &c in children {
        if let Some((k, v)) = c.as_cons() {
            stack.push(IWork::Term(v));
            stack.push(IWork::Term(k));
        } else {
            stack.push(IWork::Node(c));
        }
    }
}

/// OTP's `make_internal_hash(Term, Salt)`.
pub fn internal_hash(term: Term, salt: u32) -> u32 {
    let mut hash = salt ^ INTERNAL_HASH_SALT;
    let mut stack: Vec<IWork> = Vec::new();
    let mut cur = Some(IWork::Term(term));
    loop {
        let w = match cur.take() {
            Some(w) => w,
            None => match stack.pop() {
                Some(w) => w,
                None => return hash,
            },
        };
        let t = match w {
            IWork::Cdr => {
                const_hash(&mut hash, HCONST_18);
                continue;
            }
            IWork::Node(n) => {
                let children = map::node_children(n);
                if map::node_is_full(n) {
                    // An array node: a 16-tuple of leaves (cons cells) and nodes.
                    hash2_u32(&mut hash, 16, HCONST_9);
                    for &c in children.iter().rev() {
                        stack.push(if c.is_list() {
                            IWork::Term(c)
                        } else {
                            IWork::Node(c)
                        });
                    }
                } else {
                    push_trie_children(&mut stack, children);
                }
                continue;
            }
            IWork::Term(t) => t,
        };
        if let Some(w) = otp_immediate(t) {
            hash_word64(&mut hash, w);
            continue;
        }
        if t.is_list() {
            // Runs of byte-sized small integers are hashed four at a time.
            let (l, c, sh) = hash2_byte_run(&mut hash, t);
            if c > 0 {
                hash2_u32x2(&mut hash, sh, c, HCONST_22);
            }
            match l.as_cons() {
                Some((h, tl)) => {
                    const_hash(&mut hash, HCONST_17);
                    stack.push(IWork::Term(tl));
                    if !tl.is_list() {
                        stack.push(IWork::Cdr);
                    }
                    cur = Some(IWork::Term(h));
                }
                None => cur = Some(IWork::Term(l)),
            }
            continue;
        }
        if !t.is_boxed() {
            hash_word64(&mut hash, t.raw() as u64);
            continue;
        }
        match t.box_kind() {
            BoxKind::Tuple => {
                let elems = t.tuple_elements();
                hash2_u32(&mut hash, elems.len() as u32, HCONST_9);
                for &e in elems.iter().rev() {
                    stack.push(IWork::Term(e));
                }
            }
            BoxKind::Map => {
                hash2_u32(&mut hash, map::size(t) as u32, HCONST_16);
                if let Some(children) = map::head_children(t) {
                    push_trie_children(&mut stack, children);
                } else {
                    let pairs = map::pairs(t);
                    for &(k, v) in pairs.iter().rev() {
                        stack.push(IWork::Term(v));
                        stack.push(IWork::Term(k));
                    }
                }
            }
            BoxKind::PosBig | BoxKind::NegBig => {
                let (limbs, neg) = bignum::limbs(t);
                let con = if neg { HCONST_10 } else { HCONST_11 };
                let mut digits: Vec<u64> = Vec::with_capacity(limbs.len());
                if std::mem::size_of::<usize>() == 8 {
                    digits.extend(limbs.iter().map(|&l| l as u64));
                } else {
                    for ch in limbs.chunks(2) {
                        let lo = ch[0] as u64;
                        let hi = ch.get(1).copied().unwrap_or(0) as u64;
                        digits.push(lo | (hi << 32));
                    }
                }
                while digits.len() > 1 && digits.last() == Some(&0) {
                    digits.pop();
                }
                for d in digits {
                    hash2_u32x2(&mut hash, d as u32, (d >> 32) as u32, con);
                }
            }
            BoxKind::Float => {
                let f = t.float_value();
                let bits = if f == 0.0 { 0u64 } else { f.to_bits() };
                hash2_u32x2(&mut hash, bits as u32, (bits >> 32) as u32, HCONST_12);
            }
            BoxKind::HeapBin | BoxKind::RefcBin | BoxKind::SubBin | BoxKind::BinBuilder => {
                if let Some(view) = bitstring_view(t) {
                    hash = hash2_bitstring(hash, view);
                }
            }
            BoxKind::Fun => {
                let (module_hv, old_index, old_uniq, env) = fun_parts(t);
                hash2_u32x2(&mut hash, env.len() as u32, module_hv, HCONST_20);
                hash2_u32x2(&mut hash, old_index, old_uniq, HCONST_21);
                for &e in env.iter().rev() {
                    stack.push(IWork::Term(Term::from_raw(e)));
                }
            }
            BoxKind::Export => {
                let p = t.tuple_elements();
                for (i, &e) in p.iter().enumerate() {
                    let w = otp_immediate(e).unwrap_or(e.raw() as u64);
                    hash2_u32x2(&mut hash, w as u32, i as u32, HCONST_14);
                }
            }
            BoxKind::Ref => {
                let p = t.payload();
                let n = |i: usize| p.get(i).copied().unwrap_or(0) as u64;
                let (lo, hi) = (n(0), n(1));
                hash2_u32(&mut hash, lo as u32, HCONST_7);
                hash2_u32x2(&mut hash, (lo >> 32) as u32, hi as u32, HCONST_8);
            }
            BoxKind::ExternalPid | BoxKind::ExternalPort | BoxKind::ExternalRef => {
                for &w in t.payload() {
                    hash2_u32x2(&mut hash, w as u32, (w as u64 >> 32) as u32, HCONST_5);
                }
            }
            BoxKind::MatchCtx => {}
        }
    }
}

/// OTP's `make_map_hash(Key, Depth)`: the hash a map key is placed by at trie levels
/// `8 * depth .. 8 * depth + 7` (four bits a level). Depth 0 is the plain internal hash; deeper
/// ones (only for keys whose 32-bit hashes collide) salt it with the depth.
pub fn map_hash(key: Term, depth: u32) -> u32 {
    let mut salt = 0u32;
    if depth > 0 {
        hash2_u32x2(&mut salt, depth, 1, HCONST_22);
    }
    internal_hash(key, salt)
}

/// Hash the leading run of byte-sized small integers of list `t`, four packed to a word
/// (`HCONST_4`); returns the rest of the list and the (count, packed bytes) of an unfinished word.
fn hash2_byte_run(hash: &mut u32, mut t: Term) -> (Term, u32, u32) {
    let (mut c, mut sh) = (0u32, 0u32);
    while let Some((h, tl)) = t.as_cons() {
        let Some(b) = h.as_small().filter(|b| (0..256).contains(b)) else {
            break;
        };
        sh = (sh << 8).wrapping_add(b as u32);
        if c == 3 {
            hash2_u32(hash, sh, HCONST_4);
            c = 0;
            sh = 0;
        } else {
            c += 1;
        }
        t = tl;
    }
    (t, c, sh)
}

/// One step of the second-generation hash over a bitstring's bits: the whole bytes as a block,
/// then any trailing bits with their count (shared by `phash2` and the internal map hash).
fn hash2_bitstring(hash: u32, (bytes, off, bits): crate::terms::compare::BitsView) -> u32 {
    let (sz, rest) = (bits / 8, bits % 8);
    let con = HCONST_13.wrapping_add(hash);
    if bits == 0 {
        return con;
    }
    let mut buf = crate::terms::bits::BitBuf::with_capacity_bits(bits);
    buf.push_bits(bytes, off, bits);
    let mut hash = block_hash(&buf.bytes[..sz], con);
    if rest > 0 {
        let last = buf.bytes.get(sz).copied().unwrap_or(0) >> (8 - rest);
        hash2_u32x2(&mut hash, rest as u32, last as u32, HCONST_15);
    }
    hash
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::terms::heap::{Alloc, Arena};

    fn a(s: &str) -> Term {
        Term::atom(atom::intern_str(s))
    }

    // Expected values computed by OTP 25 (`erlang:phash2/1` = make_hash2 band (2^27 - 1),
    // `erlang:phash(T, 1 bsl 32)` = make_hash + 1).
    #[test]
    fn phash2_matches_otp() {
        let mut ar = Arena::new();
        let p2 = |t: Term| make_hash2(t) & ((1 << 27) - 1);
        assert_eq!(p2(Term::small(0)), 88723725);
        assert_eq!(p2(Term::small(1)), 2614250);
        assert_eq!(p2(Term::small(-1)), 44071773);
        assert_eq!(p2(a("a")), 97);
        assert_eq!(p2(Term::NIL), 113427502);
        let t = ar.tuple(&[]);
        assert_eq!(p2(t), 87486268);
        let b = ar.heap_binary(b"");
        assert_eq!(p2(b), 13708901);
        let s = ar.list_from(
            &[Term::small(97), Term::small(98), Term::small(99)],
            Term::NIL,
        );
        assert_eq!(p2(s), 117343302);
        let f = ar.float(1.0);
        assert_eq!(p2(f), 77147068);
        let z = ar.float(-0.0);
        assert_eq!(p2(z), 20875736);
        assert_eq!(p2(Term::small(1 << 27)), 12354923);
        let ab = ar.list_from(&[a("a")], a("b"));
        assert_eq!(p2(ab), 74710280);
    }

    #[test]
    fn phash_matches_otp() {
        let mut ar = Arena::new();
        let p = |t: Term| make_hash(t) as u64 + 1;
        assert_eq!(p(Term::small(0)), 1);
        assert_eq!(p(Term::small(1)), 2788898428);
        assert_eq!(p(Term::small(-1)), 1680185270);
        assert_eq!(p(a("a")), 98);
        assert_eq!(p(Term::NIL), 2);
        let t = ar.tuple(&[]);
        assert_eq!(p(t), 1);
        let s = ar.list_from(
            &[Term::small(97), Term::small(98), Term::small(99)],
            Term::NIL,
        );
        assert_eq!(p(s), 3654580166);
        let f = ar.float(1.0);
        assert_eq!(p(f), 1072693249);
        assert_eq!(p(Term::small(1 << 27)), 2147483673);
        let ab = ar.list_from(&[a("a")], a("b"));
        assert_eq!(p(ab), 4159696708);
    }

    #[test]
    fn atom_hash_folds_latin1() {
        // 'ä' is stored as C3 A4 and hashes as the single byte E4.
        assert_eq!(atom_hash("ä".as_bytes()), atom_hash(&[0xE4]));
        assert_eq!(atom_hash(b"a"), 97);
    }
}
