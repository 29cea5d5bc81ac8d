//! Newer Erlang/OTP releases than the host's, each in its own Debian chroot outside any clone:
//! made (idempotently) by `cargo xtask setup`, and run by `erlc` and `erl` below on files of the
//! source tree, which are copied in and out (no bind mounts: a mount left behind by a killed run
//! would make removing a chroot remove the source tree with it).

use crate::proc::{find_in_path, one_line, run, show, Output};
use std::fs::File;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

/// Where the chroots live: persistent, shared by every clone and CI run on this machine.
pub const OTP_ROOT: &str = "/var/tmp/atomvm-otp";
pub const MIRROR: &str = "http://deb.debian.org/debian";
const DEBOOTSTRAP_SCRIPTS: &str = "/usr/share/debootstrap/scripts";

/// An OTP release and the Debian suite that ships it.
#[derive(Clone, Copy, Debug)]
pub struct Release {
    pub otp: u32,
    pub suite: &'static str,
}

/// OTP 27.3 (+ Elixir 1.18) from trixie, OTP 29 (+ Elixir 1.20) from forky.
pub const RELEASES: [Release; 2] = [
    Release {
        otp: 27,
        suite: "trixie",
    },
    Release {
        otp: 29,
        suite: "forky",
    },
];

/// The release whose `erl` is the reference: expected values, the differential corpora and the
/// library suites are checked against it.
pub const REFERENCE: u32 = 29;

/// The host's OTP release (its `erlc` compiles the main build), e.g. 25; 0 when `erl` cannot say.
pub fn host_release() -> u32 {
    static HOST: std::sync::OnceLock<u32> = std::sync::OnceLock::new();
    *HOST.get_or_init(|| {
        let mut cmd = Command::new("erl");
        cmd.args([
            "-noshell",
            "-eval",
            "io:format(\"~s\",[erlang:system_info(otp_release)]),halt().",
        ]);
        run(&mut cmd, Duration::from_secs(60))
            .ok()
            .and_then(|o| o.stdout.trim().parse().ok())
            .unwrap_or(0)
    })
}

/// The releases whose compilers a test source says cannot take it
/// (`%% not_compiled_by: otpNN ... (why)`).
pub fn not_compiled_by(source: &str) -> Vec<u32> {
    source
        .lines()
        .filter_map(|l| l.trim_start().strip_prefix("%% not_compiled_by:"))
        .flat_map(|rest| rest.split_whitespace())
        .filter_map(|w| w.strip_prefix("otp").and_then(|n| n.parse().ok()))
        .collect()
}

pub fn chroot_dir(otp: u32) -> PathBuf {
    Path::new(OTP_ROOT).join(format!("otp{}", otp))
}

/// `chroot DIR PROGRAM`, with a clean environment (none of the host's paths or locale).
fn in_chroot(dir: &Path, program: &str) -> Command {
    let mut cmd = Command::new("chroot");
    cmd.arg(dir)
        .arg(program)
        .env_clear()
        .env("PATH", "/usr/sbin:/usr/bin:/sbin:/bin")
        .env("HOME", "/root")
        .env("LANG", "C.UTF-8")
        .env("DEBIAN_FRONTEND", "noninteractive");
    cmd
}

/// The OTP release the chroot's `erl` reports, e.g. "27".
pub fn otp_release_in(dir: &Path) -> Result<String, String> {
    if !dir.join("usr/bin/erl").exists() {
        return Err(format!("no {}/usr/bin/erl", dir.display()));
    }
    let mut cmd = in_chroot(dir, "erl");
    cmd.args([
        "-noshell",
        "-eval",
        "io:format(\"~s\",[erlang:system_info(otp_release)]),halt().",
    ]);
    let o = run(&mut cmd, Duration::from_secs(60))?;
    if !o.success() {
        return Err(format!(
            "`{}`: {}: {}",
            show(&cmd),
            o.status_text(),
            one_line(&(o.stderr + &o.stdout), 300)
        ));
    }
    Ok(o.stdout.trim().to_string())
}

