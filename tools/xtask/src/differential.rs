//! `cargo xtask differential` (and a phase of `cargo xtask test`): the expressions in
//! tests/differential/*.txt, one per line, are compiled into modules (a small Erlang generator run
//! under the reference OTP's `erl` (29, in its chroot) does the parsing and compiling), run on that
//! OTP and on our VM, and compared one by one. Maps print in key order on both sides.
//!
//! Each expression becomes `try {ok, Expr} catch C:R -> {caught, C, R} end`, with its number, float
//! and string literals (a negated number literal counts as one) wrapped in an opaque `id/1` call so
//! the compiler cannot fold the BIF calls into constants at compile time (then OTP, not our VM,
//! would compute them). The catch clause's variables have names no expression uses. Patterns and
//! binary segment sizes keep their literals. A module holds a chunk of expressions; `start/0`
//! returns their results as a list, which both sides print (`io_lib:print` / the VM's
//! `Return value:` line) and which is split back into one printed result per expression.
//!
//! Lines starting with `%` are comments. A file with a line `%% native-only: <why>` is compared on
//! native only: for documented differences of the other targets (e.g. their libm).
//! `tests/differential/gen_numeric.py` generates the numeric files (ints, bignum, compare, floats,
//! float_format, math, math_trig, conversions, fuzz).

use crate::proc::{one_line, parallel_map, run};
use crate::tests::vm_stderr;
use crate::{Ctx, Target};
use std::path::{Path, PathBuf};

/// Expressions per generated module: small, so a VM crash only hides a few results.
const CHUNK: usize = 12;
const REF_MARK: &str = "@@diff-ref@@";
const ERR_MARK: &str = "@@diff-error@@";

/// The generator, run under `erl`: `diffgen:main([CorpusList, OutDir, Chunk])`. CorpusList is a
/// file with one expression per line (already stripped of comments). Writes diff_K.beam files and
/// prints each module's OTP result list (or why an expression did not compile).
const GENERATOR: &str = r#"-module(diffgen).
-export([main/1]).

main([ListFile, OutDir, ChunkS]) ->
    io:setopts(standard_io, [{encoding, unicode}]),
    Chunk = list_to_integer(ChunkS),
    {ok, Bin} = file:read_file(ListFile),
    Lines = [binary_to_list(L) || L <- binary:split(Bin, <<"\n">>, [global]), L =/= <<>>],
    Parsed = lists:zip(lists:seq(0, length(Lines) - 1), [parse(unicode:characters_to_list(list_to_binary(L))) || L <- Lines]),
    Good = [{I, E} || {I, {ok, E}} <- Parsed],
    [io:format("~s ~p ~ts~n", [?ERR_MARK, I, oneline(Why)]) || {I, {error, Why}} <- Parsed],
    chunks(Good, Chunk, 0, OutDir),
    halt().

chunks([], _, _, _) -> ok;
chunks(Items, Chunk, K, OutDir) ->
    {Now, Rest} = lists:split(min(Chunk, length(Items)), Items),
    Mod = list_to_atom("diff_" ++ integer_to_list(K)),
    Funs = [func(I, E) || {I, E} <- Now],
    Calls = [{call, 1, {atom, 1, fname(I)}, []} || {I, _} <- Now],
    Start = {function, 1, start, 0, [{clause, 1, [], [], [list_expr(Calls)]}]},
    Id = {function, 1, id, 1, [{clause, 1, [{var, 1, 'X'}], [], [{var, 1, 'X'}]}]},
    Forms = [{attribute, 1, module, Mod}, {attribute, 1, export, [{start, 0}]}, Start, Id | Funs],
    Idx = [I || {I, _} <- Now],
    case compile:forms(Forms, [binary, return_errors, nowarn_unused_vars]) of
        {ok, Mod, Beam} ->
            ok = file:write_file(filename:join(OutDir, atom_to_list(Mod) ++ ".beam"), Beam),
            {module, Mod} = code:load_binary(Mod, "diff", Beam),
            R = try Mod:start() catch C:E -> {'$diff_raised', C, E} end,
            io:format("~s ~s ~w ~ts~n", [?REF_MARK, Mod, Idx, io_lib_pretty:print(R, [{column, 1}, {line_length, 100000000}, {depth, -1}, {maps_order, ordered}, {encoding, latin1}])]);
        Error ->
            [io:format("~s ~p ~ts~n", [?ERR_MARK, I, oneline(Error)]) || I <- Idx]
    end,
    chunks(Rest, Chunk, K + 1, OutDir).

