//! OTP's match specifications: `[{Head, Guards, Body}]`, compiled once per call and run against
//! table objects (or list elements for `ets:match_spec_run/2` and `ets:test_ms/2`).
//!
//! Heads bind `'$N'` variables and ignore `'_'`; guards and bodies are expressions: variables,
//! `'$_'` (the whole object), `'$$'` (every variable in number order), `{const, T}`, `{{...}}`
//! (a tuple), lists, maps, and calls `{F, Args...}` of the guard functions. A spec is copied into
//! its own arena first, so what it builds stays valid when the caller's heap moves; results are
//! built in a scratch arena and copied into the caller's heap at the end.

use crate::terms::atom;
use crate::terms::bignum;
use crate::terms::compare::{bitstring_view, cmp_terms, eq_arith, eq_exact};
use crate::terms::copy::{copy, Copied, Source};
use crate::terms::heap::{Alloc, Arena};
use crate::terms::map;
use crate::terms::term::{Atom, Term};
use std::cmp::Ordering;

/// A head pattern.
enum Pat {
    Any,
    Var(usize),
    /// A part without variables: matched with `=:=`.
    Lit(Term),
    Tuple(Vec<Pat>),
    Cons(Box<Pat>, Box<Pat>),
    Map(Vec<(Term, Pat)>),
}

/// A guard or body expression.
enum Expr {
    Var(usize),
    Whole,
    AllVars,
    Const(Term),
    Tuple(Vec<Expr>),
    Cons(Box<Expr>, Box<Expr>),
    Map(Vec<(Expr, Expr)>),
    AndAlso(Vec<Expr>),
    OrElse(Vec<Expr>),
    Call(Func, Vec<Expr>),
}

#[derive(Clone, Copy)]
enum Func {
    Type(fn(Term) -> bool),
    Bif(&'static str),
    SelfPid,
}

struct Clause {
    head: Pat,
    guards: Vec<Expr>,
    body: Vec<Expr>,
    /// Variable numbers (`'$N'`), in the order their slots were given.
    vars: Vec<u32>,
    /// Slot indices sorted by variable number (for `'$$'`).
    order: Vec<usize>,
}

pub struct MatchSpec {
    clauses: Vec<Clause>,
    /// The spec's own copy: constants in it outlive the caller's heap moving.
    _spec: Copied,
}

/// What a spec gives back for one object.
pub enum Outcome {
    NoMatch,
    /// The body's value (or `'EXIT'` if it failed, as OTP's `match_spec_run` gives).
    Value(Term),
}

fn var_number(a: Atom) -> Option<u32> {
    let name = atom::name(a);
    let digits = name.strip_prefix(b"$")?;
    if digits.is_empty() || digits.len() > 9 || !digits.iter().all(u8::is_ascii_digit) {
        return None;
    }
    std::str::from_utf8(digits).ok()?.parse().ok()
}

/// Deepest pattern or expression nesting compiled (a list counts a level per cell): compiling
/// and running recurse along the spec, so a deeper one is refused (`badarg`) instead of
/// exhausting the native stack. Parts without variables are literals and cost no depth.
const MAX_DEPTH: usize = 1000;

struct Compiler {
    vars: Vec<u32>,
    depth: usize,
}

/// Does `t` mention no `'_'` or `'$N'` and no map (so a head can match it as one literal)?
/// Iterative.
fn is_literal(t: Term) -> bool {
    let underscore = atom::intern_str("_");
    let mut todo = vec![t];
    while let Some(t) = todo.pop() {
        if let Some(a) = t.as_atom() {
            if a == underscore || var_number(a).is_some() {
                return false;
            }
        } else if let Some(elems) = t.as_tuple() {
            todo.extend_from_slice(elems);
        } else if let Some((h, tl)) = t.as_cons() {
            todo.push(h);
            todo.push(tl);
        } else if map::is_map(t) {
            // A map in a head matches any map holding its pairs, never as one literal.
            return false;
        }
    }
    true
}

impl Compiler {
    fn slot(&mut self, n: u32) -> usize {
        match self.vars.iter().position(|&v| v == n) {
            Some(i) => i,
            None => {
                self.vars.push(n);
                self.vars.len() - 1
            }
        }
    }

    fn pattern(&mut self, t: Term) -> Result<Pat, ()> {
        if is_literal(t) {
            return Ok(Pat::Lit(t));
        }
        self.depth += 1;
        let p = self.pattern_parts(t);
        self.depth -= 1;
        p
    }

