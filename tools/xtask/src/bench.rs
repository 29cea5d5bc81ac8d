//! `cargo xtask bench`: each bench/*.erl `start/0` times its own workload and returns
//! `{Name, Microseconds, Checksum}` (bench/README.md; the checksum, when there, must match the
//! file's `%% checksum:` line). Run natively, as wasm32-wasip1 under wasmtime and on OTP.
//! A benchmark marked `%% needs: libs` runs with atomvmlib.avm.
//! A benchmark marked `%% needs: sockets` runs with atomvmlib.avm, and on wasm32-wasip2 instead
//! of wasip1 (preview 1 has no sockets). Lines a benchmark prints starting with `% ` are
//! shown (e.g. a throughput).

use crate::artifacts::{build, compile_erl, stem};
use crate::proc::{one_line, run, Output};
use crate::{Ctx, Target};
use std::path::Path;
use std::process::Command;
use std::time::Duration;

/// The top-level elements of a printed tuple: `{fib,12,{a,b}}` -> ["fib", "12", "{a,b}"].
fn tuple_fields(printed: &str) -> Option<Vec<String>> {
    let inner = printed.trim().strip_prefix('{')?.strip_suffix('}')?;
    let (mut fields, mut cur, mut depth, mut quote) =
        (Vec::new(), String::new(), 0i32, None::<char>);
    let mut escaped = false;
    for c in inner.chars() {
        match quote {
            Some(q) => {
                if escaped {
                    escaped = false;
                } else if c == '\\' {
                    escaped = true;
                } else if c == q {
                    quote = None;
                }
            }
            None => match c {
                '"' | '\'' => quote = Some(c),
                '{' | '[' | '(' => depth += 1,
                '}' | ']' | ')' => depth -= 1,
                '<' if cur.ends_with('<') => depth += 1,
                '>' if cur.ends_with('>') => depth -= 1,
                ',' if depth == 0 => {
                    fields.push(cur.trim().to_string());
                    cur.clear();
                    continue;
                }
                _ => {}
            },
        }
        cur.push(c);
    }
    fields.push(cur.trim().to_string());
    Some(fields)
}

/// A benchmark's result: `{Name, Microseconds}` or `{Name, Microseconds, Checksum}`
/// (bench/README.md). Checks the checksum against the source's `%% checksum:` line.
fn microseconds(printed: &str, checksum: Option<&str>) -> Result<f64, String> {
    let fields = tuple_fields(printed)
        .filter(|f| f.len() >= 2)
        .ok_or_else(|| {
            format!(
                "not {{Name, Microseconds, ...}}: {}",
                one_line(printed, 120)
            )
        })?;
    let us: u64 = fields[1]
        .parse()
        .map_err(|_| format!("time is not an integer: {}", one_line(printed, 120)))?;
    if let (Some(want), Some(got)) = (checksum, fields.get(2)) {
        if want != got {
            return Err(format!(
                "checksum {} but the file says {}",
                one_line(got, 60),
                want
            ));
        }
    }
    Ok(us as f64)
}

fn result_of(o: &Output, line: Option<&str>, checksum: Option<&str>) -> Result<f64, String> {
    match line {
        Some(l) if !o.timed_out => microseconds(l, checksum),
        _ => Err(format!(
            "{}; stdout {:?}; stderr {:?}",
            o.status_text(),
            one_line(&o.stdout, 120),
            one_line(&o.stderr, 200)
        )),
    }
}

fn from_vm(o: &Output, checksum: Option<&str>) -> Result<f64, String> {
    result_of(
        o,
        o.stdout
            .lines()
            .rev()
            .find_map(|l| l.strip_prefix("Return value: ")),
        checksum,
    )
}

fn from_otp(o: &Output, checksum: Option<&str>) -> Result<f64, String> {
    result_of(
        o,
        o.stdout.lines().rev().find(|l| l.starts_with('{')),
        checksum,
    )
}

