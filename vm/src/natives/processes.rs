//! Process BIFs: spawning, links, monitors, exit signals, registered names, process_info,
//! process flags, sending, timers, aliases, yield and halt.

use crate::code::module;
use crate::code::native::Ctx;
use crate::execution::receive;
use crate::natives::lists::proper_length;
use crate::natives::registry::BifEntry;
use crate::processes::process::{Control, MonitorEntry, Priority, Process};
use crate::processes::process_table;
use crate::processes::signal::{self, Signal};
use crate::processes::timer;
use crate::scheduling::scheduler;
use crate::terms::atom;
use crate::terms::copy::{self, Copied};
use crate::terms::exception::{BifResult, Exception};
use crate::terms::heap::{words, Alloc};
use crate::terms::reference::{build_ref, next_ref_number, ref_number, REF_WORDS};
use crate::terms::term::{Atom, BoxKind, CodePtr, Term};

fn badarg<T>() -> Result<T, Exception> {
    Err(Exception::badarg())
}

fn new_ref(ctx: &mut Ctx, args: &mut [Term], n: u64) -> Term {
    let mut r = ctx.reserve(REF_WORDS, args);
    build_ref(&mut r, n)
}

// ---- spawning ----

struct SpawnOpts {
    link: bool,
    monitor: bool,
    min_heap: usize,
    max_heap: usize,
    priority: Priority,
}

impl Default for SpawnOpts {
    fn default() -> Self {
        SpawnOpts {
            link: false,
            monitor: false,
            min_heap: 0,
            max_heap: 0,
            priority: Priority::Normal,
        }
    }
}

fn parse_priority(t: Term) -> Option<Priority> {
    match t.as_atom()? {
        atom::LOW => Some(Priority::Low),
        atom::NORMAL => Some(Priority::Normal),
        atom::HIGH => Some(Priority::High),
        atom::MAX => Some(Priority::Max),
        _ => None,
    }
}

fn priority_atom(p: Priority) -> Term {
    Term::atom(match p {
        Priority::Low => atom::LOW,
        Priority::Normal => atom::NORMAL,
        Priority::High => atom::HIGH,
        Priority::Max => atom::MAX,
    })
}

/// `{max_heap_size, Size | #{size => Size, ...}}`: the size in words (0 = no limit).
fn parse_max_heap(t: Term) -> Option<usize> {
    if let Some(n) = t.as_small() {
        return usize::try_from(n).ok();
    }
    if t.is_map() {
        let size = crate::terms::map::get(t, Term::atom(atom::intern_str("size")))?;
        return usize::try_from(size.as_small()?).ok();
    }
    None
}

fn parse_spawn_opts(mut list: Term) -> Result<SpawnOpts, Exception> {
    let mut o = SpawnOpts::default();
    while let Some((opt, rest)) = list.as_cons() {
        list = rest;
        if let Some(a) = opt.as_atom() {
            match a {
                atom::LINK => o.link = true,
                atom::MONITOR => o.monitor = true,
                _ => return badarg(),
            }
            continue;
        }
        let Some(&[key, value]) = opt.as_tuple() else {
            return badarg();
        };
        match key.as_atom() {
            Some(atom::MIN_HEAP_SIZE) => {
                o.min_heap = value
                    .as_small()
                    .and_then(|n| usize::try_from(n).ok())
                    .ok_or_else(Exception::badarg)?
            }
            Some(atom::MAX_HEAP_SIZE) => {
                o.max_heap = parse_max_heap(value).ok_or_else(Exception::badarg)?
            }
            Some(atom::PRIORITY) => {
                o.priority = parse_priority(value).ok_or_else(Exception::badarg)?
            }
            Some(atom::MONITOR) => o.monitor = true,
            // Tuning options OTP accepts that change nothing here.
            Some(_) => {}
            None => return badarg(),
        }
    }
    if !list.is_nil() {
        return badarg();
    }
    Ok(o)
}

/// Start a process that calls `m:f` with the elements of `argv` (or `erlang:apply(Fun, [])`).
/// Returns the pid and, with `monitor`, the monitor reference number.
fn spawn_call(
    parent: &mut Process,
    m: Atom,
    f: Atom,
    argv: &[Term],
    opts: &SpawnOpts,
) -> Result<(Term, Option<u64>), Exception> {
    let id = process_table::new_id().ok_or_else(Exception::system_limit)?;
    let mut child = Process::new(id, opts.min_heap);
    child.heap.stress = parent.heap.stress;
    child.max_heap_words = opts.max_heap;
    child.inbox.set_priority(opts.priority);
    child.group_leader = parent.group_leader;
    for &a in argv {
        let c = copy::copy(a, &parent.heap);
        child.saved_x.push(c.term);
        child.heap.adopt(c.arena);
    }
    // Its first act is the call itself (resolved then, so an undefined function makes the child,
    // not the parent, fail with `undef`, as in OTP).
    child.pending_call = Some((m, f, argv.len() as u32));
    child.initial_call = (m, f, argv.len() as u32);
    child.pc = CodePtr {
        module: 0,
        offset: 0,
    };
    child.cp = Term::NON_VALUE;
    if module::by_index(0).is_none() {
        return Err(Exception::badarg());
    }
    if opts.link {
        child.add_link(parent.pid);
        parent.add_link(child.pid);
    }
    let mut monitor = None;
    if opts.monitor {
        let n = next_ref_number();
        child.monitored_by.insert(n, parent.pid);
        parent.add_monitor(MonitorEntry {
            reference: n,
            target: child.pid,
            name: None,
            alias_until_down: false,
        });
        monitor = Some(n);
    }
    Ok((scheduler::start_process(child), monitor))
}

