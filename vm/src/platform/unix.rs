//! Native Linux (and other POSIX systems): scheduler threads, BSD sockets (`bsd_sockets.rs`),
//! and a self-pipe that lets another thread interrupt a `poll()` in progress.

/// The value of `os:type()`'s second element: the OS name.
pub const OS_NAME: &str = std::env::consts::OS;

/// Whether `poll()` may be asked about stdin.
pub const CAN_POLL_STDIN: bool = true;

/// The self-pipe that interrupts a scheduler waiting in `poll()`.
pub mod wake_pipe {
    use std::sync::OnceLock;

    fn fds() -> Option<(i32, i32)> {
        static P: OnceLock<Option<(i32, i32)>> = OnceLock::new();
        *P.get_or_init(|| {
            let mut p = [-1i32; 2];
            // SAFETY: `p` is a two-int array pipe2 fills in; flags are plain constants.
            let r = unsafe { libc::pipe2(p.as_mut_ptr(), libc::O_NONBLOCK | libc::O_CLOEXEC) };
            (r == 0).then_some((p[0], p[1]))
        })
    }

    pub fn read_end() -> Option<i32> {
        fds().map(|p| p.0)
    }

    pub fn poke() {
        if let Some((_, w)) = fds() {
            let b = 1u8;
            // SAFETY: writes one byte from a live local; a full pipe (EAGAIN) already wakes.
            unsafe { libc::write(w, &b as *const u8 as *const libc::c_void, 1) };
        }
    }

    pub fn drain() {
        if let Some((r, _)) = fds() {
            let mut buf = [0u8; 64];
            // SAFETY: reads into a live local buffer of the given length; the fd is non-blocking.
            while unsafe { libc::read(r, buf.as_mut_ptr() as *mut libc::c_void, buf.len()) } > 0 {}
        }
    }
}

pub mod sockets {
    pub use crate::platform::bsd_sockets::*;

    /// Sockets exist on this target.
    pub const AVAILABLE: bool = true;
    pub const EIO_IS_PEER_CLOSE: bool = false;
    /// The kernel owns sent data: a socket closes at once.
    pub const CLOSE_WHEN_FLUSHED: bool = false;
    pub const MISSING_OPTIONS_ARE_NO_OPS: bool = false;
    pub(crate) const NEW_FD_FLAGS: i32 = libc::SOCK_NONBLOCK | libc::SOCK_CLOEXEC;
    /// No SIGPIPE for a send to a closed peer: the error comes back as EPIPE.
    #[cfg(target_os = "linux")]
    pub(crate) const SEND_FLAGS: i32 = libc::MSG_NOSIGNAL;
    #[cfg(not(target_os = "linux"))]
    pub(crate) const SEND_FLAGS: i32 = 0;

    /// The machine's host name.
    pub fn hostname() -> Option<String> {
        let mut buf = [0u8; 256];
        // SAFETY: `buf` is a writable buffer of the given length.
        if unsafe { libc::gethostname(buf.as_mut_ptr() as *mut libc::c_char, buf.len()) } != 0 {
            return None;
        }
        let end = buf.iter().position(|&b| b == 0).unwrap_or(buf.len());
        Some(String::from_utf8_lossy(&buf[..end]).into_owned())
    }
}

/// Files and processes of the host (see `files.rs`): std's Unix extensions.
pub mod files {
    use crate::platform::files::{c_path, may, Errno, FileInfo, FileKind};
    use std::ffi::OsStr;
    use std::os::unix::ffi::OsStrExt;
    use std::os::unix::fs::{FileTypeExt, MetadataExt, PermissionsExt};
    use std::path::{Path, PathBuf};

    /// Any bytes name a file.
    pub fn path_of(bytes: &[u8]) -> Option<PathBuf> {
        Some(PathBuf::from(OsStr::from_bytes(bytes)))
    }

    /// The host's errors are POSIX's.
    pub fn from_host(e: Errno) -> Errno {
        e
    }

    fn errno(e: std::io::Error) -> Errno {
        crate::platform::files::errno_of(&e)
    }

    pub fn read_info(p: &Path, follow: bool) -> Result<FileInfo, Errno> {
        let m = if follow {
            std::fs::metadata(p)
        } else {
            std::fs::symlink_metadata(p)
        }
        .map_err(errno)?;
        let t = m.file_type();
        let kind = if t.is_file() {
            FileKind::Regular
        } else if t.is_dir() {
            FileKind::Directory
        } else if t.is_symlink() {
            FileKind::Symlink
        } else if t.is_block_device() || t.is_char_device() {
            FileKind::Device
        } else {
            FileKind::Other
        };
        let c = c_path(p)?;
        Ok(FileInfo {
            size: m.size(),
            kind,
            readable: may(&c, libc::R_OK),
            writable: may(&c, libc::W_OK),
            atime: m.atime(),
            mtime: m.mtime(),
            ctime: m.ctime(),
            mode: m.mode(),
            links: m.nlink(),
            major_device: m.dev(),
            minor_device: m.rdev(),
            inode: m.ino(),
            uid: m.uid(),
            gid: m.gid(),
        })
    }

    pub fn symlink(target: &Path, link: &Path) -> Result<(), Errno> {
        std::os::unix::fs::symlink(target, link).map_err(errno)
    }

    pub fn set_mode(p: &Path, mode: u32) -> Result<(), Errno> {
        std::fs::set_permissions(p, std::fs::Permissions::from_mode(mode)).map_err(errno)
    }

    pub fn set_owner(p: &Path, uid: Option<u32>, gid: Option<u32>) -> Result<(), Errno> {
        std::os::unix::fs::chown(p, uid, gid).map_err(errno)
    }

    /// What `/bin/sh -c Command` writes on stdout and stderr, stdin closed, as OTP's `os:cmd`.
    /// Waits for the command (holding the calling scheduler).
    pub fn cmd_output(command: &[u8]) -> Result<Vec<u8>, Errno> {
        use std::process::{Command, Stdio};
        let script = [b"exec 2>&1; ".as_slice(), command].concat();
        let out = Command::new("/bin/sh")
            .arg("-c")
            .arg(OsStr::from_bytes(&script))
            .stdin(Stdio::null())
            .stderr(Stdio::null())
            .output()
            .map_err(errno)?;
        Ok(out.stdout)
    }

    /// The OS process id, as `os:getpid()` gives it.
    pub fn os_pid() -> Option<u32> {
        Some(std::process::id())
    }
}