fn otp_command(dir: &Path, module: &str) -> Command {
    let mut cmd = Command::new("erl");
    cmd.args(["-noshell", "-pa"]).arg(dir).args([
        "-eval",
        &format!("io:format(\"~p~n\",['{}':start()]), halt().", module),
    ]);
    cmd
}

fn geomean(v: &[f64]) -> Option<f64> {
    if v.is_empty() {
        None
    } else {
        Some((v.iter().map(|x| x.ln()).sum::<f64>() / v.len() as f64).exp())
    }
}

fn cell(v: Option<f64>, width: usize, unit: &str) -> String {
    match v {
        Some(x) if unit == "x" => format!("{:>w$.2}x", x, w = width - 1),
        Some(x) => format!("{:>w$.0}", x, w = width),
        None => format!("{:>w$}", "-", w = width),
    }
}

/// What a benchmark measures, from its `%% group:` line: the geometric means are per group, so
/// that library code (sockets, crypto, ets, re, zlib) does not blur the interpreter's numbers.
#[derive(Clone, Copy, PartialEq)]
enum Group {
    Sequential,
    Processes,
    Library,
}

impl Group {
    fn of(source: &str) -> Group {
        match source
            .lines()
            .find_map(|l| l.trim().strip_prefix("%% group:"))
            .map(str::trim)
        {
            Some("processes") => Group::Processes,
            Some("library") => Group::Library,
            _ => Group::Sequential,
        }
    }

    fn title(self) -> &'static str {
        match self {
            Group::Sequential => "sequential",
            Group::Processes => "processes",
            Group::Library => "libraries",
        }
    }
}

/// One benchmark's in-VM times in µs.
struct Row {
    name: String,
    group: Group,
    otp: Option<f64>,
    otp29: Option<f64>,
    native: Option<f64>,
    wasip1: Option<f64>,
    wasip2: Option<f64>,
}

/// OTP 29 from its chroot (`cargo xtask setup`), on beams compiled by its own erlc; None when
/// there is no chroot.
fn otp29_dir(ctx: &Ctx, sources: &[std::path::PathBuf]) -> Option<std::path::PathBuf> {
    if !crate::otp::chroot_dir(29).join("usr/bin/erl").exists() {
        return None;
    }
    let dir = ctx.build.join("bench-otp29");
    match crate::otp::compile_stale(29, sources, &[], &Default::default(), &dir) {
        Ok(failed) => {
            for (name, msg) in failed {
                println!(
                    "bench: {} does not compile on OTP 29: {}",
                    name,
                    one_line(&msg, 400)
                );
            }
            Some(dir)
        }
        Err(e) => {
            println!("bench: no OTP 29 column: {}", e);
            None
        }
    }
}

fn otp29_run(dir: &Path, module: &str, timeout: Duration) -> Result<Output, String> {
    let args = [
        "-noshell".to_string(),
        "-eval".to_string(),
        format!("io:format(\"~p~n\",['{}':start()]), halt().", module),
    ];
    let inputs = crate::otp::Inputs {
        include_dirs: &[],
        code_dirs: &[dir],
    };
    crate::otp::erl(29, &args, &inputs, timeout)
}

