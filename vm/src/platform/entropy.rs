//! Cryptographic entropy from the operating system: `getentropy()` from the C library, which
//! is glibc's (the kernel's getrandom) natively and wasi-libc's (WASI `random_get`) on the wasm
//! targets. `crypto:strong_rand_bytes/1` and every random number mbedTLS asks for come from here.
//! (The platform's `random_bytes` is a fast, non-cryptographic source for refs and seeds.)

#[cfg(target_os = "wasi")]
extern "C" {
    // wasi-libc's getentropy (libc-bottom-half), which the `libc` crate does not declare for WASI.
    fn getentropy(buf: *mut std::ffi::c_void, len: usize) -> std::ffi::c_int;
}
#[cfg(not(target_os = "wasi"))]
use libc::getentropy;

/// getentropy() gives at most this many bytes per call.
const MAX_PER_CALL: usize = 256;

/// Fill `buf` with cryptographically secure random bytes; false when the system refuses.
pub fn fill(buf: &mut [u8]) -> bool {
    for chunk in buf.chunks_mut(MAX_PER_CALL) {
        // SAFETY: the pointer and length describe a live, writable slice of at most 256 bytes.
        let r = unsafe { getentropy(chunk.as_mut_ptr().cast(), chunk.len()) };
        if r != 0 {
            return false;
        }
    }
    true
}
