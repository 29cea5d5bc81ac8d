%% Purpose: list comprehensions: mapping, filters (boolean and guard), pattern generators that skip non-matching elements.
-module(lc_basic).
-export([start/0]).
%% expect: {[1,4,9,16,25],[2,4,6,8,10],[15,20],[a,c],[1,3],[],[{a,1},{b,2}],[100,200,300]}

start() ->
    L = seq(1, 10),
    A = [X * X || X <- L, X =< 5],
    B = [X || X <- L, X rem 2 =:= 0],
    C = [X * 5 || X <- L, X > 2, X < 5],
    %% pattern in the generator filters out elements that don't match
    D = [K || {K, true} <- [{a, true}, {b, false}, {c, true}, notatuple]],
    E = [X || X <- [1, a, 3, "s", {}], is_integer(X)],
    F = [X || X <- [], X > 0],
    G = [{K, V} || {K, V} <- [{a, 1}, {b, 2}, {c}]],
    H = [X * 100 || [X] <- [[1], [2, 2], [2], [], [3]]],
    {A, B, C, D, E, F, G, H}.

seq(A, B) when A > B -> [];
seq(A, B) -> [A | seq(A + 1, B)].
