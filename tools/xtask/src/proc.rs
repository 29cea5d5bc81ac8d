//! Running child processes: with a time limit and captured output, or attached to the terminal.

use std::io::Read;
use std::os::unix::process::ExitStatusExt;
use std::process::{Command, Stdio};
use std::thread;
use std::time::{Duration, Instant};

/// Keep at most this much of a child's stdout or stderr.
const CAPTURE_LIMIT: usize = 1 << 20;

pub struct Output {
    pub code: Option<i32>,
    pub signal: Option<i32>,
    pub timed_out: bool,
    pub stdout: String,
    pub stderr: String,
    pub elapsed: Duration,
}

impl Output {
    pub fn status_text(&self) -> String {
        if self.timed_out {
            format!("timed out after {:.0} s", self.elapsed.as_secs_f64())
        } else if let Some(c) = self.code {
            format!("exit {}", c)
        } else if let Some(s) = self.signal {
            format!("killed by signal {}", s)
        } else {
            "unknown status".to_string()
        }
    }

    pub fn success(&self) -> bool {
        self.code == Some(0) && !self.timed_out
    }
}

/// A command line as a shell would show it.
pub fn show(cmd: &Command) -> String {
    let mut s = cmd.get_program().to_string_lossy().into_owned();
    for a in cmd.get_args() {
        let a = a.to_string_lossy();
        if a.is_empty()
            || a.contains(|c: char| c.is_whitespace() || "'\"$`\\(){}*?;&|<>".contains(c))
        {
            s.push_str(&format!(" '{}'", a.replace('\'', "'\\''")));
        } else {
            s.push(' ');
            s.push_str(&a);
        }
    }
    s
}

fn drain(mut r: impl Read + Send + 'static) -> thread::JoinHandle<Vec<u8>> {
    thread::spawn(move || {
        let mut kept = Vec::new();
        let mut buf = [0u8; 8192];
        loop {
            match r.read(&mut buf) {
                Ok(0) | Err(_) => break,
                Ok(n) => {
                    let room = CAPTURE_LIMIT.saturating_sub(kept.len());
                    kept.extend_from_slice(&buf[..n.min(room)]);
                }
            }
        }
        kept
    })
}

/// Run with stdin closed, capturing stdout and stderr; kill the child after `timeout`.
pub fn run(cmd: &mut Command, timeout: Duration) -> Result<Output, String> {
    run_with_input(cmd, timeout, Vec::new())
}

/// `run`, with stdin a pipe fed `input`: each chunk written after its delay, then closed.
pub fn run_with_input(
    cmd: &mut Command,
    timeout: Duration,
    input: Vec<(Duration, Vec<u8>)>,
) -> Result<Output, String> {
    let stdin = if input.is_empty() {
        Stdio::null()
    } else {
        Stdio::piped()
    };
    cmd.stdin(stdin)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let start = Instant::now();
    let mut child = cmd
        .spawn()
        .map_err(|e| format!("cannot start {}: {}", show(cmd), e))?;
    if let Some(mut pipe) = child.stdin.take() {
        thread::spawn(move || {
            use std::io::Write;
            for (delay, bytes) in input {
                thread::sleep(delay);
                if pipe.write_all(&bytes).and_then(|_| pipe.flush()).is_err() {
                    break;
                }
            }
        });
    }
    let out = drain(child.stdout.take().expect("piped stdout"));
    let err = drain(child.stderr.take().expect("piped stderr"));
    let mut timed_out = false;
    let status = loop {
        match child.try_wait() {
            Ok(Some(s)) => break s,
            Ok(None) => {}
            Err(e) => return Err(format!("waiting for {}: {}", show(cmd), e)),
        }
        let elapsed = start.elapsed();
        if elapsed >= timeout {
            let _ = child.kill();
            timed_out = true;
            break child
                .wait()
                .map_err(|e| format!("waiting for {}: {}", show(cmd), e))?;
        }
        // Short naps first so that timings of quick runs stay accurate (within ~5 %).
        thread::sleep((elapsed / 20).clamp(Duration::from_micros(20), Duration::from_millis(10)));
    };
    let elapsed = start.elapsed();
    let stdout = String::from_utf8_lossy(&out.join().unwrap_or_default()).into_owned();
    let stderr = String::from_utf8_lossy(&err.join().unwrap_or_default()).into_owned();
    Ok(Output {
        code: status.code(),
        signal: status.signal(),
        timed_out,
        stdout,
        stderr,
        elapsed,
    })
}

