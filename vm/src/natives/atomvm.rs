//! The `atomvm` module's native functions that eavmlib's users call: entropy, bundled
//! private files, and packs of code added and closed at run time. (`atomvm:platform/0` lives
//! with the system BIFs.)

use crate::code::code_server;
use crate::natives::results::make_binary;
use crate::natives::results::make_i128;
use crate::terms::text::char_list;

use crate::code::native::Ctx;
use crate::natives::registry::BifEntry;
use crate::platform;
use crate::terms::exception::{BifResult, Exception};
use crate::terms::term::Term;

/// Largest `rand_bytes/1` request: a binary the VM can make in one go.
const MAX_RAND_BYTES: usize = 1 << 24;

/// `atomvm:random/0`: a random unsigned 32-bit integer.
fn random(ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    let mut b = [0u8; 4];
    platform::get().random_bytes(&mut b);
    make_i128(ctx, args, u32::from_le_bytes(b) as i128)
}

/// `atomvm:rand_bytes(N)`: a binary of N random bytes.
fn rand_bytes(ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    let n = args[0]
        .as_small()
        .filter(|&n| n >= 0 && (n as usize) <= MAX_RAND_BYTES)
        .ok_or_else(Exception::badarg)? as usize;
    let mut bytes = vec![0u8; n];
    platform::get().random_bytes(&mut bytes);
    make_binary(ctx, args, &bytes)
}

/// The bundle data section `App/Dir/Path` (App an atom, Path a string) as a binary, or
/// `undefined` when no loaded bundle has it.
fn read_data(ctx: &mut Ctx, args: &mut [Term], dir: &str) -> BifResult {
    let app = args[0].as_atom().ok_or_else(Exception::badarg)?;
    let path: String = char_list(args[1])
        .ok_or_else(Exception::badarg)?
        .into_iter()
        .collect();
    let name = format!("{}/{dir}/{}", crate::terms::atom::name_str(app), path);
    match code_server::data(&name) {
        Some(bytes) => make_binary(ctx, args, bytes),
        None => Ok(Term::atom(crate::terms::atom::UNDEFINED)),
    }
}

/// `atomvm:read_priv(App, Path)`: the data section `App/priv/Path`.
fn read_priv(ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    read_data(ctx, args, "priv")
}

/// `atomvm:read_ebin(App, File)`: the data section `App/ebin/File`, where a bundle carries an
/// application's resource file (`App.app`) for `application:load/1`.
fn read_ebin(ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    read_data(ctx, args, "ebin")
}

/// The `{name, Name}` of a pack's options (a proper list), if given.
fn pack_name(options: Term) -> Result<Option<crate::terms::term::Atom>, Exception> {
    let mut name = None;
    let mut t = options;
    while let Some((head, tail)) = t.as_cons() {
        if let Some([key, value]) = head.as_tuple().and_then(|e| <[Term; 2]>::try_from(e).ok()) {
            if key == Term::atom(crate::terms::atom::intern_str("name")) {
                name = Some(value.as_atom().ok_or_else(Exception::badarg)?);
            }
        }
        t = tail;
    }
    if !t.is_nil() {
        return Err(Exception::badarg());
    }
    Ok(name)
}

/// Offer every module of the bundle `bytes` (kept for the life of the VM) for loading on first
/// call, after what is loaded already; a data section becomes readable with `read_priv/2`.
/// A malformed bundle raises `badarg` and adds nothing.
fn add_pack(bytes: Vec<u8>, origin: &str, pack: Option<crate::terms::term::Atom>) -> BifResult {
    let bytes: &'static [u8] = Box::leak(bytes.into_boxed_slice());
    let sections = crate::code::avm::sections(bytes).map_err(|_| Exception::badarg())?;
    for s in sections {
        if s.is_beam() {
            let module_name = s.name.strip_suffix(".beam").unwrap_or(s.name);
            let Ok(module) = crate::terms::atom::intern(module_name.as_bytes()) else {
                continue;
            };
            code_server::offer_in_pack(module, format!("{}:{}", origin, s.name), s.data, pack);
        } else {
            code_server::offer_data(s.name, s.data);
        }
    }
    Ok(Term::atom(crate::terms::atom::OK))
}

/// `atomvm:add_avm_pack_binary(Bundle, Options)`: `ok`; Options may name the pack
/// (`{name, Name}`) so that `close_avm_pack/2` can close it.
fn add_avm_pack_binary(_ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    let bytes = crate::terms::binary::bytes_of(args[0]).ok_or_else(Exception::badarg)?;
    let pack = pack_name(args[1])?;
    let origin = pack.map_or("binary", crate::terms::atom::name_str);
    add_pack(bytes.to_vec(), origin, pack)
}

/// `atomvm:add_avm_pack_file(Path, Options)`: as `add_avm_pack_binary/2` with the bundle read
/// from a file; an unreadable file raises `badarg`.
fn add_avm_pack_file(_ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    let path: String = char_list(args[0])
        .ok_or_else(Exception::badarg)?
        .into_iter()
        .collect();
    let pack = pack_name(args[1])?;
    let bytes = std::fs::read(&path).map_err(|_| Exception::badarg())?;
    add_pack(bytes, &path, pack)
}

/// `atomvm:close_avm_pack(Name, Options)`: `ok`, or `error` when no pack has that name or one
/// of its modules is loaded.
fn close_avm_pack(_ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    let name = args[0].as_atom().ok_or_else(Exception::badarg)?;
    Ok(match code_server::close_pack(name) {
        Ok(()) => Term::atom(crate::terms::atom::OK),
        Err(_) => Term::atom(crate::terms::atom::ERROR),
    })
}

pub const BIFS: &[BifEntry] = &[
    BifEntry::new("atomvm", "add_avm_pack_binary", 2, add_avm_pack_binary),
    BifEntry::new("atomvm", "add_avm_pack_file", 2, add_avm_pack_file),
    BifEntry::new("atomvm", "close_avm_pack", 2, close_avm_pack),
    BifEntry::new("atomvm", "random", 0, random),
    BifEntry::new("atomvm", "rand_bytes", 1, rand_bytes),
    BifEntry::new("atomvm", "read_priv", 2, read_priv),
    BifEntry::new("atomvm", "read_ebin", 2, read_ebin),
];
