//! BSD socket calls through the `libc` crate, written once for the two targets that have them:
//! native POSIX, and wasm32-wasip2, where wasi-libc implements them on wasi:sockets. What
//! differs between the two (flags at creation and on send, the host name) comes from the target
//! module.
//!
//! Every function takes plain fds and Rust values and returns `Result<_, Errno>`; errno values
//! differ between targets, so they are only ever compared with the `libc` constants.

use super::socket_sys::{AddrInfo, Errno, Opt, Shutdown, SockAddr};
use super::target::sockets::{NEW_FD_FLAGS, SEND_FLAGS};
use std::mem::{size_of, zeroed};

pub const AF_INET: i32 = libc::AF_INET;
pub const AF_INET6: i32 = libc::AF_INET6;
pub const SOCK_STREAM: i32 = libc::SOCK_STREAM;
pub const SOCK_DGRAM: i32 = libc::SOCK_DGRAM;
pub const IPPROTO_TCP: i32 = libc::IPPROTO_TCP;
pub const IPPROTO_UDP: i32 = libc::IPPROTO_UDP;

fn errno() -> Errno {
    std::io::Error::last_os_error()
        .raw_os_error()
        .unwrap_or(libc::EIO)
}

fn check(r: libc::c_int) -> Result<libc::c_int, Errno> {
    if r < 0 {
        Err(errno())
    } else {
        Ok(r)
    }
}

fn check_len(r: libc::ssize_t) -> Result<usize, Errno> {
    if r < 0 {
        Err(errno())
    } else {
        Ok(r as usize)
    }
}

/// A new non-blocking socket; its fd may be any value from 0 up.
pub fn open(domain: i32, kind: i32, protocol: i32) -> Result<i32, Errno> {
    // SAFETY: socket() takes plain integers and touches no memory of ours.
    check(unsafe { libc::socket(domain, kind | NEW_FD_FLAGS, protocol) })
}

pub fn close(fd: i32) {
    // SAFETY: closes an fd this layer owns; the caller forgets it at once.
    unsafe { libc::close(fd) };
}

/// `addr` as a sockaddr_storage and its length.
fn to_raw(addr: &SockAddr) -> (libc::sockaddr_storage, libc::socklen_t) {
    // SAFETY: sockaddr_storage is plain data for which all-zero bytes are valid.
    let mut ss: libc::sockaddr_storage = unsafe { zeroed() };
    let len = match *addr {
        SockAddr::V4(ip, port) => {
            // SAFETY: sockaddr_storage is larger than and aligned for sockaddr_in.
            let sin = unsafe { &mut *(&mut ss as *mut _ as *mut libc::sockaddr_in) };
            sin.sin_family = libc::AF_INET as libc::sa_family_t;
            sin.sin_port = port.to_be();
            sin.sin_addr.s_addr = u32::from_ne_bytes(ip);
            size_of::<libc::sockaddr_in>()
        }
        SockAddr::V6(groups, port) => {
            // SAFETY: sockaddr_storage is larger than and aligned for sockaddr_in6.
            let sin6 = unsafe { &mut *(&mut ss as *mut _ as *mut libc::sockaddr_in6) };
            sin6.sin6_family = libc::AF_INET6 as libc::sa_family_t;
            sin6.sin6_port = port.to_be();
            for (i, g) in groups.iter().enumerate() {
                sin6.sin6_addr.s6_addr[2 * i..2 * i + 2].copy_from_slice(&g.to_be_bytes());
            }
            size_of::<libc::sockaddr_in6>()
        }
    };
    (ss, len as libc::socklen_t)
}

/// The address in `ss` (None for families other than IPv4/IPv6).
fn from_raw(ss: &libc::sockaddr_storage) -> Option<SockAddr> {
    match ss.ss_family as i32 {
        libc::AF_INET => {
            // SAFETY: the family says the storage holds a sockaddr_in.
            let sin = unsafe { &*(ss as *const _ as *const libc::sockaddr_in) };
            Some(SockAddr::V4(
                sin.sin_addr.s_addr.to_ne_bytes(),
                u16::from_be(sin.sin_port),
            ))
        }
        libc::AF_INET6 => {
            // SAFETY: the family says the storage holds a sockaddr_in6.
            let sin6 = unsafe { &*(ss as *const _ as *const libc::sockaddr_in6) };
            let b = sin6.sin6_addr.s6_addr;
            let mut g = [0u16; 8];
            for (i, x) in g.iter_mut().enumerate() {
                *x = u16::from_be_bytes([b[2 * i], b[2 * i + 1]]);
            }
            Some(SockAddr::V6(g, u16::from_be(sin6.sin6_port)))
        }
        _ => None,
    }
}

pub fn bind(fd: i32, addr: &SockAddr) -> Result<(), Errno> {
    let (ss, len) = to_raw(addr);
    // SAFETY: `ss` is a valid sockaddr of `len` bytes, alive for the call.
    check(unsafe { libc::bind(fd, &ss as *const _ as *const libc::sockaddr, len) }).map(|_| ())
}

