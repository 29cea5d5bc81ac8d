//! What each function of a `.beam` refers to, for tools that prune bundles (packbeam's
//! `--prune`): the local functions it calls or makes funs of, the remote functions it calls
//! (imports), and the atoms it names (atom operands, and the atoms inside the literals it uses:
//! a module name passed as data, `fun M:F/A`). Decoded with the loader's operand reader; nothing
//! is loaded or registered.

use crate::code::avm::{beam_atoms, beam_chunks};
use crate::code::compact::{CompactReader, Operand};
use crate::code::opcodes;
use crate::terms::heap::Arena;
use std::collections::{BTreeSet, HashMap};

/// External term format tags of atoms (OTP writes the UTF-8 ones; old literals the others).
const ATOM_EXT: u8 = 100;
const SMALL_ATOM_EXT: u8 = 115;
const ATOM_UTF8_EXT: u8 = 118;
const SMALL_ATOM_UTF8_EXT: u8 = 119;

/// One function's references.
#[derive(Clone, Debug, Default)]
pub struct FunctionRefs {
    pub name: String,
    pub arity: u32,
    /// Local functions called or made into funs, as (name, arity).
    pub local: BTreeSet<(String, u32)>,
    /// Remote functions called, as (module, name, arity).
    pub remote: BTreeSet<(String, String, u32)>,
    /// Atoms named in the code or in the literals it uses.
    pub atoms: BTreeSet<String>,
}

/// A module's functions and the atoms its attributes name (behaviours).
#[derive(Clone, Debug, Default)]
pub struct CallGraph {
    pub module: String,
    pub functions: Vec<FunctionRefs>,
    pub attribute_atoms: BTreeSet<String>,
}

/// The call graph of a `.beam`; None when it cannot be decoded.
pub fn beam_call_graph(bytes: &[u8]) -> Option<CallGraph> {
    let chunks = beam_chunks(bytes)?;
    let find = |id: &[u8; 4]| chunks.iter().find(|(c, _)| c == id).map(|(_, b)| *b);
    let atoms = beam_atoms(&chunks)?;
    let atom = |i: u64| atoms.get(usize::try_from(i).ok()?.checked_sub(1)?).cloned();
    let word = |b: &[u8], at: usize| -> Option<u64> {
        Some(u32::from_be_bytes(b.get(at..at.checked_add(4)?)?.try_into().ok()?) as u64)
    };
    let mut imports = Vec::new();
    if let Some(imp) = find(b"ImpT") {
        for i in 0..word(imp, 0)? as usize {
            let at = 4 + i * 12;
            imports.push((
                atom(word(imp, at)?)?,
                atom(word(imp, at + 4)?)?,
                word(imp, at + 8)? as u32,
            ));
        }
    }
    // Lambda index -> the label of its code.
    let mut lambdas = Vec::new();
    if let Some(fun) = find(b"FunT") {
        for i in 0..word(fun, 0)? as usize {
            lambdas.push(word(fun, 4 + i * 24 + 8)? as u32);
        }
    }
    let literal_atoms = literals(find(b"LitT"), find(b"LitU"));
    let code = find(b"Code")?;
    let header = word(code, 0)? as usize;
    let mut reader = CompactReader::new(code.get(header.checked_add(4)?..)?);
    let mut scratch = Arena::new();
    let mut functions: Vec<FunctionRefs> = Vec::new();
    // Label -> index of the function it is in; local calls name labels, resolved at the end.
    let mut label_owner: HashMap<u32, usize> = HashMap::new();
    let mut local_labels: Vec<Vec<u32>> = Vec::new();
    while !reader.is_empty() {
        let op = opcodes::get(reader.byte().ok()?)?;
        let mut operands = Vec::with_capacity(op.arity as usize);
        for _ in 0..op.arity {
            operands.push(reader.operand(&mut scratch).ok()?);
        }
        if op.name == "int_code_end" {
            break;
        }
        if op.name == "func_info" {
            let (Some(Operand::Atom(f)), Some(Operand::U(a))) = (operands.get(1), operands.get(2))
            else {
                return None;
            };
            functions.push(FunctionRefs {
                name: atom(*f as u64)?,
                arity: *a as u32,
                ..Default::default()
            });
            local_labels.push(Vec::new());
            continue;
        }
        let Some(current) = functions.len().checked_sub(1) else {
            continue; // labels and lines before the first function
        };
        if let ("label", Some(Operand::U(l))) = (op.name, operands.first()) {
            label_owner.insert(*l as u32, current);
            continue;
        }
        let import_at = match op.name {
            "call_ext" | "call_ext_last" | "call_ext_only" | "bif1" | "bif2" | "bif3" => Some(1),
            "bif0" => Some(0),
            "gc_bif1" | "gc_bif2" | "gc_bif3" => Some(2),
            _ => None,
        };
        let f = &mut functions[current];
        if let Some(Operand::U(i)) = import_at.and_then(|at| operands.get(at)) {
            f.remote.insert(imports.get(*i as usize)?.clone());
        }
        match (op.name, operands.first(), operands.get(1)) {
            ("call" | "call_last" | "call_only", _, Some(Operand::Label(l))) => {
                local_labels[current].push(*l)
            }
            ("make_fun2" | "make_fun3", Some(Operand::U(i)), _) => {
                local_labels[current].push(*lambdas.get(*i as usize)?)
            }
            _ => {}
        }
        for o in &operands {
            named(o, &atom, &literal_atoms, &mut f.atoms);
        }
    }
    for (i, labels) in local_labels.into_iter().enumerate() {
        for l in labels {
            let owner = *label_owner.get(&l)?;
            let callee = (functions[owner].name.clone(), functions[owner].arity);
            functions[i].local.insert(callee);
        }
    }
    let mut attribute_atoms = BTreeSet::new();
    if let Some(attr) = find(b"Attr") {
        scan_atoms(attr, &mut attribute_atoms);
    }
    Some(CallGraph {
        module: atoms.first()?.clone(),
        functions,
        attribute_atoms,
    })
}

