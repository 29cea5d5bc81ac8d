%% Benchmark: insert one million rows into an ETS set table, one insert per row.
-module(ets_insert).
-export([start/0, run/1]).
%% group: library
%% checksum: 1000000

-define(N, 1000000).

start() ->
    T0 = erlang:monotonic_time(microsecond),
    C = run(?N),
    T1 = erlang:monotonic_time(microsecond),
    {ets_insert, T1 - T0, C}.

%% N rows {Key, I, Tag} with pseudo-random distinct keys; the checksum is the table size.
run(N) ->
    T = ets:new(bench, [set, public]),
    insert(T, N),
    Size = ets:info(T, size),
    ets:delete(T),
    Size.

key(I) -> (I * 7919) rem 1048573.

insert(_, 0) -> ok;
insert(T, I) ->
    ets:insert(T, {key(I), I, row}),
    insert(T, I - 1).