/// A usable chroot for `r`: erl reports the right release and erlc is there.
fn working(r: Release) -> Result<(), String> {
    let dir = chroot_dir(r.otp);
    let got = otp_release_in(&dir)?;
    if got != r.otp.to_string() {
        return Err(format!(
            "{}: erl reports OTP {:?}, want {}",
            dir.display(),
            got,
            r.otp
        ));
    }
    if !dir.join("usr/bin/erlc").exists() {
        return Err(format!("{}: no usr/bin/erlc", dir.display()));
    }
    Ok(())
}

fn elapsed(t: Instant) -> String {
    let s = t.elapsed().as_secs_f64();
    if s < 120.0 {
        format!("{:.1} s", s)
    } else {
        format!("{:.1} min", s / 60.0)
    }
}

/// Setup's step: every release's chroot, made if missing. A failure is printed (with the
/// command's own error) and returned, but does not stop the other release nor the rest of setup.
pub fn ensure_chroots() -> Vec<(u32, Result<(), String>)> {
    RELEASES
        .iter()
        .map(|r| {
            let t = Instant::now();
            let res = ensure_chroot(*r);
            match &res {
                Ok(()) => {}
                Err(e) => println!(
                    "setup: FAILED to make the OTP {} chroot ({}) after {}:\n{}\nsetup: OTP {} is unavailable; the rest of setup goes on",
                    r.otp,
                    chroot_dir(r.otp).display(),
                    elapsed(t),
                    e,
                    r.otp
                ),
            }
            (r.otp, res)
        })
        .collect()
}

/// minbase leaves out /etc/hosts: without it "localhost" does not resolve inside the chroot
/// (the socket suites run there too, under the reference erl).
fn write_hosts(dir: &Path) -> Result<(), String> {
    let hosts = dir.join("etc/hosts");
    if hosts.exists() {
        return Ok(());
    }
    std::fs::write(
        &hosts,
        "127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\n",
    )
    .map_err(|e| format!("cannot write {}: {}", hosts.display(), e))
}

pub fn ensure_chroot(r: Release) -> Result<(), String> {
    let t = Instant::now();
    let dir = chroot_dir(r.otp);
    if working(r).is_ok() {
        write_hosts(&dir)?;
        println!(
            "setup: OTP {} present in {} (Debian {}; checked in {})",
            r.otp,
            dir.display(),
            r.suite,
            elapsed(t)
        );
        return Ok(());
    }
    std::fs::create_dir_all(OTP_ROOT).map_err(|e| format!("cannot create {}: {}", OTP_ROOT, e))?;
    // One maker at a time on this machine (several clones or CI jobs may run setup at once).
    let lock_path = Path::new(OTP_ROOT).join(format!("otp{}.lock", r.otp));
    let lock = File::create(&lock_path)
        .map_err(|e| format!("cannot create {}: {}", lock_path.display(), e))?;
    if lock.try_lock().is_err() {
        println!(
            "setup: another setup is making the OTP {} chroot: waiting for it",
            r.otp
        );
        lock.lock()
            .map_err(|e| format!("cannot lock {}: {}", lock_path.display(), e))?;
        if working(r).is_ok() {
            println!(
                "setup: OTP {} now present in {} (waited {})",
                r.otp,
                dir.display(),
                elapsed(t)
            );
            return Ok(());
        }
    }
    if dir.exists() {
        println!(
            "setup: {} exists but is not a working OTP {} ({}): making it again",
            dir.display(),
            r.otp,
            working(r).err().unwrap_or_default()
        );
    }
    println!(
        "setup: making the OTP {} chroot {} from Debian {} (debootstrap + erlang-base + elixir: several minutes)",
        r.otp,
        dir.display(),
        r.suite
    );
    make_chroot(r)?;
    let size = disk_usage(&dir).unwrap_or_else(|| "?".into());
    println!(
        "setup: OTP {} ready in {} ({} on disk) in {}",
        r.otp,
        dir.display(),
        size,
        elapsed(t)
    );
    Ok(())
}

