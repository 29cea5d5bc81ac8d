//! `cargo xtask test`'s Elixir phase: the programs of tests/elixir/ (`NAME.ex` defining the
//! module named NAME in CamelCase, whose `start/0` returns a term), compiled by each OTP
//! chroot's own Elixir (1.18 on OTP 27, 1.20 on OTP 29), run by that real Elixir (`erl` with
//! Elixir's ebins on the path) and on every platform with Elixir's standard library as the
//! user's installation built it (`elixir`, `logger`, `eex`, in a library bundle) plus
//! atomvmlib.avm: the VM must return what real Elixir returns.
//!
//! A source line `# needs: sockets` keeps a program to the targets with sockets; a line
//! `# variants: consolidated` runs it a second time with its protocols consolidated (as
//! `mix compile` does), which replaces each protocol's dispatch by a fixed table.

use crate::expected::{parse_results, start_each_eval};
use crate::proc::{one_line, parallel_map, run};
use crate::tests::check_expected_run;
use crate::{Ctx, Target};
use packbeam::Start;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// Where the chroots keep Elixir's applications.
const ELIXIR_LIB: &str = "usr/lib/elixir/lib";

/// The applications of Elixir's standard library that go into the library bundle.
const APPS: [&str; 3] = ["elixir", "logger", "eex"];

/// The bundle of Elixir's standard library, without a start module.
const LIB_BUNDLE: &str = "elixir-stdlib.avm";

/// Compiles each file named on the command line into out/NAME/, and for those named in
/// $CONSOLIDATE consolidates every protocol it and Elixir define into out/NAME.consolidated/.
const COMPILE_SCRIPT: &str = r##"
Code.put_compiler_option(:docs, false)
Code.put_compiler_option(:ignore_module_conflict, true)
consolidate = String.split(System.get_env("CONSOLIDATE", ""), ",", trim: true)
elixir_paths = :code.get_path() |> Enum.map(&to_string/1) |> Enum.filter(&(&1 =~ "/elixir/lib/"))
for f <- System.argv() do
  name = Path.rootname(f)
  out = Path.join("out", name)
  File.mkdir_p!(out)
  case Kernel.ParallelCompiler.compile_to_path([f], out, return_diagnostics: true) do
    {:ok, _, _} -> IO.puts("@@compiled #{name}")
    _ -> IO.puts("@@failed #{name}")
  end
  if name in consolidate do
    cons = out <> ".consolidated"
    File.mkdir_p!(cons)
    paths = [out | elixir_paths]
    for p <- Protocol.extract_protocols(paths) do
      {:ok, bin} = Protocol.consolidate(p, Protocol.extract_impls(p, paths))
      File.write!(Path.join(cons, "#{p}.beam"), bin)
    end
  end
end
"##;

struct Program {
    name: String,
    /// The start module, e.g. `Elixir.OtpProcesses`.
    module: String,
    sockets: bool,
    consolidated_variant: bool,
}

/// One run: a program, plain or with consolidated protocols.
struct Case<'a> {
    program: &'a Program,
    consolidated: bool,
}

impl Case<'_> {
    fn label(&self) -> String {
        if self.consolidated {
            format!("{} (consolidated)", self.program.name)
        } else {
            self.program.name.clone()
        }
    }
    fn bundle(&self) -> String {
        let suffix = if self.consolidated {
            ".consolidated"
        } else {
            ""
        };
        format!("{}{}.avm", self.program.name, suffix)
    }
}

fn camel_case(stem: &str) -> String {
    stem.split('_')
        .map(|w| {
            let mut c = w.chars();
            c.next()
                .map(|f| f.to_uppercase().chain(c).collect::<String>())
                .unwrap_or_default()
        })
        .collect()
}

fn programs(ctx: &Ctx) -> Vec<Program> {
    let dir = ctx.root.join("tests/elixir");
    crate::otp::files_in(&dir, "ex")
        .into_iter()
        .filter_map(|p| {
            let name = crate::artifacts::stem(&p);
            let picked = |f: &String| name.contains(f.as_str()) || "elixir".contains(f.as_str());
            if !ctx.filter.as_ref().is_none_or(picked) {
                return None;
            }
            let source = std::fs::read_to_string(&p).unwrap_or_default();
            let marked = |m: &str| source.lines().any(|l| l.trim() == m);
            Some(Program {
                module: format!("Elixir.{}", camel_case(&name)),
                sockets: marked("# needs: sockets"),
                consolidated_variant: marked("# variants: consolidated"),
                name,
            })
        })
        .collect()
}

/// Whether `--filter` selects any Elixir program (a part of "elixir" selects them all).
pub fn selected(ctx: &Ctx) -> bool {
    !programs(ctx).is_empty()
}

/// Every program under every release's Elixir, on every platform: (label, verdict) pairs.
pub fn run_suite(ctx: &Ctx) -> Vec<(String, Result<(), String>)> {
    let programs = programs(ctx);
    let mut verdicts = Vec::new();
    for release in crate::otp::RELEASES {
        verdicts.extend(run_release(ctx, release.otp, &programs));
    }
    verdicts
}

