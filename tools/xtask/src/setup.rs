//! `cargo xtask setup`: install whatever is missing, idempotently, saying what it does.

use crate::proc::{find_in_path, is_executable, run, run_shown, show};
use crate::{Ctx, Target};
use std::path::PathBuf;
use std::process::Command;
use std::time::{Duration, Instant};

pub const WASMTIME_VERSION: &str = "46.0.3";

pub fn setup(ctx: &mut Ctx) -> Result<(), String> {
    ensure_erlang()?;
    ensure_c_toolchain()?;
    // Newer OTP releases in chroots: a failure is printed and does not stop the rest.
    let chroots = crate::otp::ensure_chroots();
    if ctx.native_only {
        println!("setup: --native-only: not checking the wasm targets nor wasmtime");
    } else {
        ensure_wasm_targets()?;
        ctx.wasmtime = Some(ensure_wasmtime()?);
    }
    for (otp, r) in &chroots {
        if let Err(e) = r {
            println!(
                "setup: WARNING: no OTP {} chroot ({}): {}",
                otp,
                crate::otp::chroot_dir(*otp).display(),
                crate::proc::one_line(e, 300)
            );
        }
    }
    Ok(())
}

fn ensure_erlang() -> Result<(), String> {
    if let (Some(erlc), Some(_)) = (find_in_path("erlc"), find_in_path("erl")) {
        println!("setup: Erlang/OTP present ({})", erlc.display());
        return Ok(());
    }
    println!("setup: Erlang/OTP (erlc, erl) missing: installing the Debian package erlang-base");
    if find_in_path("apt-get").is_none() {
        return Err(
            "erlc not found and no apt-get here: install Erlang/OTP (erlc and erl) by hand".into(),
        );
    }
    let as_root = run(Command::new("id").arg("-u"), Duration::from_secs(10))
        .map(|o| o.stdout.trim() == "0")
        .unwrap_or(false);
    let apt = |args: &[&str]| {
        let mut c = if as_root {
            Command::new("apt-get")
        } else {
            let mut c = Command::new("sudo");
            c.args(["-n", "apt-get"]);
            c
        };
        c.args(args).env("DEBIAN_FRONTEND", "noninteractive");
        c
    };
    run_shown(&mut apt(&["update"]))?;
    run_shown(&mut apt(&[
        "install",
        "-y",
        "--no-install-recommends",
        "erlang-base",
    ]))?;
    if find_in_path("erlc").is_none() {
        return Err("erlang-base installed but erlc is still not on PATH".into());
    }
    Ok(())
}

/// Install Debian packages with apt-get (as root, or through sudo).
fn apt_install(packages: &[&str]) -> Result<(), String> {
    if find_in_path("apt-get").is_none() {
        return Err(format!(
            "no apt-get here: install {} by hand",
            packages.join(" ")
        ));
    }
    let as_root = run(Command::new("id").arg("-u"), Duration::from_secs(10))
        .map(|o| o.stdout.trim() == "0")
        .unwrap_or(false);
    let apt = |args: &[&str]| {
        let mut c = if as_root {
            Command::new("apt-get")
        } else {
            let mut c = Command::new("sudo");
            c.args(["-n", "apt-get"]);
            c
        };
        c.args(args).env("DEBIAN_FRONTEND", "noninteractive");
        c
    };
    run_shown(&mut apt(&["update"]))?;
    let mut args = vec!["install", "-y", "--no-install-recommends"];
    args.extend_from_slice(packages);
    run_shown(&mut apt(&args))?;
    Ok(())
}

/// Host OTP's `crypto` application (Debian splits it from erlang-base): the test programs
/// and suites that use `crypto` run under `erl` too.
fn ensure_erlang_crypto() -> Result<(), String> {
    ensure_otp_app("crypto", &["erlang-crypto"])
}

/// Host OTP's `ssl` application (with `public_key` and `asn1`, split from erlang-base like
/// `crypto`): the TLS interop checks compare against OTP's own `ssl`.
fn ensure_erlang_ssl() -> Result<(), String> {
    ensure_otp_app("ssl", &["erlang-ssl", "erlang-public-key", "erlang-asn1"])
}

