//! The native primitives behind the Erlang io server (`atomvm_io_server` in estdlib): raw
//! writes of bytes to stdout and reads from stdin, plus the `*_to_list` BIFs that `io_lib`
//! needs to write pids, references, ports and funs (and `list_to_pid`, `list_to_port`,
//! `list_to_ref`, which read them back).

use crate::code::native::Ctx;
use crate::natives::binaries::{iolist_bits, IoMode};
use crate::natives::registry::BifEntry;
use crate::natives::results::make_binary;
use crate::platform;
use crate::terms::atom;
use crate::terms::exception::{BifResult, Exception};
use crate::terms::heap::{words, Alloc};
use crate::terms::term::Term;

/// `atomvm:stdout_write(IoData)`: the bytes, as they are, on stdout; `ok`.
fn stdout_write(_ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    let buf = iolist_bits(args[0], IoMode::Binary).ok_or_else(Exception::badarg)?;
    if !buf.bits.is_multiple_of(8) {
        return Err(Exception::badarg());
    }
    platform::get().write_stdout(&buf.bytes);
    Ok(Term::atom(atom::OK))
}

/// `atomvm:stderr_write(IoData)`: the bytes on stderr; `ok`.
fn stderr_write(_ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    let buf = iolist_bits(args[0], IoMode::Binary).ok_or_else(Exception::badarg)?;
    if !buf.bits.is_multiple_of(8) {
        return Err(Exception::badarg());
    }
    platform::get().write_stderr(&buf.bytes);
    Ok(Term::atom(atom::OK))
}

/// `atomvm:stdin_read_line()`: the next line of stdin as a binary (newline included), or `eof`.
/// Blocks this scheduler until the line is there (documented limitation).
fn stdin_read_line(ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    match platform::get().read_stdin_line() {
        Some(bytes) => make_binary(ctx, args, &bytes),
        None => Ok(Term::atom(atom::intern_str("eof"))),
    }
}

/// `atomvm:stdin_select(Ref)`: `ready` when stdin can be read now without waiting; otherwise
/// `ok`, and the caller receives `{'$socket', _, select, Ref}` once it can (the scheduler polls
/// stdin with the sockets, so waiting for input stops no other process). Where stdin cannot be
/// polled, always `ready`: the read then waits, holding one scheduler.
fn stdin_select(ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    let reference = crate::terms::reference::ref_number(args[0]).ok_or_else(Exception::badarg)?;
    let p = platform::get();
    if !p.has_stdin() || !p.can_poll_stdin() || crate::platform::readable_now(0) {
        return Ok(Term::atom(atom::intern_str("ready")));
    }
    let stdin = crate::scheduling::select::STDIN;
    crate::scheduling::select::arm(
        0,
        crate::scheduling::select::Mode::Read,
        ctx.proc.pid,
        stdin,
        reference,
    );
    Ok(Term::atom(atom::OK))
}

/// `atomvm:stdin_read_available()`: the bytes stdin has now (after `stdin_select` said so), or
/// `eof`.
fn stdin_read_available(ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    match platform::get().read_stdin_available(64 * 1024) {
        Some(bytes) => make_binary(ctx, args, &bytes),
        None => Ok(Term::atom(atom::intern_str("eof"))),
    }
}

/// `atomvm:stdin_read(N)`: up to N bytes of stdin (fewer only at its end), or `eof`.
fn stdin_read(ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    let n = args[0]
        .as_small()
        .and_then(|n| usize::try_from(n).ok())
        .filter(|&n| n <= 1 << 24)
        .ok_or_else(Exception::badarg)?;
    if n == 0 {
        return make_binary(ctx, args, &[]);
    }
    match platform::get().read_stdin(n) {
        Some(bytes) => make_binary(ctx, args, &bytes),
        None => Ok(Term::atom(atom::intern_str("eof"))),
    }
}

