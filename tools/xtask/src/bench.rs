//! `cargo xtask bench`: each bench/*.erl `start/0` times its own workload and returns
//! `{Name, Microseconds}`. Run natively, as wasm32-wasip1 under wasmtime and on OTP, side by side.

use crate::artifacts::{build, compile_erl, erl_sources, stem};
use crate::proc::{one_line, run, Output};
use crate::{Ctx, Target};
use std::path::Path;
use std::process::Command;
use std::time::Duration;

/// `{Name, 1234}` -> 1234 (the last integer of the printed tuple).
fn microseconds(printed: &str) -> Option<f64> {
    let inner = printed.trim().strip_prefix('{')?.strip_suffix('}')?;
    let (_, us) = inner.rsplit_once(',')?;
    us.trim().parse::<u64>().ok().map(|v| v as f64)
}

fn from_vm(o: &Output) -> Result<f64, String> {
    let line = o.stdout.lines().rev().find_map(|l| l.strip_prefix("Return value: "));
    match line.and_then(microseconds) {
        Some(us) if !o.timed_out => Ok(us),
        _ => Err(format!("{}; stdout {:?}; stderr {:?}", o.status_text(), one_line(&o.stdout, 120), one_line(&o.stderr, 200))),
    }
}

fn from_otp(o: &Output) -> Result<f64, String> {
    match o.stdout.lines().rev().find_map(microseconds) {
        Some(us) if !o.timed_out => Ok(us),
        _ => Err(format!("{}; stdout {:?}; stderr {:?}", o.status_text(), one_line(&o.stdout, 120), one_line(&o.stderr, 200))),
    }
}

fn otp_command(dir: &Path, module: &str) -> Command {
    let mut cmd = Command::new("erl");
    cmd.args(["-noshell", "-pa"]).arg(dir).args(["-eval", &format!("io:format(\"~p~n\",['{}':start()]), halt().", module)]);
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

pub fn bench(ctx: &mut Ctx) -> Result<bool, String> {
    let report = build(ctx)?;
    report.print_warnings();
    let sources: Vec<_> = erl_sources(&ctx.root.join("bench"))
        .into_iter()
        .filter(|p| ctx.filter.as_ref().is_none_or(|f| stem(p).contains(f.as_str())))
        .collect();
    let dir = ctx.build.join("bench");
    for (name, msg) in compile_erl(&sources, &dir)? {
        println!("bench: {} does not compile: {}", name, one_line(&msg, 400));
    }
    let timeout = ctx.timeout.max(Duration::from_secs(300));
    let mut platforms = vec![Target::Native];
    if !ctx.native_only {
        platforms.push(Target::Wasip1);
    }

    // (name, OTP µs, native µs, wasip1 µs)
    type Row = (String, Option<f64>, Option<f64>, Option<f64>);
    let mut rows: Vec<Row> = Vec::new();
    let mut all_ok = true;
    for src in &sources {
        let m = stem(src);
        if !dir.join(format!("{}.beam", m)).exists() {
            all_ok = false;
            continue;
        }
        let file = format!("{}.beam", m);
        let mut note = |what: &str, r: Result<f64, String>| match r {
            Ok(v) => Some(v),
            Err(e) => {
                println!("bench: {} on {}: {}", m, what, e);
                all_ok = false;
                None
            }
        };
        let otp = note("OTP", run(&mut otp_command(&dir, &m), timeout).and_then(|o| from_otp(&o)));
        let mut vm = [None, None];
        for (i, t) in platforms.iter().enumerate() {
            vm[i] = note(t.name(), run(&mut ctx.vm_command(*t, &dir, &[&file], false), timeout).and_then(|o| from_vm(&o)));
        }
        println!("bench: {} done", m);
        rows.push((m, otp, vm[0], vm[1]));
    }

    println!();
    println!("{:<24} {:>12} {:>12} {:>12} {:>11} {:>11}", "benchmark (µs)", "OTP", "native", "wasip1", "native/OTP", "wasm/native");
    let (mut r_native, mut r_wasm) = (Vec::new(), Vec::new());
    for (name, otp, native, wasm) in &rows {
        let rn = match (native, otp) {
            (Some(n), Some(o)) if *o > 0.0 => Some(n / o),
            _ => None,
        };
        let rw = match (wasm, native) {
            (Some(w), Some(n)) if *n > 0.0 => Some(w / n),
            _ => None,
        };
        r_native.extend(rn);
        r_wasm.extend(rw);
        println!(
            "{:<24} {} {} {} {} {}",
            name,
            cell(*otp, 12, ""),
            cell(*native, 12, ""),
            cell(*wasm, 12, ""),
            cell(rn, 11, "x"),
            cell(rw, 11, "x")
        );
    }
    println!("{:<24} {:>12} {:>12} {:>12} {} {}", "geometric mean", "", "", "", cell(geomean(&r_native), 11, "x"), cell(geomean(&r_wasm), 11, "x"));

    boot_times(ctx, &platforms);
    Ok(all_ok)
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
        assert_eq!(super::microseconds("{fib, 1234}"), Some(1234.0));
        assert_eq!(super::microseconds("{{nested,1},42}"), Some(42.0));
        assert_eq!(super::microseconds("ok"), None);
        assert!((super::geomean(&[1.0, 4.0]).unwrap() - 2.0).abs() < 1e-9);
    }
}
