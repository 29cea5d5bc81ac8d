//! Layer 0, the platform: the contract between the VM and its host, and every piece of code that
//! depends on the target. Nothing above this folder asks which target it runs on.
//!
//! - `Platform` is the seam (clocks, stdio, entropy, waiting for fds and deadlines with a
//!   cross-thread wake-up); `StdPlatform` implements it on Rust's std and libc for every target.
//! - One module per target holds what differs: `unix.rs` (native), `wasip1.rs` (wasm32-wasip1
//!   and -wasip1-threads), `wasip2.rs`; what native and wasip2 share through wasi-libc's BSD
//!   sockets is written once in `bsd_sockets.rs`. The target module is chosen below, in one
//!   place. Whether the target has threads is the `atomvm_threads` cfg, set by build.rs from
//!   the target triple (rustc reports the same cfg set for wasip1 and wasip1-threads).
//! - `sync` (locks), `memory` (the counting allocator), `socket_sys` (sockets as the NIF layer
//!   sees them) are the portable parts.

#[cfg(feature = "crypto")]
pub mod entropy;
pub mod files;
pub mod memory;
pub mod socket_sys;
pub mod sync;

#[cfg(any(unix, all(target_os = "wasi", target_env = "p2")))]
mod bsd_sockets;
#[cfg_attr(unix, path = "unix.rs")]
#[cfg_attr(all(target_os = "wasi", target_env = "p1"), path = "wasip1.rs")]
#[cfg_attr(all(target_os = "wasi", target_env = "p2"), path = "wasip2.rs")]
mod target;

pub use target::{CAN_POLL_STDIN, OS_NAME};

/// Whether this build runs several scheduler threads (native, wasm32-wasip1-threads).
pub const THREADS: bool = cfg!(atomvm_threads);

/// The target triple: `erlang:system_info(system_architecture)`.
pub const ARCHITECTURE: &str = env!("ATOMVM_TARGET_TRIPLE");

/// Whether the bit syntax's `native` endianness is little.
pub const LITTLE_ENDIAN: bool = cfg!(target_endian = "little");

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Condvar, Mutex, OnceLock};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

static CURRENT: OnceLock<Box<dyn Platform>> = OnceLock::new();

/// Install the platform the VM runs on (the first call wins; one VM per host process).
pub fn install(platform: Box<dyn Platform>) {
    let _ = CURRENT.set(platform);
}

/// The installed platform; a std-based default when none was installed (unit tests).
pub fn get() -> &'static dyn Platform {
    CURRENT
        .get_or_init(|| Box::new(StdPlatform::new("generic_unix")))
        .as_ref()
}

pub trait Platform: Send + Sync {
    /// Monotonic time in nanoseconds since an arbitrary fixed point.
    fn monotonic_ns(&self) -> u64;
    /// Wall-clock time in nanoseconds since the Unix epoch.
    fn system_time_ns(&self) -> i64;
    /// The value of `erlang:system_info(system_architecture)`.
    fn system_architecture(&self) -> &str;
    /// The value of `atomvm:platform()`.
    fn platform_name(&self) -> &str;
    /// Fill `buf` with random bytes.
    fn random_bytes(&self, buf: &mut [u8]);
    /// Write to standard output / standard error.
    fn write_stdout(&self, bytes: &[u8]);
    fn write_stderr(&self, bytes: &[u8]);
    /// Read one line from standard input, its newline included (without one at the end of
    /// input); `None` at end of input or on an error. It blocks the calling scheduler until a
    /// line or the end comes (stdin is never made non-blocking: see docs/architecture.md).
    fn read_stdin_line(&self) -> Option<Vec<u8>> {
        use std::io::BufRead;
        if !self.has_stdin() {
            return None;
        }
        let mut line = Vec::new();
        match std::io::stdin().lock().read_until(b'\n', &mut line) {
            Ok(n) if n > 0 => Some(line),
            _ => None,
        }
    }
    /// Read up to `n` bytes from standard input (fewer only at its end); `None` at end of input.
    fn read_stdin(&self, n: usize) -> Option<Vec<u8>> {
        use std::io::Read;
        if !self.has_stdin() {
            return None;
        }
        let mut buf = Vec::new();
        match std::io::stdin().lock().take(n as u64).read_to_end(&mut buf) {
            Ok(k) if k > 0 => Some(buf),
            _ => None,
        }
    }
    /// Whether `poll()` may be asked about stdin (a fact of the target: `CAN_POLL_STDIN`).
    fn can_poll_stdin(&self) -> bool {
        CAN_POLL_STDIN
    }
    /// Whether there is a standard input. Without one (a host that gives none, or
    /// `ATOMVM_NO_STDIN=1`) fd 0 may become a socket: stdin reads then say end of input and
    /// never touch fd 0.
    fn has_stdin(&self) -> bool {
        true
    }
    /// Read what standard input has now, up to `max` bytes, in one read (the caller knows it is
    /// readable, so this does not wait); `None` at its end or on an error. Reads the fd directly:
    /// don't mix with `read_stdin_line`/`read_stdin`, whose buffer would hold bytes back.
    fn read_stdin_available(&self, max: usize) -> Option<Vec<u8>> {
        if !self.has_stdin() {
            return None;
        }
        let mut buf = vec![0u8; max];
        // SAFETY: reads into a live buffer of `max` bytes from fd 0, which the VM never closes.
        let n = unsafe { libc::read(0, buf.as_mut_ptr() as *mut libc::c_void, max) };
        if n <= 0 {
            return None;
        }
        buf.truncate(n as usize);
        Some(buf)
    }
    /// The one way a scheduler waits: until one of `fds` is ready (its `ready` is set), the
    /// deadline passes (monotonic ns; None: none), or `wake` is called from another thread,
    /// whichever comes first. With no fds it is a sleep that `wake` ends. A `wake` that came
    /// before the wait ends it at once.
    fn wait(&self, fds: &mut [PollFd], deadline_ns: Option<u64>);
    /// End a `wait` in progress on another thread (or the next one).
    fn wake(&self);
}