pub fn connect(fd: i32, addr: &SockAddr) -> Result<(), Errno> {
    let (ss, len) = to_raw(addr);
    // SAFETY: `ss` is a valid sockaddr of `len` bytes, alive for the call.
    check(unsafe { libc::connect(fd, &ss as *const _ as *const libc::sockaddr, len) }).map(|_| ())
}

pub fn listen(fd: i32, backlog: i32) -> Result<(), Errno> {
    // SAFETY: plain integers.
    check(unsafe { libc::listen(fd, backlog) }).map(|_| ())
}

/// A pending connection as a new non-blocking fd.
pub fn accept(fd: i32) -> Result<i32, Errno> {
    // SAFETY: null address pointers ask accept4 not to report the peer.
    check(unsafe { libc::accept4(fd, std::ptr::null_mut(), std::ptr::null_mut(), NEW_FD_FLAGS) })
}

pub fn send(fd: i32, data: &[u8]) -> Result<usize, Errno> {
    // SAFETY: `data` is a live slice of `data.len()` bytes.
    check_len(unsafe {
        libc::send(
            fd,
            data.as_ptr() as *const libc::c_void,
            data.len(),
            SEND_FLAGS,
        )
    })
}

pub fn send_to(fd: i32, data: &[u8], addr: &SockAddr) -> Result<usize, Errno> {
    let (ss, len) = to_raw(addr);
    // SAFETY: `data` is a live slice; `ss` a valid sockaddr of `len` bytes.
    check_len(unsafe {
        libc::sendto(
            fd,
            data.as_ptr() as *const libc::c_void,
            data.len(),
            SEND_FLAGS,
            &ss as *const _ as *const libc::sockaddr,
            len,
        )
    })
}

/// Read into `buf`; the byte count (0: the peer closed a stream).
pub fn recv(fd: i32, buf: &mut [u8]) -> Result<usize, Errno> {
    // SAFETY: `buf` is a live, writable slice of `buf.len()` bytes.
    check_len(unsafe { libc::recv(fd, buf.as_mut_ptr() as *mut libc::c_void, buf.len(), 0) })
}

pub fn recv_from(fd: i32, buf: &mut [u8]) -> Result<(usize, Option<SockAddr>), Errno> {
    // SAFETY: all-zero bytes are a valid sockaddr_storage.
    let mut ss: libc::sockaddr_storage = unsafe { zeroed() };
    let mut len = size_of::<libc::sockaddr_storage>() as libc::socklen_t;
    // SAFETY: `buf` is a live writable slice; `ss`/`len` describe a writable address buffer.
    let n = check_len(unsafe {
        libc::recvfrom(
            fd,
            buf.as_mut_ptr() as *mut libc::c_void,
            buf.len(),
            0,
            &mut ss as *mut _ as *mut libc::sockaddr,
            &mut len,
        )
    })?;
    Ok((n, from_raw(&ss)))
}

pub fn shutdown(fd: i32, how: Shutdown) -> Result<(), Errno> {
    let how = match how {
        Shutdown::Read => libc::SHUT_RD,
        Shutdown::Write => libc::SHUT_WR,
        Shutdown::Both => libc::SHUT_RDWR,
    };
    // SAFETY: plain integers.
    check(unsafe { libc::shutdown(fd, how) }).map(|_| ())
}

fn name_of(
    fd: i32,
    f: unsafe extern "C" fn(i32, *mut libc::sockaddr, *mut libc::socklen_t) -> i32,
) -> Result<SockAddr, Errno> {
    // SAFETY: all-zero bytes are a valid sockaddr_storage.
    let mut ss: libc::sockaddr_storage = unsafe { zeroed() };
    let mut len = size_of::<libc::sockaddr_storage>() as libc::socklen_t;
    // SAFETY: `ss`/`len` describe a writable address buffer of the stated size.
    check(unsafe { f(fd, &mut ss as *mut _ as *mut libc::sockaddr, &mut len) })?;
    from_raw(&ss).ok_or(libc::EAFNOSUPPORT)
}

pub fn sockname(fd: i32) -> Result<SockAddr, Errno> {
    name_of(fd, libc::getsockname)
}

pub fn peername(fd: i32) -> Result<SockAddr, Errno> {
    name_of(fd, libc::getpeername)
}

fn level_name(opt: Opt) -> (i32, i32) {
    match opt {
        Opt::ReuseAddr => (libc::SOL_SOCKET, libc::SO_REUSEADDR),
        Opt::KeepAlive => (libc::SOL_SOCKET, libc::SO_KEEPALIVE),
        Opt::RcvBuf => (libc::SOL_SOCKET, libc::SO_RCVBUF),
        Opt::SndBuf => (libc::SOL_SOCKET, libc::SO_SNDBUF),
        Opt::NoDelay => (libc::IPPROTO_TCP, libc::TCP_NODELAY),
    }
}

