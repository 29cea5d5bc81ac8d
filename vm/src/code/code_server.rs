//! Where modules come from: the `.beam` images the VM was given (directly or inside bundles),
//! loaded on first use like AtomVM does, so a large library bundle costs nothing until called.
//!
//! A module not offered by any bundle is looked for as `<Module>.beam` in the search
//! directories: those of the `.beam` files named on the command line, as AtomVM does.
//!
//! Locking rule: `AVAILABLE` is held while one module loads (loading never asks for another
//! module), so concurrent first calls into a module wait for one load instead of racing.
//! `LOADED` and `SEARCH_DIRS` are only held for a lookup or an insert.

use crate::code::loader;
use crate::code::module::{self, Module};
use crate::platform::sync::Mutex;
use crate::terms::term::Atom;
use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::OnceLock;

/// Module images not loaded yet, by module name.
static AVAILABLE: OnceLock<Mutex<HashMap<Atom, Image>>> = OnceLock::new();

struct Image {
    /// Where it came from, for error messages ("app.avm:foo.beam").
    origin: String,
    bytes: &'static [u8],
    /// The named pack it came from (`atomvm:add_avm_pack_binary/2`'s `{name, N}`), if any.
    pack: Option<Atom>,
}

/// Where a loaded module came from: `code:all_loaded/0`, `code:get_object_code/1`, and
/// whether a named pack is in use.
#[derive(Clone)]
pub struct Origin {
    /// "app.avm:foo.beam", a path, or the file name given to `code:load_binary/3`.
    pub name: String,
    /// The image it was loaded from, when the VM keeps it (bundles, files, loaded binaries).
    pub image: Option<&'static [u8]>,
    pack: Option<Atom>,
}

static LOADED: OnceLock<Mutex<HashMap<Atom, Origin>>> = OnceLock::new();

fn loaded() -> &'static Mutex<HashMap<Atom, Origin>> {
    LOADED.get_or_init(Default::default)
}

/// Directories searched for `<Module>.beam` when no bundle offers a module.
static SEARCH_DIRS: OnceLock<Mutex<Vec<PathBuf>>> = OnceLock::new();

fn search_dirs() -> &'static Mutex<Vec<PathBuf>> {
    SEARCH_DIRS.get_or_init(Default::default)
}

/// Look for modules in `dir` too (after the bundles and the directories added before).
pub fn add_search_dir(dir: PathBuf) {
    let mut dirs = search_dirs().lock();
    if !dirs.contains(&dir) {
        dirs.push(dir);
    }
}

fn available() -> &'static Mutex<HashMap<Atom, Image>> {
    AVAILABLE.get_or_init(|| Mutex::new(HashMap::new()))
}

/// Offer a module image for loading on demand. The first image offered for a name wins, as
/// with AtomVM's search order over the bundles on the command line.
pub fn offer(name: Atom, origin: String, bytes: &'static [u8]) {
    offer_in_pack(name, origin, bytes, None);
}

/// Offer a module image that belongs to the named pack `pack` (closable with `close_pack`).
pub fn offer_in_pack(name: Atom, origin: String, bytes: &'static [u8], pack: Option<Atom>) {
    available().lock().entry(name).or_insert(Image {
        origin,
        bytes,
        pack,
    });
}

/// Why a named pack could not be closed.
#[derive(Debug, PartialEq, Eq)]
pub enum ClosePackError {
    /// No module was offered under that pack name (or it was closed already).
    Unknown,
    /// A module of the pack is loaded: its code refers to the pack's bytes.
    InUse,
}

/// Forget the modules of pack `pack` that are not loaded yet. Refused when one of its modules
/// was loaded already (AtomVM's rule: a pack in use stays open).
pub fn close_pack(pack: Atom) -> Result<(), ClosePackError> {
    let mut available = available().lock();
    let loaded = loaded().lock();
    if loaded.values().any(|origin| origin.pack == Some(pack)) {
        return Err(ClosePackError::InUse);
    }
    if !available.values().any(|image| image.pack == Some(pack)) {
        return Err(ClosePackError::Unknown);
    }
    available.retain(|_, image| image.pack != Some(pack));
    Ok(())
}

/// Every module that can be loaded or is loaded: (name, origin, loaded?), sorted by name.
pub fn all_available() -> Vec<(Atom, String, bool)> {
    let mut all: Vec<(Atom, String, bool)> = available()
        .lock()
        .iter()
        .map(|(&name, image)| (name, image.origin.clone(), false))
        .collect();
    for m in module::all() {
        all.push((m.name, origin_of(m.name), true));
    }
    all.sort_by(|a, b| crate::terms::atom::name(a.0).cmp(crate::terms::atom::name(b.0)));
    all
}

