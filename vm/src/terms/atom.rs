//! The global atom table. Atoms are interned once; a term holds the atom's index.
//! Names are UTF-8 bytes, leaked for the life of the VM (atoms are never collected, as in BEAM).
//! Lookups by name take a read lock; interning a new atom takes the write lock.

use crate::platform::sync::RwLock;
use crate::terms::term::Atom;
use std::collections::HashMap;
use std::sync::OnceLock;

/// BEAM's limit on atom name length, in characters.
pub const MAX_ATOM_CHARS: usize = 255;

macro_rules! predefined_atoms {
    ($($name:ident = $text:expr),* $(,)?) => {
        predefined_atoms!(@consts 0u32, $($name = $text,)*);
        const PREDEFINED: &[&str] = &[$($text),*];
    };
    (@consts $n:expr, $name:ident = $text:expr, $($rest:tt)*) => {
        // Every predefined atom gets its constant, used or not: the table fixes the indices.
        #[allow(dead_code)]
        pub const $name: Atom = Atom($n);
        predefined_atoms!(@consts $n + 1u32, $($rest)*);
    };
    (@consts $n:expr,) => {};
}

predefined_atoms! {
    FALSE = "false",
    TRUE = "true",
    OK = "ok",
    ERROR = "error",
    UNDEFINED = "undefined",
    BADARG = "badarg",
    BADARITH = "badarith",
    BADMATCH = "badmatch",
    CASE_CLAUSE = "case_clause",
    FUNCTION_CLAUSE = "function_clause",
    IF_CLAUSE = "if_clause",
    TRY_CLAUSE = "try_clause",
    UNDEF = "undef",
    BADFUN = "badfun",
    BADARITY = "badarity",
    BADKEY = "badkey",
    BADMAP = "badmap",
    BADRECORD = "badrecord",
    SYSTEM_LIMIT = "system_limit",
    THROW = "throw",
    EXIT = "exit",
    EXIT_TAG = "EXIT",
    NOCATCH = "nocatch",
    NORMAL = "normal",
    KILL = "kill",
    KILLED = "killed",
    ERLANG = "erlang",
    FILE = "file",
    LINE = "line",
    START = "start",
    MODULE_INFO = "module_info",
    MODULE = "module",
    EXPORTS = "exports",
    ATTRIBUTES = "attributes",
    COMPILE = "compile",
    MD5 = "md5",
    FUNCTIONS = "functions",
    NAME = "name",
    ARITY = "arity",
    ENV = "env",
    TYPE = "type",
    LOCAL = "local",
    EXTERNAL = "external",
    INDEX = "index",
    NEW_INDEX = "new_index",
    NEW_UNIQ = "new_uniq",
    UNIQ = "uniq",
    PID = "pid",
    INFINITY = "infinity",
    TIMEOUT_VALUE = "timeout_value",
    NOPROC = "noproc",
    LOW = "low",
    APPLY = "apply",
    LISTS = "lists",
    EMPTY = "",
    NAN = "nan",
    VALUE = "value",
    NOTALIVE = "notalive",
    NONODE = "nonode@nohost",
    ALL = "all",
    MIN_HEAP_SIZE = "min_heap_size",
    STACKTRACE = "stacktrace",
    ERROR_INFO = "error_info",
    UNICODE = "unicode",
    LATIN1 = "latin1",
    UTF8 = "utf8",
    BIG = "big",
    LITTLE = "little",
    NATIVE = "native",
    // processes, signals, timers
    DOWN = "DOWN",
    PROCESS = "process",
    TIMEOUT = "timeout",
    TRAP_EXIT = "trap_exit",
    LINK = "link",
    MONITOR = "monitor",
    PRIORITY = "priority",
    MAX_HEAP_SIZE = "max_heap_size",
    HIGH = "high",
    MAX = "max",
    ALIAS = "alias",
    DEMONITOR = "demonitor",
    REPLY_DEMONITOR = "reply_demonitor",
    EXPLICIT_UNALIAS = "explicit_unalias",
    FLUSH = "flush",
    INFO = "info",
    ABS = "abs",
    HEAP_SIZE = "heap_size",
    TOTAL_HEAP_SIZE = "total_heap_size",
    STACK_SIZE = "stack_size",
    MESSAGE_QUEUE_LEN = "message_queue_len",
    MESSAGES = "messages",
    LINKS = "links",
    MONITORS = "monitors",
    MONITORED_BY = "monitored_by",
    DICTIONARY = "dictionary",
    REGISTERED_NAME = "registered_name",
    STATUS = "status",
    CURRENT_FUNCTION = "current_function",
    REDUCTIONS = "reductions",
    MEMORY = "memory",
    GROUP_LEADER = "group_leader",
    INITIAL_CALL = "initial_call",
    RUNNING = "running",
    RUNNABLE = "runnable",
    WAITING = "waiting",
    EXITING = "exiting",
    POSITIVE = "positive",
    MONOTONIC = "monotonic",
    REPLY = "reply",
    ASYNC = "async",
    CANCEL_TIMER = "cancel_timer",
    READ_TIMER = "read_timer",
    ABORT = "abort",
    // h-float atoms
    DECIMALS = "decimals",
    SCIENTIFIC = "scientific",
    COMPACT = "compact",
    SHORT = "short",
    // h-bin atoms
    BM = "bm",
    AC = "ac",
    GLOBAL = "global",
    TRIM = "trim",
    TRIM_ALL = "trim_all",
    SCOPE = "scope",
    INSERT_REPLACED = "insert_replaced",
    NOMATCH = "nomatch",
    INCOMPLETE = "incomplete",
    UTF16 = "utf16",
    UTF32 = "utf32",
    // h-lib6 atoms
    HIBERNATE = "hibernate",
}

