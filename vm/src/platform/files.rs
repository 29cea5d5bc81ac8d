//! Files and the host OS as the `file` and `os` natives see them. What std::fs does the same on
//! every target is used directly by the natives; what differs (metadata fields, symbolic links,
//! permissions, running a shell command, paths as bytes) is in the target modules' `files`
//! (`unix.rs`; `wasi_files.rs` for both WASI previews), re-exported here.

use std::path::PathBuf;

pub use super::target::files::{cmd_output, os_pid, read_info, set_mode, set_owner, symlink};

/// Run `cmd_output` on a thread of its own and hand the result to `done` there, so no scheduler
/// waits for the command. WASI runs no commands: `done` is called at once with its error. If
/// no thread can be started, `done` gets EAGAIN.
pub fn cmd_output_then<F>(command: Vec<u8>, done: F)
where
    F: FnOnce(Result<Vec<u8>, Errno>) + Send + 'static,
{
    if cfg!(target_os = "wasi") {
        done(cmd_output(&command));
        return;
    }
    use std::sync::{Arc, Mutex};
    let slot = Arc::new(Mutex::new(Some(done)));
    let theirs = Arc::clone(&slot);
    let started = std::thread::Builder::new()
        .name("os_cmd".into())
        .spawn(move || {
            let out = cmd_output(&command);
            let done = theirs.lock().unwrap_or_else(|e| e.into_inner()).take();
            if let Some(done) = done {
                done(out);
            }
        });
    if started.is_err() {
        let done = slot.lock().unwrap_or_else(|e| e.into_inner()).take();
        if let Some(done) = done {
            done(Err(errno::EAGAIN));
        }
    }
}

/// An errno value of the target (wasi-libc's numbering on WASI).
pub type Errno = i32;

/// What a path names.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum FileKind {
    Regular,
    Directory,
    Symlink,
    Device,
    Other,
}

/// A file's metadata, in the fields of OTP's `#file_info{}` (times in seconds since the epoch).
#[derive(Clone, Debug)]
pub struct FileInfo {
    pub size: u64,
    pub kind: FileKind,
    pub readable: bool,
    pub writable: bool,
    pub atime: i64,
    pub mtime: i64,
    pub ctime: i64,
    pub mode: u32,
    pub links: u64,
    pub major_device: u64,
    pub minor_device: u64,
    pub inode: u64,
    pub uid: u32,
    pub gid: u32,
}

/// A path from its bytes (the caller checks NUL); None when the target's paths cannot hold
/// them (WASI's are UTF-8).
pub fn path_of(bytes: &[u8]) -> Option<PathBuf> {
    super::target::files::path_of(bytes)
}

/// The bytes of a path (a file name from a directory listing, a link's target).
pub fn bytes_of_path(p: &std::path::Path) -> Vec<u8> {
    p.as_os_str().as_encoded_bytes().to_vec()
}

/// A path as the C library takes it (EINVAL when it holds a NUL).
pub(super) fn c_path(p: &std::path::Path) -> Result<std::ffi::CString, Errno> {
    std::ffi::CString::new(p.as_os_str().as_encoded_bytes()).map_err(|_| libc::EINVAL)
}

/// May this process access `p` so (`libc::R_OK`, `W_OK`)?
pub(super) fn may(p: &std::ffi::CStr, how: i32) -> bool {
    // SAFETY: `p` is a NUL-terminated path that outlives the call.
    unsafe { libc::access(p.as_ptr(), how) == 0 }
}

/// Set the access and modification times (seconds since the epoch; None leaves one as is).
/// The same C call on every target (wasi-libc has `utimensat` too).
pub fn set_times(p: &std::path::Path, atime: Option<i64>, mtime: Option<i64>) -> Result<(), Errno> {
    let spec = |t: Option<i64>| match t {
        Some(s) => libc::timespec {
            tv_sec: s as libc::time_t,
            tv_nsec: 0,
        },
        None => libc::timespec {
            tv_sec: 0,
            tv_nsec: libc::UTIME_OMIT,
        },
    };
    let times = [spec(atime), spec(mtime)];
    let c = c_path(p)?;
    // SAFETY: `c` is a NUL-terminated path and `times` two initialised timespecs, both alive
    // for the call.
    if unsafe { libc::utimensat(libc::AT_FDCWD, c.as_ptr(), times.as_ptr(), 0) } == 0 {
        Ok(())
    } else {
        Err(errno_of(&std::io::Error::last_os_error()))
    }
}

/// The errno behind an I/O error, guessed from its kind when std made it without one.
pub fn errno_of(e: &std::io::Error) -> Errno {
    use std::io::ErrorKind as K;
    if let Some(n) = e.raw_os_error() {
        return super::target::files::from_host(n);
    }
    match e.kind() {
        K::NotFound => libc::ENOENT,
        K::PermissionDenied => libc::EACCES,
        K::AlreadyExists => libc::EEXIST,
        K::InvalidInput | K::InvalidData => libc::EINVAL,
        K::Unsupported => libc::ENOTSUP,
        K::IsADirectory => libc::EISDIR,
        K::NotADirectory => libc::ENOTDIR,
        K::DirectoryNotEmpty => libc::ENOTEMPTY,
        _ => libc::EIO,
    }
}

/// The POSIX name OTP uses for a file error `e`, for `{error, Name}`.
pub fn errno_name(e: Errno) -> &'static str {
    for &(v, name) in FILE_ERRNO_NAMES {
        if v == e {
            return name;
        }
    }
    super::socket_sys::errno_name(e)
}

const FILE_ERRNO_NAMES: &[(Errno, &str)] = &[
    (libc::ENOENT, "enoent"),
    (libc::EEXIST, "eexist"),
    (libc::EISDIR, "eisdir"),
    (libc::ENOTDIR, "enotdir"),
    (libc::ENOTEMPTY, "enotempty"),
    (libc::EXDEV, "exdev"),
    (libc::ELOOP, "eloop"),
    (libc::ENAMETOOLONG, "enametoolong"),
    (libc::EROFS, "erofs"),
    (libc::ENOSPC, "enospc"),
    (libc::EFBIG, "efbig"),
    (libc::EBUSY, "ebusy"),
    (libc::ENXIO, "enxio"),
    (libc::ENODEV, "enodev"),
    (libc::ESPIPE, "espipe"),
    (libc::ETXTBSY, "etxtbsy"),
    (libc::EDQUOT, "edquot"),
    (libc::EMLINK, "emlink"),
    (libc::ENOSYS, "enotsup"),
];

/// The errno values the natives name (the numbering differs between targets).
pub mod errno {
    use super::Errno;
    pub const EINVAL: Errno = libc::EINVAL;
    pub const EBADF: Errno = libc::EBADF;
    pub const EISDIR: Errno = libc::EISDIR;
    pub const EEXIST: Errno = libc::EEXIST;
    pub const EPERM: Errno = libc::EPERM;
    pub const ENOTEMPTY: Errno = libc::ENOTEMPTY;
    pub const EAGAIN: Errno = libc::EAGAIN;
}
