//! Schedulers: run queues, time slices, process exit, idle waiting, and SMP.
//!
//! Scheduling state lives in each process's inbox (`signal.rs`): WAITING → RUNNABLE when a signal
//! arrives (the sender that made that transition enqueues the process), RUNNABLE → RUNNING when a
//! scheduler takes it, RUNNING → NOTIFIED when a signal arrives while it runs (so a process that
//! is about to wait looks at its inbox again instead of sleeping), RUNNING → WAITING/RUNNABLE when
//! its slice ends. Exactly one party enqueues a process, so it is never queued twice.
//!
//! Locking rule: the run queues have one lock, held only to push or pop. A scheduler holds the
//! body lock of the process it runs for the whole slice; nobody else blocks on a body lock.
//!
//! Builds without threads (wasip1, wasip2) run one scheduler on the calling thread; the atomics
//! and uncontended locks are all the SMP machinery costs them.

use crate::execution::interp::{self, Exit, Regs};
use crate::platform;
use crate::platform::memory;
use crate::platform::sync::Mutex;
use crate::processes::owner_exit;
use crate::processes::process::Process;
use crate::processes::process_table::{self, ProcessCell};
use crate::processes::run_queue;
use crate::processes::signal::{self, Fate, Signal, EXITED, NOTIFIED, RUNNABLE, RUNNING, WAITING};
use crate::processes::timer;
use crate::scheduling::select;
use crate::scheduling::watch::{self, ProcessEnd};
use crate::terms::atom;
use crate::terms::copy;
use crate::terms::exception::Class;
use crate::terms::heap::Alloc;
use crate::terms::print::print_term;
use crate::terms::term::Term;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, OnceLock};

/// How a run of the VM ended.
pub enum Ending {
    /// The start process returned: its value printed like `~p`, and whether it was `ok` or `0`.
    Returned { printed: String, success: bool },
    /// The start process crashed or was killed: the report, worded like OTP's.
    Crashed(String),
    /// `erlang:halt/1` with this status.
    Halted(i32),
    /// The start process waits for something that can never happen: every process is blocked
    /// and no timer is armed.
    Deadlock,
}

/// How long an idle scheduler watches the run queues before it sleeps, when there are several:
/// a message between processes on different schedulers then usually finds the receiver's
/// scheduler still awake, which saves a futex wake-up and sleep per message.
const SPIN_NS: u64 = 50_000;
/// Time slices a busy scheduler runs between two looks at the armed sockets.
const SLICES_PER_POLL: u32 = 64;

struct Sched {
    schedulers: AtomicUsize,
    stop: AtomicBool,
    start_pid: Mutex<Option<Term>>,
    ending: Mutex<Option<Ending>>,
}

fn sched() -> &'static Sched {
    static S: OnceLock<Sched> = OnceLock::new();
    S.get_or_init(|| Sched {
        schedulers: AtomicUsize::new(1),
        stop: AtomicBool::new(false),
        start_pid: Mutex::new(None),
        ending: Mutex::new(None),
    })
}

/// Number of scheduler threads of this run.
pub fn schedulers() -> usize {
    sched().schedulers.load(Ordering::Relaxed)
}

/// Wake the idle schedulers: a stop, or work they must see.
fn wake_idle() {
    platform::get().wake();
}

/// Add a new process and make it runnable.
pub fn start_process(proc: Process) -> Term {
    let pid = proc.pid;
    proc.inbox.state.store(RUNNABLE, Ordering::Release);
    let cell = process_table::insert(proc);
    run_queue::make_runnable(cell);
    pid
}

