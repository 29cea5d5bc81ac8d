//! Entry points for the fuzzers in `fuzz/` (cargo-fuzz, nightly) and for the corpus test
//! `vm/tests/fuzz_corpus.rs` (stable, every CI run): each feeds arbitrary bytes to one of the
//! VM's decoders the way the VM itself does, and checks properties that must hold for any
//! input. Bad input must come back as `Err`; a panic here (an assertion below or one inside the
//! VM) is a bug that the fuzzers report as a crash.
//!
//! Nothing is registered globally except atoms (the atom table only grows, as in the VM), so
//! millions of calls in one process stay independent.

use crate::code::avm;
use crate::code::loader::{self, LoadError};
use crate::terms::compare::eq_exact;
use crate::terms::ext_encode::{self, EncodeOptions};
use crate::terms::ext_term::{self, ExtError};
use crate::terms::gc;
use crate::terms::hash;
use crate::terms::heap::Heap;
use crate::terms::print::print_term;
use crate::terms::term::Term;

/// Stands in for the calling process (a fun's creator when encoding).
const SELF_PID: Term = Term::pid(0);

/// Decode into a fresh process heap exactly as `binary_to_term/2` does: measure, reserve what the
/// measure promised, build. Returns the heap, the term and the bytes consumed.
fn decode_into_heap(data: &[u8], safe: bool) -> Result<(Heap, Term, usize), ExtError> {
    let m = ext_term::measure_with(data, safe)?;
    let words = m.heap_words();
    let mut heap = Heap::new(0);
    let t = {
        let mut r = heap.reserve(words, &mut []);
        m.build(&mut r)?
    };
    // The measure is an upper bound: building must not need more (it would spill into a
    // fragment, which is safe but means the reservation was wrong).
    assert!(
        heap.used() <= words,
        "binary_to_term built {} words but measured {}",
        heap.used(),
        words
    );
    Ok((heap, t, m.consumed()))
}

/// `binary_to_term(Data)` (or `binary_to_term(Data, [safe])`) on arbitrary bytes. When the
/// bytes decode, also checks:
/// - `used`: the consumed prefix alone decodes to the same term;
/// - round trip: `term_to_binary` of the term (default, minor versions 0 and 1, compressed)
///   decodes back to an `=:=` term, and encoding is deterministic;
/// - the term survives a garbage collection of its heap unchanged, and hashes and prints the
///   same as its copy.
pub fn binary_to_term(data: &[u8], safe: bool) -> Result<(), ExtError> {
    crate::natives::install();
    let (mut heap, t, consumed) = decode_into_heap(data, safe)?;
    assert!(
        consumed >= 2 && consumed <= data.len(),
        "consumed {}",
        consumed
    );
    let (_h, prefix, prefix_used) = decode_into_heap(&data[..consumed], safe)
        .unwrap_or_else(|e| panic!("the consumed prefix does not decode: {}", e));
    assert_eq!(prefix_used, consumed);
    assert!(
        eq_exact(t, prefix),
        "the consumed prefix decodes differently"
    );

    let encoded =
        ext_encode::encode(t, &EncodeOptions::default(), SELF_PID).expect("a decoded term encodes");
    let (h2, t2, used2) = decode_into_heap(&encoded, safe)
        .unwrap_or_else(|e| panic!("term_to_binary output does not decode: {}", e));
    assert_eq!(
        used2,
        encoded.len(),
        "term_to_binary output has trailing bytes"
    );
    assert!(eq_exact(t, t2), "round trip changed the term");
    let again = ext_encode::encode(t2, &EncodeOptions::default(), SELF_PID)
        .expect("a decoded term encodes");
    assert!(again == encoded, "term_to_binary is not deterministic");

    for opts in [
        EncodeOptions {
            minor_version: 0,
            compression: 0,
        },
        EncodeOptions {
            minor_version: 1,
            compression: 0,
        },
        EncodeOptions {
            minor_version: 2,
            compression: 6,
        },
    ] {
        let bytes = ext_encode::encode(t, &opts, SELF_PID).expect("a decoded term encodes");
        let (_h, t3, used3) = decode_into_heap(&bytes, safe)
            .unwrap_or_else(|e| panic!("term_to_binary {:?} does not decode: {}", opts, e));
        assert_eq!(used3, bytes.len());
        assert!(
            eq_exact(t, t3),
            "round trip with {:?} changed the term",
            opts
        );
    }

    // A collection moves the term (heap words, sub-binaries, maps) and must keep it intact.
    let mut roots = [t];
    gc::collect(&mut heap, 0, &mut [&mut roots]);
    let moved = roots[0];
    assert!(eq_exact(moved, t2), "garbage collection changed the term");
    assert_eq!(hash::make_hash2(moved), hash::make_hash2(t2));
    assert_eq!(hash::make_hash(moved), hash::make_hash(t2));
    assert_eq!(print_term(moved), print_term(t2));
    drop(h2);
    Ok(())
}

/// Load a `.beam` image as the code server does (decode, then the load-time rewrites), without
/// registering the module.
pub fn load_beam(data: &[u8]) -> Result<(), LoadError> {
    crate::natives::install();
    let mut m = loader::load(data)?;
    crate::code::specialise::specialise(&mut m);
    Ok(())
}

/// Read a `.avm` bundle as the VM and packbeam do: its sections, each BEAM section loaded as by
/// [`load_beam`] and peeked at by packbeam's helpers. When the bundle parses, writing its sections
/// back and reading them again must give the same sections.
pub fn load_avm(data: &[u8]) -> Result<(), avm::AvmError> {
    crate::natives::install();
    let sections = avm::sections(data)?;
    for s in &sections {
        if s.is_beam() {
            let _ = avm::beam_module_name(s.data);
            let _ = avm::beam_exports(s.data);
            let _ = avm::beam_exports_start(s.data);
            let _ = load_beam(s.data);
        }
    }
    let owned: Vec<avm::Section> = sections.iter().map(|s| s.to_owned()).collect();
    if avm::check(&owned).is_ok() {
        let written = avm::write(&owned);
        let reread = avm::parse(&written).expect("a written bundle parses");
        assert_eq!(reread, owned, "write then parse changed the sections");
    }
    let _ = avm::start_section(&owned);
    Ok(())
}

/// Load and register a module (once per process; again is a no-op), so that funs of it decode:
/// the fuzz targets and the corpus test load `tests/fuzz/load_beam/fuzz_funs` with this.
pub fn register_module(beam: &[u8]) -> Result<(), String> {
    crate::natives::install();
    crate::code::code_server::load_image("fuzz", beam).map(|_| ())
}