/// An fd a wait watches, for reading or for writing.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub struct PollFd {
    pub fd: i32,
    pub write: bool,
    /// Set by the wait: readable (writable), at its end, or in error.
    pub ready: bool,
}

impl PollFd {
    pub fn new(fd: i32, write: bool) -> PollFd {
        PollFd {
            fd,
            write,
            ready: false,
        }
    }
}

/// Poll `fds` for at most `timeout_ms` (None: no limit), plus `extra` (a wake-up pipe) for
/// reading; returns whether `extra` was ready.
fn poll(fds: &mut [PollFd], extra: Option<i32>, timeout_ms: Option<i32>) -> bool {
    let mut raw: Vec<libc::pollfd> = fds
        .iter()
        .chain(extra.map(|fd| PollFd::new(fd, false)).iter())
        .map(|p| libc::pollfd {
            fd: p.fd,
            events: if p.write { libc::POLLOUT } else { libc::POLLIN },
            revents: 0,
        })
        .collect();
    if raw.is_empty() {
        return false;
    }
    // SAFETY: `raw` is a live, initialised array of `raw.len()` pollfd structs that poll may
    // write `revents` into; nothing else aliases it during the call.
    let n = unsafe {
        libc::poll(
            raw.as_mut_ptr(),
            raw.len() as libc::nfds_t,
            timeout_ms.unwrap_or(-1),
        )
    };
    if n <= 0 {
        return false;
    }
    for (p, r) in fds.iter_mut().zip(&raw) {
        p.ready = r.revents != 0;
    }
    extra.is_some() && raw.last().is_some_and(|r| r.revents != 0)
}

/// Is `fd` readable (or at its end, or in error) right now? Never blocks.
pub fn readable_now(fd: i32) -> bool {
    let mut p = [PollFd::new(fd, false)];
    poll(&mut p, None, Some(0));
    p[0].ready
}

/// The longest poll a threaded scheduler makes when nothing can interrupt it (no wake-up pipe:
/// wasip1-threads), so that it notices other schedulers' work and the end of the run.
const UNINTERRUPTIBLE_POLL_MS: i32 = 10;

pub struct StdPlatform {
    start: Instant,
    name: String,
    woken: Mutex<bool>,
    wakeup: Condvar,
    /// A wait is inside `poll()`: `wake` must poke the pipe.
    polling: AtomicBool,
    /// fd 0 was open when the platform was made.
    stdin: bool,
}

/// Is fd 0 open?
fn stdin_open() -> bool {
    // SAFETY: fstat writes into a local, zero-initialised stat buffer; fd 0 is only inspected.
    unsafe {
        let mut st: libc::stat = std::mem::zeroed();
        libc::fstat(0, &mut st) == 0
    }
}

/// Set by `close_stdin`: the platforms made afterwards have no standard input.
static NO_STDIN: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// Run without standard input, as a host that provides none: stdin reads say end of input.
/// Where the VM has sockets (native, wasip2) fd 0 is closed too, so that a socket may get it.
/// On wasip1 (no sockets) fd 0 stays open: it is the host's, and some hosts pass the close on to
/// their own descriptor (Node's `node:wasi` closes Node's fd 0). Call before making the platform.
pub fn close_stdin() {
    NO_STDIN.store(true, std::sync::atomic::Ordering::Relaxed);
    #[cfg(not(all(target_os = "wasi", target_env = "p1")))]
    // SAFETY: closes fd 0, which nothing in this process reads once the platform knows.
    unsafe {
        libc::close(0)
    };
}

