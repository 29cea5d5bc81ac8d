//! atomics and counters: arrays of 64-bit integers updated with real atomic operations, shared
//! by every process that holds the reference (any scheduler, no lock on the values).
//!
//! An array is named by a reference number in a VM-wide registry; the reference a program holds
//! is an ordinary reference term. Arrays are never freed: the VM cannot tell when the last copy
//! of a reference is gone (OTP frees them with the reference's last copy).
//! atomics wrap around on overflow, as in OTP; unsigned arrays hold 0..2^64-1, signed ones
//! -2^63..2^63-1. counters are signed atomics with their own API.

use crate::code::native::Ctx;
use crate::natives::registry::BifEntry;
use crate::natives::results::make_i128;
use crate::platform::sync::RwLock;
use crate::terms::atom;
use crate::terms::bignum;
use crate::terms::exception::{BifResult, Exception};
use crate::terms::map;
use crate::terms::reference::{build_ref, next_ref_number, ref_number, REF_WORDS};
use crate::terms::term::{Term, WORD_BYTES};
use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering::SeqCst};
use std::sync::{Arc, OnceLock};

/// Largest array (OTP's limit is the same order of magnitude).
const MAX_ARITY: usize = 1 << 27;

pub struct Array {
    signed: bool,
    cells: Box<[AtomicU64]>,
}

static ARRAYS: OnceLock<RwLock<HashMap<u64, Arc<Array>>>> = OnceLock::new();

fn arrays() -> &'static RwLock<HashMap<u64, Arc<Array>>> {
    ARRAYS.get_or_init(|| RwLock::new(HashMap::new()))
}

fn badarg<T>() -> Result<T, Exception> {
    Err(Exception::badarg())
}

fn array(t: Term) -> Result<Arc<Array>, Exception> {
    let id = ref_number(t).ok_or_else(Exception::badarg)?;
    arrays()
        .read()
        .get(&id)
        .cloned()
        .ok_or_else(Exception::badarg)
}

impl Array {
    /// The cell at 1-based index `i`.
    fn cell(&self, i: Term) -> Result<&AtomicU64, Exception> {
        let i = i
            .as_small()
            .filter(|&i| i >= 1)
            .ok_or_else(Exception::badarg)? as usize;
        self.cells.get(i - 1).ok_or_else(Exception::badarg)
    }

    /// The bits of `v` if it is in this array's range.
    fn bits(&self, v: Term) -> Result<u64, Exception> {
        let n = int(v)?;
        let ok = if self.signed {
            i64::try_from(n).is_ok()
        } else {
            u64::try_from(n).is_ok()
        };
        if !ok {
            return badarg();
        }
        Ok(n as u64)
    }

    /// An increment: any 64-bit value, signed or not, wraps the same way.
    fn delta(&self, v: Term) -> Result<u64, Exception> {
        let n = int(v)?;
        if i64::try_from(n).is_err() && u64::try_from(n).is_err() {
            return badarg();
        }
        Ok(n as u64)
    }

    fn value(&self, bits: u64) -> i128 {
        if self.signed {
            bits as i64 as i128
        } else {
            bits as i128
        }
    }
}

fn int(t: Term) -> Result<i128, Exception> {
    t.as_small()
        .map(|v| v as i128)
        .or_else(|| bignum::to_i128(t))
        .ok_or_else(Exception::badarg)
}

fn new_array(ctx: &mut Ctx, args: &mut [Term], signed: bool) -> BifResult {
    let n = args[0]
        .as_small()
        .filter(|&n| n >= 1 && n as usize <= MAX_ARITY)
        .ok_or_else(Exception::badarg)? as usize;
    let cells: Box<[AtomicU64]> = (0..n).map(|_| AtomicU64::new(0)).collect();
    let id = next_ref_number();
    arrays()
        .write()
        .insert(id, Arc::new(Array { signed, cells }));
    let mut r = ctx.reserve(REF_WORDS, args);
    Ok(build_ref(&mut r, id))
}

/// Options of atomics:new/2: `{signed, Bool}`.
fn atomics_new(ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    let mut signed = true;
    let mut opts = args[1];
    while let Some((o, rest)) = opts.as_cons() {
        match o.as_tuple() {
            Some([tag, v])
                if tag.as_atom() == Some(atom::intern_str("signed")) && v.is_boolean() =>
            {
                signed = v.as_atom() == Some(atom::TRUE)
            }
            _ => return badarg(),
        }
        opts = rest;
    }
    if !opts.is_nil() {
        return badarg();
    }
    new_array(ctx, args, signed)
}

/// Options of counters:new/2: `atomics` or `write_concurrency` (one representation for both).
fn counters_new(ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    let mut opts = args[1];
    while let Some((o, rest)) = opts.as_cons() {
        match o.as_atom().map(atom::name_str) {
            Some("atomics" | "write_concurrency") => {}
            _ => return badarg(),
        }
        opts = rest;
    }
    if !opts.is_nil() {
        return badarg();
    }
    new_array(ctx, args, true)
}

