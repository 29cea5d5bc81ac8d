//! The exports and imports (see lib.rs for the contract).

use atomvm::etf::{self, Pid};
use atomvm::{
    Budget, CallError, ExceptionClass, Host, Options, RunStatus, StdPlatform, Target, Vm,
};
use std::collections::BTreeMap;
use std::sync::{Mutex, MutexGuard, TryLockError};
use std::time::Duration;

/// Count allocated bytes, so that `erlang:memory/0,1` and `atomvm_stats` report them.
#[global_allocator]
static ALLOCATOR: atomvm::CountingAllocator = atomvm::CountingAllocator;

pub const STATUS_OK: i32 = 0;
/// The function raised: the result is `{Class, Reason, Stacktrace, PrintedBinary}`.
pub const STATUS_RAISED: i32 = 1;
/// The process was ended by an exit signal: the result is the reason.
pub const STATUS_EXITED: i32 = 2;
/// The budget ran out first: the result is the pid (use `atomvm_await`).
pub const STATUS_UNFINISHED: i32 = 3;
/// `erlang:halt/1` was called: the result is the status.
pub const STATUS_HALTED: i32 = 4;
/// `atomvm_run`: the budget ran out with processes still runnable.
pub const STATUS_YIELDED: i32 = 5;
/// A bad argument: the result is a binary saying what.
pub const STATUS_BAD_ARGUMENT: i32 = -1;
/// Called from inside a host function, or before `atomvm_create`.
pub const STATUS_BUSY: i32 = -2;

#[link(wasm_import_module = "atomvm_host")]
extern "C" {
    #[link_name = "call"]
    fn host_call(
        name: *const u8,
        name_len: usize,
        args: *const u8,
        args_len: usize,
        out: *mut u32,
    ) -> i32;
    #[link_name = "deliver"]
    fn host_deliver(message: *const u8, len: usize);
    #[link_name = "down"]
    fn host_down(pid: *const u8, pid_len: usize, reason: *const u8, reason_len: usize);
}

extern "C" {
    /// wasi-libc's and Rust's static constructors, which wasm-ld gathers into one function.
    fn __wasm_call_ctors();
    /// wasi-libc (threads): set up the calling thread's thread pointer (its TLS block).
    #[cfg(target_feature = "atomics")]
    fn __wasi_init_tp();
}

/// The reactor's start-up, which a WASI host calls once before any export (Node's
/// `wasi.initialize`): what wasi-libc's own reactor entry does — the thread pointer on the
/// threads target, then the static constructors (preopens, environment).
#[no_mangle]
pub extern "C" fn _initialize() {
    static STARTED: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);
    if STARTED.swap(true, std::sync::atomic::Ordering::AcqRel) {
        return; // once only
    }
    // SAFETY: runs once, first, as the reactor model says (the flag above keeps it once).
    unsafe {
        #[cfg(target_feature = "atomics")]
        __wasi_init_tp();
        __wasm_call_ctors();
    }
}

struct State {
    vm: Option<Vm>,
    result: Vec<u8>,
}

/// The VM and the last result. Locked for the whole of an operation, so a host function calling
/// back in finds it locked and gets `STATUS_BUSY`. (Plain statics: with `thread_local!` state
/// the wasip1-threads build hung under Node's `node:wasi` at its first allocation.)
static STATE: Mutex<State> = Mutex::new(State {
    vm: None,
    result: Vec::new(),
});
/// Guest buffers handed to the host, by address: only these are freed or adopted.
static BUFFERS: Mutex<BTreeMap<usize, Vec<u8>>> = Mutex::new(BTreeMap::new());

/// The state, unless an operation holds it (a host function calling back in).
fn state() -> Option<MutexGuard<'static, State>> {
    match STATE.try_lock() {
        Ok(g) => Some(g),
        Err(TryLockError::Poisoned(p)) => Some(p.into_inner()),
        Err(TryLockError::WouldBlock) => None,
    }
}

fn buffers() -> MutexGuard<'static, BTreeMap<usize, Vec<u8>>> {
    BUFFERS.lock().unwrap_or_else(|p| p.into_inner())
}

/// Bytes of linear memory.
fn memory_bytes() -> usize {
    core::arch::wasm32::memory_size(0) * 65536
}

