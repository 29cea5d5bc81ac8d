//! End-to-end test of the `packbeam` binary on modules compiled by `erlc`.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn packbeam(args: &[&str], cwd: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_packbeam"))
        .args(args)
        .current_dir(cwd)
        .output()
        .expect("run packbeam")
}

fn ok(out: Output) -> String {
    assert!(
        out.status.success(),
        "packbeam failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("utf-8 stdout")
}

/// Exit status 1 with exactly one line on stderr, containing `needle`.
fn fails_with(out: Output, needle: &str) {
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "stderr: {err}");
    assert_eq!(err.lines().count(), 1, "stderr: {err}");
    assert!(err.contains(needle), "expected {needle:?} in {err:?}");
}

/// A fresh scratch directory per test (removed on success).
fn scratch(tag: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("packbeam-{tag}-{}", std::process::id()));
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).expect("create scratch dir");
    dir
}

/// Compile `hello` (exports start/0) and `helper` (no start/0); None if no erlc.
fn compile(dir: &Path) -> Option<()> {
    fs::write(
        dir.join("hello.erl"),
        "-module(hello).\n-export([start/0]).\nstart() -> helper:greet(world).\n",
    )
    .unwrap();
    fs::write(
        dir.join("helper.erl"),
        "-module(helper).\n-export([greet/1]).\ngreet(X) -> {hello, X, [1, 2, 3]}.\n",
    )
    .unwrap();
    match Command::new("erlc")
        .args(["hello.erl", "helper.erl"])
        .current_dir(dir)
        .status()
    {
        Ok(s) if s.success() => Some(()),
        Ok(s) => panic!("erlc failed: {s}"),
        Err(_) => {
            eprintln!("note: erlc not found, skipping packbeam CLI test");
            None
        }
    }
}

#[test]
fn create_list_extract_round_trip() {
    let dir = scratch("roundtrip");
    if compile(&dir).is_none() {
        return;
    }
    fs::create_dir_all(dir.join("data/hello/priv")).unwrap();
    fs::write(dir.join("data/hello/priv/greeting.txt"), b"hi\n\0bytes").unwrap();
    let data_root = dir.join("data");
    let data_file = data_root.join("hello/priv/greeting.txt");

    // helper comes first on the command line; hello must still be the start module.
    ok(packbeam(
        &[
            "create",
            "--data-root",
            data_root.to_str().unwrap(),
            "app.avm",
            "helper.beam",
            "hello.beam",
            data_file.to_str().unwrap(),
        ],
        &dir,
    ));

    let bytes = fs::read(dir.join("app.avm")).unwrap();
    assert!(bytes.starts_with(b"#!/usr/bin/env AtomVM\n\0\0"));
    assert_eq!(bytes.len() % 4, 0);
    assert!(bytes.ends_with(b"\0\0\0\0\0\0\0\0\0\0\0\0end\0"));

    let listing = ok(packbeam(&["list", "app.avm"], &dir));
    let lines: Vec<&str> = listing.lines().collect();
    assert_eq!(lines.len(), 3, "{listing}");
    assert!(
        lines[0].starts_with("* BEAM") && lines[0].ends_with(" hello.beam"),
        "{listing}"
    );
    assert!(
        lines[1].starts_with("  BEAM") && lines[1].ends_with(" helper.beam"),
        "{listing}"
    );
    assert!(
        lines[2].starts_with("  DATA") && lines[2].ends_with(" hello/priv/greeting.txt"),
        "{listing}"
    );
    let csv = ok(packbeam(&["list", "-f", "csv", "app.avm"], &dir));
    assert!(csv.contains("\nhello.beam,true,true,"), "{csv}");
    assert!(csv.contains("\nhelper.beam,true,false,"), "{csv}");
    assert!(
        csv.contains("\nhello/priv/greeting.txt,false,false,9\n"),
        "{csv}"
    );

    ok(packbeam(&["extract", "-o", "out", "app.avm"], &dir));
    for (extracted, original) in [
        ("out/hello.beam", dir.join("hello.beam")),
        ("out/helper.beam", dir.join("helper.beam")),
        ("out/hello/priv/greeting.txt", data_file.clone()),
    ] {
        assert_eq!(
            fs::read(dir.join(extracted)).unwrap(),
            fs::read(&original).unwrap(),
            "{extracted} differs from its input"
        );
    }
    ok(packbeam(
        &["extract", "app.avm", "helper.beam", "-o", "one"],
        &dir,
    ));
    assert!(dir.join("one/helper.beam").exists());
    assert!(!dir.join("one/hello.beam").exists());

    // An .avm input is merged in; the start flag survives the merge.
    ok(packbeam(&["create", "lib.avm", "helper.beam"], &dir));
    assert!(ok(packbeam(&["list", "lib.avm"], &dir)).starts_with("  BEAM"));
    ok(packbeam(
        &["create", "merged.avm", "lib.avm", "hello.beam"],
        &dir,
    ));
    let merged = ok(packbeam(&["list", "-f", "bare", "merged.avm"], &dir));
    assert_eq!(merged, "hello.beam\nhelper.beam\n");

    ok(packbeam(
        &["delete", "-o", "small.avm", "app.avm", "helper.beam"],
        &dir,
    ));
    let small = ok(packbeam(&["list", "-f", "bare", "small.avm"], &dir));
    assert_eq!(small, "hello.beam\nhello/priv/greeting.txt\n");

    let _ = fs::remove_dir_all(&dir);
}

