%% Benchmark: a list pipeline through the `lists` module over 100 000 elements, 5 rounds:
%% seq, map, filter, foldl, reverse, sort, usort, zip, keysort/keyfind, member, append.
-module(lists_pipeline).
-export([start/0, run/1]).
%% needs: libs
%% checksum: 476743153

-define(N, 100000).
-define(ROUNDS, 5).

start() ->
    T0 = erlang:monotonic_time(microsecond),
    C = run(?ROUNDS),
    T1 = erlang:monotonic_time(microsecond),
    {lists_pipeline, T1 - T0, C}.

run(Rounds) -> rounds(Rounds, 0).

rounds(0, Acc) -> Acc;
rounds(R, Acc) -> rounds(R - 1, (Acc * 31 + one_round(R)) rem 1000000007).

one_round(R) ->
    Xs = lists:map(fun(I) -> (I * 7919 + R) rem 100003 end, lists:seq(1, ?N)),
    Odd = lists:filter(fun(X) -> X band 1 =:= 1 end, Xs),
    Sum = lists:foldl(fun(X, S) -> S + X end, 0, Odd),
    Rev = lists:reverse(Xs),
    Sorted = lists:sort(Rev),
    Unique = lists:usort(Xs),
    Pairs = lists:zip(Xs, Rev),
    Keyed = lists:keysort(1, lists:sublist(Pairs, 20000)),
    Found = length([K || K <- lists:seq(1, 2000), lists:keyfind(K, 1, Keyed) =/= false]),
    Small = lists:sublist(Unique, 500),
    Members = length([K || K <- lists:seq(1, 2000), lists:member(K, Small)]),
    Long = lists:append([Sorted, Odd, Unique]),
    Max = lists:max(Sorted) + lists:min(Sorted),
    Nth = lists:nth(50000, Sorted) + lists:last(Long),
    (Sum + length(Long) + length(Unique) + Found + Members + Max + Nth
        + hd(Sorted) + hd(Rev)) rem 1000000007.