/// The host's `(ptr, len)` as bytes, copied; None when it is not inside linear memory.
fn input(ptr: *const u8, len: usize) -> Option<Vec<u8>> {
    if len == 0 {
        return Some(Vec::new());
    }
    let end = (ptr as usize).checked_add(len)?;
    if ptr.is_null() || end > memory_bytes() {
        return None;
    }
    // SAFETY: the range lies inside linear memory, which is always mapped and readable, and it
    // is copied at once, before anything in the guest runs.
    Some(unsafe { std::slice::from_raw_parts(ptr, len) }.to_vec())
}

fn text(ptr: *const u8, len: usize) -> Option<String> {
    String::from_utf8(input(ptr, len)?).ok()
}

/// A buffer of `len` bytes for the host to fill (0 when it cannot be had).
#[no_mangle]
pub extern "C" fn atomvm_alloc(len: usize) -> *mut u8 {
    let mut buf = vec![0u8; len.max(1)];
    let ptr = buf.as_mut_ptr();
    buffers().insert(ptr as usize, buf);
    ptr
}

/// Free a buffer from `atomvm_alloc` (anything else is ignored).
#[no_mangle]
pub extern "C" fn atomvm_free(ptr: *mut u8, _len: usize) {
    buffers().remove(&(ptr as usize));
}

/// Take back a buffer the host filled (its first `len` bytes).
fn adopt(ptr: usize, len: usize) -> Option<Vec<u8>> {
    let mut buf = buffers().remove(&ptr)?;
    if len > buf.len() {
        return None;
    }
    buf.truncate(len);
    Some(buf)
}

/// The last operation's result term.
#[no_mangle]
pub extern "C" fn atomvm_result_ptr() -> *const u8 {
    state().map_or(std::ptr::null(), |s| s.result.as_ptr())
}

#[no_mangle]
pub extern "C" fn atomvm_result_len() -> usize {
    state().map_or(0, |s| s.result.len())
}

/// Run `op` on the VM and store its result; BUSY when re-entered or before `atomvm_create`.
fn with_vm(op: impl FnOnce(&mut Vm) -> (i32, Vec<u8>)) -> i32 {
    let Some(mut state) = state() else {
        return STATUS_BUSY;
    };
    let Some(vm) = state.vm.as_mut() else {
        return STATUS_BUSY;
    };
    let (status, result) = op(vm);
    state.result = result;
    status
}

fn bad(what: &str) -> (i32, Vec<u8>) {
    (STATUS_BAD_ARGUMENT, etf::binary(what.as_bytes()))
}

fn budget(reductions: u64, wait_ms: u32) -> Budget {
    Budget::reductions(reductions).with_wait(Duration::from_millis(wait_ms.into()))
}

/// A call's outcome as (status, result).
fn outcome(r: Result<Vec<u8>, CallError>) -> (i32, Vec<u8>) {
    match r {
        Ok(v) => (STATUS_OK, v),
        Err(CallError::Raised(e)) => {
            let class = match e.class {
                ExceptionClass::Error => "error",
                ExceptionClass::Exit => "exit",
                ExceptionClass::Throw => "throw",
            };
            let t = etf::tuple(&[
                etf::atom(class),
                e.reason,
                e.stacktrace,
                etf::binary(e.printed.as_bytes()),
            ]);
            (STATUS_RAISED, t)
        }
        Err(CallError::Exited(reason)) => (STATUS_EXITED, reason),
        Err(CallError::Unfinished { pid, .. }) => (STATUS_UNFINISHED, pid.to_etf()),
        Err(CallError::Halted { status }) => (STATUS_HALTED, etf::int(status.into())),
        Err(e) => bad(&e.to_string()),
    }
}

/// A target in ETF: a pid or an atom (a registered name).
fn target(ptr: *const u8, len: usize) -> Option<Target> {
    Target::from_etf(&input(ptr, len)?)
}

/// The host's functions, reached through the imports.
struct ImportedHost;