#[test]
fn errors_are_one_line_and_exit_1() {
    let dir = scratch("errors");
    if compile(&dir).is_none() {
        return;
    }
    fails_with(packbeam(&[], &dir), "sub-command");
    fails_with(packbeam(&["bogus"], &dir), "bogus");
    fails_with(packbeam(&["create", "x.avm"], &dir), "INPUT");
    fails_with(packbeam(&["list", "--colour", "x.avm"], &dir), "--colour");
    fails_with(
        packbeam(&["create", "-s", "helper", "x.avm", "helper.beam"], &dir),
        "start/0",
    );
    fails_with(
        packbeam(&["create", "-s", "nope", "x.avm", "hello.beam"], &dir),
        "nope",
    );
    fails_with(
        packbeam(&["create", "x.avm", "missing.beam"], &dir),
        "missing.beam",
    );
    fs::write(dir.join("fake.beam"), b"not a beam").unwrap();
    fails_with(
        packbeam(&["create", "x.avm", "fake.beam"], &dir),
        "fake.beam",
    );
    fails_with(packbeam(&["create", "x.avm", "../escape.txt"], &dir), "..");

    // A truncated bundle is reported with its file name, never a panic.
    ok(packbeam(
        &["create", "app.avm", "hello.beam", "helper.beam"],
        &dir,
    ));
    let bytes = fs::read(dir.join("app.avm")).unwrap();
    for cut in [0, 10, 24, 40, bytes.len() / 2, bytes.len() - 1] {
        fs::write(dir.join("cut.avm"), &bytes[..cut]).unwrap();
        fails_with(packbeam(&["list", "cut.avm"], &dir), "cut.avm");
    }
    fails_with(
        packbeam(&["extract", "app.avm", "nothere.beam"], &dir),
        "nothere.beam",
    );
    let _ = fs::remove_dir_all(&dir);
}

/// The library API strips the chunks the VM never reads, and the module still parses with
/// everything the loader needs.
#[test]
fn library_create_strips_unused_chunks() {
    let dir = scratch("strip");
    if compile(&dir).is_none() {
        return;
    }
    let out = dir.join("lib.avm");
    packbeam::create(&out, &[dir.join("helper.beam")], packbeam::Start::None).unwrap();
    let bytes = fs::read(&out).unwrap();
    let sections = atomvm::bundle::parse(&bytes).unwrap();
    let original = fs::read(dir.join("helper.beam")).unwrap();
    let before = atomvm::bundle::parse_beam(&original).unwrap();
    assert!(
        before.chunk(b"Type").is_some(),
        "erlc wrote no Type chunk to strip"
    );
    let after = atomvm::bundle::parse_beam(&sections[0].data).unwrap();
    assert!(after.chunk(b"Type").is_none() && after.chunk(b"Dbgi").is_none());
    for id in [b"AtU8", b"Code", b"ImpT", b"ExpT", b"LitT", b"Line"] {
        assert_eq!(after.chunk(id), before.chunk(id), "{:?} changed", id);
    }
    assert!(sections[0].data.len() < original.len());
}