/// The arguments of spawn*/1 (a fun) or spawn*/3 (M, F, Args), as a call.
fn spawn_target(args: &[Term]) -> Result<(Atom, Atom, Vec<Term>), Exception> {
    match args {
        [fun, ..] if args.len() == 1 || args.len() == 2 => {
            if !fun.is_function() {
                return badarg();
            }
            Ok((atom::ERLANG, atom::APPLY, vec![*fun, Term::NIL]))
        }
        [m, f, a, ..] => {
            let (Some(m), Some(f)) = (m.as_atom(), f.as_atom()) else {
                return badarg();
            };
            let n = proper_length(*a).ok_or_else(Exception::badarg)?;
            if n > 255 {
                return badarg();
            }
            let mut v = Vec::with_capacity(n);
            let mut l = *a;
            while let Some((h, t)) = l.as_cons() {
                v.push(h);
                l = t;
            }
            Ok((m, f, v))
        }
        _ => badarg(),
    }
}

fn spawn_with(ctx: &mut Ctx, args: &mut [Term], opts: SpawnOpts) -> BifResult {
    let (m, f, argv) = spawn_target(args)?;
    let (pid, monitor) = spawn_call(ctx.proc, m, f, &argv, &opts)?;
    match monitor {
        None => Ok(pid),
        Some(n) => {
            let mut r = ctx.reserve(REF_WORDS + words::tuple(2), args);
            let reference = build_ref(&mut r, n);
            Ok(r.tuple(&[pid, reference]))
        }
    }
}

fn spawn(ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    spawn_with(ctx, args, SpawnOpts::default())
}

fn spawn_link(ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    let opts = SpawnOpts {
        link: true,
        ..SpawnOpts::default()
    };
    spawn_with(ctx, args, opts)
}

fn spawn_monitor(ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    let opts = SpawnOpts {
        monitor: true,
        ..SpawnOpts::default()
    };
    spawn_with(ctx, args, opts)
}

fn spawn_opt(ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    let opts = parse_spawn_opts(args[args.len() - 1])?;
    spawn_with(ctx, args, opts)
}

/// The forms that name a node first (`spawn(Node, Fun)`, `spawn_opt(Node, M, F, A, Opts)`,
/// ...): this VM has one node, so Node must be `node()`.
fn on_this_node(ctx: &mut Ctx, args: &mut [Term], f: crate::code::native::BifFn) -> BifResult {
    if args[0] != Term::atom(crate::terms::local_node::name()) {
        return badarg();
    }
    f(ctx, &mut args[1..])
}

fn spawn_node(ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    on_this_node(ctx, args, spawn)
}

fn spawn_link_node(ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    on_this_node(ctx, args, spawn_link)
}

fn spawn_monitor_node(ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    on_this_node(ctx, args, spawn_monitor)
}

fn spawn_opt_node(ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    on_this_node(ctx, args, spawn_opt)
}

// ---- links and exit signals ----

fn pid_arg(t: Term) -> Result<Term, Exception> {
    if t.is_local_pid() {
        Ok(t)
    } else {
        badarg()
    }
}

/// An exit signal from `from` to the caller itself, queued like any other signal.
fn signal_self(proc: &mut Process, s: Signal) {
    // The caller's own inbox is open while it runs; it is never put on a queue from here.
    let _ = proc.inbox.push(s);
}

fn link(ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    if args[0].is_box_of(BoxKind::ExternalPid) {
        return crate::natives::dist::link(ctx, args[0]);
    }
    let pid = pid_arg(args[0])?;
    let me = ctx.proc.pid;
    if pid == me || ctx.proc.links.contains(&pid) {
        return Ok(Term::boolean(true));
    }
    ctx.proc.add_link(pid);
    if let Err(_gone) = process_table::send_signal(pid, Signal::Link { from: me }) {
        // Linking to a dead process: an exit signal `noproc` comes back over the new link.
        let reason = copy::copy_with_room(
            Term::atom(atom::NOPROC),
            &ctx.proc.heap,
            signal::NOTICE_WORDS,
        );
        signal_self(
            ctx.proc,
            Signal::Exit {
                from: pid,
                reason,
                linked: true,
            },
        );
    }
    Ok(Term::boolean(true))
}

fn unlink(ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    if args[0].is_box_of(BoxKind::ExternalPid) {
        return crate::natives::dist::unlink(ctx, args[0]);
    }
    let pid = pid_arg(args[0])?;
    if ctx.proc.links.contains(&pid) {
        ctx.proc.links.remove(&pid);
        let _ = process_table::send_signal(pid, Signal::Unlink { from: ctx.proc.pid });
    }
    Ok(Term::boolean(true))
}

