//! The `.avm` bundle reader (and the loader on each module inside) on arbitrary bytes.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = atomvm::fuzz::load_avm(data);
});
