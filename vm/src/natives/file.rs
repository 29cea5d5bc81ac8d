//! The file primitives behind estdlib's `file` module (module `atomvm_file`, as OTP's `file`
//! sits on the `prim_file` NIFs). Paths arrive as binaries (`file.erl` encodes names); results
//! are `ok`, `{ok, Value}` or `{error, Posix}` with OTP's POSIX names, and the few errors OTP
//! renames (a non-empty directory is `eexist`, deleting a directory `eperm`).
//!
//! An open raw file is a resource (`resource.rs`) owned by the process that opened it: its exit
//! closes the file. Erlang sees the handle as a reference, which `file.erl` wraps in OTP's
//! `#file_descriptor{}`. Reads go through a read-ahead buffer (so `read_line` need not read a
//! byte at a time); any other operation first gives the unread part back to the OS position.
//! Locking rule: one user of a file at a time, under its resource lock.

use crate::code::native::Ctx;
use crate::natives::binaries::{iolist_bits, IoMode};
use crate::natives::registry::BifEntry;
use crate::natives::resource::ResourceTable;
use crate::platform::files::{self, errno, Errno, FileInfo, FileKind};
use crate::terms::atom;
use crate::terms::bignum;
use crate::terms::binary::{bitstring_words, build_bitstring, bytes_of, MAX_BYTES};
use crate::terms::copy;
use crate::terms::exception::{BifResult, Exception};
use crate::terms::heap::{words, Alloc, Arena};
use crate::terms::reference::{build_ref, ref_number};
use crate::terms::term::Term;
use std::fs::File;
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

/// How much a read-ahead asks the OS for at once.
const READ_AHEAD: usize = 64 * 1024;

struct OpenFile {
    file: File,
    /// The process that opened it: only it may use the file (as OTP's raw files).
    owner: Term,
    /// What it was opened for: the other operations are `ebadf` (hosts differ in how they say it).
    readable: bool,
    writable: bool,
    /// Bytes read ahead from the OS and not yet given out: `ahead[at..]`.
    ahead: Vec<u8>,
    at: usize,
}

impl OpenFile {
    /// Move the OS position back over what was read ahead and not used.
    fn unread(&mut self) -> std::io::Result<()> {
        let left = (self.ahead.len() - self.at) as i64;
        self.ahead.clear();
        self.at = 0;
        if left > 0 {
            self.file.seek(SeekFrom::Current(-left))?;
        }
        Ok(())
    }

    /// Read ahead if nothing is buffered; false at the end of the file.
    fn fill(&mut self) -> std::io::Result<bool> {
        if self.at < self.ahead.len() {
            return Ok(true);
        }
        self.ahead.resize(READ_AHEAD, 0);
        self.at = 0;
        let n = loop {
            match self.file.read(&mut self.ahead) {
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                r => break r,
            }
        };
        let n = n.inspect_err(|_| self.ahead.clear())?;
        self.ahead.truncate(n);
        Ok(n > 0)
    }

    /// Up to `n` bytes (fewer only at the end of the file).
    fn read(&mut self, n: usize) -> std::io::Result<Vec<u8>> {
        let mut out = Vec::new();
        while out.len() < n && self.fill()? {
            let take = (n - out.len()).min(self.ahead.len() - self.at);
            out.extend_from_slice(&self.ahead[self.at..self.at + take]);
            self.at += take;
        }
        Ok(out)
    }

    /// The next line, its `\n` included (a `\r\n` ending becomes `\n`, as in OTP); None at the end.
    fn read_line(&mut self) -> std::io::Result<Option<Vec<u8>>> {
        let mut line = Vec::new();
        while self.fill()? {
            let rest = &self.ahead[self.at..];
            match rest.iter().position(|&b| b == b'\n') {
                Some(i) => {
                    line.extend_from_slice(&rest[..=i]);
                    self.at += i + 1;
                    if line.ends_with(b"\r\n") {
                        line.remove(line.len() - 2);
                    }
                    return Ok(Some(line));
                }
                None => {
                    line.extend_from_slice(rest);
                    self.at = self.ahead.len();
                }
            }
        }
        Ok((!line.is_empty()).then_some(line))
    }
}