fn exit2(ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    let (target, reason) = (args[0], args[1]);
    let pid = if target.is_local_pid() {
        target
    } else if target.is_box_of(BoxKind::ExternalPid) {
        return crate::natives::dist::exit2(ctx, target, reason);
    } else if ref_number(target).is_some() || target.is_local_port() {
        return Ok(Term::boolean(true));
    } else {
        return badarg();
    };
    let me = ctx.proc.pid;
    let copied = copy::copy_with_room(reason, &ctx.proc.heap, signal::NOTICE_WORDS);
    let s = Signal::Exit {
        from: me,
        reason: copied,
        linked: false,
    };
    if pid == me {
        // Handled before the process goes on, as OTP does for a signal to itself.
        signal_self(ctx.proc, s);
        ctx.proc.control = Control::Yield;
    } else {
        let _ = process_table::send_signal(pid, s);
    }
    Ok(Term::boolean(true))
}

// ---- monitors ----

struct MonitorOpts {
    alias: Option<Atom>,
}

fn parse_monitor_opts(mut list: Term) -> Result<MonitorOpts, Exception> {
    let mut o = MonitorOpts { alias: None };
    while let Some((opt, rest)) = list.as_cons() {
        list = rest;
        match opt.as_tuple() {
            Some(&[k, v]) if k == Term::atom(atom::ALIAS) => match v.as_atom() {
                Some(a @ (atom::EXPLICIT_UNALIAS | atom::DEMONITOR | atom::REPLY_DEMONITOR)) => {
                    o.alias = Some(a)
                }
                _ => return badarg(),
            },
            Some(&[k, _]) if k == Term::atom(atom::intern_str("tag")) => {}
            _ => return badarg(),
        }
    }
    if !list.is_nil() {
        return badarg();
    }
    Ok(o)
}

fn monitor_with(ctx: &mut Ctx, args: &mut [Term], opts: MonitorOpts) -> BifResult {
    if args[0] != Term::atom(atom::PROCESS) {
        return badarg();
    }
    let item = args[1];
    if let Some(node) = remote_node(item) {
        let n = next_ref_number();
        if opts.alias.is_some() {
            process_table::alias(n, ctx.proc.pid);
        }
        let until_down = matches!(opts.alias, Some(atom::DEMONITOR | atom::REPLY_DEMONITOR));
        crate::natives::dist::monitor(ctx.proc, item, node, n, until_down);
        return Ok(new_ref(ctx, args, n));
    }
    let (pid, name) = if item.is_local_pid() {
        (Some(item), None)
    } else if let Some(n) = item.as_atom() {
        (process_table::whereis(n), Some(n))
    } else if let Some(&[n, node]) = item.as_tuple() {
        match (n.as_atom(), node.as_atom()) {
            (Some(n), Some(nd)) if nd == crate::terms::local_node::name() => {
                (process_table::whereis(n), Some(n))
            }
            _ => return badarg(),
        }
    } else {
        return badarg();
    };
    let n = next_ref_number();
    let me = ctx.proc.pid;
    if let Some(a) = opts.alias {
        process_table::alias(n, me);
        let _ = a;
    }
    let target = pid.unwrap_or(Term::NIL);
    // A process monitoring itself gets a reference and nothing else, as in OTP: no entry, so
    // `demonitor(Ref, [info])` says false and process_info shows no monitor.
    if pid != Some(me) {
        ctx.proc.add_monitor(MonitorEntry {
            reference: n,
            target,
            name,
            alias_until_down: opts.alias == Some(atom::DEMONITOR)
                || opts.alias == Some(atom::REPLY_DEMONITOR),
        });
    }
    let delivered = match pid {
        Some(p) if p == me => Ok(()),
        Some(p) => process_table::send_signal(
            p,
            Signal::Monitor {
                from: me,
                reference: n,
                name,
            },
        )
        .map_err(|_| ()),
        None => Err(()),
    };
    if delivered.is_err() {
        let reason = copy::copy_with_room(
            Term::atom(atom::NOPROC),
            &ctx.proc.heap,
            signal::NOTICE_WORDS,
        );
        signal_self(
            ctx.proc,
            Signal::Down {
                from: target,
                reference: n,
                reason,
                name,
            },
        );
    }
    Ok(new_ref(ctx, args, n))
}

/// The node of a remote monitor target: an external pid or `{Name, Node}` of another node.
fn remote_node(item: Term) -> Option<Atom> {
    if item.is_box_of(BoxKind::ExternalPid) {
        return Term::from_raw(item.payload()[0]).as_atom();
    }
    match item.as_tuple() {
        Some(&[n, node]) if n.is_atom() => node
            .as_atom()
            .filter(|&nd| nd != crate::terms::local_node::name()),
        _ => None,
    }
}

fn monitor2(ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    monitor_with(ctx, args, MonitorOpts { alias: None })
}

fn monitor3(ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    let opts = parse_monitor_opts(args[2])?;
    monitor_with(ctx, args, opts)
}

fn demonitor_with(ctx: &mut Ctx, reference: Term, flush: bool, info: bool) -> BifResult {
    let n = ref_number(reference).ok_or_else(Exception::badarg)?;
    let proc = &mut *ctx.proc;
    let found = match proc.monitors.remove(&n) {
        Some(m) => {
            if m.alias_until_down {
                process_table::unalias(n);
            }
            if let Some(node) = m.target.as_atom() {
                crate::natives::dist::demonitor(proc.pid, n, node);
            } else {
                let _ = process_table::send_signal(m.target, Signal::Demonitor { reference: n });
            }
            true
        }
        None => false,
    };
    if flush {
        if let signal::Fate::Dies(reason) = signal::drain(proc) {
            proc.control = Control::Die(reason);
            return Ok(Term::boolean(true));
        }
        proc.mailbox.remove_where(|m| is_down_for(m, n));
    }
    Ok(Term::boolean(!info || found))
}