/// Run `start` and every process it spawns until `start` ends, on `schedulers` threads (1 where
/// the target has no threads).
pub fn run(start: Process, schedulers: usize) -> Ending {
    let s = sched();
    let schedulers = schedulers.max(1);
    s.schedulers.store(schedulers, Ordering::Relaxed);
    s.stop.store(false, Ordering::Release);
    *s.start_pid.lock() = Some(start.pid);
    start_process(start);
    let mut threads = Vec::new();
    for i in 1..schedulers {
        let spawned = std::thread::Builder::new()
            .name(format!("scheduler {}", i))
            .spawn(scheduler_loop);
        match spawned {
            Ok(t) => threads.push(t),
            // Fewer threads than asked for still run every process.
            Err(_) => {
                s.schedulers.fetch_sub(1, Ordering::Relaxed);
            }
        }
    }
    scheduler_loop();
    for t in threads {
        let _ = t.join();
    }
    // Sockets closed at the end still get to send what they hold (wasip2).
    select::finish_lingering();
    s.ending.lock().take().unwrap_or(Ending::Deadlock)
}

fn stop(ending: Ending) {
    let s = sched();
    let mut e = s.ending.lock();
    if e.is_none() {
        *e = Some(ending);
    }
    drop(e);
    s.stop.store(true, Ordering::Release);
    wake_idle();
}

fn scheduler_loop() {
    let s = sched();
    let mut regs = Regs::default();
    let mut slices_since_poll = 0u32;
    while !s.stop.load(Ordering::Acquire) {
        match run_queue_turn(&mut regs, &mut slices_since_poll) {
            true => {}
            false => idle_wait(s),
        }
    }
    // Let the other schedulers see the stop too.
    wake_idle();
}

/// One turn of a scheduler: fire due timers, look at the armed sockets now and then, run one
/// time slice. False when no process was runnable.
fn run_queue_turn(regs: &mut Regs, slices_since_poll: &mut u32) -> bool {
    fire_timers();
    // A busy scheduler still looks at the armed sockets now and then.
    if select::armed() {
        *slices_since_poll += 1;
        if *slices_since_poll >= SLICES_PER_POLL {
            *slices_since_poll = 0;
            select::poll_now();
        }
    }
    match run_queue::pop() {
        Some(cell) => {
            run_slice(cell, regs);
            true
        }
        None => false,
    }
}

/// Where a host-driven run stopped (see `run_budget`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Progress {
    /// Nothing is runnable: the next timer is due at this monotonic time (ns), if any.
    Idle { next_deadline_ns: Option<u64> },
    /// The budget ran out with processes still runnable.
    Yielded,
    /// A process called `erlang:halt/1` with this status.
    Halted(i32),
    /// The caller's condition became true.
    Done,
}

/// Run processes on the calling thread, as the only scheduler, for at most `slices` time slices
/// (each up to `interp::REDUCTIONS` reductions), stopping early when `done()` says so. When
/// nothing is runnable it waits for timers and sockets until `wait_until_ns` (monotonic; None:
/// return at once). This is how an embedding host drives the VM: nothing runs between calls.
pub fn run_budget(
    mut slices: u64,
    wait_until_ns: Option<u64>,
    done: &mut dyn FnMut() -> bool,
) -> Progress {
    let s = sched();
    s.schedulers.store(1, Ordering::Relaxed);
    s.stop.store(false, Ordering::Release);
    let mut regs = Regs::default();
    let mut slices_since_poll = 0u32;
    loop {
        if s.stop.load(Ordering::Acquire) {
            s.stop.store(false, Ordering::Release);
            if let Some(Ending::Halted(status)) = s.ending.lock().take() {
                return Progress::Halted(status);
            }
        }
        if done() {
            return Progress::Done;
        }
        if slices == 0 {
            fire_timers();
            if run_queue::is_empty() {
                return Progress::Idle {
                    next_deadline_ns: timer::next_deadline(),
                };
            }
            return Progress::Yielded;
        }
        if run_queue_turn(&mut regs, &mut slices_since_poll) {
            slices -= 1;
            continue;
        }
        // Idle: wait for the next timer or socket, within what the caller allows.
        if select::armed() {
            select::poll_now();
            if !run_queue::is_empty() {
                continue;
            }
        }
        let deadline = timer::next_deadline();
        let now = platform::get().monotonic_ns();
        let nothing_can_happen = deadline.is_none() && !select::armed();
        match wait_until_ns {
            Some(w) if w > now && !nothing_can_happen => {
                select::wait(Some(deadline.map_or(w, |d| d.min(w))));
            }
            _ => {
                return Progress::Idle {
                    next_deadline_ns: deadline,
                }
            }
        }
    }
}