pub fn bench(ctx: &mut Ctx) -> Result<bool, String> {
    let report = build(ctx)?;
    report.print_warnings();
    let sources: Vec<_> = ctx.filtered_sources(&ctx.root.join("bench"));
    let dir = ctx.build.join("bench");
    for (name, msg) in compile_erl(&sources, &dir)? {
        println!("bench: {} does not compile: {}", name, one_line(&msg, 400));
    }
    let dir29 = otp29_dir(ctx, &sources);
    let timeout = ctx.timeout.max(Duration::from_secs(300));
    // A copy of atomvmlib.avm next to the benchmarks: wasm guests see only that directory.
    let lib = "atomvmlib.avm";
    if let Err(e) = std::fs::copy(crate::libs::atomvmlib(ctx), dir.join(lib)) {
        println!(
            "bench: cannot copy atomvmlib.avm into {}: {}",
            dir.display(),
            e
        );
    }

    let mut rows: Vec<Row> = Vec::new();
    let mut all_ok = true;
    for src in &sources {
        let m = stem(src);
        if !dir.join(format!("{}.beam", m)).exists() {
            all_ok = false;
            continue;
        }
        let file = format!("{}.beam", m);
        let source = std::fs::read_to_string(src).unwrap_or_default();
        let checksum = source
            .lines()
            .find_map(|l| l.trim().strip_prefix("%% checksum:"))
            .map(|c| c.trim().to_string());
        let checksum = checksum.as_deref();
        let sockets = source.lines().any(|l| l.trim() == "%% needs: sockets");
        let mut platforms = vec![Target::Native];
        if !ctx.native_only {
            platforms.push(if sockets {
                Target::Wasip2
            } else {
                Target::Wasip1
            });
        }
        // `%% needs: libs`: the estdlib modules (crypto, ...), on the usual targets.
        let libs = sockets || source.lines().any(|l| l.trim() == "%% needs: libs");
        let mut files = vec![file.as_str()];
        if libs {
            files.push(lib);
        }
        let show = |what: &str, o: &Output| {
            for l in o.stdout.lines().filter_map(|l| l.strip_prefix("% ")) {
                println!("bench: {} on {}: {}", m, what, l);
            }
        };
        let mut note = |what: &str, r: Result<f64, String>| match r {
            Ok(v) => Some(v),
            Err(e) => {
                println!("bench: {} on {}: {}", m, what, e);
                all_ok = false;
                None
            }
        };
        // OTP 25, OTP 29, native, wasip1, wasip2: the fastest of `--runs` interleaved rounds.
        let mut best: [Option<f64>; 5] = [None; 5];
        let mut keep = |i: usize, v: Option<f64>| {
            best[i] = match (best[i], v) {
                (Some(a), Some(b)) => Some(a.min(b)),
                (a, b) => a.or(b),
            }
        };
        for _ in 0..ctx.runs {
            let otp = note(
                "OTP",
                run(&mut otp_command(&dir, &m), timeout).and_then(|o| {
                    show("OTP", &o);
                    from_otp(&o, checksum)
                }),
            );
            keep(0, otp);
            let otp29 = dir29
                .as_deref()
                .filter(|d| d.join(&file).exists())
                .and_then(|d| {
                    note(
                        "OTP 29",
                        otp29_run(d, &m, timeout).and_then(|o| from_otp(&o, checksum)),
                    )
                });
            keep(1, otp29);
            for t in &platforms {
                let i = match t {
                    Target::Native => 2,
                    Target::Wasip2 => 4,
                    _ => 3,
                };
                let v = note(
                    t.name(),
                    run(&mut ctx.vm_command(*t, &dir, &files, false), timeout).and_then(|o| {
                        show(t.name(), &o);
                        from_vm(&o, checksum)
                    }),
                );
                keep(i, v);
            }
        }
        println!("bench: {} done", m);
        rows.push(Row {
            name: m,
            group: Group::of(&source),
            otp: best[0],
            otp29: best[1],
            native: best[2],
            wasip1: best[3],
            wasip2: best[4],
        });
    }
    print_table(&rows);

    let mut platforms = vec![Target::Native];
    if !ctx.native_only {
        platforms.push(Target::Wasip1);
    }
    boot_times(ctx, &platforms);
    if ctx.filter.as_deref().is_none_or(|f| "dist".contains(f)) {
        crate::dist::bench(ctx);
    }
    Ok(all_ok)
}

fn ratio(a: Option<f64>, b: Option<f64>) -> Option<f64> {
    match (a, b) {
        (Some(a), Some(b)) if b > 0.0 => Some(a / b),
        _ => None,
    }
}

