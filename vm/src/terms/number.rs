//! Numbers as the VM computes with them: conversions shared by arithmetic everywhere.

use crate::terms::bignum;
use crate::terms::term::Term;

/// Largest integer OTP 29 builds, in bits (65535 64-bit words; OTP 25 allowed 2^25 bits); beyond
/// it arithmetic raises `system_limit`.
pub const MAX_INT_BITS: usize = 4_194_240;

/// A number as f64 for mixed arithmetic: None if not a number or an integer too large for a float.
pub fn number_to_f64(t: Term) -> Option<f64> {
    if t.is_float() {
        Some(t.float_value())
    } else {
        bignum::to_f64(t)
    }
}
