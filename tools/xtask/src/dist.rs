//! The distribution suite: tests/dist/test_dist.erl runs on our VM (natively and on
//! wasm32-wasip2, the targets with sockets) as a node of a small cluster on loopback: a private
//! `epmd` on a free port, a real OTP node running tests/dist/otp_peer.erl with the suite's
//! cookie, and one with another cookie (which must refuse us). The OTP nodes are the host's
//! OTP 25 and, when its chroot is there, OTP 29. Every run gets fresh node names and a fresh
//! cookie (the suite halts the peer to test `nodedown`); everything started is killed at the end
//! of the run, epmd included.

use crate::artifacts::compile_erl_with;
use crate::{Ctx, Target};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

/// Whether `--filter` selects the suite.
pub fn selected(ctx: &Ctx) -> bool {
    match &ctx.filter {
        None => true,
        Some(f) => "dist".contains(f.as_str()) || "test_dist".contains(f.as_str()),
    }
}

fn dir(ctx: &Ctx) -> PathBuf {
    ctx.build.join("tests/dist")
}

/// A child process killed when dropped.
pub(crate) struct Killed(pub(crate) Child);

impl Drop for Killed {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

pub(crate) fn free_port() -> Result<u16, String> {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .map_err(|e| format!("no free port: {e}"))
}

/// Wait until `ready` or `limit` passes.
pub(crate) fn wait_for(limit: Duration, mut ready: impl FnMut() -> bool) -> bool {
    let start = Instant::now();
    while start.elapsed() < limit {
        if ready() {
            return true;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    false
}

/// A private epmd on a free port.
fn start_epmd() -> Result<(Killed, u16), String> {
    let port = free_port()?;
    let child = Command::new("epmd")
        .args(["-port", &port.to_string()])
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| format!("cannot start epmd: {e}"))?;
    let epmd = Killed(child);
    if !wait_for(Duration::from_secs(10), || {
        TcpStream::connect(("127.0.0.1", port)).is_ok()
    }) {
        return Err(format!("epmd did not listen on port {port}"));
    }
    Ok((epmd, port))
}

/// The names registered with the epmd on `port`.
fn registered(port: u16) -> String {
    Command::new("epmd")
        .args(["-port", &port.to_string(), "-names"])
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).into_owned())
        .unwrap_or_default()
}

/// Which OTP runs a peer: the host's, or a release's chroot.
#[derive(Copy, Clone)]
enum Otp {
    Host,
    Chroot(u32),
}

/// Start an OTP node `name@localhost` with `cookie` (running otp_peer when `peer`), registered
/// with the epmd on `epmd_port` before this returns.
fn start_otp(
    otp: Otp,
    peer_dir: &Path,
    name: &str,
    cookie: &str,
    epmd_port: u16,
    peer: bool,
) -> Result<Killed, String> {
    let mut args: Vec<String> = [
        "-sname",
        &format!("{name}@localhost"),
        "-setcookie",
        cookie,
        "-noshell",
        "-connect_all",
        "false",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    let mut cmd = match otp {
        Otp::Host => {
            let mut c = Command::new("erl");
            c.arg("-pa").arg(peer_dir);
            c
        }
        Otp::Chroot(release) => {
            let root = crate::otp::chroot_dir(release);
            let inside = Path::new("/").join(
                peer_dir
                    .strip_prefix(&root)
                    .map_err(|_| "peer beams outside the chroot".to_string())?,
            );
            let mut c = Command::new("chroot");
            c.arg(&root)
                .arg("/usr/bin/env")
                .arg("-i")
                .arg("PATH=/usr/sbin:/usr/bin:/sbin:/bin")
                .arg("HOME=/root")
                .arg("LANG=C.UTF-8")
                .arg(format!("ERL_EPMD_PORT={epmd_port}"))
                .arg("erl")
                .arg("-pa")
                .arg(inside);
            c
        }
    };
    if peer {
        args.extend(["-s", "otp_peer", "start"].map(String::from));
    }
    let child = cmd
        .args(&args)
        .env("ERL_EPMD_PORT", epmd_port.to_string())
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| format!("cannot start erl: {e}"))?;
    let node = Killed(child);
    if !wait_for(Duration::from_secs(30), || {
        registered(epmd_port).contains(&format!("name {name} at port"))
    }) {
        return Err(format!("the OTP node {name} did not register with epmd"));
    }
    Ok(node)
}

