//! The platform seam: the few things the VM asks of its host. Each target in `platforms/`
//! implements it; `StdPlatform` is a portable implementation on Rust's std that every target
//! can start from.

pub mod memory;
pub mod socket_sys;
pub mod sync;

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
        .get_or_init(|| Box::new(StdPlatform::new("unknown", "generic_unix")))
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
    /// Whether `poll()` may be asked about stdin. wasmtime's wasi-threads host (the legacy
    /// wasi-common, `-S threads`) traps on it when stdin is not a pipe or terminal, so
    /// wasip1-threads reads stdin blocking one scheduler instead.
    fn can_poll_stdin(&self) -> bool {
        !self.system_architecture().ends_with("-threads")
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
    /// Sleep until `deadline_ns` (monotonic; None: no deadline) or a `wake` from another
    /// thread, whichever comes first. A `wake` that came before the wait ends it at once.
    fn wait_until(&self, deadline_ns: Option<u64>);
    /// End a `wait_until` in progress on another thread (or the next one).
    fn wake(&self);
}

pub struct StdPlatform {
    start: Instant,
    architecture: String,
    name: String,
    /// Whether the target has threads; without them nothing can wake a wait but its deadline,
    /// and std's condition variables are not available.
    threaded: bool,
    woken: Mutex<bool>,
    wakeup: Condvar,
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

/// Close standard input, as a host that provides none: fd 0 becomes free for sockets. Call
/// before making the platform.
pub fn close_stdin() {
    // SAFETY: closes fd 0, which nothing in this process reads once the platform knows.
    unsafe { libc::close(0) };
}

impl StdPlatform {
    pub fn new(architecture: &str, name: &str) -> StdPlatform {
        let threaded = !architecture.starts_with("wasm32") || architecture.ends_with("-threads");
        StdPlatform {
            start: Instant::now(),
            architecture: architecture.to_string(),
            name: name.to_string(),
            threaded,
            woken: Mutex::new(false),
            wakeup: Condvar::new(),
            stdin: stdin_open(),
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
        &self.architecture
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
    fn wait_until(&self, deadline_ns: Option<u64>) {
        if !self.threaded {
            // One thread: only the deadline can end the wait (poll_oneoff with a clock on WASI).
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
        if self.threaded {
            *self.woken.lock().unwrap_or_else(|e| e.into_inner()) = true;
            self.wakeup.notify_all();
        }
    }
}
