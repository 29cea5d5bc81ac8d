//! The module loader on arbitrary bytes: a corrupt `.beam` is a load error, never a crash.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = atomvm::fuzz::load_beam(data);
});
