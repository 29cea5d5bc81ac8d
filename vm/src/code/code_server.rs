//! Where modules come from: the `.beam` images the VM was given (directly or inside bundles),
//! loaded on first use like AtomVM does, so a large library bundle costs nothing until called.
//!
//! Locking rule: `AVAILABLE` is held while one module loads (loading never asks for another
//! module), so concurrent first calls into a module wait for one load instead of racing.

use crate::code::loader;
use crate::code::module::{self, Module};
use crate::platform::sync::Mutex;
use crate::terms::term::Atom;
use std::collections::HashMap;
use std::sync::OnceLock;

/// Module images not loaded yet, by module name.
static AVAILABLE: OnceLock<Mutex<HashMap<Atom, Image>>> = OnceLock::new();

struct Image {
    /// Where it came from, for error messages ("app.avm:foo.beam").
    origin: String,
    bytes: &'static [u8],
}

fn available() -> &'static Mutex<HashMap<Atom, Image>> {
    AVAILABLE.get_or_init(|| Mutex::new(HashMap::new()))
}

/// Offer a module image for loading on demand. The first image offered for a name wins, as
/// with AtomVM's search order over the bundles on the command line.
pub fn offer(name: Atom, origin: String, bytes: &'static [u8]) {
    available()
        .lock()
        .entry(name)
        .or_insert(Image { origin, bytes });
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
    let image = available.remove(&name)?;
    let loaded = load_image(&image.origin, image.bytes);
    drop(available);
    match loaded {
        Ok(m) => Some(m),
        Err(e) => {
            crate::platform::get().write_stderr(format!("AtomVM: {}\n", e).as_bytes());
            module::by_name(name)
        }
    }
}

/// Load and register one module image now.
pub fn load_image(origin: &str, bytes: &[u8]) -> Result<&'static Module, String> {
    let mut m = loader::load(bytes).map_err(|e| format!("{}: {}", origin, e))?;
    crate::code::specialise::specialise(&mut m);
    let name = m.name;
    match module::register(m) {
        Ok(m) => Ok(m),
        // Loaded meanwhile (another scheduler): use that one.
        Err(module::RegisterError::AlreadyLoaded(_)) => {
            module::by_name(name).ok_or_else(|| format!("{}: lost module", origin))
        }
        Err(e) => Err(format!("{}: {}", origin, e)),
    }
}
