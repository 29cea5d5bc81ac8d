//! The `ets` module's natives: tables of tuples shared between processes (`table.rs`: the
//! registry, owners and heirs; `storage.rs`: the four table types; `match_spec.rs`: match
//! specifications). Errors as OTP: a missing table, a table the caller may not read or write, a
//! malformed object or match spec are all `badarg`.
//!
//! Objects are copied into the table as a message is, and copied out into the caller's heap on
//! every read, under the table's lock (readers share it, writers hold it alone). `foldl/foldr`,
//! the continuation forms of `select`/`match` and `fun2ms` are in estdlib's `ets.erl`.

mod match_spec;
mod storage;
mod table;

pub use storage::ExactKey;
pub use table::{memory_bytes, owner_exited};

use crate::code::native::Ctx;
use crate::natives::registry::BifEntry;
use crate::platform;
use crate::processes::process_table;
use crate::terms::atom;
use crate::terms::bignum;
use crate::terms::compare::eq_exact;
use crate::terms::copy::{copy, copy_into, size, Copied};
use crate::terms::exception::{BifResult, Exception};
use crate::terms::heap::{words, Alloc, Arena};
use crate::terms::reference::REF_WORDS;
use crate::terms::term::Term;
use match_spec::{MatchSpec, Outcome};
use storage::{key_of, Kind, Store};
use table::{Access, Everywhere, Shared, Table};

const fn ets(function: &'static str, arity: u32, f: crate::code::native::BifFn) -> BifEntry {
    BifEntry::new("ets", function, arity, f)
}

/// Words a table costs beyond its objects (for `info(T, memory)`).
const TABLE_BASE_WORDS: usize = 40;

fn a(name: &str) -> Term {
    Term::atom(atom::intern_str(name))
}

fn end_of_table() -> Term {
    a("$end_of_table")
}

fn badarg<T>() -> Result<T, Exception> {
    Err(Exception::badarg())
}

fn find(t: Term) -> Result<Shared, Exception> {
    table::find(t).ok_or_else(Exception::badarg)
}

/// May `pid` read `t`?
fn readable(t: &Table, pid: Term) -> Result<(), Exception> {
    if t.deleted || (t.access == Access::Private && t.owner != pid) {
        return badarg();
    }
    Ok(())
}

/// May `pid` write `t`?
fn writable(t: &Table, pid: Term) -> Result<(), Exception> {
    if t.deleted || (t.access != Access::Public && t.owner != pid) {
        return badarg();
    }
    Ok(())
}

fn proper_list(mut t: Term) -> Option<Vec<Term>> {
    let mut v = Vec::new();
    while let Some((h, tl)) = t.as_cons() {
        v.push(h);
        t = tl;
    }
    t.is_nil().then_some(v)
}

/// A tuple of immediates only (the commonest row): copied word for word, without a walk.
fn flat_tuple(t: Term) -> Option<&'static [Term]> {
    t.as_tuple().filter(|e| e.iter().all(|x| !x.is_pointer()))
}

fn words_out(t: Term) -> usize {
    match flat_tuple(t) {
        Some(e) => words::tuple(e.len()),
        None => size(t, &Everywhere),
    }
}

fn copy_out<A: Alloc + ?Sized>(a: &mut A, t: Term) -> Term {
    match flat_tuple(t) {
        Some(e) => a.tuple(e),
        None => copy_into(a, t, &Everywhere),
    }
}

/// Copy `terms` (stored objects, scratch terms) into the caller's heap as a list.
fn list_out(ctx: &mut Ctx, args: &mut [Term], terms: &[Term]) -> BifResult {
    let need: usize = terms.iter().map(|&t| words_out(t)).sum::<usize>() + words::list(terms.len());
    let mut r = ctx.reserve(need, args);
    let mut list = Term::NIL;
    for &t in terms.iter().rev() {
        let c = copy_out(&mut r, t);
        list = r.cons(c, list);
    }
    Ok(list)
}

/// Copy one term out into the caller's heap.
fn term_out(ctx: &mut Ctx, args: &mut [Term], t: Term) -> BifResult {
    let need = size(t, &Everywhere);
    let mut r = ctx.reserve(need, args);
    Ok(copy_into(&mut r, t, &Everywhere))
}

/// Copy an object from the caller's heap into its own arena, checking it fits the table.
fn copy_in(ctx: &Ctx, obj: Term, keypos: usize) -> Result<Copied, Exception> {
    match obj.as_tuple() {
        Some(e) if e.len() < keypos => badarg(),
        Some(_) => Ok(match flat_tuple(obj) {
            Some(e) => {
                let mut arena = Arena::with_words(words::tuple(e.len()));
                let term = arena.tuple(e);
                Copied { term, arena }
            }
            None => copy(obj, &ctx.proc.heap),
        }),
        None => badarg(),
    }
}

// ---- creating and deleting tables ----

fn kind_name(k: Kind) -> &'static str {
    match k {
        Kind::Set => "set",
        Kind::OrderedSet => "ordered_set",
        Kind::Bag => "bag",
        Kind::DuplicateBag => "duplicate_bag",
    }
}

fn access_name(p: Access) -> &'static str {
    match p {
        Access::Public => "public",
        Access::Protected => "protected",
        Access::Private => "private",
    }
}

fn bool_opt(v: Term) -> Result<bool, Exception> {
    match v.as_atom() {
        Some(atom::TRUE) => Ok(true),
        Some(atom::FALSE) => Ok(false),
        _ => badarg(),
    }
}