/// Every open raw file, with its owner.
static FILES: ResourceTable<OpenFile> = ResourceTable::new();

/// A process exited: close the files it owned.
pub fn owner_exited(pid: Term) {
    drop(FILES.take_owned(pid));
}

// ---- results ----

/// What a primitive answers, described before anything is built.
enum Reply {
    Ok,
    Bytes(Vec<u8>),
    Eof,
    Int(i128),
    Handle(u64),
    Names(Vec<Vec<u8>>),
    Info(Box<FileInfo>),
    Error(Errno),
    /// An error OTP names differently from the errno (`eexist` for a non-empty directory).
    Named(&'static str),
}

impl From<Result<(), Errno>> for Reply {
    fn from(r: Result<(), Errno>) -> Reply {
        r.map_or_else(Reply::Error, |()| Reply::Ok)
    }
}

fn io_err(e: std::io::Error) -> Errno {
    files::errno_of(&e)
}

fn a(name: &str) -> Term {
    Term::atom(atom::intern_str(name))
}

fn int<A: Alloc + ?Sized>(al: &mut A, v: i128) -> Term {
    bignum::build_i128(al, v)
}

fn build_info<A: Alloc + ?Sized>(al: &mut A, i: &FileInfo) -> Term {
    let kind = match i.kind {
        FileKind::Regular => "regular",
        FileKind::Directory => "directory",
        FileKind::Symlink => "symlink",
        FileKind::Device => "device",
        FileKind::Other => "other",
    };
    let access = match (i.readable, i.writable) {
        (true, true) => "read_write",
        (true, false) => "read",
        (false, true) => "write",
        (false, false) => "none",
    };
    let fields = [
        int(al, i.size as i128),
        a(kind),
        a(access),
        int(al, i.atime as i128),
        int(al, i.mtime as i128),
        int(al, i.ctime as i128),
        int(al, i.mode as i128),
        int(al, i.links as i128),
        int(al, i.major_device as i128),
        int(al, i.minor_device as i128),
        int(al, i.inode as i128),
        int(al, i.uid as i128),
        int(al, i.gid as i128),
    ];
    al.tuple(&fields)
}

/// Put `reply` on the caller's heap.
fn give(ctx: &mut Ctx, args: &mut [Term], reply: Reply) -> BifResult {
    match reply {
        Reply::Ok => Ok(Term::atom(atom::OK)),
        Reply::Eof => Ok(a("eof")),
        Reply::Bytes(b) => {
            if b.len() > MAX_BYTES {
                return Err(Exception::system_limit());
            }
            let mut r = ctx.reserve(words::tuple(2) + bitstring_words(b.len() * 8), args);
            let bin = build_bitstring(&mut r, &b, b.len() * 8);
            Ok(r.tuple(&[Term::atom(atom::OK), bin]))
        }
        reply => {
            let mut arena = Arena::new();
            let value = match &reply {
                Reply::Int(n) => int(&mut arena, *n),
                Reply::Handle(id) => build_ref(&mut arena, *id),
                Reply::Names(names) => {
                    let items: Vec<Term> = names.iter().map(|n| arena.heap_binary(n)).collect();
                    arena.list_from(&items, Term::NIL)
                }
                Reply::Info(i) => build_info(&mut arena, i),
                Reply::Error(e) => a(files::errno_name(*e)),
                Reply::Named(n) => a(n),
                _ => Term::NIL,
            };
            let tag = match reply {
                Reply::Error(_) | Reply::Named(_) => atom::ERROR,
                _ => atom::OK,
            };
            let t = arena.tuple(&[Term::atom(tag), value]);
            let need = copy::size(t, &arena);
            let mut r = ctx.reserve(need, args);
            Ok(copy::copy_into(&mut r, t, &arena))
        }
    }
}

// ---- arguments ----

/// A path given as a binary (`file.erl` encodes names); `{error, badarg}` for a NUL in it, as OTP.
fn path_arg(t: Term) -> Result<Result<PathBuf, Reply>, Exception> {
    let bytes = bytes_of(t).ok_or_else(Exception::badarg)?;
    if bytes.contains(&0) {
        return Ok(Err(Reply::Named("badarg")));
    }
    Ok(files::path_of(&bytes).ok_or(Reply::Error(errno::EINVAL)))
}

/// Run `f` on the path `args[0]` and give its reply.
fn on_path(ctx: &mut Ctx, args: &mut [Term], f: impl FnOnce(&Path) -> Reply) -> BifResult {
    let reply = match path_arg(args[0])? {
        Ok(p) => f(&p),
        Err(r) => r,
    };
    give(ctx, args, reply)
}

/// Run `f` on the paths `args[0]` and `args[1]`.
fn on_paths(ctx: &mut Ctx, args: &mut [Term], f: impl FnOnce(&Path, &Path) -> Reply) -> BifResult {
    let reply = match (path_arg(args[0])?, path_arg(args[1])?) {
        (Ok(p), Ok(q)) => f(&p, &q),
        (Err(r), _) | (_, Err(r)) => r,
    };
    give(ctx, args, reply)
}

/// Run `f` on the open file `args[0]` if it was opened for reading; `ebadf` otherwise.
fn on_readable(
    ctx: &mut Ctx,
    args: &mut [Term],
    f: impl FnOnce(&mut OpenFile) -> Result<Reply, Exception>,
) -> BifResult {
    on_file(ctx, args, |o| match o.readable {
        true => f(o),
        false => Ok(Reply::Error(errno::EBADF)),
    })
}

/// Run `f` on the open file `args[0]` if it was opened for writing; `ebadf` otherwise.
fn on_writable(
    ctx: &mut Ctx,
    args: &mut [Term],
    f: impl FnOnce(&mut OpenFile) -> Result<Reply, Exception>,
) -> BifResult {
    on_file(ctx, args, |o| match o.writable {
        true => f(o),
        false => Ok(Reply::Error(errno::EBADF)),
    })
}

/// Run `f` on the open file `args[0]`; `{error, einval}` once it is closed, as OTP, and
/// `error:not_on_controlling_process` for a caller that did not open it.
fn on_file(
    ctx: &mut Ctx,
    args: &mut [Term],
    f: impl FnOnce(&mut OpenFile) -> Result<Reply, Exception>,
) -> BifResult {
    let id = ref_number(args[0]).ok_or_else(Exception::badarg)?;
    let reply = match FILES.get(id) {
        None => Reply::Error(errno::EINVAL),
        Some(entry) => {
            let mut open = entry.lock();
            if open.owner != ctx.proc.pid {
                return Err(not_owner());
            }
            f(&mut open)?
        }
    };
    give(ctx, args, reply)
}

fn not_owner() -> Exception {
    Exception::error_atom(atom::intern_str("not_on_controlling_process"))
}

fn size_arg(t: Term) -> Result<usize, Exception> {
    t.as_small()
        .filter(|&n| n >= 0)
        .map(|n| n as usize)
        .ok_or_else(Exception::badarg)
}

fn data_arg(t: Term) -> Result<Vec<u8>, Exception> {
    let buf = iolist_bits(t, IoMode::Binary).ok_or_else(Exception::badarg)?;
    if !buf.bits.is_multiple_of(8) {
        return Err(Exception::badarg());
    }
    Ok(buf.bytes)
}

fn opt_int(t: Term) -> Result<Option<i128>, Exception> {
    if t.as_atom() == Some(atom::UNDEFINED) {
        return Ok(None);
    }
    bignum::to_i128(t).map(Some).ok_or_else(Exception::badarg)
}

// ---- whole files and paths ----

fn is_dir(p: &Path) -> bool {
    std::fs::metadata(p).is_ok_and(|m| m.is_dir())
}

/// `read_file(Path)`: `{ok, Binary}`.
fn read_file(ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    on_path(ctx, args, |p| {
        if is_dir(p) {
            return Reply::Error(errno::EISDIR);
        }
        std::fs::read(p).map_or_else(|e| Reply::Error(io_err(e)), Reply::Bytes)
    })
}

/// `open(Path, Read, Write, Append, Exclusive)`: `{ok, Handle}` owned by the caller. Modes as
/// OTP's: `write` alone truncates, `read` with it does not; writing creates the file.
fn open(ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    let flag = |t: Term| t.as_atom() == Some(atom::TRUE);
    let (read, write, append, exclusive) =
        (flag(args[1]), flag(args[2]), flag(args[3]), flag(args[4]));
    let owner = ctx.proc.pid;
    on_path(ctx, args, |p| {
        let write = write || append || exclusive;
        let mut o = std::fs::OpenOptions::new();
        o.read(read || !write)
            .write(write && !append)
            .append(append)
            .create(write)
            .truncate(write && !read && !append)
            .create_new(exclusive);
        match o.open(p) {
            Ok(file) => {
                if file.metadata().is_ok_and(|m| m.is_dir()) {
                    return Reply::Error(errno::EISDIR);
                }
                let f = OpenFile {
                    file,
                    owner,
                    readable: read || !write,
                    writable: write,
                    ahead: Vec::new(),
                    at: 0,
                };
                Reply::Handle(FILES.insert(owner, f))
            }
            Err(e) => Reply::Error(io_err(e)),
        }
    })
}

fn list_dir(ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    on_path(ctx, args, |p| match std::fs::read_dir(p) {
        Ok(entries) => {
            let mut names = Vec::new();
            for e in entries {
                match e {
                    Ok(e) => names.push(files::bytes_of_path(Path::new(&e.file_name()))),
                    Err(e) => return Reply::Error(io_err(e)),
                }
            }
            Reply::Names(names)
        }
        Err(e) => Reply::Error(io_err(e)),
    })
}

fn unit(r: std::io::Result<()>) -> Reply {
    r.map_err(io_err).into()
}

fn make_dir(ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    on_path(ctx, args, |p| unit(std::fs::create_dir(p)))
}

/// `del_dir(Path)`: a directory that is not empty is `eexist`, as OTP says on Unix.
fn del_dir(ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    on_path(ctx, args, |p| {
        match std::fs::remove_dir(p).map_err(io_err) {
            Err(errno::ENOTEMPTY) => Reply::Error(errno::EEXIST),
            r => r.into(),
        }
    })
}

/// `delete(Path)`: a directory is `eperm`, as OTP says on Unix.
fn delete(ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    on_path(ctx, args, |p| {
        if std::fs::symlink_metadata(p).is_ok_and(|m| m.is_dir()) {
            return Reply::Error(errno::EPERM);
        }
        unit(std::fs::remove_file(p))
    })
}

fn rename(ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    on_paths(ctx, args, |p, q| unit(std::fs::rename(p, q)))
}

/// `make_link(Existing, New)`: a hard link.
fn make_link(ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    on_paths(ctx, args, |p, q| unit(std::fs::hard_link(p, q)))
}

/// `make_symlink(Target, New)`.
fn make_symlink(ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    on_paths(ctx, args, |p, q| files::symlink(p, q).into())
}

/// `read_link(Path)`: the target as a binary; `einval` when it is no link.
fn read_link(ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    on_path(ctx, args, |p| match std::fs::read_link(p) {
        Ok(t) => Reply::Bytes(files::bytes_of_path(&t)),
        Err(e) => Reply::Error(io_err(e)),
    })
}

/// `read_info(Path, FollowLinks)`: `{ok, {Size, Type, Access, Atime, Mtime, Ctime, Mode,
/// Links, Major, Minor, Inode, Uid, Gid}}`, times in seconds since the epoch.
fn read_info(ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    let follow = args[1].as_atom() == Some(atom::TRUE);
    on_path(ctx, args, |p| match files::read_info(p, follow) {
        Ok(i) => Reply::Info(Box::new(i)),
        Err(e) => Reply::Error(e),
    })
}

/// `write_info(Path, Mode, Uid, Gid, Atime, Mtime)`, each `undefined` to leave it alone.
fn write_info(ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    let mode = opt_int(args[1])?;
    let uid = opt_int(args[2])?;
    let gid = opt_int(args[3])?;
    let atime = opt_int(args[4])?;
    let mtime = opt_int(args[5])?;
    let to_u32 = |v: Option<i128>| v.map(|n| u32::try_from(n).map_err(|_| Exception::badarg()));
    let mode = to_u32(mode).transpose()?;
    let (uid, gid) = (to_u32(uid).transpose()?, to_u32(gid).transpose()?);
    let to_i64 = |v: Option<i128>| v.map(|n| i64::try_from(n).map_err(|_| Exception::badarg()));
    let (atime, mtime) = (to_i64(atime).transpose()?, to_i64(mtime).transpose()?);
    on_path(ctx, args, |p| {
        let r = (|| {
            if let Some(m) = mode {
                files::set_mode(p, m)?;
            }
            if uid.is_some() || gid.is_some() {
                files::set_owner(p, uid, gid)?;
            }
            if atime.is_some() || mtime.is_some() {
                files::set_times(p, atime, mtime)?;
            }
            Ok(())
        })();
        r.into()
    })
}

fn get_cwd(ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    let reply = match std::env::current_dir() {
        Ok(p) => Reply::Bytes(files::bytes_of_path(&p)),
        Err(e) => Reply::Error(io_err(e)),
    };
    give(ctx, args, reply)
}

fn set_cwd(ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    on_path(ctx, args, |p| unit(std::env::set_current_dir(p)))
}

// ---- open files ----

/// `read(H, N)`: `{ok, Binary}` of up to N bytes, `eof` at the end.
fn read(ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    let n = size_arg(args[1])?;
    on_readable(ctx, args, |f| {
        Ok(match f.read(n) {
            Ok(b) if b.is_empty() && n > 0 => Reply::Eof,
            Ok(b) => Reply::Bytes(b),
            Err(e) => Reply::Error(io_err(e)),
        })
    })
}

fn read_line(ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    on_readable(ctx, args, |f| {
        Ok(match f.read_line() {
            Ok(Some(b)) => Reply::Bytes(b),
            Ok(None) => Reply::Eof,
            Err(e) => Reply::Error(io_err(e)),
        })
    })
}

fn write(ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    let data = data_arg(args[1])?;
    on_writable(ctx, args, |f| {
        Ok(unit(f.unread().and_then(|()| f.file.write_all(&data))))
    })
}

/// Run `op` with the file at `pos`, then put the position back (`pread`/`pwrite` leave it).
fn at_position<T>(
    f: &mut OpenFile,
    pos: u64,
    op: impl FnOnce(&mut OpenFile) -> std::io::Result<T>,
) -> std::io::Result<T> {
    f.unread()?;
    let here = f.file.stream_position()?;
    f.file.seek(SeekFrom::Start(pos))?;
    let r = op(f);
    f.ahead.clear();
    f.at = 0;
    f.file.seek(SeekFrom::Start(here))?;
    r
}

fn pread(ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    let pos = size_arg(args[1])? as u64;
    let n = size_arg(args[2])?;
    on_readable(ctx, args, |f| {
        Ok(match at_position(f, pos, |f| f.read(n)) {
            Ok(b) if b.is_empty() && n > 0 => Reply::Eof,
            Ok(b) => Reply::Bytes(b),
            Err(e) => Reply::Error(io_err(e)),
        })
    })
}

fn pwrite(ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    let pos = size_arg(args[1])? as u64;
    let data = data_arg(args[2])?;
    on_writable(ctx, args, |f| {
        Ok(unit(at_position(f, pos, |f| f.file.write_all(&data))))
    })
}

/// `position(H, From, Offset)`, From one of `bof`, `cur`, `eof`: `{ok, NewPosition}`; a
/// position before the start is `einval`.
fn position(ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    let from = args[1].as_atom().map(atom::name);
    let offset = bignum::to_i128(args[2])
        .and_then(|n| i64::try_from(n).ok())
        .ok_or_else(Exception::badarg)?;
    on_file(ctx, args, |f| {
        let r = (|| {
            f.unread()?;
            let base = match from {
                Some(b"bof") => 0,
                Some(b"cur") => f.file.stream_position()? as i64,
                Some(b"eof") => f.file.metadata()?.len() as i64,
                _ => return Ok(None),
            };
            match base.checked_add(offset) {
                Some(to) if to >= 0 => Ok(Some(f.file.seek(SeekFrom::Start(to as u64))?)),
                _ => Err(std::io::Error::from_raw_os_error(errno::EINVAL)),
            }
        })();
        match r {
            Ok(Some(p)) => Ok(Reply::Int(p as i128)),
            Ok(None) => Err(Exception::badarg()),
            Err(e) => Ok(Reply::Error(io_err(e))),
        }
    })
}

/// `truncate(H)`: the file ends at the current position.
fn truncate(ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    on_writable(ctx, args, |f| {
        let r = f
            .unread()
            .and_then(|()| f.file.stream_position())
            .and_then(|p| f.file.set_len(p));
        Ok(unit(r))
    })
}

fn sync(ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    on_file(ctx, args, |f| Ok(unit(f.file.sync_all())))
}

fn datasync(ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    on_file(ctx, args, |f| Ok(unit(f.file.sync_data())))
}

/// `close(H)`: `{error, einval}` when it was closed already, as OTP.
fn close(ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    let id = ref_number(args[0]).ok_or_else(Exception::badarg)?;
    if let Some(entry) = FILES.get(id) {
        if entry.lock().owner != ctx.proc.pid {
            return Err(not_owner());
        }
    }
    let reply = match FILES.remove(id) {
        Some(_) => Reply::Ok,
        None => Reply::Error(errno::EINVAL),
    };
    give(ctx, args, reply)
}

const fn prim(function: &'static str, arity: u32, f: crate::code::native::BifFn) -> BifEntry {
    BifEntry::new("atomvm_file", function, arity, f)
}

pub const BIFS: &[BifEntry] = &[
    prim("read_file", 1, read_file),
    prim("open", 5, open),
    prim("list_dir", 1, list_dir),
    prim("make_dir", 1, make_dir),
    prim("del_dir", 1, del_dir),
    prim("delete", 1, delete),
    prim("rename", 2, rename),
    prim("make_link", 2, make_link),
    prim("make_symlink", 2, make_symlink),
    prim("read_link", 1, read_link),
    prim("read_info", 2, read_info),
    prim("write_info", 6, write_info),
    prim("get_cwd", 0, get_cwd),
    prim("set_cwd", 1, set_cwd),
    prim("read", 2, read),
    prim("read_line", 1, read_line),
    prim("write", 2, write),
    prim("pread", 3, pread),
    prim("pwrite", 3, pwrite),
    prim("position", 3, position),
    prim("truncate", 1, truncate),
    prim("sync", 1, sync),
    prim("datasync", 1, datasync),
    prim("close", 1, close),
];

#[cfg(test)]
mod tests {
    use super::OpenFile;
    use crate::terms::term::Term;
    use std::io::Write;