/// Install the Debian `packages` unless the host's `erl` already finds application `app`.
fn ensure_otp_app(app: &str, packages: &[&str]) -> Result<(), String> {
    let found = run(
        Command::new("erl").args([
            "-noshell",
            "-eval",
            &format!("io:format(\"~p\", [code:which({app})]), halt()."),
        ]),
        Duration::from_secs(60),
    )
    .map(|o| o.stdout.contains(".beam"))
    .unwrap_or(false);
    if found {
        println!("setup: OTP {app} present");
        return Ok(());
    }
    println!(
        "setup: OTP {app} missing: installing the Debian packages {}",
        packages.join(", ")
    );
    apt_install(packages)
}

/// The `openssl` command line: the TLS interop checks run `openssl s_server` and `s_client`
/// against our VM (tools/xtask/src/ssl_peers.rs).
fn ensure_openssl_cli() -> Result<(), String> {
    let found = Command::new("openssl")
        .arg("version")
        .output()
        .is_ok_and(|o| o.status.success());
    if found {
        println!("setup: openssl present");
        return Ok(());
    }
    println!("setup: openssl missing: installing the Debian package openssl");
    apt_install(&["openssl"])
}

/// The C toolchain that builds mbedTLS (crate mbedtls-rs-sys) natively and for the wasm
/// targets: clang 19 compiles it (`.cargo/config.toml` names /usr/bin/clang-19), libclang
/// feeds bindgen, cmake and ninja drive the build. All from Debian bookworm's packages.
fn ensure_c_toolchain() -> Result<(), String> {
    ensure_erlang_crypto()?;
    ensure_erlang_ssl()?;
    ensure_openssl_cli()?;
    // llvm-19's llvm-ar/llvm-ranlib archive the wasm objects with a symbol index (GNU ar
    // cannot), and clang-19 does not pull it in without recommends; lld-19 is what CMake finds
    // as the linker for clang.
    let needed = [
        ("/usr/bin/clang-19", "clang-19"),
        ("/usr/bin/llvm-ar-19", "llvm-19"),
        ("/usr/bin/ld.lld-19", "lld-19"),
        ("/usr/lib/llvm-19/lib/libclang.so", "libclang-19-dev"),
        ("/usr/bin/cmake", "cmake"),
        ("/usr/bin/ninja", "ninja-build"),
    ];
    let missing: Vec<&str> = needed
        .iter()
        .filter(|(path, _)| !std::path::Path::new(path).exists())
        .map(|(_, package)| *package)
        .collect();
    if missing.is_empty() {
        println!("setup: C toolchain for mbedTLS present (clang-19, llvm-19, lld-19, libclang, cmake, ninja)");
        return Ok(());
    }
    println!(
        "setup: C toolchain for mbedTLS: installing {}",
        missing.join(" ")
    );
    apt_install(&missing)
}

fn ensure_wasm_targets() -> Result<(), String> {
    let Some(rustup) = find_in_path("rustup") else {
        println!("setup: no rustup on PATH: assuming the wasm targets are installed");
        return Ok(());
    };
    let out = run(
        Command::new(&rustup).args(["target", "list", "--installed"]),
        Duration::from_secs(60),
    )?;
    let installed: Vec<&str> = out.stdout.lines().map(str::trim).collect();
    let missing: Vec<&str> = Target::WASM
        .iter()
        .map(|t| t.name())
        .filter(|t| !installed.contains(t))
        .collect();
    if missing.is_empty() {
        println!(
            "setup: Rust targets present ({})",
            Target::WASM.map(|t| t.name()).join(", ")
        );
    } else {
        println!("setup: adding Rust targets {}", missing.join(", "));
        run_shown(Command::new(&rustup).args(["target", "add"]).args(&missing))?;
    }
    // `cargo xtask test` runs clippy on the VM crate (its unsafe-code rules are clippy lints).
    let components = run(
        Command::new(&rustup).args(["component", "list", "--installed"]),
        Duration::from_secs(60),
    )?;
    if components.stdout.lines().any(|l| l.starts_with("clippy")) {
        println!("setup: clippy present");
        Ok(())
    } else {
        println!("setup: adding the clippy component");
        run_shown(Command::new(&rustup).args(["component", "add", "clippy"]))
    }
}

