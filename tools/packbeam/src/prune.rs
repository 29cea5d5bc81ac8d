//! Pruning a bundle to the modules its start module can reach (`packbeam create --prune`).
//!
//! A module is reached when a kept module names it as an atom: in its atom table (remote calls,
//! `spawn(M, F, A)`, Elixir aliases passed as data such as a child spec's module), in its
//! literals (`fun M:F/A`, module names inside constant terms) or in its attributes (behaviours).
//! That is wider than the import table alone on purpose: Erlang and Elixir code hands module
//! names around as atoms, and a module dropped wrongly fails only at run time. Two more rules:
//! an Elixir protocol that is kept keeps its implementations (`Elixir.<Protocol>.<Type>`,
//! which an unconsolidated protocol finds by building their names), and an application
//! resource file kept as data keeps its callback module (`{mod, {M, Args}}`). What only
//! `apply` with a computed name reaches is named with `--keep MODULE`.

use atomvm::bundle::{beam_atom_table, beam_chunks, beam_exports, Section};
use std::collections::{BTreeSet, HashMap};

/// External term format tags of atoms (OTP writes the UTF-8 ones; old literals the others).
const ATOM_EXT: u8 = 100;
const SMALL_ATOM_EXT: u8 = 115;
const ATOM_UTF8_EXT: u8 = 118;
const SMALL_ATOM_UTF8_EXT: u8 = 119;

/// The sections to keep: every data section, and the modules reachable from `roots`.
/// Fails when a root is not among the modules.
pub fn prune(sections: Vec<Section>, roots: &[String]) -> Result<Vec<Section>, String> {
    let modules: HashMap<String, usize> = sections
        .iter()
        .enumerate()
        .filter(|(_, s)| s.is_beam())
        .map(|(i, s)| (module_of(&s.name), i))
        .collect();
    let mut kept: BTreeSet<String> = BTreeSet::new();
    let mut queue: Vec<String> = Vec::new();
    for r in roots {
        let r = module_of(r);
        if !modules.contains_key(&r) {
            return Err(format!("module {r} is not among the inputs"));
        }
        queue.push(r);
    }
    // Application callback modules named by kept resource files.
    for s in sections
        .iter()
        .filter(|s| !s.is_beam() && s.name.ends_with(".app"))
    {
        queue.extend(app_callback(&s.data).filter(|m| modules.contains_key(m)));
    }
    while let Some(m) = queue.pop() {
        if !kept.insert(m.clone()) {
            continue;
        }
        let data = &sections[modules[&m]].data;
        for name in named_atoms(data) {
            if modules.contains_key(&name) && !kept.contains(&name) {
                queue.push(name);
            }
        }
        if exports(data, "__protocol__", 1) {
            let prefix = format!("{m}.");
            for (other, &i) in &modules {
                let is_impl =
                    other.starts_with(&prefix) && exports(&sections[i].data, "__impl__", 1);
                if is_impl && !kept.contains(other) {
                    queue.push(other.clone());
                }
            }
        }
    }
    Ok(sections
        .into_iter()
        .filter(|s| !s.is_beam() || kept.contains(&module_of(&s.name)))
        .collect())
}

fn module_of(name: &str) -> String {
    name.strip_suffix(".beam").unwrap_or(name).to_string()
}

fn exports(beam: &[u8], function: &str, arity: u32) -> bool {
    beam_exports(beam).is_some_and(|e| e.iter().any(|(f, a)| f == function && *a == arity))
}

/// Every atom a module names: its atom table, and the atoms in its literals and attributes.
fn named_atoms(beam: &[u8]) -> BTreeSet<String> {
    let mut out: BTreeSet<String> = beam_atom_table(beam)
        .unwrap_or_default()
        .into_iter()
        .collect();
    for (id, body) in beam_chunks(beam).unwrap_or_default() {
        match &id {
            b"LitT" => {
                if let Some(bytes) = literal_bytes(body) {
                    scan_atoms(&bytes, &mut out);
                }
            }
            b"LitU" | b"Attr" => scan_atoms(body, &mut out),
            _ => {}
        }
    }
    out
}

/// A LitT chunk's terms: a 4-byte uncompressed size, then zlib data (or the terms as they are
/// when the size is 0, as OTP 28 writes small tables).
fn literal_bytes(body: &[u8]) -> Option<Vec<u8>> {
    let size = u32::from_be_bytes(body.get(..4)?.try_into().ok()?) as usize;
    let rest = body.get(4..)?;
    if size == 0 {
        return Some(rest.to_vec());
    }
    miniz_oxide::inflate::decompress_to_vec_zlib_with_limit(rest, size).ok()
}

/// Adds every byte run that reads as an encoded atom. A false find only keeps a module more.
fn scan_atoms(bytes: &[u8], out: &mut BTreeSet<String>) {
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

/// The module of `{mod, {Module, Args}}` in an application resource file's text.
fn app_callback(text: &[u8]) -> Option<String> {
    let text = std::str::from_utf8(text).ok()?;
    let compact: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    let rest = &compact[compact.find("{mod,{")? + 6..];
    let name = match rest.strip_prefix('\'') {
        Some(quoted) => &quoted[..quoted.find('\'')?],
        None => &rest[..rest.find(',')?],
    };
    Some(name.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scans_every_atom_encoding() {
        let mut out = BTreeSet::new();
        let mut bytes = vec![131, SMALL_ATOM_UTF8_EXT, 3];
        bytes.extend_from_slice(b"foo");
        bytes.extend_from_slice(&[ATOM_EXT, 0, 3]);
        bytes.extend_from_slice(b"bar");
        bytes.push(SMALL_ATOM_UTF8_EXT); // cut short: no length
        scan_atoms(&bytes, &mut out);
        assert!(out.contains("foo") && out.contains("bar"), "{out:?}");
    }

    #[test]
    fn finds_an_applications_callback_module() {
        let app = b"{application, elixir,\n [{description, \"elixir\"},\n  {mod, {elixir, []}}]}.";
        assert_eq!(app_callback(app).as_deref(), Some("elixir"));
        let quoted = b"{application,x,[{mod,{'Elixir.X.App',[]}}]}.";
        assert_eq!(app_callback(quoted).as_deref(), Some("Elixir.X.App"));
        assert_eq!(app_callback(b"{application,x,[]}."), None);
    }
}
