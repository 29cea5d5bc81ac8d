//! What the VM says about itself and its host: `erlang:system_info/1`, `erlang:memory/0,1`,
//! `display/1`, `display_string/1`, `display_nl/0`, and `os:type/0` (the rest of `os` is in `os.rs`).

use crate::code::native::Ctx;
use crate::natives::registry::BifEntry;
use crate::natives::results::make_char_list;
use crate::natives::results::make_i128;
use crate::platform;
use crate::platform::memory;
use crate::processes::process_table;
use crate::scheduling::scheduler;
use crate::terms::atom;
use crate::terms::bignum;
use crate::terms::exception::{BifResult, Exception};
use crate::terms::heap::{words, Alloc};
use crate::terms::term::{Term, WORD_BYTES};
use crate::terms::text::char_list;

/// The OTP release whose compiler output and semantics this VM follows.
const OTP_RELEASE: &str = "29";

fn system_info(ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    let item = args[0].as_atom().ok_or_else(Exception::badarg)?;
    let int = |v: usize| Ok::<_, Exception>(v as i128);
    let value = match atom::name(item) {
        b"wordsize" => int(WORD_BYTES)?,
        b"process_count" => int(process_table::count())?,
        b"process_limit" => int(process_table::MAX_ID)?,
        b"atom_count" => int(atom::count())?,
        b"atom_limit" => int(atom::ATOM_LIMIT)?,
        b"schedulers" | b"schedulers_online" => int(scheduler::schedulers())?,
        b"smp_support" | b"threads" => return Ok(Term::boolean(true)),
        b"endian" if cfg!(target_endian = "little") => return Ok(Term::atom(atom::LITTLE)),
        b"endian" => return Ok(Term::atom(atom::BIG)),
        b"machine" => return make_char_list(ctx, args, "ATOM"),
        // An interpreter: OTP says `emu` when it runs without its JIT.
        b"emu_flavor" => return Ok(Term::atom(atom::intern_str("emu"))),
        // AtomVM's item: bytes in a float (64-bit doubles on every target).
        b"avm_floatsize" => int(8)?,
        // No ports: every native object is a resource (design: Resources).
        b"port_count" => int(0)?,
        b"port_limit" => int(65536)?,
        b"system_version" => {
            let text = format!(
                "AtomVM for WASI {} [{}] [smp:{}] [emu]\n",
                env!("CARGO_PKG_VERSION"),
                platform::get().system_architecture(),
                scheduler::schedulers()
            );
            return make_char_list(ctx, args, &text);
        }
        b"otp_release" => return make_char_list(ctx, args, OTP_RELEASE),
        b"version" => return make_char_list(ctx, args, env!("CARGO_PKG_VERSION")),
        b"system_architecture" => {
            let arch = platform::get().system_architecture().to_string();
            return make_char_list(ctx, args, &arch);
        }
        _ => return Err(Exception::badarg()),
    };
    make_i128(ctx, args, value)
}

/// The memory kinds `erlang:memory/0` lists, in OTP's order, each with its byte count.
fn memory_kinds(ctx: &Ctx) -> Vec<(&'static str, usize)> {
    let processes = process_table::memory_bytes(ctx.proc.pid, ctx.proc.memory_bytes());
    let atoms = atom::memory_bytes();
    // Without the counting allocator (an embedder's own binary), the total is what we can see.
    let total = memory::allocated_bytes()
        .unwrap_or(processes + atoms)
        .max(processes + atoms);
    vec![
        ("total", total),
        ("processes", processes),
        ("processes_used", processes),
        ("system", total - processes),
        ("atom", atoms),
        ("atom_used", atoms),
        ("ets", crate::natives::ets::memory_bytes()),
    ]
}

fn memory_0(ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    let kinds = memory_kinds(ctx);
    let atoms: Vec<Term> = kinds
        .iter()
        .map(|(name, _)| Term::atom(atom::intern_str(name)))
        .collect();
    let need: usize = kinds
        .iter()
        .map(|&(_, n)| words::list(1) + words::tuple(2) + bignum::words_for_i128(n as i128))
        .sum();
    let mut r = ctx.reserve(need, args);
    let mut list = Term::NIL;
    for (i, &(_, n)) in kinds.iter().enumerate().rev() {
        let value = match bignum::words_for_i128(n as i128) {
            0 => Term::small(n as isize),
            _ => bignum::build_i128(&mut r, n as i128),
        };
        let pair = r.tuple(&[atoms[i], value]);
        list = r.cons(pair, list);
    }
    Ok(list)
}

