//! The `host` module: how Erlang code reaches the program embedding the VM.
//!
//! - `host:call(Name, Args)` calls the host's function `Name` (an atom or a UTF-8 binary) with
//!   `Args` (any term) and returns `{ok, Result}` or `{error, Reason}`, synchronously: the
//!   calling process waits, and so does its scheduler.
//! - `host:send(Message)` hands a copy of `Message` to the host (`ok`). For asynchronous host
//!   work, Erlang sends a request this way and the host later sends the answer to a pid.
//! - `host:monitor(Pid)` asks the host to be told when `Pid` ends (`ok`; a pid that is not alive
//!   is reported at once with reason `noproc`).
//!
//! Without a host (the command line) `call` and `send` return `{error, no_host}`.
//! Terms cross as external term format bytes. The host is one object for the whole VM, called
//! under a lock: scheduler threads (on SMP command-line runs) take turns.

use crate::code::native::Ctx;
use crate::natives::registry::BifEntry;
use crate::platform::sync::Mutex;
use crate::scheduling::watch;
use crate::terms::atom;
use crate::terms::compare::bitstring_view;
use crate::terms::exception::{BifResult, Exception};
use crate::terms::ext_term;
use crate::terms::heap::{words, Alloc};
use crate::terms::term::Term;
use std::sync::OnceLock;

/// What the embedding layer plugs in. Terms are external term format bytes.
pub trait HostLink: Send {
    fn call(&mut self, name: &str, args: &[u8]) -> Result<Vec<u8>, Vec<u8>>;
    fn deliver(&mut self, message: &[u8]);
}

fn slot() -> &'static Mutex<Option<Box<dyn HostLink>>> {
    static HOST: OnceLock<Mutex<Option<Box<dyn HostLink>>>> = OnceLock::new();
    HOST.get_or_init(|| Mutex::new(None))
}

/// Install the host (replacing any previous one).
pub fn install(host: Box<dyn HostLink>) {
    *slot().lock() = Some(host);
}

fn error_tuple(ctx: &mut Ctx, args: &mut [Term], reason: Term) -> BifResult {
    let mut r = ctx.reserve(words::tuple(2), args);
    Ok(r.tuple(&[Term::atom(atom::ERROR), reason]))
}

fn no_host(ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    error_tuple(ctx, args, Term::atom(atom::intern_str("no_host")))
}

/// The name of a host function: an atom or a UTF-8 binary.
fn function_name(t: Term) -> Option<String> {
    if let Some(a) = t.as_atom() {
        return Some(atom::name_str(a).to_string());
    }
    let (bytes, off, bits) = bitstring_view(t)?;
    if off % 8 != 0 || bits % 8 != 0 {
        return None;
    }
    let b = bytes.get(off / 8..off / 8 + bits / 8)?;
    std::str::from_utf8(b).ok().map(str::to_string)
}

fn call2(ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    let name = function_name(args[0]).ok_or_else(Exception::badarg)?;
    let request = watch::encode(args[1], ctx.proc.pid);
    let answer = {
        let mut host = slot().lock();
        match host.as_mut() {
            Some(h) => h.call(&name, &request),
            None => {
                drop(host);
                return no_host(ctx, args);
            }
        }
    };
    let (tag, bytes) = match &answer {
        Ok(b) => (atom::OK, b),
        Err(b) => (atom::ERROR, b),
    };
    let Ok(m) = ext_term::measure(bytes) else {
        let reason = Term::atom(atom::intern_str("bad_external_term"));
        return error_tuple(ctx, args, reason);
    };
    let mut r = ctx.reserve(m.heap_words() + words::tuple(2), args);
    let t = m.build(&mut r).map_err(|_| Exception::badarg())?;
    Ok(r.tuple(&[Term::atom(tag), t]))
}

fn send1(ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    let message = watch::encode(args[0], ctx.proc.pid);
    let mut host = slot().lock();
    match host.as_mut() {
        Some(h) => {
            h.deliver(&message);
            Ok(Term::atom(atom::OK))
        }
        None => {
            drop(host);
            no_host(ctx, args)
        }
    }
}

fn monitor1(_ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    if !args[0].is_local_pid() {
        return Err(Exception::badarg());
    }
    watch::monitor(args[0]);
    Ok(Term::atom(atom::OK))
}

pub const BIFS: &[BifEntry] = &[
    BifEntry::new("host", "call", 2, call2),
    BifEntry::new("host", "send", 1, send1),
    BifEntry::new("host", "monitor", 1, monitor1),
];
