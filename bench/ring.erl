%% Benchmark: a ring of 10 000 processes passes a token around 30 times (the checksum counts its visits to the starting process) (spawn, send, wake-up).
-module(ring).
-export([start/0, run/2]).
%% group: processes
%% checksum: 31

-define(PROCS, 10000).
-define(LAPS, 30).

start() ->
    T0 = erlang:monotonic_time(microsecond),
    C = run(?PROCS, ?LAPS),
    T1 = erlang:monotonic_time(microsecond),
    {ring, T1 - T0, C}.

run(Procs, Laps) ->
    First = build(Procs - 1, self()),
    First ! {token, Procs * Laps},
    count(First, 0).

%% Each node forwards to the next; the last one was given the starting process.
build(0, Next) -> Next;
build(K, Next) -> build(K - 1, spawn(fun() -> relay(Next) end)).

relay(Next) ->
    receive
        {token, 0} = T -> Next ! T;
        {token, N} -> Next ! {token, N - 1}, relay(Next)
    end.

count(First, Hops) ->
    receive
        {token, 0} -> Hops + 1;
        {token, N} -> First ! {token, N - 1}, count(First, Hops + 1)
    end.
