%% Purpose: spawn, send and receive: ordering, selective receive, after 0/N/infinity, self-sends, registered names, send to dead pids.
-module(proc_messages).
-export([start/0]).
%% expect: {hello,[1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31,32,33,34,35,36,37,38,39,40,41,42,43,44,45,46,47,48,49,50],[got_second,first,third],timeout0,timeout20,via_name,true,'EXIT',normal,undefined,after_death,false,true}
%% smp_repeat: 5

start() ->
    Self = self(),
    P = spawn(fun() -> echo() end),
    P ! {Self, hello},
    A = receive {P, R} -> R end,
    [P ! {Self, N} || N <- lists_seq(1, 50)],
    B = collect(P, 50, []),
    %% selective receive: take the later message first
    self() ! first, self() ! second, self() ! third,
    C1 = receive second -> got_second end,
    C2 = receive X1 -> X1 end,
    C3 = receive X2 -> X2 end,
    D = receive nothing -> yes after 0 -> timeout0 end,
    E = receive nothing -> yes after 20 -> timeout20 end,
    true = register(echo_server, P),
    echo_server ! {Self, via_name},
    F = receive {P, V} -> V end,
    G = whereis(echo_server) =:= P,
    H = (catch no_such_name ! hi),
    %% Monitor first: a monitor set after the stop could find P gone already (noproc).
    Ref = erlang:monitor(process, P),
    P ! stop,
    I = receive {'DOWN', Ref, process, P, Why} -> Why end,
    J = whereis(echo_server),
    K = (P ! after_death),
    L = is_process_alive(P),
    %% a big message crosses intact
    Big = {lists_seq(1, 1000), <<"binary payload">>, #{a => 1, b => [x, y]}, 1 bsl 100, 2.5},
    Q = spawn(fun() -> receive {From, T} -> From ! {self(), T} end end),
    Q ! {Self, Big},
    M = receive {Q, Back} -> Back =:= Big end,
    {A, B, [C1, C2, C3], D, E, F, G, element(1, H), I, J, K, L, M}.

echo() ->
    receive
        stop -> ok;
        {From, Msg} -> From ! {self(), Msg}, echo()
    end.

collect(_, 0, Acc) -> lists:reverse(Acc);
collect(P, N, Acc) -> receive {P, V} -> collect(P, N - 1, [V | Acc]) end.

lists_seq(A, B) when A > B -> [];
lists_seq(A, B) -> [A | lists_seq(A + 1, B)].
