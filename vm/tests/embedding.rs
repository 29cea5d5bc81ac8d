//! The embedding API as a Rust host uses it: apply, exceptions, a crash leaving the VM usable,
//! budgets, messages both ways, host functions, monitors, whereis, gen_server calls, halt.
//!
//! The VM's state is per host process (one VM per process, as one wasm instance is one VM), so
//! the scenarios run in order inside one test. Needs `erlc` (OTP) and estdlib's bundle
//! `build/libs/atomvmlib.avm` (`cargo xtask build` makes it; `cargo xtask test` builds first).

use atomvm::etf::{self, Pid};
use atomvm::{
    Budget, CallError, ExceptionClass, Host, Options, RunStatus, StdPlatform, Target, Vm,
};
use std::path::PathBuf;
use std::process::Command;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn compile_demo() -> Vec<u8> {
    let dir = std::env::temp_dir().join(format!("atomvm-embedding-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("make a temporary directory");
    let src = root().join("vm/tests/embedding/embed_demo.erl");
    let status = Command::new("erlc")
        .arg("-o")
        .arg(&dir)
        .arg(&src)
        .status()
        .unwrap_or_else(|e| panic!("erlc not runnable ({e}): run `cargo xtask setup`"));
    assert!(status.success(), "erlc failed on {}", src.display());
    std::fs::read(dir.join("embed_demo.beam")).expect("erlc wrote the beam")
}

fn estdlib() -> Vec<u8> {
    let path = root().join("build/libs/atomvmlib.avm");
    std::fs::read(&path)
        .unwrap_or_else(|e| panic!("{}: {e}: run `cargo xtask build` first", path.display()))
}

/// What the test host saw.
#[derive(Default)]
struct Seen {
    delivered: Vec<String>,
    downs: Vec<(Pid, String)>,
}

struct TestHost(Arc<Mutex<Seen>>);

impl Host for TestHost {
    fn call(&mut self, name: &str, args: &[u8]) -> Result<Vec<u8>, Vec<u8>> {
        match name {
            "double" => {
                let n: i64 = etf::print(args)
                    .ok()
                    .and_then(|s| s.parse().ok())
                    .ok_or_else(|| etf::atom("badarg"))?;
                Ok(etf::int(2 * n))
            }
            _ => Err(etf::atom("undef")),
        }
    }
    fn deliver(&mut self, message: &[u8]) {
        let text = etf::print(message).unwrap_or_default();
        self.0.lock().unwrap().delivered.push(text);
    }
    fn down(&mut self, pid: Pid, reason: &[u8]) {
        let text = etf::print(reason).unwrap_or_default();
        self.0.lock().unwrap().downs.push((pid, text));
    }
}

fn args(items: &[Vec<u8>]) -> Vec<u8> {
    etf::list(items)
}

fn printed(r: Result<Vec<u8>, CallError>) -> String {
    match r {
        Ok(v) => etf::print(&v).expect("the VM gives valid terms"),
        Err(e) => panic!("expected a value, got {e}"),
    }
}

#[test]
fn a_host_drives_the_vm() {
    // ATOMVM_GC_STRESS=1 collects at every reservation, as the command line does.
    let options = Options {
        gc_stress: std::env::var("ATOMVM_GC_STRESS").is_ok_and(|v| v == "1"),
        // 8 MB on 64 bits for each process the host spawns.
        max_heap_words: 1 << 20,
        ..Options::default()
    };
    let mut vm = Vm::new(options, Box::new(StdPlatform::new("generic_unix")));
    vm.load_file("atomvmlib.avm", estdlib())
        .expect("estdlib loads");
    vm.load_file("embed_demo.beam", compile_demo())
        .expect("the demo loads");
    let seen = Arc::new(Mutex::new(Seen::default()));
    vm.set_host(Box::new(TestHost(seen.clone())));
    let budget = Budget::default();

    // apply returns values.
    let sum = vm.apply(
        "embed_demo",
        "add",
        &args(&[etf::int(2), etf::int(40)]),
        budget,
    );
    assert_eq!(printed(sum), "42");
    let big = vm.apply(
        "erlang",
        "list_to_tuple",
        &args(&[etf::list(&[
            etf::atom("a"),
            etf::binary(b"b"),
            etf::int(-7),
        ])]),
        budget,
    );
    assert_eq!(printed(big), "{a,<<\"b\">>,-7}");

    // Exceptions come back with class, reason and stack trace; the VM goes on.
    match vm.apply("embed_demo", "fail", &args(&[etf::atom("boom")]), budget) {
        Err(CallError::Raised(e)) => {
            assert_eq!(e.class, ExceptionClass::Error);
            assert_eq!(etf::print(&e.reason).unwrap(), "boom");
            assert!(etf::print(&e.stacktrace).unwrap().contains("embed_demo"));
            assert!(e.printed.starts_with("error:boom"), "{}", e.printed);
        }
        other => panic!("expected an error exception, got {other:?}"),
    }
    match vm.apply("embed_demo", "throw_it", &args(&[etf::int(7)]), budget) {
        Err(CallError::Raised(e)) => {
            assert_eq!(e.class, ExceptionClass::Throw);
            assert_eq!(etf::print(&e.reason).unwrap(), "7");
        }
        other => panic!("expected a throw, got {other:?}"),
    }
    match vm.apply("no_such_module", "f", &args(&[]), budget) {
        Err(CallError::Raised(e)) => assert_eq!(etf::print(&e.reason).unwrap(), "undef"),
        other => panic!("expected undef, got {other:?}"),
    }
    // Bad input from the host is an error value, not a crash.
    assert!(matches!(
        vm.apply("embed_demo", "add", b"\x83garbage", budget),
        Err(CallError::BadArgument(_))
    ));
    assert!(matches!(
        vm.apply("embed_demo", "add", &etf::int(1), budget),
        Err(CallError::BadArgument(_))
    ));
    let after_crash = vm.apply(
        "embed_demo",
        "add",
        &args(&[etf::int(1), etf::int(1)]),
        budget,
    );
    assert_eq!(printed(after_crash), "2");

    // A process past its heap limit is killed; the VM goes on.
    let small = vm.apply("embed_demo", "hog", &args(&[etf::int(1000)]), budget);
    assert_eq!(printed(small), "1000");
    match vm.apply("embed_demo", "hog", &args(&[etf::int(2_000_000)]), budget) {
        Err(CallError::Exited(reason)) => assert_eq!(etf::print(&reason).unwrap(), "killed"),
        other => panic!("expected a kill at the heap limit, got {other:?}"),
    }

    // An exhausted budget: the process goes on when the host runs the VM again.
    let long = args(&[etf::int(3_000_000)]);
    let pid = match vm.apply("embed_demo", "spin", &long, Budget::reductions(4000)) {
        Err(CallError::Unfinished { pid, status }) => {
            assert_eq!(status, RunStatus::Yielded);
            pid
        }
        other => panic!("expected an unfinished call, got {other:?}"),
    };
    assert_eq!(vm.run(Budget::reductions(8000)), RunStatus::Yielded);
    assert_eq!(printed(vm.await_result(pid, budget)), "done");

    // Timers: a waiting process makes the VM idle with a deadline; the budget's wait covers it.
    let pid = match vm.apply(
        "embed_demo",
        "wait_then",
        &args(&[etf::int(30), etf::atom("late")]),
        Budget::reductions(1_000_000),
    ) {
        Err(CallError::Unfinished {
            pid,
            status: RunStatus::Idle {
                next_timer: Some(t),
            },
        }) => {
            assert!(t <= Duration::from_millis(30), "{t:?}");
            pid
        }
        other => panic!("expected an idle VM with a timer, got {other:?}"),
    };
    let waited = Budget::reductions(1_000_000).with_wait(Duration::from_secs(2));
    assert_eq!(printed(vm.await_result(pid, waited)), "late");

    // Messages: host -> registered process -> host.
    let echo = printed(vm.apply("embed_demo", "start_echo", &args(&[]), budget));
    let echo_pid = vm.whereis("echo").expect("echo is registered");
    assert_eq!(echo, echo_pid.to_string());
    assert_eq!(Pid::from_etf(&echo_pid.to_etf()), Some(echo_pid));
    vm.send(
        &Target::from("echo"),
        &etf::tuple(&[etf::atom("hello"), etf::int(1)]),
    )
    .unwrap();
    vm.send(&Target::Pid(echo_pid), &etf::binary(b"two"))
        .unwrap();
    assert!(matches!(vm.run(budget), RunStatus::Idle { .. }));
    assert_eq!(
        seen.lock().unwrap().delivered,
        ["{echo,{hello,1}}", "{echo,<<\"two\">>}"]
    );
    assert!(vm.send(&Target::from("nobody"), &etf::int(1)).is_err());
    assert_eq!(vm.whereis("nobody"), None);

    // Host functions.
    let doubled = vm.apply(
        "embed_demo",
        "double_via_host",
        &args(&[etf::int(21)]),
        budget,
    );
    assert_eq!(printed(doubled), "{ok,42}");
    let bad = vm.apply(
        "host",
        "call",
        &args(&[etf::atom("nope"), etf::int(1)]),
        budget,
    );
    assert_eq!(printed(bad), "{error,undef}");

    // Monitors: from the host, and asked by Erlang; exit signals from the host.
    vm.monitor(echo_pid);
    vm.exit(&Target::Pid(echo_pid), &etf::atom("kill")).unwrap();
    let watcher = vm.spawn("embed_demo", "watch_me", &args(&[])).unwrap();
    vm.run(budget);
    vm.send(&Target::Pid(watcher), &etf::atom("go")).unwrap();
    vm.run(budget);
    let downs = seen.lock().unwrap().downs.clone();
    assert_eq!(downs[0], (echo_pid, "killed".to_string()));
    assert_eq!(downs[1].0, watcher);
    assert!(downs[1].1.starts_with("{on_purpose,"), "{}", downs[1].1);
    assert_eq!(vm.whereis("echo"), None);

    // gen_server calls.
    printed(vm.apply("embed_demo", "start_counter", &args(&[]), budget));
    let add = etf::tuple(&[etf::atom("add"), etf::int(5)]);
    assert_eq!(
        printed(vm.call(&Target::from("counter"), &add, budget)),
        "5"
    );
    assert_eq!(
        printed(vm.call(&Target::from("counter"), &add, budget)),
        "10"
    );
    match vm.call(&Target::from("nobody"), &add, budget) {
        Err(CallError::Raised(e)) => assert_eq!(e.class, ExceptionClass::Exit),
        other => panic!("expected a noproc exit, got {other:?}"),
    }

    // halt is reported, and the VM stays usable.
    match vm.apply("embed_demo", "halt_with", &args(&[etf::int(3)]), budget) {
        Err(CallError::Halted { status: 3 }) => {}
        other => panic!("expected halt(3), got {other:?}"),
    }
    let stats = vm.stats();
    assert!(stats.processes >= 2, "{stats:?}");
    assert_eq!(
        printed(vm.call(&Target::from("counter"), &etf::atom("get"), budget)),
        "10"
    );

    // Round trip speed, for docs/embedding.md (printed with --nocapture).
    let two = args(&[etf::int(1), etf::int(2)]);
    let n = 2000;
    let t = Instant::now();
    for _ in 0..n {
        vm.apply("embed_demo", "add", &two, budget).unwrap();
    }
    let apply_us = t.elapsed().as_secs_f64() * 1e6 / n as f64;
    seen.lock().unwrap().delivered.clear();
    vm.apply("embed_demo", "start_echo", &args(&[]), budget)
        .unwrap();
    let t = Instant::now();
    let msg = etf::tuple(&[etf::atom("n"), etf::int(1)]);
    for _ in 0..n {
        vm.send(&Target::from("echo"), &msg).unwrap();
    }
    vm.run(budget);
    let per_s = n as f64 / t.elapsed().as_secs_f64();
    assert_eq!(seen.lock().unwrap().delivered.len(), n);
    println!("embedding: warm apply {apply_us:.1} us; host->VM->host {per_s:.0} messages/s");
}