fn run_release(ctx: &Ctx, otp: u32, programs: &[Program]) -> Vec<(String, Result<(), String>)> {
    let root = crate::otp::chroot_dir(otp);
    let tag = format!("OTP {otp} Elixir");
    if !root.join("usr/bin/elixir").exists() {
        return vec![(
            tag,
            Err(format!(
                "no elixir in {} (`cargo xtask setup` installs it)",
                root.display()
            )),
        )];
    }
    let dir = ctx.build.join(format!("tests/elixir-otp{otp}"));
    let mut verdicts = Vec::new();
    if let Err(e) = prepare(ctx, otp, &dir) {
        return vec![(tag, Err(e))];
    }
    let compiled = match compile(ctx, otp, programs, &dir) {
        Ok(c) => c,
        Err(e) => return vec![(format!("{tag} compiler"), Err(e))],
    };
    let mut cases = Vec::new();
    for p in programs {
        if !compiled.contains(&p.name) {
            verdicts.push((
                format!("{tag} elixirc tests/elixir/{}.ex", p.name),
                Err("does not compile (its messages above)".into()),
            ));
            continue;
        }
        cases.push(Case {
            program: p,
            consolidated: false,
        });
        if p.consolidated_variant {
            cases.push(Case {
                program: p,
                consolidated: true,
            });
        }
    }
    // What real Elixir returns, one erl per case (a consolidated protocol must not be seen by
    // the other programs).
    let expected: Vec<Result<String, String>> = parallel_map(&cases, ctx.jobs, |c| {
        pack_case(c, &dir)?;
        on_otp(ctx, otp, c, &dir)
    });
    for target in ctx.targets() {
        let wanted: Vec<(&Case, &Result<String, String>)> = cases
            .iter()
            .zip(&expected)
            .filter(|(c, _)| {
                !c.program.sockets || matches!(target, Target::Native | Target::Wasip2)
            })
            .collect();
        let results = parallel_map(&wanted, ctx.jobs, |(c, want)| {
            let label = format!("[{} Elixir/OTP {otp}] {}", target.name(), c.label());
            let result = match want {
                Err(e) => Err(format!("real Elixir gave no result: {e}")),
                Ok(want) => {
                    let files = [
                        c.bundle(),
                        LIB_BUNDLE.to_string(),
                        "atomvmlib.avm".to_string(),
                    ];
                    let files: Vec<&str> = files.iter().map(String::as_str).collect();
                    run(
                        &mut ctx.vm_command(target, &dir, &files, false),
                        ctx.timeout,
                    )
                    .and_then(|o| check_expected_run(&o, want))
                }
            };
            (label, result)
        });
        verdicts.extend(results);
    }
    verdicts
}