/// Compile the suite (host erlc) and the peer (for the host's OTP and each chroot release).
fn compile(ctx: &Ctx, releases: &[u32]) -> Result<(), String> {
    let src = ctx.root.join("tests/dist");
    let fail = |what: &str, f: Vec<(String, String)>| match f.first() {
        Some((m, msg)) => Err(format!(
            "{what}: {m} does not compile: {}",
            crate::proc::one_line(msg, 300)
        )),
        None => Ok(()),
    };
    fail(
        "tests/dist",
        compile_erl_with(
            &[src.join("test_dist.erl")],
            &dir(ctx).join("ebin"),
            &[],
            &[],
        )?,
    )?;
    fail(
        "tests/dist",
        compile_erl_with(
            &[src.join("otp_peer.erl")],
            &dir(ctx).join("peer"),
            &[],
            &[],
        )?,
    )?;
    for &r in releases {
        let out = chroot_peer_dir(r);
        let o = crate::otp::erlc(
            r,
            &[],
            &[&src.join("otp_peer.erl")],
            &crate::otp::Inputs::default(),
            &out,
            Duration::from_secs(120),
        )?;
        if !out.join("otp_peer.beam").exists() {
            return Err(format!(
                "otp_peer.erl does not compile on OTP {r}: {}",
                crate::proc::one_line(&o.stderr, 300)
            ));
        }
    }
    Ok(())
}

/// Where otp_peer.beam compiled by OTP `release` lives: inside its chroot, so its erl sees it.
fn chroot_peer_dir(release: u32) -> PathBuf {
    crate::otp::chroot_dir(release).join(format!("tmp/xtask-dist-peer-{}", std::process::id()))
}

/// One run of the suite on `target` against a fresh cluster with `otp` as the peer.
fn run_once(ctx: &Ctx, target: Target, otp: Otp) -> Result<(), String> {
    static RUN: AtomicUsize = AtomicUsize::new(0);
    let n = format!(
        "{}_{}",
        std::process::id(),
        RUN.fetch_add(1, Ordering::Relaxed)
    );
    let cookie = format!("distcookie{n}");
    let (_epmd, port) = start_epmd()?;
    let peer_dir = match otp {
        Otp::Host => dir(ctx).join("peer"),
        Otp::Chroot(r) => chroot_peer_dir(r),
    };
    let (peer, bad) = (format!("otppeer{n}"), format!("otpbad{n}"));
    let _peer = start_otp(otp, &peer_dir, &peer, &cookie, port, true)?;
    let _bad = start_otp(otp, &peer_dir, &bad, "anothercookie", port, false)?;
    let (port_s, peer_node, bad_node, name) = (
        port.to_string(),
        format!("{peer}@localhost"),
        format!("{bad}@localhost"),
        format!("atomvm{n}@localhost"),
    );
    let env = [
        ("ERL_EPMD_PORT", port_s.as_str()),
        ("ATOMVM_COOKIE", cookie.as_str()),
        ("DIST_PEER", peer_node.as_str()),
        ("DIST_BAD_PEER", bad_node.as_str()),
        ("DIST_NAME", name.as_str()),
    ];
    let mut cmd = our_node_command(ctx, target, "test_dist", &env);
    let o = crate::proc::run(&mut cmd, ctx.timeout.max(Duration::from_secs(180)))?;
    for l in o.stdout.lines().filter(|l| l.contains(": ")) {
        if !l.starts_with("Return value") {
            println!("[{}] {}", target.name(), l);
        }
    }
    crate::tests::check_expected_run(&o, "ok")
}

/// Every run of the suite: (label, verdict) each.
pub fn run_suite(ctx: &Ctx) -> Vec<(String, Result<(), String>)> {
    let releases: Vec<u32> = [29]
        .into_iter()
        .filter(|&r| crate::otp::chroot_dir(r).join("usr/bin/erl").exists())
        .collect();
    if let Err(e) = compile(ctx, &releases) {
        return vec![("tests/dist suite".to_string(), Err(e))];
    }
    let mut verdicts = Vec::new();
    for target in crate::sockets::targets(ctx) {
        verdicts.push((
            format!("[{}] tests/dist suite with OTP 25", target.name()),
            run_once(ctx, target, Otp::Host),
        ));
        for &r in &releases {
            verdicts.push((
                format!("[{}] tests/dist suite with OTP {r}", target.name()),
                run_once(ctx, target, Otp::Chroot(r)),
            ));
        }
    }
    for r in releases {
        let _ = std::fs::remove_dir_all(chroot_peer_dir(r));
    }
    verdicts
}