negate(F) -> <<S:1, R:63>> = <<F/float>>, <<N/float>> = <<(1 - S):1, R:63>>, N.

fname(I) -> list_to_atom("e" ++ integer_to_list(I)).

func(I, Exprs) ->
    V = fun(N) -> {var, 1, N} end,
    Try = {'try', 1, [{tuple, 1, [{atom, 1, ok}, {block, 1, [opaque(E) || E <- Exprs]}]}], [],
           [{clause, 1, [{tuple, 1, [V('DiffClass__'), V('DiffReason__'), {var, 1, '_'}]}], [],
             [{tuple, 1, [{atom, 1, caught}, V('DiffClass__'), V('DiffReason__')]}]}], []},
    {function, 1, fname(I), 0, [{clause, 1, [], [], [Try]}]}.

list_expr([]) -> {nil, 1};
list_expr([H | T]) -> {cons, 1, H, list_expr(T)}.

parse(Text) ->
    case erl_scan:string(Text ++ ".", 1) of
        {ok, Toks, _} ->
            case erl_parse:parse_exprs(Toks) of
                {ok, Exprs} -> {ok, [erl_parse:map_anno(fun(_) -> 1 end, E) || E <- Exprs]};
                Err -> {error, Err}
            end;
        Err -> {error, Err}
    end.

oneline(T) -> re:replace(io_lib:format("~tp", [T]), "\\s+", " ", [global, unicode, {return, list}]).

%% Literals become id(Literal) except where the syntax needs a literal. A negated number literal
%% is one literal, as the compiler folds it in real code (so `-0.0` is negative zero: OTP 25
%% computes a run-time negation as 0 - X, which gives 0.0).
opaque({op, A, '-', {integer, _, V}}) -> {call, A, {atom, A, id}, [{integer, A, -V}]};
opaque({op, A, '-', {float, _, V}}) -> {call, A, {atom, A, id}, [{float, A, negate(V)}]};
opaque({Lit, A, _} = L) when Lit =:= integer; Lit =:= float; Lit =:= string; Lit =:= char ->
    {call, A, {atom, A, id}, [L]};
opaque({bin_element, A, {string, _, _} = S, Size, Type}) -> {bin_element, A, S, Size, Type};
opaque({bin_element, A, V, Size, Type}) -> {bin_element, A, opaque(V), Size, Type};
opaque({match, A, P, E}) -> {match, A, P, opaque(E)};
opaque({clause, A, Ps, Gs, B}) -> {clause, A, Ps, Gs, opaque(B)};
opaque({generate, A, P, E}) -> {generate, A, P, opaque(E)};
opaque({b_generate, A, P, E}) -> {b_generate, A, P, opaque(E)};
opaque({'fun', _, {function, _, _, _}} = F) -> F;
opaque({'fun', _, {function, _, _}} = F) -> F;
opaque(T) when is_tuple(T) -> list_to_tuple([opaque(E) || E <- tuple_to_list(T)]);
opaque(L) when is_list(L) -> [opaque(E) || E <- L];
opaque(X) -> X.
"#;

/// One corpus expression: where it comes from and its text.
struct Expr {
    origin: String,
    text: String,
    /// From a file marked `%% native-only: <why>`: compared on native only (a documented,
    /// known difference of the other targets).
    native_only: bool,
}

