//! The library and socket suites as a newer OTP compiles them: the libraries (estdlib, eavmlib,
//! etest) and the suites' modules, all compiled by OTP 27's or 29's erlc (in its chroot), are
//! packed into build/otpNN/ — libs/atomvmlib.avm, tests/libs/libs_tests.avm,
//! tests/sockets/sockets_tests.avm — and run like the host compiler's build.

use crate::artifacts::{erl_sources, stem};
use crate::libs::{beams, lib_dir, pack, LIBS};
use crate::otp::{compile_stale, Inputs};
use crate::Ctx;
use packbeam::Start;
use std::path::{Path, PathBuf};

/// What one release's build of the suites made.
pub struct Bundles {
    pub atomvmlib: PathBuf,
    pub libs_suite: PathBuf,
    pub sockets_suite: PathBuf,
}

fn root(ctx: &Ctx, otp: u32) -> PathBuf {
    ctx.build.join(format!("otp{otp}"))
}

/// Compile `sources` with OTP `otp` into `out` (dropping beams of sources that went away):
/// the failures, one line each.
fn compile_into(
    otp: u32,
    what: &str,
    sources: &[PathBuf],
    out: &Path,
    include_dirs: &[&Path],
    deps: &[PathBuf],
) -> Result<Vec<String>, String> {
    for b in beams(out) {
        if !sources.iter().any(|s| stem(s) == stem(&b)) {
            let _ = std::fs::remove_file(&b);
        }
    }
    let inputs = Inputs {
        include_dirs,
        code_dirs: &[],
    };
    Ok(compile_stale(otp, sources, deps, &inputs, out)?
        .into_iter()
        .map(|(m, msg)| {
            format!(
                "OTP {otp} erlc {what}/{m}.erl: {}",
                crate::proc::one_line(&msg, 400)
            )
        })
        .collect())
}

/// Build the libraries and both suites with OTP `otp`'s compiler. The host build must have run
/// first: the suites' generated start modules and resource files come from it.
pub fn build(ctx: &Ctx, otp: u32) -> Result<Bundles, String> {
    let root = root(ctx, otp);
    let include_dirs: Vec<PathBuf> = LIBS
        .iter()
        .map(|l| lib_dir(ctx, l).join("include"))
        .filter(|d| d.is_dir())
        .collect();
    let includes: Vec<&Path> = include_dirs.iter().map(|d| d.as_path()).collect();
    let deps: Vec<PathBuf> = include_dirs
        .iter()
        .flat_map(|d| crate::otp::files_in(d, "hrl"))
        .collect();
    let mut failures = Vec::new();
    let mut lib_beams = Vec::new();
    for lib in LIBS {
        let sources = erl_sources(&lib_dir(ctx, lib).join("src"));
        let out = root.join("libs").join(lib).join("ebin");
        failures.extend(compile_into(
            otp,
            &format!("libs/{lib}/src"),
            &sources,
            &out,
            &includes,
            &deps,
        )?);
        lib_beams.extend(beams(&out));
    }
    let mut suite = |name: &str, start: &str| -> Result<Vec<PathBuf>, String> {
        let mut sources = erl_sources(&ctx.root.join("tests").join(name));
        // The start module the host build generated from the same list of test modules.
        sources.push(
            ctx.build
                .join("tests")
                .join(name)
                .join("src")
                .join(format!("{start}.erl")),
        );
        let out = root.join("tests").join(name).join("ebin");
        failures.extend(compile_into(
            otp,
            &format!("tests/{name}"),
            &sources,
            &out,
            &includes,
            &deps,
        )?);
        Ok(beams(&out))
    };
    let libs_beams = suite("libs", crate::libs::SUITE_START)?;
    let sockets_beams = suite("sockets", crate::sockets::SUITE_START)?;
    if !failures.is_empty() {
        return Err(failures.join("\n"));
    }
    let bundles = Bundles {
        atomvmlib: root.join("libs/atomvmlib.avm"),
        libs_suite: root.join(format!("tests/libs/{}.avm", crate::libs::SUITE_START)),
        sockets_suite: root.join(format!("tests/sockets/{}.avm", crate::sockets::SUITE_START)),
    };
    pack(&bundles.atomvmlib, &lib_beams, Start::None, None)?;
    let mut inputs = libs_beams;
    inputs.extend(crate::libs::suite_resource_files(ctx)?);
    pack(
        &bundles.libs_suite,
        &inputs,
        Start::Module(crate::libs::SUITE_START),
        Some(&crate::libs::suite_data_root(ctx)),
    )?;
    pack(
        &bundles.sockets_suite,
        &sockets_beams,
        Start::Module(crate::sockets::SUITE_START),
        None,
    )?;
    Ok(bundles)
}