    fn pattern_parts(&mut self, t: Term) -> Result<Pat, ()> {
        if self.depth > MAX_DEPTH {
            return Err(());
        }
        if let Some(a) = t.as_atom() {
            if a == atom::intern_str("_") {
                return Ok(Pat::Any);
            }
            if let Some(n) = var_number(a) {
                return Ok(Pat::Var(self.slot(n)));
            }
            return Ok(Pat::Lit(t));
        }
        Ok(if let Some(elems) = t.as_tuple() {
            Pat::Tuple(
                elems
                    .iter()
                    .map(|&e| self.pattern(e))
                    .collect::<Result<_, _>>()?,
            )
        } else if let Some((h, tl)) = t.as_cons() {
            Pat::Cons(Box::new(self.pattern(h)?), Box::new(self.pattern(tl)?))
        } else if map::is_map(t) {
            let mut pairs = Vec::new();
            for (k, v) in map::pairs(t) {
                pairs.push((k, self.pattern(v)?));
            }
            Pat::Map(pairs)
        } else {
            Pat::Lit(t)
        })
    }

    fn expr(&mut self, t: Term) -> Result<Expr, ()> {
        self.depth += 1;
        let e = self.expr_parts(t);
        self.depth -= 1;
        e
    }

    fn expr_parts(&mut self, t: Term) -> Result<Expr, ()> {
        if self.depth > MAX_DEPTH {
            return Err(());
        }
        if let Some(a) = t.as_atom() {
            let name = atom::name(a);
            if name == b"$_" {
                return Ok(Expr::Whole);
            }
            if name == b"$$" {
                return Ok(Expr::AllVars);
            }
            if let Some(n) = var_number(a) {
                // A variable the head does not bind makes the spec invalid.
                return match self.vars.iter().position(|&v| v == n) {
                    Some(i) => Ok(Expr::Var(i)),
                    None => Err(()),
                };
            }
            return Ok(Expr::Const(t));
        }
        if let Some((h, tl)) = t.as_cons() {
            if is_plain_list(t) {
                return Ok(Expr::Const(t));
            }
            return Ok(Expr::Cons(
                Box::new(self.expr(h)?),
                Box::new(self.expr(tl)?),
            ));
        }
        if map::is_map(t) {
            let mut pairs = Vec::new();
            for (k, v) in map::pairs(t) {
                pairs.push((self.expr(k)?, self.expr(v)?));
            }
            return Ok(Expr::Map(pairs));
        }
        let Some(elems) = t.as_tuple() else {
            return Ok(Expr::Const(t));
        };
        let Some((&first, rest)) = elems.split_first() else {
            return Err(());
        };
        if rest.is_empty() {
            if let Some(inner) = first.as_tuple() {
                let parts = inner
                    .iter()
                    .map(|&e| self.expr(e))
                    .collect::<Result<_, _>>()?;
                return Ok(Expr::Tuple(parts));
            }
        }
        let f = first.as_atom().ok_or(())?;
        let name = atom::name_str(f);
        if name == "const" && rest.len() == 1 {
            return Ok(Expr::Const(rest[0]));
        }
        let args: Vec<Expr> = rest
            .iter()
            .map(|&e| self.expr(e))
            .collect::<Result<_, _>>()?;
        match name {
            "andalso" | "orelse" if !args.is_empty() => {
                return Ok(if name == "andalso" {
                    Expr::AndAlso(args)
                } else {
                    Expr::OrElse(args)
                })
            }
            _ => {}
        }
        let func = function(name, args.len()).ok_or(())?;
        Ok(Expr::Call(func, args))
    }
}

/// Is `t` a list an expression can take as it is: no tuples (calls), maps or `'$...'` atoms in
/// it? Iterative, so long constant lists cost no depth.
fn is_plain_list(t: Term) -> bool {
    let mut todo = vec![t];
    while let Some(t) = todo.pop() {
        if let Some((h, tl)) = t.as_cons() {
            todo.push(h);
            todo.push(tl);
        } else if let Some(a) = t.as_atom() {
            if atom::name(a).starts_with(b"$") {
                return false;
            }
        } else if t.is_tuple() || map::is_map(t) {
            return false;
        }
    }
    true
}

fn is_binary(t: Term) -> bool {
    bitstring_view(t).is_some_and(|(_, _, n)| n % 8 == 0)
}

/// The guard functions a spec may call, by name and arity.
fn function(name: &str, arity: usize) -> Option<Func> {
    let ty = |f: fn(Term) -> bool| Some(Func::Type(f));
    match (name, arity) {
        ("is_atom", 1) => ty(Term::is_atom),
        ("is_float", 1) => ty(Term::is_float),
        ("is_integer", 1) => ty(Term::is_integer),
        ("is_number", 1) => ty(Term::is_number),
        ("is_list", 1) => ty(Term::is_list_or_nil),
        ("is_tuple", 1) => ty(Term::is_tuple),
        ("is_pid", 1) => ty(Term::is_pid),
        ("is_port", 1) => ty(Term::is_port),
        ("is_reference", 1) => ty(Term::is_reference),
        ("is_function", 1) => ty(Term::is_function),
        ("is_map", 1) => ty(map::is_map),
        ("is_binary", 1) => ty(is_binary),
        ("is_bitstring", 1) => ty(Term::is_bitstring),
        ("is_boolean", 1) => ty(Term::is_boolean),
        ("self", 0) => Some(Func::SelfPid),
        ("is_record", 3)
        | ("element", 2)
        | ("hd", 1)
        | ("tl", 1)
        | ("length", 1)
        | ("size", 1)
        | ("tuple_size", 1)
        | ("byte_size", 1)
        | ("bit_size", 1)
        | ("map_size", 1)
        | ("map_get", 2)
        | ("is_map_key", 2)
        | ("abs", 1)
        | ("float", 1)
        | ("trunc", 1)
        | ("round", 1)
        | ("node", 0)
        | ("node", 1)
        | ("not", 1)
        | ("and", 2)
        | ("or", 2)
        | ("xor", 2)
        | ("+", 1)
        | ("-", 1)
        | ("+", 2)
        | ("-", 2)
        | ("*", 2)
        | ("/", 2)
        | ("div", 2)
        | ("rem", 2)
        | ("band", 2)
        | ("bor", 2)
        | ("bxor", 2)
        | ("bnot", 1)
        | ("bsl", 2)
        | ("bsr", 2)
        | (">", 2)
        | (">=", 2)
        | ("<", 2)
        | ("=<", 2)
        | ("==", 2)
        | ("=:=", 2)
        | ("/=", 2)
        | ("=/=", 2)
        | ("min", 2)
        | ("max", 2) => {
            let known = FUNCTION_NAMES.iter().find(|&&n| n == name)?;
            Some(Func::Bif(known))
        }
        _ => None,
    }
}

const FUNCTION_NAMES: &[&str] = &[
    "is_record",
    "element",
    "hd",
    "tl",
    "length",
    "size",
    "tuple_size",
    "byte_size",
    "bit_size",
    "map_size",
    "map_get",
    "is_map_key",
    "abs",
    "float",
    "trunc",
    "round",
    "node",
    "not",
    "and",
    "or",
    "xor",
    "+",
    "-",
    "*",
    "/",
    "div",
    "rem",
    "band",
    "bor",
    "bxor",
    "bnot",
    "bsl",
    "bsr",
    ">",
    ">=",
    "<",
    "=<",
    "==",
    "=:=",
    "/=",
    "=/=",
    "min",
    "max",
];

fn proper_list(mut t: Term) -> Option<Vec<Term>> {
    let mut v = Vec::new();
    while let Some((h, tl)) = t.as_cons() {
        v.push(h);
        t = tl;
    }
    t.is_nil().then_some(v)
}

impl MatchSpec {
    /// Compile `spec` (on the caller's heap, `heap` saying where); Err for a malformed spec.
    pub fn compile<S: Source + ?Sized>(spec: Term, heap: &S) -> Result<MatchSpec, ()> {
        let own = copy(spec, heap);
        let clauses = proper_list(own.term).ok_or(())?;
        let mut compiled = Vec::with_capacity(clauses.len());
        for c in clauses {
            let parts = c.as_tuple().ok_or(())?;
            let [head, guards, body] = parts else {
                return Err(());
            };
            let mut comp = Compiler {
                vars: Vec::new(),
                depth: 0,
            };
            let head = comp.pattern(*head)?;
            let guards = proper_list(*guards)
                .ok_or(())?
                .into_iter()
                .map(|g| comp.expr(g))
                .collect::<Result<Vec<_>, _>>()?;
            let body = proper_list(*body)
                .ok_or(())?
                .into_iter()
                .map(|b| comp.expr(b))
                .collect::<Result<Vec<_>, _>>()?;
            if body.is_empty() {
                return Err(());
            }
            let mut order: Vec<usize> = (0..comp.vars.len()).collect();
            order.sort_by_key(|&i| comp.vars[i]);
            compiled.push(Clause {
                head,
                guards,
                body,
                vars: comp.vars,
                order,
            });
        }
        Ok(MatchSpec {
            clauses: compiled,
            _spec: own,
        })
    }

