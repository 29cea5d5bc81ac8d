//! `ssl` on mbedTLS: the TLS engine natives under estdlib's `ssl` module (`ssl:nif_engine_*`).
//! `ssl.erl` holds OTP's API and the connection processes that move bytes between a `gen_tcp`
//! socket and an engine; `mbed_tls.rs` is the only file here that calls C.

pub mod engine;
pub mod mbed_tls;

/// A process exited: free the TLS engines it owned.
pub fn owner_exited(pid: crate::terms::term::Term) {
    engine::owner_exited(pid);
}
