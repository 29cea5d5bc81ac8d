%% Benchmark: an ordered traversal (first/next) of a one-million-row ETS ordered_set, filled
%% in pseudo-random key order (the fill is not timed).
-module(ets_ordered).
-export([start/0, run/1]).
%% group: library
%% checksum: 1000000

-define(N, 1000000).

start() ->
    T = ets:new(bench, [ordered_set, public]),
    fill(T, ?N),
    T0 = erlang:monotonic_time(microsecond),
    C = walk(T),
    T1 = erlang:monotonic_time(microsecond),
    ets:delete(T),
    {ets_ordered, T1 - T0, C}.

run(N) ->
    T = ets:new(bench, [ordered_set, public]),
    fill(T, N),
    C = walk(T),
    ets:delete(T),
    C.

key(I) -> (I * 7919) rem 1048573.

fill(_, 0) -> ok;
fill(T, I) ->
    ets:insert(T, {key(I), I}),
    fill(T, I - 1).

%% Count the keys in order, checking each is greater than the one before.
walk(T) -> walk(T, ets:first(T), -1, 0).

walk(_, '$end_of_table', _, N) -> N;
walk(T, K, Prev, N) when K > Prev -> walk(T, ets:next(T, K), K, N + 1).
