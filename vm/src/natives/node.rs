//! This node and the nodes it knows: `node/0,1`, `nodes/0,1`, `is_alive/0`, the cookies
//! (`get_cookie/0,1`, `set_cookie/1,2`). `nonode@nohost` and not alive until distribution
//! starts (`natives/dist.rs`).

use crate::code::native::Ctx;
use crate::natives::registry::BifEntry;
use crate::platform::sync::Mutex;
use crate::terms::atom;
use crate::terms::exception::{BifResult, Exception};
use crate::terms::local_node;
use crate::terms::term::{Atom, BoxKind, Term};

fn this_node() -> Term {
    Term::atom(local_node::name())
}

/// The cookie of this node (`nocookie` until set) and those set for particular nodes.
struct Cookies {
    own: Option<Atom>,
    /// (node, cookie)
    per_node: Vec<(Atom, Atom)>,
}

static COOKIES: Mutex<Cookies> = Mutex::new(Cookies {
    own: None,
    per_node: Vec::new(),
});

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

/// The kinds asked for: whether this node is among them (`this`, `known`), and whether the
/// connected ones are (`visible`, `connected`, `known`, or no argument).
fn nodes_of(args: &[Term]) -> Result<(bool, bool), Exception> {
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
    let has = |names: &[&[u8]]| {
        kinds
            .iter()
            .any(|&k| k.as_atom().is_some_and(|a| names.contains(&atom::name(a))))
    };
    let this = has(&[b"this", b"known"]);
    let others = args.is_empty() || has(&[b"visible", b"connected", b"known"]);
    Ok((this, others))
}

fn nodes(ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    let (this, others) = nodes_of(args)?;
    let mut list: Vec<Term> = Vec::new();
    if this {
        list.push(this_node());
    }
    if others {
        list.extend(
            crate::natives::dist::connected_nodes()
                .into_iter()
                .map(Term::atom),
        );
    }
    let mut r = ctx.reserve(crate::terms::heap::words::list(list.len()), args);
    Ok(crate::terms::heap::Alloc::list_from(
        &mut r,
        &list,
        Term::NIL,
    ))
}

fn is_alive(_ctx: &mut Ctx, _args: &mut [Term]) -> BifResult {
    Ok(Term::boolean(local_node::is_alive()))
}

/// `get_cookie()`, `get_cookie(Node)`: `nocookie` when not alive.
fn get_cookie(_ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    let node = match args.first() {
        Some(n) => Some(n.as_atom().ok_or_else(Exception::badarg)?),
        None => None,
    };
    if !local_node::is_alive() {
        return Ok(Term::atom(atom::intern_str("nocookie")));
    }
    let cookies = COOKIES.lock();
    let own = cookies.own.unwrap_or(atom::intern_str("nocookie"));
    let cookie = node
        .and_then(|n| {
            cookies
                .per_node
                .iter()
                .find(|(m, _)| *m == n)
                .map(|&(_, c)| c)
        })
        .unwrap_or(own);
    Ok(Term::atom(cookie))
}

/// `set_cookie(Cookie)`, `set_cookie(Node, Cookie)`.
fn set_cookie(_ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    let cookie = args[args.len() - 1]
        .as_atom()
        .ok_or_else(Exception::badarg)?;
    let node = match args.len() {
        2 => Some(args[0].as_atom().ok_or_else(Exception::badarg)?),
        _ => None,
    };
    if !local_node::is_alive() {
        return Err(Exception::error_atom(atom::NOTALIVE));
    }
    let mut cookies = COOKIES.lock();
    match node {
        Some(n) if n != local_node::name() => {
            cookies.per_node.retain(|(m, _)| *m != n);
            cookies.per_node.push((n, cookie));
        }
        _ => cookies.own = Some(cookie),
    }
    Ok(Term::boolean(true))
}

pub const BIFS: &[BifEntry] = &[
    BifEntry::erlang("node", 0, node0),
    BifEntry::erlang("node", 1, node1),
    BifEntry::erlang("nodes", 0, nodes),
    BifEntry::erlang("nodes", 1, nodes),
    BifEntry::erlang("is_alive", 0, is_alive),
    BifEntry::erlang("get_cookie", 0, get_cookie),
    BifEntry::erlang("get_cookie", 1, get_cookie),
    BifEntry::erlang("set_cookie", 1, set_cookie),
    BifEntry::erlang("set_cookie", 2, set_cookie),
];