/// `--prune` keeps what the start module's `start/0` reaches: a remote call, a `fun M:F/A`
/// literal, a module in a literal term (a child spec), a behaviour, an Elixir protocol's
/// implementations, an application file's callback module, and `--keep`; the rest is left out,
/// including what only a function that `start/0` never reaches calls.
#[test]
fn prune_keeps_only_reachable_modules() {
    let dir = scratch("prune");
    let sources = [
        ("app", "-export([start/0, other/0]).\nstart() -> {called:f(), fun funref:g/0, [{childspec, []}], 'Elixir.Proto':x()}.\n\
                 other() -> deadref:d().\n"),
        ("deadref", "-export([d/0]).\nd() -> ok.\n"),
        ("called", "-behaviour(beh).\n-export([f/0]).\nf() -> ok.\n"),
        ("beh", "-export([behaviour_info/1]).\nbehaviour_info(callbacks) -> [].\n"),
        ("funref", "-export([g/0]).\ng() -> ok.\n"),
        ("childspec", "-export([start_link/0]).\nstart_link() -> ignore.\n"),
        ("'Elixir.Proto'", "-export(['__protocol__'/1, x/0]).\n'__protocol__'(_) -> ok.\nx() -> ok.\n"),
        ("'Elixir.Proto.Integer'", "-export(['__impl__'/1]).\n'__impl__'(_) -> ok.\n"),
        ("appmod", "-export([start/2]).\nstart(_, _) -> ignore.\n"),
        ("kept", "-export([h/0]).\nh() -> ok.\n"),
        ("unused", "-export([u/0]).\nu() -> ok.\n"),
    ];
    let mut files = Vec::new();
    for (module, body) in sources {
        let file = format!("{}.erl", module.trim_matches('\''));
        fs::write(dir.join(&file), format!("-module({module}).\n{body}")).unwrap();
        files.push(file);
    }
    match Command::new("erlc").args(&files).current_dir(&dir).status() {
        Ok(s) if s.success() => {}
        Ok(s) => panic!("erlc failed: {s}"),
        Err(_) => return eprintln!("note: erlc not found, skipping the pruning test"),
    }
    fs::create_dir_all(dir.join("x/ebin")).unwrap();
    fs::write(
        dir.join("x/ebin/x.app"),
        "{application, x, [{mod, {appmod, []}}]}.\n",
    )
    .unwrap();
    let mut args = vec![
        "create", "--prune", "--keep", "kept", "-s", "app", "out.avm",
    ];
    let beams: Vec<String> = files.iter().map(|f| f.replace(".erl", ".beam")).collect();
    args.extend(beams.iter().map(String::as_str));
    args.push("x/ebin/x.app");
    ok(packbeam(&args, &dir));
    let listing = ok(packbeam(&["list", "-f", "bare", "out.avm"], &dir));
    let mut names: Vec<&str> = listing.lines().collect();
    names.sort();
    assert_eq!(
        names,
        [
            "Elixir.Proto.Integer.beam",
            "Elixir.Proto.beam",
            "app.beam",
            "appmod.beam",
            "beh.beam",
            "called.beam",
            "childspec.beam",
            "funref.beam",
            "kept.beam",
            "x/ebin/x.app",
        ]
    );
    fails_with(
        packbeam(
            &["create", "--prune", "--lib", "none.avm", "app.beam"],
            &dir,
        ),
        "--prune needs a start module or --keep",
    );
    fails_with(
        packbeam(&["create", "--keep", "app", "k.avm", "app.beam"], &dir),
        "--keep is for --prune",
    );
    let _ = fs::remove_dir_all(&dir);
}