/// The library bundle of this release's Elixir (made once) and a fresh atomvmlib.avm beside it.
fn prepare(ctx: &Ctx, otp: u32, dir: &Path) -> Result<(), String> {
    std::fs::create_dir_all(dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    let lib = crate::libs::atomvmlib(ctx);
    std::fs::copy(&lib, dir.join("atomvmlib.avm"))
        .map_err(|e| format!("cannot copy {}: {e}", lib.display()))?;
    let bundle = dir.join(LIB_BUNDLE);
    if bundle.exists() {
        return Ok(());
    }
    let lib_root = crate::otp::chroot_dir(otp).join(ELIXIR_LIB);
    let mut inputs = Vec::new();
    for app in APPS {
        let ebin = lib_root.join(app).join("ebin");
        inputs.extend(crate::otp::files_in(&ebin, "beam"));
        // The application resource files, as APP/ebin/APP.app data sections.
        inputs.push(ebin.join(format!("{app}.app")));
    }
    packbeam::create_with_data(&bundle, &inputs, Start::None, Some(&lib_root))
}

/// elixirc (through the chroot's `elixir`) on every program, each into its own directory.
/// Returns the names that compiled.
fn compile(ctx: &Ctx, otp: u32, programs: &[Program], dir: &Path) -> Result<Vec<String>, String> {
    let script = dir.join("compile.exs");
    std::fs::write(&script, COMPILE_SCRIPT)
        .map_err(|e| format!("cannot write {}: {e}", script.display()))?;
    let sources: Vec<PathBuf> = programs
        .iter()
        .map(|p| ctx.root.join(format!("tests/elixir/{}.ex", p.name)))
        .collect();
    for p in programs {
        let _ = std::fs::remove_dir_all(dir.join(&p.name));
        let _ = std::fs::remove_dir_all(dir.join(format!("{}.consolidated", p.name)));
    }
    let mut files: Vec<&Path> = vec![script.as_path()];
    files.extend(sources.iter().map(PathBuf::as_path));
    let consolidate: Vec<&str> = programs
        .iter()
        .filter(|p| p.consolidated_variant)
        .map(|p| p.name.as_str())
        .collect();
    let mut args = vec![
        "CONSOLIDATE=".to_string() + &consolidate.join(","),
        "elixir".to_string(),
        "compile.exs".to_string(),
    ];
    args.extend(programs.iter().map(|p| format!("{}.ex", p.name)));
    let o = crate::otp::run_in_scratch(otp, "env", &files, &args, dir, Duration::from_secs(600))?;
    let compiled: Vec<String> = o
        .stdout
        .lines()
        .filter_map(|l| l.strip_prefix("@@compiled "))
        .map(str::to_string)
        .collect();
    if compiled.len() < programs.len() {
        println!(
            "OTP {otp} Elixir compiling tests/elixir ({}):\n{}{}",
            o.status_text(),
            o.stdout,
            o.stderr
        );
    }
    Ok(compiled)
}

/// The program's bundle: its modules (after the consolidated protocols, which then win over
/// the library bundle's), the start module first.
fn pack_case(c: &Case, dir: &Path) -> Result<(), String> {
    let mut inputs = Vec::new();
    if c.consolidated {
        inputs.extend(crate::otp::files_in(
            &dir.join(format!("{}.consolidated", c.program.name)),
            "beam",
        ));
    }
    inputs.extend(crate::otp::files_in(&dir.join(&c.program.name), "beam"));
    packbeam::create(
        &dir.join(c.bundle()),
        &inputs,
        Start::Module(&c.program.module),
    )
}

/// The start module's result as real Elixir's `erl` prints it.
fn on_otp(ctx: &Ctx, otp: u32, c: &Case, dir: &Path) -> Result<String, String> {
    let consolidated = dir.join(format!("{}.consolidated", c.program.name));
    let program = dir.join(&c.program.name);
    // erl puts the last -pa first on its code path: the consolidated protocols go last.
    let code_dirs: Vec<&Path> = if c.consolidated {
        vec![program.as_path(), consolidated.as_path()]
    } else {
        vec![program.as_path()]
    };
    let inputs = crate::otp::Inputs {
        include_dirs: &[],
        code_dirs: &code_dirs,
    };
    let mut args = vec!["-noshell".to_string()];
    for app in APPS {
        args.push("-pa".to_string());
        args.push(format!("/{ELIXIR_LIB}/{app}/ebin"));
    }
    args.push("-eval".to_string());
    args.push(start_each_eval(&[c.program.module.as_str()], true));
    let o = crate::otp::erl(otp, &args, &inputs, ctx.timeout)?;
    parse_results(&o.stdout)
        .remove(&c.program.module)
        .ok_or_else(|| format!("{}: {}", o.status_text(), one_line(&o.stderr, 400)))
}

/// `cargo xtask run`'s Elixir example: examples/elixir/*.ex compiled by the reference OTP's
/// Elixir, bundled with the parts of Elixir's standard library that `Hello.start/0` reaches
/// (packbeam's pruning) into build/examples/elixir.avm, which runs with atomvmlib.avm.
pub fn build_example(ctx: &Ctx) -> Result<PathBuf, String> {
    let otp = crate::otp::REFERENCE;
    let root = crate::otp::chroot_dir(otp);
    if !root.join("usr/bin/elixirc").exists() {
        return Err(format!(
            "no elixirc in {} (`cargo xtask setup` installs it)",
            root.display()
        ));
    }
    let sources = crate::otp::files_in(&ctx.root.join("examples/elixir"), "ex");
    let out = ctx.build.join("examples/elixir");
    let _ = std::fs::remove_dir_all(&out);
    let files: Vec<&Path> = sources.iter().map(PathBuf::as_path).collect();
    let mut args = vec!["-o".to_string(), "out".to_string()];
    args.extend(sources.iter().map(|s| {
        s.file_name()
            .unwrap_or_default()
            .to_string_lossy()
            .into_owned()
    }));
    let o = crate::otp::run_in_scratch(otp, "elixirc", &files, &args, &out, ctx.timeout)?;
    if !o.success() {
        return Err(format!(
            "elixirc examples/elixir: {}: {}",
            o.status_text(),
            one_line(&(o.stderr + &o.stdout), 600)
        ));
    }
    let lib_root = root.join(ELIXIR_LIB);
    let mut inputs = crate::otp::files_in(&out, "beam");
    for app in APPS {
        let ebin = lib_root.join(app).join("ebin");
        inputs.extend(crate::otp::files_in(&ebin, "beam"));
        inputs.push(ebin.join(format!("{app}.app")));
    }
    let start = "Elixir.Hello";
    let sections = packbeam::sections_of(&inputs, Start::Module(start), Some(&lib_root))?;
    let mut sections = packbeam::prune::prune(sections, &[start.to_string()])?;
    packbeam::strip_sections(&mut sections);
    let avm = ctx.build.join("examples/elixir.avm");
    packbeam::write_avm(&avm, &sections)?;
    Ok(avm)
}
