//! `packbeam`: build, list, extract and edit AtomVM `.avm` bundles.
//! The format itself lives in `atomvm::bundle`; this is only the command line.

use atomvm::bundle::{self as avm, Section};
use packbeam::Start;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

const USAGE: &str = "\
usage:
  packbeam create [--start|-s MODULE | --lib] [--strip] [--prune [--keep MODULE]...]
                  [--data-root DIR] OUT.avm INPUT...
      INPUT is a .beam (stored as MODULE.beam), an .avm (its sections are
      merged in) or any other file (a data section named by its path, or by
      its path relative to --data-root DIR; AtomVM expects APP/priv/FILE,
      and an application's resource file as APP/ebin/APP.app).
      The start module is MODULE, else the first module exporting start/0;
      it alone gets the start flag and goes first. --lib makes a library
      bundle: no module gets the start flag (loaded next to an application's).
      --strip leaves out the chunks the VM never reads (debug info, docs, types).
      --prune keeps only what start/0 of the start module (and every export of
      each --keep MODULE) reaches, function by function: calls, funs, modules
      named as atoms (all their exports), behaviours, an Elixir protocol's
      implementations, the modules an .app file names.
  packbeam list [--format|-f default|csv|bare] FILE.avm
  packbeam extract [--out|-o DIR] FILE.avm [NAME...]
      writes each section (all, or the NAMEs given) to DIR/NAME (default .)
  packbeam delete [--out|-o OUT.avm] FILE.avm NAME...
      removes the NAMEd sections, writing OUT.avm (default: FILE.avm)
  packbeam help";

/// A failure: one line for stderr.
struct Fail(String);

type Res<T> = Result<T, Fail>;

fn fail<T>(msg: impl Into<String>) -> Res<T> {
    Err(Fail(msg.into()))
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match run(&args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(Fail(msg)) => {
            eprintln!("packbeam: {msg}");
            ExitCode::from(1)
        }
    }
}

/// Options and positional arguments of one sub-command.
#[derive(Default)]
struct Args {
    start: Option<String>,
    lib: bool,
    strip: bool,
    prune: bool,
    keep: Vec<String>,
    data_root: Option<String>,
    format: Option<String>,
    out: Option<String>,
    positional: Vec<String>,
}

fn parse_args(cmd: &str, raw: &[String]) -> Res<Args> {
    let mut a = Args::default();
    let mut it = raw.iter();
    let mut only_positional = false;
    while let Some(arg) = it.next() {
        if only_positional || !arg.starts_with('-') || arg == "-" {
            a.positional.push(arg.clone());
            continue;
        }
        let mut value = |slot: &mut Option<String>| -> Res<()> {
            match it.next() {
                Some(v) => {
                    *slot = Some(v.clone());
                    Ok(())
                }
                None => fail(format!("{cmd}: option {arg} needs a value")),
            }
        };
        match (cmd, arg.as_str()) {
            ("create", "--start" | "-s") => value(&mut a.start)?,
            ("create", "--lib") => a.lib = true,
            ("create", "--strip") => a.strip = true,
            ("create", "--data-root") => value(&mut a.data_root)?,
            ("create", "--prune" | "-p") => a.prune = true,
            ("create", "--keep") => {
                let mut m = None;
                value(&mut m)?;
                a.keep.extend(m);
            }
            ("list", "--format" | "-f") => value(&mut a.format)?,
            ("extract" | "delete", "--out" | "-o") => value(&mut a.out)?,
            (_, "--") => only_positional = true,
            _ => return fail(format!("{cmd}: unknown option {arg} (see `packbeam help`)")),
        }
    }
    Ok(a)
}

fn run(args: &[String]) -> Res<()> {
    let Some((cmd, rest)) = args.split_first() else {
        return fail("missing sub-command: create, list, extract, delete or help");
    };
    match cmd.as_str() {
        "help" | "--help" | "-h" => {
            println!("{USAGE}");
            Ok(())
        }
        "create" => create(parse_args("create", rest)?),
        "list" => list(parse_args("list", rest)?),
        "extract" => extract(parse_args("extract", rest)?),
        "delete" => delete(parse_args("delete", rest)?),
        other => fail(format!(
            "unknown sub-command '{other}': expected create, list, extract, delete or help"
        )),
    }
}

fn read(path: &str) -> Res<Vec<u8>> {
    fs::read(path).map_err(|e| Fail(format!("cannot read {path}: {e}")))
}

fn write_file(path: &Path, bytes: &[u8]) -> Res<()> {
    fs::write(path, bytes).map_err(|e| Fail(format!("cannot write {}: {e}", path.display())))
}

fn read_avm(path: &str) -> Res<Vec<Section>> {
    let bytes = read(path)?;
    avm::parse(&bytes).map_err(|e| Fail(e.in_file(path).to_string()))
}

fn write_avm(path: &str, sections: &[Section]) -> Res<()> {
    avm::check(sections).map_err(|e| Fail(e.in_file(path).to_string()))?;
    write_file(Path::new(path), &avm::write(sections))
}

fn create(a: Args) -> Res<()> {
    let Some((out, inputs)) = a.positional.split_first() else {
        return fail("create: missing OUT.avm and INPUT files (see `packbeam help`)");
    };
    if inputs.is_empty() {
        return fail("create: no INPUT files given (see `packbeam help`)");
    }
    let inputs: Vec<PathBuf> = inputs.iter().map(PathBuf::from).collect();
    let start = match (a.start.as_deref(), a.lib) {
        (Some(_), true) => return fail("create: --start and --lib exclude each other"),
        (Some(m), false) => Start::Module(m),
        (None, true) => Start::None,
        (None, false) => Start::Auto,
    };
    let root = a.data_root.as_deref().map(Path::new);
    let mut sections = packbeam::sections_of(&inputs, start, root).map_err(Fail)?;
    if a.prune {
        let mut roots = a.keep.clone();
        roots.extend(avm::start_section(&sections).map(|s| s.name.clone()));
        if roots.is_empty() {
            return fail("create: --prune needs a start module or --keep MODULE");
        }
        sections =
            packbeam::prune::prune(sections, &roots).map_err(|e| Fail(format!("create: {e}")))?;
    } else if !a.keep.is_empty() {
        return fail("create: --keep is for --prune");
    }
    if a.strip {
        packbeam::strip_sections(&mut sections);
    }
    packbeam::write_avm(Path::new(out), &sections).map_err(Fail)
}

fn one_avm(cmd: &str, a: &Args) -> Res<String> {
    match a.positional.as_slice() {
        [file] => Ok(file.clone()),
        [] => fail(format!("{cmd}: missing FILE.avm (see `packbeam help`)")),
        _ => fail(format!(
            "{cmd}: expected one FILE.avm, got {}",
            a.positional.len()
        )),
    }
}

fn list(a: Args) -> Res<()> {
    let file = one_avm("list", &a)?;
    let format = a.format.as_deref().unwrap_or("default");
    if !matches!(format, "default" | "csv" | "bare") {
        return fail(format!(
            "list: unknown format '{format}': expected default, csv or bare"
        ));
    }
    let sections = read_avm(&file)?;
    let mut out = String::new();
    if format == "csv" {
        out.push_str("MODULE_NAME,IS_BEAM,IS_ENTRYPOINT,SIZE_BYTES\n");
    }
    for s in &sections {
        let line = match format {
            "csv" => format!(
                "{},{},{},{}",
                s.name,
                s.is_beam(),
                s.is_start(),
                s.data.len()
            ),
            "bare" => s.name.clone(),
            _ => {
                let start = if s.is_start() { '*' } else { ' ' };
                let kind = if s.is_beam() {
                    "BEAM".to_string()
                } else if s.flags == avm::FLAG_DATA {
                    "DATA".to_string()
                } else {
                    format!("0x{:x}", s.flags)
                };
                format!("{start} {kind:<4} {:>9}  {}", s.data.len(), s.name)
            }
        };
        out.push_str(&line);
        out.push('\n');
    }
    print!("{out}");
    Ok(())
}

/// Where section `name` goes under `dir`, refusing names that would escape it.
fn extract_path(dir: &Path, name: &str) -> Res<PathBuf> {
    let mut path = dir.to_path_buf();
    for part in name.split('/') {
        let odd = part.is_empty() || part == "." || part == ".." || part.contains('\\');
        if odd || Path::new(part).components().count() != 1 {
            return fail(format!("extract: refusing unsafe section name {name:?}"));
        }
        path.push(part);
    }
    Ok(path)
}

fn extract(a: Args) -> Res<()> {
    let Some((file, names)) = a.positional.split_first() else {
        return fail("extract: missing FILE.avm (see `packbeam help`)");
    };
    let sections = read_avm(file)?;
    let dir = PathBuf::from(a.out.as_deref().unwrap_or("."));
    for n in names {
        if !sections.iter().any(|s| &s.name == n) {
            return fail(format!("extract: no section named {n} in {file}"));
        }
    }
    let mut done: Vec<&str> = Vec::new();
    for s in &sections {
        let wanted = names.is_empty() || names.contains(&s.name);
        // Only the first of duplicate names is what the runtime would see.
        if !wanted || done.contains(&s.name.as_str()) {
            continue;
        }
        done.push(&s.name);
        let path = extract_path(&dir, &s.name)?;
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent)
                .map_err(|e| Fail(format!("cannot create {}: {e}", parent.display())))?;
        }
        write_file(&path, &s.data)?;
    }
    Ok(())
}

fn delete(a: Args) -> Res<()> {
    let Some((file, names)) = a.positional.split_first() else {
        return fail("delete: missing FILE.avm and NAMEs (see `packbeam help`)");
    };
    if names.is_empty() {
        return fail("delete: no section NAMEs given (see `packbeam help`)");
    }
    let mut sections = read_avm(file)?;
    for n in names {
        if !sections.iter().any(|s| &s.name == n) {
            return fail(format!("delete: no section named {n} in {file}"));
        }
    }
    sections.retain(|s| !names.contains(&s.name));
    write_avm(a.out.as_deref().unwrap_or(file), &sections)
}
