//! What a local fun term needs from the code layer, which sits above the terms.
//!
//! A local fun names its module by registry index and its lambda by number. Comparing, hashing,
//! printing and encoding one need the module's name and MD5 and the lambda's numbers; decoding
//! one (`binary_to_term`) needs to find the module by name, loading it if allowed. The code
//! layer installs these lookups when its module registry starts (`code::module::register`).

use crate::terms::term::Atom;
use std::sync::OnceLock;

/// The facts about one lambda of one loaded module.
#[derive(Copy, Clone, Debug)]
pub struct LambdaFacts {
    pub module: Atom,
    pub md5: [u8; 16],
    /// The lambda's number in its module's FunT chunk (OTP's "old index").
    pub index: u32,
    pub old_uniq: u32,
    pub arity: u32,
    pub num_free: u32,
}

/// The lookups the code layer provides.
pub struct CodeLookups {
    /// The name of the module at a registry index.
    pub module_name: fn(u32) -> Option<Atom>,
    /// Lambda `n` of the module at a registry index.
    pub lambda: fn(u32, usize) -> Option<LambdaFacts>,
    /// A module's registry index by name; with `load`, loading it first if it is not yet.
    pub find_module: fn(Atom, bool) -> Option<u32>,
}

static LOOKUPS: OnceLock<CodeLookups> = OnceLock::new();

/// Called by the code layer once (later calls are ignored).
pub fn install(lookups: CodeLookups) {
    let _ = LOOKUPS.set(lookups);
}

/// The name of the module at `index`; `None` before any module exists.
pub fn module_name(index: u32) -> Option<Atom> {
    (LOOKUPS.get()?.module_name)(index)
}

/// Lambda `n` of the module at `index`.
pub fn lambda(index: u32, n: usize) -> Option<LambdaFacts> {
    (LOOKUPS.get()?.lambda)(index, n)
}

/// The registry index of module `name`, loading it first when `load` is set.
pub fn find_module(name: Atom, load: bool) -> Option<u32> {
    (LOOKUPS.get()?.find_module)(name, load)
}