impl Host for ImportedHost {
    fn call(&mut self, name: &str, args: &[u8]) -> Result<Vec<u8>, Vec<u8>> {
        let mut out = [0u32; 2];
        // SAFETY: the pointers and lengths describe live buffers of this call; `out` is two
        // writable u32 the host fills.
        let status = unsafe {
            host_call(
                name.as_ptr(),
                name.len(),
                args.as_ptr(),
                args.len(),
                out.as_mut_ptr(),
            )
        };
        let reply =
            adopt(out[0] as usize, out[1] as usize).unwrap_or_else(|| etf::atom("bad_host_reply"));
        if status == 0 {
            Ok(reply)
        } else {
            Err(reply)
        }
    }
    fn deliver(&mut self, message: &[u8]) {
        // SAFETY: a live buffer, read by the host during the call.
        unsafe { host_deliver(message.as_ptr(), message.len()) }
    }
    fn down(&mut self, pid: Pid, reason: &[u8]) {
        let pid = pid.to_etf();
        // SAFETY: live buffers, read by the host during the call.
        unsafe { host_down(pid.as_ptr(), pid.len(), reason.as_ptr(), reason.len()) }
    }
}

/// Make the VM (once per instance): `gc_stress` 0/1, `max_heap_words` 0 for no limit.
#[no_mangle]
pub extern "C" fn atomvm_create(gc_stress: i32, max_heap_words: u32) -> i32 {
    let Some(mut state) = state() else {
        return STATUS_BUSY;
    };
    if state.vm.is_some() {
        state.result = etf::binary(b"the VM exists already: one instance is one VM");
        return STATUS_BAD_ARGUMENT;
    }
    let options = Options {
        gc_stress: gc_stress != 0,
        max_heap_words: max_heap_words as usize,
        ..Options::default()
    };
    let mut vm = Vm::new(options, Box::new(StdPlatform::new("wasi")));
    vm.set_host(Box::new(ImportedHost));
    state.vm = Some(vm);
    state.result = etf::atom("ok");
    STATUS_OK
}

/// Load a bundle (`.avm`) or a `.beam` from bytes.
#[no_mangle]
pub extern "C" fn atomvm_load(
    name: *const u8,
    name_len: usize,
    bytes: *const u8,
    len: usize,
) -> i32 {
    with_vm(|vm| {
        let (Some(name), Some(bytes)) = (text(name, name_len), input(bytes, len)) else {
            return bad("name or bytes outside memory");
        };
        match vm.load_file(&name, bytes) {
            Ok(()) => (STATUS_OK, etf::atom("ok")),
            Err(e) => bad(&e.to_string()),
        }
    })
}

/// Spawn `M:F(Args)` (`Args`: an ETF list); the result is the pid.
#[no_mangle]
pub extern "C" fn atomvm_spawn(
    m: *const u8,
    m_len: usize,
    f: *const u8,
    f_len: usize,
    args: *const u8,
    args_len: usize,
) -> i32 {
    with_vm(|vm| {
        let (Some(m), Some(f), Some(args)) =
            (text(m, m_len), text(f, f_len), input(args, args_len))
        else {
            return bad("arguments outside memory");
        };
        outcome(vm.spawn(&m, &f, &args).map(Pid::to_etf))
    })
}

/// Apply `M:F(Args)` and run until it returns, for at most `reductions` and `wait_ms` of
/// waiting for timers.
#[no_mangle]
pub extern "C" fn atomvm_apply(
    m: *const u8,
    m_len: usize,
    f: *const u8,
    f_len: usize,
    args: *const u8,
    args_len: usize,
    reductions: u64,
    wait_ms: u32,
) -> i32 {
    with_vm(|vm| {
        let (Some(m), Some(f), Some(args)) =
            (text(m, m_len), text(f, f_len), input(args, args_len))
        else {
            return bad("arguments outside memory");
        };
        outcome(vm.apply(&m, &f, &args, budget(reductions, wait_ms)))
    })
}

/// Go on waiting for the result of an apply that came back `STATUS_UNFINISHED`.
#[no_mangle]
pub extern "C" fn atomvm_await(
    pid: *const u8,
    pid_len: usize,
    reductions: u64,
    wait_ms: u32,
) -> i32 {
    with_vm(|vm| {
        let Some(pid) = input(pid, pid_len).and_then(|b| Pid::from_etf(&b)) else {
            return bad("not a pid");
        };
        outcome(vm.await_result(pid, budget(reductions, wait_ms)))
    })
}