fn is_root() -> bool {
    run(Command::new("id").arg("-u"), Duration::from_secs(10))
        .map(|o| o.stdout.trim() == "0")
        .unwrap_or(false)
}

/// Run to completion (no time limit but a generous one), and say what failed in full: the
/// command, its status and the tail of its output.
fn step(cmd: &mut Command, limit: Duration) -> Result<(), String> {
    println!("$ {}", show(cmd));
    let t = Instant::now();
    let o = run(cmd, limit)?;
    if o.success() {
        println!("  ({})", elapsed(t));
        return Ok(());
    }
    let all = format!("{}{}", o.stdout, o.stderr);
    let tail: Vec<&str> = all.lines().rev().take(25).collect();
    let tail: Vec<&str> = tail.into_iter().rev().collect();
    Err(format!(
        "`{}` failed ({}); its last lines:\n  {}",
        show(cmd),
        o.status_text(),
        tail.join("\n  ")
    ))
}

fn make_chroot(r: Release) -> Result<(), String> {
    if !is_root() {
        return Err("making a chroot needs root (debootstrap, chroot)".into());
    }
    if find_in_path("debootstrap").is_none() {
        if find_in_path("apt-get").is_none() {
            return Err("no debootstrap and no apt-get to install it".into());
        }
        println!("setup: installing debootstrap on the host");
        step(
            Command::new("apt-get")
                .args(["install", "-y", "--no-install-recommends", "debootstrap"])
                .env("DEBIAN_FRONTEND", "noninteractive"),
            Duration::from_secs(900),
        )?;
    }
    let dir = chroot_dir(r.otp);
    // Built beside its final place and renamed at the end, so that a half-made chroot is never
    // taken for a finished one.
    let partial = Path::new(OTP_ROOT).join(format!("otp{}.partial", r.otp));
    for d in [&partial, &dir] {
        if d.exists() {
            remove_tree(d)?;
        }
    }
    let mut deb = Command::new("debootstrap");
    deb.args(["--variant=minbase", r.suite])
        .arg(&partial)
        .arg(MIRROR);
    // An older debootstrap knows no script for a newer suite: they all use sid's.
    if !Path::new(DEBOOTSTRAP_SCRIPTS).join(r.suite).exists() {
        deb.arg(Path::new(DEBOOTSTRAP_SCRIPTS).join("sid"));
    }
    step(&mut deb, Duration::from_secs(3600))?;
    let apt = |args: &[&str]| {
        let mut c = in_chroot(&partial, "apt-get");
        c.args(args);
        c
    };
    if let Err(e) = step(&mut apt(&["update"]), Duration::from_secs(900)) {
        // A mirror that lags behind (as the one this machine reaches may) serves a testing
        // suite's Release file after its Valid-Until; its signature is still checked.
        if !e.contains("is expired") {
            return Err(e);
        }
        println!(
            "setup: Debian {}'s Release file on {} is past its Valid-Until date: updating without that check",
            r.suite, MIRROR
        );
        step(
            &mut apt(&["-o", "Acquire::Check-Valid-Until=false", "update"]),
            Duration::from_secs(900),
        )?;
    }
    step(
        &mut apt(&[
            "install",
            "-y",
            "--no-install-recommends",
            "erlang-base",
            "elixir",
        ]),
        Duration::from_secs(3600),
    )?;
    step(&mut apt(&["clean"]), Duration::from_secs(300))?;
    write_hosts(&partial)?;
    let got = otp_release_in(&partial)?;
    if got != r.otp.to_string() {
        return Err(format!(
            "Debian {} installed OTP {:?}, not {}",
            r.suite, got, r.otp
        ));
    }
    std::fs::rename(&partial, &dir).map_err(|e| {
        format!(
            "cannot rename {} to {}: {}",
            partial.display(),
            dir.display(),
            e
        )
    })?;
    working(r)
}

