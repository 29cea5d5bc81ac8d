//! Numbers as the VM computes with them: conversions shared by arithmetic everywhere.

use crate::terms::bignum;
use crate::terms::term::Term;

/// Largest integer OTP builds, in bits; beyond it arithmetic raises `system_limit`.
pub const MAX_INT_BITS: usize = 33_554_368;

/// A number as f64 for mixed arithmetic: None if not a number or an integer too large for a float.
pub fn number_to_f64(t: Term) -> Option<f64> {
    if t.is_float() {
        Some(t.float_value())
    } else {
        bignum::to_f64(t)
    }
}
