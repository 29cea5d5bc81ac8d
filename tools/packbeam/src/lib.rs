//! packbeam as a library: make `.avm` bundles from `.beam` files, other bundles and data files.
//! The `packbeam` command line and `cargo xtask build` (which packs the libraries under `libs/`
//! and the test suites) both go through here; the format itself lives in `atomvm::bundle`.

use atomvm::bundle::{self as avm, Section, FLAG_START};

pub mod prune;
use std::path::{Component, Path, PathBuf};

/// Which module gets the start flag.
#[derive(Clone, Copy, Debug)]
pub enum Start<'a> {
    /// The first module exporting `start/0`, if any.
    Auto,
    /// This module (it must be among the inputs and export `start/0`).
    Module(&'a str),
    /// None: a library bundle, loaded next to an application's.
    None,
}

/// The sections of a bundle made of `inputs`: a `.beam` is stored as `MODULE.beam` (named by
/// its module attribute), an `.avm` has its sections merged in, any other file becomes a data
/// section named by its path (relative to `data_root` if given). A duplicate name is left out
/// with a warning on stderr (the runtime only ever sees the first). The start module goes first.
pub fn sections_of(
    inputs: &[PathBuf],
    start: Start,
    data_root: Option<&Path>,
) -> Result<Vec<Section>, String> {
    let mut sections: Vec<Section> = Vec::new();
    for input in inputs {
        let shown = input.display().to_string();
        let bytes = std::fs::read(input).map_err(|e| format!("cannot read {shown}: {e}"))?;
        let ext = input.extension().and_then(|e| e.to_str()).unwrap_or("");
        let new = if ext == "beam" {
            let Some(module) = avm::beam_module_name(&bytes) else {
                return Err(format!(
                    "{shown}: not a valid .beam file (no FOR1/BEAM atom table)"
                ));
            };
            vec![Section::beam(format!("{module}.beam"), bytes, false)]
        } else if ext == "avm" {
            avm::parse(&bytes).map_err(|e| e.in_file(shown.as_str()).to_string())?
        } else {
            vec![Section::data_file(data_name(&shown, data_root)?, bytes)]
        };
        for s in new {
            if sections.iter().any(|old| old.name == s.name) {
                eprintln!(
                    "packbeam: warning: duplicate {} from {shown} left out",
                    s.name
                );
            } else {
                sections.push(s);
            }
        }
    }
    choose_start(&mut sections, start)?;
    Ok(sections)
}

/// Chunks the VM never reads: debug info, docs, OTP's type info, Elixir's checker data.
const UNUSED_CHUNKS: [&[u8; 4]; 4] = [b"Dbgi", b"Docs", b"Type", b"ExCk"];

/// The `.beam` without the chunks the VM never reads (bundles are for small devices). A file
/// that is not a plain BEAM container (e.g. gzip-compressed) is kept as it is.
fn strip_beam(bytes: Vec<u8>) -> Vec<u8> {
    let Ok(file) = atomvm::bundle::parse_beam(&bytes) else {
        return bytes;
    };
    if !file.chunks.iter().any(|c| UNUSED_CHUNKS.contains(&&c.id)) {
        return bytes;
    }
    let mut body = b"BEAM".to_vec();
    for c in file
        .chunks
        .iter()
        .filter(|c| !UNUSED_CHUNKS.contains(&&c.id))
    {
        body.extend_from_slice(&c.id);
        body.extend_from_slice(&(c.data.len() as u32).to_be_bytes());
        body.extend_from_slice(c.data);
        body.resize(body.len().next_multiple_of(4), 0);
    }
    let mut out = b"FOR1".to_vec();
    out.extend_from_slice(&(body.len() as u32).to_be_bytes());
    out.extend_from_slice(&body);
    out
}

/// Leave out of every module the chunks the VM never reads.
pub fn strip_sections(sections: &mut [Section]) {
    for s in sections.iter_mut().filter(|s| s.is_beam()) {
        s.data = strip_beam(std::mem::take(&mut s.data));
    }
}

/// Check `sections` and write them as a bundle to `path`.
pub fn write_avm(path: &Path, sections: &[Section]) -> Result<(), String> {
    let shown = path.display().to_string();
    avm::check(sections).map_err(|e| e.in_file(shown.as_str()).to_string())?;
    std::fs::write(path, avm::write(sections)).map_err(|e| format!("cannot write {shown}: {e}"))
}

/// `sections_of` then `write_avm`.
/// A bundle of `inputs` as `cargo xtask build` makes them (the libraries, the test suites):
/// like the command line's `create`, with the modules stripped of what the VM never reads.
pub fn create(out: &Path, inputs: &[PathBuf], start: Start) -> Result<(), String> {
    create_with_data(out, inputs, start, None)
}

/// `create`, with data files named by their path under `data_root`.
pub fn create_with_data(
    out: &Path,
    inputs: &[PathBuf],
    start: Start,
    data_root: Option<&Path>,
) -> Result<(), String> {
    let mut sections = sections_of(inputs, start, data_root)?;
    strip_sections(&mut sections);
    write_avm(out, &sections)
}

/// Give at most one module the start flag (exactly one unless `Start::None` or no module can
/// start) and move it first.
fn choose_start(sections: &mut Vec<Section>, wanted: Start) -> Result<(), String> {
    // Decide from the exports; keep a merged bundle's flag if its module is opaque.
    let can_start: Vec<bool> = sections
        .iter()
        .map(|s| {
            s.is_beam()
                && match avm::beam_exports(&s.data) {
                    Some(e) => e.iter().any(|(n, ar)| n == "start" && *ar == 0),
                    None => s.is_start(),
                }
        })
        .collect();
    let chosen = match wanted {
        Start::Module(m) => {
            let m = m.strip_suffix(".beam").unwrap_or(m);
            let name = format!("{m}.beam");
            let Some(i) = sections.iter().position(|s| s.is_beam() && s.name == name) else {
                return Err(format!("create: start module {m} is not among the inputs"));
            };
            if !can_start[i] {
                return Err(format!("create: start module {m} does not export start/0"));
            }
            Some(i)
        }
        Start::Auto => can_start.iter().position(|&c| c),
        Start::None => None,
    };
    for s in sections.iter_mut() {
        s.flags &= !FLAG_START;
    }
    if let Some(i) = chosen {
        let mut s = sections.remove(i);
        s.flags |= FLAG_START;
        sections.insert(0, s);
    }
    Ok(())
}

/// The section name of a data file: its path as given (or relative to `root`), with `/`
/// separators and no `.` components.
fn data_name(input: &str, root: Option<&Path>) -> Result<String, String> {
    let path = Path::new(input);
    let rel = match root {
        Some(r) => path
            .strip_prefix(r)
            .map_err(|_| format!("{input}: not under --data-root {}", r.display()))?,
        None => path,
    };
    let mut parts = Vec::new();
    for c in rel.components() {
        match c {
            Component::Normal(p) => match p.to_str() {
                Some(p) => parts.push(p),
                None => return Err(format!("{input}: file name is not UTF-8")),
            },
            Component::CurDir => {}
            _ => {
                return Err(format!(
                    "{input}: a data file's name must be a relative path without '..' \
                     (use --data-root DIR to name it relative to DIR)"
                ))
            }
        }
    }
    if parts.is_empty() {
        return Err(format!("{input}: empty data file name"));
    }
    Ok(parts.join("/"))
}
