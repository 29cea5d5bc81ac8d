//! Term order and equality, as OTP defines them.
//!
//! number < atom < reference < fun < port < pid < tuple < map < nil < list < bitstring.
//! Two orders exist: the arithmetic one (`==`, `<`, sorting: 1 == 1.0) and the exact one (`=:=`,
//! and the order of map keys: every integer sorts before every float, and nested terms are compared
//! exactly too). Map keys are always compared exactly, even inside an arithmetic comparison.
//!
//! Comparison runs on an explicit work stack: lists are walked iteratively and nesting depth costs
//! heap, not Rust stack.

use crate::terms::atom;
use crate::terms::bignum;
use crate::terms::fun_info;
use crate::terms::heap::heap_binary_bytes;
use crate::terms::term::{BoxKind, Term};
use std::cmp::Ordering;
use std::sync::OnceLock;

/// Standard term order (arithmetic: `1` and `1.0` compare equal).
pub fn cmp_terms(a: Term, b: Term) -> Ordering {
    if let (Some(x), Some(y)) = (a.as_small(), b.as_small()) {
        return x.cmp(&y);
    }
    cmp(a, b, false, false)
}

/// Exact term order: the order of map keys (integers before floats, otherwise term order).
/// Use this to sort the keys of a map; `Equal` means `=:=`.
pub fn cmp_exact(a: Term, b: Term) -> Ordering {
    if let (Some(x), Some(y)) = (a.as_small(), b.as_small()) {
        return x.cmp(&y);
    }
    cmp(a, b, true, false)
}

/// `=:=`
pub fn eq_exact(a: Term, b: Term) -> bool {
    // Distinct immediates are never equal (no two immediate kinds compare equal).
    a == b || (!(a.is_immediate() && b.is_immediate()) && cmp(a, b, true, true) == Ordering::Equal)
}

/// `==`
pub fn eq_arith(a: Term, b: Term) -> bool {
    a == b || (!(a.is_immediate() && b.is_immediate()) && cmp(a, b, false, true) == Ordering::Equal)
}

// ---------------------------------------------------------------------------------------------
// Bitstrings

/// Reader for binary kinds whose storage lives outside the process heap (RefcBin, BinBuilder):
/// returns (bytes, bit offset, bit size). Registered by the binary implementation; without it such
/// terms compare as empty.
pub static OFFHEAP_BITS: OnceLock<BitsReader> = OnceLock::new();