/// Corpus files (sorted), filtered by name when a filter is given.
fn corpus(ctx: &Ctx) -> Result<Vec<Expr>, String> {
    let dir = ctx.root.join("tests/differential");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .map_err(|e| format!("cannot read {}: {}", dir.display(), e))?
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    files.sort();
    let mut out = Vec::new();
    for f in files {
        let name = f
            .file_name()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        if let Some(filter) = &ctx.filter {
            if !name.contains(filter.as_str()) && !"differential".contains(filter.as_str()) {
                continue;
            }
        }
        let text = std::fs::read_to_string(&f)
            .map_err(|e| format!("cannot read {}: {}", f.display(), e))?;
        let native_only = text.lines().any(|l| l.starts_with("%% native-only:"));
        for (n, line) in text.lines().enumerate() {
            let t = line.trim();
            if t.is_empty() || t.starts_with('%') {
                continue;
            }
            out.push(Expr {
                origin: format!("{}:{}", name, n + 1),
                text: t.to_string(),
                native_only,
            });
        }
    }
    Ok(out)
}

/// Split a printed Erlang list `[A,B,...]` into its printed elements. Quotes (strings, quoted
/// atoms) are skipped with their escapes; brackets, braces, parentheses and `<<`/`>>` nest.
pub fn split_list(s: &str) -> Option<Vec<String>> {
    let inner = s.strip_prefix('[')?.strip_suffix(']')?;
    if inner.is_empty() {
        return Some(Vec::new());
    }
    let b: Vec<char> = inner.chars().collect();
    let (mut out, mut cur, mut depth, mut i) = (Vec::new(), String::new(), 0i32, 0);
    while i < b.len() {
        let c = b[i];
        match c {
            '"' | '\'' => {
                cur.push(c);
                i += 1;
                while i < b.len() && b[i] != c {
                    if b[i] == '\\' && i + 1 < b.len() {
                        cur.push(b[i]);
                        i += 1;
                    }
                    cur.push(b[i]);
                    i += 1;
                }
                if i < b.len() {
                    cur.push(b[i]);
                }
            }
            '[' | '{' | '(' => {
                depth += 1;
                cur.push(c);
            }
            ']' | '}' | ')' => {
                depth -= 1;
                cur.push(c);
            }
            '<' if b.get(i + 1) == Some(&'<') => {
                depth += 1;
                cur.push_str("<<");
                i += 1;
            }
            '>' if b.get(i + 1) == Some(&'>') && depth > 0 => {
                depth -= 1;
                cur.push_str(">>");
                i += 1;
            }
            ',' if depth == 0 => out.push(std::mem::take(&mut cur)),
            _ => cur.push(c),
        }
        i += 1;
    }
    out.push(cur);
    (depth == 0).then_some(out)
}

/// A generated module, the corpus indices it holds and OTP's printed results for them.
struct Module {
    /// Where its beam is.
    dir: PathBuf,
    name: String,
    indices: Vec<usize>,
    otp: Result<Vec<String>, String>,
}

/// (expression index, compile error) pairs.
type CompileErrors = Vec<(usize, String)>;
/// (label, verdict) pairs.
type Verdicts = Vec<(String, Result<(), String>)>;

/// Which OTP compiles the corpus modules and gives the expected results.
#[derive(Clone, Copy, PartialEq)]
enum Reference {
    /// The reference release, in its chroot.
    Newest,
    /// The host's `erl`: for what depends on the C library (`math:`).
    Host,
}

