//! The `atomvm` module's native functions that eavmlib's users call: entropy and bundled
//! private files. (`atomvm:platform/0` lives with the system BIFs.)

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

pub const BIFS: &[BifEntry] = &[
    BifEntry::new("atomvm", "random", 0, random),
    BifEntry::new("atomvm", "rand_bytes", 1, rand_bytes),
    BifEntry::new("atomvm", "read_priv", 2, read_priv),
    BifEntry::new("atomvm", "read_ebin", 2, read_ebin),
];
