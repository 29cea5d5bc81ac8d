%% Benchmark: list-comprehension-heavy work: pythagorean triples up to N with three nested generators, plus filtered maps.
-module(lc).
-export([start/0, run/1]).
%% checksum: 536958380121

-define(N, 650).

start() ->
    T0 = erlang:monotonic_time(microsecond),
    C = run(?N),
    T1 = erlang:monotonic_time(microsecond),
    {lc, T1 - T0, C}.

run(N) ->
    Triples = [{A, B, C} || A <- seq(1, N), B <- seq(A, N), C <- seq(B, N),
                            A * A + B * B =:= C * C],
    Sums = [A + B + C || {A, B, C} <- Triples],
    Evens = [X * 2 || X <- seq(1, 100000), X rem 3 =/= 0],
    Pairs = [X * Y || X <- seq(1, 300), Y <- seq(1, 300), (X + Y) rem 7 =:= 0],
    length(Triples) * 1000000007 + sum(Sums, 0) + sum(Evens, 0) + sum(Pairs, 0).

seq(A, B) when A > B -> [];
seq(A, B) -> [A | seq(A + 1, B)].

sum([], Acc) -> Acc;
sum([H | T], Acc) -> sum(T, Acc + H).
