%% Benchmark: selective receive — replies matched by fresh references while unrelated messages
%% wait in the queue (receive markers keep each wait from rescanning the backlog).
-module(selective).
-export([start/0, run/1]).
%% group: processes
%% checksum: 20000100000

-define(N, 200000).

start() ->
    T0 = erlang:monotonic_time(microsecond),
    C = run(?N),
    T1 = erlang:monotonic_time(microsecond),
    {selective, T1 - T0, C}.

run(N) ->
    Server = spawn(fun server/0),
    %% a backlog of 1000 unrelated messages stays queued throughout
    [self() ! {noise, I} || I <- seq(1, 1000)],
    C = calls(Server, N, 0),
    Server ! stop,
    C.

calls(_, 0, Acc) -> Acc;
calls(Server, N, Acc) ->
    Ref = make_ref(),
    Server ! {call, self(), Ref, N},
    receive {Ref, V} -> calls(Server, N - 1, Acc + V) end.

server() ->
    receive
        {call, From, Ref, N} -> From ! {Ref, N}, server();
        stop -> ok
    end.

seq(A, B) when A > B -> [];
seq(A, B) -> [A | seq(A + 1, B)].
