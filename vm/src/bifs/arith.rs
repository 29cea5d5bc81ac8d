//! (being written)

use crate::bif::BifEntry;

pub const BIFS: &[BifEntry] = &[];
