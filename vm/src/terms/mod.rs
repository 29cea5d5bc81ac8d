//! Layer 1, terms: the value representation every other layer builds on — the tagged word,
//! atoms, process heaps and the collector, copying, numbers, bitstrings, maps, comparison,
//! hashing, printing and the external term format. Uses only the platform layer.

pub mod atom;
pub mod bignum;
pub mod binary;
pub mod bits;
pub mod byte_reader;
pub mod compare;
pub mod copy;
pub mod exception;
pub mod ext_encode;
pub mod ext_term;
pub mod float_format;
pub mod fun_info;
pub mod gc;
pub mod hash;
pub mod heap;
pub mod local_node;
pub mod map;
pub mod number;
pub mod print;
pub mod reference;
pub mod term;
pub mod text;