    /// A spec of one clause `{Pattern, [], [Body]}` (what `ets:match` and friends run), where
    /// `body` is `'$$'`, `'$_'` or `true`.
    pub fn from_pattern<S: Source + ?Sized>(
        pattern: Term,
        heap: &S,
        body: &str,
    ) -> Result<MatchSpec, ()> {
        let own = copy(pattern, heap);
        let mut comp = Compiler {
            vars: Vec::new(),
            depth: 0,
        };
        let head = comp.pattern(own.term)?;
        let body = match body {
            "$$" => Expr::AllVars,
            "$_" => Expr::Whole,
            _ => Expr::Const(Term::atom(atom::TRUE)),
        };
        let mut order: Vec<usize> = (0..comp.vars.len()).collect();
        order.sort_by_key(|&i| comp.vars[i]);
        Ok(MatchSpec {
            clauses: vec![Clause {
                head,
                guards: Vec::new(),
                body: vec![body],
                vars: comp.vars,
                order,
            }],
            _spec: own,
        })
    }

    /// The keys every clause's head binds at `keypos` (1-based), if each binds one: only the
    /// objects with those keys can match.
    pub fn bound_keys(&self, keypos: usize) -> Option<Vec<Term>> {
        let mut keys: Vec<Term> = Vec::new();
        for c in &self.clauses {
            let Pat::Tuple(elems) = &c.head else {
                return None;
            };
            let Some(Pat::Lit(k)) = elems.get(keypos - 1) else {
                return None;
            };
            if !keys.iter().any(|&o| eq_exact(o, *k)) {
                keys.push(*k);
            }
        }
        Some(keys)
    }

