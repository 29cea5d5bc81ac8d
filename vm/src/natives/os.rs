//! `os`: the environment (`getenv/0,1,2`, `putenv/2`, `unsetenv/1`), `getpid/0` and `cmd/1,2`.
//! (`os:type/0` is in `system.rs`; `timestamp`, `system_time` and `perf_counter` in `time.rs`.)
//!
//! Environment variables are bytes, not necessarily UTF-8: names and values are read as bytes
//! and given back as OTP does with the UTF-8 file name encoding, as characters when they are
//! UTF-8 and as a list of bytes otherwise. Names are strings; one holding `=` or NUL is
//! `badarg`, as in OTP. `os:cmd` runs `/bin/sh` natively; WASI cannot start processes, so there
//! it raises `error:enotsup`. `os:getpid()` is "1" on WASI, which has no process ids.

use crate::code::native::Ctx;
use crate::natives::binaries::build_byte_list;
use crate::natives::registry::BifEntry;
use crate::platform::files;
use crate::processes::process_table;
use crate::processes::signal::Signal;
use crate::scheduling::select;
use crate::terms::atom;
use crate::terms::copy::Copied;
use crate::terms::exception::{BifResult, Exception};
use crate::terms::heap::Arena;
use crate::terms::heap::{words, Alloc};
use crate::terms::map;
use crate::terms::reference::{build_ref, next_ref_number, REF_WORDS};
use crate::terms::term::Term;
use crate::terms::text::{build_char_list, char_list};

/// Bytes as OTP shows a name in the UTF-8 file name encoding: characters when valid UTF-8,
/// else the bytes themselves.
fn text_words(bytes: &[u8]) -> usize {
    match std::str::from_utf8(bytes) {
        Ok(s) => words::list(s.chars().count()),
        Err(_) => words::list(bytes.len()),
    }
}

fn build_text<A: Alloc + ?Sized>(r: &mut A, bytes: &[u8]) -> Term {
    match std::str::from_utf8(bytes) {
        Ok(s) => build_char_list(r, s),
        Err(_) => build_byte_list(r, bytes, Term::NIL),
    }
}

/// A string argument; `badarg` for anything else or a NUL in it.
fn string_arg(t: Term) -> Result<String, Exception> {
    let s: String = char_list(t)
        .ok_or_else(Exception::badarg)?
        .into_iter()
        .collect();
    if s.contains('\0') {
        return Err(Exception::badarg());
    }
    Ok(s)
}

/// A variable's name: `badarg` with `=` in it.
fn name_arg(t: Term) -> Result<String, Exception> {
    let name = string_arg(t)?;
    if name.contains('=') {
        return Err(Exception::badarg());
    }
    Ok(name)
}

/// The value of the variable named `args[0]`, if it is set.
fn lookup(t: Term) -> Result<Option<Vec<u8>>, Exception> {
    let name = name_arg(t)?;
    if name.is_empty() {
        return Ok(None);
    }
    Ok(std::env::var_os(name).map(|v| v.as_encoded_bytes().to_vec()))
}

fn give_text(ctx: &mut Ctx, args: &mut [Term], bytes: &[u8]) -> BifResult {
    let mut r = ctx.reserve(text_words(bytes), args);
    Ok(build_text(&mut r, bytes))
}

/// `os:getenv(Name)`: the value as a string, or `false`.
fn getenv_1(ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    match lookup(args[0])? {
        Some(v) => give_text(ctx, args, &v),
        None => Ok(Term::atom(atom::FALSE)),
    }
}

/// `os:getenv(Name, Default)`.
fn getenv_2(ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    match lookup(args[0])? {
        Some(v) => give_text(ctx, args, &v),
        None => Ok(args[1]),
    }
}

/// `os:getenv()`: every variable as a `"NAME=VALUE"` string.
fn getenv_0(ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    let vars: Vec<Vec<u8>> = std::env::vars_os()
        .map(|(k, v)| [k.as_encoded_bytes(), b"=", v.as_encoded_bytes()].concat())
        .collect();
    let need = vars.iter().map(|v| text_words(v)).sum::<usize>() + words::list(vars.len());
    let mut r = ctx.reserve(need, args);
    let items: Vec<Term> = vars.iter().map(|v| build_text(&mut r, v)).collect();
    Ok(r.list_from(&items, Term::NIL))
}

