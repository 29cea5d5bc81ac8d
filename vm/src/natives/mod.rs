//! BIF implementations, grouped by subject. Each file exports a `BIFS` table.

use crate::natives::registry::BifEntry;

pub mod registry;
pub mod resource;
pub mod results;
pub mod socket;
#[cfg(feature = "crypto")]
pub mod ssl;

pub mod arith;
pub mod atomics;
pub mod atoms;
pub mod atomvm;
pub mod binaries;
pub mod binary_module;
pub mod calendar;
pub mod case_map;
pub mod checksum;
pub mod code;
pub mod collect;
#[cfg(feature = "crypto")]
pub mod crypto;
pub mod dist;
pub mod erts_debug;
pub mod ets;
pub mod exceptions;
pub mod ext;
pub mod file;
pub mod floats;
pub mod graphemes;
pub mod host;
pub mod io;
pub mod lists;
pub mod maps;
pub mod math;
pub mod node;
pub mod normalization;
pub mod os;
pub mod persistent_term;
pub mod process_bifs;
pub mod processes;
pub mod rand;
pub mod re;
pub mod re_syntax;
pub mod statistics;
pub mod system;
pub mod time;
pub mod tuples;
pub mod types;
pub mod unicode;
pub mod zlib;

/// Every BIF table, consulted once to build the registry.
/// Make every native known to the layers below: the loader's resolver, the process-exit hooks.
/// Called when a VM starts (idempotent).
pub fn install() {
    registry::install();
    crate::processes::owner_exit::register(socket::owner_exited);
    crate::processes::owner_exit::register(file::owner_exited);
    crate::processes::owner_exit::register(zlib::owner_exited);
    crate::processes::owner_exit::register(ets::owner_exited);
    #[cfg(feature = "crypto")]
    crate::processes::owner_exit::register(crypto::owner_exited);
    #[cfg(feature = "crypto")]
    crate::processes::owner_exit::register(ssl::owner_exited);
}

pub const ALL: &[&[BifEntry]] = &[
    arith::BIFS,
    atomics::BIFS,
    atomvm::BIFS,
    atoms::BIFS,
    binaries::BIFS,
    binary_module::BIFS,
    calendar::BIFS,
    case_map::BIFS,
    checksum::BIFS,
    code::BIFS,
    collect::BIFS,
    #[cfg(feature = "crypto")]
    crypto::aead::BIFS,
    #[cfg(feature = "crypto")]
    crypto::cipher::BIFS,
    #[cfg(feature = "crypto")]
    crypto::hash::BIFS,
    #[cfg(feature = "crypto")]
    crypto::mac::BIFS,
    #[cfg(feature = "crypto")]
    crypto::pk::BIFS,
    #[cfg(feature = "crypto")]
    crypto::random::BIFS,
    #[cfg(feature = "crypto")]
    ssl::engine::BIFS,
    dist::BIFS,
    erts_debug::BIFS,
    ets::BIFS,
    exceptions::BIFS,
    ext::BIFS,
    file::BIFS,
    floats::BIFS,
    host::BIFS,
    graphemes::BIFS,
    io::BIFS,
    lists::BIFS,
    maps::BIFS,
    math::BIFS,
    node::BIFS,
    normalization::BIFS,
    os::BIFS,
    persistent_term::BIFS,
    crate::natives::socket::BIFS,
    process_bifs::BIFS,
    rand::BIFS,
    re::BIFS,
    processes::BIFS,
    statistics::BIFS,
    system::BIFS,
    processes::INFO_BIFS,
    time::BIFS,
    tuples::BIFS,
    types::BIFS,
    unicode::BIFS,
    zlib::BIFS,
];