fn is_down_for(m: &Copied, n: u64) -> bool {
    matches!(m.term.as_tuple(), Some(&[tag, r, _, _, _])
        if tag == Term::atom(atom::DOWN) && ref_number(r) == Some(n))
}

fn demonitor1(ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    demonitor_with(ctx, args[0], false, false)
}

fn demonitor2(ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    let (mut flush, mut info) = (false, false);
    let mut l = args[1];
    while let Some((o, rest)) = l.as_cons() {
        match o.as_atom() {
            Some(atom::FLUSH) => flush = true,
            Some(atom::INFO) => info = true,
            _ => return badarg(),
        }
        l = rest;
    }
    if !l.is_nil() {
        return badarg();
    }
    demonitor_with(ctx, args[0], flush, info)
}

// ---- aliases ----

fn alias0(ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    let n = next_ref_number();
    process_table::alias(n, ctx.proc.pid);
    Ok(new_ref(ctx, args, n))
}

fn alias1(ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    parse_alias_opts(args[0])?;
    alias0(ctx, args)
}

fn parse_alias_opts(mut l: Term) -> Result<(), Exception> {
    while let Some((o, rest)) = l.as_cons() {
        match o.as_atom() {
            Some(atom::EXPLICIT_UNALIAS | atom::REPLY) => {}
            _ => return badarg(),
        }
        l = rest;
    }
    if l.is_nil() {
        Ok(())
    } else {
        badarg()
    }
}

fn unalias(ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    let n = ref_number(args[0]).ok_or_else(Exception::badarg)?;
    let mine = process_table::alias_target(n) == Some(ctx.proc.pid);
    Ok(Term::boolean(mine && process_table::unalias(n)))
}

// ---- registered names, liveness ----

fn register(ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    let Some(name) = args[0].as_atom() else {
        return badarg();
    };
    let pid = pid_arg(args[1])?;
    if name == atom::UNDEFINED {
        return badarg();
    }
    let alive = pid == ctx.proc.pid || process_table::lookup(pid).is_some();
    if !alive || !process_table::register(name, pid) {
        return badarg();
    }
    Ok(Term::boolean(true))
}

fn unregister(_ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    let name = args[0].as_atom().ok_or_else(Exception::badarg)?;
    process_table::unregister(name).ok_or_else(Exception::badarg)?;
    Ok(Term::boolean(true))
}

fn whereis(_ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    let name = args[0].as_atom().ok_or_else(Exception::badarg)?;
    Ok(process_table::whereis(name).unwrap_or(Term::atom(atom::UNDEFINED)))
}

fn registered(ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    let names = process_table::registered();
    let mut r = ctx.reserve(words::list(names.len()), args);
    let items: Vec<Term> = names.into_iter().map(Term::atom).collect();
    Ok(r.list_from(&items, Term::NIL))
}

fn is_process_alive(ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    let pid = pid_arg(args[0])?;
    Ok(Term::boolean(
        pid == ctx.proc.pid || process_table::lookup(pid).is_some(),
    ))
}

fn processes(ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    let pids = process_table::all_pids();
    let mut r = ctx.reserve(words::list(pids.len()), args);
    Ok(r.list_from(&pids, Term::NIL))
}

/// `erlang:processes_iterator/0` (OTP 28): here the list of the processes alive now, which
/// `processes_next/1` walks (processes created later are not seen, as OTP allows).
fn processes_iterator(ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    processes(ctx, args)
}

/// `erlang:processes_next(Iter)`: `{Pid, Iter1}` or `none`.
fn processes_next(ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    if args[0].is_nil() {
        return Ok(Term::atom(atom::intern_str("none")));
    }
    match args[0].as_cons() {
        Some((p, _)) if p.is_pid() => {}
        _ => return Err(Exception::badarg()),
    }
    let mut r = ctx.reserve(words::tuple(2), args);
    let (p, rest) = args[0].as_cons().unwrap_or((Term::NIL, Term::NIL));
    Ok(r.tuple(&[p, rest]))
}

fn group_leader0(ctx: &mut Ctx, _args: &mut [Term]) -> BifResult {
    Ok(ctx.proc.group_leader)
}

fn group_leader2(ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    let (leader, pid) = (pid_arg(args[0])?, pid_arg(args[1])?);
    if pid == ctx.proc.pid {
        ctx.proc.group_leader = leader;
        return Ok(Term::boolean(true));
    }
    let cell = process_table::lookup(pid).ok_or_else(Exception::badarg)?;
    let done = match cell.body.try_lock() {
        Some(mut other) => {
            other.group_leader = leader;
            true
        }
        None => false,
    };
    if !done {
        ctx.proc.control = Control::Retry;
    }
    Ok(Term::boolean(true))
}

// ---- flags, yield, halt ----

