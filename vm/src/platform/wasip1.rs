//! WASI preview 1 (wasm32-wasip1, and wasm32-wasip1-threads when built with `atomvm_threads`):
//! no sockets, no pipes. Waiting is `poll()` of wasi-libc (`poll_oneoff`) on stdin at most;
//! with threads, other schedulers cannot interrupt a poll, so it looks up every few
//! milliseconds instead.

/// The value of `os:type()`'s second element.
pub const OS_NAME: &str = "wasi";

/// Whether `poll()` may be asked about stdin. wasmtime's wasi-threads host (the legacy
/// wasi-common, `-S threads`) traps on it when stdin is not a pipe or terminal, so
/// wasip1-threads reads stdin blocking one scheduler instead.
pub const CAN_POLL_STDIN: bool = cfg!(not(atomvm_threads));

/// No pipes on WASI: nothing can interrupt a poll in progress.
pub mod wake_pipe {
    pub fn read_end() -> Option<i32> {
        None
    }
    pub fn poke() {}
    pub fn drain() {}
}

/// The socket calls, all failing with EAFNOSUPPORT: preview 1 has no sockets.
pub mod sockets {
    use crate::platform::socket_sys::{AddrInfo, Errno, Opt, Shutdown, SockAddr};

    /// WASI preview 1 has no sockets.
    pub const AVAILABLE: bool = false;
    pub const EIO_IS_PEER_CLOSE: bool = false;
    /// Closing a socket that has sent data waits for the data to leave (see `select::close_when_flushed`).
    pub const CLOSE_WHEN_FLUSHED: bool = false;
    /// `SO_REUSEADDR`/`SO_LINGER` refused with ENOPROTOOPT are accepted as no-ops.
    pub const MISSING_OPTIONS_ARE_NO_OPS: bool = false;

    pub const AF_INET: i32 = 1;
    pub const AF_INET6: i32 = 2;
    pub const SOCK_STREAM: i32 = 6;
    pub const SOCK_DGRAM: i32 = 5;
    pub const IPPROTO_TCP: i32 = 6;
    pub const IPPROTO_UDP: i32 = 17;

    const NONE: Errno = libc::EAFNOSUPPORT;

    pub fn open(_: i32, _: i32, _: i32) -> Result<i32, Errno> {
        Err(NONE)
    }
    pub fn close(_: i32) {}
    pub fn bind(_: i32, _: &SockAddr) -> Result<(), Errno> {
        Err(NONE)
    }
    pub fn connect(_: i32, _: &SockAddr) -> Result<(), Errno> {
        Err(NONE)
    }
    pub fn listen(_: i32, _: i32) -> Result<(), Errno> {
        Err(NONE)
    }
    pub fn accept(_: i32) -> Result<i32, Errno> {
        Err(NONE)
    }
    pub fn send(_: i32, _: &[u8]) -> Result<usize, Errno> {
        Err(NONE)
    }
    pub fn send_to(_: i32, _: &[u8], _: &SockAddr) -> Result<usize, Errno> {
        Err(NONE)
    }
    pub fn recv(_: i32, _: &mut [u8]) -> Result<usize, Errno> {
        Err(NONE)
    }
    pub fn recv_from(_: i32, _: &mut [u8]) -> Result<(usize, Option<SockAddr>), Errno> {
        Err(NONE)
    }
    pub fn shutdown(_: i32, _: Shutdown) -> Result<(), Errno> {
        Err(NONE)
    }
    pub fn sockname(_: i32) -> Result<SockAddr, Errno> {
        Err(NONE)
    }
    pub fn peername(_: i32) -> Result<SockAddr, Errno> {
        Err(NONE)
    }
    pub fn set_int(_: i32, _: Opt, _: i32) -> Result<(), Errno> {
        Err(NONE)
    }
    pub fn get_int(_: i32, _: Opt) -> Result<i32, Errno> {
        Err(NONE)
    }
    pub fn set_linger(_: i32, _: bool, _: i32) -> Result<(), Errno> {
        Err(NONE)
    }
    pub fn get_linger(_: i32) -> Result<(bool, i32), Errno> {
        Err(NONE)
    }
    pub fn pending_error(_: i32) -> Result<(), Errno> {
        Err(NONE)
    }
    pub fn getaddrinfo(_: Option<&str>, _: Option<&str>) -> Result<Vec<AddrInfo>, i32> {
        Err(-6)
    }
    /// WASI has no host name (as on wasip2).
    pub fn hostname() -> Option<String> {
        Some("localhost".to_string())
    }
}

/// Files on WASI (see `files.rs`).
#[path = "wasi_files.rs"]
pub mod files;