impl StdPlatform {
    /// A platform for this target; `name` is `atomvm:platform()` (`generic_unix`, `wasi`, ...).
    pub fn new(name: &str) -> StdPlatform {
        StdPlatform {
            start: Instant::now(),
            name: name.to_string(),
            woken: Mutex::new(false),
            wakeup: Condvar::new(),
            polling: AtomicBool::new(false),
            stdin: !NO_STDIN.load(std::sync::atomic::Ordering::Relaxed) && stdin_open(),
        }
    }
}

impl Platform for StdPlatform {
    fn monotonic_ns(&self) -> u64 {
        self.start.elapsed().as_nanos() as u64
    }
    fn system_time_ns(&self) -> i64 {
        match SystemTime::now().duration_since(UNIX_EPOCH) {
            Ok(d) => d.as_nanos() as i64,
            Err(e) => -(e.duration().as_nanos() as i64),
        }
    }
    fn system_architecture(&self) -> &str {
        ARCHITECTURE
    }
    fn platform_name(&self) -> &str {
        &self.name
    }
    fn has_stdin(&self) -> bool {
        self.stdin
    }
    fn random_bytes(&self, buf: &mut [u8]) {
        // Not cryptographic: seeded from the clocks, mixed with splitmix64.
        let mut s = self.system_time_ns() as u64 ^ self.monotonic_ns().rotate_left(32);
        for b in buf.iter_mut() {
            s = s.wrapping_add(0x9E37_79B9_7F4A_7C15);
            let mut z = s;
            z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
            *b = (z ^ (z >> 31)) as u8;
        }
    }
    fn write_stdout(&self, bytes: &[u8]) {
        use std::io::Write;
        let mut out = std::io::stdout().lock();
        let _ = out.write_all(bytes);
        let _ = out.flush();
    }
    fn write_stderr(&self, bytes: &[u8]) {
        use std::io::Write;
        let _ = std::io::stderr().lock().write_all(bytes);
    }
    fn wait(&self, fds: &mut [PollFd], deadline_ns: Option<u64>) {
        if !fds.is_empty() {
            return self.wait_polling(fds, deadline_ns);
        }
        if !THREADS {
            // One thread: only the deadline can end the wait (poll_oneoff with a clock on WASI).
            // Nothing to wait for and no time: no call at all (a zero-length clock subscription
            // blocks on some runtimes).
            if let Some(d) = deadline_ns {
                let now = self.monotonic_ns();
                if d > now {
                    std::thread::sleep(Duration::from_nanos(d - now));
                }
            }
            return;
        }
        let mut woken = self.woken.lock().unwrap_or_else(|e| e.into_inner());
        while !*woken {
            match deadline_ns {
                Some(d) => {
                    let now = self.monotonic_ns();
                    if d <= now {
                        break;
                    }
                    woken = match self
                        .wakeup
                        .wait_timeout(woken, Duration::from_nanos(d - now))
                    {
                        Ok((g, _)) => g,
                        Err(e) => e.into_inner().0,
                    };
                }
                None => {
                    woken = self.wakeup.wait(woken).unwrap_or_else(|e| e.into_inner());
                }
            }
        }
        *woken = false;
    }
    fn wake(&self) {
        if THREADS {
            *self.woken.lock().unwrap_or_else(|e| e.into_inner()) = true;
            self.wakeup.notify_all();
            if self.polling.load(Ordering::SeqCst) {
                target::wake_pipe::poke();
            }
        }
    }
}

impl StdPlatform {
    /// A wait with fds: `poll()` on them, plus the wake-up pipe where the target has one.
    fn wait_polling(&self, fds: &mut [PollFd], deadline_ns: Option<u64>) {
        let mut timeout_ms = deadline_ns.map(|d| {
            // Round up: waking before the deadline would only spin.
            d.saturating_sub(self.monotonic_ns())
                .div_ceil(1_000_000)
                .min(i32::MAX as u64) as i32
        });
        let pipe = target::wake_pipe::read_end();
        if THREADS && pipe.is_none() {
            timeout_ms = Some(
                timeout_ms.map_or(UNINTERRUPTIBLE_POLL_MS, |t| t.min(UNINTERRUPTIBLE_POLL_MS)),
            );
        }
        self.polling.store(true, Ordering::SeqCst);
        // A wake that came before `polling` was set did not poke the pipe: it left the flag
        // (which stays for the sleeper it may be meant for).
        if THREADS && *self.woken.lock().unwrap_or_else(|e| e.into_inner()) {
            timeout_ms = Some(0);
        }
        if poll(fds, pipe, timeout_ms) {
            target::wake_pipe::drain();
        }
        self.polling.store(false, Ordering::Release);
    }
}