/// `rm -rf`, refusing anything outside OTP_ROOT and anything with a mount inside (a bind
/// mount would take its source with it).
fn remove_tree(d: &Path) -> Result<(), String> {
    if !d.starts_with(OTP_ROOT) || d == Path::new(OTP_ROOT) {
        return Err(format!("refusing to remove {}", d.display()));
    }
    let mounts = std::fs::read_to_string("/proc/self/mounts").unwrap_or_default();
    let prefix = d.to_string_lossy().into_owned();
    if let Some(m) = mounts
        .lines()
        .filter_map(|l| l.split_whitespace().nth(1))
        .find(|m| *m == prefix || m.starts_with(&format!("{}/", prefix)))
    {
        return Err(format!(
            "{} is mounted: unmount it before {} can be removed",
            m,
            d.display()
        ));
    }
    std::fs::remove_dir_all(d).map_err(|e| format!("cannot remove {}: {}", d.display(), e))
}

fn disk_usage(d: &Path) -> Option<String> {
    let o = run(
        Command::new("du").arg("-sh").arg(d),
        Duration::from_secs(300),
    )
    .ok()?;
    o.stdout.split_whitespace().next().map(str::to_string)
}

/// A scratch directory under the chroot's /tmp, removed when dropped.
struct Scratch {
    /// On the host.
    host: PathBuf,
    /// The same directory as the chroot sees it.
    inside: String,
}

impl Scratch {
    fn new(otp: u32) -> Result<Scratch, String> {
        static N: AtomicUsize = AtomicUsize::new(0);
        let name = format!(
            "xtask-{}-{}-{}",
            std::process::id(),
            N.fetch_add(1, Ordering::Relaxed),
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map(|d| d.subsec_nanos())
                .unwrap_or(0)
        );
        let root = chroot_dir(otp);
        if !root.join("usr/bin/erl").exists() {
            return Err(format!(
                "no OTP {} chroot in {}: run `cargo xtask setup`",
                otp,
                root.display()
            ));
        }
        let host = root.join("tmp").join(&name);
        std::fs::create_dir_all(&host)
            .map_err(|e| format!("cannot create {}: {}", host.display(), e))?;
        Ok(Scratch {
            host,
            inside: format!("/tmp/{}", name),
        })
    }

    fn dir(&self, sub: &str) -> Result<(PathBuf, String), String> {
        let h = self.host.join(sub);
        std::fs::create_dir_all(&h).map_err(|e| format!("cannot create {}: {}", h.display(), e))?;
        Ok((h, format!("{}/{}", self.inside, sub)))
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.host);
    }
}

fn copy_into(files: &[&Path], to: &Path) -> Result<(), String> {
    for f in files {
        let name = f
            .file_name()
            .ok_or_else(|| format!("{} has no file name", f.display()))?;
        let dest = to.join(name);
        if dest.exists() {
            return Err(format!(
                "two inputs named {} (copied into one directory)",
                name.to_string_lossy()
            ));
        }
        std::fs::copy(f, &dest)
            .map_err(|e| format!("cannot copy {} to {}: {}", f.display(), dest.display(), e))?;
    }
    Ok(())
}

pub fn files_in(dir: &Path, ext: &str) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|d| {
            d.flatten()
                .map(|e| e.path())
                .filter(|p| p.is_file() && p.extension().is_some_and(|x| x == ext))
                .collect()
        })
        .unwrap_or_default();
    v.sort();
    v
}

/// What `erlc` and `erl` take besides their own options: directories of the source tree whose
/// files are copied in (include directories for `-I`, beam directories for `-pa`).
#[derive(Default)]
pub struct Inputs<'a> {
    /// Each directory's `.hrl` files are copied in and passed as `-I`.
    pub include_dirs: &'a [&'a Path],
    /// Each directory's `.beam` (and `.app`) files are copied in and passed as `-pa`.
    pub code_dirs: &'a [&'a Path],
}

