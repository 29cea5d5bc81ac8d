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

/// A small generator (xorshift64*): the mutations need speed and a seed to replay, not quality.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

/// One mutation of `input`, in the manner of libFuzzer's: flip a bit, set a byte to an
/// interesting value, drop or duplicate a span, truncate, or splice in a span of `other`.
fn mutate(rng: &mut Rng, input: &[u8], other: &[u8]) -> Vec<u8> {
    let mut v = input.to_vec();
    let rounds = 1 + rng.below(4);
    for _ in 0..rounds {
        if v.is_empty() {
            v.push(rng.next() as u8);
            continue;
        }
        let i = rng.below(v.len());
        match rng.below(6) {
            0 => v[i] ^= 1 << rng.below(8),
            1 => v[i] = [0, 1, 0x7f, 0x80, 0xff, 0xfe, 131, 255][rng.below(8)],
            2 => {
                let end = (i + 1 + rng.below(16)).min(v.len());
                v.drain(i..end);
            }
            3 => {
                let end = (i + 1 + rng.below(16)).min(v.len());
                let span: Vec<u8> = v[i..end].to_vec();
                let at = rng.below(v.len());
                v.splice(at..at, span);
            }
            4 => v.truncate(i),
            _ => {
                if !other.is_empty() {
                    let s = rng.below(other.len());
                    let e = (s + 1 + rng.below(32)).min(other.len());
                    let at = rng.below(v.len());
                    v.splice(at..at, other[s..e].iter().copied());
                }
            }
        }
    }
    v
}

/// Mutations of every corpus, a fixed number per run (`ATOMVM_FUZZ_ROUNDS`, default 25000 per
/// target), from a seed that changes every run (printed; `ATOMVM_FUZZ_SEED` replays one). Each
/// mutated input must give Ok or Err, never panic; a failure names the seed and the input.
#[test]
fn mutation_fuzz_budget() {
    atomvm::fuzz::register_module(FUZZ_FUNS).expect("fuzz_funs loads");
    let seed = std::env::var("ATOMVM_FUZZ_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map(|d| d.as_nanos() as u64)
                .unwrap_or(1)
        })
        | 1;
    let rounds: usize = std::env::var("ATOMVM_FUZZ_ROUNDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(25000);
    type Check = fn(&[u8]);
    let targets: [(&str, Check); 3] = [
        ("binary_to_term", |b| {
            let _ = atomvm::fuzz::binary_to_term(b, true);
            let _ = atomvm::fuzz::binary_to_term(b, false);
        }),
        ("load_beam", |b| {
            let _ = atomvm::fuzz::load_beam(b);
        }),
        ("load_avm", |b| {
            let _ = atomvm::fuzz::load_avm(b);
        }),
    ];
    let mut rng = Rng(seed);
    let mut tried = 0;
    for (target, check) in targets {
        let files = corpus(target);
        for round in 0..rounds {
            let (_, input) = &files[rng.below(files.len())];
            let (_, other) = &files[rng.below(files.len())];
            let bytes = mutate(&mut rng, input, other);
            if catch_unwind(AssertUnwindSafe(|| check(&bytes))).is_err() {
                panic!(
                    "{target}: mutated input {round} panicked (ATOMVM_FUZZ_SEED={seed}): {:02x?}",
                    &bytes[..bytes.len().min(256)]
                );
            }
            tried += 1;
        }
    }
    println!("mutation fuzz: {tried} inputs, seed {seed}, no panic");
}
