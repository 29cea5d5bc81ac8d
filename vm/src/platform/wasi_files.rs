//! Files on both WASI previews (see `files.rs`): wasi-libc's `stat`, `symlink` and `utimensat`,
//! which resolve paths against the directories the host granted (`--dir`), as std::fs does.
//! WASI has no permissions, owners or processes: those calls fail with ENOTSUP.

use crate::platform::files::{c_path, may, Errno, FileInfo, FileKind};
use std::path::{Path, PathBuf};

/// WASI paths are UTF-8 strings: other bytes name no file.
pub fn path_of(bytes: &[u8]) -> Option<PathBuf> {
    std::str::from_utf8(bytes).ok().map(PathBuf::from)
}

/// A path the host did not grant is refused by the sandbox, which wasmtime reports as EPERM
/// (ENOTCAPABLE in older hosts): to Erlang that is permission denied, `eacces`.
pub fn from_host(e: Errno) -> Errno {
    if e == libc::EPERM || e == libc::ENOTCAPABLE {
        libc::EACCES
    } else {
        e
    }
}

fn last_errno() -> Errno {
    crate::platform::files::errno_of(&std::io::Error::last_os_error())
}

pub fn read_info(p: &Path, follow: bool) -> Result<FileInfo, Errno> {
    let c = c_path(p)?;
    // SAFETY: an all-zero `stat` is a valid value of this plain C struct.
    let mut st: libc::stat = unsafe { std::mem::zeroed() };
    // SAFETY: `c` is a NUL-terminated path and `st` a writable stat, both alive for the call.
    let r = unsafe {
        if follow {
            libc::stat(c.as_ptr(), &mut st)
        } else {
            libc::lstat(c.as_ptr(), &mut st)
        }
    };
    if r != 0 {
        return Err(last_errno());
    }
    let kind = match st.st_mode & libc::S_IFMT {
        libc::S_IFREG => FileKind::Regular,
        libc::S_IFDIR => FileKind::Directory,
        libc::S_IFLNK => FileKind::Symlink,
        libc::S_IFBLK | libc::S_IFCHR => FileKind::Device,
        _ => FileKind::Other,
    };
    Ok(FileInfo {
        size: st.st_size as u64,
        kind,
        readable: may(&c, libc::R_OK),
        writable: may(&c, libc::W_OK),
        atime: st.st_atim.tv_sec,
        mtime: st.st_mtim.tv_sec,
        ctime: st.st_ctim.tv_sec,
        mode: st.st_mode,
        links: st.st_nlink,
        major_device: st.st_dev,
        minor_device: st.st_rdev,
        inode: st.st_ino,
        uid: st.st_uid,
        gid: st.st_gid,
    })
}

pub fn symlink(target: &Path, link: &Path) -> Result<(), Errno> {
    let (t, l) = (c_path(target)?, c_path(link)?);
    // SAFETY: both are NUL-terminated paths alive for the call.
    if unsafe { libc::symlink(t.as_ptr(), l.as_ptr()) } == 0 {
        Ok(())
    } else {
        Err(last_errno())
    }
}

/// Only a change is unsupported: setting the mode a file already has succeeds (copying a
/// file's metadata, as Elixir's `File.cp` does, writes back what it read).
pub fn set_mode(p: &Path, mode: u32) -> Result<(), Errno> {
    const PERMISSIONS: u32 = 0o7777;
    let current = read_info(p, true)?.mode;
    if current & PERMISSIONS == mode & PERMISSIONS {
        Ok(())
    } else {
        Err(libc::ENOTSUP)
    }
}

/// As `set_mode`: the owner a file already has can be set again.
pub fn set_owner(p: &Path, uid: Option<u32>, gid: Option<u32>) -> Result<(), Errno> {
    let info = read_info(p, true)?;
    let same = |want: Option<u32>, have: u32| want.is_none_or(|w| w == have);
    if same(uid, info.uid) && same(gid, info.gid) {
        Ok(())
    } else {
        Err(libc::ENOTSUP)
    }
}

/// WASI cannot start processes.
pub fn cmd_output(_: &[u8]) -> Result<Vec<u8>, Errno> {
    Err(libc::ENOTSUP)
}

/// WASI has no process ids.
pub fn os_pid() -> Option<u32> {
    None
}