fn idle_wait(s: &Sched) {
    if s.schedulers.load(Ordering::Relaxed) > 1 && spin_for_work(s) {
        return;
    }
    run_queue::idle_enter();
    let deadline = timer::next_deadline();
    let all_idle = run_queue::idle() == s.schedulers.load(Ordering::Relaxed);
    if deadline.is_none() && all_idle && !select::armed() && run_queue::is_empty() {
        // Nothing runs, nothing is queued, no timer can wake anyone: nothing will ever happen.
        run_queue::idle_leave();
        stop(Ending::Deadlock);
        return;
    }
    if run_queue::is_empty() {
        select::wait(deadline);
    }
    run_queue::idle_leave();
}

/// Watch the run queues for a short while; true when work arrived (or the run is stopping).
fn spin_for_work(s: &Sched) -> bool {
    let until = platform::get().monotonic_ns() + SPIN_NS;
    loop {
        for _ in 0..64 {
            if run_queue::queued() > 0 || s.stop.load(Ordering::Relaxed) {
                return true;
            }
            std::hint::spin_loop();
        }
        if platform::get().monotonic_ns() >= until
            || timer::next_deadline().is_some_and(|d| d <= until)
        {
            return false;
        }
        std::thread::yield_now();
    }
}

fn fire_timers() {
    let now = platform::get().monotonic_ns();
    for action in timer::take_due(now) {
        match action {
            timer::Action::Send { dest, msg } => {
                let pid = if let Some(name) = dest.as_atom() {
                    process_table::whereis(name)
                } else {
                    Some(dest)
                };
                if let Some(pid) = pid {
                    let _ = process_table::send_signal(pid, Signal::Message(msg));
                }
            }
            timer::Action::ReceiveTimeout { pid, key } => {
                let _ = process_table::send_signal(pid, Signal::ReceiveTimeout { key });
            }
        }
    }
}

fn run_slice(cell: Arc<ProcessCell>, regs: &mut Regs) {
    let Some(mut proc) = cell.body.try_lock() else {
        // Briefly held by another process inspecting it: try again later.
        run_queue::requeue(cell);
        return;
    };
    if cell.inbox.state.load(Ordering::Acquire) == EXITED {
        return; // ended by an exit signal another process applied (see `end_process`)
    }
    cell.inbox.state.store(RUNNING, Ordering::Release);
    loop {
        if let Fate::Dies(reason) = signal::drain(&mut proc) {
            finish(&mut proc, Exit::Killed(reason));
            return;
        }
        let n = proc.saved_x.len().min(regs.x.len());
        regs.x[..n].copy_from_slice(&proc.saved_x[..n]);
        let exit = interp::run(&mut proc, regs);
        let exit = match exit {
            Exit::Yielded | Exit::Waiting if over_heap_limit(&proc) => {
                report_heap_limit(&proc);
                Exit::Killed(Term::atom(atom::KILLED))
            }
            other => other,
        };
        match exit {
            Exit::Yielded => {
                cell.inbox.state.store(RUNNABLE, Ordering::Release);
                drop(proc);
                run_queue::requeue(cell);
                return;
            }
            Exit::Waiting => {
                let parked = cell.inbox.state.compare_exchange(
                    RUNNING,
                    WAITING,
                    Ordering::AcqRel,
                    Ordering::Acquire,
                );
                if parked.is_ok() {
                    return;
                }
                // NOTIFIED: something arrived while it ran; look again.
                debug_assert_eq!(cell.inbox.state.load(Ordering::Acquire), NOTIFIED);
                cell.inbox.state.store(RUNNING, Ordering::Release);
            }
            other => {
                finish(&mut proc, other);
                return;
            }
        }
    }
}

