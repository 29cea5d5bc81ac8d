//! Raising exceptions: building OTP-style stack traces, finding the newest catch on the stack,
//! and unwinding to it.
//!
//! A stack trace is a list of `{Module, Function, ArityOrArgs, Location}` with Location
//! `[{file, "m.erl"}, {line, N}]` (or `[]`), newest first, at most `DEPTH` frames (OTP's default
//! backtrace depth). Handlers see a *raw* trace `{Class, Frames}` in x3 so that `raise/2` and
//! `raw_raise` can re-raise with the original class; `build_stacktrace` extracts the frames.

use crate::code::module::{self, FunctionInfo, Module};
use crate::execution::interp::{Exit, Fault};
use crate::processes::process::Process;
use crate::terms::atom;
use crate::terms::exception::{Class, Exception};
use crate::terms::heap::{words, Alloc};
use crate::terms::term::{CodePtr, Term};

pub const DEPTH: usize = 8;

struct FrameDesc {
    module: &'static Module,
    function: Option<&'static FunctionInfo>,
    /// Instruction offset whose line is reported.
    offset: u32,
}

/// Raise `exc` at instruction `offset` of `module`. Returns the handler to continue at, or the
/// process's exit when nothing catches.
pub(crate) fn raise(
    proc: &mut Process,
    x: &mut [Term],
    module: &'static Module,
    offset: u32,
    exc: Exception,
    fault: Fault,
) -> Result<CodePtr, Exit> {
    // BIFs whose job is to raise are not frames of their own (as in OTP): the caller is.
    let fault = match fault {
        Fault::Bif {
            module: atom::ERLANG,
            function,
            ..
        } if is_raising_bif(function) => Fault::Here,
        other => other,
    };
    // Everything we must keep alive while allocating: reason, given trace, error/2's args,
    // fault args.
    let mut roots: Vec<Term> = vec![exc.reason, exc.stacktrace, exc.args];
    let (top, top_args) = match fault {
        Fault::Here => (None, None),
        Fault::Bif {
            module,
            function,
            args,
        } => {
            let start = roots.len();
            roots.extend_from_slice(&args);
            (Some((module, function)), Some(start..roots.len()))
        }
        Fault::FunctionClause { arity } => {
            let start = roots.len();
            roots.extend_from_slice(&x[..arity.min(x.len())]);
            (None, Some(start..roots.len()))
        }
    };

    let frames = if exc.stacktrace.is_non_value() {
        collect_frames(proc, module, offset, top.is_some())
    } else {
        Vec::new()
    };
    let locations: Vec<Option<(String, u32)>> = frames
        .iter()
        .map(|f| {
            f.module
                .line_at(f.offset)
                .map(|l| (f.module.source_file(l.file), l.line))
        })
        .collect();

    // Size everything up front: one reservation.
    let mut need = words::tuple(2); // raw {Class, Frames}
    if exc.stacktrace.is_non_value() {
        if let Some(r) = &top_args {
            need += words::list(r.len());
        }
        if top.is_some() {
            need += words::tuple(4) + words::CONS;
        }
        for loc in &locations {
            need += words::tuple(4) + words::CONS;
            if let Some((file, _)) = loc {
                need += 2 * words::tuple(2) + 2 * words::CONS + words::list(file.chars().count());
            }
        }
    }
    let mut r = proc.reserve(need, &mut roots);

    let trace = if exc.stacktrace.is_non_value() {
        let mut items: Vec<Term> = Vec::with_capacity(frames.len() + 1);
        let args_list = match &top_args {
            Some(range) => Some(r.list_from(&roots[range.clone()], Term::NIL)),
            None if !roots[2].is_non_value() => Some(roots[2]),
            None => None,
        };
        if let Some((m, f)) = top {
            let a = args_list.unwrap_or(Term::NIL);
            items.push(r.tuple(&[Term::atom(m), Term::atom(f), a, Term::NIL]));
        }
        for (i, (frame, loc)) in frames.iter().zip(&locations).enumerate() {
            let (fname, arity) = match frame.function {
                Some(fi) => (fi.name, fi.arity),
                None => (atom::UNDEFINED, 0),
            };
            // The function_clause frame carries the arguments instead of the arity.
            let arity_or_args = match (i, top.is_none(), args_list) {
                (0, true, Some(list)) => list,
                _ => Term::small(arity as isize),
            };
            let location = match loc {
                Some((file, line)) => {
                    let chars: Vec<Term> = file.chars().map(|c| Term::small(c as isize)).collect();
                    let file_str = r.list_from(&chars, Term::NIL);
                    let file_t = r.tuple(&[Term::atom(atom::FILE), file_str]);
                    let line_t = r.tuple(&[Term::atom(atom::LINE), Term::small(*line as isize)]);
                    r.list_from(&[file_t, line_t], Term::NIL)
                }
                None => Term::NIL,
            };
            items.push(r.tuple(&[
                Term::atom(frame.module.name),
                Term::atom(fname),
                arity_or_args,
                location,
            ]));
        }
        r.list_from(&items, Term::NIL)
    } else {
        roots[1]
    };
    let raw = r.tuple(&[Term::atom(exc.class.atom()), trace]);
    let reason = roots[0];

    match find_catch(proc) {
        Some(handler) => {
            x[0] = Term::NON_VALUE;
            x[1] = Term::atom(exc.class.atom());
            x[2] = reason;
            x[3] = raw;
            Ok(handler)
        }
        None => Err(Exit::Crashed {
            class: exc.class,
            reason,
            stacktrace: trace,
        }),
    }
}

