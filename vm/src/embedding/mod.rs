//! Layer 7, embedding: the API a host uses to run the VM (`Vm`, `Options`, `Outcome`),
//! and the fuzzing entry points.

#[cfg(feature = "fuzz")]
pub mod fuzz;
pub mod vm;
