//! Sockets as the NIF layer sees them: the types, errno names, and the calls of this target
//! (`bsd_sockets.rs` on native and wasm32-wasip2, the failing stand-ins of `wasip1.rs` on WASI
//! preview 1), so the NIF layer above has one shape everywhere.
//!
//! Every function takes plain fds and Rust values and returns `Result<_, Errno>`; errno values
//! differ between targets, so they are only ever compared with the `libc` constants.

/// An errno value of the target (compare only with `libc::E*`).
pub type Errno = i32;

/// The errno values the NIF layer names itself.
pub use libc::{EAFNOSUPPORT, ENOPROTOOPT};

#[derive(Copy, Clone, PartialEq, Eq, Debug)]
pub enum SockAddr {
    V4([u8; 4], u16),
    V6([u16; 8], u16),
}

#[derive(Copy, Clone, PartialEq, Eq, Debug)]
pub enum Shutdown {
    Read,
    Write,
    Both,
}

/// A socket option the NIF layer reads or writes.
#[derive(Copy, Clone, PartialEq, Eq, Debug)]
pub enum Opt {
    ReuseAddr,
    KeepAlive,
    RcvBuf,
    SndBuf,
    NoDelay,
}

pub struct AddrInfo {
    pub family: i32,
    pub kind: i32,
    pub protocol: i32,
    pub addr: SockAddr,
}

/// The POSIX name OTP uses for `e`, for `{error, Name}`.
pub fn errno_name(e: Errno) -> &'static str {
    for &(v, name) in ERRNO_NAMES {
        if v == e {
            return name;
        }
    }
    "eunknown"
}

const ERRNO_NAMES: &[(Errno, &str)] = &[
    (libc::EAGAIN, "eagain"),
    (libc::EACCES, "eacces"),
    (libc::EADDRINUSE, "eaddrinuse"),
    (libc::EADDRNOTAVAIL, "eaddrnotavail"),
    (libc::EAFNOSUPPORT, "eafnosupport"),
    (libc::EALREADY, "ealready"),
    (libc::EBADF, "ebadf"),
    (libc::ECONNABORTED, "econnaborted"),
    (libc::ECONNREFUSED, "econnrefused"),
    (libc::ECONNRESET, "econnreset"),
    (libc::EDESTADDRREQ, "edestaddrreq"),
    (libc::EHOSTUNREACH, "ehostunreach"),
    (libc::EINPROGRESS, "einprogress"),
    (libc::EINTR, "eintr"),
    (libc::EINVAL, "einval"),
    (libc::EIO, "eio"),
    (libc::EISCONN, "eisconn"),
    (libc::EMFILE, "emfile"),
    (libc::EMSGSIZE, "emsgsize"),
    (libc::ENETDOWN, "enetdown"),
    (libc::ENETUNREACH, "enetunreach"),
    (libc::ENFILE, "enfile"),
    (libc::ENOBUFS, "enobufs"),
    (libc::ENOMEM, "enomem"),
    (libc::ENOPROTOOPT, "enoprotoopt"),
    (libc::ENOTCONN, "enotconn"),
    (libc::ENOTSOCK, "enotsock"),
    (libc::ENOTSUP, "enotsup"),
    (libc::EOPNOTSUPP, "eopnotsupp"),
    (libc::EPERM, "eperm"),
    (libc::EPIPE, "epipe"),
    (libc::EPROTONOSUPPORT, "eprotonosupport"),
    (libc::EPROTOTYPE, "eprototype"),
    (libc::ETIMEDOUT, "etimedout"),
];

/// Does `e` mean the peer is gone? ECONNRESET and EPIPE everywhere; wasi-libc on wasip2 also
/// reports a dropped connection as EIO.
pub fn is_peer_close(e: Errno) -> bool {
    e == libc::ECONNRESET
        || e == libc::EPIPE
        || (target::sockets::EIO_IS_PEER_CLOSE && e == libc::EIO)
}

use super::target;
pub use super::target::sockets::*;