/// Run attached to the terminal, echoing the command first. Ok(()) only on exit status 0.
pub fn run_shown(cmd: &mut Command) -> Result<(), String> {
    println!("$ {}", show(cmd));
    let status = cmd
        .status()
        .map_err(|e| format!("cannot start {}: {}", show(cmd), e))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("`{}` failed ({})", show(cmd), status))
    }
}

/// Run with output passed through to the terminal line by line and also returned (stdout and
/// stderr interleaved as they come), with the exit status.
pub fn run_tee(cmd: &mut Command) -> Result<(bool, String), String> {
    println!("$ {}", show(cmd));
    cmd.stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = cmd
        .spawn()
        .map_err(|e| format!("cannot start {}: {}", show(cmd), e))?;
    let (tx, rx) = std::sync::mpsc::channel::<String>();
    let mut readers = Vec::new();
    let stdout: Box<dyn Read + Send> = Box::new(child.stdout.take().expect("piped stdout"));
    let stderr: Box<dyn Read + Send> = Box::new(child.stderr.take().expect("piped stderr"));
    for (stream, to_stderr) in [(stdout, false), (stderr, true)] {
        let tx = tx.clone();
        readers.push(thread::spawn(move || {
            use std::io::BufRead;
            for line in std::io::BufReader::new(stream).split(b'\n') {
                let Ok(line) = line else { break };
                let line = String::from_utf8_lossy(&line).into_owned();
                if to_stderr {
                    eprintln!("{}", line);
                } else {
                    println!("{}", line);
                }
                let _ = tx.send(line);
            }
        }));
    }
    drop(tx);
    let mut all = String::new();
    for line in rx {
        all.push_str(&line);
        all.push('\n');
    }
    for r in readers {
        let _ = r.join();
    }
    let status = child
        .wait()
        .map_err(|e| format!("waiting for {}: {}", show(cmd), e))?;
    Ok((status.success(), all))
}

/// Look a program up in PATH.
pub fn find_in_path(name: &str) -> Option<std::path::PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|d| d.join(name))
        .find(|p| is_executable(p))
}

pub fn is_executable(p: &std::path::Path) -> bool {
    use std::os::unix::fs::PermissionsExt;
    p.metadata()
        .map(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
        .unwrap_or(false)
}

/// Shorten text for a one-line report: newlines shown as ` | `, at most `max` characters.
pub fn one_line(s: &str, max: usize) -> String {
    let joined = s
        .trim()
        .lines()
        .map(str::trim_end)
        .collect::<Vec<_>>()
        .join(" | ");
    if joined.chars().count() <= max {
        joined
    } else {
        let mut t: String = joined.chars().take(max).collect();
        t.push('…');
        t
    }
}

/// Run `f` over `items` on `jobs` threads; results come back in the order of `items`.
pub fn parallel_map<T: Sync, R: Send>(
    items: &[T],
    jobs: usize,
    f: impl Fn(&T) -> R + Sync,
) -> Vec<R> {
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::Mutex;
    let next = AtomicUsize::new(0);
    let results: Mutex<Vec<Option<R>>> = Mutex::new((0..items.len()).map(|_| None).collect());
    thread::scope(|s| {
        for _ in 0..jobs.max(1).min(items.len().max(1)) {
            s.spawn(|| loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                if i >= items.len() {
                    break;
                }
                let r = f(&items[i]);
                results.lock().unwrap_or_else(|e| e.into_inner())[i] = Some(r);
            });
        }
    });
    results
        .into_inner()
        .unwrap_or_else(|e| e.into_inner())
        .into_iter()
        .map(|r| r.expect("every item ran"))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_hung_child_is_killed_at_the_timeout() {
        let o = run(Command::new("sleep").arg("30"), Duration::from_millis(300)).unwrap();
        assert!(o.timed_out);
        assert!(o.elapsed < Duration::from_secs(5));
        assert!(o.status_text().starts_with("timed out"));
    }

    #[test]
    fn output_and_status_are_captured() {
        let o = run(
            Command::new("sh").args(["-c", "echo out; echo err >&2; exit 3"]),
            Duration::from_secs(10),
        )
        .unwrap();
        assert_eq!(
            (o.code, o.stdout.as_str(), o.stderr.as_str()),
            (Some(3), "out\n", "err\n")
        );
        let o = run(
            Command::new("sh").args(["-c", "kill -9 $$"]),
            Duration::from_secs(10),
        )
        .unwrap();
        assert_eq!((o.code, o.signal), (None, Some(9)));
    }

    #[test]
    fn parallel_map_keeps_order() {
        let v: Vec<u32> = (0..50).collect();
        assert_eq!(
            parallel_map(&v, 3, |x| x * 2),
            v.iter().map(|x| x * 2).collect::<Vec<_>>()
        );
    }
}