fn text_list(ctx: &mut Ctx, args: &mut [Term], text: &str) -> BifResult {
    let chars: Vec<char> = text.chars().collect();
    let mut r = ctx.reserve(words::list(chars.len()), args);
    Ok(chars
        .iter()
        .rev()
        .fold(Term::NIL, |tail, &c| r.cons(Term::small(c as isize), tail)))
}

fn to_list_if(ctx: &mut Ctx, args: &mut [Term], ok: bool) -> BifResult {
    if !ok {
        return Err(Exception::badarg());
    }
    let text = crate::terms::print::print_term(args[0]);
    text_list(ctx, args, &text)
}

fn pid_to_list(ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    let ok = args[0].is_pid();
    to_list_if(ctx, args, ok)
}

/// The number N of `text` = `prefix` N `suffix` (decimal digits, at most `max`).
fn number_between(text: &str, prefix: &str, suffix: &str, max: u64) -> Option<u64> {
    text.strip_prefix(prefix)
        .and_then(|r| r.strip_suffix(suffix))
        .filter(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
        .and_then(|n| n.parse::<u64>().ok())
        .filter(|&n| n <= max)
}

/// The `list_to_*` BIFs read back what `*_to_list` writes, on this node.
fn text_number(t: Term, prefix: &str, suffix: &str, max: u64) -> Result<u64, Exception> {
    let text: String = crate::terms::text::char_list(t)
        .ok_or_else(Exception::badarg)?
        .into_iter()
        .collect();
    number_between(&text, prefix, suffix, max).ok_or_else(Exception::badarg)
}

/// `list_to_pid("<0.N.0>")`: the local pid N (this VM's pids have serial 0 on node 0).
fn list_to_pid(_ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    let id = text_number(
        args[0],
        "<0.",
        ".0>",
        crate::processes::process_table::MAX_ID as u64,
    )?;
    Ok(Term::pid(id as usize))
}

/// `list_to_port("#Port<0.N>")`.
fn list_to_port(_ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    let id = text_number(
        args[0],
        "#Port<0.",
        ">",
        crate::processes::process_table::MAX_ID as u64,
    )?;
    Ok(Term::port(id as usize))
}

/// `list_to_ref("#Ref<0.0.0.N>")`: the reference numbered N.
fn list_to_ref(ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    let n = text_number(args[0], "#Ref<0.0.0.", ">", u64::MAX)?;
    let mut r = ctx.reserve(crate::terms::reference::REF_WORDS, args);
    Ok(crate::terms::reference::build_ref(&mut r, n))
}

fn port_to_list(ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    let ok = args[0].is_port();
    to_list_if(ctx, args, ok)
}

fn ref_to_list(ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    let ok = args[0].is_reference();
    to_list_if(ctx, args, ok)
}

fn fun_to_list(ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    let ok = args[0].is_function();
    to_list_if(ctx, args, ok)
}

const fn avm(function: &'static str, arity: u32, f: crate::code::native::BifFn) -> BifEntry {
    BifEntry::new("atomvm", function, arity, f)
}

pub const BIFS: &[BifEntry] = &[
    avm("stdout_write", 1, stdout_write),
    avm("stderr_write", 1, stderr_write),
    avm("stdin_read_line", 0, stdin_read_line),
    avm("stdin_read", 1, stdin_read),
    avm("stdin_select", 1, stdin_select),
    avm("stdin_read_available", 0, stdin_read_available),
    BifEntry::erlang("pid_to_list", 1, pid_to_list),
    BifEntry::erlang("list_to_pid", 1, list_to_pid),
    BifEntry::erlang("list_to_port", 1, list_to_port),
    BifEntry::erlang("list_to_ref", 1, list_to_ref),
    BifEntry::erlang("port_to_list", 1, port_to_list),
    BifEntry::erlang("ref_to_list", 1, ref_to_list),
    BifEntry::erlang("fun_to_list", 1, fun_to_list),
];