/// A heir option's value: `none` or `{Pid, Data}` (Data copied into the table).
fn heir_opt(ctx: &Ctx, pid: Term, data: Term) -> Result<Option<(Term, Copied)>, Exception> {
    if !pid.is_local_pid() {
        return badarg();
    }
    Ok(Some((pid, copy(data, &ctx.proc.heap))))
}

/// ets:new(Name, Options)
fn new(ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    let name = args[0].as_atom().ok_or_else(Exception::badarg)?;
    let opts = proper_list(args[1]).ok_or_else(Exception::badarg)?;
    let mut kind = Kind::Set;
    let mut access = Access::Protected;
    let mut named = false;
    let mut keypos = 1usize;
    let mut heir = None;
    let (mut rc, mut wc, mut dc) = (false, false, false);
    for o in opts {
        if let Some(opt) = o.as_atom() {
            match atom::name_str(opt) {
                "set" => kind = Kind::Set,
                "ordered_set" => kind = Kind::OrderedSet,
                "bag" => kind = Kind::Bag,
                "duplicate_bag" => kind = Kind::DuplicateBag,
                "public" => access = Access::Public,
                "protected" => access = Access::Protected,
                "private" => access = Access::Private,
                "named_table" => named = true,
                "compressed" => {}
                _ => return badarg(),
            }
            continue;
        }
        let Some(e) = o.as_tuple() else {
            return badarg();
        };
        let tag = e.first().and_then(|t| t.as_atom()).map(atom::name_str);
        match (tag, e) {
            (Some("keypos"), [_, k]) => {
                keypos = k
                    .as_small()
                    .filter(|&k| k >= 1)
                    .ok_or_else(Exception::badarg)? as usize
            }
            (Some("heir"), [_, none]) if none.as_atom() == Some(atom::intern_str("none")) => {
                heir = None
            }
            (Some("heir"), [_, pid, data]) => heir = heir_opt(ctx, *pid, *data)?,
            (Some("read_concurrency"), [_, v]) => rc = bool_opt(*v)?,
            (Some("write_concurrency"), [_, v]) => {
                wc = v.as_atom() == Some(atom::intern_str("auto")) || bool_opt(*v)?
            }
            (Some("decentralized_counters"), [_, v]) => dc = bool_opt(*v)?,
            _ => return badarg(),
        }
    }
    let id = table::new_id();
    let t = Table {
        id,
        name,
        named,
        access,
        owner: ctx.proc.pid,
        heir,
        read_concurrency: rc,
        write_concurrency: wc,
        decentralized_counters: dc,
        store: Store::new(kind, keypos),
        deleted: false,
        fixers: Vec::new(),
        fixed_at: (0, 0),
    };
    if !table::register(t) {
        return badarg();
    }
    if named {
        return Ok(Term::atom(name));
    }
    let mut r = ctx.reserve(REF_WORDS, args);
    Ok(crate::terms::reference::build_ref(&mut r, id))
}

/// ets:delete(T)
fn delete1(ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    let shared = find(args[0])?;
    let mut t = shared.write();
    writable(&t, ctx.proc.pid)?;
    table::unregister(&mut t);
    Ok(Term::atom(atom::TRUE))
}

/// ets:delete(T, Key)
fn delete2(ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    let shared = find(args[0])?;
    let mut t = shared.write();
    writable(&t, ctx.proc.pid)?;
    t.store.remove_key(args[1]);
    Ok(Term::atom(atom::TRUE))
}

/// ets:delete_all_objects(T)
fn delete_all_objects(ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    let shared = find(args[0])?;
    let mut t = shared.write();
    writable(&t, ctx.proc.pid)?;
    t.store.clear();
    Ok(Term::atom(atom::TRUE))
}

/// ets:delete_object(T, Object)
fn delete_object(ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    let shared = find(args[0])?;
    let mut t = shared.write();
    writable(&t, ctx.proc.pid)?;
    let keypos = t.store.keypos;
    let obj = args[1];
    match obj.as_tuple() {
        Some(e) if e.len() >= keypos => {}
        _ => return badarg(),
    }
    t.store
        .remove_where(key_of(obj, keypos), |o| eq_exact(o, obj));
    Ok(Term::atom(atom::TRUE))
}

// ---- inserting ----

/// The objects of an insert: one tuple or a list of them.
fn objects_arg(t: Term) -> Result<Vec<Term>, Exception> {
    if t.is_tuple() {
        return Ok(vec![t]);
    }
    proper_list(t).ok_or_else(Exception::badarg)
}

fn insert_common(ctx: &mut Ctx, args: &mut [Term], only_new: bool) -> BifResult {
    let shared = find(args[0])?;
    let mut t = shared.write();
    writable(&t, ctx.proc.pid)?;
    let keypos = t.store.keypos;
    let objs = objects_arg(args[1])?;
    if objs
        .iter()
        .any(|o| o.as_tuple().is_none_or(|e| e.len() < keypos))
    {
        return badarg();
    }
    if only_new && objs.iter().any(|&o| t.store.contains(key_of(o, keypos))) {
        return Ok(Term::atom(atom::FALSE));
    }
    for o in objs {
        let c = copy_in(ctx, o, keypos)?;
        t.store.insert(c);
    }
    Ok(Term::atom(atom::TRUE))
}

/// ets:insert(T, ObjectOrObjects)
fn insert(ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    insert_common(ctx, args, false)
}