/// Generate the modules for the expressions `which` (indices into `exprs`) into `out` and collect
/// OTP's results (and per-expression compile errors), with indices into `exprs`.
fn generate(
    ctx: &Ctx,
    exprs: &[Expr],
    which: &[usize],
    out: &Path,
    reference: Reference,
) -> Result<(Vec<Module>, CompileErrors), String> {
    let _ = std::fs::remove_dir_all(out);
    std::fs::create_dir_all(out).map_err(|e| format!("cannot create {}: {}", out.display(), e))?;
    let src = GENERATOR
        .replace("?ERR_MARK", &format!("\"{}\"", ERR_MARK))
        .replace("?REF_MARK", &format!("\"{}\"", REF_MARK));
    let gen_src = out.join("diffgen.erl");
    std::fs::write(&gen_src, src).map_err(|e| e.to_string())?;
    let list: String = which
        .iter()
        .map(|&i| format!("{}\n", exprs[i].text))
        .collect();
    let list_file = out.join("corpus.txt");
    std::fs::write(&list_file, list).map_err(|e| e.to_string())?;
    let chunk = CHUNK.to_string();
    let o = match reference {
        Reference::Newest => {
            let otp = crate::otp::REFERENCE;
            let o = crate::otp::erlc(otp, &[], &[&gen_src], &Default::default(), out, ctx.timeout)?;
            if !o.success() {
                return Err(format!(
                    "the generator does not compile: {}",
                    one_line(&format!("{}{}", o.stdout, o.stderr), 600)
                ));
            }
            let args: Vec<String> = ["-noshell", "-pa", ".", "-run", "diffgen", "main"]
                .iter()
                .map(|a| a.to_string())
                .chain(["corpus.txt".to_string(), ".".to_string(), chunk])
                .collect();
            let gen_beam = out.join("diffgen.beam");
            let files = [gen_beam.as_path(), list_file.as_path()];
            crate::otp::erl_in_scratch(otp, &files, &args, "beam", out, ctx.timeout * 4)?
        }
        Reference::Host => {
            let o = run(
                std::process::Command::new("erlc")
                    .arg("-o")
                    .arg(out)
                    .arg(&gen_src),
                ctx.timeout,
            )?;
            if !o.success() {
                return Err(format!(
                    "the generator does not compile: {}",
                    one_line(&format!("{}{}", o.stdout, o.stderr), 600)
                ));
            }
            let mut cmd = std::process::Command::new("erl");
            cmd.arg("-noshell")
                .arg("-pa")
                .arg(out)
                .args(["-run", "diffgen", "main"])
                .arg(&list_file)
                .arg(out)
                .arg(chunk);
            run(&mut cmd, ctx.timeout * 4)?
        }
    };
    if !o.success() {
        return Err(format!(
            "OTP's erl running the generator ended with {}: {}",
            o.status_text(),
            one_line(&o.stderr, 600)
        ));
    }
    let mut modules = Vec::new();
    let mut errors = Vec::new();
    for l in o.stdout.lines() {
        if let Some(rest) = l.strip_prefix(ERR_MARK).map(str::trim_start) {
            let (i, why) = rest.split_once(' ').unwrap_or((rest, ""));
            if let Some(&i) = i.parse::<usize>().ok().and_then(|k| which.get(k)) {
                errors.push((i, why.to_string()));
            }
        } else if let Some(rest) = l.strip_prefix(REF_MARK).map(str::trim_start) {
            let mut parts = rest.splitn(3, ' ');
            let name = parts.next().unwrap_or("").to_string();
            let idx = parts.next().unwrap_or("[]");
            let printed = parts.next().unwrap_or("");
            let indices: Vec<usize> = idx
                .trim_matches(|c| c == '[' || c == ']')
                .split(',')
                .filter_map(|s| s.trim().parse::<usize>().ok())
                .filter_map(|k| which.get(k).copied())
                .collect();
            let otp = match split_list(printed) {
                Some(v) if v.len() == indices.len() => Ok(v),
                _ => Err(format!("OTP returned {}", one_line(printed, 300))),
            };
            modules.push(Module {
                dir: out.to_path_buf(),
                name,
                indices,
                otp,
            });
        }
    }
    Ok((modules, errors))
}

