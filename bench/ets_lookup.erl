%% Benchmark: one million lookups in a one-million-row ETS set table (the fill is not timed).
-module(ets_lookup).
-export([start/0, run/1]).
%% group: library
%% checksum: 500000500000

-define(N, 1000000).

start() ->
    T = ets:new(bench, [set, public]),
    fill(T, ?N),
    T0 = erlang:monotonic_time(microsecond),
    C = run(T, ?N),
    T1 = erlang:monotonic_time(microsecond),
    ets:delete(T),
    {ets_lookup, T1 - T0, C}.

%% Smaller runs for experiments: a table of N rows, N lookups.
run(N) ->
    T = ets:new(bench, [set, public]),
    fill(T, N),
    C = run(T, N),
    ets:delete(T),
    C.

key(I) -> (I * 7919) rem 1048573.

fill(_, 0) -> ok;
fill(T, I) ->
    ets:insert(T, {key(I), I, row}),
    fill(T, I - 1).

%% Look every row up by key; the checksum is the sum of the values found.
run(T, N) -> lookup(T, N, 0).

lookup(_, 0, Acc) -> Acc;
lookup(T, I, Acc) ->
    [{_, V, _}] = ets:lookup(T, key(I)),
    lookup(T, I - 1, Acc + V).