/// ets:insert_new(T, ObjectOrObjects)
fn insert_new(ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    insert_common(ctx, args, true)
}

// ---- reading ----

/// ets:lookup(T, Key)
fn lookup(ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    let shared = find(args[0])?;
    let t = shared.read();
    readable(&t, ctx.proc.pid)?;
    let objs = t.store.lookup(args[1]);
    list_out(ctx, args, &objs)
}

/// ets:member(T, Key)
fn member(ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    let shared = find(args[0])?;
    let t = shared.read();
    readable(&t, ctx.proc.pid)?;
    Ok(Term::boolean(t.store.contains(args[1])))
}

fn position(t: Term) -> Result<usize, Exception> {
    t.as_small()
        .filter(|&p| p >= 1)
        .map(|p| p as usize)
        .ok_or_else(Exception::badarg)
}

/// Element `pos` of each object with the key (None if there are none).
fn elements_of(t: &Table, key: Term, pos: usize) -> Result<Option<Term>, Vec<Term>> {
    let objs = t.store.lookup(key);
    if objs.is_empty() {
        return Ok(None);
    }
    let elems: Vec<Term> = objs
        .iter()
        .filter_map(|o| o.as_tuple().and_then(|e| e.get(pos - 1)).copied())
        .collect();
    if elems.len() != objs.len() {
        return Err(Vec::new());
    }
    if t.store.is_bag() {
        Err(elems)
    } else {
        Ok(elems.first().copied())
    }
}

fn lookup_element_common(ctx: &mut Ctx, args: &mut [Term], default: bool) -> BifResult {
    let shared = find(args[0])?;
    let t = shared.read();
    readable(&t, ctx.proc.pid)?;
    let pos = position(args[2])?;
    match elements_of(&t, args[1], pos) {
        Ok(Some(e)) => term_out(ctx, args, e),
        Ok(None) if default => Ok(args[3]),
        Err(elems) if !elems.is_empty() => list_out(ctx, args, &elems),
        _ => badarg(),
    }
}

/// ets:lookup_element(T, Key, Pos)
fn lookup_element3(ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    lookup_element_common(ctx, args, false)
}

/// ets:lookup_element(T, Key, Pos, Default) (OTP 26)
fn lookup_element4(ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    lookup_element_common(ctx, args, true)
}

/// ets:take(T, Key)
fn take(ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    let shared = find(args[0])?;
    let mut t = shared.write();
    writable(&t, ctx.proc.pid)?;
    let removed = t.store.remove_key(args[1]);
    let terms: Vec<Term> = removed.iter().map(|c| c.term).collect();
    list_out(ctx, args, &terms)
}

/// ets:tab2list(T)
fn tab2list(ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    let shared = find(args[0])?;
    let t = shared.read();
    readable(&t, ctx.proc.pid)?;
    let mut objs = Vec::with_capacity(t.store.size());
    t.store.for_each(|o| objs.push(o));
    list_out(ctx, args, &objs)
}

// ---- traversal ----

/// ets:slot(T, I)
fn slot(ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    let shared = find(args[0])?;
    let t = shared.read();
    readable(&t, ctx.proc.pid)?;
    let i = match args[1].as_small() {
        Some(i) if i >= 0 => i as usize,
        _ => return badarg(),
    };
    match t.store.slot(i) {
        Ok(objs) => list_out(ctx, args, &objs),
        Err(true) => Ok(end_of_table()),
        Err(false) => badarg(),
    }
}

#[derive(Clone, Copy)]
enum Step {
    First,
    Last,
    Next,
    Prev,
}

fn step(t: &Table, how: Step, key: Term) -> Option<Term> {
    match how {
        Step::First => t.store.first(),
        Step::Last => t.store.last(),
        Step::Next => t.store.next(key),
        Step::Prev => t.store.prev(key),
    }
}

fn traverse(ctx: &mut Ctx, args: &mut [Term], how: Step, with_objects: bool) -> BifResult {
    let shared = find(args[0])?;
    let t = shared.read();
    readable(&t, ctx.proc.pid)?;
    let key = args.get(1).copied().unwrap_or(Term::NIL);
    // In a hash table, "the key after K" means nothing once K is gone.
    let hashed = t.store.kind != Kind::OrderedSet;
    if hashed && matches!(how, Step::Next | Step::Prev) && !t.store.can_step_from(key) {
        return badarg();
    }
    let Some(k) = step(&t, how, key) else {
        return Ok(end_of_table());
    };
    if !with_objects {
        return term_out(ctx, args, k);
    }
    // {Key, Objects}: built in a scratch arena, then copied out whole.
    let objs = t.store.lookup(k);
    let mut scratch = Arena::new();
    let list = scratch.list_from(&objs, Term::NIL);
    let pair = scratch.tuple(&[k, list]);
    term_out(ctx, args, pair)
}

fn first(ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    traverse(ctx, args, Step::First, false)
}
fn last(ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    traverse(ctx, args, Step::Last, false)
}
fn next(ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    traverse(ctx, args, Step::Next, false)
}
fn prev(ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    traverse(ctx, args, Step::Prev, false)
}
fn first_lookup(ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    traverse(ctx, args, Step::First, true)
}
fn last_lookup(ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    traverse(ctx, args, Step::Last, true)
}
fn next_lookup(ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    traverse(ctx, args, Step::Next, true)
}
fn prev_lookup(ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    traverse(ctx, args, Step::Prev, true)
}

// ---- updating in place ----