/// The in-VM times side by side, one block per group, each with its geometric means of
/// native/OTP 25, native/OTP 29 and wasm/native (wasip1, or wasip2 for the socket ones).
fn print_table(rows: &[Row]) {
    println!();
    println!(
        "{:<20} {:>10} {:>10} {:>10} {:>10} {:>10} {:>10} {:>10} {:>11}",
        "benchmark (µs)",
        "OTP 25",
        "OTP 29",
        "native",
        "wasip1",
        "wasip2",
        "native/25",
        "native/29",
        "wasm/native"
    );
    for group in [Group::Sequential, Group::Processes, Group::Library] {
        let in_group: Vec<&Row> = rows.iter().filter(|r| r.group == group).collect();
        if in_group.is_empty() {
            continue;
        }
        println!("-- {}", group.title());
        let (mut r25, mut r29, mut rw) = (Vec::new(), Vec::new(), Vec::new());
        for r in in_group {
            let n25 = ratio(r.native, r.otp);
            let n29 = ratio(r.native, r.otp29);
            let w = ratio(r.wasip1.or(r.wasip2), r.native);
            r25.extend(n25);
            r29.extend(n29);
            rw.extend(w);
            println!(
                "{:<20} {} {} {} {} {} {} {} {}",
                r.name,
                cell(r.otp, 10, ""),
                cell(r.otp29, 10, ""),
                cell(r.native, 10, ""),
                cell(r.wasip1, 10, ""),
                cell(r.wasip2, 10, ""),
                cell(n25, 10, "x"),
                cell(n29, 10, "x"),
                cell(w, 11, "x")
            );
        }
        println!(
            "{:<20} {:>10} {:>10} {:>10} {:>10} {:>10} {} {} {}",
            format!("geomean {}", group.title()),
            "",
            "",
            "",
            "",
            "",
            cell(geomean(&r25), 10, "x"),
            cell(geomean(&r29), 10, "x"),
            cell(geomean(&rw), 11, "x")
        );
    }
}

/// Wall time of running a trivial program, median of several runs.
fn boot_times(ctx: &Ctx, platforms: &[Target]) {
    let dir = ctx.build.join("examples");
    println!("\nboot time (wall, median of 11 runs of build/examples/hello.avm; OTP: `erl -noshell -eval 'halt().'`)");
    let median = |mut make: Box<dyn FnMut() -> Command>| -> Result<f64, String> {
        let mut times = Vec::new();
        for _ in 0..11 {
            let o = run(&mut make(), Duration::from_secs(60))?;
            if o.timed_out || o.signal.is_some() {
                return Err(o.status_text());
            }
            times.push(o.elapsed.as_secs_f64() * 1000.0);
        }
        times.sort_by(|a, b| a.total_cmp(b));
        Ok(times[times.len() / 2])
    };
    for t in platforms {
        let r = median(Box::new(|| ctx.vm_command(*t, &dir, &["hello.avm"], false)));
        match r {
            Ok(ms) => println!("  {:<24} {:>8.1} ms", t.name(), ms),
            Err(e) => println!("  {:<24} failed: {}", t.name(), e),
        }
    }
    let r = median(Box::new(|| {
        let mut c = Command::new("erl");
        c.args(["-noshell", "-eval", "halt()."]);
        c
    }));
    match r {
        Ok(ms) => println!("  {:<24} {:>8.1} ms", "OTP", ms),
        Err(e) => println!("  {:<24} failed: {}", "OTP", e),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn microseconds_from_the_returned_tuple() {
        use super::microseconds;
        assert_eq!(microseconds("{fib, 1234}", None), Ok(1234.0));
        assert_eq!(
            microseconds("{fib,1234,52868670}", Some("52868670")),
            Ok(1234.0)
        );
        assert!(microseconds("{fib,1234,5}", Some("52868670")).is_err());
        assert_eq!(
            microseconds("{{nested,\"a,}\"},42,[1,{2,3}]}", Some("[1,{2,3}]")),
            Ok(42.0)
        );
        assert!(microseconds("ok", None).is_err());
        assert!((super::geomean(&[1.0, 4.0]).unwrap() - 2.0).abs() < 1e-9);
    }
}
