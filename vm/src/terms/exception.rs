//! Exceptions: class, reason and (once built) stack trace.

use crate::terms::atom;
use crate::terms::term::{Atom, Term};

#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum Class {
    Error,
    Exit,
    Throw,
}

impl Class {
    pub fn atom(self) -> Atom {
        match self {
            Class::Error => atom::ERROR,
            Class::Exit => atom::EXIT,
            Class::Throw => atom::THROW,
        }
    }
    pub fn from_atom(a: Atom) -> Option<Class> {
        match a {
            atom::ERROR => Some(Class::Error),
            atom::EXIT => Some(Class::Exit),
            atom::THROW => Some(Class::Throw),
            _ => None,
        }
    }
}

/// A raised exception on its way to a handler. `reason` must already live on the raising
/// process's heap (or be an immediate/literal): the interpreter stores it in x registers at once.
#[derive(Copy, Clone, Debug)]
pub struct Exception {
    pub class: Class,
    pub reason: Term,
    /// A stack trace term supplied by `erlang:raise/3`, or NON_VALUE to build one from the stack.
    pub stacktrace: Term,
    /// Extra arguments term for the top frame (`function_clause`, `undef` report args), or NON_VALUE.
    pub args: Term,
}

impl Exception {
    pub fn error(reason: Term) -> Exception {
        Exception {
            class: Class::Error,
            reason,
            stacktrace: Term::NON_VALUE,
            args: Term::NON_VALUE,
        }
    }
    pub fn error_atom(a: Atom) -> Exception {
        Exception::error(Term::atom(a))
    }
    pub fn badarg() -> Exception {
        Exception::error_atom(atom::BADARG)
    }
    pub fn badarith() -> Exception {
        Exception::error_atom(atom::BADARITH)
    }
    pub fn system_limit() -> Exception {
        Exception::error_atom(atom::SYSTEM_LIMIT)
    }
    pub fn throw(reason: Term) -> Exception {
        Exception {
            class: Class::Throw,
            reason,
            stacktrace: Term::NON_VALUE,
            args: Term::NON_VALUE,
        }
    }
    pub fn exit(reason: Term) -> Exception {
        Exception {
            class: Class::Exit,
            reason,
            stacktrace: Term::NON_VALUE,
            args: Term::NON_VALUE,
        }
    }
}

pub type BifResult = Result<Term, Exception>;