/// Replace elements of a stored object: the new object is assembled in a scratch arena and
/// copied into its own.
fn replaced(obj: Term, changes: &[(usize, Term)]) -> Copied {
    let mut elems: Vec<Term> = obj.tuple_elements().to_vec();
    for &(pos, v) in changes {
        elems[pos - 1] = v;
    }
    let mut scratch = Arena::with_words(words::tuple(elems.len()));
    let t = scratch.tuple(&elems);
    copy(t, &Everywhere)
}

/// The `{Pos, Value}` pairs of update_element (one pair or a list).
fn element_changes(
    spec: Term,
    arity: usize,
    keypos: usize,
) -> Result<Vec<(usize, Term)>, Exception> {
    let pairs = if spec.is_tuple() {
        vec![spec]
    } else {
        proper_list(spec).ok_or_else(Exception::badarg)?
    };
    pairs
        .into_iter()
        .map(|p| match p.as_tuple() {
            Some([pos, v]) => {
                let pos = position(*pos)?;
                if pos > arity || pos == keypos {
                    return badarg();
                }
                Ok((pos, *v))
            }
            _ => badarg(),
        })
        .collect()
}

fn update_element_common(ctx: &mut Ctx, args: &mut [Term], default: Option<Term>) -> BifResult {
    let shared = find(args[0])?;
    let mut t = shared.write();
    writable(&t, ctx.proc.pid)?;
    if t.store.is_bag() {
        return badarg();
    }
    let keypos = t.store.keypos;
    let key = args[1];
    let current = match t.store.lookup(key).first() {
        Some(&o) => o,
        None => match default {
            // Nothing to update: OTP answers false without looking at the changes.
            None => return Ok(Term::atom(atom::FALSE)),
            Some(d) => {
                let c = copy_in(ctx, d, keypos)?;
                let obj = with_key(&c, keypos, key);
                t.store.insert(obj);
                t.store.lookup(key)[0]
            }
        },
    };
    let changes = element_changes(args[2], current.tuple_arity(), keypos)?;
    let c = replaced(current, &changes);
    t.store.insert(c);
    Ok(Term::atom(atom::TRUE))
}

/// A default object with its key element set to `key` (update_counter/4, update_element/4).
fn with_key(default: &Copied, keypos: usize, key: Term) -> Copied {
    let mut scratch = Arena::with_words(size(key, &Everywhere));
    let k = copy_into(&mut scratch, key, &Everywhere);
    replaced(default.term, &[(keypos, k)])
}

/// ets:update_element(T, Key, {Pos, Value} | [{Pos, Value}])
fn update_element3(ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    update_element_common(ctx, args, None)
}

/// ets:update_element(T, Key, ElementSpec, Default) (OTP 27)
fn update_element4(ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    let d = args[3];
    update_element_common(ctx, args, Some(d))
}

/// One counter operation: position, increment, optional {threshold, set value}.
struct CounterOp {
    pos: usize,
    incr: i128,
    limit: Option<(i128, i128)>,
}

fn int_arg(t: Term) -> Result<i128, Exception> {
    t.as_small()
        .map(|v| v as i128)
        .or_else(|| bignum::to_i128(t))
        .ok_or_else(Exception::badarg)
}

fn counter_ops(spec: Term, keypos: usize) -> Result<(Vec<CounterOp>, bool), Exception> {
    let default_pos = keypos + 1;
    if spec.is_integer() {
        let incr = int_arg(spec)?;
        return Ok((
            vec![CounterOp {
                pos: default_pos,
                incr,
                limit: None,
            }],
            false,
        ));
    }
    let (items, many) = if spec.is_tuple() {
        (vec![spec], false)
    } else {
        (proper_list(spec).ok_or_else(Exception::badarg)?, true)
    };
    let ops = items
        .into_iter()
        .map(|i| match i.as_tuple() {
            Some([pos, incr]) => Ok(CounterOp {
                pos: position(*pos)?,
                incr: int_arg(*incr)?,
                limit: None,
            }),
            Some([pos, incr, threshold, set]) => Ok(CounterOp {
                pos: position(*pos)?,
                incr: int_arg(*incr)?,
                limit: Some((int_arg(*threshold)?, int_arg(*set)?)),
            }),
            _ => badarg(),
        })
        .collect::<Result<Vec<_>, _>>()?;
    Ok((ops, many))
}

fn update_counter_common(ctx: &mut Ctx, args: &mut [Term], default: Option<Term>) -> BifResult {
    let shared = find(args[0])?;
    let mut t = shared.write();
    writable(&t, ctx.proc.pid)?;
    if t.store.is_bag() {
        return badarg();
    }
    let keypos = t.store.keypos;
    let (ops, many) = counter_ops(args[2], keypos)?;
    let key = args[1];
    let current = match t.store.lookup(key).first() {
        Some(&o) => o,
        None => {
            let Some(d) = default else { return badarg() };
            let c = copy_in(ctx, d, keypos)?;
            let obj = with_key(&c, keypos, key);
            t.store.insert(obj);
            t.store.lookup(key)[0]
        }
    };
    let arity = current.tuple_arity();
    let mut values: Vec<i128> = Vec::with_capacity(ops.len());
    let mut elems: Vec<Term> = current.tuple_elements().to_vec();
    let mut scratch = Arena::new();
    for op in &ops {
        if op.pos > arity || op.pos == keypos {
            return badarg();
        }
        let old = int_arg(elems[op.pos - 1])?;
        let mut v = old.checked_add(op.incr).ok_or_else(Exception::badarg)?;
        if let Some((threshold, set)) = op.limit {
            if (op.incr >= 0 && v > threshold) || (op.incr < 0 && v < threshold) {
                v = set;
            }
        }
        elems[op.pos - 1] = int_term(&mut scratch, v);
        values.push(v);
    }
    let changes: Vec<(usize, Term)> = ops.iter().map(|o| (o.pos, elems[o.pos - 1])).collect();
    let c = replaced(current, &changes);
    t.store.insert(c);
    drop(t);
    let mut out = Arena::new();
    let result = if many {
        let vals: Vec<Term> = values.iter().map(|&v| int_term(&mut out, v)).collect();
        out.list_from(&vals, Term::NIL)
    } else {
        int_term(&mut out, values[0])
    };
    term_out(ctx, args, result)
}