fn process_flag(ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    let (flag, value) = (args[0], args[1]);
    let proc = &mut *ctx.proc;
    match flag.as_atom() {
        Some(atom::TRAP_EXIT) => {
            let b = match value.as_atom() {
                Some(atom::TRUE) => true,
                Some(atom::FALSE) => false,
                _ => return badarg(),
            };
            Ok(Term::boolean(std::mem::replace(&mut proc.trap_exit, b)))
        }
        Some(atom::PRIORITY) => {
            let p = parse_priority(value).ok_or_else(Exception::badarg)?;
            let old = proc.inbox.priority();
            proc.inbox.set_priority(p);
            Ok(priority_atom(old))
        }
        Some(atom::MIN_HEAP_SIZE) => {
            let n = value
                .as_small()
                .and_then(|n| usize::try_from(n).ok())
                .ok_or_else(Exception::badarg)?;
            let old = std::mem::replace(
                &mut proc.heap.min_words,
                n.max(crate::terms::heap::MIN_HEAP_WORDS),
            );
            Ok(Term::small(old as isize))
        }
        Some(atom::MAX_HEAP_SIZE) => {
            let n = parse_max_heap(value).ok_or_else(Exception::badarg)?;
            let old = std::mem::replace(&mut proc.max_heap_words, n);
            Ok(Term::small(old as isize))
        }
        _ => badarg(),
    }
}

fn yield0(ctx: &mut Ctx, _args: &mut [Term]) -> BifResult {
    ctx.proc.control = Control::Yield;
    Ok(Term::boolean(true))
}

fn halt0(ctx: &mut Ctx, _args: &mut [Term]) -> BifResult {
    ctx.proc.control = Control::Halt(0);
    Ok(Term::boolean(true))
}

fn halt1(ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    let status = match args[0] {
        t if t.as_small().is_some_and(|n| n >= 0) => t.as_small().unwrap_or(0).min(255) as i32,
        t if t.as_atom() == Some(atom::ABORT) => 134,
        t if proper_length(t).is_some() => {
            // halt("message"): the message goes to stderr, status 1.
            let mut text = String::new();
            let mut l = t;
            while let Some((c, rest)) = l.as_cons() {
                if let Some(ch) = c.as_small().and_then(|c| char::from_u32(c as u32)) {
                    text.push(ch);
                }
                l = rest;
            }
            text.push('\n');
            crate::platform::get().write_stderr(text.as_bytes());
            1
        }
        _ => return badarg(),
    };
    ctx.proc.control = Control::Halt(status);
    Ok(Term::boolean(true))
}

fn halt2(ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    halt1(ctx, &mut args[..1])
}

// ---- sending ----

fn send2(ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    receive::send(ctx.proc, args[0], args[1])?;
    Ok(args[1])
}

fn send3(ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    receive::send(ctx.proc, args[0], args[1])?;
    Ok(Term::atom(atom::OK))
}

/// `send_nosuspend/2,3`: a local send never suspends the sender, so it always succeeds.
fn send_nosuspend(ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    if let Some(opts) = args.get(2) {
        if proper_length(*opts).is_none() {
            return badarg();
        }
    }
    receive::send(ctx.proc, args[0], args[1])?;
    Ok(Term::atom(atom::TRUE))
}

// ---- timers ----

/// A timer's time argument: milliseconds from now, or an absolute monotonic time in ms.
fn timer_deadline(time: Term, abs: bool) -> Result<u64, Exception> {
    let now = crate::platform::get().monotonic_ns();
    let ms = time.as_small().ok_or_else(Exception::badarg)?;
    if abs {
        // Erlang monotonic time here is the platform's monotonic clock in nanoseconds.
        return Ok((ms.max(0) as u64).saturating_mul(1_000_000));
    }
    if ms < 0 {
        return badarg();
    }
    Ok(now.saturating_add((ms as u64).saturating_mul(1_000_000)))
}

fn parse_abs(mut l: Term) -> Result<bool, Exception> {
    let mut abs = false;
    while let Some((o, rest)) = l.as_cons() {
        match o.as_tuple() {
            Some(&[k, v]) if k == Term::atom(atom::ABS) && v.is_boolean() => {
                abs = v == Term::boolean(true)
            }
            _ => return badarg(),
        }
        l = rest;
    }
    if !l.is_nil() {
        return badarg();
    }
    Ok(abs)
}

fn start_timer_with(ctx: &mut Ctx, args: &mut [Term], wrap: bool, abs: bool) -> BifResult {
    let deadline = timer_deadline(args[0], abs)?;
    let dest = args[1];
    if !dest.is_local_pid() && !dest.is_atom() {
        return badarg();
    }
    let n = next_ref_number();
    let mut msg = copy::copy_with_room(args[2], &ctx.proc.heap, words::tuple(3) + REF_WORDS);
    if wrap {
        let r = build_ref(&mut msg.arena, n);
        msg.term = msg.arena.tuple(&[Term::atom(atom::TIMEOUT), r, msg.term]);
    }
    timer::start(n, deadline, timer::Action::Send { dest, msg });
    Ok(new_ref(ctx, args, n))
}

fn send_after3(ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    start_timer_with(ctx, args, false, false)
}
fn send_after4(ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    let abs = parse_abs(args[3])?;
    start_timer_with(ctx, args, false, abs)
}
fn start_timer3(ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    start_timer_with(ctx, args, true, false)
}
fn start_timer4(ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    let abs = parse_abs(args[3])?;
    start_timer_with(ctx, args, true, abs)
}

/// Milliseconds left until `deadline`, as OTP reports them.
fn ms_left(deadline: u64) -> Term {
    let now = crate::platform::get().monotonic_ns();
    Term::small((deadline.saturating_sub(now) / 1_000_000) as isize)
}

