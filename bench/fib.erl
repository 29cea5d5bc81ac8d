%% Benchmark: naive doubly-recursive fib (body calls, small-int add, compare).
-module(fib).
-export([start/0, run/1]).
%% checksum: 52868670

-define(N, 32).
-define(REPEAT, 30).

start() ->
    T0 = erlang:monotonic_time(microsecond),
    C = run(?REPEAT),
    T1 = erlang:monotonic_time(microsecond),
    {fib, T1 - T0, C}.

%% fib(N) computed REPEAT times with N varying a little so no result can be reused
run(R) -> run(R, 0).
run(0, Acc) -> Acc;
run(R, Acc) -> run(R - 1, Acc + fib(?N - (R rem 2))).

fib(0) -> 0;
fib(1) -> 1;
fib(N) -> fib(N - 1) + fib(N - 2).