fn memory_1(ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    let kind = args[0].as_atom().ok_or_else(Exception::badarg)?;
    let kinds = memory_kinds(ctx);
    let name = atom::name(kind);
    match kinds.iter().find(|(k, _)| k.as_bytes() == name) {
        Some(&(_, n)) => make_i128(ctx, args, n as i128),
        None => Err(Exception::badarg()),
    }
}

/// `erlang:display/1`: the term as OTP's display writes it, and a newline, on stdout.
fn display(_ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    let mut text = crate::terms::print::display_term(args[0]);
    text.push('\n');
    // Code points 160..255 go out as latin-1 bytes, as OTP's display does.
    let bytes: Vec<u8> = text
        .chars()
        .flat_map(|c| {
            let mut b = [0u8; 4];
            if (c as u32) < 256 {
                vec![c as u32 as u8]
            } else {
                c.encode_utf8(&mut b).as_bytes().to_vec()
            }
        })
        .collect();
    platform::get().write_stdout(&bytes);
    Ok(Term::atom(atom::TRUE))
}

/// `erlang:display_string/1`: the characters of a string on stderr, as OTP 25 writes them
/// (UTF-8), unformatted.
fn display_string(_ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    let text: String = char_list(args[0])
        .ok_or_else(Exception::badarg)?
        .into_iter()
        .collect();
    platform::get().write_stderr(text.as_bytes());
    Ok(Term::atom(atom::TRUE))
}

/// `erlang:display_string(Device, String)` (OTP 27): `stdout` or `stderr`; the string is a
/// character list or a binary (written as its bytes).
fn display_string2(_ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    let to_stdout = match args[0].as_atom().map(atom::name) {
        Some(b"stdout") => true,
        Some(b"stderr") => false,
        _ => return Err(Exception::badarg()),
    };
    let bytes: Vec<u8> = match crate::terms::binary::bytes_of(args[1]) {
        Some(b) => b.to_vec(),
        None => char_list(args[1])
            .ok_or_else(Exception::badarg)?
            .into_iter()
            .collect::<String>()
            .into_bytes(),
    };
    if to_stdout {
        platform::get().write_stdout(&bytes);
    } else {
        platform::get().write_stderr(&bytes);
    }
    Ok(Term::atom(atom::TRUE))
}

/// `erlang:display_nl/0`: a newline on stderr.
fn display_nl(_ctx: &mut Ctx, _args: &mut [Term]) -> BifResult {
    platform::get().write_stderr(b"\n");
    Ok(Term::atom(atom::TRUE))
}

/// `atomvm:platform/0`: the platform's name (`generic_unix`, `wasi`, ...).
fn atomvm_platform(_ctx: &mut Ctx, _args: &mut [Term]) -> BifResult {
    Ok(Term::atom(atom::intern_str(
        platform::get().platform_name(),
    )))
}

/// `os:type()`: `{unix, linux}` natively (the OS name), `{unix, wasi}` under WASI, whose paths
/// and conventions are POSIX-like.
fn os_type(ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    let name = crate::platform::OS_NAME;
    let mut r = ctx.reserve(words::tuple(2), args);
    Ok(r.tuple(&[
        Term::atom(atom::intern_str("unix")),
        Term::atom(atom::intern_str(name)),
    ]))
}

const fn os(function: &'static str, arity: u32, f: crate::code::native::BifFn) -> BifEntry {
    BifEntry::new("os", function, arity, f)
}

pub const BIFS: &[BifEntry] = &[
    os("type", 0, os_type),
    BifEntry::erlang("display", 1, display),
    BifEntry::erlang("display_string", 1, display_string),
    BifEntry::erlang("display_string", 2, display_string2),
    BifEntry::erlang("display_nl", 0, display_nl),
    BifEntry::new("atomvm", "platform", 0, atomvm_platform),
    BifEntry::new("erlang", "system_info", 1, system_info),
    BifEntry::new("erlang", "memory", 0, memory_0),
    BifEntry::new("erlang", "memory", 1, memory_1),
];
