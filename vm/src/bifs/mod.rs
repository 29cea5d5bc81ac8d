//! BIF implementations, grouped by subject. Each file exports a `BIFS` table.

use crate::bif::BifEntry;

pub mod process_bifs;

/// Every BIF table, consulted once to build the registry.
pub const ALL: &[&[BifEntry]] = &[process_bifs::BIFS];