fn int_term<A: Alloc + ?Sized>(a: &mut A, v: i128) -> Term {
    if bignum::words_for_i128(v) == 0 {
        Term::small(v as isize)
    } else {
        bignum::build_i128(a, v)
    }
}

/// ets:update_counter(T, Key, UpdateOp | [UpdateOp] | Incr)
fn update_counter3(ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    update_counter_common(ctx, args, None)
}

/// ets:update_counter(T, Key, UpdateOp | [UpdateOp] | Incr, Default)
fn update_counter4(ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    let d = args[3];
    update_counter_common(ctx, args, Some(d))
}

// ---- table information and ownership ----

fn info_item(t: &Table, item: &str, scratch: &mut Arena) -> Option<Term> {
    let b = Term::boolean;
    Some(match item {
        "id" => table::build_handle(scratch, t),
        "name" => Term::atom(t.name),
        "named_table" => b(t.named),
        "type" => a(kind_name(t.store.kind)),
        "keypos" => Term::small(t.store.keypos as isize),
        "protection" => a(access_name(t.access)),
        "owner" => t.owner,
        "heir" => t.heir.as_ref().map_or(a("none"), |h| h.0),
        "size" => Term::small(t.store.size() as isize),
        "memory" => Term::small((TABLE_BASE_WORDS + t.store.words()) as isize),
        "node" => Term::atom(crate::terms::local_node::name()),
        "compressed" => b(false),
        "read_concurrency" => b(t.read_concurrency),
        "write_concurrency" => b(t.write_concurrency),
        "decentralized_counters" => b(t.decentralized_counters),
        _ => return None,
    })
}

const INFO_ITEMS: &[&str] = &[
    "id",
    "decentralized_counters",
    "read_concurrency",
    "write_concurrency",
    "compressed",
    "memory",
    "owner",
    "heir",
    "name",
    "size",
    "node",
    "named_table",
    "type",
    "keypos",
    "protection",
];

/// ets:info(T): the item list, or `undefined` for a table that does not exist.
fn info1(ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    let t = args[0];
    if !t.is_atom() && !t.is_reference() {
        return badarg();
    }
    let Some(shared) = table::resolve(t).and_then(table::get) else {
        return Ok(Term::atom(atom::UNDEFINED));
    };
    let t = shared.read();
    if t.deleted {
        return Ok(Term::atom(atom::UNDEFINED));
    }
    let mut scratch = Arena::new();
    let items: Vec<Term> = INFO_ITEMS
        .iter()
        .filter_map(|&i| {
            let v = info_item(&t, i, &mut scratch)?;
            Some(scratch.tuple(&[a(i), v]))
        })
        .collect();
    let list = scratch.list_from(&items, Term::NIL);
    drop(t);
    term_out(ctx, args, list)
}

/// ets:info(T, Item)
fn info2(ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    let t = args[0];
    let item = args[1].as_atom().ok_or_else(Exception::badarg)?;
    if !t.is_atom() && !t.is_reference() {
        return badarg();
    }
    let Some(shared) = table::resolve(t).and_then(table::get) else {
        return Ok(Term::atom(atom::UNDEFINED));
    };
    let t = shared.read();
    if t.deleted {
        return Ok(Term::atom(atom::UNDEFINED));
    }
    let mut scratch = Arena::new();
    let v = match atom::name_str(item) {
        "fixed" => Term::atom(if t.fixers.is_empty() {
            atom::FALSE
        } else {
            atom::TRUE
        }),
        "safe_fixed" | "safe_fixed_monotonic_time" if t.fixers.is_empty() => {
            Term::atom(atom::FALSE)
        }
        "safe_fixed" => {
            // {{MegaSecs, Secs, MicroSecs}, [{Pid, Count}]}
            let us = t.fixed_at.1.div_euclid(1000);
            let (mega, rest) = (
                us.div_euclid(1_000_000_000_000),
                us.rem_euclid(1_000_000_000_000),
            );
            let when = scratch.tuple(&[
                Term::small(mega as isize),
                Term::small((rest / 1_000_000) as isize),
                Term::small((rest % 1_000_000) as isize),
            ]);
            let list = fixers_list(&t, &mut scratch);
            scratch.tuple(&[when, list])
        }
        "safe_fixed_monotonic_time" => {
            let when = int_term(&mut scratch, t.fixed_at.0 as i128);
            let list = fixers_list(&t, &mut scratch);
            scratch.tuple(&[when, list])
        }
        "stats" => return badarg(),
        name => info_item(&t, name, &mut scratch).ok_or_else(Exception::badarg)?,
    };
    drop(t);
    term_out(ctx, args, v)
}