    /// Run the spec on `obj`; terms built go to `scratch`.
    pub fn run(&self, obj: Term, self_pid: Term, scratch: &mut Arena) -> Outcome {
        let mut binds: Vec<Term> = Vec::new();
        for c in &self.clauses {
            binds.clear();
            binds.resize(c.vars.len(), Term::NON_VALUE);
            if !match_pat(&c.head, obj, &mut binds) {
                continue;
            }
            let mut ev = Eval {
                obj,
                binds: &binds,
                order: &c.order,
                self_pid,
                arena: scratch,
            };
            let guards_hold = c
                .guards
                .iter()
                .all(|g| ev.eval(g) == Some(Term::atom(atom::TRUE)));
            if !guards_hold {
                continue;
            }
            let mut value = Term::atom(atom::TRUE);
            for b in &c.body {
                match ev.eval(b) {
                    Some(v) => value = v,
                    None => return Outcome::Value(Term::atom(atom::EXIT_TAG)),
                }
            }
            return Outcome::Value(value);
        }
        Outcome::NoMatch
    }
}

fn match_pat(p: &Pat, t: Term, binds: &mut [Term]) -> bool {
    match p {
        Pat::Any => true,
        Pat::Lit(l) => eq_exact(*l, t),
        Pat::Var(i) => {
            let b = binds[*i];
            if b.is_non_value() {
                binds[*i] = t;
                true
            } else {
                eq_exact(b, t)
            }
        }
        Pat::Tuple(ps) => match t.as_tuple() {
            Some(elems) if elems.len() == ps.len() => {
                ps.iter().zip(elems).all(|(p, &e)| match_pat(p, e, binds))
            }
            _ => false,
        },
        Pat::Cons(ph, pt) => match t.as_cons() {
            Some((h, tl)) => match_pat(ph, h, binds) && match_pat(pt, tl, binds),
            None => false,
        },
        Pat::Map(pairs) => {
            map::is_map(t)
                && pairs.iter().all(|(k, p)| match map::get(t, *k) {
                    Some(v) => match_pat(p, v, binds),
                    None => false,
                })
        }
    }
}

struct Eval<'a> {
    obj: Term,
    binds: &'a [Term],
    order: &'a [usize],
    self_pid: Term,
    arena: &'a mut Arena,
}

