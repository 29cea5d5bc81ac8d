//! WASI preview 2 (wasm32-wasip2): one scheduler thread; BSD sockets and `poll()` through
//! wasi-libc on wasi:sockets (`bsd_sockets.rs`).

/// The value of `os:type()`'s second element.
pub const OS_NAME: &str = "wasi";

/// Whether `poll()` may be asked about stdin.
pub const CAN_POLL_STDIN: bool = true;

/// No pipes on WASI, and no other scheduler to interrupt the one that polls.
pub mod wake_pipe {
    pub fn read_end() -> Option<i32> {
        None
    }
    pub fn poke() {}
    pub fn drain() {}
}

pub mod sockets {
    pub use crate::platform::bsd_sockets::*;

    /// Sockets exist on this target.
    pub const AVAILABLE: bool = true;
    /// wasi-libc reports a dropped connection as EIO too.
    pub const EIO_IS_PEER_CLOSE: bool = true;
    /// A send completes when wasmtime has taken the bytes, not the kernel: closing at once drops
    /// what the host still holds, so a closed stream socket lingers until its data has left
    /// (`select::close_when_flushed`).
    pub const CLOSE_WHEN_FLUSHED: bool = true;
    /// wasi-libc offers neither SO_REUSEADDR nor SO_LINGER: asking for them is a no-op.
    pub const MISSING_OPTIONS_ARE_NO_OPS: bool = true;
    /// wasi-libc cannot make a socket non-blocking afterwards (fcntl fails with EINVAL).
    pub(crate) const NEW_FD_FLAGS: i32 = libc::SOCK_NONBLOCK;
    pub(crate) const SEND_FLAGS: i32 = 0;

    /// WASI has no host name; wasi-libc's uname answers "localhost" too.
    pub fn hostname() -> Option<String> {
        Some("localhost".to_string())
    }
}

/// Files on WASI (see `files.rs`).
#[path = "wasi_files.rs"]
pub mod files;
