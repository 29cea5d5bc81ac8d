%% Benchmark: two processes bounce a message back and forth (send, receive, context switch).
-module(pingpong).
-export([start/0, run/1]).
%% group: processes
%% checksum: 300000

-define(N, 300000).

start() ->
    T0 = erlang:monotonic_time(microsecond),
    C = run(?N),
    T1 = erlang:monotonic_time(microsecond),
    {pingpong, T1 - T0, C}.

run(N) ->
    Pong = spawn(fun pong/0),
    C = ping(Pong, N, 0),
    Pong ! stop,
    C.

ping(_, 0, Acc) -> Acc;
ping(Pong, N, Acc) ->
    Pong ! {self(), N},
    receive {pong, _} -> ping(Pong, N - 1, Acc + 1) end.

pong() ->
    receive
        {From, N} -> From ! {pong, N}, pong();
        stop -> ok
    end.