/// Options `{async, Bool}` and `{info, Bool}` of cancel_timer/2 and read_timer/2.
fn parse_timer_opts(mut l: Term) -> Result<(bool, bool), Exception> {
    let (mut is_async, mut info) = (false, true);
    while let Some((o, rest)) = l.as_cons() {
        match o.as_tuple() {
            Some(&[k, v]) if v.is_boolean() && k == Term::atom(atom::ASYNC) => {
                is_async = v == Term::boolean(true)
            }
            Some(&[k, v]) if v.is_boolean() && k == Term::atom(atom::INFO) => {
                info = v == Term::boolean(true)
            }
            _ => return badarg(),
        }
        l = rest;
    }
    if !l.is_nil() {
        return badarg();
    }
    Ok((is_async, info))
}

fn timer_op(ctx: &mut Ctx, args: &mut [Term], cancel: bool, opts: (bool, bool)) -> BifResult {
    let n = ref_number(args[0]).ok_or_else(Exception::badarg)?;
    let deadline = if cancel {
        timer::cancel(n)
    } else {
        timer::deadline(n)
    };
    let result = match deadline {
        Some(d) => ms_left(d),
        None => Term::boolean(false),
    };
    let (is_async, info) = opts;
    if is_async {
        if info {
            // {cancel_timer | read_timer, TRef, Result} to the caller.
            let tag = if cancel {
                atom::CANCEL_TIMER
            } else {
                atom::READ_TIMER
            };
            let mut r = ctx.reserve(words::tuple(3), args);
            let msg = r.tuple(&[Term::atom(tag), args[0], result]);
            receive::deliver(ctx.proc, ctx.proc.pid, msg);
        }
        return Ok(Term::atom(atom::OK));
    }
    if !info {
        return Ok(Term::atom(atom::OK));
    }
    Ok(result)
}

fn cancel_timer1(ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    timer_op(ctx, args, true, (false, true))
}
fn cancel_timer2(ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    let opts = parse_timer_opts(args[1])?;
    timer_op(ctx, args, true, opts)
}
fn read_timer1(ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    timer_op(ctx, args, false, (false, true))
}
fn read_timer2(ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    let opts = parse_timer_opts(args[1])?;
    timer_op(ctx, args, false, opts)
}

pub static BIFS: &[BifEntry] = &[
    BifEntry::erlang("spawn", 1, spawn),
    BifEntry::erlang("spawn", 3, spawn),
    BifEntry::erlang("spawn_link", 1, spawn_link),
    BifEntry::erlang("spawn_link", 3, spawn_link),
    BifEntry::erlang("spawn_monitor", 1, spawn_monitor),
    BifEntry::erlang("spawn_monitor", 3, spawn_monitor),
    BifEntry::erlang("spawn_opt", 2, spawn_opt),
    BifEntry::erlang("spawn_opt", 4, spawn_opt),
    BifEntry::erlang("spawn", 2, spawn_node),
    BifEntry::erlang("spawn", 4, spawn_node),
    BifEntry::erlang("spawn_link", 2, spawn_link_node),
    BifEntry::erlang("spawn_link", 4, spawn_link_node),
    BifEntry::erlang("spawn_monitor", 2, spawn_monitor_node),
    BifEntry::erlang("spawn_monitor", 4, spawn_monitor_node),
    BifEntry::erlang("spawn_opt", 3, spawn_opt_node),
    BifEntry::erlang("spawn_opt", 5, spawn_opt_node),
    BifEntry::erlang("link", 1, link),
    BifEntry::erlang("unlink", 1, unlink),
    BifEntry::erlang("exit", 2, exit2),
    BifEntry::erlang("monitor", 2, monitor2),
    BifEntry::erlang("monitor", 3, monitor3),
    BifEntry::erlang("demonitor", 1, demonitor1),
    BifEntry::erlang("demonitor", 2, demonitor2),
    BifEntry::erlang("alias", 0, alias0),
    BifEntry::erlang("alias", 1, alias1),
    BifEntry::erlang("unalias", 1, unalias),
    BifEntry::erlang("register", 2, register),
    BifEntry::erlang("unregister", 1, unregister),
    BifEntry::erlang("whereis", 1, whereis),
    BifEntry::erlang("registered", 0, registered),
    BifEntry::erlang("is_process_alive", 1, is_process_alive),
    BifEntry::erlang("processes", 0, processes),
    BifEntry::erlang("processes_iterator", 0, processes_iterator),
    BifEntry::erlang("processes_next", 1, processes_next),
    BifEntry::erlang("group_leader", 0, group_leader0),
    BifEntry::erlang("group_leader", 2, group_leader2),
    BifEntry::erlang("process_flag", 2, process_flag),
    BifEntry::erlang("yield", 0, yield0),
    BifEntry::erlang("halt", 0, halt0),
    BifEntry::erlang("halt", 1, halt1),
    BifEntry::erlang("halt", 2, halt2),
    BifEntry::erlang("send", 2, send2),
    BifEntry::erlang("!", 2, send2),
    BifEntry::erlang("send", 3, send3),
    BifEntry::erlang("send_nosuspend", 2, send_nosuspend),
    BifEntry::erlang("send_nosuspend", 3, send_nosuspend),
    BifEntry::erlang("send_after", 3, send_after3),
    BifEntry::erlang("send_after", 4, send_after4),
    BifEntry::erlang("start_timer", 3, start_timer3),
    BifEntry::erlang("start_timer", 4, start_timer4),
    BifEntry::erlang("cancel_timer", 1, cancel_timer1),
    BifEntry::erlang("cancel_timer", 2, cancel_timer2),
    BifEntry::erlang("read_timer", 1, read_timer1),
    BifEntry::erlang("read_timer", 2, read_timer2),
];