/// A gen_server call to a pid or registered name (ETF), with `wait_ms` as its timeout.
#[no_mangle]
pub extern "C" fn atomvm_call(
    to: *const u8,
    to_len: usize,
    request: *const u8,
    request_len: usize,
    reductions: u64,
    wait_ms: u32,
) -> i32 {
    with_vm(|vm| {
        let (Some(to), Some(request)) = (target(to, to_len), input(request, request_len)) else {
            return bad("the target must be a pid or an atom");
        };
        outcome(vm.call(&to, &request, budget(reductions, wait_ms)))
    })
}

/// Send a message (ETF) to a pid or registered name (ETF).
#[no_mangle]
pub extern "C" fn atomvm_send(to: *const u8, to_len: usize, msg: *const u8, msg_len: usize) -> i32 {
    with_vm(|vm| {
        let (Some(to), Some(msg)) = (target(to, to_len), input(msg, msg_len)) else {
            return bad("the target must be a pid or an atom");
        };
        outcome(vm.send(&to, &msg).map(|()| etf::atom("ok")))
    })
}

/// Send an exit signal with a reason (ETF) to a pid or registered name (ETF).
#[no_mangle]
pub extern "C" fn atomvm_exit(
    to: *const u8,
    to_len: usize,
    reason: *const u8,
    reason_len: usize,
) -> i32 {
    with_vm(|vm| {
        let (Some(to), Some(reason)) = (target(to, to_len), input(reason, reason_len)) else {
            return bad("the target must be a pid or an atom");
        };
        outcome(vm.exit(&to, &reason).map(|()| etf::atom("ok")))
    })
}

/// The pid registered under a name (UTF-8), or `undefined`.
#[no_mangle]
pub extern "C" fn atomvm_whereis(name: *const u8, name_len: usize) -> i32 {
    with_vm(|vm| {
        let Some(name) = text(name, name_len) else {
            return bad("name outside memory");
        };
        let pid = vm.whereis(&name);
        (
            STATUS_OK,
            pid.map_or_else(|| etf::atom("undefined"), Pid::to_etf),
        )
    })
}

/// The host's `down` will be called when the pid (ETF) ends.
#[no_mangle]
pub extern "C" fn atomvm_monitor(pid: *const u8, pid_len: usize) -> i32 {
    with_vm(|vm| {
        let Some(pid) = input(pid, pid_len).and_then(|b| Pid::from_etf(&b)) else {
            return bad("not a pid");
        };
        vm.monitor(pid);
        (STATUS_OK, etf::atom("ok"))
    })
}

/// Run the VM for a budget. Status OK: idle, the result is the next timer in ms or
/// `infinity`; `STATUS_YIELDED`: runnable processes remain; `STATUS_HALTED`: the halt status.
#[no_mangle]
pub extern "C" fn atomvm_run(reductions: u64, wait_ms: u32) -> i32 {
    with_vm(|vm| match vm.run(budget(reductions, wait_ms)) {
        RunStatus::Idle { next_timer: None } => (STATUS_OK, etf::atom("infinity")),
        RunStatus::Idle {
            next_timer: Some(t),
        } => (
            STATUS_OK,
            etf::int(t.as_millis().min(i64::MAX as u128) as i64),
        ),
        RunStatus::Yielded => (STATUS_YIELDED, etf::atom("yielded")),
        RunStatus::Halted { status } => (STATUS_HALTED, etf::int(status.into())),
    })
}

/// A map: `#{processes, runnable, process_memory, total_memory, atoms}`.
#[no_mangle]
pub extern "C" fn atomvm_stats() -> i32 {
    with_vm(|vm| {
        let s = vm.stats();
        let n = |v: usize| etf::int(v as i64);
        let total = s.total_memory.map_or_else(|| etf::atom("undefined"), n);
        let m = etf::map(&[
            (etf::atom("processes"), n(s.processes)),
            (etf::atom("runnable"), n(s.runnable)),
            (etf::atom("process_memory"), n(s.process_memory)),
            (etf::atom("total_memory"), total),
            (etf::atom("atoms"), n(s.atoms)),
        ]);
        (STATUS_OK, m)
    })
}