/// (bytes, bit offset into them, bit size) of a bitstring term.
pub type BitsView = (&'static [u8], usize, usize);
pub type BitsReader = fn(Term) -> Option<BitsView>;

/// The bits of any bitstring term: (bytes, bit offset into them, bit size).
pub fn bitstring_view(t: Term) -> Option<BitsView> {
    if !t.is_boxed() {
        return None;
    }
    match t.box_kind() {
        BoxKind::HeapBin => {
            let b = heap_binary_bytes(t);
            Some((b, 0, b.len() * 8))
        }
        BoxKind::SubBin => {
            let p = t.payload();
            if p.len() < 3 {
                return None;
            }
            let (size, off, orig) = (p[0], p[1], Term::from_raw(p[2]));
            let (bytes, o2, s2) = bitstring_view(orig)?;
            // Never read past the original, whatever the sub-binary claims.
            if off.checked_add(size)? > s2 {
                return None;
            }
            Some((bytes, o2 + off, size))
        }
        BoxKind::RefcBin | BoxKind::BinBuilder => OFFHEAP_BITS.get().and_then(|f| f(t)),
        _ => None,
    }
}

/// 8 bits starting at bit `pos` (big-endian bit order); bits past the end read as 0.
#[inline]
fn byte_at(bytes: &[u8], pos: usize) -> u8 {
    let i = pos / 8;
    let s = pos % 8;
    let hi = bytes.get(i).copied().unwrap_or(0);
    if s == 0 {
        return hi;
    }
    let lo = bytes.get(i + 1).copied().unwrap_or(0);
    (hi << s) | (lo >> (8 - s))
}

fn cmp_bits(a: (&[u8], usize, usize), b: (&[u8], usize, usize)) -> Ordering {
    let (ab, ao, an) = a;
    let (bb, bo, bn) = b;
    let common = an.min(bn);
    let full = common / 8;
    if ao % 8 == 0 && bo % 8 == 0 {
        let x = &ab[ao / 8..ao / 8 + full];
        let y = &bb[bo / 8..bo / 8 + full];
        let o = x.cmp(y);
        if o != Ordering::Equal {
            return o;
        }
    } else {
        for i in 0..full {
            let o = byte_at(ab, ao + i * 8).cmp(&byte_at(bb, bo + i * 8));
            if o != Ordering::Equal {
                return o;
            }
        }
    }
    let rest = common % 8;
    if rest > 0 {
        let mask = !(0xFFu8 >> rest);
        let x = byte_at(ab, ao + full * 8) & mask;
        let y = byte_at(bb, bo + full * 8) & mask;
        let o = x.cmp(&y);
        if o != Ordering::Equal {
            return o;
        }
    }
    an.cmp(&bn)
}

// ---------------------------------------------------------------------------------------------
// Numbers

/// Compare two integers that are small or bignum (normalised: a bignum is outside small range).
fn cmp_ints(a: Term, b: Term) -> Ordering {
    match (a.as_small(), b.as_small()) {
        (Some(x), Some(y)) => x.cmp(&y),
        (Some(_), None) => {
            if bignum::limbs(b).1 {
                Ordering::Greater
            } else {
                Ordering::Less
            }
        }
        (None, Some(_)) => {
            if bignum::limbs(a).1 {
                Ordering::Less
            } else {
                Ordering::Greater
            }
        }
        (None, None) => {
            let (la, na) = bignum::limbs(a);
            let (lb, nb) = bignum::limbs(b);
            match (na, nb) {
                (false, true) => Ordering::Greater,
                (true, false) => Ordering::Less,
                _ => {
                    let mag = la
                        .len()
                        .cmp(&lb.len())
                        .then_with(|| la.iter().rev().cmp(lb.iter().rev()));
                    if na {
                        mag.reverse()
                    } else {
                        mag
                    }
                }
            }
        }
    }
}

/// Integer vs float by exact mathematical value (OTP's 64-bit behaviour, on every word size).
fn cmp_int_float(i: Term, f: f64) -> Ordering {
    if let Some(v) = i.as_small() {
        // Within 2^53 the conversion is exact.
        if (v as i64).unsigned_abs() <= 1u64 << 53 {
            return (v as f64).partial_cmp(&f).unwrap_or(Ordering::Equal);
        }
    }
    if !f.is_finite() {
        return if f > 0.0 {
            Ordering::Less
        } else {
            Ordering::Greater
        };
    }
    let Some(iv) = bignum::to_ibig(i) else {
        return Ordering::Equal;
    };
    let fi = bignum::ibig_from_f64_trunc(f);
    match iv.cmp(&fi) {
        Ordering::Equal => {
            let frac = f - f.trunc();
            0.0f64.partial_cmp(&frac).unwrap_or(Ordering::Equal)
        }
        o => o,
    }
}

fn cmp_numbers(a: Term, b: Term, exact: bool) -> Ordering {
    match (a.is_float(), b.is_float()) {
        (true, true) => {
            let (x, y) = (a.float_value(), b.float_value());
            // -0.0 and 0.0: equal arithmetically, but since OTP 27 not exactly (=:=, matching,
            // map keys), where -0.0 comes first.
            match x.partial_cmp(&y).unwrap_or(Ordering::Equal) {
                Ordering::Equal if exact => y.is_sign_negative().cmp(&x.is_sign_negative()),
                o => o,
            }
        }
        (false, false) => cmp_ints(a, b),
        (false, true) => {
            if exact {
                Ordering::Less
            } else {
                cmp_int_float(a, b.float_value())
            }
        }
        (true, false) => {
            if exact {
                Ordering::Greater
            } else {
                cmp_int_float(b, a.float_value()).reverse()
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Ranks and the work loop

/// Position of a term's type class in the standard order. Local funs sort before export funs and
/// local pids/ports/refs before external ones, within their class.
fn rank(t: Term) -> u8 {
    if t.is_small() {
        return 0;
    }
    if t.is_atom() {
        return 2;
    }
    if t.is_local_port() {
        return 8;
    }
    if t.is_local_pid() {
        return 10;
    }
    if t.is_nil() {
        return 14;
    }
    if t.is_list() {
        return 15;
    }
    if t.is_boxed() {
        return match t.box_kind() {
            BoxKind::PosBig | BoxKind::NegBig | BoxKind::Float => 0,
            BoxKind::Ref => 3,
            BoxKind::ExternalRef => 4,
            BoxKind::Fun => 5,
            BoxKind::Export => 6,
            BoxKind::ExternalPort => 9,
            BoxKind::ExternalPid => 11,
            BoxKind::Tuple => 12,
            BoxKind::Map => 13,
            BoxKind::HeapBin
            | BoxKind::RefcBin
            | BoxKind::SubBin
            | BoxKind::BinBuilder
            | BoxKind::MatchCtx => 16,
        };
    }
    // Not a term (NON_VALUE, code words): sort last, never crash.
    17
}

#[inline]
fn cmp_atoms(a: Term, b: Term) -> Ordering {
    if a == b {
        return Ordering::Equal;
    }
    atom::name(a.atom_index()).cmp(atom::name(b.atom_index()))
}

fn ref_number(t: Term) -> u64 {
    let p = t.payload();
    match p.len() {
        0 => 0,
        1 => p[0] as u64,
        _ => (p[0] as u64) | ((p[1] as u64) << 32),
    }
}

/// Number of key/value pairs of a map (flat form: [keys tuple, values...]).
fn map_size(t: Term) -> usize {
    crate::terms::map::size(t)
}

enum Work {
    Pair(Term, Term, bool),
    Seq(&'static [Term], &'static [Term], bool),
    /// Collected terms (the sorted keys or values of hash-trie maps), compared from index i.
    Owned(Box<(Vec<Term>, Vec<Term>)>, usize, bool),
}

/// A boxed object's payload viewed as terms (`tuple_elements` reads any payload; callers only
/// look at the words that hold terms).
#[inline]
fn payload_terms(t: Term) -> &'static [Term] {
    t.tuple_elements()
}

/// `eq_only`: the caller only needs Equal vs not, so atoms can be told apart by index.
fn cmp(a: Term, b: Term, exact: bool, eq_only: bool) -> Ordering {
    let mut stack: Vec<Work> = Vec::new();
    let mut cur = Some((a, b, exact));
    loop {
        let (a, b, ex) = match cur.take() {
            Some(p) => p,
            None => match stack.pop() {
                None => return Ordering::Equal,
                Some(Work::Pair(a, b, ex)) => (a, b, ex),
                Some(Work::Owned(v, i, ex)) => {
                    let (xs, ys) = (&v.0, &v.1);
                    if i >= xs.len() || i >= ys.len() {
                        continue;
                    }
                    let pair = (xs[i], ys[i], ex);
                    stack.push(Work::Owned(v, i + 1, ex));
                    pair
                }
                Some(Work::Seq(xs, ys, ex)) => {
                    if xs.is_empty() || ys.is_empty() {
                        continue;
                    }
                    if xs.len() > 1 {
                        stack.push(Work::Seq(&xs[1..], &ys[1..], ex));
                    }
                    (xs[0], ys[0], ex)
                }
            },
        };
        if a == b {
            continue;
        }
        let (ra, rb) = (rank(a), rank(b));
        if ra != rb {
            return ra.cmp(&rb);
        }
        let o = match ra {
            0 => cmp_numbers(a, b, ex),
            2 if eq_only => Ordering::Less,
            2 => cmp_atoms(a, b),
            3 => ref_number(a).cmp(&ref_number(b)),
            8 | 10 => a.raw().cmp(&b.raw()),
            15 => {
                // Heads first, then tails: the tail goes on the stack, so a long list costs one slot.
                stack.push(Work::Pair(a.tail(), b.tail(), ex));
                cur = Some((a.head(), b.head(), ex));
                continue;
            }
            12 => {
                let (xs, ys) = (a.tuple_elements(), b.tuple_elements());
                let o = xs.len().cmp(&ys.len());
                if o == Ordering::Equal && !xs.is_empty() {
                    stack.push(Work::Seq(xs, ys, ex));
                }
                o
            }
            13 => {
                let o = map_size(a).cmp(&map_size(b));
                if o == Ordering::Equal
                    && (crate::terms::map::is_trie(a) || crate::terms::map::is_trie(b))
                {
                    // Same order as flat maps: keys in map-key order, then values.
                    let (pa, pb) = (
                        crate::terms::map::sorted_pairs(a),
                        crate::terms::map::sorted_pairs(b),
                    );
                    let (ka, va): (Vec<Term>, Vec<Term>) = pa.into_iter().unzip();
                    let (kb, vb): (Vec<Term>, Vec<Term>) = pb.into_iter().unzip();
                    stack.push(Work::Owned(Box::new((va, vb)), 0, ex));
                    stack.push(Work::Owned(Box::new((ka, kb)), 0, true));
                } else if o == Ordering::Equal {
                    // Keys (exactly, in map-key order) before values; the keys tuples have equal size.
                    let (pa, pb) = (payload_terms(a), payload_terms(b));
                    if pa.len() > 1 {
                        stack.push(Work::Seq(&pa[1..], &pb[1..], ex));
                    }
                    stack.push(Work::Pair(pa[0], pb[0], true));
                }
                o
            }
            5 => {
                let o = cmp_local_funs(a, b);
                if o == Ordering::Equal {
                    let (pa, pb) = (payload_terms(a), payload_terms(b));
                    if pa.len() > 2 {
                        stack.push(Work::Seq(&pa[2..], &pb[2..], ex));
                    }
                }
                o
            }
            6 => {
                let (pa, pb) = (payload_terms(a), payload_terms(b));
                if pa.len() < 3 || pb.len() < 3 {
                    pa.len().cmp(&pb.len())
                } else {
                    cmp_atoms(pa[0], pb[0])
                        .then_with(|| cmp_atoms(pa[1], pb[1]))
                        .then_with(|| pa[2].raw().cmp(&pb[2].raw()))
                }
            }
            16 => match (bitstring_view(a), bitstring_view(b)) {
                (Some(x), Some(y)) => cmp_bits(x, y),
                (x, y) => x.is_some().cmp(&y.is_some()),
            },
            // External identifiers and non-terms: by raw payload, a stable total order.
            _ => {
                if a.is_boxed() && b.is_boxed() {
                    a.payload().cmp(b.payload())
                } else {
                    a.raw().cmp(&b.raw())
                }
            }
        };
        if o != Ordering::Equal {
            return o;
        }
    }
}

/// OTP 25 orders local funs by module name, lambda index, old_uniq, number of free variables,
/// then the free variables themselves (the caller compares those).
fn cmp_local_funs(a: Term, b: Term) -> Ordering {
    let (pa, pb) = (a.payload(), b.payload());
    if pa.len() < 2 || pb.len() < 2 {
        return pa.len().cmp(&pb.len());
    }
    let name = |i: usize| {
        fun_info::module_name(i as u32)
            .map(atom::name)
            .unwrap_or(b"")
    };
    let uniq = |i: usize, n: usize| {
        fun_info::lambda(i as u32, n)
            .map(|l| l.old_uniq)
            .unwrap_or(0)
    };
    let (ma, mb) = (pa[0], pb[0]);
    name(ma)
        .cmp(name(mb))
        .then_with(|| pa[1].cmp(&pb[1]))
        .then_with(|| uniq(ma, pa[1]).cmp(&uniq(mb, pb[1])))
        .then_with(|| pa.len().cmp(&pb.len()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::terms::heap::{Alloc, Arena};
    use crate::terms::term::Atom;
    use dashu_int::IBig;
    use Ordering::*;

    fn a(s: &str) -> Term {
        Term::atom(atom::intern_str(s))
    }
    fn big(ar: &mut Arena, s: &str) -> Term {
        let v: IBig = s.parse().unwrap();
        bignum::build(ar, &v)
    }
    fn map(ar: &mut Arena, kvs: &[(Term, Term)]) -> Term {
        let keys: Vec<Term> = kvs.iter().map(|p| p.0).collect();
        let kt = ar.tuple(&keys);
        let mut payload = vec![kt.raw()];
        payload.extend(kvs.iter().map(|p| p.1.raw()));
        ar.boxed_raw(BoxKind::Map, &payload)
    }
    fn sub(ar: &mut Arena, orig: Term, off: usize, size: usize) -> Term {
        ar.boxed_raw(BoxKind::SubBin, &[size, off, orig.raw()])
    }

    #[test]
    fn numbers() {
        let mut ar = Arena::new();
        let one_f = ar.float(1.0);
        assert_eq!(cmp_terms(Term::small(1), one_f), Equal);
        assert!(eq_arith(Term::small(1), one_f));
        assert!(!eq_exact(Term::small(1), one_f));
        assert_eq!(cmp_exact(Term::small(3), one_f), Less);
        // 9007199254740993 > 9007199254740992.0
        let n = big(&mut ar, "9007199254740993");
        let f = ar.float(9007199254740992.0);
        assert_eq!(cmp_terms(n, f), Greater);
        let p64 = big(&mut ar, "18446744073709551616");
        let p64f = ar.float(18446744073709551616.0);
        let p64p1 = big(&mut ar, "18446744073709551617");
        let m = big(&mut ar, "-18446744073709551617");
        let mf = ar.float(-18446744073709551616.0);
        assert_eq!(cmp_terms(p64, p64f), Equal);
        assert_eq!(cmp_terms(p64p1, p64f), Greater);
        assert_eq!(cmp_terms(m, mf), Less);
        assert_eq!(cmp_terms(m, p64), Less);
        assert_eq!(cmp_terms(p64, Term::small(5)), Greater);
        assert_eq!(cmp_terms(m, Term::small(-5)), Less);
        let half = ar.float(0.5);
        assert_eq!(cmp_terms(half, Term::small(1)), Less);
        assert_eq!(cmp_terms(Term::small(0), half), Less);
        let bigf = ar.float(1e300);
        assert_eq!(cmp_terms(bigf, a("a")), Less);
        // Big vs float with a fraction, beyond 2^53 only integers exist, so test a small fraction.
        let x = ar.float(2.5);
        assert_eq!(cmp_terms(Term::small(2), x), Less);
        assert_eq!(cmp_terms(Term::small(3), x), Greater);
        let negz = ar.float(-0.0);
        let z = ar.float(0.0);
        assert_eq!(cmp_terms(negz, z), Equal);
        assert_eq!(cmp_exact(negz, z), Less);
        assert!(eq_arith(negz, z) && !eq_exact(negz, z));
    }

    #[test]
    fn classes() {
        let mut ar = Arena::new();
        let r = ar.boxed_raw(BoxKind::Ref, &[5]);
        let e = ar.boxed_raw(
            BoxKind::Export,
            &[a("lists").raw(), a("map").raw(), Term::small(2).raw()],
        );
        let t = ar.tuple(&[]);
        let m = map(&mut ar, &[]);
        let l = ar.cons(a("a"), Term::NIL);
        let b = ar.heap_binary(b"");
        let order = [
            Term::small(1),
            a("a"),
            r,
            e,
            Term::port(1),
            Term::pid(1),
            t,
            m,
            Term::NIL,
            l,
            b,
        ];
        for i in 0..order.len() {
            for j in 0..order.len() {
                assert_eq!(cmp_terms(order[i], order[j]), i.cmp(&j), "{} {}", i, j);
            }
        }
        let e2 = ar.boxed_raw(
            BoxKind::Export,
            &[a("erlang").raw(), a("map").raw(), Term::small(2).raw()],
        );
        assert_eq!(cmp_terms(e, e2), Greater);
        let e3 = ar.boxed_raw(
            BoxKind::Export,
            &[a("lists").raw(), a("map").raw(), Term::small(1).raw()],
        );
        assert_eq!(cmp_terms(e, e3), Greater);
        assert_eq!(cmp_terms(a("abc"), a("abd")), Less);
        assert_eq!(cmp_terms(a("ab"), a("abc")), Less);
        assert_eq!(cmp_terms(Term::atom(Atom(0)), Term::atom(Atom(1))), Less); // false < true
    }

    #[test]
    fn containers() {
        let mut ar = Arena::new();
        // {2} < {1,1}; {1,2} > {1,1}
        let t1 = ar.tuple(&[Term::small(2)]);
        let t2 = ar.tuple(&[Term::small(1), Term::small(1)]);
        let t3 = ar.tuple(&[Term::small(1), Term::small(2)]);
        assert_eq!(cmp_terms(t1, t2), Less);
        assert_eq!(cmp_terms(t3, t2), Greater);
        // [a|b] < [a,b]; [a|1] < [a|a]
        let ab = ar.cons(a("a"), a("b"));
        let bn = ar.cons(a("b"), Term::NIL);
        let ab2 = ar.cons(a("a"), bn);
        assert_eq!(cmp_terms(ab, ab2), Less);
        let a1 = ar.cons(a("a"), Term::small(1));
        let aa = ar.cons(a("a"), a("a"));
        assert_eq!(cmp_terms(a1, aa), Less);
        // Maps: size, keys (exact), values (arith).
        let f1 = ar.float(1.0);
        let m1 = map(&mut ar, &[(Term::small(1), a("a"))]);
        let m2 = map(&mut ar, &[(f1, a("a"))]);
        assert_eq!(cmp_terms(m1, m2), Less);
        assert!(!eq_arith(m1, m2));
        let m3 = map(&mut ar, &[(Term::small(1), f1)]);
        let m4 = map(&mut ar, &[(Term::small(1), Term::small(1))]);
        assert!(eq_arith(m3, m4));
        assert!(!eq_exact(m3, m4));
        let m5 = map(
            &mut ar,
            &[(a("a"), Term::small(2)), (a("b"), Term::small(1))],
        );
        let m6 = map(
            &mut ar,
            &[(a("a"), Term::small(1)), (a("c"), Term::small(0))],
        );
        assert_eq!(cmp_terms(m5, m6), Less);
        // Keys compared exactly even when nested: #{{1} => a} < #{{1.0} => a}
        let k1 = ar.tuple(&[Term::small(1)]);
        let k2 = ar.tuple(&[f1]);
        let m7 = map(&mut ar, &[(k1, a("a"))]);
        let m8 = map(&mut ar, &[(k2, a("a"))]);
        assert_eq!(cmp_terms(m7, m8), Less);
        assert_eq!(cmp_terms(k1, k2), Equal);
    }

    #[test]
    fn bitstrings() {
        let mut ar = Arena::new();
        let b12 = ar.heap_binary(&[1, 2]);
        let b120 = ar.heap_binary(&[1, 2, 0]);
        let b2 = ar.heap_binary(&[2]);
        assert_eq!(cmp_terms(b12, b120), Less);
        assert_eq!(cmp_terms(b2, b12), Greater);
        let ff = ar.heap_binary(&[0xFF, 0x00]);
        let one1 = sub(&mut ar, ff, 0, 1); // <<1:1>>
        let zero = ar.heap_binary(&[0x00]);
        let zero2 = sub(&mut ar, zero, 0, 2); // <<0:2>>
        let one2 = sub(&mut ar, ff, 6, 2); // bits "11" -> <<3:2>>
        let one8 = sub(&mut ar, b12, 0, 8); // <<1>>
        let empty = ar.heap_binary(&[]);
        let z1 = sub(&mut ar, zero, 3, 1);
        assert_eq!(cmp_terms(one1, zero2), Greater);
        assert_eq!(cmp_terms(one1, one2), Less); // "1" vs "11"
        assert_eq!(cmp_terms(empty, z1), Less);
        assert_eq!(cmp_terms(one1, one8), Greater);
        // Unaligned sub-binary equal to an aligned binary.
        let src = ar.heap_binary(&[0x0A, 0xBC, 0xD0]);
        let s = sub(&mut ar, src, 4, 16); // 0xABCD
        let t = ar.heap_binary(&[0xAB, 0xCD]);
        assert!(eq_exact(s, t));
        // A sub-binary claiming more than the original is rejected, not read out of bounds.
        let bad = sub(&mut ar, src, 20, 16);
        assert!(bitstring_view(bad).is_none());
    }

    #[test]
    fn long_and_deep() {
        let mut ar = Arena::new();
        let mut l1 = Term::NIL;
        let mut l2 = Term::NIL;
        for i in 0..1_000_000 {
            l1 = ar.cons(Term::small(i), l1);
            l2 = ar.cons(Term::small(i), l2);
        }
        assert!(eq_exact(l1, l2));
        let l3 = ar.cons(Term::small(-1), l2);
        let l4 = ar.cons(Term::small(-1), l1);
        assert_eq!(cmp_terms(l3, l4), Equal);
        let mut t1 = Term::NIL;
        let mut t2 = Term::NIL;
        for _ in 0..200_000 {
            t1 = ar.tuple(&[t1]);
            t2 = ar.tuple(&[t2]);
        }
        assert!(eq_arith(t1, t2));
        // Nested lists in the head position.
        let mut h1 = Term::NIL;
        let mut h2 = Term::NIL;
        for _ in 0..200_000 {
            h1 = ar.cons(h1, Term::NIL);
            h2 = ar.cons(h2, Term::NIL);
        }
        assert!(eq_exact(h1, h2));
    }
}