fn fixers_list(t: &Table, scratch: &mut Arena) -> Term {
    let pairs: Vec<Term> = t
        .fixers
        .iter()
        .map(|&(pid, n)| scratch.tuple(&[pid, Term::small(n as isize)]))
        .collect();
    scratch.list_from(&pairs, Term::NIL)
}

/// ets:safe_fixtable(T, Fix): while fixed, a hash table's traversal order stays put and
/// `next` of a key deleted meanwhile continues from its place. Fixes are counted per process;
/// the last unfix releases the order. (A fix held by a process that exits stays until the table
/// is deleted: OTP releases it then.)
fn safe_fixtable(ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    let fix = bool_opt(args[1])?;
    let shared = find(args[0])?;
    let mut t = shared.write();
    readable(&t, ctx.proc.pid)?;
    let me = ctx.proc.pid;
    let pos = t.fixers.iter().position(|&(p, _)| p == me);
    match (fix, pos) {
        (true, Some(i)) => t.fixers[i].1 += 1,
        (true, None) => {
            if t.fixers.is_empty() {
                let p = platform::get();
                t.fixed_at = (p.monotonic_ns(), p.system_time_ns());
                t.store.set_fixed(true);
            }
            t.fixers.push((me, 1));
        }
        (false, Some(i)) => {
            t.fixers[i].1 -= 1;
            if t.fixers[i].1 == 0 {
                t.fixers.remove(i);
                if t.fixers.is_empty() {
                    t.store.set_fixed(false);
                }
            }
        }
        (false, None) => {}
    }
    Ok(Term::atom(atom::TRUE))
}

/// ets:whereis(Name): the table's reference, or `undefined`.
fn whereis(ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    let name = args[0].as_atom().ok_or_else(Exception::badarg)?;
    match table::resolve(Term::atom(name)) {
        Some(id) => {
            let mut r = ctx.reserve(REF_WORDS, args);
            Ok(crate::terms::reference::build_ref(&mut r, id))
        }
        None => Ok(Term::atom(atom::UNDEFINED)),
    }
}

/// ets:all(): names of named tables, references of the others.
fn all(ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    let tables = table::all();
    let mut scratch = Arena::new();
    let items: Vec<Term> = tables
        .into_iter()
        .map(|(id, name)| match name {
            Some(n) => Term::atom(n),
            None => crate::terms::reference::build_ref(&mut scratch, id),
        })
        .collect();
    let list = scratch.list_from(&items, Term::NIL);
    term_out(ctx, args, list)
}

/// ets:rename(T, Name)
fn rename(ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    let name = args[1].as_atom().ok_or_else(Exception::badarg)?;
    let shared = find(args[0])?;
    let mut t = shared.write();
    writable(&t, ctx.proc.pid)?;
    if t.named && !table::rename(t.id, t.name, name) {
        return badarg();
    }
    t.name = name;
    if t.named {
        return Ok(Term::atom(name));
    }
    // An unnamed table keeps its reference: that is still how it is named.
    Ok(args[0])
}

/// ets:give_away(T, Pid, GiftData)
fn give_away(ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    let shared = find(args[0])?;
    let mut t = shared.write();
    let me = ctx.proc.pid;
    let to = args[1];
    if t.deleted || t.owner != me || !to.is_local_pid() || to == me {
        return badarg();
    }
    if process_table::lookup(to).is_none() {
        return badarg();
    }
    t.owner = to;
    table::set_owner(t.id, me, to);
    table::send_transfer(&t, to, me, args[2]);
    Ok(Term::atom(atom::TRUE))
}

/// ets:setopts(T, Opts): only `{heir, ...}` and `{protection, P}`.
fn setopts(ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    let shared = find(args[0])?;
    let mut t = shared.write();
    if t.deleted || t.owner != ctx.proc.pid {
        return badarg();
    }
    let opts = if args[1].is_tuple() {
        vec![args[1]]
    } else {
        proper_list(args[1]).ok_or_else(Exception::badarg)?
    };
    for o in opts {
        let e = o.as_tuple().ok_or_else(Exception::badarg)?;
        let tag = e.first().and_then(|t| t.as_atom()).map(atom::name_str);
        match (tag, e) {
            (Some("heir"), [_, n]) if n.as_atom() == Some(atom::intern_str("none")) => {
                t.heir = None
            }
            (Some("heir"), [_, pid, data]) => t.heir = heir_opt(ctx, *pid, *data)?,
            (Some("protection"), [_, p]) => {
                t.access = match p.as_atom().map(atom::name_str) {
                    Some("public") => Access::Public,
                    Some("protected") => Access::Protected,
                    Some("private") => Access::Private,
                    _ => return badarg(),
                }
            }
            _ => return badarg(),
        }
    }
    Ok(Term::atom(atom::TRUE))
}

// ---- match specifications ----

fn spec_arg(ctx: &Ctx, spec: Term) -> Result<MatchSpec, Exception> {
    MatchSpec::compile(spec, &ctx.proc.heap).map_err(|_| Exception::badarg())
}

/// The objects a spec can match: only those with the keys its heads bind, when all do.
fn candidates(t: &Table, ms: &MatchSpec) -> Vec<Term> {
    match ms.bound_keys(t.store.keypos) {
        Some(keys) => keys.into_iter().flat_map(|k| t.store.lookup(k)).collect(),
        None => {
            let mut v = Vec::with_capacity(t.store.size());
            t.store.for_each(|o| v.push(o));
            v
        }
    }
}

