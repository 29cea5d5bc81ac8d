//! The embedding API: create a VM, give it bundles and modules, run the start function.
//!
//! ```ignore
//! let mut vm = Vm::new(Options::default(), Box::new(StdPlatform::new("x86_64-linux", "generic_unix")));
//! vm.load_file("app.avm", bytes)?;
//! let outcome = vm.run_start()?;
//! println!("Return value: {}", outcome.printed);
//! ```

use crate::platform::Platform;
use std::fmt;

#[derive(Clone, Debug, Default)]
pub struct Options {
    /// Collect at every heap reservation (GC stress mode).
    pub gc_stress: bool,
}

pub struct Vm {
    pub options: Options,
    pub platform: Box<dyn Platform>,
    /// Files loaded so far, in command-line order: name and whether it was a bundle.
    pub(crate) sources: Vec<crate::vm::Source>,
}

pub(crate) struct Source {
    pub name: String,
    pub bytes: Vec<u8>,
}

/// What the start function returned.
pub struct Outcome {
    /// The returned term printed like OTP's `~p`.
    pub printed: String,
    /// True when the value was `ok` or `0` (the process exit code is 0 then).
    pub success: bool,
}

#[derive(Debug)]
pub enum VmError {
    /// A file could not be used: its name and why.
    BadFile { file: String, reason: String },
    /// No start module could be found in the loaded files.
    NoStartModule,
    /// Anything else, already worded for the user.
    Other(String),
}

impl fmt::Display for VmError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            VmError::BadFile { file, reason } => write!(f, "{}: {}", file, reason),
            VmError::NoStartModule => write!(
                f,
                "no start module: give an .avm with a start-flagged module or a .beam exporting start/0"
            ),
            VmError::Other(s) => f.write_str(s),
        }
    }
}

impl std::error::Error for VmError {}

impl Vm {
    pub fn new(options: Options, platform: Box<dyn Platform>) -> Vm {
        Vm { options, platform, sources: Vec::new() }
    }

    /// Add a `.avm` bundle or a `.beam` file (told apart by content).
    pub fn load_file(&mut self, name: &str, bytes: Vec<u8>) -> Result<(), VmError> {
        self.sources.push(Source { name: name.to_string(), bytes });
        Ok(())
    }

    /// Run the start module's `start/0` to completion.
    pub fn run_start(&mut self) -> Result<Outcome, VmError> {
        Err(VmError::Other("the interpreter is not built yet".into()))
    }
}
