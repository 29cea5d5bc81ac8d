//! BIFs that raise: error/1,2,3, exit/1, throw/1, raise/3 and the compiler's internal raise/2,
//! and nif_error/1,2 (the body of a NIF stub whose NIF is missing).

use crate::code::native::Ctx;
use crate::natives::registry::BifEntry;
use crate::terms::exception::{BifResult, Class, Exception};
use crate::terms::term::Term;

fn error_1(_ctx: &mut Ctx, a: &mut [Term]) -> BifResult {
    Err(Exception::error(a[0]))
}

/// error(Reason, Args[, Options]): Args replace the arity in the caller's stack frame.
fn error_2(_ctx: &mut Ctx, a: &mut [Term]) -> BifResult {
    let args = if a[1].is_list_or_nil() {
        a[1]
    } else {
        Term::NON_VALUE
    };
    Err(Exception {
        args,
        ..Exception::error(a[0])
    })
}

fn exit_1(_ctx: &mut Ctx, a: &mut [Term]) -> BifResult {
    Err(Exception::exit(a[0]))
}

fn throw_1(_ctx: &mut Ctx, a: &mut [Term]) -> BifResult {
    Err(Exception::throw(a[0]))
}

/// raise(Class, Reason, Stacktrace). With an invalid class or trace it does not raise: as OTP
/// documents, it returns `badarg`.
fn raise_3(_ctx: &mut Ctx, a: &mut [Term]) -> BifResult {
    let class = a[0].as_atom().and_then(Class::from_atom);
    match class {
        Some(c) if a[2].is_list_or_nil() => Err(Exception {
            class: c,
            reason: a[1],
            stacktrace: a[2],
            args: Term::NON_VALUE,
        }),
        _ => Ok(Term::atom(crate::terms::atom::BADARG)),
    }
}

/// The compiler's raise/2: re-raise with the class carried by a raw stack trace.
fn raise_2(_ctx: &mut Ctx, a: &mut [Term]) -> BifResult {
    Err(crate::execution::stacktrace::reraise(a[0], a[1]))
}

fn nif_error(_ctx: &mut Ctx, a: &mut [Term]) -> BifResult {
    Err(Exception::error(a[0]))
}

pub const BIFS: &[BifEntry] = &[
    BifEntry::new("erlang", "error", 1, error_1),
    BifEntry::new("erlang", "error", 2, error_2),
    BifEntry::new("erlang", "error", 3, error_2),
    BifEntry::new("erlang", "exit", 1, exit_1),
    BifEntry::new("erlang", "throw", 1, throw_1),
    BifEntry::new("erlang", "raise", 3, raise_3),
    BifEntry::new("erlang", "raise", 2, raise_2),
    BifEntry::new("erlang", "nif_error", 1, nif_error),
    BifEntry::new("erlang", "nif_error", 2, nif_error),
];