/// Objects and what the spec gave for each.
fn run_spec(t: &Table, ms: &MatchSpec, me: Term, scratch: &mut Arena) -> Vec<(Term, Term)> {
    candidates(t, ms)
        .into_iter()
        .filter_map(|o| match ms.run(o, me, scratch) {
            Outcome::Value(v) => Some((o, v)),
            Outcome::NoMatch => None,
        })
        .collect()
}

fn select_with(ctx: &mut Ctx, args: &mut [Term], ms: MatchSpec, reverse: bool) -> BifResult {
    let shared = find(args[0])?;
    let t = shared.read();
    readable(&t, ctx.proc.pid)?;
    let mut scratch = Arena::new();
    let mut values: Vec<Term> = run_spec(&t, &ms, ctx.proc.pid, &mut scratch)
        .into_iter()
        .map(|(_, v)| v)
        .collect();
    if reverse && t.store.kind == Kind::OrderedSet {
        values.reverse();
    }
    list_out(ctx, args, &values)
}

/// `ets:'$select_chunk'(T, MatchSpec, Limit, After, Reverse)`, behind `select/3` and
/// `select_reverse/3` on an ordered_set: the values of the next Limit matching objects after the
/// key in `After` (`{Key}`, or `'$ets_first'`), walking the tree from there, so a chunk costs
/// what it visits: `{Values, {LastKey}}`, or `{Values, '$end_of_table'}` when the walk reached
/// the end. A hash table, or a spec whose heads bind the key, gives `whole` (the caller
/// takes the whole result and chunks it).
fn select_chunk(ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    let ms = spec_arg(ctx, args[1])?;
    let limit = match args[2].as_small() {
        Some(n) if n > 0 => n as usize,
        _ => return badarg(),
    };
    let after = if args[3] == a("$ets_first") {
        None
    } else {
        match flat_tuple(args[3]) {
            Some([k]) => Some(*k),
            _ => return badarg(),
        }
    };
    let reverse = bool_opt(args[4])?;
    let shared = find(args[0])?;
    let t = shared.read();
    readable(&t, ctx.proc.pid)?;
    if ms.bound_keys(t.store.keypos).is_some() {
        return Ok(a("whole"));
    }
    let Some(walk) = t.store.ordered_from(after, reverse) else {
        return Ok(a("whole"));
    };
    let mut scratch = Arena::new();
    let mut values = Vec::new();
    let mut last = None;
    for (k, o) in walk {
        if let Outcome::Value(v) = ms.run(o, ctx.proc.pid, &mut scratch) {
            values.push(v);
            if values.len() == limit {
                last = Some(k);
                break;
            }
        }
    }
    let rest = match last {
        Some(k) => scratch.tuple(&[k]),
        None => end_of_table(),
    };
    let list = scratch.list_from(&values, Term::NIL);
    let pair = scratch.tuple(&[list, rest]);
    term_out(ctx, args, pair)
}

/// ets:select(T, MatchSpec)
fn select(ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    let ms = spec_arg(ctx, args[1])?;
    select_with(ctx, args, ms, false)
}

/// ets:select_reverse(T, MatchSpec)
fn select_reverse(ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    let ms = spec_arg(ctx, args[1])?;
    select_with(ctx, args, ms, true)
}

/// ets:match(T, Pattern)
fn match2(ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    let ms =
        MatchSpec::from_pattern(args[1], &ctx.proc.heap, "$$").map_err(|_| Exception::badarg())?;
    select_with(ctx, args, ms, false)
}

/// ets:match_object(T, Pattern)
fn match_object(ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    let ms =
        MatchSpec::from_pattern(args[1], &ctx.proc.heap, "$_").map_err(|_| Exception::badarg())?;
    select_with(ctx, args, ms, false)
}

/// ets:select_count(T, MatchSpec): objects for which the spec gives `true`.
fn select_count(ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    let ms = spec_arg(ctx, args[1])?;
    let shared = find(args[0])?;
    let t = shared.read();
    readable(&t, ctx.proc.pid)?;
    let mut scratch = Arena::new();
    let n = run_spec(&t, &ms, ctx.proc.pid, &mut scratch)
        .into_iter()
        .filter(|(_, v)| *v == Term::atom(atom::TRUE))
        .count();
    Ok(Term::small(n as isize))
}

fn delete_matching(ctx: &mut Ctx, args: &mut [Term], ms: MatchSpec) -> BifResult {
    let shared = find(args[0])?;
    let mut t = shared.write();
    writable(&t, ctx.proc.pid)?;
    let mut scratch = Arena::new();
    let doomed: Vec<Term> = run_spec(&t, &ms, ctx.proc.pid, &mut scratch)
        .into_iter()
        .filter(|(_, v)| *v == Term::atom(atom::TRUE))
        .map(|(o, _)| o)
        .collect();
    let keypos = t.store.keypos;
    for o in &doomed {
        // Identity of the stored tuple: exactly this object goes.
        t.store
            .remove_where(key_of(*o, keypos), |s| s.raw() == o.raw());
    }
    Ok(Term::small(doomed.len() as isize))
}

/// ets:select_delete(T, MatchSpec)
fn select_delete(ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    let ms = spec_arg(ctx, args[1])?;
    delete_matching(ctx, args, ms)
}

/// ets:match_delete(T, Pattern)
fn match_delete(ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    let ms = MatchSpec::from_pattern(args[1], &ctx.proc.heap, "true")
        .map_err(|_| Exception::badarg())?;
    delete_matching(ctx, args, ms)?;
    Ok(Term::atom(atom::TRUE))
}