fn put(_ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    let a = array(args[0])?;
    let v = a.bits(args[2])?;
    a.cell(args[1])?.store(v, SeqCst);
    Ok(Term::atom(atom::OK))
}

fn get(ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    let a = array(args[0])?;
    let v = a.value(a.cell(args[1])?.load(SeqCst));
    make_i128(ctx, args, v)
}

fn add(_ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    let a = array(args[0])?;
    let d = a.delta(args[2])?;
    a.cell(args[1])?.fetch_add(d, SeqCst);
    Ok(Term::atom(atom::OK))
}

fn sub(_ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    let a = array(args[0])?;
    let d = a.delta(args[2])?;
    a.cell(args[1])?.fetch_sub(d, SeqCst);
    Ok(Term::atom(atom::OK))
}

fn add_get(ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    let a = array(args[0])?;
    let d = a.delta(args[2])?;
    let old = a.cell(args[1])?.fetch_add(d, SeqCst);
    make_i128(ctx, args, a.value(old.wrapping_add(d)))
}

fn sub_get(ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    let a = array(args[0])?;
    let d = a.delta(args[2])?;
    let old = a.cell(args[1])?.fetch_sub(d, SeqCst);
    make_i128(ctx, args, a.value(old.wrapping_sub(d)))
}

fn exchange(ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    let a = array(args[0])?;
    let v = a.bits(args[2])?;
    let old = a.cell(args[1])?.swap(v, SeqCst);
    make_i128(ctx, args, a.value(old))
}

/// compare_exchange(Ref, Ix, Expected, Desired): `ok` if it swapped, else the value found.
fn compare_exchange(ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    let a = array(args[0])?;
    let expected = a.bits(args[2])?;
    let desired = a.bits(args[3])?;
    match a
        .cell(args[1])?
        .compare_exchange(expected, desired, SeqCst, SeqCst)
    {
        Ok(_) => Ok(Term::atom(atom::OK)),
        Err(found) => make_i128(ctx, args, a.value(found)),
    }
}

/// A map result of sorted atom keys and integer values.
fn info_map(ctx: &mut Ctx, args: &mut [Term], pairs: &[(&str, i128)]) -> BifResult {
    let mut sorted: Vec<(Term, i128)> = pairs
        .iter()
        .map(|&(k, v)| (Term::atom(atom::intern_str(k)), v))
        .collect();
    sorted.sort_by(|x, y| crate::terms::compare::cmp_exact(x.0, y.0));
    let need = map::words(sorted.len())
        + sorted
            .iter()
            .map(|&(_, v)| bignum::words_for_i128(v))
            .sum::<usize>();
    let mut r = ctx.reserve(need, args);
    let keys: Vec<Term> = sorted.iter().map(|p| p.0).collect();
    let values: Vec<Term> = sorted
        .iter()
        .map(|&(_, v)| match bignum::words_for_i128(v) {
            0 => Term::small(v as isize),
            _ => bignum::build_i128(&mut r, v),
        })
        .collect();
    Ok(map::build(&mut r, &keys, &values))
}

fn memory_of(a: &Array) -> i128 {
    (a.cells.len() * 8 + 4 * WORD_BYTES) as i128
}

/// atomics:info(Ref): `#{size, max, min, memory}`.
fn atomics_info(ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    let a = array(args[0])?;
    let (min, max) = if a.signed {
        (i64::MIN as i128, i64::MAX as i128)
    } else {
        (0, u64::MAX as i128)
    };
    let pairs = [
        ("size", a.cells.len() as i128),
        ("max", max),
        ("min", min),
        ("memory", memory_of(&a)),
    ];
    info_map(ctx, args, &pairs)
}

/// counters:info(Ref): `#{size, memory}`.
fn counters_info(ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    let a = array(args[0])?;
    let pairs = [("size", a.cells.len() as i128), ("memory", memory_of(&a))];
    info_map(ctx, args, &pairs)
}

const fn atomics(function: &'static str, arity: u32, f: crate::code::native::BifFn) -> BifEntry {
    BifEntry::new("atomics", function, arity, f)
}

const fn counters(function: &'static str, arity: u32, f: crate::code::native::BifFn) -> BifEntry {
    BifEntry::new("counters", function, arity, f)
}

pub const BIFS: &[BifEntry] = &[
    atomics("new", 2, atomics_new),
    atomics("put", 3, put),
    atomics("get", 2, get),
    atomics("add", 3, add),
    atomics("add_get", 3, add_get),
    atomics("sub", 3, sub),
    atomics("sub_get", 3, sub_get),
    atomics("exchange", 3, exchange),
    atomics("compare_exchange", 4, compare_exchange),
    atomics("info", 1, atomics_info),
    counters("new", 2, counters_new),
    counters("add", 3, add),
    counters("sub", 3, sub),
    counters("get", 2, get),
    counters("put", 3, put),
    counters("info", 1, counters_info),
];