/// Run the corpus on OTP and on each target; one verdict per expression and target.
pub fn run_corpus(ctx: &Ctx, targets: &[Target]) -> Result<Verdicts, String> {
    let exprs = corpus(ctx)?;
    if exprs.is_empty() {
        return Ok(Vec::new());
    }
    let out = ctx.build.join("differential");
    let (on_host, on_newest): (Vec<usize>, Vec<usize>) =
        (0..exprs.len()).partition(|&i| exprs[i].text.contains("math:"));
    let (mut modules, mut errors) = generate(
        ctx,
        &exprs,
        &on_newest,
        &out.join("reference"),
        Reference::Newest,
    )?;
    if !on_host.is_empty() {
        let (m, e) = generate(ctx, &exprs, &on_host, &out.join("host"), Reference::Host)?;
        modules.extend(m);
        errors.extend(e);
    }
    let label =
        |t: Target, i: usize| format!("[{}] {} `{}`", t.name(), exprs[i].origin, exprs[i].text);
    let mut verdicts = Vec::new();
    for (i, why) in &errors {
        if *i < exprs.len() {
            verdicts.push((
                format!("{} `{}`", exprs[*i].origin, exprs[*i].text),
                Err(format!("does not compile: {}", one_line(why, 300))),
            ));
        }
    }
    for &target in targets {
        let runs = parallel_map(&modules, ctx.jobs, |m| {
            let file = format!("{}.beam", m.name);
            run(
                &mut ctx.vm_command(target, &m.dir, &[&file], false),
                ctx.timeout,
            )
        });
        for (m, r) in modules.iter().zip(runs) {
            let ours: Result<Vec<String>, String> = r.and_then(|o| {
                let line = o
                    .stdout
                    .lines()
                    .rev()
                    .find_map(|l| l.strip_prefix("Return value: "));
                match line.and_then(split_list) {
                    Some(v) if v.len() == m.indices.len() => Ok(v),
                    _ => Err(format!(
                        "module {} gave no result list ({}); stdout: {:?}; stderr: {:?}",
                        m.name,
                        o.status_text(),
                        one_line(&o.stdout, 200),
                        one_line(&vm_stderr(&o), 300)
                    )),
                }
            });
            for (k, &i) in m.indices.iter().enumerate() {
                if exprs[i].native_only && target != Target::Native {
                    continue;
                }
                let verdict = match (&m.otp, &ours) {
                    (Err(e), _) => Err(e.clone()),
                    (_, Err(e)) => Err(e.clone()),
                    (Ok(want), Ok(got)) if want[k] == got[k] => Ok(()),
                    (Ok(want), Ok(got)) => Err(format!("OTP {}, we {}", want[k], got[k])),
                };
                verdicts.push((label(target, i), verdict));
            }
        }
    }
    Ok(verdicts)
}

/// `cargo xtask differential`.
pub fn differential(ctx: &mut Ctx) -> Result<bool, String> {
    let report = crate::artifacts::build(ctx)?;
    report.print_warnings();
    let targets = differential_targets(ctx);
    let verdicts = run_corpus(ctx, &targets)?;
    let (mut passed, mut failed) = (0, 0);
    for (label, v) in &verdicts {
        match v {
            Ok(()) => passed += 1,
            Err(why) => {
                failed += 1;
                println!("MISMATCH {}: {}", label, why);
            }
        }
    }
    println!("{} passed, {} failed", passed, failed);
    Ok(failed == 0)
}

/// Native always; wasm32-wasip1 under wasmtime unless --native-only.
pub fn differential_targets(ctx: &Ctx) -> Vec<Target> {
    let mut t = vec![Target::Native];
    if !ctx.native_only {
        t.push(Target::Wasip1);
    }
    t
}

#[cfg(test)]
mod tests {
    use super::split_list;

    #[test]
    fn splits_printed_lists() {
        let v = split_list("[{ok,1},{caught,error,badarg},{ok,\"a,b\\\"]\"},{ok,<<1,2>>},{ok,'x,y'},{ok,[1,[2]]},{ok,#{a => {1,2}}}]").unwrap();
        assert_eq!(
            v,
            vec![
                "{ok,1}",
                "{caught,error,badarg}",
                "{ok,\"a,b\\\"]\"}",
                "{ok,<<1,2>>}",
                "{ok,'x,y'}",
                "{ok,[1,[2]]}",
                "{ok,#{a => {1,2}}}"
            ]
        );
        assert_eq!(split_list("[]").unwrap(), Vec::<String>::new());
        assert!(split_list("{a}").is_none());
        assert_eq!(split_list("[{ok,<0.1.0>},{ok,'>>'}]").unwrap().len(), 2);
    }
}