/// End a process that is not running (an exit signal found while another process inspected it).
pub fn end_process(proc: &mut Process, reason: Term) {
    finish(proc, Exit::Killed(reason));
}

fn over_heap_limit(proc: &Process) -> bool {
    proc.heap.exhausted || (proc.max_heap_words > 0 && proc.heap.capacity() > proc.max_heap_words)
}

fn report_heap_limit(proc: &Process) {
    if proc.heap.exhausted {
        log_error(&format!(
            "Process: {} could not grow its heap ({} words, {} in use): {}; it was killed",
            print_term(proc.pid),
            proc.heap.capacity(),
            proc.heap.used(),
            match memory::limit() {
                0 => "the host refused the memory".to_string(),
                n => format!("the VM's memory limit ({n} bytes) is reached"),
            }
        ));
        return;
    }
    log_error(&format!(
        "Process: {} exceeded its max_heap_size ({} words, heap {} words) and was killed",
        print_term(proc.pid),
        proc.max_heap_words,
        proc.heap.capacity()
    ));
}

/// The process has ended: work out its exit reason, tell the world, remove it.
fn finish(proc: &mut Process, exit: Exit) {
    let is_start = *sched().start_pid.lock() == Some(proc.pid);
    let watch = watch::watched(proc.pid);
    let (watched, result_wanted) = (watch.is_some(), watch == Some(true));
    let mut end = None;
    let reason = match exit {
        Exit::Returned(v) => {
            if watched {
                end = Some(ProcessEnd::Returned(watch::encode(v, proc.pid)));
            }
            if is_start {
                let success = v == Term::atom(atom::OK) || v == Term::small(0);
                stop(Ending::Returned {
                    printed: print_term(v),
                    success,
                });
            }
            Term::atom(atom::NORMAL)
        }
        Exit::Crashed {
            class,
            reason,
            stacktrace,
        } => {
            if watched {
                end = Some(ProcessEnd::Raised {
                    class,
                    reason: watch::encode(reason, proc.pid),
                    stacktrace: watch::encode(stacktrace, proc.pid),
                    printed: format!(
                        "{}:{}\n  stacktrace: {}",
                        atom::name_str(class.atom()),
                        print_term(reason),
                        print_term(stacktrace)
                    ),
                });
            }
            let report = crash_report(proc.pid, class, reason, stacktrace);
            if is_start {
                stop(Ending::Crashed(report));
            } else if class != Class::Exit && !result_wanted {
                log_error(&report);
            }
            exit_reason(proc, class, reason, stacktrace)
        }
        Exit::Killed(reason) => {
            if is_start {
                stop(Ending::Crashed(format!(
                    "Process {} exited with reason:\n{}",
                    print_term(proc.pid),
                    print_term(reason)
                )));
            }
            reason
        }
        Exit::Halt(status) => {
            stop(Ending::Halted(status));
            Term::atom(atom::KILLED)
        }
        Exit::Yielded | Exit::Waiting => Term::atom(atom::NORMAL),
    };
    if watched {
        let reason_bytes = watch::encode(reason, proc.pid);
        let end = end.unwrap_or_else(|| ProcessEnd::Exited(reason_bytes.clone()));
        watch::record(proc.pid, end, reason_bytes);
    }
    terminate(proc, reason);
}

