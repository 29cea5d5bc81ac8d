//! `binary_to_term/1,2` on arbitrary bytes: `[safe]` first (before the unsafe call creates the
//! atoms), then without options. Errors are fine (badarg); panics are not.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = atomvm::fuzz::binary_to_term(data, true);
    let _ = atomvm::fuzz::binary_to_term(data, false);
});