// ---- process_info ----

/// Items `process_info/1` reports, in OTP's order (those this VM has).
const DEFAULT_ITEMS: &[Atom] = &[
    atom::CURRENT_FUNCTION,
    atom::INITIAL_CALL,
    atom::STATUS,
    atom::MESSAGE_QUEUE_LEN,
    atom::LINKS,
    atom::DICTIONARY,
    atom::TRAP_EXIT,
    atom::PRIORITY,
    atom::GROUP_LEADER,
    atom::TOTAL_HEAP_SIZE,
    atom::HEAP_SIZE,
    atom::STACK_SIZE,
    atom::REDUCTIONS,
];

/// One item's value, described before anything is built (so the heap need is known first).
enum Info {
    Imm(Term),
    /// A list of immediates.
    List(Vec<Term>),
    /// `{M, F, A}`.
    Mfa(Atom, Atom, u32),
    /// `[{process, Pid} | {process, {Name, Node}}]`.
    Monitors(Vec<(Term, Option<Atom>)>),
    /// Terms to copy from the inspected process: each from its own source.
    Copies(Vec<Copied>),
    /// `process_info(P, registered_name)` of a process without a name: `[]` alone.
    NoName,
}

impl Info {
    fn words(&self) -> usize {
        match self {
            Info::Imm(_) | Info::NoName => 0,
            Info::List(v) => words::list(v.len()),
            Info::Mfa(..) => words::tuple(3),
            Info::Monitors(v) => {
                v.iter()
                    .map(|(_, n)| words::tuple(2) + if n.is_some() { words::tuple(2) } else { 0 })
                    .sum::<usize>()
                    + words::list(v.len())
            }
            Info::Copies(v) => {
                v.iter().map(|c| c.arena.words()).sum::<usize>() + words::list(v.len())
            }
        }
    }

    fn build<A: Alloc + ?Sized>(&self, a: &mut A) -> Term {
        match self {
            Info::Imm(t) => *t,
            Info::NoName => Term::NIL,
            Info::List(v) => a.list_from(v, Term::NIL),
            Info::Mfa(m, f, n) => {
                a.tuple(&[Term::atom(*m), Term::atom(*f), Term::small(*n as isize)])
            }
            Info::Monitors(v) => {
                let items: Vec<Term> = v
                    .iter()
                    .map(|&(pid, name)| {
                        let who = match name {
                            Some(n) => a.tuple(&[
                                Term::atom(n),
                                Term::atom(crate::terms::local_node::name()),
                            ]),
                            None => pid,
                        };
                        a.tuple(&[Term::atom(atom::PROCESS), who])
                    })
                    .collect();
                a.list_from(&items, Term::NIL)
            }
            Info::Copies(v) => {
                let items: Vec<Term> = v
                    .iter()
                    .map(|c| copy::copy_into(a, c.term, &c.arena))
                    .collect();
                a.list_from(&items, Term::NIL)
            }
        }
    }
}

/// The function a process is in: for the caller itself the one that called process_info.
fn current_function(p: &Process, is_self: bool) -> Info {
    let at = if is_self && !p.cp.is_non_value() {
        CodePtr::decode(p.cp)
    } else {
        p.pc
    };
    module::by_index(at.module)
        .and_then(|m| m.function_at(at.offset).map(|f| (m.name, f.name, f.arity)))
        .map(|(m, f, a)| Info::Mfa(m, f, a))
        .unwrap_or(Info::Imm(Term::atom(atom::UNDEFINED)))
}