/// `os:putenv(Name, Value)`: `true`. An empty name sets nothing, as in OTP.
fn putenv(_ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    let name = name_arg(args[0])?;
    let value = string_arg(args[1])?;
    if !name.is_empty() {
        std::env::set_var(name, value);
    }
    Ok(Term::atom(atom::TRUE))
}

/// `os:unsetenv(Name)`: `true`.
fn unsetenv(_ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    let name = name_arg(args[0])?;
    if !name.is_empty() {
        std::env::remove_var(name);
    }
    Ok(Term::atom(atom::TRUE))
}

/// `os:getpid()`: the OS process id as a string.
fn getpid(ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    let pid = files::os_pid().unwrap_or(1).to_string();
    crate::natives::results::make_char_list(ctx, args, &pid)
}

/// The command of `os:cmd`: an atom or a flat string (`badarg` otherwise, as OTP).
fn command_arg(t: Term) -> Result<Vec<u8>, Exception> {
    if let Some(a) = t.as_atom() {
        return Ok(atom::name(a).to_vec());
    }
    Ok(string_arg(t)?.into_bytes())
}

/// `os:'$cmd_start'(Command, Options)`, behind `os:cmd/1,2` (estdlib's `os.erl`): starts the
/// command on a thread of its own and returns a reference; the caller then receives
/// `{Ref, {ok, Text}}` (what the command wrote, stdout and stderr, as characters when it is
/// UTF-8 and bytes otherwise, cut at `max_size`) or `{Ref, {error, Reason}}` (`enotsup` on
/// WASI), so no scheduler waits for the command.
fn cmd_start(ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    let command = command_arg(args[0])?;
    if !map::is_map(args[1]) {
        return Err(Exception::badarg());
    }
    let mut max = None;
    for (k, v) in map::pairs(args[1]) {
        match k.as_atom().map(atom::name) {
            Some(b"max_size") if v.as_atom().map(atom::name) == Some(b"infinity") => max = None,
            Some(b"max_size") => {
                let n = v
                    .as_small()
                    .filter(|&n| n >= 0)
                    .ok_or_else(Exception::badarg)?;
                max = Some(n as usize);
            }
            _ => return Err(Exception::badarg()),
        }
    }
    let n = next_ref_number();
    let to = ctx.proc.pid;
    select::outside_begin();
    files::cmd_output_then(command, move |result| {
        let reply = match result {
            Ok(mut out) => {
                if let Some(max) = max {
                    out.truncate(max);
                }
                Ok(out)
            }
            Err(e) => Err(atom::intern_str(if e == files::errno::EAGAIN {
                "eagain"
            } else {
                "enotsup"
            })),
        };
        let need =
            REF_WORDS + words::tuple(2) * 2 + reply.as_ref().map_or(0, |out| text_words(out));
        let mut arena = Arena::with_words(need);
        let r = build_ref(&mut arena, n);
        let status = match reply {
            Ok(out) => {
                let text = build_text(&mut arena, &out);
                arena.tuple(&[Term::atom(atom::OK), text])
            }
            Err(reason) => arena.tuple(&[Term::atom(atom::ERROR), Term::atom(reason)]),
        };
        let msg = arena.tuple(&[r, status]);
        // A caller that is gone meanwhile simply gets nothing.
        let _ = process_table::send_signal(to, Signal::Message(Copied { term: msg, arena }));
        select::outside_end();
    });
    let mut r = ctx.reserve(REF_WORDS, args);
    Ok(build_ref(&mut r, n))
}

const fn os(function: &'static str, arity: u32, f: crate::code::native::BifFn) -> BifEntry {
    BifEntry::new("os", function, arity, f)
}

pub const BIFS: &[BifEntry] = &[
    os("getenv", 0, getenv_0),
    os("getenv", 1, getenv_1),
    os("getenv", 2, getenv_2),
    os("putenv", 2, putenv),
    os("unsetenv", 1, unsetenv),
    os("getpid", 0, getpid),
    os("$cmd_start", 2, cmd_start),
];
