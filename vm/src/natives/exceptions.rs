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
    BifEntry {
        module: "erlang",
        function: "error",
        arity: 1,
        f: error_1,
    },
    BifEntry {
        module: "erlang",
        function: "error",
        arity: 2,
        f: error_2,
    },
    BifEntry {
        module: "erlang",
        function: "error",
        arity: 3,
        f: error_2,
    },
    BifEntry {
        module: "erlang",
        function: "exit",
        arity: 1,
        f: exit_1,
    },
    BifEntry {
        module: "erlang",
        function: "throw",
        arity: 1,
        f: throw_1,
    },
    BifEntry {
        module: "erlang",
        function: "raise",
        arity: 3,
        f: raise_3,
    },
    BifEntry {
        module: "erlang",
        function: "raise",
        arity: 2,
        f: raise_2,
    },
    BifEntry {
        module: "erlang",
        function: "nif_error",
        arity: 1,
        f: nif_error,
    },
    BifEntry {
        module: "erlang",
        function: "nif_error",
        arity: 2,
        f: nif_error,
    },
];