fn info_item(p: &Process, is_self: bool, item: Atom, alone: bool) -> Result<Info, Exception> {
    let words_of_queue: usize = p.mailbox.iter().map(|m| m.arena.words()).sum();
    Ok(match item {
        atom::HEAP_SIZE => Info::Imm(Term::small(p.heap.capacity() as isize)),
        atom::TOTAL_HEAP_SIZE => {
            Info::Imm(Term::small((p.heap.capacity() + words_of_queue) as isize))
        }
        atom::STACK_SIZE => Info::Imm(Term::small(p.stack.len() as isize)),
        atom::MESSAGE_QUEUE_LEN => Info::Imm(Term::small(
            (p.mailbox.len() + p.inbox.message_count()) as isize,
        )),
        atom::MESSAGES => Info::Copies(
            p.mailbox
                .iter()
                .map(|m| copy::copy(m.term, &m.arena))
                .collect(),
        ),
        atom::LINKS => Info::List(p.links.keys().collect()),
        atom::MONITORS => Info::Monitors(p.monitors.values().map(|m| (m.target, m.name)).collect()),
        atom::MONITORED_BY => Info::List(p.monitored_by.values().copied().collect()),
        atom::DICTIONARY => {
            // Pairs are copied out as {Key, Value} tuples built in a scratch arena.
            let mut pairs = Vec::new();
            for kv in p.dict.chunks(2) {
                if let [k, v] = kv {
                    let mut arena = crate::terms::heap::Arena::new();
                    let kc = copy::copy_into(&mut arena, *k, &p.heap);
                    let vc = copy::copy_into(&mut arena, *v, &p.heap);
                    let t = arena.tuple(&[kc, vc]);
                    pairs.push(copy::copy(t, &arena));
                }
            }
            Info::Copies(pairs)
        }
        atom::REGISTERED_NAME => match process_table::name_of(p.pid) {
            Some(n) => Info::Imm(Term::atom(n)),
            None if alone => Info::NoName,
            None => Info::List(Vec::new()),
        },
        atom::STATUS => Info::Imm(Term::atom(if is_self {
            atom::RUNNING
        } else {
            match p.inbox.state.load(std::sync::atomic::Ordering::Acquire) {
                signal::WAITING => atom::WAITING,
                signal::EXITED => atom::EXITING,
                signal::RUNNING | signal::NOTIFIED => atom::RUNNING,
                _ => atom::RUNNABLE,
            }
        })),
        atom::TRAP_EXIT => Info::Imm(Term::boolean(p.trap_exit)),
        atom::CURRENT_FUNCTION => current_function(p, is_self),
        atom::INITIAL_CALL => Info::Mfa(p.initial_call.0, p.initial_call.1, p.initial_call.2),
        atom::REDUCTIONS => Info::Imm(Term::small(p.reductions.min(1 << 26) as isize)),
        atom::MEMORY => Info::Imm(Term::small(p.memory_bytes() as isize)),
        atom::GROUP_LEADER => Info::Imm(p.group_leader),
        atom::PRIORITY => Info::Imm(priority_atom(p.inbox.priority())),
        // Undefined functions always go to OTP's default handler module (Elixir's `Code` asks).
        _ if atom::name(item) == b"error_handler" => Info::Imm(Term::atom(item)),
        _ => return badarg(),
    })
}

/// `process_info(Pid, Item | [Item])`, or `/1` with `items` = None.
fn process_info_with(ctx: &mut Ctx, args: &mut [Term], items: Option<Term>) -> BifResult {
    let pid = pid_arg(args[0])?;
    // Which items, and whether the answer is a single tuple.
    let (list, single) = match items {
        None => (DEFAULT_ITEMS.to_vec(), false),
        Some(t) if t.is_atom() => (vec![t.atom_index()], true),
        Some(t) => {
            let mut v = Vec::new();
            let mut l = t;
            while let Some((i, rest)) = l.as_cons() {
                v.push(i.as_atom().ok_or_else(Exception::badarg)?);
                l = rest;
            }
            if !l.is_nil() {
                return badarg();
            }
            (v, false)
        }
    };
    let infos: Vec<(Atom, Info)> = if pid == ctx.proc.pid {
        if list.contains(&atom::MESSAGES) {
            if let signal::Fate::Dies(reason) = signal::drain(ctx.proc) {
                ctx.proc.control = Control::Die(reason);
                return Ok(Term::atom(atom::UNDEFINED));
            }
        }
        let mut v = Vec::new();
        for &i in &list {
            v.push((i, info_item(ctx.proc, true, i, single)?));
        }
        v
    } else {
        let Some(cell) = process_table::lookup(pid) else {
            // A dead process: `undefined` (after checking the items are valid).
            for &i in &list {
                if i != atom::REGISTERED_NAME {
                    info_item(ctx.proc, true, i, single)?;
                }
            }
            return Ok(Term::atom(atom::UNDEFINED));
        };
        let guard = cell.body.try_lock();
        let Some(mut other) = guard else {
            // It is running right now on another scheduler: ask again after a while.
            ctx.proc.control = Control::Retry;
            return Ok(Term::NIL);
        };
        // Signals sent to it before this call are seen in the answer, as in OTP (which asks the
        // process itself, in signal order).
        if let signal::Fate::Dies(reason) = signal::drain(&mut other) {
            scheduler::end_process(&mut other, reason);
            return Ok(Term::atom(atom::UNDEFINED));
        }
        let mut v = Vec::new();
        for &i in &list {
            v.push((i, info_item(&other, false, i, single)?));
        }
        v
    };
    let need: usize = infos
        .iter()
        .map(|(_, i)| i.words() + words::tuple(2))
        .sum::<usize>()
        + words::list(infos.len());
    let mut r = ctx.reserve(need, args);
    if single {
        let (item, info) = &infos[0];
        if let Info::NoName = info {
            return Ok(Term::NIL);
        }
        let v = info.build(&mut r);
        return Ok(r.tuple(&[Term::atom(*item), v]));
    }
    let mut out = Vec::with_capacity(infos.len());
    for (item, info) in &infos {
        let v = info.build(&mut r);
        out.push(r.tuple(&[Term::atom(*item), v]));
    }
    Ok(r.list_from(&out, Term::NIL))
}

fn process_info1(ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    process_info_with(ctx, args, None)
}

fn process_info2(ctx: &mut Ctx, args: &mut [Term]) -> BifResult {
    let items = args[1];
    process_info_with(ctx, args, Some(items))
}

pub static INFO_BIFS: &[BifEntry] = &[
    BifEntry::erlang("process_info", 1, process_info1),
    BifEntry::erlang("process_info", 2, process_info2),
];