/// `cargo xtask bench`'s distribution numbers: round-trip latency and one-way messages/s
/// between a node and an OTP 25 node (otp_peer), for an OTP node and for our VM natively and on
/// wasm32-wasip2, all in one run (tests/dist/dist_bench.erl).
pub fn bench(ctx: &Ctx) {
    let src = ctx.root.join("tests/dist");
    let (ebin, peer_dir) = (dir(ctx).join("ebin"), dir(ctx).join("peer"));
    let built = compile_erl_with(&[src.join("dist_bench.erl")], &ebin, &[], &[]).and_then(|f| {
        compile_erl_with(&[src.join("otp_peer.erl")], &peer_dir, &[], &[]).map(|g| (f, g))
    });
    if !matches!(&built, Ok((f, g)) if f.is_empty() && g.is_empty()) {
        println!("bench: distribution: dist_bench.erl or otp_peer.erl does not compile");
        return;
    }
    let mut rows: Vec<(String, Measured)> = Vec::new();
    rows.push(("OTP 25 <-> OTP 25".into(), bench_once(ctx, None)));
    let mut targets = vec![Target::Native];
    if !ctx.native_only {
        targets.push(Target::Wasip2);
    }
    for t in targets {
        rows.push((format!("{} <-> OTP 25", t.name()), bench_once(ctx, Some(t))));
    }
    println!();
    println!(
        "{:<28} {:>16} {:>14}",
        "distribution", "round trip (µs)", "messages/s"
    );
    for (label, r) in rows {
        match r {
            Ok((rtt, rate)) => println!("{label:<28} {rtt:>16.1} {rate:>14.0}"),
            Err(e) => println!("{label:<28} {}", crate::proc::one_line(&e, 100)),
        }
    }
}

/// Round trip (µs) and messages/s, or why not.
type Measured = Result<(f64, f64), String>;

/// One measurement: from an OTP node (`None`) or from our VM on `target`.
fn bench_once(ctx: &Ctx, target: Option<Target>) -> Measured {
    static RUN: AtomicUsize = AtomicUsize::new(0);
    let n = format!(
        "b{}_{}",
        std::process::id(),
        RUN.fetch_add(1, Ordering::Relaxed)
    );
    let cookie = format!("benchcookie{n}");
    let (_epmd, port) = start_epmd()?;
    let peer = format!("otppeer{n}");
    let _peer = start_otp(
        Otp::Host,
        &dir(ctx).join("peer"),
        &peer,
        &cookie,
        port,
        true,
    )?;
    let peer_node = format!("{peer}@localhost");
    let timeout = Duration::from_secs(300);
    let printed = match target {
        None => {
            let mut cmd = Command::new("erl");
            cmd.args([
                "-sname",
                &format!("otpbench{n}@localhost"),
                "-setcookie",
                &cookie,
            ])
            .args(["-noshell", "-connect_all", "false", "-pa"])
            .arg(dir(ctx).join("ebin"))
            .arg("-pa")
            .arg(dir(ctx).join("peer"))
            .arg("-eval")
            .arg(format!(
                "io:format(\"Return value: ~p~n\", [dist_bench:run('{peer_node}')]), halt()."
            ))
            .env("ERL_EPMD_PORT", port.to_string());
            crate::proc::run(&mut cmd, timeout)?.stdout
        }
        Some(t) => {
            let (port_s, name) = (port.to_string(), format!("atomvm{n}@localhost"));
            let env = [
                ("ERL_EPMD_PORT", port_s.as_str()),
                ("ATOMVM_COOKIE", cookie.as_str()),
                ("ATOMVM_NODE", name.as_str()),
                ("DIST_PEER", peer_node.as_str()),
            ];
            let mut cmd = our_node_command(ctx, t, "dist_bench", &env);
            crate::proc::run(&mut cmd, timeout)?.stdout
        }
    };
    let value = printed
        .lines()
        .find_map(|l| l.strip_prefix("Return value: "))
        .ok_or_else(|| format!("no result: {}", crate::proc::one_line(&printed, 200)))?;
    let inner = value.trim().trim_start_matches('{').trim_end_matches('}');
    let mut parts = inner.split(',').map(|s| s.trim().parse::<f64>());
    match (parts.next(), parts.next()) {
        (Some(Ok(rtt)), Some(Ok(rate))) => Ok((rtt, rate)),
        _ => Err(format!("unexpected result {value}")),
    }
}

/// Our VM on `target` running `module` (from tests/dist's ebin) with atomvmlib.avm, in build/
/// (paths relative to it: wasm guests see only that directory).
fn our_node_command(
    ctx: &Ctx,
    target: Target,
    module: &str,
    env: &[(&str, &str)],
) -> std::process::Command {
    let lib = crate::libs::atomvmlib(ctx);
    let rel = |p: &Path| {
        p.strip_prefix(&ctx.build)
            .unwrap_or(p)
            .display()
            .to_string()
    };
    let files = [
        rel(&dir(ctx).join(format!("ebin/{module}.beam"))),
        rel(&lib),
    ];
    ctx.vm_command_with(target, &ctx.build, &[&files[0], &files[1]], env)
}
