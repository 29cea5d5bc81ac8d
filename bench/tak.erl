%% Benchmark: Takeuchi function tak(24,16,8) repeated (deep non-tail calls, comparisons).
-module(tak).
-export([start/0, run/1]).
%% checksum: 81511

-define(REPEAT, 120).

start() ->
    T0 = erlang:monotonic_time(microsecond),
    C = run(?REPEAT),
    T1 = erlang:monotonic_time(microsecond),
    {tak, T1 - T0, C}.

run(R) -> run(R, 0).
run(0, Acc) -> Acc;
run(R, Acc) -> run(R - 1, (Acc * 3 + tak(24, 16, 8 + R rem 2)) rem 1000003).

tak(X, Y, Z) when Y < X ->
    tak(tak(X - 1, Y, Z), tak(Y - 1, Z, X), tak(Z - 1, X, Y));
tak(_, _, Z) -> Z.
