//! Loaded modules and the code server: the global module registry and export table.
//!
//! Modules are never unloaded: each is leaked into a `&'static Module` and registered under a
//! small index (the index stored in return addresses on process stacks). Registration is
//! append-only, so reading the registry takes no lock.
//!
//! External calls go through `ExportSlot`s: one per {M, F, A}, created on first mention (by an
//! import or an `apply`) and filled when a module exporting it is loaded. A call reads the slot
//! atomically, so modules may load later and late-bound calls still resolve.

use crate::code::instr::{Instr, Label};
use crate::code::native::BifFn;
use crate::platform::sync::{Mutex, RwLock};
use crate::terms::fun_info::{self, CodeLookups, LambdaFacts};
use crate::terms::heap::Arena;
use crate::terms::term::{Atom, Term, MAX_MODULES};
use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::OnceLock;

pub struct Module {
    pub name: Atom,
    /// Registry index (set by `register`).
    pub index: u32,
    pub code: Box<[Instr]>,
    /// Owns every literal the code refers to (held, never read).
    #[allow(dead_code)]
    pub literals: Arena,
    pub imports: Box<[Import]>,
    /// Exported functions: name, arity, entry offset.
    pub exports: Vec<(Atom, u32, Label)>,
    /// Every function (exported or not): name, arity, offset of its func_info, entry offset.
    pub functions: Vec<FunctionInfo>,
    pub lambdas: Vec<Lambda>,
    /// Line information, sorted by code offset.
    pub lines: Vec<LineEntry>,
    /// File names referenced by `LineEntry::file` (index 0 is the module's own source file).
    pub files: Vec<String>,
    /// `module_info(attributes)` and `module_info(compile)`: literal terms, NIL when absent.
    pub attributes: Term,
    pub compile_info: Term,
    /// MD5 of the module's code, as `module_info(md5)`.
    pub md5: [u8; 16],
}

#[derive(Clone, Debug)]
pub struct FunctionInfo {
    pub name: Atom,
    pub arity: u32,
    /// Offset of the FuncInfo instruction.
    pub func_info: Label,
    /// Offset of the first instruction after it (the function's entry).
    pub entry: Label,
}

pub struct Import {
    pub module: Atom,
    pub function: Atom,
    pub arity: u32,
    /// Set when {M, F, A} is a BIF: calls go straight to it.
    pub bif: Option<BifFn>,
    #[allow(dead_code)] // the export slot of {M, F, A}, for calls that are not BIFs
    pub slot: &'static ExportSlot,
}

#[derive(Clone, Debug)]
pub struct Lambda {
    pub function: Atom,
    pub arity: u32,
    pub label: Label,
    pub index: u32,
    pub num_free: u32,
    pub old_uniq: u32,
}

#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub struct LineEntry {
    /// First instruction offset this line applies to.
    pub offset: Label,
    pub line: u32,
    pub file: u32,
}

impl Module {
    /// The function whose code contains `offset`.
    pub fn function_at(&self, offset: Label) -> Option<&FunctionInfo> {
        let i = self.functions.partition_point(|f| f.func_info <= offset);
        if i == 0 {
            None
        } else {
            self.functions.get(i - 1)
        }
    }

    /// Source line (and file index) of the instruction at `offset`.
    pub fn line_at(&self, offset: Label) -> Option<LineEntry> {
        let i = self.lines.partition_point(|l| l.offset <= offset);
        if i == 0 {
            None
        } else {
            self.lines.get(i - 1).copied()
        }
    }

    pub fn export_entry(&self, function: Atom, arity: u32) -> Option<Label> {
        self.exports
            .iter()
            .find(|e| e.0 == function && e.1 == arity)
            .map(|e| e.2)
    }

    pub fn source_file(&self, file: u32) -> String {
        self.files
            .get(file as usize)
            .cloned()
            .unwrap_or_else(|| format!("{}.erl", crate::terms::atom::name_str(self.name)))
    }
}

/// A resolvable external call target: module index and entry offset, or unresolved.
pub struct ExportSlot {
    /// `module_index << 32 | entry`, or `UNRESOLVED`.
    target: AtomicU64,
    // What the slot stands for, for debugging: calls need only the target.
    #[allow(dead_code)]
    pub module: Atom,
    #[allow(dead_code)]
    pub function: Atom,
    #[allow(dead_code)]
    pub arity: u32,
}

const UNRESOLVED: u64 = u64::MAX;

impl ExportSlot {
    #[inline]
    pub fn get(&self) -> Option<(u32, Label)> {
        let v = self.target.load(Ordering::Acquire);
        if v == UNRESOLVED {
            None
        } else {
            Some(((v >> 32) as u32, v as u32))
        }
    }
    fn set(&self, module: u32, entry: Label) {
        self.target
            .store(((module as u64) << 32) | entry as u64, Ordering::Release);
    }
}

