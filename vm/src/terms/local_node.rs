//! This node's name and creation: `nonode@nohost` and 0 until distribution starts
//! (`erlang:setnode/2`). The external term format writes local pids, ports and references with
//! them, and reads identifiers naming them back as local ones.

use crate::terms::atom;
use crate::terms::term::Atom;
use std::sync::atomic::{AtomicU32, Ordering};

static NAME: AtomicU32 = AtomicU32::new(atom::NONODE.0);
static CREATION: AtomicU32 = AtomicU32::new(0);

/// This node's name (`nonode@nohost` when not alive).
#[inline]
pub fn name() -> Atom {
    Atom(NAME.load(Ordering::Relaxed))
}

/// This node's creation (0 when not alive).
#[inline]
pub fn creation() -> u32 {
    CREATION.load(Ordering::Relaxed)
}

/// Is this node alive (started as a distributed node)?
pub fn is_alive() -> bool {
    name() != atom::NONODE
}

/// Become `name` with `creation` (or, with `nonode@nohost`, stop being alive).
pub fn set(name: Atom, creation: u32) {
    CREATION.store(creation, Ordering::Relaxed);
    NAME.store(name.0, Ordering::Relaxed);
}

/// Does `(node, creation)` name this node (this incarnation of it)?
pub fn is_this(node: &[u8], creation: u32) -> bool {
    node == atom::name(name()) && creation == self::creation()
}
