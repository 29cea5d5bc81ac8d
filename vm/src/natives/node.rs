//! Distribution, which this VM does not have: the node is always `nonode@nohost` and not
//! alive. `node/0,1`, `nodes/0,1`, `is_alive/0`, `get_cookie/0,1`, `monitor_node/2,3`.

use crate::code::native::Ctx;
use crate::natives::registry::BifEntry;
use crate::terms::atom;
use crate::terms::exception::{BifResult, Exception};
use crate::terms::term::{BoxKind, Term};

fn this_node() -> Term {
    Term::atom(atom::NONODE)
}

fn node0(_ctx: &mut Ctx, _args: &mut [Term]) -> BifResult {
    Ok(this_node())
}

/// The node of a pid, port or reference: the node named in an external one (decoded by
/// `binary_to_term/1`), else this one.
fn node1(_ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    let t = args[0];
    let external = [
        BoxKind::ExternalPid,
        BoxKind::ExternalPort,
        BoxKind::ExternalRef,
    ];
    if external.iter().any(|&k| t.is_box_of(k)) {
        // An external identifier's first payload word is its node's atom.
        Ok(Term::from_raw(t.payload()[0]))
    } else if t.is_pid() || t.is_port() || t.is_reference() {
        Ok(this_node())
    } else {
        Err(Exception::badarg())
    }
}

fn is_node_kind(t: Term) -> bool {
    t.as_atom().is_some_and(|a| {
        matches!(
            atom::name(a),
            b"visible" | b"hidden" | b"connected" | b"this" | b"known"
        )
    })
}

/// The connected nodes of the kinds asked for: `this` (or `known`) is this node, every other
/// kind is empty.
fn nodes_of(args: &[Term]) -> Result<bool, Exception> {
    let mut kinds = Vec::new();
    match args.first() {
        None => {}
        Some(&k) if k.is_atom() => kinds.push(k),
        Some(&l) => {
            let mut t = l;
            while let Some((h, tl)) = t.as_cons() {
                kinds.push(h);
                t = tl;
            }
            if !t.is_nil() {
                return Err(Exception::badarg());
            }
        }
    }
    if !kinds.iter().all(|&k| is_node_kind(k)) {
        return Err(Exception::badarg());
    }
    Ok(kinds
        .iter()
        .any(|&k| matches!(k.as_atom().map(atom::name), Some(b"this" | b"known"))))
}

fn nodes(ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    if nodes_of(args)? {
        let mut r = ctx.reserve(crate::terms::heap::words::CONS, args);
        Ok(crate::terms::heap::Alloc::cons(
            &mut r,
            this_node(),
            Term::NIL,
        ))
    } else {
        Ok(Term::NIL)
    }
}

fn is_alive(_ctx: &mut Ctx, _args: &mut [Term]) -> BifResult {
    Ok(Term::boolean(false))
}

fn get_cookie(_ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    if args.first().is_some_and(|n| !n.is_atom()) {
        return Err(Exception::badarg());
    }
    Ok(Term::atom(atom::intern_str("nocookie")))
}

/// `monitor_node(Node, Flag)` (and with options): a node that is not alive cannot.
fn monitor_node(_ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    if !args[0].is_atom() || !args[1].is_boolean() {
        return Err(Exception::badarg());
    }
    Err(Exception::error_atom(atom::intern_str("notalive")))
}

pub const BIFS: &[BifEntry] = &[
    BifEntry::erlang("node", 0, node0),
    BifEntry::erlang("node", 1, node1),
    BifEntry::erlang("nodes", 0, nodes),
    BifEntry::erlang("nodes", 1, nodes),
    BifEntry::erlang("is_alive", 0, is_alive),
    BifEntry::erlang("get_cookie", 0, get_cookie),
    BifEntry::erlang("get_cookie", 1, get_cookie),
    BifEntry::erlang("monitor_node", 2, monitor_node),
    BifEntry::erlang("monitor_node", 3, monitor_node),
];
