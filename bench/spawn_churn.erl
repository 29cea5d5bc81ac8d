%% Benchmark: spawn 100 000 short-lived processes, each replying once and exiting (spawn/exit cost).
-module(spawn_churn).
-export([start/0, run/1]).
%% group: processes
%% checksum: 5000050000

-define(N, 100000).

start() ->
    T0 = erlang:monotonic_time(microsecond),
    C = run(?N),
    T1 = erlang:monotonic_time(microsecond),
    {spawn_churn, T1 - T0, C}.

run(N) -> run(N, self(), 0).

%% Batches of 100 keep the number of live processes small.
run(0, _, Acc) -> Acc;
run(N, Parent, Acc) ->
    B = min(N, 100),
    [spawn(fun() -> Parent ! {done, K} end) || K <- seq(N - B + 1, N)],
    run(N - B, Parent, Acc + collect(B, 0)).

collect(0, Acc) -> Acc;
collect(B, Acc) -> receive {done, K} -> collect(B - 1, Acc + K) end.

seq(A, B) when A > B -> [];
seq(A, B) -> [A | seq(A + 1, B)].
