%% Purpose: links, exit propagation (normal, kill -> killed, other reasons), trap_exit, monitors with noproc, demonitor flush/info, spawn_link/spawn_monitor, exit/2, aliases.
-module(proc_signals).
-export([start/0]).
%% expect: {normal,boom,{oops,true},killed,true,true,chain_end,done,noproc,{{no_such_registered_name,nonode@nohost},noproc},[true,false,no_down,true,flushed],unlinked,noproc,ok,dropped,question,normal}
%% smp_repeat: 5

start() ->
    process_flag(trap_exit, true),
    %% a linked process exiting normally: trapped as {'EXIT', P, normal}
    P1 = spawn_link(fun() -> ok end),
    A = receive {'EXIT', P1, R1} -> R1 end,
    %% crash reason travels over the link
    P2 = spawn_link(fun() -> exit(boom) end),
    B = receive {'EXIT', P2, R2} -> R2 end,
    %% an error: {Reason, Stack}
    P3 = spawn_link(fun() -> erlang:error(oops) end),
    C = receive {'EXIT', P3, {R3, St}} -> {R3, is_list(St)} end,
    %% kill is untrappable for the target and arrives as killed
    P4 = spawn_link(fun() -> process_flag(trap_exit, true), receive _ -> ok end end),
    exit(P4, kill),
    D = receive {'EXIT', P4, R4} -> R4 end,
    %% a trapping process turns exit/2 into a message
    Self = self(),
    P5 = spawn(fun() -> process_flag(trap_exit, true), Self ! ready,
                        receive M -> Self ! {got, M} end end),
    receive ready -> ok end,
    exit(P5, please),
    E = receive {got, M5} -> M5 =:= {'EXIT', Self, please} end,
    %% exit(P, normal) does not kill a non-trapping process
    P6 = spawn(fun() -> receive stop -> ok end end),
    exit(P6, normal),
    F1 = is_process_alive(P6),
    P6 ! stop,
    %% chain: A linked to B linked to C; C dies, everyone non-trapping dies
    {P7, M7} = spawn_monitor(fun() -> chain(3) end),
    G = receive {'DOWN', M7, process, P7, R7} -> R7 end,
    %% monitors
    {P8, M8} = spawn_monitor(fun() -> exit(done) end),
    H = receive {'DOWN', M8, process, P8, R8} -> R8 end,
    M9 = erlang:monitor(process, P8),
    I = receive {'DOWN', M9, process, P8, R9} -> R9 end,
    M10 = erlang:monitor(process, no_such_registered_name),
    J = receive {'DOWN', M10, process, Who, R10} -> {Who, R10} end,
    P11 = spawn(fun() -> receive stop -> exit(stopped) end end),
    M11 = erlang:monitor(process, P11),
    K1 = erlang:demonitor(M11, [info]),
    K2 = erlang:demonitor(M11, [info]),
    P11 ! stop,
    K3 = receive {'DOWN', M11, _, _, _} -> got_down after 50 -> no_down end,
    P12 = spawn(fun() -> ok end),
    M12 = erlang:monitor(process, P12),
    receive after 30 -> ok end,
    K4 = erlang:demonitor(M12, [flush]),
    K5 = receive {'DOWN', M12, _, _, _} -> got_down after 0 -> flushed end,
    %% unlink: no exit signal afterwards
    P13 = spawn_link(fun() -> receive stop -> exit(bye) end end),
    true = unlink(P13),
    P13 ! stop,
    L = receive {'EXIT', P13, _} -> got_exit after 50 -> unlinked end,
    %% link to a dead process: noproc over the new link
    true = link(P12),
    N = receive {'EXIT', P12, R12} -> R12 after 100 -> none end,
    %% aliases
    Al = alias(),
    Al ! via_alias,
    O1 = receive via_alias -> ok after 0 -> missing end,
    true = unalias(Al),
    Al ! dropped,
    O2 = receive dropped -> wrong after 20 -> dropped end,
    %% monitor with {alias, demonitor}: replies reach the monitoring process
    Srv = spawn(fun() -> receive {ReplyTo, Q} -> ReplyTo ! {reply, Q} end end),
    MA = erlang:monitor(process, Srv, [{alias, demonitor}]),
    Srv ! {MA, question},
    O3 = receive {reply, Q3} -> Q3 end,
    O4 = receive {'DOWN', MA, process, Srv, R14} -> R14 end,
    {A, B, C, D, E, F1, G, H, I, J, [K1, K2, K3, K4, K5], L, N, O1, O2, O3, O4}.

chain(0) -> receive after 10 -> exit(chain_end) end;
chain(N) -> spawn_link(fun() -> chain(N - 1) end), receive after infinity -> ok end.
