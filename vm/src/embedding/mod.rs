//! Layer 7, embedding: the API a host uses to run the VM (`Vm`, `Options`, `Outcome`),
//! and the fuzzing entry points.

pub mod fuzz;
pub mod vm;