/// ets:select_replace(T, MatchSpec): each matched object is replaced by the spec's result,
/// which must keep its key (set and ordered_set only, as in OTP).
fn select_replace(ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    let ms = spec_arg(ctx, args[1])?;
    let shared = find(args[0])?;
    let mut t = shared.write();
    writable(&t, ctx.proc.pid)?;
    if t.store.is_bag() {
        return badarg();
    }
    let keypos = t.store.keypos;
    let mut scratch = Arena::new();
    let mut replacements: Vec<(Term, Copied)> = Vec::new();
    for (o, v) in run_spec(&t, &ms, ctx.proc.pid, &mut scratch) {
        let same_key = v
            .as_tuple()
            .is_some_and(|e| e.len() >= keypos && eq_exact(e[keypos - 1], key_of(o, keypos)));
        if !same_key {
            return badarg();
        }
        replacements.push((o, copy(v, &Everywhere)));
    }
    let n = replacements.len();
    for (old, new) in replacements {
        t.store
            .remove_where(key_of(old, keypos), |s| s.raw() == old.raw());
        t.store.insert(new);
    }
    Ok(Term::small(n as isize))
}

/// ets:match_spec_compile(MatchSpec): checked, and kept as it is (the "compiled" form).
fn match_spec_compile(ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    spec_arg(ctx, args[0])?;
    Ok(args[0])
}

/// ets:is_compiled_ms(Term)
fn is_compiled_ms(ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    Ok(Term::boolean(
        MatchSpec::compile(args[0], &ctx.proc.heap).is_ok(),
    ))
}

/// ets:match_spec_run(List, CompiledMatchSpec)
fn match_spec_run(ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    proper_list(args[0]).ok_or_else(Exception::badarg)?;
    let ms = spec_arg(ctx, args[1])?;
    // Results may share parts of the items: run on a copy, which a collection cannot move.
    let own = copy(args[0], &ctx.proc.heap);
    let items = proper_list(own.term).unwrap_or_default();
    let mut scratch = Arena::new();
    let values: Vec<Term> = items
        .into_iter()
        .filter_map(|o| match ms.run(o, ctx.proc.pid, &mut scratch) {
            Outcome::Value(v) => Some(v),
            Outcome::NoMatch => None,
        })
        .collect();
    list_out(ctx, args, &values)
}

/// ets:test_ms(Tuple, MatchSpec) -> {ok, Result | false} | {error, Errors}
fn test_ms(ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    let mut scratch = Arena::new();
    let result = match MatchSpec::compile(args[1], &ctx.proc.heap) {
        Err(()) => {
            let why = crate::terms::text::build_char_list(&mut scratch, "invalid match spec");
            let e = scratch.tuple(&[Term::atom(atom::ERROR), why]);
            let errors = scratch.list_from(&[e], Term::NIL);
            scratch.tuple(&[Term::atom(atom::ERROR), errors])
        }
        Ok(ms) => {
            let own = copy(args[0], &ctx.proc.heap);
            let v = match ms.run(own.term, ctx.proc.pid, &mut scratch) {
                Outcome::Value(v) => v,
                Outcome::NoMatch => Term::atom(atom::FALSE),
            };
            let r = scratch.tuple(&[Term::atom(atom::OK), v]);
            return term_out(ctx, args, r);
        }
    };
    term_out(ctx, args, result)
}

pub const BIFS: &[BifEntry] = &[
    ets("new", 2, new),
    ets("delete", 1, delete1),
    ets("delete", 2, delete2),
    ets("delete_all_objects", 1, delete_all_objects),
    ets("delete_object", 2, delete_object),
    ets("insert", 2, insert),
    ets("insert_new", 2, insert_new),
    ets("lookup", 2, lookup),
    ets("member", 2, member),
    ets("lookup_element", 3, lookup_element3),
    ets("lookup_element", 4, lookup_element4),
    ets("take", 2, take),
    ets("tab2list", 1, tab2list),
    ets("first", 1, first),
    ets("last", 1, last),
    ets("next", 2, next),
    ets("slot", 2, slot),
    ets("safe_fixtable", 2, safe_fixtable),
    ets("prev", 2, prev),
    ets("first_lookup", 1, first_lookup),
    ets("last_lookup", 1, last_lookup),
    ets("next_lookup", 2, next_lookup),
    ets("prev_lookup", 2, prev_lookup),
    ets("update_element", 3, update_element3),
    ets("update_element", 4, update_element4),
    ets("update_counter", 3, update_counter3),
    ets("update_counter", 4, update_counter4),
    ets("info", 1, info1),
    ets("info", 2, info2),
    ets("whereis", 1, whereis),
    ets("all", 0, all),
    ets("rename", 2, rename),
    ets("give_away", 3, give_away),
    ets("setopts", 2, setopts),
    ets("select", 2, select),
    ets("$select_chunk", 5, select_chunk),
    ets("select_reverse", 2, select_reverse),
    ets("match", 2, match2),
    ets("match_object", 2, match_object),
    ets("select_count", 2, select_count),
    ets("select_delete", 2, select_delete),
    ets("match_delete", 2, match_delete),
    ets("select_replace", 2, select_replace),
    ets("match_spec_compile", 1, match_spec_compile),
    ets("is_compiled_ms", 1, is_compiled_ms),
    ets("match_spec_run", 2, match_spec_run),
    ets("test_ms", 2, test_ms),
];