struct Registry {
    by_name: RwLock<HashMap<Atom, u32>>,
    count: Mutex<u32>,
    slots: OnceLockArray,
    exports: Mutex<HashMap<(Atom, Atom, u32), &'static ExportSlot>>,
}

/// Lock-free lookup table from module index to module.
struct OnceLockArray(Box<[OnceLock<&'static Module>]>);

/// At most this many modules may be loaded (bounded by what a return address can encode).
pub const MODULE_LIMIT: usize = if MAX_MODULES < 4096 {
    MAX_MODULES
} else {
    4096
};

static REGISTRY: OnceLock<Registry> = OnceLock::new();

fn registry() -> &'static Registry {
    REGISTRY.get_or_init(|| Registry {
        by_name: RwLock::new(HashMap::new()),
        count: Mutex::new(0),
        slots: OnceLockArray((0..MODULE_LIMIT).map(|_| OnceLock::new()).collect()),
        exports: Mutex::new(HashMap::new()),
    })
}

/// The export slot for {M, F, A}, created unresolved if new.
pub fn export_slot(module: Atom, function: Atom, arity: u32) -> &'static ExportSlot {
    let mut map = registry().exports.lock();
    map.entry((module, function, arity)).or_insert_with(|| {
        Box::leak(Box::new(ExportSlot {
            target: AtomicU64::new(UNRESOLVED),
            module,
            function,
            arity,
        }))
    })
}

#[derive(Debug)]
pub enum RegisterError {
    AlreadyLoaded(Atom),
    TooManyModules,
    CodeTooLarge(Atom),
}

impl std::fmt::Display for RegisterError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            RegisterError::AlreadyLoaded(m) => {
                write!(
                    f,
                    "module {} is already loaded",
                    crate::terms::atom::name_str(*m)
                )
            }
            RegisterError::TooManyModules => write!(f, "too many modules (limit {})", MODULE_LIMIT),
            RegisterError::CodeTooLarge(m) => write!(
                f,
                "module {} has more instructions than a return address can encode",
                crate::terms::atom::name_str(*m)
            ),
        }
    }
}

/// Register a freshly loaded module: assign its index, publish it, resolve its exports.
pub fn register(mut module: Module) -> Result<&'static Module, RegisterError> {
    install_fun_lookups();
    let reg = registry();
    if module.code.len() >= crate::terms::term::MAX_CODE_OFFSET {
        return Err(RegisterError::CodeTooLarge(module.name));
    }
    let mut by_name = reg.by_name.write();
    if by_name.contains_key(&module.name) {
        return Err(RegisterError::AlreadyLoaded(module.name));
    }
    let index = {
        let mut count = reg.count.lock();
        if *count as usize >= MODULE_LIMIT {
            return Err(RegisterError::TooManyModules);
        }
        let i = *count;
        *count += 1;
        i
    };
    module.index = index;
    let module: &'static Module = Box::leak(Box::new(module));
    // The slot at a fresh index is empty; set cannot fail.
    let _ = reg.slots.0[index as usize].set(module);
    for &(f, a, entry) in &module.exports {
        // A function the VM implements natively stays the BIF, as in OTP, where a library
        // module's stub for it (`erlang:nif_error/1`) is never what `apply` or `fun M:F/A`
        // reach: direct calls already go to the BIF.
        if crate::code::native::lookup(module.name, f, a).is_none() {
            export_slot(module.name, f, a).set(index, entry);
        }
    }
    // Published by name last: a scheduler that finds the module by name (without waiting for
    // the code server's lock) must find its exports resolved too, or its call raises `undef`.
    by_name.insert(module.name, index);
    drop(by_name);
    Ok(module)
}

#[inline]
pub fn by_index(index: u32) -> Option<&'static Module> {
    registry()
        .slots
        .0
        .get(index as usize)
        .and_then(|s| s.get().copied())
}

pub fn by_name(name: Atom) -> Option<&'static Module> {
    let i = *registry().by_name.read().get(&name)?;
    by_index(i)
}

/// Every loaded module, in load order.
pub fn all() -> Vec<&'static Module> {
    let n = *registry().count.lock();
    (0..n).filter_map(by_index).collect()
}

/// Give the terms layer what local funs need from the module registry (`terms::fun_info`).
pub fn install_fun_lookups() {
    fn lambda(index: u32, n: usize) -> Option<LambdaFacts> {
        let m = by_index(index)?;
        let l = m.lambdas.get(n)?;
        Some(LambdaFacts {
            module: m.name,
            md5: m.md5,
            index: l.index,
            old_uniq: l.old_uniq,
            arity: l.arity,
            num_free: l.num_free,
        })
    }
    fn find_module(name: Atom, load: bool) -> Option<u32> {
        let m = if load {
            crate::code::code_server::ensure_loaded(name)
        } else {
            by_name(name)
        };
        m.map(|m| m.index)
    }
    fun_info::install(CodeLookups {
        module_name: |i| by_index(i).map(|m| m.name),
        lambda,
        find_module,
    });
}
