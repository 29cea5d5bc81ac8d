//! Load-time rewriting of decoded code for speed: done once per module, before it is published.

use crate::instr::Instr;
use crate::module::Module;

pub fn specialise(module: &mut Module) {
    for instr in module.code.iter_mut() {
        if let Instr::SelectVal { list, .. } = instr {
            // Immediates first, in raw-word order, so dispatch can binary-search them.
            list.sort_by_key(|e| (!e.0.is_immediate(), e.0.raw()));
        }
    }
}