/// The atoms an operand names, directly or through a literal.
fn named(
    o: &Operand,
    atom: &dyn Fn(u64) -> Option<String>,
    literal_atoms: &[BTreeSet<String>],
    out: &mut BTreeSet<String>,
) {
    match o {
        Operand::Atom(i) => out.extend(atom(*i as u64)),
        Operand::Literal(i) => {
            if let Some(a) = literal_atoms.get(*i as usize) {
                out.extend(a.iter().cloned());
            }
        }
        Operand::List(items) => items
            .iter()
            .for_each(|x| named(x, atom, literal_atoms, out)),
        _ => {}
    }
}

/// The atoms in each literal of a LitT (zlib, or stored as is when its size word is 0) or
/// LitU chunk.
fn literals(compressed: Option<&[u8]>, plain: Option<&[u8]>) -> Vec<BTreeSet<String>> {
    let table = match (compressed, plain) {
        (Some(c), _) => {
            let size = c
                .get(..4)
                .map(|s| u32::from_be_bytes([s[0], s[1], s[2], s[3]]));
            match (size, c.get(4..)) {
                (Some(0), Some(rest)) => Some(rest.to_vec()),
                (Some(n), Some(rest)) => {
                    miniz_oxide::inflate::decompress_to_vec_zlib_with_limit(rest, n as usize).ok()
                }
                _ => None,
            }
        }
        (None, Some(p)) => Some(p.to_vec()),
        (None, None) => None,
    };
    let Some(table) = table else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let count = table
        .get(..4)
        .map_or(0, |s| u32::from_be_bytes([s[0], s[1], s[2], s[3]]) as usize);
    let mut at = 4usize;
    for _ in 0..count {
        let Some(size) = table
            .get(at..at + 4)
            .map(|s| u32::from_be_bytes([s[0], s[1], s[2], s[3]]) as usize)
        else {
            break;
        };
        let Some(term) = table.get(at + 4..(at + 4).saturating_add(size)) else {
            break;
        };
        let mut atoms = BTreeSet::new();
        scan_atoms(term, &mut atoms);
        out.push(atoms);
        at += 4 + size;
    }
    out
}

/// Adds every byte run of external term format that reads as an atom. A false find only
/// makes a pruner keep more.
pub fn scan_atoms(bytes: &[u8], out: &mut BTreeSet<String>) {
    let mut i = 0;
    while i < bytes.len() {
        let (len, at) = match bytes[i] {
            SMALL_ATOM_UTF8_EXT | SMALL_ATOM_EXT => match bytes.get(i + 1) {
                Some(&l) => (l as usize, i + 2),
                None => break,
            },
            ATOM_UTF8_EXT | ATOM_EXT => match bytes.get(i + 1..i + 3) {
                Some(l) => (u16::from_be_bytes([l[0], l[1]]) as usize, i + 3),
                None => break,
            },
            _ => {
                i += 1;
                continue;
            }
        };
        if let Some(Ok(text)) = bytes.get(at..at + len).map(std::str::from_utf8) {
            out.insert(text.to_string());
        }
        i += 1;
    }
}
