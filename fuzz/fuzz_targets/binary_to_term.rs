//! `binary_to_term/1,2` on arbitrary bytes: `[safe]` first (before the unsafe call creates the
//! atoms), then without options. Errors are fine (badarg); panics are not. Module `fuzz_funs` is
//! loaded first so that the funs in the corpus decode.
#![no_main]
use libfuzzer_sys::fuzz_target;

static FUZZ_FUNS: &[u8] = include_bytes!("../../tests/fuzz/load_beam/fuzz_funs");

fuzz_target!(
    init: {
        atomvm::fuzz::register_module(FUZZ_FUNS).expect("fuzz_funs loads");
    },
    |data: &[u8]| {
        let _ = atomvm::fuzz::binary_to_term(data, true);
        let _ = atomvm::fuzz::binary_to_term(data, false);
    }
);