fn stage_inputs(s: &Scratch, inputs: &Inputs, cmd: &mut Command) -> Result<(), String> {
    for (i, d) in inputs.include_dirs.iter().enumerate() {
        let (h, inside) = s.dir(&format!("include{}", i))?;
        let hrl = files_in(d, "hrl");
        copy_into(&hrl.iter().map(|p| p.as_path()).collect::<Vec<_>>(), &h)?;
        cmd.arg("-I").arg(inside);
    }
    for (i, d) in inputs.code_dirs.iter().enumerate() {
        let (h, inside) = s.dir(&format!("code{}", i))?;
        // Application resource files too: `application:load/1` finds them on the code path.
        let mut files = files_in(d, "beam");
        files.extend(files_in(d, "app"));
        copy_into(&files.iter().map(|p| p.as_path()).collect::<Vec<_>>(), &h)?;
        cmd.arg("-pa").arg(inside);
    }
    Ok(())
}

/// Put the host paths back into what erlc printed: a line that starts with a source's bare
/// name (`x.erl:3:5: ...`) gets the host path instead.
fn unmap(text: &str, pairs: &[(String, String)]) -> String {
    text.lines()
        .map(|l| {
            pairs
                .iter()
                .find_map(|(name, host)| {
                    l.strip_prefix(name.as_str())
                        .filter(|rest| rest.is_empty() || rest.starts_with(':'))
                        .map(|rest| format!("{}{}", host, rest))
                })
                .unwrap_or_else(|| l.to_string())
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// OTP `otp`'s erlc on `files` (host paths), with `args` (options that name no host path),
/// writing the `.beam` files into `outdir` on the host. The output's paths are the host's.
/// Ok(Output) whatever erlc's exit status: the beams it made are copied out either way.
pub fn erlc(
    otp: u32,
    args: &[String],
    files: &[&Path],
    inputs: &Inputs,
    outdir: &Path,
    timeout: Duration,
) -> Result<Output, String> {
    let s = Scratch::new(otp)?;
    let (src_h, src_in) = s.dir("src")?;
    let (out_h, out_in) = s.dir("out")?;
    copy_into(files, &src_h)?;
    // Run in the sources' directory on their bare names, so that messages and the beams'
    // `file` attributes name no scratch directory.
    let mut cmd = in_chroot(&chroot_dir(otp), "/usr/bin/env");
    cmd.arg("-C").arg(&src_in).arg("erlc");
    cmd.arg("-o").arg(&out_in);
    stage_inputs(&s, inputs, &mut cmd)?;
    cmd.args(args);
    let mut pairs = Vec::new();
    for f in files {
        let name = f.file_name().unwrap_or_default().to_string_lossy();
        cmd.arg(name.as_ref());
        pairs.push((name.into_owned(), f.display().to_string()));
    }
    let mut o = run(&mut cmd, timeout)?;
    o.stdout = unmap(&o.stdout, &pairs);
    o.stderr = unmap(&o.stderr, &pairs);
    std::fs::create_dir_all(outdir)
        .map_err(|e| format!("cannot create {}: {}", outdir.display(), e))?;
    for b in files_in(&out_h, "beam") {
        let dest = outdir.join(b.file_name().unwrap_or_default());
        std::fs::copy(&b, &dest)
            .map_err(|e| format!("cannot copy {} to {}: {}", b.display(), dest.display(), e))?;
    }
    Ok(o)
}

/// OTP `otp`'s `erl` with `args`, run in a scratch directory of the chroot that holds copies of
/// `files` (so `args` name them by their bare names); the files with extension `keep` that the
/// run leaves there are copied into `outdir`.
pub fn erl_in_scratch(
    otp: u32,
    files: &[&Path],
    args: &[String],
    keep: &str,
    outdir: &Path,
    timeout: Duration,
) -> Result<Output, String> {
    let s = Scratch::new(otp)?;
    copy_into(files, &s.host)?;
    let mut cmd = in_chroot(&chroot_dir(otp), "/usr/bin/env");
    cmd.arg("-C").arg(&s.inside).arg("erl").args(args);
    let o = run(&mut cmd, timeout)?;
    std::fs::create_dir_all(outdir)
        .map_err(|e| format!("cannot create {}: {}", outdir.display(), e))?;
    for f in files_in(&s.host, keep) {
        let dest = outdir.join(f.file_name().unwrap_or_default());
        std::fs::copy(&f, &dest)
            .map_err(|e| format!("cannot copy {} to {}: {}", f.display(), dest.display(), e))?;
    }
    Ok(o)
}

/// `program` (a command of the chroot, e.g. `elixir`) with `args`, run in a scratch directory of
/// OTP `otp`'s chroot holding copies of `files` (so `args` name them by their bare names);
/// whatever the run leaves under the scratch directory's `out/` is copied into `outdir`,
/// subdirectories included.
pub fn run_in_scratch(
    otp: u32,
    program: &str,
    files: &[&Path],
    args: &[String],
    outdir: &Path,
    timeout: Duration,
) -> Result<Output, String> {
    let s = Scratch::new(otp)?;
    copy_into(files, &s.host)?;
    let (out_h, _) = s.dir("out")?;
    let mut cmd = in_chroot(&chroot_dir(otp), "/usr/bin/env");
    cmd.arg("-C").arg(&s.inside).arg(program).args(args);
    let o = run(&mut cmd, timeout)?;
    copy_tree(&out_h, outdir)?;
    Ok(o)
}

fn copy_tree(from: &Path, to: &Path) -> Result<(), String> {
    std::fs::create_dir_all(to).map_err(|e| format!("cannot create {}: {}", to.display(), e))?;
    let entries =
        std::fs::read_dir(from).map_err(|e| format!("cannot read {}: {}", from.display(), e))?;
    for e in entries.flatten() {
        let (src, dest) = (e.path(), to.join(e.file_name()));
        if src.is_dir() {
            copy_tree(&src, &dest)?;
        } else {
            std::fs::copy(&src, &dest).map_err(|err| {
                format!(
                    "cannot copy {} to {}: {}",
                    src.display(),
                    dest.display(),
                    err
                )
            })?;
        }
    }
    Ok(())
}

/// OTP `otp`'s `erl` with `args` (e.g. `-noshell -eval ...`), the `code_dirs` on its code path,
/// run in a scratch directory of the chroot.
pub fn erl(
    otp: u32,
    args: &[String],
    inputs: &Inputs,
    timeout: Duration,
) -> Result<Output, String> {
    let s = Scratch::new(otp)?;
    let mut cmd = in_chroot(&chroot_dir(otp), "/usr/bin/env");
    cmd.arg("-C").arg(&s.inside).arg("erl");
    stage_inputs(&s, inputs, &mut cmd)?;
    cmd.args(args);
    run(&mut cmd, timeout)
}

/// OTP `otp`'s erlc on those of `sources` whose beam in `outdir` is older than the source or
/// than any of `deps`; when the batch fails, one file at a time, to say which do not compile.
/// Returns the failures as (module, erlc's output); their beams are removed.
pub fn compile_stale(
    otp: u32,
    sources: &[PathBuf],
    deps: &[PathBuf],
    inputs: &Inputs,
    outdir: &Path,
) -> Result<Vec<(String, String)>, String> {
    let modified = |p: &Path| std::fs::metadata(p).and_then(|m| m.modified()).ok();
    let newest_dep = deps.iter().filter_map(|d| modified(d)).max();
    let beam = |s: &Path| outdir.join(format!("{}.beam", crate::artifacts::stem(s)));
    let stale: Vec<&Path> = sources
        .iter()
        .map(|s| s.as_path())
        .filter(|s| {
            let b = modified(&beam(s));
            b.is_none() || b < modified(s) || b < newest_dep
        })
        .collect();
    if stale.is_empty() {
        return Ok(Vec::new());
    }
    let limit = Duration::from_secs(900);
    if erlc(otp, &[], &stale, inputs, outdir, limit)?.success() {
        return Ok(Vec::new());
    }
    let mut failures = Vec::new();
    for f in stale {
        let o = erlc(otp, &[], &[f], inputs, outdir, limit)?;
        if !o.success() {
            let _ = std::fs::remove_file(beam(f));
            failures.push((
                crate::artifacts::stem(f),
                format!("{}{}", o.stdout, o.stderr),
            ));
        }
    }
    Ok(failures)
}