struct Table {
    names: Vec<&'static [u8]>,
    index: HashMap<&'static [u8], u32>,
}

static TABLE: OnceLock<RwLock<Table>> = OnceLock::new();

fn table() -> &'static RwLock<Table> {
    TABLE.get_or_init(|| {
        let mut t = Table {
            names: Vec::with_capacity(1024),
            index: HashMap::with_capacity(1024),
        };
        for name in PREDEFINED {
            let bytes: &'static [u8] = name.as_bytes();
            let i = t.names.len() as u32;
            t.names.push(bytes);
            t.index.insert(bytes, i);
        }
        RwLock::new(t)
    })
}

/// How many atoms Erlang code may create (OTP's default `+t`): past it, making a new atom fails
/// with `system_limit` instead of growing the table without end (atoms are never freed).
pub const ATOM_LIMIT: usize = 1_048_576;

/// Intern `name` (UTF-8 bytes), returning its atom. Fails when the name is longer than BEAM
/// allows, is not UTF-8, or is new while the table already holds `ATOM_LIMIT` atoms.
pub fn intern(name: &[u8]) -> Result<Atom, AtomError> {
    intern_within(name, ATOM_LIMIT)
}

fn intern_within(name: &[u8], limit: usize) -> Result<Atom, AtomError> {
    let chars = match std::str::from_utf8(name) {
        Ok(s) => s.chars().count(),
        Err(_) => return Err(AtomError::NotUtf8),
    };
    if chars > MAX_ATOM_CHARS {
        return Err(AtomError::TooLong);
    }
    if let Some(&i) = table().read().index.get(name) {
        return Ok(Atom(i));
    }
    let mut t = table().write();
    if let Some(&i) = t.index.get(name) {
        return Ok(Atom(i));
    }
    if t.names.len() >= limit {
        return Err(AtomError::TableFull);
    }
    let owned: &'static [u8] = Box::leak(name.to_vec().into_boxed_slice());
    let i = t.names.len() as u32;
    t.names.push(owned);
    t.index.insert(owned, i);
    Ok(Atom(i))
}

/// Intern a name known to be valid (a Rust literal). The VM's own names are a fixed, small set,
/// so they may go past `ATOM_LIMIT`.
pub fn intern_str(name: &str) -> Atom {
    intern_within(name.as_bytes(), usize::MAX).expect("static atom name is valid")
}

/// Look up an existing atom without creating it.
pub fn existing(name: &[u8]) -> Option<Atom> {
    table().read().index.get(name).map(|&i| Atom(i))
}

/// The name of an atom as UTF-8 bytes.
pub fn name(a: Atom) -> &'static [u8] {
    table()
        .read()
        .names
        .get(a.0 as usize)
        .copied()
        .unwrap_or(b"")
}

pub fn name_str(a: Atom) -> &'static str {
    std::str::from_utf8(name(a)).unwrap_or("")
}

pub fn count() -> usize {
    table().read().names.len()
}

/// Bytes the atom table holds: the names and both indexes (`erlang:memory(atom)`).
pub fn memory_bytes() -> usize {
    let t = table().read();
    let text: usize = t.names.iter().map(|n| n.len()).sum();
    let slot = std::mem::size_of::<&[u8]>();
    text + t.names.capacity() * slot + t.index.capacity() * (slot + std::mem::size_of::<u32>())
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AtomError {
    TooLong,
    NotUtf8,
    TableFull,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_full_table_refuses_new_atoms_only() {
        let full = count();
        assert_eq!(
            intern_within(b"never_interned_before_xyz", full),
            Err(AtomError::TableFull)
        );
        assert_eq!(intern_within(b"true", full), Ok(TRUE));
        assert_eq!(existing(b"never_interned_before_xyz"), None);
    }

    #[test]
    fn predefined_are_stable() {
        assert_eq!(name(TRUE), b"true");
        assert_eq!(name(OK), b"ok");
        assert_eq!(intern(b"ok").unwrap(), OK);
        assert_eq!(name(NATIVE), b"native");
    }

    #[test]
    fn intern_new() {
        let a = intern(b"some_new_atom_for_test").unwrap();
        assert_eq!(intern(b"some_new_atom_for_test").unwrap(), a);
        assert_eq!(name(a), b"some_new_atom_for_test");
        assert_eq!(existing(b"never_interned_xyz"), None);
        assert_eq!(intern("ä".repeat(256).as_bytes()), Err(AtomError::TooLong));
        assert!(intern("ä".repeat(255).as_bytes()).is_ok());
    }
}