/// The frames to report: the faulting function, then each return address (the CP register,
/// then the stack's return addresses, newest first).
fn collect_frames(
    proc: &Process,
    module: &'static Module,
    offset: u32,
    bif_on_top: bool,
) -> Vec<FrameDesc> {
    let mut frames = Vec::with_capacity(DEPTH);
    let limit = if bif_on_top { DEPTH - 1 } else { DEPTH };
    // A spawned process whose first call failed (`undef`) has run no code: its position is the
    // spawn placeholder, not a frame (OTP's trace is just the failed call). Its "current
    // instruction" is the one before offset 0, which wraps.
    let first_call = offset == u32::MAX && proc.cp.is_non_value() && proc.stack.is_empty();
    if !(bif_on_top && first_call) {
        frames.push(FrameDesc {
            module,
            function: module.function_at(offset),
            offset,
        });
    }
    let push_return = |t: Term, frames: &mut Vec<FrameDesc>| {
        if frames.len() >= limit
            || t.is_non_value()
            || !CodePtr::is_code_word(t)
            || CodePtr::is_catch(t)
        {
            return;
        }
        let cp = CodePtr::decode(t);
        if let Some(m) = module::by_index(cp.module) {
            // The call instruction is just before the return address.
            let call_at = cp.offset.saturating_sub(1);
            frames.push(FrameDesc {
                module: m,
                function: m.function_at(call_at),
                offset: call_at,
            });
        }
    };
    push_return(proc.cp, &mut frames);
    for &t in proc.stack.iter().rev() {
        if frames.len() >= limit {
            break;
        }
        push_return(t, &mut frames);
    }
    frames
}

fn is_raising_bif(f: crate::terms::term::Atom) -> bool {
    matches!(
        atom::name(f),
        b"error" | b"exit" | b"throw" | b"raise" | b"nif_error"
    )
}

/// Find the newest catch, unwinding the stack to the frame that holds it.
fn find_catch(proc: &mut Process) -> Option<CodePtr> {
    // Index of the nearest return address above the catch: the start of the frame above it.
    let mut frame_above: Option<usize> = None;
    for k in (0..proc.stack.len()).rev() {
        let t = proc.stack[k];
        if CodePtr::is_catch(t) {
            if let Some(cut) = frame_above {
                proc.stack.truncate(cut);
            }
            proc.cp = Term::NON_VALUE;
            return Some(CodePtr::decode(t));
        }
        if CodePtr::is_code_word(t) {
            frame_above = Some(k);
        }
    }
    None
}

/// The value of a `catch Expr` whose expression raised (x1 class, x2 reason, x3 raw trace):
/// the thrown term, `{'EXIT', {Reason, Stack}}` for errors, `{'EXIT', Reason}` for exits.
pub(crate) fn catch_value(proc: &mut Process, x: &mut [Term]) -> Term {
    let class = x[1]
        .as_atom()
        .and_then(Class::from_atom)
        .unwrap_or(Class::Error);
    match class {
        Class::Throw => x[2],
        Class::Exit => {
            let mut roots = [x[2]];
            let mut r = proc.reserve(words::tuple(2), &mut roots);
            r.tuple(&[Term::atom(atom::EXIT_TAG), roots[0]])
        }
        Class::Error => {
            let mut roots = [x[2], frames_of_raw(x[3])];
            let mut r = proc.reserve(2 * words::tuple(2), &mut roots);
            let inner = r.tuple(&[roots[0], roots[1]]);
            r.tuple(&[Term::atom(atom::EXIT_TAG), inner])
        }
    }
}

/// The frame list of a raw trace `{Class, Frames}`; any other term is taken as a frame list.
pub(crate) fn frames_of_raw(raw: Term) -> Term {
    match raw.as_tuple() {
        Some([class, frames]) if class.is_atom() => *frames,
        _ => raw,
    }
}

/// `erlang:raise/2` as the compiler uses it: re-raise `reason` with the class and frames of a
/// raw trace. Anything else is `badarg`.
pub(crate) fn reraise(raw: Term, reason: Term) -> Exception {
    if let Some([class, frames]) = raw.as_tuple() {
        if let Some(c) = class.as_atom().and_then(Class::from_atom) {
            return Exception {
                class: c,
                reason,
                stacktrace: *frames,
                args: Term::NON_VALUE,
            };
        }
    }
    Exception::badarg()
}