/// The reason linked and monitoring processes see: `{Reason, Stack}` for errors,
/// `{{nocatch, Value}, Stack}` for throws, the reason itself for exits.
fn exit_reason(proc: &mut Process, class: Class, reason: Term, stacktrace: Term) -> Term {
    let mut roots = [reason, stacktrace];
    let mut r = proc.reserve(6, &mut roots);
    match class {
        Class::Exit => roots[0],
        Class::Error => r.tuple(&[roots[0], roots[1]]),
        Class::Throw => {
            let nocatch = r.tuple(&[Term::atom(atom::NOCATCH), roots[0]]);
            r.tuple(&[nocatch, roots[1]])
        }
    }
}

/// Send exit signals to links, `'DOWN'` to monitors, and drop the process.
fn terminate(proc: &mut Process, reason: Term) {
    let pid = proc.pid;
    // Nothing more gets in; signals that came too late are answered like the others.
    for s in proc.inbox.close() {
        match s {
            Signal::Link { from } => proc.add_link(from),
            Signal::Monitor {
                from, reference, ..
            } => proc.monitored_by.insert(reference, from),
            Signal::Unlink { from } => {
                proc.links.remove(&from);
            }
            Signal::Demonitor { reference } => {
                proc.monitored_by.remove(&reference);
            }
            _ => {}
        }
    }
    proc.inbox.state.store(EXITED, Ordering::Release);
    process_table::remove(pid);
    process_table::unregister_pid(pid);
    process_table::drop_aliases_of(pid);
    owner_exit::owner_exited(pid);
    select::owner_exited(pid);
    crate::processes::remote::exited(pid, reason, &proc.heap);
    if let Some(key) = proc.receive_timer.take() {
        timer::cancel(key);
    }
    for to in proc.links.keys() {
        let reason = copy::copy_with_room(reason, &proc.heap, signal::NOTICE_WORDS);
        let _ = process_table::send_signal(
            to,
            Signal::Exit {
                from: pid,
                reason,
                linked: true,
            },
        );
    }
    for (reference, &watcher) in proc.monitored_by.iter() {
        let reason = copy::copy_with_room(reason, &proc.heap, signal::NOTICE_WORDS);
        let _ = process_table::send_signal(
            watcher,
            Signal::Down {
                from: pid,
                reference,
                reason,
                name: None,
            },
        );
    }
    for m in proc.monitors.values() {
        let _ = process_table::send_signal(
            m.target,
            Signal::Demonitor {
                reference: m.reference,
            },
        );
    }
    proc.links.clear();
    proc.monitored_by.clear();
    proc.monitors.clear();
}

/// OTP's wording for a process that died of an uncaught exception.
pub fn crash_report(pid: Term, class: Class, reason: Term, stacktrace: Term) -> String {
    let value = match class {
        Class::Error => format!("{{{},{}}}", print_term(reason), print_term(stacktrace)),
        Class::Exit => print_term(reason),
        Class::Throw => format!(
            "{{{{nocatch,{}}},{}}}",
            print_term(reason),
            print_term(stacktrace)
        ),
    };
    format!(
        "Error in process {} with exit value:\n{}",
        print_term(pid),
        value
    )
}

/// An error report on stderr, headed like OTP's logger output.
pub fn log_error(text: &str) {
    let report = format!("=ERROR REPORT==== {} ===\n{}\n\n", now_for_report(), text);
    platform::get().write_stderr(report.as_bytes());
}

/// `22-Nov-2026::10:04:05.123456` (UTC).
fn now_for_report() -> String {
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let ns = platform::get().system_time_ns().max(0) as u64;
    let secs = ns / 1_000_000_000;
    let micros = (ns / 1000) % 1_000_000;
    let (days, rem) = (secs / 86_400, secs % 86_400);
    // Civil date from days since 1970-01-01 (proleptic Gregorian calendar).
    let z = days as i64 + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!(
        "{}-{}-{}::{:02}:{:02}:{:02}.{:06}",
        day,
        MONTHS[(month - 1) as usize],
        year,
        rem / 3600,
        (rem / 60) % 60,
        rem % 60,
        micros
    )
}