    fn open(name: &str, bytes: &[u8]) -> (OpenFile, std::path::PathBuf) {
        let path = std::env::temp_dir().join(format!("atomvm_file_{}_{name}", std::process::id()));
        std::fs::File::create(&path)
            .unwrap()
            .write_all(bytes)
            .unwrap();
        let file = std::fs::OpenOptions::new()
            .read(true)
            .write(true)
            .open(&path)
            .unwrap();
        let f = OpenFile {
            file,
            owner: Term::NIL,
            readable: true,
            writable: true,
            ahead: Vec::new(),
            at: 0,
        };
        (f, path)
    }

    #[test]
    fn lines_and_reads_share_the_read_ahead() {
        let (mut f, path) = open("lines", b"a\r\nbc\nd");
        assert_eq!(f.read_line().unwrap(), Some(b"a\n".to_vec()));
        assert_eq!(f.read(1).unwrap(), b"b");
        assert_eq!(f.read_line().unwrap(), Some(b"c\n".to_vec()));
        // A write lands where the reader is, not after what was read ahead.
        f.unread().unwrap();
        f.file.write_all(b"X").unwrap();
        assert_eq!(f.read_line().unwrap(), None);
        assert_eq!(std::fs::read(&path).unwrap(), b"a\r\nbc\nX");
        let _ = std::fs::remove_file(path);
    }
}