/// Places wasmtime may be: PATH, then Cargo's bin directory (which may not be on PATH).
fn wasmtime_candidates() -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = find_in_path("wasmtime").into_iter().collect();
    if let Some(h) = std::env::var_os("CARGO_HOME") {
        v.push(PathBuf::from(h).join("bin/wasmtime"));
    }
    if let Some(h) = std::env::var_os("HOME") {
        v.push(PathBuf::from(h).join(".cargo/bin/wasmtime"));
    }
    v.into_iter().filter(|p| is_executable(p)).collect()
}

fn good_wasmtime() -> Option<PathBuf> {
    wasmtime_candidates().into_iter().find(|p| {
        run(Command::new(p).arg("--version"), Duration::from_secs(30))
            .map(|o| o.stdout.split_whitespace().nth(1) == Some(WASMTIME_VERSION))
            .unwrap_or(false)
    })
}

/// Is some `cargo install wasmtime-cli` already running on this machine?
fn installer_running() -> bool {
    let me = std::process::id().to_string();
    let Ok(dir) = std::fs::read_dir("/proc") else {
        return false;
    };
    dir.flatten().any(|e| {
        let name = e.file_name();
        let name = name.to_string_lossy();
        if !name.bytes().all(|b| b.is_ascii_digit()) || name == me.as_str() {
            return false;
        }
        let Ok(cmdline) = std::fs::read(e.path().join("cmdline")) else {
            return false;
        };
        let args: Vec<&[u8]> = cmdline.split(|b| *b == 0).collect();
        args.iter().any(|a| a.ends_with(b"cargo"))
            && args.iter().any(|a| *a == b"install")
            && args.iter().any(|a| a.starts_with(b"wasmtime-cli"))
    })
}

fn ensure_wasmtime() -> Result<PathBuf, String> {
    if let Some(p) = good_wasmtime() {
        println!(
            "setup: wasmtime {} present ({})",
            WASMTIME_VERSION,
            p.display()
        );
        return Ok(p);
    }
    if installer_running() {
        println!("setup: a `cargo install wasmtime-cli` is already running: waiting for it (not starting another)");
        let start = Instant::now();
        let mut last_note = Instant::now();
        while installer_running() {
            if start.elapsed() > Duration::from_secs(60 * 60) {
                return Err("waited an hour for the running wasmtime install; giving up".into());
            }
            if last_note.elapsed() > Duration::from_secs(120) {
                println!(
                    "setup: still waiting for the wasmtime install ({} min)",
                    start.elapsed().as_secs() / 60
                );
                last_note = Instant::now();
            }
            std::thread::sleep(Duration::from_secs(5));
        }
        if let Some(p) = good_wasmtime() {
            println!(
                "setup: wasmtime {} now present ({})",
                WASMTIME_VERSION,
                p.display()
            );
            return Ok(p);
        }
        println!(
            "setup: that install did not leave wasmtime {} behind: installing it",
            WASMTIME_VERSION
        );
    }
    let found: Vec<String> = wasmtime_candidates()
        .iter()
        .map(|p| p.display().to_string())
        .collect();
    if found.is_empty() {
        println!("setup: wasmtime missing: building wasmtime-cli {} from source (about 20 min on 2 cores)", WASMTIME_VERSION);
    } else {
        println!(
            "setup: {} is not wasmtime {}: installing that version (about 20 min on 2 cores)",
            found.join(", "),
            WASMTIME_VERSION
        );
    }
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let mut cmd = Command::new(cargo);
    // Build in cargo's own temporary directory, not in the project's target directory.
    cmd.args([
        "install",
        "wasmtime-cli",
        "--version",
        WASMTIME_VERSION,
        "--locked",
    ])
    .env_remove("CARGO_TARGET_DIR");
    let started = Instant::now();
    run_shown(&mut cmd)?;
    println!(
        "setup: wasmtime installed in {:.0} s",
        started.elapsed().as_secs_f64()
    );
    good_wasmtime().ok_or_else(|| {
        format!(
            "`{}` succeeded but no wasmtime {} was found afterwards",
            show(&cmd),
            WASMTIME_VERSION
        )
    })
}