fn set_raw<T>(fd: i32, level: i32, name: i32, v: &T) -> Result<(), Errno> {
    // SAFETY: `v` points at a live value of exactly size_of::<T>() bytes.
    check(unsafe {
        libc::setsockopt(
            fd,
            level,
            name,
            v as *const T as *const libc::c_void,
            size_of::<T>() as libc::socklen_t,
        )
    })
    .map(|_| ())
}

pub fn set_int(fd: i32, opt: Opt, v: i32) -> Result<(), Errno> {
    let (level, name) = level_name(opt);
    set_raw(fd, level, name, &v)
}

pub fn get_int(fd: i32, opt: Opt) -> Result<i32, Errno> {
    let (level, name) = level_name(opt);
    get_raw_int(fd, level, name)
}

fn get_raw_int(fd: i32, level: i32, name: i32) -> Result<i32, Errno> {
    let mut v: libc::c_int = 0;
    let mut len = size_of::<libc::c_int>() as libc::socklen_t;
    // SAFETY: `v`/`len` describe a writable int.
    check(unsafe {
        libc::getsockopt(
            fd,
            level,
            name,
            &mut v as *mut _ as *mut libc::c_void,
            &mut len,
        )
    })?;
    Ok(v)
}

pub fn set_linger(fd: i32, on: bool, secs: i32) -> Result<(), Errno> {
    let l = libc::linger {
        l_onoff: on as libc::c_int,
        l_linger: secs,
    };
    set_raw(fd, libc::SOL_SOCKET, libc::SO_LINGER, &l)
}

pub fn get_linger(fd: i32) -> Result<(bool, i32), Errno> {
    // SAFETY: all-zero bytes are a valid linger.
    let mut l: libc::linger = unsafe { zeroed() };
    let mut len = size_of::<libc::linger>() as libc::socklen_t;
    // SAFETY: `l`/`len` describe a writable linger struct.
    check(unsafe {
        libc::getsockopt(
            fd,
            libc::SOL_SOCKET,
            libc::SO_LINGER,
            &mut l as *mut _ as *mut libc::c_void,
            &mut len,
        )
    })?;
    Ok((l.l_onoff != 0, l.l_linger))
}

/// The outcome of a non-blocking connect once the socket turned writable.
pub fn pending_error(fd: i32) -> Result<(), Errno> {
    match get_raw_int(fd, libc::SOL_SOCKET, libc::SO_ERROR)? {
        0 => Ok(()),
        e => Err(e),
    }
}

/// Resolve `host`/`service`; Err carries the EAI_* code (negative, glibc and musl agree).
pub fn getaddrinfo(host: Option<&str>, service: Option<&str>) -> Result<Vec<AddrInfo>, i32> {
    let host = host
        .map(std::ffi::CString::new)
        .transpose()
        .map_err(|_| -2)?;
    let service = service
        .map(std::ffi::CString::new)
        .transpose()
        .map_err(|_| -8)?;
    let mut res: *mut libc::addrinfo = std::ptr::null_mut();
    // SAFETY: an all-zero addrinfo is valid (no filter).
    let mut hints: libc::addrinfo = unsafe { zeroed() };
    hints.ai_family = libc::AF_UNSPEC;
    // SAFETY: the strings are NUL-terminated and alive for the call; `res` receives a list we
    // free below.
    let r = unsafe {
        libc::getaddrinfo(
            host.as_ref().map_or(std::ptr::null(), |h| h.as_ptr()),
            service.as_ref().map_or(std::ptr::null(), |s| s.as_ptr()),
            &hints,
            &mut res,
        )
    };
    if r != 0 {
        return Err(r);
    }
    let mut out = Vec::new();
    let mut p = res;
    while !p.is_null() {
        // SAFETY: `p` walks the list getaddrinfo returned, which stays valid until freed.
        let ai = unsafe { &*p };
        if !ai.ai_addr.is_null() && ai.ai_addrlen as usize <= size_of::<libc::sockaddr_storage>() {
            // SAFETY: all-zero storage is valid.
            let mut ss: libc::sockaddr_storage = unsafe { zeroed() };
            // SAFETY: `ai_addr` points at `ai_addrlen` readable bytes (checked non-null), which
            // fit in `ss` (checked above); the two do not overlap.
            unsafe {
                std::ptr::copy_nonoverlapping(
                    ai.ai_addr as *const u8,
                    &mut ss as *mut _ as *mut u8,
                    ai.ai_addrlen as usize,
                )
            };
            if let Some(addr) = from_raw(&ss) {
                out.push(AddrInfo {
                    family: ai.ai_family,
                    kind: ai.ai_socktype,
                    protocol: ai.ai_protocol,
                    addr,
                });
            }
        }
        p = ai.ai_next;
    }
    // SAFETY: `res` came from a successful getaddrinfo and is freed once.
    unsafe { libc::freeaddrinfo(res) };
    Ok(out)
}