enum Num {
    Int(i128),
    Float(f64),
}

fn num(t: Term) -> Option<Num> {
    if let Some(s) = t.as_small() {
        return Some(Num::Int(s as i128));
    }
    if t.is_float() {
        return Some(Num::Float(t.float_value()));
    }
    bignum::to_i128(t).map(Num::Int)
}

fn int(t: Term) -> Option<i128> {
    match num(t)? {
        Num::Int(i) => Some(i),
        Num::Float(_) => None,
    }
}

impl Eval<'_> {
    fn int(&mut self, v: i128) -> Option<Term> {
        if let Ok(s) = isize::try_from(v) {
            if Term::fits_small(s as i64) {
                return Some(Term::small(s));
            }
        }
        Some(bignum::build_i128(self.arena, v))
    }

    fn float(&mut self, f: f64) -> Option<Term> {
        f.is_finite().then(|| self.arena.float(f))
    }

    fn eval(&mut self, e: &Expr) -> Option<Term> {
        match e {
            Expr::Var(i) => Some(self.binds[*i]),
            Expr::Whole => Some(self.obj),
            Expr::AllVars => {
                let vals: Vec<Term> = self.order.iter().map(|&i| self.binds[i]).collect();
                Some(self.arena.list_from(&vals, Term::NIL))
            }
            Expr::Const(t) => Some(*t),
            Expr::Tuple(es) => {
                let vals = es
                    .iter()
                    .map(|e| self.eval(e))
                    .collect::<Option<Vec<_>>>()?;
                Some(self.arena.tuple(&vals))
            }
            Expr::Cons(h, t) => {
                let h = self.eval(h)?;
                let t = self.eval(t)?;
                Some(self.arena.cons(h, t))
            }
            Expr::Map(pairs) => {
                let mut kv: Vec<(Term, Term)> = Vec::new();
                for (k, v) in pairs {
                    let k = self.eval(k)?;
                    let v = self.eval(v)?;
                    kv.retain(|(o, _)| !eq_exact(*o, k));
                    kv.push((k, v));
                }
                let plan = map::plan_pairs(&kv);
                Some(map::build_pairs(self.arena, &plan, &kv))
            }
            Expr::AndAlso(es) => {
                for e in es {
                    let v = self.eval(e)?;
                    if !v.is_boolean() {
                        return None;
                    }
                    if v == Term::atom(atom::FALSE) {
                        return Some(v);
                    }
                }
                Some(Term::atom(atom::TRUE))
            }
            Expr::OrElse(es) => {
                for e in es {
                    let v = self.eval(e)?;
                    if !v.is_boolean() {
                        return None;
                    }
                    if v == Term::atom(atom::TRUE) {
                        return Some(v);
                    }
                }
                Some(Term::atom(atom::FALSE))
            }
            Expr::Call(f, args) => {
                let vals = args
                    .iter()
                    .map(|a| self.eval(a))
                    .collect::<Option<Vec<_>>>()?;
                self.call(*f, &vals)
            }
        }
    }

    fn call(&mut self, f: Func, a: &[Term]) -> Option<Term> {
        let b = |v: bool| Some(Term::boolean(v));
        let name = match f {
            Func::Type(test) => return b(test(a[0])),
            Func::SelfPid => return Some(self.self_pid),
            Func::Bif(name) => name,
        };
        let truth = |t: Term| match t.as_atom() {
            Some(atom::TRUE) => Some(true),
            Some(atom::FALSE) => Some(false),
            _ => None,
        };
        match (name, a) {
            ("is_record", [t, tag, size]) => {
                let n = size.as_small()?;
                b(t.as_tuple()
                    .is_some_and(|e| e.len() as isize == n && !e.is_empty() && e[0] == *tag))
            }
            ("element", [n, t]) => {
                let i = usize::try_from(n.as_small()?).ok()?;
                t.as_tuple()?.get(i.checked_sub(1)?).copied()
            }
            ("hd", [l]) => l.as_cons().map(|c| c.0),
            ("tl", [l]) => l.as_cons().map(|c| c.1),
            ("length", [l]) => {
                let n = proper_list(*l)?.len();
                self.int(n as i128)
            }
            ("size" | "tuple_size", [t]) if t.is_tuple() => self.int(t.tuple_arity() as i128),
            ("size" | "byte_size", [t]) => {
                let (_, _, bits) = bitstring_view(*t)?;
                self.int(bits.div_ceil(8) as i128)
            }
            ("bit_size", [t]) => {
                let (_, _, bits) = bitstring_view(*t)?;
                self.int(bits as i128)
            }
            ("map_size", [m]) if map::is_map(*m) => self.int(map::size(*m) as i128),
            ("map_get", [k, m]) if map::is_map(*m) => map::get(*m, *k),
            ("is_map_key", [k, m]) if map::is_map(*m) => b(map::contains(*m, *k)),
            ("node", []) | ("node", [_]) => Some(Term::atom(crate::terms::local_node::name())),
            ("not", [x]) => b(!truth(*x)?),
            ("and", [x, y]) => b(truth(*x)? & truth(*y)?),
            ("or", [x, y]) => b(truth(*x)? | truth(*y)?),
            ("xor", [x, y]) => b(truth(*x)? ^ truth(*y)?),
            (">", [x, y]) => b(cmp_terms(*x, *y) == Ordering::Greater),
            (">=", [x, y]) => b(cmp_terms(*x, *y) != Ordering::Less),
            ("<", [x, y]) => b(cmp_terms(*x, *y) == Ordering::Less),
            ("=<", [x, y]) => b(cmp_terms(*x, *y) != Ordering::Greater),
            ("==", [x, y]) => b(eq_arith(*x, *y)),
            ("/=", [x, y]) => b(!eq_arith(*x, *y)),
            ("=:=", [x, y]) => b(eq_exact(*x, *y)),
            ("=/=", [x, y]) => b(!eq_exact(*x, *y)),
            ("min", [x, y]) => Some(if cmp_terms(*y, *x) == Ordering::Less {
                *y
            } else {
                *x
            }),
            ("max", [x, y]) => Some(if cmp_terms(*y, *x) == Ordering::Greater {
                *y
            } else {
                *x
            }),
            ("abs", [x]) => match num(*x)? {
                Num::Int(i) => self.int(i.checked_abs()?),
                Num::Float(f) => self.float(f.abs()),
            },
            ("float", [x]) => match num(*x)? {
                Num::Int(i) => self.float(i as f64),
                Num::Float(f) => self.float(f),
            },
            ("trunc", [x]) => match num(*x)? {
                Num::Int(i) => self.int(i),
                Num::Float(f) => self.int(f.trunc() as i128),
            },
            ("round", [x]) => match num(*x)? {
                Num::Int(i) => self.int(i),
                Num::Float(f) => self.int(f.round() as i128),
            },
            ("+", [x]) => num(*x).map(|_| *x),
            ("-", [x]) => match num(*x)? {
                Num::Int(i) => self.int(i.checked_neg()?),
                Num::Float(f) => self.float(-f),
            },
            ("bnot", [x]) => self.int(!int(*x)?),
            (op, [x, y]) => self.arith(op, *x, *y),
            _ => None,
        }
    }

    fn arith(&mut self, op: &str, x: Term, y: Term) -> Option<Term> {
        let (nx, ny) = (num(x)?, num(y)?);
        if let (Num::Int(i), Num::Int(j)) = (&nx, &ny) {
            let (i, j) = (*i, *j);
            let v = match op {
                "+" => i.checked_add(j),
                "-" => i.checked_sub(j),
                "*" => i.checked_mul(j),
                "div" => (j != 0).then(|| i.checked_div(j)).flatten(),
                "rem" => (j != 0).then(|| i.checked_rem(j)).flatten(),
                "band" => Some(i & j),
                "bor" => Some(i | j),
                "bxor" => Some(i ^ j),
                "bsl" => u32::try_from(j)
                    .ok()
                    .filter(|&s| s < 64)
                    .and_then(|s| i.checked_shl(s)),
                "bsr" => Some(if j >= 0 {
                    i >> j.min(127)
                } else {
                    i << (-j).min(63)
                }),
                "/" => return self.float(i as f64 / j as f64).filter(|_| j != 0),
                _ => None,
            };
            return self.int(v?);
        }
        let f = |n: Num| match n {
            Num::Int(i) => i as f64,
            Num::Float(f) => f,
        };
        let (a, b) = (f(nx), f(ny));
        let v = match op {
            "+" => a + b,
            "-" => a - b,
            "*" => a * b,
            "/" if b != 0.0 => a / b,
            _ => return None,
        };
        self.float(v)
    }
}
