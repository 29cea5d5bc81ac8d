//! Real TLS peers for tests/sockets/test_ssl_interop.erl, started for one run of the socket
//! suite and killed when it ends (their stdin closes too, so none outlives xtask):
//!
//! - an OTP node (the host's `erl` with Debian's erlang-ssl) running
//!   tests/sockets/peer/ssl_peer.erl: TLS echo servers with good and bad certificates, a server
//!   that closes, and a control port on which the suite asks OTP's ssl client to connect to it;
//! - `openssl s_server -WWW` serving a 4 MiB file of the test pattern;
//! - a control port of our own on which the suite asks for an `openssl s_client` run against
//!   its server: a line "Port Flag Size\n" (Flag `tls1_2` or `tls1_3`) runs s_client with
//!   Size bytes of the pattern on stdin; the answer is "exit Code\n" and s_client's stdout.
//!
//! All listen on 127.0.0.1 at free ports; the ports reach the suite as
//! `sockets_env:ssl_peers/0`, a map.

use crate::artifacts::compile_erl_with;
use crate::dist::{free_port, wait_for, Killed};
use crate::Ctx;
use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;

/// The running peers; dropping this kills them.
pub struct Peers {
    _procs: Vec<Killed>,
    /// `ssl_peers() -> #{...}.`, the clause for sockets_env.
    pub clause: String,
}

/// The test pattern: bytes 0..250 over and over (as `pattern/1` in the Erlang modules).
fn pattern(size: usize) -> Vec<u8> {
    (0..size).map(|i| (i % 251) as u8).collect()
}

pub fn start(ctx: &Ctx) -> Result<Peers, String> {
    let certs = crate::sockets::cert_dir(ctx)?;
    let dir = crate::sockets::suite_dir(ctx).join("peer");
    let (otp, otp_ports) = start_otp(ctx, &dir, &certs)?;
    let (openssl, www) = start_s_server(&dir, &certs)?;
    let control = start_s_client_control(&certs)?;
    let names = [
        "otp_echo",
        "otp_other",
        "otp_expired",
        "otp_wrong_host",
        "otp_closer",
        "otp_control",
    ];
    let mut entries: Vec<String> = names
        .iter()
        .zip(&otp_ports)
        .map(|(n, p)| format!("{n} => {p}"))
        .collect();
    entries.push(format!("openssl_www => {www}"));
    entries.push(format!("openssl_control => {control}"));
    Ok(Peers {
        _procs: vec![otp, openssl],
        clause: format!("ssl_peers() -> #{{{}}}.\n", entries.join(", ")),
    })
}

/// ssl_peer.erl on the host's OTP; its ports from the line it prints.
fn start_otp(ctx: &Ctx, dir: &Path, certs: &Path) -> Result<(Killed, Vec<u16>), String> {
    let src = ctx.root.join("tests/sockets/peer/ssl_peer.erl");
    if let Some((m, msg)) = compile_erl_with(&[src], dir, &[], &[])?.first() {
        return Err(format!(
            "{m} does not compile: {}",
            crate::proc::one_line(msg, 300)
        ));
    }
    let mut child = Command::new("erl")
        .arg("-noshell")
        .arg("-pa")
        .arg(dir)
        .args(["-s", "ssl_peer", "start"])
        .arg(certs)
        .current_dir(dir)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| format!("cannot start erl: {e}"))?;
    let stdout = child.stdout.take();
    let node = Killed(child);
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let mut lines = BufReader::new(stdout?).lines();
        let line = lines.find_map(|l| {
            l.ok()
                .and_then(|l| l.strip_prefix("ssl_peer ports ").map(String::from))
        });
        let _ = tx.send(line);
        // Keep reading so the node never blocks on a full pipe.
        lines.for_each(drop);
        Some(())
    });
    let line = rx
        .recv_timeout(Duration::from_secs(60))
        .ok()
        .flatten()
        .ok_or("the OTP ssl peer printed no ports")?;
    let ports: Vec<u16> = line
        .split_whitespace()
        .filter_map(|p| p.parse().ok())
        .collect();
    if ports.len() != 6 {
        return Err(format!("the OTP ssl peer printed {line:?}"));
    }
    Ok((node, ports))
}

/// `openssl s_server -WWW` in `dir`, which holds big.bin (4 MiB of the pattern).
fn start_s_server(dir: &Path, certs: &Path) -> Result<(Killed, u16), String> {
    let www = dir.join("www");
    std::fs::create_dir_all(&www)
        .and_then(|_| std::fs::write(www.join("big.bin"), pattern(4 << 20)))
        .map_err(|e| format!("cannot write {}: {e}", www.display()))?;
    let port = free_port()?;
    let child = Command::new("openssl")
        .arg("s_server")
        .arg("-accept")
        .arg(format!("127.0.0.1:{port}"))
        .arg("-cert")
        .arg(certs.join("server.pem"))
        .arg("-key")
        .arg(certs.join("server.key"))
        .args(["-WWW", "-quiet"])
        .current_dir(&www)
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| format!("cannot start openssl s_server: {e}"))?;
    let server = Killed(child);
    if !wait_for(Duration::from_secs(20), || {
        TcpStream::connect(("127.0.0.1", port)).is_ok()
    }) {
        return Err("openssl s_server does not listen".to_string());
    }
    Ok((server, port))
}

/// The control port running `openssl s_client` for the suite; it lives as long as xtask.
fn start_s_client_control(certs: &Path) -> Result<u16, String> {
    let l = TcpListener::bind("127.0.0.1:0").map_err(|e| format!("s_client control: {e}"))?;
    let port = l
        .local_addr()
        .map_err(|e| format!("s_client control: {e}"))?
        .port();
    let ca = certs.join("ca.pem");
    std::thread::spawn(move || {
        for conn in l.incoming().flatten() {
            let ca = ca.clone();
            std::thread::spawn(move || s_client_job(conn, &ca));
        }
    });
    Ok(port)
}

fn s_client_job(conn: TcpStream, ca: &Path) {
    let mut line = String::new();
    let Ok(mut out) = conn.try_clone() else {
        return;
    };
    if BufReader::new(conn).read_line(&mut line).is_err() {
        return;
    }
    let reply = match line.split_whitespace().collect::<Vec<_>>()[..] {
        [port, flag @ ("tls1_2" | "tls1_3"), size] => match size.parse::<usize>() {
            Ok(size) if size <= 16 << 20 => {
                let mut cmd = Command::new("openssl");
                cmd.arg("s_client")
                    .arg("-connect")
                    .arg(format!("127.0.0.1:{port}"))
                    .arg("-CAfile")
                    .arg(ca)
                    .args(["-verify_return_error", "-verify_hostname", "localhost"])
                    .args(["-servername", "localhost", "-quiet"])
                    .arg(format!("-{flag}"));
                match crate::proc::run_with_input(
                    &mut cmd,
                    Duration::from_secs(60),
                    vec![(Duration::ZERO, pattern(size))],
                ) {
                    Ok(o) => format!("exit {}\n{}", o.code.unwrap_or(-1), o.stdout),
                    Err(e) => format!("exit -1\n{e}"),
                }
            }
            _ => "exit -1\nbad size\n".to_string(),
        },
        _ => format!("exit -1\nbad request {line:?}\n"),
    };
    let _ = out.write_all(reply.as_bytes());
}