/// The image offered for a module not loaded yet, with its origin.
pub fn offered_image(name: Atom) -> Option<(String, &'static [u8])> {
    available()
        .lock()
        .get(&name)
        .map(|image| (image.origin.clone(), image.bytes))
}

/// Where a loaded module came from; `"preloaded"` when nothing was recorded.
pub fn origin_of(name: Atom) -> String {
    loaded()
        .lock()
        .get(&name)
        .map(|origin| origin.name.clone())
        .unwrap_or_else(|| "preloaded".to_string())
}

/// Where a loaded module came from, with its image when kept.
pub fn loaded_origin(name: Atom) -> Option<Origin> {
    loaded().lock().get(&name).cloned()
}

/// Data (non-BEAM) sections of the loaded bundles, by section name (`app/priv/file`).
static DATA: OnceLock<Mutex<HashMap<String, &'static [u8]>>> = OnceLock::new();

fn data_sections() -> &'static Mutex<HashMap<String, &'static [u8]>> {
    DATA.get_or_init(Default::default)
}

/// Make a bundle's data section readable (`atomvm:read_priv/2`); the first bundle wins.
pub fn offer_data(name: &str, bytes: &'static [u8]) {
    data_sections()
        .lock()
        .entry(name.to_string())
        .or_insert(bytes);
}

/// A data section by name.
pub fn data(name: &str) -> Option<&'static [u8]> {
    data_sections().lock().get(name).copied()
}

/// The module `name`, loading it now if an image was offered. Load failures are reported on
/// stderr once and the module stays unavailable (calls into it raise `undef`).
pub fn ensure_loaded(name: Atom) -> Option<&'static Module> {
    if let Some(m) = module::by_name(name) {
        return Some(m);
    }
    // Loading happens under the lock: a second scheduler asking for the same module waits here
    // and then finds it registered, instead of finding the image gone and raising `undef`.
    let mut available = available().lock();
    if let Some(m) = module::by_name(name) {
        return Some(m);
    }
    let image = match available.remove(&name) {
        Some(image) => image,
        None => find_in_search_dirs(name)?,
    };
    let loaded = load_kept_image(&image.origin, image.bytes, image.pack);
    drop(available);
    match loaded {
        Ok(m) => Some(m),
        Err(e) => {
            crate::platform::get().write_stderr(format!("AtomVM: {}\n", e).as_bytes());
            module::by_name(name)
        }
    }
}

/// `<dir>/<name>.beam` in the first search directory that has it.
fn find_in_search_dirs(name: Atom) -> Option<Image> {
    let file = format!("{}.beam", crate::terms::atom::name_str(name));
    // A module name is a file name here, never a path: no separators, no "..".
    if file.contains('/') || file.contains('\\') || file.contains('\0') || file.starts_with("..") {
        return None;
    }
    let dirs = search_dirs().lock().clone();
    for dir in dirs {
        let path = dir.join(&file);
        if let Ok(bytes) = std::fs::read(&path) {
            return Some(Image {
                origin: path.to_string_lossy().into_owned(),
                bytes: Box::leak(bytes.into_boxed_slice()),
                pack: None,
            });
        }
    }
    None
}

/// Load and register one module image now (the fuzz entry points' copy of their input).
#[cfg(feature = "fuzz")]
pub fn load_image(origin: &str, bytes: &[u8]) -> Result<&'static Module, String> {
    register(origin, bytes, None, None)
}

/// Load and register a module image that lives as long as the VM, keeping it for
/// `code:get_object_code/1`.
pub fn load_kept_image(
    origin: &str,
    bytes: &'static [u8],
    pack: Option<Atom>,
) -> Result<&'static Module, String> {
    register(origin, bytes, Some(bytes), pack)
}

fn register(
    origin: &str,
    bytes: &[u8],
    image: Option<&'static [u8]>,
    pack: Option<Atom>,
) -> Result<&'static Module, String> {
    let mut m = loader::load(bytes).map_err(|e| format!("{}: {}", origin, e))?;
    crate::code::specialise::specialise(&mut m);
    let name = m.name;
    match module::register(m) {
        Ok(m) => {
            let origin = Origin {
                name: origin.to_string(),
                image,
                pack,
            };
            loaded().lock().insert(name, origin);
            Ok(m)
        }
        // Loaded meanwhile (another scheduler): use that one.
        Err(module::RegisterError::AlreadyLoaded(_)) => {
            module::by_name(name).ok_or_else(|| format!("{}: lost module", origin))
        }
        Err(e) => Err(format!("{}: {}", origin, e)),
    }
}
