//! Replays the fuzz corpora in `tests/fuzz/<target>/` through the same entry points the
//! cargo-fuzz targets in `fuzz/` use (`atomvm::fuzz`), on stable Rust and without libFuzzer, so
//! every CI run checks the seeds, the interesting inputs the fuzzers found and the reproducers of
//! every crash they found: each must give Ok or Err, never panic.

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::PathBuf;

/// Funs in the corpus belong to this module (see tests/fuzz/make_seeds.escript).
static FUZZ_FUNS: &[u8] = include_bytes!("../../tests/fuzz/load_beam/fuzz_funs");

fn corpus(target: &str) -> Vec<(String, Vec<u8>)> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../tests/fuzz")
        .join(target);
    let mut files: Vec<(String, Vec<u8>)> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {}", dir.display(), e))
        .map(|e| e.expect("directory entry").path())
        .filter(|p| p.is_file())
        .map(|p| {
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            let bytes = std::fs::read(&p).expect("corpus file reads");
            (name, bytes)
        })
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no corpus in {}", dir.display());
    files
}

/// Run `check` on every file of `target`'s corpus; report every file that panics.
fn replay(target: &str, check: impl Fn(&str, &[u8])) -> usize {
    let files = corpus(target);
    let failed: Vec<&str> = files
        .iter()
        .filter(|(name, bytes)| catch_unwind(AssertUnwindSafe(|| check(name, bytes))).is_err())
        .map(|(name, _)| name.as_str())
        .collect();
    assert!(
        failed.is_empty(),
        "{} of {} {} inputs panicked: {:?}",
        failed.len(),
        files.len(),
        target,
        failed
    );
    files.len()
}

/// libFuzzer names the inputs it keeps by their SHA-1; crash reproducers start with `crash-`.
fn found_by_fuzzer(name: &str) -> bool {
    name.starts_with("crash-") || (name.len() == 40 && name.bytes().all(|b| b.is_ascii_hexdigit()))
}

#[test]
fn binary_to_term_corpus() {
    atomvm::fuzz::register_module(FUZZ_FUNS).expect("fuzz_funs loads");
    let n = replay("binary_to_term", |name, bytes| {
        // As the fuzz target: `[safe]` first, while the input's new atoms do not exist yet.
        let safe = atomvm::fuzz::binary_to_term(bytes, true);
        let plain = atomvm::fuzz::binary_to_term(bytes, false);
        if name.starts_with("bad_") {
            assert!(plain.is_err() && safe.is_err(), "{} decodes", name);
        }
    });
    assert!(n >= 50, "only {} binary_to_term inputs", n);
}

#[test]
fn binary_to_term_seeds_decode() {
    // The seeds from OTP's term_to_binary decode (funs too, their module loaded), except the
    // deliberately bad ones.
    atomvm::fuzz::register_module(FUZZ_FUNS).expect("fuzz_funs loads");
    for (name, bytes) in corpus("binary_to_term") {
        let seed = !name.starts_with("bad_") && !found_by_fuzzer(&name);
        if seed {
            if let Err(e) = atomvm::fuzz::binary_to_term(&bytes, false) {
                panic!("seed {} does not decode: {}", name, e);
            }
        }
    }
}

#[test]
fn load_beam_corpus() {
    replay("load_beam", |_, bytes| {
        let _ = atomvm::fuzz::load_beam(bytes);
    });
    for name in [
        "hello",
        "hello-stripped",
        "maps_match-litu",
        "bin_match",
        "fuzz_funs",
    ] {
        let bytes = std::fs::read(
            PathBuf::from(env!("CARGO_MANIFEST_DIR"))
                .join("../tests/fuzz/load_beam")
                .join(name),
        )
        .expect("seed reads");
        if let Err(e) = atomvm::fuzz::load_beam(&bytes) {
            panic!("seed {} does not load: {}", name, e);
        }
    }
}

#[test]
fn load_avm_corpus() {
    replay("load_avm", |_, bytes| {
        let _ = atomvm::fuzz::load_avm(bytes);
    });
}
